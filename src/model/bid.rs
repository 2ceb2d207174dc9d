//! A bid as read from a workbook: every answer with the cell it came from.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::orgnr::OrgNr;

/// Where a value was read: `Kvalificering!B7`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct CellRef {
    pub sheet: String,
    pub cell: String,
}

impl CellRef {
    pub fn new(sheet: &str, row: u32, col: u32) -> CellRef {
        CellRef { sheet: sheet.to_string(), cell: cell_name(row, col) }
    }
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}!{}", self.sheet, self.cell)
    }
}

/// A1-style name of a zero-based (row, column): (6, 1) → "B7".
pub fn cell_name(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push((b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// An answer's value, typed by the question it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum Value {
    Empty,
    YesNo(bool),
    Text(String),
    Integer(i64),
    Number(#[ts(type = "string")] Decimal),
    Date(#[ts(type = "string")] NaiveDate),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }
}

/// The answer to one question of the requirement catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Answer {
    /// The question's label as the catalogue states it.
    pub question: String,
    pub value: Value,
    /// The cell of the answer; `None` when the question's row is absent from the workbook.
    pub cell: Option<CellRef>,
    /// Where the answer came from when it is not a cell of the workbook: an ESPD criterion
    /// carried over by the rules (`ESPD gen-year-to`, `model::espd::source`). Never stored: the
    /// bid keeps the workbook's answers, and its ESPD in [`Bid::espd`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<String>,
}

/// One assignment delivered (Referensuppdrag).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Assignment {
    pub customer: String,
    pub profession: String,
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    #[ts(type = "string")]
    pub hours: Decimal,
    /// 1-based row in the sheet Referensuppdrag.
    pub row: u32,
}

/// A lot the bidder answered for (Anbudsområden).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LotOffer {
    pub code: String,
    pub offered: bool,
    pub zones: Vec<u8>,
    pub row: u32,
}

/// A price stated by the bidder (Priser).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct StatedPrice {
    pub lot: String,
    pub zone: u8,
    #[ts(type = "string")]
    pub price: Decimal,
    pub cell: CellRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Bid {
    /// The file name as given at import.
    pub file: String,
    #[ts(type = "string")]
    pub org_nr: OrgNr,
    pub name: String,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[ts(type = "string")]
    pub bid_date: NaiveDate,
    pub bid_date_cell: CellRef,
    pub answers: Vec<Answer>,
    pub assignments: Vec<Assignment>,
    pub lots: Vec<LotOffer>,
    pub prices: Vec<StatedPrice>,
    /// The ESPD response paired with the workbook (same organisation number), when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub espd: Option<crate::model::espd::EspdAnswers>,
}

impl Bid {
    /// The answer to a question by its catalogue label (matched as the importer matches labels).
    pub fn answer(&self, question: &str) -> Option<&Answer> {
        let key = normalize_label(question);
        self.answers.iter().find(|a| normalize_label(&a.question) == key)
    }

    pub fn value(&self, question: &str) -> &Value {
        static EMPTY: Value = Value::Empty;
        self.answer(question).map(|a| &a.value).unwrap_or(&EMPTY)
    }

    /// Where the answer was read: its cell (`Kvalificering!B7`), or the ESPD criterion it was
    /// carried over from (`ESPD gen-year-to`).
    pub fn cell_of(&self, question: &str) -> Option<String> {
        self.answer(question).and_then(|a| a.cell.as_ref().map(|c| c.to_string()).or_else(|| a.source.clone()))
    }
}

/// Labels and headers are matched after trimming white space, case-insensitively, with a
/// trailing ':' ignored; inner runs of white space count as one space, and the dashes a word
/// processor substitutes (– —) count as a hyphen.
pub fn normalize_label(text: &str) -> String {
    let t = text.trim();
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace(['\u{2013}', '\u{2014}', '\u{2212}'], "-")
}

/// The name of a file without the folder it was given in: `demo/anbud/01.xlsx` → `01.xlsx`.
/// Both `/` and `\` separate folders, so a path recorded on another system gives the same name.
/// The decision's data and record use this, never the path, so neither depends on where the
/// files were kept or from which folder the command was run.
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().filter(|n| !n.is_empty()).unwrap_or(path)
}

/// SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 1), "B7");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 701), "ZZ1");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn labels_match_loosely() {
        assert_eq!(normalize_label("  Riskklass (UC, 1–5): "), "riskklass (uc, 1-5)");
        assert_eq!(normalize_label("Riskklass (UC, 1-5)"), normalize_label("Riskklass (UC, 1–5)"));
        assert_eq!(normalize_label("ORGANISATIONSNUMMER:"), "organisationsnummer");
        assert_eq!(normalize_label("Levererade  timmar\u{a0}referensåret"), "levererade timmar referensåret");
    }
}
