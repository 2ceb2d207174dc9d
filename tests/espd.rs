//! ESPD documents read: the four examples published by the ESPD-EDM project (tests/fixtures/espd,
//! EUPL-1.2) give exactly what they state, the same criteria are found by UUID in 2.1.1 and 4.1.0,
//! `anbud espd read` prints the JSON of spec/espd.md, and hostile documents are refused with the
//! right error. The expected values below were read from the files by hand.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anbud::espd::{self, EspdDocument, EspdError, Kind, GENERAL_YEARLY_TURNOVER, KNOWN_CRITERIA};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/espd").join(name)
}

const RESPONSE_4: &str = "v4.1.0/ESPD-Response.xml";
const REQUEST_4: &str = "v4.1.0/ESPD-Request.xml";
const BASIC_2: &str = "v2.1.1/BASIC-ESPDResponse-2.1.1.xml";
const EXTENDED_2: &str = "v2.1.1/EXTENDED-ESPDResponse-2.1.1.xml";

fn read(name: &str) -> EspdDocument {
    let bytes = std::fs::read(fixture(name)).unwrap();
    espd::read(&bytes).unwrap_or_else(|e| panic!("{name} {e}"))
}

/// Every (criterion, code) the document lists, in any of its four lists.
fn listed(doc: &EspdDocument) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    out.extend(doc.exclusion.iter().map(|e| (e.criterion.clone(), e.code.clone())));
    out.extend(doc.turnover.iter().map(|e| (e.criterion.clone(), e.code.clone())));
    out.extend(doc.rating.iter().map(|e| (e.criterion.clone(), e.code.clone())));
    out.extend(doc.not_understood.iter().map(|e| (e.criterion.clone(), e.code.clone())));
    out
}

fn anbud(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_anbud")).args(args).env("ANBUD_DB", "/nonexistent/should-not-be-used").output().unwrap()
}

#[test]
fn every_fixture_is_read_and_every_criterion_is_listed_once() {
    // (file, kind, version, criteria in the file (+ one entry for its sub-criteria))
    let expected = [
        (RESPONSE_4, Kind::Response, "4.1.0", 62),
        (REQUEST_4, Kind::Request, "4.1.0", 62),
        (BASIC_2, Kind::Response, "2.1.1", 65),
        (EXTENDED_2, Kind::Response, "2.1.1", 67 + 1),
    ];
    for (name, kind, version, criteria) in expected {
        let doc = read(name);
        assert_eq!((doc.kind, doc.version.as_str()), (kind, version), "{name}");
        assert_eq!(listed(&doc).len(), criteria, "{name}");
        assert_eq!(doc.exclusion.len(), 24, "{name}");
        assert!(listed(&doc).iter().all(|(c, _)| c == &c.to_lowercase()), "{name}: UUIDs in lower case");
    }
}

#[test]
fn the_4_1_0_response_gives_what_the_file_states() {
    let doc = read(RESPONSE_4);
    assert_eq!(doc.kind, Kind::Response);
    assert_eq!(doc.version, "4.1.0");

    let eo = doc.economic_operator.as_ref().unwrap();
    assert_eq!(eo.name.as_deref(), Some("__Procurer Official Name__"));
    let ids: Vec<(&str, Option<&str>)> = eo.ids.iter().map(|i| (i.id.as_str(), i.scheme.as_deref())).collect();
    assert_eq!(ids, vec![("AD123456789", Some("OP"))]);
    assert_eq!(eo.org_nr, None, "AD123456789 is no Swedish organisation number");

    // The operator answered "Your answer" true to 22 grounds; tax-pay and socsec-pay hold only
    // "Is this information available electronically?" (true), which is not the answer.
    let answers: Vec<(&str, &str, Option<bool>)> =
        doc.exclusion.iter().map(|e| (e.criterion.as_str(), e.code.as_deref().unwrap(), e.answer)).collect();
    let expected: Vec<(&str, &str, Option<bool>)> = KNOWN_CRITERIA
        .iter()
        .filter(|k| k.family == espd::Family::Exclusion)
        .map(|k| (k.uuid, k.code_v4, if matches!(k.code_v4, "tax-pay" | "socsec-pay") { None } else { Some(true) }))
        .collect();
    assert_eq!(answers, expected);
    assert_eq!(answers[0], ("005eb9ed-1347-4ca3-bb29-9bc0db64e1ab", "crime-org", Some(true)));

    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);
    let turnover: Vec<Row> = doc
        .turnover
        .iter()
        .map(|t| {
            (
                t.criterion.as_str(),
                t.code.as_deref().unwrap(),
                t.amount.as_deref().unwrap(),
                t.currency.as_deref().unwrap(),
                t.start.as_deref(),
                t.end.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        turnover,
        vec![
            (GENERAL_YEARLY_TURNOVER, "gen-year-to", "1000000000", "EUR", Some("2017-01-01"), Some("2017-12-12")),
            ("b16cb9fc-6cb7-4585-9302-9533b415cf48", "aver-year-to", "1000000000", "EUR", None, None),
            ("d3dfb714-f558-4512-bbc5-e456fa2339de", "spec-aver-to", "1000000000", "EUR", Some("2017-01-01"), Some("2017-12-12")),
            ("074f6031-55f9-4e99-b9a4-c4363e8bc315", "spec-year-to", "1000000000", "EUR", Some("2017-01-01"), Some("2017-12-12")),
        ]
    );
    assert_eq!(doc.turnover[0].amount_decimal(), Some(rust_decimal::Decimal::new(1_000_000_000, 0)));

    // "Other economic or financial requirements", its Rating branch: 0.75 on the scheme
    // "n/10, where n&lt;=10".
    assert_eq!(doc.rating.len(), 1);
    let r = &doc.rating[0];
    assert_eq!(
        (r.criterion.as_str(), r.code.as_deref(), r.rating.as_deref(), r.scheme.as_deref()),
        ("ab0e7f2e-6418-40e2-8870-6713123e41ad", Some("finan-requ"), Some("0.75"), Some("n/10, where n<=10"))
    );

    // 62 criteria: 24 + 4 + 1 read, the other 33 not.
    assert_eq!(doc.not_understood.len(), 33);
    let ratio = doc.not_understood.iter().find(|n| n.code.as_deref() == Some("finan-rat")).unwrap();
    assert_eq!(ratio.criterion, espd::FINANCIAL_RATIO);
    assert!(ratio.why.contains("nyckeltal"), "{}", ratio.why);
    assert!(doc.not_understood.iter().any(|n| n.criterion == "c65_ot_sme" && n.code.as_deref() == Some("sme")));
}

#[test]
fn the_2_1_1_responses_map_the_same_criteria_by_uuid() {
    let v4 = read(RESPONSE_4);
    let uuids = |doc: &EspdDocument| -> Vec<String> {
        doc.exclusion.iter().map(|e| e.criterion.clone()).chain(doc.turnover.iter().map(|t| t.criterion.clone())).collect()
    };
    for name in [BASIC_2, EXTENDED_2] {
        let doc = read(name);
        assert_eq!(uuids(&doc), uuids(&v4), "{name}: the same exclusion grounds and turnovers, in the same order");
        // Each with its 2.x code.
        for (criterion, code) in listed(&doc) {
            if let Some(k) = espd::known(&criterion) {
                assert_eq!(code.as_deref(), Some(k.code_v2), "{name} {criterion}");
            }
        }
        // Every ground answered "true" in both examples.
        assert!(doc.exclusion.iter().all(|e| e.answer == Some(true)), "{name}");
        let general = doc.turnover.iter().find(|t| t.criterion == GENERAL_YEARLY_TURNOVER).unwrap();
        assert_eq!(general.code.as_deref(), Some("CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.TURNOVER.GENERAL_YEARLY"));
        assert_eq!(
            (general.amount.as_deref(), general.currency.as_deref(), general.start.as_deref(), general.end.as_deref()),
            (Some("10000000"), Some("EUR"), Some("2017-01-01"), Some("2017-12-12")),
            "{name}"
        );
    }

    let basic = read(BASIC_2);
    let eo = basic.economic_operator.as_ref().unwrap();
    assert_eq!(eo.name.as_deref(), Some("__EoName"));
    assert_eq!((eo.ids[0].id.as_str(), eo.ids[0].scheme.as_deref()), ("DE153301871", Some("EU-COM-GROW")));
    // Basic (2.x "regulated") asks the averages as a number of years, without a period.
    let periods: Vec<(&str, Option<&str>)> =
        basic.turnover.iter().map(|t| (t.amount.as_deref().unwrap(), t.start.as_deref())).collect();
    assert_eq!(
        periods,
        vec![("10000000", Some("2017-01-01")), ("10000000", None), ("10000000", None), ("10000000", Some("2017-01-01"))]
    );
    // Its "other economic or financial requirements" is free text only: no rating asked.
    assert!(basic.rating.is_empty());
    assert!(basic.not_understood.iter().any(|n| n.criterion == "ab0e7f2e-6418-40e2-8870-6713123e41ad"));

    let extended = read(EXTENDED_2);
    assert_eq!(extended.economic_operator.as_ref().unwrap().name.as_deref(), Some("__ProcurerName"));
    assert_eq!(extended.rating.len(), 1);
    assert_eq!(
        (extended.rating[0].code.as_deref(), extended.rating[0].rating.as_deref(), extended.rating[0].scheme.as_deref()),
        (Some("CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.OTHER_REQUIREMENTS"), Some("10"), Some("n/10, where n<=10"))
    );
    // Its national sub-criteria, one UUID under 54 criteria, are named once.
    let subs: Vec<_> = extended.not_understood.iter().filter(|n| n.criterion == "e6b21867-95b5-4549-8180-f4673219b179").collect();
    assert_eq!(subs.len(), 1);
    assert!(subs[0].why.contains("54"), "{}", subs[0].why);
}

#[test]
fn the_4_1_0_request_is_a_request() {
    let doc = read(REQUEST_4);
    assert_eq!(doc.kind, Kind::Request);
    assert_eq!(doc.economic_operator, None);
    assert!(doc.exclusion.iter().all(|e| e.answer.is_none()));
    assert!(doc.turnover.iter().all(|t| t.amount.is_none() && t.start.is_none()));
    assert_eq!(doc.turnover.len(), 4);
    // The buyer's rating scheme is there, the rating is not.
    assert_eq!(doc.rating.len(), 1);
    assert_eq!((doc.rating[0].rating.as_deref(), doc.rating[0].scheme.as_deref()), (None, Some("n/10, where n<=10")));
}

/// Where the table of criteria comes from: the 4.1.0 request lists every criterion with its 4.x
/// code, the two 2.1.1 files with its 2.x code.
#[test]
fn the_table_is_what_the_fixtures_say() {
    let request: HashSet<_> = listed(&read(REQUEST_4)).into_iter().collect();
    let basic: HashSet<_> = listed(&read(BASIC_2)).into_iter().collect();
    let extended: HashSet<_> = listed(&read(EXTENDED_2)).into_iter().collect();
    for k in KNOWN_CRITERIA {
        assert!(request.contains(&(k.uuid.to_string(), Some(k.code_v4.to_string()))), "{} {} in 4.1.0", k.uuid, k.code_v4);
        for (name, set) in [("basic", &basic), ("extended", &extended)] {
            assert!(set.contains(&(k.uuid.to_string(), Some(k.code_v2.to_string()))), "{} {} in 2.1.1 {name}", k.uuid, k.code_v2);
        }
    }
}

#[test]
fn the_command_prints_the_json_of_the_spec() {
    let out = anbud(&["espd", "read", fixture(RESPONSE_4).to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&v), ["kind", "version", "economic_operator", "exclusion", "turnover", "rating", "not_understood"]);
    assert_eq!(v["kind"], "response");
    assert_eq!(v["version"], "4.1.0");
    assert_eq!(keys(&v["economic_operator"]), ["name", "ids", "org_nr"]);
    assert_eq!(v["economic_operator"]["org_nr"], serde_json::Value::Null);
    assert_eq!(keys(&v["economic_operator"]["ids"][0]), ["id", "scheme"]);
    assert_eq!(v["economic_operator"]["ids"][0]["scheme"], "OP");
    assert_eq!(keys(&v["exclusion"][0]), ["criterion", "code", "answer"]);
    assert_eq!(v["exclusion"][0]["answer"], true);
    let tax = v["exclusion"].as_array().unwrap().iter().find(|e| e["code"] == "tax-pay").unwrap();
    assert_eq!(tax["answer"], serde_json::Value::Null);
    assert_eq!(keys(&v["turnover"][0]), ["criterion", "code", "amount", "currency", "start", "end"]);
    assert_eq!(v["turnover"][0]["criterion"], GENERAL_YEARLY_TURNOVER);
    assert_eq!(v["turnover"][0]["amount"], "1000000000", "an amount is a string, as written");
    assert_eq!(v["turnover"][0]["start"], "2017-01-01");
    assert_eq!(keys(&v["rating"][0]), ["criterion", "code", "rating", "scheme"]);
    assert_eq!(v["rating"][0]["rating"], "0.75");
    assert_eq!(keys(&v["not_understood"][0]), ["criterion", "code", "why"]);
    // The JSON is the library's document, serialized.
    assert_eq!(v, serde_json::to_value(read(RESPONSE_4)).unwrap());

    // A Swedish organisation number, when an identifier gives one.
    let dir = tempfile::tempdir().unwrap();
    let swedish = dir.path().join("svar.xml");
    let text = std::fs::read_to_string(fixture(RESPONSE_4)).unwrap();
    std::fs::write(&swedish, text.replace(">AD123456789<", ">SE556012579001<")).unwrap();
    let out = anbud(&["espd", "read", swedish.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["economic_operator"]["org_nr"], "556012-5790");
}

#[test]
fn the_command_prints_a_readable_report() {
    let out = anbud(&["espd", "read", fixture(RESPONSE_4).to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "ESPD-svar, ESPD-EDM version 4.1.0",
        "Ekonomisk aktör: __Procurer Official Name__",
        "  Identitet: AD123456789 (OP)",
        "  Svarat ja (grunden föreligger): 22",
        "    crime-org (Participation in a criminal organisation)",
        "  Utan svar i filen: 2",
        "  gen-year-to (General yearly turnover): 1000000000 EUR, 2017-01-01 – 2017-12-12",
        "  finan-requ (Other economic or financial requirements): 0.75 enligt skalan \"n/10, where n<=10\"",
        "Inte förstått (33)",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
    }
    let out = anbud(&["espd", "read", fixture(REQUEST_4).to_str().unwrap()]);
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("ESPD-begäran, ESPD-EDM version 4.1.0\n"));
}

// ---- hostile documents ----

/// The 4.1.0 response's header, then `body`, then its end.
fn espd_with(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<QualificationApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:VersionID>4.1.0</cbc:VersionID>
{body}
</QualificationApplicationResponse>"#
    )
}

#[test]
fn malformed_xml_is_refused_naming_its_place() {
    let xml = espd_with("<cbc:Note>a</cbc:Nota>");
    let e = espd::read(xml.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "malformed_xml");
    match &e {
        EspdError::Malformed { line, byte, .. } => {
            assert_eq!(*line, 4);
            assert!(*byte > 0);
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().starts_with("är inte välformad XML (rad 4, "), "{e}");
    // Cut off in the middle of the 4.1.0 response.
    let full = std::fs::read(fixture(RESPONSE_4)).unwrap();
    assert_eq!(espd::read(&full[..full.len() / 2]).unwrap_err().code(), "malformed_xml");
}

#[test]
fn a_document_nested_100_000_deep_is_refused() {
    let n = 100_000;
    let xml = espd_with(&format!("{}{}", "<cbc:Note>".repeat(n), "</cbc:Note>".repeat(n)));
    let e = espd::read(xml.as_bytes()).unwrap_err();
    assert_eq!(e, EspdError::TooDeep { line: 4 });
    assert_eq!(e.code(), "too_deep");
}

#[test]
fn a_document_over_32_mib_is_refused_by_its_size() {
    // The library: a slice over the limit, refused before parsing.
    let big = vec![b' '; espd::MAX_BYTES + 1];
    assert_eq!(espd::read(&big).unwrap_err(), EspdError::TooLarge { bytes: espd::MAX_BYTES as u64 + 1 });

    // The command: a 200 MB file, refused from its size (exit 1, one line).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stor.xml");
    let mut file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut file, espd_with("").as_bytes()).unwrap();
    file.set_len(200 * 1000 * 1000).unwrap();
    drop(file);
    let out = anbud(&["espd", "read", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("anbud: ") && stderr.contains("stor.xml är 190,7 MiB stor; en ESPD-fil får vara högst 32 MiB"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn billion_laughs_is_refused_without_expanding() {
    let mut entities = String::from("<!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let prev = format!("&lol{};", i - 1).repeat(10);
        entities.push_str(&format!("<!ENTITY lol{i} \"{prev}\">\n"));
    }
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE QualificationApplicationResponse [\n{entities}]>\n{}",
        espd_with("<cbc:Note>&lol9;</cbc:Note>").split_once('\n').unwrap().1
    );
    assert_eq!(espd::read(xml.as_bytes()).unwrap_err(), EspdError::Dtd);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lol.xml");
    std::fs::write(&path, &xml).unwrap();
    let out = anbud(&["espd", "read", path.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.trim_end(), format!("anbud: {} innehåller en DTD (entitetsdeklarationer), som inte läses", path.display()));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_xml_that_is_not_espd_is_refused() {
    let xml =
        "<?xml version=\"1.0\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID>1</ID></Invoice>";
    let e = espd::read(xml.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "not_espd");
    assert!(e.to_string().starts_with("är inte ett ESPD-dokument"), "{e}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("faktura.xml");
    std::fs::write(&path, xml).unwrap();
    let out = anbud(&["espd", "read", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.contains("faktura.xml är inte ett ESPD-dokument"), "{stderr}");
}

#[test]
fn an_unknown_version_is_refused_naming_it() {
    let text = std::fs::read_to_string(fixture(RESPONSE_4)).unwrap();
    let v9 = text.replace(">4.1.0</cbc:VersionID>", ">9.0.0</cbc:VersionID>").replace(">ESPD-EDMv4.1.0<", ">ESPD-EDMv9.0.0<");
    let e = espd::read(v9.as_bytes()).unwrap_err();
    assert_eq!(e, EspdError::UnknownVersion { version: "9.0.0".into() });

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.xml");
    std::fs::write(&path, &v9).unwrap();
    let out = anbud(&["espd", "read", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("v9.xml är ESPD version 9.0.0, som inte läses"), "{stderr}");
}

#[test]
fn a_file_that_cannot_be_read_is_an_unusable_argument() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("finns-inte.xml");
    let out = anbud(&["espd", "read", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("finns inte"));
    let out = anbud(&["espd", "read", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

// --- The request written for a procurement (`espd::request_xml`, `anbud espd request`). ---

const DEMO: &str = "assets/demo/upphandling.toml";

fn demo() -> anbud::model::procurement::Procurement {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO)).unwrap();
    anbud::model::procurement::Procurement::from_toml(&text).unwrap()
}

fn issue_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
}

/// One value a requirement states: the criterion's UUID, the property's id, the element (local
/// name), its `currencyID` and its text.
#[derive(Debug, Clone, PartialEq)]
struct Stated {
    criterion: String,
    property: String,
    element: String,
    currency: Option<String>,
    text: String,
}

/// Every value stated inside a `cac:TenderingCriterionProperty` after its type codes
/// (`cbc:Expected…`, `cbc:MinimumAmount`), parsed with quick-xml's namespace-aware reader.
fn stated_values(xml: &[u8]) -> Vec<Stated> {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    let mut reader = quick_xml::reader::NsReader::from_reader(xml);
    let mut stack: Vec<(bool, String)> = Vec::new(); // (is cac, local name)
    let (mut criterion, mut property) = (String::new(), String::new());
    let mut open: Option<Stated> = None;
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_resolved_event_into(&mut buf).unwrap() {
            (ns, Event::Start(e)) => {
                let local = e.local_name().as_ref().to_string();
                let cbc = matches!(ns, ResolveResult::Bound(n) if n.0 == CBC);
                let cac = matches!(ns, ResolveResult::Bound(n) if n.0 == CAC);
                let parent = stack.last().map(|(c, l)| (*c, l.as_str()));
                if cbc && (local.starts_with("Expected") || local == "MinimumAmount") {
                    assert_eq!(parent, Some((true, "TenderingCriterionProperty")), "{local} outside a property");
                    let currency = e
                        .attributes()
                        .map(Result::unwrap)
                        .find(|a| a.key.0 == "currencyID")
                        .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned());
                    let (criterion, property) = (criterion.clone(), property.clone());
                    open = Some(Stated { criterion, property, element: local.clone(), currency, text: String::new() });
                } else if cbc && local == "ID" && parent == Some((true, "TenderingCriterion")) {
                    criterion = String::new();
                    open = Some(Stated {
                        criterion: "#criterion".into(),
                        property: String::new(),
                        element: local.clone(),
                        currency: None,
                        text: String::new(),
                    });
                } else if cbc && local == "ID" && parent == Some((true, "TenderingCriterionProperty")) {
                    open = Some(Stated {
                        criterion: "#property".into(),
                        property: String::new(),
                        element: local.clone(),
                        currency: None,
                        text: String::new(),
                    });
                }
                stack.push((cac, local));
            }
            (_, Event::Text(t)) => {
                if let Some(s) = open.as_mut() {
                    s.text.push_str(&t.xml10_content());
                }
            }
            (_, Event::GeneralRef(r)) => {
                if let Some(s) = open.as_mut() {
                    s.text.push_str(predefined(&r));
                }
            }
            (_, Event::End(_)) => {
                stack.pop();
                if let Some(s) = open.take() {
                    match s.criterion.as_str() {
                        "#criterion" => criterion = s.text.trim().to_string(),
                        "#property" => property = s.text.trim().to_string(),
                        _ => out.push(s),
                    }
                }
            }
            (_, Event::Eof) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// The text of one of XML's five predefined entities (the request writes no other reference).
fn predefined(r: &quick_xml::events::BytesRef<'_>) -> &'static str {
    match &**r {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        other => panic!("entity &{other};"),
    }
}

#[test]
fn the_request_for_the_demo_is_read_back_with_every_criterion_it_asks() {
    let xml = espd::request_xml(&demo(), issue_date()).unwrap();
    let doc = espd::read(xml.as_bytes()).unwrap();
    assert_eq!(doc.kind, Kind::Request);
    assert_eq!(doc.version, "4.1.0");
    assert!(doc.economic_operator.is_none());
    let grounds: Vec<&str> = KNOWN_CRITERIA.iter().filter(|k| k.family == espd::Family::Exclusion).map(|k| k.uuid).collect();
    assert_eq!(doc.exclusion.iter().map(|e| e.criterion.as_str()).collect::<Vec<_>>(), grounds, "every ground, in the table's order");
    assert!(doc.exclusion.iter().all(|e| e.answer.is_none()), "a request answers nothing");
    assert_eq!(doc.turnover.len(), 1);
    assert_eq!(doc.turnover[0].criterion, GENERAL_YEARLY_TURNOVER);
    assert_eq!(doc.turnover[0].code.as_deref(), Some("gen-year-to"));
    assert_eq!(doc.turnover[0].amount, None);
    assert_eq!(doc.rating.len(), 1);
    assert_eq!(doc.rating[0].criterion, "ab0e7f2e-6418-40e2-8870-6713123e41ad");
    assert_eq!(doc.rating[0].code.as_deref(), Some("finan-requ"));
    assert_eq!(doc.rating[0].scheme.as_deref(), Some("Riskklass (UC, 1–5); alternativt: Moderbolagsgaranti bifogas"));
    assert_eq!(doc.rating[0].rating, None);
    assert!(doc.not_understood.is_empty(), "{:?}", doc.not_understood);
}

#[test]
fn the_thresholds_are_stated_where_the_example_states_a_requirement_s_value() {
    let ours = stated_values(espd::request_xml(&demo(), issue_date()).unwrap().as_bytes());
    let example = stated_values(&std::fs::read(fixture(REQUEST_4)).unwrap());
    let place = |s: &Stated| (s.criterion.clone(), s.property.clone(), s.element.clone());
    let find = |v: &[Stated], criterion: &str, element: &str| -> Vec<Stated> {
        v.iter().filter(|s| s.criterion == criterion && s.element == element).cloned().collect()
    };
    // The minimum turnover: in SEK, the exact amount, at the place of the example's minimum.
    let amount = find(&ours, GENERAL_YEARLY_TURNOVER, "MinimumAmount");
    assert_eq!(amount.len(), 1, "{ours:?}");
    assert_eq!((amount[0].currency.as_deref(), amount[0].text.as_str()), (Some("SEK"), "5000000"));
    let theirs = find(&example, GENERAL_YEARLY_TURNOVER, "MinimumAmount");
    assert_eq!(theirs.iter().map(place).collect::<Vec<_>>(), vec![place(&amount[0])]);
    assert_eq!(theirs[0].currency.as_deref(), Some("EUR"), "the example's is in euro");
    // The number of fiscal years, and the rating's scheme and minimum, at the example's places.
    let rating = "ab0e7f2e-6418-40e2-8870-6713123e41ad";
    for (criterion, element, text) in [
        (GENERAL_YEARLY_TURNOVER, "ExpectedValueNumeric", "1"),
        (rating, "ExpectedDescription", "Riskklass (UC, 1–5); alternativt: Moderbolagsgaranti bifogas"),
        (rating, "ExpectedValueNumeric", "3"),
    ] {
        let got = find(&ours, criterion, element);
        assert_eq!(got.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(), [text], "{criterion} {element}");
        let theirs: Vec<_> = find(&example, criterion, element).iter().map(place).collect();
        assert!(theirs.contains(&place(&got[0])), "{:?} is not a place of the example: {theirs:?}", place(&got[0]));
    }
    // Every value written is at a place where the example states one.
    let example_places: HashSet<_> = example.iter().map(place).collect();
    for s in &ours {
        assert!(example_places.contains(&place(s)), "{s:?}");
    }
}

#[test]
fn the_same_procurement_and_date_give_the_same_bytes() {
    let p = demo();
    let a = espd::request_xml(&p, issue_date()).unwrap();
    assert_eq!(a, espd::request_xml(&p, issue_date()).unwrap());
    let later = espd::request_xml(&p, chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap()).unwrap();
    assert_ne!(a, later);
    // Only the date differs, and the document's identity (a request issued again is another document).
    let uuid = |day| espd::document_uuid(&p.id, day);
    let (first, second) = (uuid(issue_date()), uuid(chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap()));
    assert_ne!(first, second);
    assert_eq!(a.replace("<cbc:IssueDate>2026-10-01<", "<cbc:IssueDate>2026-10-02<").replace(&first, &second), later);
}

#[test]
fn user_text_is_escaped() {
    let mut p = demo();
    let title = r#"Bemanning <b>&amp; "vård" ]]> 'x' & <![CDATA[y]]>"#;
    p.name = title.to_string();
    p.coordinator = "Region <Öst> & \"Väst\"".to_string();
    p.id = "DNR <1> & \"2\"".to_string();
    let xml = espd::request_xml(&p, issue_date()).unwrap();
    assert!(!xml.contains("<b>") && !xml.contains("<Öst>") && !xml.contains("<![CDATA["), "{}", &xml[..2000]);
    let doc = espd::read(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.exclusion.len(), 24);
    // The texts come back as they were.
    let mut reader = quick_xml::reader::Reader::from_str(&xml);
    let (mut path, mut texts) = (Vec::<String>::new(), Vec::<(String, String)>::new());
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) => path.push(e.name().as_ref().to_string()),
            quick_xml::events::Event::End(_) => {
                path.pop();
            }
            quick_xml::events::Event::Text(t) => {
                texts.push((path.join("/"), t.xml10_content().into_owned()));
            }
            quick_xml::events::Event::GeneralRef(r) => {
                texts.push((path.join("/"), predefined(&r).to_string()));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    let text_of = |at: &str| texts.iter().filter(|(p, _)| p.ends_with(at)).map(|(_, t)| t.as_str()).collect::<String>();
    assert_eq!(text_of("cac:ProcurementProject/cbc:Name"), title);
    assert_eq!(text_of("cac:PartyName/cbc:Name"), "Region <Öst> & \"Väst\"");
    assert_eq!(text_of("QualificationApplicationRequest/cbc:ContractFolderID"), "DNR <1> & \"2\"");
}

#[test]
fn the_command_writes_the_request_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("espd-begaran.xml");
    let definition = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO);
    let out = anbud(&["espd", "request", definition.to_str().unwrap(), "-o", out_file.to_str().unwrap(), "--date", "2026-10-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("DEMO-2026-001"));
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(written, espd::request_xml(&demo(), issue_date()).unwrap());
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["espd-begaran.xml"], "no temporary file is left");
    // `espd read` reads it back.
    let out = anbud(&["espd", "read", out_file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["kind"].as_str(), v["version"].as_str()), (Some("request"), Some("4.1.0")));
    // Without --date it is dated today; a date that is not one, or a definition that does not
    // exist, is an unusable argument.
    let out = anbud(&["espd", "request", definition.to_str().unwrap(), "-o", out_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = anbud(&["espd", "request", definition.to_str().unwrap(), "-o", out_file.to_str().unwrap(), "--date", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    let missing = dir.path().join("finns-inte.toml");
    let out = anbud(&["espd", "request", missing.to_str().unwrap(), "-o", out_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}
