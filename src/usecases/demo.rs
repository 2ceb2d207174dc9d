//! The demo procurement of DOMAIN.md and a folder of filled bid workbooks that together reach
//! every outcome: qualified, not qualified for each requirement, needs review, missing, a late
//! bid, a bid for a shortage speciality, a replaced bid, and a workbook rejected as bad input.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::intake::template::{write_workbook, Cell, Filled};
use crate::model::orgnr::check_digit;
use crate::model::procurement::Procurement;

/// The demo definition, as shipped in `assets/demo/upphandling.toml`.
pub const DEMO_TOML: &str = include_str!("../../assets/demo/upphandling.toml");

pub fn demo_procurement() -> Procurement {
    Procurement::from_toml(DEMO_TOML).expect("the shipped demo definition is valid")
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("demo date")
}

fn n(s: &str) -> Cell {
    Cell::Number(s.parse::<Decimal>().expect("demo number"))
}

/// A valid organisation number from nine digits.
pub fn org(nine: &str) -> String {
    format!("{}-{}{}", &nine[..6], &nine[6..], check_digit(nine))
}

/// A bid that meets every requirement of the demo; each demo supplier changes one thing.
pub fn good_bid(org_nr: &str, name: &str) -> Filled {
    Filled {
        org_nr: org_nr.to_string(),
        name: name.to_string(),
        contact: Some("Kontaktperson Anbud".into()),
        email: Some("anbud@example.se".into()),
        phone: Some("010-123 45 67".into()),
        bid_date: Some(Cell::Date(d("2026-12-01"))),
        answers: vec![
            ("Inga uteslutningsgrunder föreligger".into(), "Ja".into()),
            ("Accepterar avtalets fasta priser".into(), "Ja".into()),
            ("Kreditupplysningsföretag".into(), "UC AB".into()),
            ("Riskklass (UC, 1–5)".into(), n("4")),
            ("Datum för kreditupplysning".into(), Cell::Date(d("2026-11-02"))),
            ("Moderbolagsgaranti bifogas".into(), "Nej".into()),
            ("Omsättning senaste avslutade räkenskapsår (SEK)".into(), n("48250000")),
            ("Räkenskapsårets slutdatum".into(), Cell::Date(d("2025-12-31"))),
            ("Bemanning inom hälso- och sjukvård sedan".into(), Cell::Date(d("2012-03-01"))),
            ("Levererade timmar referensåret".into(), n("14200")),
        ],
        assignments: vec![
            ("Region Stockholm".into(), "Sjuksköterska".into(), Cell::Date(d("2025-01-01")), Cell::Date(d("2025-06-30")), n("6200")),
            ("Region Skåne".into(), "Specialistläkare".into(), Cell::Date(d("2025-03-01")), Cell::Date(d("2025-12-31")), n("5000")),
            ("Region Uppsala".into(), "Barnmorska".into(), Cell::Date(d("2025-08-01")), Cell::Date(d("2025-11-30")), n("3000")),
        ],
        lots: vec![("L1".into(), true, "1-6".into()), ("S1".into(), true, "alla".into()), ("L2".into(), false, String::new())],
        prices: vec![],
    }
}

fn set(b: &mut Filled, question: &str, value: Cell) {
    match b.answers.iter_mut().find(|(q, _)| q == question) {
        Some(slot) => slot.1 = value,
        None => b.answers.push((question.to_string(), value)),
    }
}

/// The demo's bids: (file name, workbook content).
pub fn demo_bids() -> Vec<(String, Filled)> {
    let mut out = Vec::new();

    let mut b = good_bid("556012-5790", "Vårdkraft Bemanning AB");
    b.lots = vec![("L1".into(), true, "1-6".into()), ("L3".into(), true, "1, 2, 3".into()), ("S1".into(), true, "alla".into())];
    b.prices = vec![("L1".into(), 1, n("1400")), ("L1".into(), 2, n("1470")), ("S1".into(), 6, n("936"))];
    b.bid_date = Some(Cell::Date(d("2026-12-10")));
    out.push(("01-vardkraft.xlsx".to_string(), b.clone()));

    // An earlier bid from the same supplier: replaced by 01.
    let mut early = b;
    early.bid_date = Some(Cell::Date(d("2026-11-20")));
    set(&mut early, "Levererade timmar referensåret", n("13900"));
    out.push(("02-vardkraft-tidigare.xlsx".to_string(), early));

    // Qualified; an assignment straddling the reference year counts pro rata, exactly 10 000 h.
    let mut b = good_bid(&org("559012345"), "Norrlandsläkarna AB");
    b.lots = vec![("L1".into(), true, "4-6".into()), ("L4".into(), true, "4, 5, 6".into()), ("L5".into(), true, "5-6".into())];
    // 2024-12-01..2025-01-30: 61 days, 30 in 2025: 1 220 × 30/61 = 600 h; plus 9 400 h.
    b.assignments = vec![
        ("Region Norrbotten".into(), "Specialistläkare".into(), Cell::Date(d("2024-12-01")), Cell::Date(d("2025-01-30")), n("1220")),
        ("Region Jämtland Härjedalen".into(), "ST-läkare".into(), Cell::Date(d("2025-02-01")), Cell::Date(d("2025-12-31")), n("9400")),
    ];
    set(&mut b, "Levererade timmar referensåret", n("10000"));
    set(&mut b, "Bemanning inom hälso- och sjukvård sedan", Cell::Date(d("2024-12-15")));
    out.push(("03-norrlandslakarna.xlsx".to_string(), b));

    // Qualified, and also bids for a shortage speciality: ignored with a warning.
    let mut b = good_bid(&org("556677889"), "Sjuksköterskejouren i Mälardalen AB");
    b.lots = vec![("S1".into(), true, "alla".into()), ("S2".into(), true, "1-3".into()), ("X1".into(), true, "1-6".into())];
    set(&mut b, "Omsättning senaste avslutade räkenskapsår (SEK)", Cell::Text("5 000 000 kr".into()));
    out.push(("04-sjukskoterskejouren.xlsx".to_string(), b));

    // Not qualified: exclusion grounds.
    let mut b = good_bid(&org("559100200"), "Medibemanning Syd AB");
    set(&mut b, "Inga uteslutningsgrunder föreligger", "Nej".into());
    out.push(("05-medibemanning.xlsx".to_string(), b));

    // Not qualified: a stated price differs from the fixed price.
    let mut b = good_bid(&org("559200300"), "Psykiatribemanning Väst AB");
    b.lots = vec![("L2".into(), true, "1-3".into())];
    b.prices = vec![("L2".into(), 1, n("1450")), ("L2".into(), 2, n("1500")), ("L2".into(), 3, n("1595"))];
    out.push(("06-psykiatribemanning.xlsx".to_string(), b));

    // Not qualified: risk class below 3 without a guarantee.
    let mut b = good_bid(&org("559300400"), "Kustbemanning AB");
    set(&mut b, "Riskklass (UC, 1–5)", n("2"));
    out.push(("07-kustbemanning.xlsx".to_string(), b));

    // Not qualified: turnover one öre short.
    let mut b = good_bid(&org("559400500"), "Lilla Vårdbolaget AB");
    set(&mut b, "Omsättning senaste avslutade räkenskapsår (SEK)", Cell::Text("4 999 999,99".into()));
    out.push(("08-lilla-vardbolaget.xlsx".to_string(), b));

    // Not qualified: in business since one day too late.
    let mut b = good_bid(&org("559500600"), "Nystart Vård AB");
    set(&mut b, "Bemanning inom hälso- och sjukvård sedan", Cell::Date(d("2024-12-16")));
    out.push(("09-nystart-vard.xlsx".to_string(), b));

    // Not qualified: 9 999,99 hours counted and declared.
    let mut b = good_bid(&org("559600700"), "Timbanken Bemanning AB");
    b.assignments = vec![(
        "Region Kalmar län".into(),
        "Sjuksköterska".into(),
        Cell::Date(d("2025-01-01")),
        Cell::Date(d("2025-12-31")),
        n("9999.99"),
    )];
    set(&mut b, "Levererade timmar referensåret", n("9999.99"));
    out.push(("10-timbanken.xlsx".to_string(), b));

    // Needs review: credit report older than three months before the deadline.
    let mut b = good_bid(&org("559700800"), "Dalabemanning AB");
    set(&mut b, "Datum för kreditupplysning", Cell::Date(d("2026-09-14")));
    b.lots = vec![("L5".into(), true, "4".into()), ("S1".into(), true, "3-4".into())];
    out.push(("11-dalabemanning.xlsx".to_string(), b));

    // Needs review: risk class below 3 with a parent-company guarantee.
    let mut b = good_bid(&org("559800900"), "Vårdpartner Norden AB");
    set(&mut b, "Riskklass (UC, 1–5)", n("2"));
    set(&mut b, "Moderbolagsgaranti bifogas", "Ja".into());
    out.push(("12-vardpartner.xlsx".to_string(), b));

    // Needs review: declared hours not supported by the assignments.
    let mut b = good_bid(&org("559901000"), "Barnmorskeförmedlingen AB");
    b.lots = vec![("S3".into(), true, "1-6".into())];
    b.assignments =
        vec![("Region Halland".into(), "Barnmorska".into(), Cell::Date(d("2025-01-01")), Cell::Date(d("2025-12-31")), n("8000"))];
    set(&mut b, "Levererade timmar referensåret", n("12000"));
    out.push(("13-barnmorskeformedlingen.xlsx".to_string(), b));

    // Needs review: a question left unanswered (missing).
    let mut b = good_bid(&org("556111222"), "Akutläkarna i Sverige AB");
    set(&mut b, "Inga uteslutningsgrunder föreligger", Cell::Empty);
    out.push(("14-akutlakarna.xlsx".to_string(), b));

    // Needs review: the fiscal year ended more than 18 months before the deadline.
    let mut b = good_bid(&org("556222333"), "Gotlandsvård Bemanning AB");
    set(&mut b, "Räkenskapsårets slutdatum", Cell::Date(d("2025-06-14")));
    b.lots = vec![("S1".into(), true, "5".into()), ("S2".into(), true, "5".into())];
    out.push(("15-gotlandsvard.xlsx".to_string(), b));

    // Late: received the day after the deadline; not evaluated further.
    let mut b = good_bid(&org("556333444"), "Sena Anbud Bemanning AB");
    b.bid_date = Some(Cell::Date(d("2026-12-16")));
    out.push(("16-sena-anbud.xlsx".to_string(), b));

    // Rejected as bad input: an invalid organisation number and hours that are not a number.
    let mut b = good_bid("556012-5791", "Slarvigt Ifyllt AB");
    set(&mut b, "Levererade timmar referensåret", Cell::Text("tiotusen".into()));
    set(&mut b, "Riskklass (UC, 1–5)", n("7"));
    out.push(("17-slarvigt-ifyllt.xlsx".to_string(), b));

    out
}

/// Writes DIR/upphandling.toml and DIR/anbud/*.xlsx. Returns the workbook paths.
pub fn write_demo(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let procurement = demo_procurement();
    std::fs::create_dir_all(dir.join("anbud"))?;
    std::fs::write(dir.join("upphandling.toml"), DEMO_TOML)?;
    let mut paths = Vec::new();
    for (file, filled) in demo_bids() {
        let bytes = write_workbook(&procurement, Some(&filled)).map_err(std::io::Error::other)?;
        let path = dir.join("anbud").join(file);
        std::fs::write(&path, bytes)?;
        paths.push(path);
    }
    Ok(paths)
}
