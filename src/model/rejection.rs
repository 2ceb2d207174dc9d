//! A workbook not taken in, with every reason: each problem with its sheet and cell.

use serde::{Deserialize, Serialize};

use crate::model::bid::cell_name;

/// One problem in a workbook. `sheet`/`cell` are `None` where the problem is the file itself
/// (or a whole sheet, for `cell`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct CellError {
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub message: String,
}

impl CellError {
    pub fn file(message: impl Into<String>) -> CellError {
        CellError { sheet: None, cell: None, message: message.into() }
    }
    pub fn sheet(sheet: &str, message: impl Into<String>) -> CellError {
        CellError { sheet: Some(sheet.to_string()), cell: None, message: message.into() }
    }
    pub fn at(sheet: &str, row: u32, col: u32, message: impl Into<String>) -> CellError {
        CellError {
            sheet: Some(sheet.to_string()),
            cell: Some(cell_name(row, col)),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => write!(f, "{s}!{c}: {}", self.message),
            (Some(s), None) => write!(f, "{s}: {}", self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

/// A workbook that was not taken in, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Rejection {
    pub file: String,
    pub errors: Vec<CellError>,
    /// Who sent it, as far as the workbook tells (Anbudsgivare), so that a bidder whose bid was
    /// not evaluated is still named and notified of the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bidder: Option<BidderIdentity>,
    /// Why it was not taken in; `None` only in rejections stored before the kind was kept (see
    /// [`Rejection::kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<RejectionKind>,
    /// The file as received, where it could be read: kept in the store with the rejection, so
    /// what was received can be shown later. Not part of the rejection's data.
    #[serde(skip)]
    #[ts(skip)]
    pub received: Option<Box<ReceivedFile>>,
}

/// A file's bytes as received, with their SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceivedFile {
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// Why a workbook was not evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RejectionKind {
    /// It could not be read, or broke the workbook contract.
    Unreadable,
    /// A later bid from the same organisation number replaced it.
    Replaced,
    /// Another bid from the same organisation number has the same date.
    Ambiguous,
}

impl Rejection {
    /// Why it was not taken in. A rejection stored before the kind was kept is known by its
    /// message, which was then the only record of it.
    pub fn kind(&self) -> RejectionKind {
        if let Some(k) = self.kind {
            return k;
        }
        match self.errors.as_slice() {
            [e] if e.sheet.is_none() && e.message.starts_with("Ersatt") => RejectionKind::Replaced,
            [e] if e.sheet.is_none() && e.message.starts_with("Tvetydigt") => RejectionKind::Ambiguous,
            _ => RejectionKind::Unreadable,
        }
    }
}

/// A bidder as named in a workbook that was not evaluated: the company name as written and the
/// organisation number when it is a valid one (NNNNNN-NNNN).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct BidderIdentity {
    pub name: String,
    pub org_nr: Option<String>,
}
