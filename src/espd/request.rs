//! An ESPD request (ESPD-EDM 4.1.0, UBL's `QualificationApplicationRequest`) for a procurement:
//! the buyer's questions, with the procurement's thresholds.
//!
//! [`request_xml`] is pure: the procurement and the issue date in (never the clock), the document
//! out, so the same procurement and date give the same bytes. It is written with quick-xml's
//! `Writer`: every text and every attribute value goes through its escaping, none is pasted into
//! markup. The structure follows the example request of the ESPD-EDM project
//! (`tests/fixtures/espd/v4.1.0/ESPD-Request.xml`): the header in the example's order, then one
//! `cac:TenderingCriterion` per criterion with the example's property groups and properties
//! (`taxonomy`, generated from the example), the procurement's values where the example has a
//! requirement. What is written and why: `docs/espd.md`, "Request".

use std::io;

use chrono::NaiveDate;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::taxonomy::CRITERIA;
use crate::model::error_code::ErrorCode;
use crate::model::procurement::Procurement;
use crate::model::requirement::Rule;

const NS_REQUEST: &str = "urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationRequest-2";
const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const NS_ESPD: &str = "urn:com:grow:espd:4.1.0";

/// The ESPD-EDM version written.
pub const REQUEST_VERSION: &str = "4.1.0";

/// The lot every criterion refers to: the ESPD-EDM's identifier for "the procurement as a whole"
/// (the definition's lots are professions of one agreement, and every criterion applies to all).
const LOT: &str = "LOT-0000";

/// Who issued the document's identifiers (`schemeAgencyID` of `cbc:ID` and `cbc:UUID`).
const AGENCY: &str = "Anbud";

/// The attributes of every identifier of the taxonomy (criteria, groups, properties, the lot).
const CRITERION_ID: [(&str, &str); 3] = [("schemeID", "Criterion"), ("schemeAgencyID", "OP"), ("schemeVersionID", "4.1.0")];

/// A request that cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// A text of the definition holds a character XML 1.0 cannot carry, escaped or not (a control
    /// character such as U+0001).
    #[error("{field} innehåller tecknet U+{code:04X}, som inte kan skrivas i XML; ändra texten i upphandlingens definition")]
    InvalidCharacter { field: &'static str, code: u32 },
}

impl RequestError {
    /// A stable code for machines: snake_case, never renamed.
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::InvalidCharacter { .. } => "invalid_character",
        }
    }

    /// The code in the core's vocabulary: the definition holds text that cannot be used.
    pub fn error_code(&self) -> ErrorCode {
        ErrorCode::DefinitionInvalid
    }
}

// --- The taxonomy's shape (the data is `taxonomy.rs`, generated from the example). ---

/// A criterion as the example request writes it.
pub(super) struct Criterion {
    pub uuid: &'static str,
    /// `cbc:CriterionTypeCode` (ESPD-EDM 3.x/4.x).
    pub code: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Whether the criterion names the lot it applies to (`cac:ProcurementProjectLotReference`);
    /// the selection criteria do, the exclusion grounds do not.
    pub lot_reference: bool,
    pub groups: &'static [Group],
}

/// A `cac:TenderingCriterionPropertyGroup` (or, nested, `cac:SubsidiaryTenderingCriterionPropertyGroup`).
pub(super) struct Group {
    pub id: &'static str,
    /// `cbc:PropertyGroupTypeCode`: ON*, ONTRUE, ONFALSE, or a branch's name ("Rating").
    pub type_code: &'static str,
    pub properties: &'static [Property],
    pub subgroups: &'static [Group],
}

/// A `cac:TenderingCriterionProperty`.
pub(super) struct Property {
    pub id: &'static str,
    /// `cbc:Description`; empty is written as an empty element, as the example does.
    pub description: &'static str,
    /// `cbc:TypeCode`: QUESTION, REQUIREMENT, CAPTION.
    pub type_code: &'static str,
    /// `cbc:ValueDataTypeCode`.
    pub value_type: &'static str,
    pub expected: Expected,
}

/// The value a requirement states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expected {
    /// None: a question, a caption, or a requirement whose value the procurement does not state
    /// (the example's sample values, e.g. a threshold of unpaid taxes, are not copied).
    None,
    /// `cbc:ExpectedID` naming the lot.
    Lot,
    /// `cbc:ExpectedCode` of the example (a form control: CHECKBOX_TRUE, RADIO_BUTTON_TRUE).
    Code(&'static str),
    /// Turnover: the number of fiscal years (`cbc:ExpectedValueNumeric`).
    FiscalYears,
    /// Turnover: the minimum amount (`cbc:MinimumAmount` with `currencyID`).
    MinimumAmount,
    /// Rating: the rating scheme (`cbc:ExpectedDescription`).
    RatingScheme,
    /// Rating: the minimum rating (`cbc:ExpectedValueNumeric`).
    MinimumRating,
}

pub(super) const fn g(
    id: &'static str,
    type_code: &'static str,
    properties: &'static [Property],
    subgroups: &'static [Group],
) -> Group {
    Group { id, type_code, properties, subgroups }
}

pub(super) const fn p(
    id: &'static str,
    description: &'static str,
    type_code: &'static str,
    value_type: &'static str,
    expected: Expected,
) -> Property {
    Property { id, description, type_code, value_type, expected }
}

// --- What the procurement asks. ---

/// The thresholds the request states, taken from the procurement's requirements by their kind
/// (never by a label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestedCriteria {
    /// General yearly turnover: the minimum in SEK, from the first requirement of kind
    /// `min_amount`; none when there is none.
    pub turnover_min_sek: Option<Decimal>,
    /// The rating scheme and minimum class, from the first requirement of kind `min_class`.
    pub rating: Option<(String, i64)>,
}

/// The fiscal years the turnover is asked for: the latest completed one (`min_amount` assesses
/// one period).
pub const TURNOVER_FISCAL_YEARS: u32 = 1;

/// What the procurement's requirements call for (see [`RequestedCriteria`]).
pub fn requested(p: &Procurement) -> RequestedCriteria {
    let turnover_min_sek = p.requirements.iter().find_map(|r| match &r.rule {
        Rule::MinAmount { min_amount, .. } => Some(*min_amount),
        _ => None,
    });
    let rating = p.requirements.iter().find_map(|r| match &r.rule {
        rule @ Rule::MinClass { min_class, .. } => rule.rating_scheme().map(|s| (s, *min_class)),
        _ => None,
    });
    RequestedCriteria { turnover_min_sek, rating }
}

/// The document's UUID, name-based: SHA-256 of a fixed namespace, the procurement's id and the
/// issue date, its first 16 bytes with the version set to 8 and the RFC 9562 variant (RFC 9562
/// §5.8 gives SHA-256 name-based UUIDs version 8). The same procurement and date give the same
/// UUID (and the same bytes); a request issued again on another day is another document
/// ("copies of this document should have different UUIDs", ESPD-EDM) with its own.
pub fn document_uuid(procurement_id: &str, issue_date: NaiveDate) -> String {
    let mut h = Sha256::new();
    h.update(b"anbud:espd-request:");
    h.update(procurement_id.as_bytes());
    h.update(b"\n");
    h.update(issue_date.format("%Y-%m-%d").to_string().as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// A text of the definition, checked: every character must be one XML 1.0 allows.
fn checked<'a>(field: &'static str, text: &'a str) -> Result<&'a str, RequestError> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    match text.chars().find(|&c| !allowed(c)) {
        Some(c) => Err(RequestError::InvalidCharacter { field, code: c as u32 }),
        None => Ok(text),
    }
}

/// The ESPD request (ESPD-EDM 4.1.0) for the procurement, issued on `issue_date`: every exclusion
/// ground of `KNOWN_CRITERIA` (LOU 13 kap. applies to every procurement), general yearly turnover
/// when a requirement is of kind `min_amount`, and the rating branch of "Other economic or
/// financial requirements" when one is of kind `min_class`.
pub fn request_xml(p: &Procurement, issue_date: NaiveDate) -> Result<String, RequestError> {
    let asked = requested(p);
    let id = checked("Upphandlingens id (diarienummer)", &p.id)?;
    let buyer = checked("Den samordnande regionens namn", &p.coordinator)?;
    let title = checked("Upphandlingens namn", &p.name)?;
    let scheme = match &asked.rating {
        Some((s, _)) => Some(checked("Kravet på kreditvärdighet (frågan om riskklass)", s)?),
        None => None,
    };
    let values = Values {
        min_amount: asked.turnover_min_sek.map(|d| d.normalize().to_string()),
        rating_scheme: scheme.map(str::to_string),
        min_rating: asked.rating.as_ref().map(|(_, m)| m.to_string()),
    };
    let bytes = write(id, buyer, title, issue_date, &asked, &values).expect("writing to memory does not fail");
    Ok(String::from_utf8(bytes).expect("the writer writes UTF-8"))
}

/// The procurement's values for the slots of the taxonomy, as written.
struct Values {
    min_amount: Option<String>,
    rating_scheme: Option<String>,
    min_rating: Option<String>,
}

type W = Writer<Vec<u8>>;

fn start(w: &mut W, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name).with_attributes(attrs.iter().copied())))
}

fn end(w: &mut W, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// One element with text (escaped), or empty when the text is.
fn leaf(w: &mut W, name: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
    let el = BytesStart::new(name).with_attributes(attrs.iter().copied());
    if text.is_empty() {
        w.write_event(Event::Empty(el))
    } else {
        w.write_event(Event::Start(el))?;
        w.write_event(Event::Text(BytesText::new(text)))?;
        w.write_event(Event::End(BytesEnd::new(name)))
    }
}

fn write(
    id: &str,
    buyer: &str,
    title: &str,
    issue_date: NaiveDate,
    asked: &RequestedCriteria,
    values: &Values,
) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let root = "QualificationApplicationRequest";
    start(&mut w, root, &[("xmlns", NS_REQUEST), ("xmlns:cac", NS_CAC), ("xmlns:cbc", NS_CBC), ("xmlns:espd", NS_ESPD)])?;
    leaf(&mut w, "cbc:UBLVersionID", &[("schemeAgencyID", "OASIS-UBL-TC")], "2.3")?;
    leaf(&mut w, "cbc:ProfileExecutionID", &[("schemeAgencyID", "OP"), ("schemeVersionID", "4.1.0")], "ESPD-EDMv4.1.0")?;
    let uuid = document_uuid(id, issue_date);
    leaf(&mut w, "cbc:ID", &[("schemeAgencyID", AGENCY)], &format!("ESPDREQ-{uuid}"))?;
    leaf(&mut w, "cbc:CopyIndicator", &[], "false")?;
    let uuid_attrs = [("schemeID", "ISO/IEC 9834-8:2008 - 4UUID"), ("schemeAgencyID", AGENCY), ("schemeVersionID", "4.1.0")];
    leaf(&mut w, "cbc:UUID", &uuid_attrs, &uuid)?;
    leaf(&mut w, "cbc:ContractFolderID", &[], id)?;
    leaf(&mut w, "cbc:IssueDate", &[], &issue_date.format("%Y-%m-%d").to_string())?;
    leaf(&mut w, "cbc:VersionID", &[("schemeAgencyID", "OP"), ("schemeVersionID", "4.1.0")], REQUEST_VERSION)?;
    // The buyer: the coordinating region, as the definition names it; every procurement of Anbud
    // is a Swedish one (LOU), so the country is Sweden.
    start(&mut w, "cac:ContractingParty", &[])?;
    start(&mut w, "cac:Party", &[])?;
    start(&mut w, "cac:PartyName", &[])?;
    leaf(&mut w, "cbc:Name", &[], buyer)?;
    end(&mut w, "cac:PartyName")?;
    start(&mut w, "cac:PostalAddress", &[])?;
    start(&mut w, "cac:Country", &[])?;
    let country_list = [
        ("listID", "http://publications.europa.eu/resource/authority/country"),
        ("listAgencyID", "OP"),
        ("listVersionID", "20250924-0"),
    ];
    leaf(&mut w, "cbc:IdentificationCode", &country_list, "SWE")?;
    end(&mut w, "cac:Country")?;
    end(&mut w, "cac:PostalAddress")?;
    end(&mut w, "cac:Party")?;
    end(&mut w, "cac:ContractingParty")?;
    start(&mut w, "cac:ProcurementProject", &[])?;
    leaf(&mut w, "cbc:Name", &[], title)?;
    end(&mut w, "cac:ProcurementProject")?;
    start(&mut w, "cac:ProcurementProjectLot", &[])?;
    leaf(&mut w, "cbc:ID", &CRITERION_ID, LOT)?;
    end(&mut w, "cac:ProcurementProjectLot")?;

    for c in CRITERIA {
        let wanted = match super::known(c.uuid).map(|k| k.family) {
            Some(super::Family::Exclusion) => true,
            Some(super::Family::Turnover) => asked.turnover_min_sek.is_some(),
            Some(super::Family::Rating) => asked.rating.is_some(),
            None => false,
        };
        if wanted {
            criterion(&mut w, c, values)?;
        }
    }
    end(&mut w, root)?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn criterion(w: &mut W, c: &Criterion, values: &Values) -> io::Result<()> {
    start(w, "cac:TenderingCriterion", &[])?;
    leaf(w, "cbc:ID", &CRITERION_ID, c.uuid)?;
    let code_list = [
        ("listID", "http://publications.europa.eu/resource/authority/criterion"),
        ("listAgencyID", "OP"),
        ("listVersionID", "20240612-0"),
    ];
    leaf(w, "cbc:CriterionTypeCode", &code_list, c.code)?;
    leaf(w, "cbc:Name", &[], c.name)?;
    leaf(w, "cbc:Description", &[], c.description)?;
    if c.lot_reference {
        start(w, "cac:ProcurementProjectLotReference", &[])?;
        leaf(w, "cbc:ID", &CRITERION_ID, LOT)?;
        end(w, "cac:ProcurementProjectLotReference")?;
    }
    for g in c.groups {
        group(w, "cac:TenderingCriterionPropertyGroup", g, values)?;
    }
    end(w, "cac:TenderingCriterion")
}

fn list(id: &'static str) -> [(&'static str, &'static str); 3] {
    [("listID", id), ("listAgencyID", "OP"), ("listVersionID", "4.1.0")]
}

fn group(w: &mut W, element: &str, g: &Group, values: &Values) -> io::Result<()> {
    start(w, element, &[])?;
    leaf(w, "cbc:ID", &CRITERION_ID, g.id)?;
    leaf(w, "cbc:PropertyGroupTypeCode", &list("property-group-type"), g.type_code)?;
    for p in g.properties {
        property(w, p, values)?;
    }
    for s in g.subgroups {
        group(w, "cac:SubsidiaryTenderingCriterionPropertyGroup", s, values)?;
    }
    end(w, element)
}

fn property(w: &mut W, p: &Property, values: &Values) -> io::Result<()> {
    start(w, "cac:TenderingCriterionProperty", &[])?;
    leaf(w, "cbc:ID", &CRITERION_ID, p.id)?;
    leaf(w, "cbc:Name", &[], "")?;
    leaf(w, "cbc:Description", &[], p.description)?;
    leaf(w, "cbc:TypeCode", &list("criterion-element-type"), p.type_code)?;
    leaf(w, "cbc:ValueDataTypeCode", &list("response-data-type"), p.value_type)?;
    match p.expected {
        Expected::None => {}
        Expected::Lot => leaf(w, "cbc:ExpectedID", &[("schemeAgencyID", "OP")], LOT)?,
        Expected::Code(code) => leaf(w, "cbc:ExpectedCode", &list("boolean-gui-control-type"), code)?,
        Expected::FiscalYears => leaf(w, "cbc:ExpectedValueNumeric", &[], &TURNOVER_FISCAL_YEARS.to_string())?,
        Expected::MinimumAmount => {
            if let Some(a) = &values.min_amount {
                leaf(w, "cbc:MinimumAmount", &[("currencyID", "SEK")], a)?;
            }
        }
        Expected::RatingScheme => {
            if let Some(s) = &values.rating_scheme {
                leaf(w, "cbc:ExpectedDescription", &[], s)?;
            }
        }
        Expected::MinimumRating => {
            if let Some(m) = &values.min_rating {
                leaf(w, "cbc:ExpectedValueNumeric", &[], m)?;
            }
        }
    }
    end(w, "cac:TenderingCriterionProperty")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::espd::{known, read, Family, KNOWN_CRITERIA};

    fn demo() -> Procurement {
        Procurement::from_toml(include_str!("../../assets/demo/upphandling.toml")).unwrap()
    }

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
    }

    #[test]
    fn the_taxonomy_is_the_table_s_criteria_with_their_codes() {
        for c in CRITERIA {
            let k = known(c.uuid).unwrap_or_else(|| panic!("{} is not in KNOWN_CRITERIA", c.uuid));
            assert_eq!(k.code_v4, c.code, "{}", c.uuid);
        }
        for k in KNOWN_CRITERIA.iter().filter(|k| k.family == Family::Exclusion) {
            assert!(CRITERIA.iter().any(|c| c.uuid == k.uuid), "exclusion ground {} has no structure", k.code_v4);
        }
        let slots: Vec<Expected> = all_properties().map(|p| p.expected).filter(|e| !matches!(e, Expected::None)).collect();
        for slot in [Expected::FiscalYears, Expected::MinimumAmount, Expected::RatingScheme, Expected::MinimumRating] {
            assert_eq!(slots.iter().filter(|&&s| s == slot).count(), 1, "{slot:?}");
        }
    }

    fn all_properties() -> impl Iterator<Item = &'static Property> {
        fn walk(g: &'static Group, out: &mut Vec<&'static Property>) {
            out.extend(g.properties);
            for s in g.subgroups {
                walk(s, out);
            }
        }
        let mut out = Vec::new();
        for c in CRITERIA {
            for g in c.groups {
                walk(g, &mut out);
            }
        }
        out.into_iter()
    }

    #[test]
    fn the_demo_asks_for_turnover_and_a_rating_by_requirement_kind() {
        let asked = requested(&demo());
        assert_eq!(asked.turnover_min_sek, Some(Decimal::new(5_000_000, 0)));
        assert_eq!(asked.rating, Some(("Riskklass (UC, 1–5); alternativt: Moderbolagsgaranti bifogas".to_string(), 3)));
    }

    #[test]
    fn a_rating_scheme_says_its_scale_once() {
        let rule = |class: &str, alt: Option<&str>| Rule::MinClass {
            provider_question: None,
            class_question: class.to_string(),
            date_question: "Datum".to_string(),
            alternative_question: alt.map(str::to_string),
            min_class: 3,
            scale_min: 1,
            scale_max: 5,
            max_age_months: 3,
        };
        assert_eq!(rule("Riskklass", None).rating_scheme().unwrap(), "Riskklass, skala 1–5");
        assert_eq!(rule(" Riskklass (UC, 1–5) ", Some(" ")).rating_scheme().unwrap(), "Riskklass (UC, 1–5)");
    }

    #[test]
    fn the_uuid_is_name_based_and_well_formed() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let u = document_uuid("DEMO-2026-001", day);
        assert_eq!(u, document_uuid("DEMO-2026-001", day));
        assert_ne!(u, document_uuid("DEMO-2026-002", day));
        assert_ne!(u, document_uuid("DEMO-2026-001", day.succ_opt().unwrap()), "issued again, another document");
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(u.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert!(parts[2].starts_with('8'), "version 8: {u}");
        assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "RFC 9562 variant: {u}");
    }

    #[test]
    fn without_turnover_and_rating_only_the_exclusion_grounds_are_asked() {
        let mut p = demo();
        p.requirements.retain(|r| !matches!(r.rule, Rule::MinAmount { .. } | Rule::MinClass { .. }));
        let doc = read(request_xml(&p, date()).unwrap().as_bytes()).unwrap();
        assert_eq!(doc.exclusion.len(), 24);
        assert!(doc.turnover.is_empty() && doc.rating.is_empty() && doc.not_understood.is_empty());
    }

    #[test]
    fn a_character_xml_cannot_carry_is_refused_naming_the_field() {
        let mut p = demo();
        p.name = "Bemanning\u{1}".to_string();
        let e = request_xml(&p, date()).unwrap_err();
        assert_eq!(e, RequestError::InvalidCharacter { field: "Upphandlingens namn", code: 1 });
        assert_eq!(e.code(), "invalid_character");
        assert!(e.to_string().contains("U+0001"), "{e}");
    }

    #[test]
    fn an_amount_with_decimals_is_written_exactly() {
        let mut p = demo();
        for r in &mut p.requirements {
            if let Rule::MinAmount { min_amount, .. } = &mut r.rule {
                *min_amount = Decimal::from_str_exact("4999999.990").unwrap();
            }
        }
        let xml = request_xml(&p, date()).unwrap();
        assert!(xml.contains(r#"<cbc:MinimumAmount currencyID="SEK">4999999.99</cbc:MinimumAmount>"#), "{xml}");
    }
}
