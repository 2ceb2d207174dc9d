//! ESPD documents (the European Single Procurement Document, ESPD-EDM 2.x, 3.x and 4.x: UBL's
//! `QualificationApplicationRequest` and `QualificationApplicationResponse`), read: what kind of
//! document it is and which version, the economic operator, its answers to the exclusion grounds,
//! its turnover, its credit rating, and every criterion of the file that is none of these.
//!
//! [`read`] is pure: bytes in, an [`EspdDocument`] or an [`EspdError`] out, no I/O. A document
//! over [`MAX_BYTES`] is refused before it is parsed, one nested deeper than [`MAX_DEPTH`]
//! elements as soon as that depth is reached, and a DTD as soon as it is met (no entity is ever
//! expanded but XML's five predefined ones and character references). The XML is read in one
//! streaming pass; no tree of it is built (`xml`). Then every response is tied to its criterion
//! through the property it answers, and each criterion is read by its family, found by its UUID
//! alone (`criteria`, `interpret`). `docs/espd.md` says what is read and what is not.

mod carry;
mod criteria;
mod interpret;
mod report;
mod request;
mod taxonomy;
mod xml;

use serde::Serialize;

use crate::model::error_code::ErrorCode;
use crate::model::orgnr::OrgNr;

pub use carry::{answers_of, ground_name_sv, mapping_report, mapping_text, Carried, MappingReport, NotCarried};
pub use criteria::{known, Family, KnownCriterion, FINANCIAL_RATIO, GENERAL_YEARLY_TURNOVER, KNOWN_CRITERIA};
pub use report::text_report;
pub use request::{document_uuid, request_xml, requested, RequestError, RequestedCriteria, REQUEST_VERSION, TURNOVER_FISCAL_YEARS};

/// The largest document read: 32 MiB (the examples of the ESPD-EDM are 0.7–1.3 MB).
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// The deepest nesting of elements read (the examples nest at most 11 deep).
pub const MAX_DEPTH: usize = 256;

/// A request (the buyer's questions) or a response (the economic operator's answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Request,
    Response,
}

impl Kind {
    /// The Swedish name of the kind of document.
    pub fn label_sv(self) -> &'static str {
        match self {
            Kind::Request => "ESPD-begäran",
            Kind::Response => "ESPD-svar",
        }
    }
}

/// What was read of one ESPD document. Every criterion of the file is in exactly one of the
/// lists `exclusion`, `turnover`, `rating` and `not_understood` (a turnover criterion with several
/// years, or a rating criterion with several ratings, has one entry for each), in the order of
/// the file. Serialized, it is the JSON of `anbud espd read --json` (spec/espd.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EspdDocument {
    pub kind: Kind,
    /// The ESPD-EDM version the document declares, e.g. "4.1.0" or "2.1.1".
    pub version: String,
    /// The economic operator (`cac:EconomicOperatorParty`); none in a request.
    pub economic_operator: Option<EconomicOperator>,
    pub exclusion: Vec<Exclusion>,
    pub turnover: Vec<Turnover>,
    pub rating: Vec<Rating>,
    pub not_understood: Vec<NotUnderstood>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EconomicOperator {
    /// `cac:PartyName/cbc:Name`.
    pub name: Option<String>,
    /// Every `cac:PartyIdentification/cbc:ID`, in the order of the file.
    pub ids: Vec<PartyId>,
    /// The Swedish organisation number the first identifier that gives one gives
    /// ([`org_nr_from_identifier`]); serialized "NNNNNN-NNNN".
    pub org_nr: Option<OrgNr>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyId {
    pub id: String,
    /// The identifier's `schemeID`, else its `schemeAgencyID`.
    pub scheme: Option<String>,
}

/// An exclusion ground and the economic operator's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exclusion {
    /// The criterion's UUID, lower case.
    pub criterion: String,
    /// The criterion's type code as the file writes it.
    pub code: Option<String>,
    /// The operator's yes/no: true when the ground applies (it was convicted, is bankrupt, …);
    /// none when the file gives no indicator for it.
    pub answer: Option<bool>,
    /// The criterion's name as the file writes it (for the text report).
    #[serde(skip)]
    pub name: Option<String>,
}

/// One turnover amount: one year of a yearly turnover, or an average.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Turnover {
    pub criterion: String,
    pub code: Option<String>,
    /// The amount exactly as written (never through a float); none when not given.
    pub amount: Option<String>,
    /// Its `currencyID`.
    pub currency: Option<String>,
    /// The period's start and end (`cac:ApplicablePeriod`), as written.
    pub start: Option<String>,
    pub end: Option<String>,
    #[serde(skip)]
    pub name: Option<String>,
}

impl Turnover {
    /// The amount as an exact decimal, when it is one.
    pub fn amount_decimal(&self) -> Option<rust_decimal::Decimal> {
        self.amount.as_deref().and_then(|a| rust_decimal::Decimal::from_str_exact(a.trim()).ok())
    }
}

/// A credit rating: the rating the operator gives and the scheme it is given in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rating {
    pub criterion: String,
    pub code: Option<String>,
    /// The rating as written; none when not given.
    pub rating: Option<String>,
    /// The rating scheme, as the buyer's requirement writes it.
    pub scheme: Option<String>,
    #[serde(skip)]
    pub name: Option<String>,
}

/// A criterion of the file that is not read, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotUnderstood {
    pub criterion: String,
    pub code: Option<String>,
    /// Why, in Swedish.
    pub why: String,
    #[serde(skip)]
    pub name: Option<String>,
}

/// A document that is not read. The message is a predicate: the caller names the document before
/// it ("svar.xml innehåller en DTD …").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EspdError {
    #[error("är {} stor; en ESPD-fil får vara högst 32 MiB", mib(*bytes))]
    TooLarge { bytes: u64 },
    #[error("innehåller en DTD (entitetsdeklarationer), som inte läses")]
    Dtd,
    #[error("är inte välformad XML (rad {line}, kolumn {column}): {detail}")]
    Malformed { line: usize, column: usize, byte: u64, detail: String },
    #[error("har element nästlade djupare än {MAX_DEPTH} nivåer (rad {line}); så djupt nästlar ingen ESPD-fil")]
    TooDeep { line: usize },
    #[error("är kodad som {declared}; bara UTF-8 läses")]
    Encoding { declared: String },
    #[error(
        "är inte ett ESPD-dokument: rotelementet är <{root}>{}, inte QualificationApplicationRequest eller QualificationApplicationResponse i UBL:s namnrymd",
        namespace.as_ref().map(|n| format!(" i namnrymden {n}")).unwrap_or_default()
    )]
    NotEspd { root: String, namespace: Option<String> },
    #[error("är ESPD version {version}, som inte läses (versionerna 2.x, 3.x och 4.x läses)")]
    UnknownVersion { version: String },
    #[error("anger ingen ESPD-version (cbc:VersionID eller cbc:ProfileExecutionID)")]
    NoVersion,
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
}

impl EspdError {
    /// A stable code for machines (tests, scripts): snake_case, never renamed.
    pub fn code(&self) -> &'static str {
        match self {
            EspdError::TooLarge { .. } => "too_large",
            EspdError::Dtd => "dtd",
            EspdError::Malformed { .. } => "malformed_xml",
            EspdError::TooDeep { .. } => "too_deep",
            EspdError::Encoding { .. } => "encoding",
            EspdError::NotEspd { .. } => "not_espd",
            EspdError::UnknownVersion { .. } => "unknown_version",
            EspdError::NoVersion => "no_version",
        }
    }

    /// The code in the one vocabulary of the core (`ErrorCode`): a document that is not read is
    /// refused (the command line exits 1).
    pub fn error_code(&self) -> ErrorCode {
        ErrorCode::Refused
    }
}

/// Reads one ESPD document (request or response, ESPD-EDM 2.x, 3.x or 4.x).
pub fn read(bytes: &[u8]) -> Result<EspdDocument, EspdError> {
    if bytes.len() > MAX_BYTES {
        return Err(EspdError::TooLarge { bytes: bytes.len() as u64 });
    }
    let (kind, raw) = xml::scan(bytes)?;
    Ok(interpret::interpret(kind, raw))
}

/// The Swedish organisation number an identifier gives: a Swedish VAT number ("SE" + the ten
/// digits + "01", spaces allowed) or the ten digits themselves ("5560125790", "556012-5790"),
/// with a valid check digit either way.
pub fn org_nr_from_identifier(id: &str) -> Option<OrgNr> {
    let id = id.trim();
    let compact: String = id.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 14 && compact.is_ascii() && compact[..2].eq_ignore_ascii_case("SE") && compact.ends_with("01") {
        let digits = &compact[2..12];
        return if digits.bytes().all(|b| b.is_ascii_digit()) { OrgNr::parse(digits).ok() } else { None };
    }
    let digits_only = id.bytes().all(|b| b.is_ascii_digit());
    let hyphenated = id.len() == 11 && id.as_bytes()[6] == b'-' && id.bytes().filter(|b| b.is_ascii_digit()).count() == 10;
    if (id.len() == 10 && digits_only) || hyphenated {
        OrgNr::parse(id).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
