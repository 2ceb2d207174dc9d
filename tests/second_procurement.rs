//! Requirements are data: a second procurement definition with other thresholds, another
//! reference year and deadline, and an added yes/no requirement (liability insurance) is
//! handled end to end with no new code.

mod common;
use anbud::intake::template::Cell;
use anbud::model::evaluation::Status;
use anbud::model::procurement::Procurement;
use anbud::model::requirement::Outcome::*;
use anbud::model::requirement::ReasonCode::*;
use common::*;

fn second() -> Procurement {
    Procurement::from_toml(include_str!("fixtures/second/upphandling.toml")).unwrap()
}

fn bid() -> anbud::intake::template::Filled {
    let mut b = good_bid("556012-5790", "Småländsk Vård AB");
    b.bid_date = Some(Cell::Date(date("2027-06-01")));
    set(&mut b, "Datum för kreditupplysning", Cell::Date(date("2027-01-15")));
    set(&mut b, "Räkenskapsårets slutdatum", Cell::Date(date("2026-12-31")));
    set(&mut b, "Omsättning senaste avslutade räkenskapsår (SEK)", num("2500000"));
    set(&mut b, "Riskklass (UC, 1–5)", num("2"));
    set(&mut b, "Bemanning inom hälso- och sjukvård sedan", Cell::Date(date("2024-06-30")));
    set(&mut b, "Levererade timmar referensåret", num("4000"));
    set(&mut b, "Ansvarsförsäkring finns och bifogas", "Ja".into());
    b.assignments = vec![(
        "Region Kronoberg".into(),
        "Sjuksköterska".into(),
        Cell::Date(date("2026-01-01")),
        Cell::Date(date("2026-12-31")),
        num("4000"),
    )];
    b
}

#[test]
fn the_second_catalogue_loads_with_its_own_parameters() {
    let p = second();
    assert_eq!(p.requirements.len(), 8);
    assert_eq!(p.reference_year, 2026);
    let labels: Vec<String> = p.questions().into_iter().map(|q| q.label).collect();
    assert!(labels.contains(&"Ansvarsförsäkring finns och bifogas".to_string()));
}

#[test]
fn thresholds_years_and_the_added_requirement_apply() {
    let p = second();
    let e = eval_filled(&p, &bid());
    assert_eq!(e.status, Status::Qualified, "{e:#?}");
    assert_eq!(e.requirements.len(), 8);
    // 4 000 h counted in 2026 and 2 500 000 kr meet this catalogue's thresholds (not the demo's).
    let code = |id: &str| e.requirement(id).map(|r| (r.outcome, r.reason_code));
    assert_eq!(code("levererade-timmar"), Some((Pass, HoursMeetMinimum)));
    assert_eq!(code("omsattning"), Some((Pass, TurnoverMeetsMinimum)));
    assert_eq!(code("kreditvardighet"), Some((Pass, CreditMeetsMinimum)));
    assert_eq!(code("ansvarsforsakring"), Some((Pass, DeclarationExpected)));

    // Each changed parameter at its boundary.
    let case = |f: &dyn Fn(&mut anbud::intake::template::Filled), req: &str| {
        let mut b = bid();
        f(&mut b);
        let e = eval_filled(&p, &b);
        e.requirement(req).map(|r| (r.outcome, r.reason_code))
    };
    assert_eq!(
        case(&|b| set(b, "Ansvarsförsäkring finns och bifogas", "Nej".into()), "ansvarsforsakring"),
        Some((Fail, DeclarationOther))
    );
    assert_eq!(
        case(&|b| set(b, "Ansvarsförsäkring finns och bifogas", Cell::Empty), "ansvarsforsakring"),
        Some((Missing, AnswerMissing))
    );
    assert_eq!(
        case(&|b| set(b, "Omsättning senaste avslutade räkenskapsår (SEK)", num("2499999.99")), "omsattning"),
        Some((Fail, TurnoverBelowMinimum))
    );
    assert_eq!(case(&|b| set(b, "Riskklass (UC, 1–5)", num("1")), "kreditvardighet"), Some((Fail, CreditBelowMinimum)));
    // Six months before 2027-06-30 is 2026-12-30.
    assert_eq!(
        case(&|b| set(b, "Datum för kreditupplysning", Cell::Date(date("2026-12-29"))), "kreditvardighet"),
        Some((Review, CreditReportTooOld))
    );
    assert_eq!(
        case(&|b| set(b, "Datum för kreditupplysning", Cell::Date(date("2026-12-30"))), "kreditvardighet"),
        Some((Pass, CreditMeetsMinimum))
    );
    // Three years before 2027-06-30 is 2024-06-30.
    assert_eq!(
        case(&|b| set(b, "Bemanning inom hälso- och sjukvård sedan", Cell::Date(date("2024-07-01"))), "erfarenhet"),
        Some((Fail, ExperienceTooShort))
    );
    assert_eq!(
        case(&|b| set(b, "Bemanning inom hälso- och sjukvård sedan", Cell::Date(date("2024-06-30"))), "erfarenhet"),
        Some((Pass, ExperienceMeetsMinimum))
    );
    // Hours in 2025 no longer count; the reference year is 2026.
    assert_eq!(
        case(
            &|b| b.assignments =
                vec![("R".into(), "S".into(), Cell::Date(date("2025-01-01")), Cell::Date(date("2025-12-31")), num("9000"))],
            "levererade-timmar"
        ),
        Some((Review, HoursDeclaredNotSupported))
    );
    // The deadline moved: 2027-06-30 is on time, 2027-07-01 is late.
    assert_eq!(case(&|b| b.bid_date = Some(Cell::Date(date("2027-06-30"))), "anbudsdag"), Some((Pass, DeadlineOnTime)));
    assert_eq!(case(&|b| b.bid_date = Some(Cell::Date(date("2027-07-01"))), "anbudsdag"), Some((Fail, DeadlineLate)));
}

#[test]
fn the_template_carries_the_added_question() {
    let p = second();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mall.xlsx");
    anbud::intake::write_template(&p, &path).unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("Kvalificering").unwrap();
    let labels: Vec<String> = range.rows().map(|r| r[0].to_string()).collect();
    assert!(labels.contains(&"Ansvarsförsäkring finns och bifogas".to_string()), "{labels:?}");
}
