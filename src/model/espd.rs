//! What a bid's ESPD response declares, as the rules read it: the exclusion grounds with the
//! economic operator's yes/no, its general yearly turnover year by year, its credit ratings, and
//! which file it came from. `crate::espd` reads the document and makes this of it
//! (`espd::answers_of`); the bid carries it beside the workbook's answers (`Bid::espd`), and the
//! rules carry it over onto the requirements the definition maps to the ESPD
//! ([`EspdMapping`]). Plain data: amounts, ratings and dates are strings exactly as the file wrote
//! them.

use serde::{Deserialize, Serialize};

/// Which part of an ESPD response a requirement of the catalogue is answered by
/// (`espd = "exclusion"` in the definition; docs/espd.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EspdMapping {
    /// The exclusion grounds (a `yes_no` requirement): no ground applies ↔ the expected answer.
    Exclusion,
    /// General yearly turnover (a `min_amount` requirement).
    Turnover,
    /// The credit rating (a `min_class` requirement).
    Rating,
}

impl EspdMapping {
    pub fn as_str(self) -> &'static str {
        match self {
            EspdMapping::Exclusion => "exclusion",
            EspdMapping::Turnover => "turnover",
            EspdMapping::Rating => "rating",
        }
    }

    pub fn parse(text: &str) -> Option<EspdMapping> {
        match text.trim() {
            "exclusion" => Some(EspdMapping::Exclusion),
            "turnover" => Some(EspdMapping::Turnover),
            "rating" => Some(EspdMapping::Rating),
            _ => None,
        }
    }

    /// The rule kind a requirement answered this way has.
    pub fn rule_kind(self) -> &'static str {
        match self {
            EspdMapping::Exclusion => "yes_no",
            EspdMapping::Turnover => "min_amount",
            EspdMapping::Rating => "min_class",
        }
    }

    /// What it is, in Swedish, for people.
    pub fn label_sv(self) -> &'static str {
        match self {
            EspdMapping::Exclusion => "uteslutningsgrunderna",
            EspdMapping::Turnover => "allmän årsomsättning (gen-year-to)",
            EspdMapping::Rating => "kreditbetyg (finan-requ, Rating)",
        }
    }
}

/// An ESPD response paired with a bid: what the rules may carry over from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct EspdAnswers {
    /// The file name as given at import.
    pub file: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// The ESPD-EDM version the file declares.
    pub version: String,
    /// The economic operator's name as the ESPD gives it.
    pub name: Option<String>,
    /// Every exclusion ground of the file, in its order.
    pub exclusion: Vec<EspdGround>,
    /// Every amount of general yearly turnover (one per year), in the order of the file.
    pub turnover: Vec<EspdTurnover>,
    /// Every rating given for the rating criterion.
    pub rating: Vec<EspdRating>,
}

/// An exclusion ground and the operator's answer (true: the ground applies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct EspdGround {
    /// The criterion's UUID, lower case.
    pub criterion: String,
    /// Its type code in ESPD-EDM 3.x/4.x (`crime-org`), whichever version the file is.
    pub code: String,
    /// Its name in Swedish.
    pub name: String,
    pub answer: Option<bool>,
}

/// One year of general yearly turnover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct EspdTurnover {
    pub criterion: String,
    pub code: String,
    /// Exactly as written.
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

/// A credit rating and the scheme it is given in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct EspdRating {
    pub criterion: String,
    pub code: String,
    pub rating: Option<String>,
    pub scheme: Option<String>,
}

/// Where a carried-over answer came from, shown where a workbook answer shows its cell:
/// `ESPD gen-year-to`.
pub fn source(code: &str) -> String {
    format!("ESPD {code}")
}
