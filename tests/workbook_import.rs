//! The importer against workbooks built cell by cell (as a bidder's own tool might write them),
//! and against real .ods, .xls and encrypted files.

mod common;
use anbud::intake::import::parse_workbook;
use anbud::intake::template::Cell;
use anbud::model::bid::Value;
use anbud::model::evaluation::Status;
use anbud::model::requirement::{Outcome, ReasonCode};
use anbud::rules::evaluate;
use anbud::usecases::batch::import_and_evaluate;
use common::*;
use rust_xlsxwriter::Workbook;

enum V {
    S(&'static str),
    N(f64),
    B(bool),
    D(&'static str),
    E,
}
use V::*;

/// A workbook from sheets of rows (row 1 first).
fn book(sheets: Vec<(&str, Vec<Vec<V>>)>) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date_fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    B(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    D(d) => {
                        ws.write_date_with_format(r, c, date(d), &date_fmt).unwrap();
                    }
                    E => {}
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// A valid bid written in an unusual but contract-conforming way: columns in another order,
/// extra columns and sheets, blank rows, labels in other case with ':' and spaces, text numbers.
fn unusual_sheets() -> Vec<(&'static str, Vec<Vec<V>>)> {
    vec![
        ("Läs mig", vec![vec![S("Extra blad som anbudsgivaren lagt till")]]),
        (
            "anbudsgivare",
            vec![
                vec![S("Vårt eget huvud")],
                vec![],
                vec![S("Kommentar"), S("SVAR"), S("  uppgift ")],
                vec![E, S("5560125790"), S("organisationsnummer:")],
                vec![E, S("Eget Format AB"), S("FÖRETAGSNAMN")],
                vec![],
                vec![S("x"), D("2026-12-01"), S("Anbudsdatum :")],
            ],
        ),
        (
            "Kvalificering",
            vec![
                vec![S("Svar"), S("Fråga"), S("Not")],
                vec![S("JA"), S("inga uteslutningsgrunder föreligger")],
                vec![B(true), S("Accepterar avtalets fasta priser:")],
                vec![N(4.0), S("Riskklass (UC, 1–5)")],
                vec![S("2026-10-01"), S("Datum för kreditupplysning")],
                vec![S("1 234 567,50 kr"), S("Omsättning senaste avslutade räkenskapsår (SEK)")],
                vec![D("2025-12-31"), S("Räkenskapsårets slutdatum")],
                vec![D("2010-01-01"), S("Bemanning inom hälso- och sjukvård sedan")],
                vec![S("10\u{a0}000"), S("Levererade timmar referensåret")],
            ],
        ),
        (
            "Referensuppdrag",
            vec![
                vec![S("Timmar"), S("Till"), S("Från"), S("Yrkeskategori"), S("Beställare"), S("Egen kolumn")],
                vec![N(10000.0), D("2025-12-31"), D("2025-01-01"), S("Sjuksköterska"), S("Region Skåne"), S("x")],
                vec![],
            ],
        ),
        (
            "Anbudsområden",
            vec![
                vec![S("Zoner"), S("Lämnar anbud"), S("Anbudsområde"), S("Kod")],
                vec![S("1, 2, 5"), S("ja"), S("Sjuksköterska"), S("S1")],
                vec![N(3.0), S("Ja"), S("ST-läkare"), S("l4")],
                vec![E, S("Nej"), S("Barnmorska"), S("S3")],
            ],
        ),
        ("Priser", vec![vec![S("Timpris (SEK)"), S("Zon"), S("Kod")], vec![S("756 kr"), N(2.0), S("S1")]]),
    ]
}

#[test]
fn contract_conforming_variations_are_read() {
    let p = demo();
    let bid = parse_workbook("eget.xlsx", &book(unusual_sheets()), &p).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(bid.org_nr.to_string(), "556012-5790");
    assert_eq!(bid.name, "Eget Format AB");
    assert_eq!(bid.bid_date.to_string(), "2026-12-01");
    assert_eq!(bid.lots.iter().filter(|l| l.offered).count(), 2);
    assert_eq!(bid.lots[0].zones, vec![1, 2, 5]);
    assert_eq!(bid.lots[1].code, "L4");
    let e = evaluate(&p, &bid, &[]);
    assert_eq!(e.status, Status::NotQualified, "{e:#?}");
    // Only turnover fails (1 234 567,50 kr read exactly from Swedish text).
    let failing: Vec<_> = e.requirements.iter().filter(|r| r.outcome.as_str() != "pass").map(|r| r.id.as_str()).collect();
    assert_eq!(failing, ["omsattning"], "{e:#?}");
    let turnover = e.requirement("omsattning").unwrap();
    assert_eq!((turnover.outcome, turnover.reason_code), (Outcome::Fail, ReasonCode::TurnoverBelowMinimum));
    assert_eq!(bid.value("Omsättning senaste avslutade räkenskapsår (SEK)"), &Value::Number("1234567.50".parse().unwrap()));
    // The price stated for S1 zone 2 (720 × 1,05 = 756) equals the fixed price.
    assert_eq!(e.requirement("fast-pris").unwrap().outcome.as_str(), "pass");
    assert_eq!(e.lots.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["S1", "L4"]);
}

#[test]
fn every_problem_is_reported_with_sheet_and_cell() {
    let p = demo();
    let mut sheets = unusual_sheets();
    // Anbudsgivare: bad check digit (row 4, column B).
    sheets[1].1[3][1] = S("556012-5791");
    // Kvalificering: hours as words (row 9, column A), a date that is a plain number (row 5).
    sheets[2].1[8][0] = S("tiotusen");
    sheets[2].1[4][0] = N(46000.0);
    // Anbudsområden: a zone that does not exist (row 2, column A).
    sheets[4].1[1][0] = S("1-8");
    let errors = parse_workbook("fel.xlsx", &book(sheets), &p).unwrap_err();
    let got: Vec<(String, String)> =
        errors.iter().map(|e| (format!("{}!{}", e.sheet.clone().unwrap(), e.cell.clone().unwrap()), e.message.clone())).collect();
    assert_eq!(got.len(), 4, "{got:#?}");
    assert_eq!(got[0].0, "Anbudsgivare!B4");
    assert!(got[0].1.contains("kontrollsiffran"), "{got:?}");
    assert_eq!(got[1].0, "Kvalificering!A5");
    assert!(got[1].1.contains("inte ett datum"), "{got:?}");
    assert_eq!(got[2], ("Kvalificering!A9".into(), "\"tiotusen\" är inte ett tal".into()));
    assert_eq!(got[3].0, "Anbudsområden!A2");
    assert!(got[3].1.contains("zon 7 finns inte"), "{got:?}");
}

#[test]
fn missing_sheet_and_header_are_named() {
    let p = demo();
    let mut sheets = unusual_sheets();
    sheets.retain(|(n, _)| *n != "Kvalificering");
    let refs = sheets.iter_mut().find(|(n, _)| *n == "Referensuppdrag").unwrap();
    refs.1[0][0] = S("Timmar totalt"); // Referensuppdrag loses its header "Timmar"
    let errors = parse_workbook("x.xlsx", &book(sheets), &p).unwrap_err();
    assert!(
        errors.iter().any(|e| e.sheet.as_deref() == Some("Kvalificering") && e.cell.is_none() && e.message.contains("saknas")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.sheet.as_deref() == Some("Referensuppdrag") && e.cell.is_none() && e.message.contains("\"Timmar\"")),
        "{errors:#?}"
    );
}

#[test]
fn a_workbook_without_the_priser_sheet_states_no_prices() {
    let p = demo();
    let mut sheets = unusual_sheets();
    sheets.retain(|(n, _)| *n != "Priser");
    let bid = parse_workbook("utan-priser.xlsx", &book(sheets), &p).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(bid.prices.is_empty());
    let e = evaluate(&p, &bid, &[]);
    assert_eq!(e.requirement("fast-pris").unwrap().outcome.as_str(), "pass");
    // The other four sheets stay required.
    for required in ["Anbudsgivare", "Kvalificering", "Referensuppdrag", "Anbudsområden"] {
        let mut sheets = unusual_sheets();
        sheets.retain(|(n, _)| !n.eq_ignore_ascii_case(required));
        let errors = parse_workbook("x.xlsx", &book(sheets), &p).unwrap_err();
        assert!(
            errors.iter().any(|e| e.sheet.as_deref() == Some(required) && e.message.contains("saknas i arbetsboken")),
            "{errors:#?}"
        );
    }
}

#[test]
fn required_bidder_fields() {
    let p = demo();
    let mut sheets = unusual_sheets();
    sheets[1].1[4][1] = E; // Företagsnamn empty
    sheets[1].1[6][1] = E; // Anbudsdatum empty
    let errors = parse_workbook("x.xlsx", &book(sheets), &p).unwrap_err();
    let cells: Vec<_> = errors.iter().map(|e| e.cell.clone().unwrap_or_default()).collect();
    assert_eq!(cells, ["B5", "B7"], "{errors:#?}");
}

#[test]
fn float_noise_and_numeric_org_nr() {
    let p = demo();
    let mut sheets = unusual_sheets();
    sheets[1].1[3][1] = N(5560125790.0);
    sheets[2].1[3][0] = N(4.000000000000001);
    let bid = parse_workbook("x.xlsx", &book(sheets), &p).unwrap();
    assert_eq!(bid.org_nr.to_string(), "556012-5790");
    assert_eq!(bid.value("Riskklass (UC, 1–5)"), &anbud::model::bid::Value::Integer(4));
}

#[test]
fn a_question_left_out_is_missing() {
    let p = demo();
    let mut sheets = unusual_sheets();
    sheets[2].1.remove(1); // the exclusion question's row
    let bid = parse_workbook("x.xlsx", &book(sheets), &p).unwrap();
    let e = evaluate(&p, &bid, &[]);
    assert_eq!(e.requirement("uteslutning").unwrap().outcome.as_str(), "missing");
}

#[test]
fn files_that_are_not_workbooks() {
    let p = demo();
    for (file, needle) in [("not-a-workbook.xlsx", "inte en kalkylbok"), ("encrypted.xlsx", "krypterad")] {
        let bytes = std::fs::read(fixture(file)).unwrap();
        let errors = parse_workbook(file, &bytes, &p).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].sheet.is_none() && errors[0].cell.is_none());
        assert!(errors[0].message.contains(needle), "{errors:?}");
    }
}

#[test]
fn ods_and_xls_files_are_read() {
    let p = demo();
    let cases = [
        ("01-vardkraft.ods", Status::Qualified),
        ("13-barnmorskeformedlingen.ods", Status::NeedsReview),
        ("03-norrlandslakarna.xls", Status::Qualified),
        ("08-lilla-vardbolaget.xls", Status::NotQualified),
    ];
    for (file, status) in cases {
        let bytes = std::fs::read(fixture(file)).unwrap();
        let bid = parse_workbook(file, &bytes, &p).unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let e = evaluate(&p, &bid, &[]);
        assert_eq!(e.status, status, "{file}: {e:#?}");
    }
    // The straddling assignment in the .xls is read with its dates: exactly 10 000 h.
    let bytes = std::fs::read(fixture("03-norrlandslakarna.xls")).unwrap();
    let bid = parse_workbook("x", &bytes, &p).unwrap();
    let counted = anbud::rules::hours::hours_in_year(&bid.assignments, 2025);
    assert_eq!(counted, num_rational::BigRational::from_integer(10_000.into()));
    let hours = evaluate(&p, &bid, &[]).requirement("levererade-timmar").cloned().unwrap();
    assert_eq!((hours.outcome, hours.reason_code), (Outcome::Pass, ReasonCode::HoursMeetMinimum));
    let bytes = std::fs::read(fixture("17-slarvigt-ifyllt.ods")).unwrap();
    let errors = parse_workbook("x.ods", &bytes, &p).unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_eq!(errors[2].to_string(), "Kvalificering!B14: \"tiotusen\" är inte ett tal");
}

#[test]
fn later_bid_replaces_and_same_date_is_ambiguous() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, org_nr: &str, day: &str, hours: &str| {
        let mut b = good_bid(org_nr, "Dubbel AB");
        b.bid_date = Some(Cell::Date(date(day)));
        set(&mut b, "Levererade timmar referensåret", num(hours));
        write_file(dir.path(), name, &anbud::intake::template::write_workbook(&p, Some(&b)).unwrap())
    };
    let paths = vec![
        write("a-early.xlsx", "556012-5790", "2026-12-01", "14000"),
        write("a-late.xlsx", "556012-5790", "2026-12-05", "14100"),
        write("b-one.xlsx", &org("559876543"), "2026-12-03", "14000"),
        write("b-two.xlsx", &org("559876543"), "2026-12-03", "14100"),
    ];
    let batch = import_and_evaluate(None, &p, "", &paths, "2026-12-16T09:00:00+01:00", &mut |_, _, _| {}).unwrap();
    assert_eq!(batch.suppliers.len(), 1);
    assert!(batch.suppliers[0].file.ends_with("a-late.xlsx"));
    assert_eq!(batch.rejected.len(), 3, "{:#?}", batch.rejected);
    let msg = |f: &str| batch.rejected.iter().find(|r| r.file.ends_with(f)).unwrap().errors[0].message.clone();
    assert!(msg("a-early.xlsx").starts_with("Ersatt"), "{}", msg("a-early.xlsx"));
    assert!(msg("a-early.xlsx").contains("a-late.xlsx"));
    assert!(msg("b-one.xlsx").contains("Tvetydigt") && msg("b-two.xlsx").contains("Tvetydigt"));
}
