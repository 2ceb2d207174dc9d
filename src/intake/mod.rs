//! The bid workbook (anbudsformulär): its layout, the importer and the template writer.
//! The layout is a contract: ../shared/spec/bid-workbook.md. Import and template share the
//! names below, so they cannot drift apart.

pub mod import;
pub mod isolate;
pub mod limits;
pub mod template;

pub use import::{import_file, import_files, parse_workbook, CellError, ImportOutcome, Rejection, WorkbookReader};
pub use template::write_template;

pub const SHEET_BIDDER: &str = "Anbudsgivare";
pub const SHEET_QUALIFICATION: &str = "Kvalificering";
pub const SHEET_ASSIGNMENTS: &str = "Referensuppdrag";
pub const SHEET_LOTS: &str = "Anbudsområden";
pub const SHEET_PRICES: &str = "Priser";

pub const H_ITEM: &str = "Uppgift";
pub const H_ANSWER: &str = "Svar";
pub const H_QUESTION: &str = "Fråga";

pub const L_ORGNR: &str = "Organisationsnummer";
pub const L_NAME: &str = "Företagsnamn";
pub const L_CONTACT: &str = "Kontaktperson";
pub const L_EMAIL: &str = "E-post";
pub const L_PHONE: &str = "Telefon";
pub const L_DATE: &str = "Anbudsdatum";

pub const H_CUSTOMER: &str = "Beställare";
pub const H_PROFESSION: &str = "Yrkeskategori";
pub const H_FROM: &str = "Från";
pub const H_TO: &str = "Till";
pub const H_HOURS: &str = "Timmar";

pub const H_CODE: &str = "Kod";
pub const H_LOT: &str = "Anbudsområde";
pub const H_OFFERED: &str = "Lämnar anbud";
pub const H_ZONES: &str = "Zoner";

pub const H_ZONE: &str = "Zon";
pub const H_PRICE: &str = "Timpris (SEK)";
