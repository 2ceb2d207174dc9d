//! An ESPD response carried over onto the requirement catalogue (docs/espd.md, "Carried over onto
//! the requirements"): the exclusion grounds, general yearly turnover (the latest completed year,
//! converted at the definition's rate or `review`), the rating (another scheme → `review`),
//! conflicts with the workbook (`review`, both answers with their sources), and `evaluate`
//! pairing a response with the workbook of the same organisation number, real files on disk.

mod common;

use std::process::Command;

use anbud::intake::template::Cell;
use anbud::model::bid::{Bid, Value};
use anbud::model::espd::{EspdAnswers, EspdGround, EspdRating, EspdTurnover};
use anbud::model::procurement::Procurement;
use anbud::model::requirement::{Outcome, ReasonCode};
use anbud::rules::evaluate;
use common::{demo, good_bid, read_back, set};

const TURNOVER_Q: &str = "Omsättning senaste avslutade räkenskapsår (SEK)";
const PERIOD_Q: &str = "Räkenskapsårets slutdatum";
const CLASS_Q: &str = "Riskklass (UC, 1–5)";
const SCHEME: &str = "Riskklass (UC, 1–5); alternativt: Moderbolagsgaranti bifogas";

/// A response answering every exclusion ground no, 2025's turnover 6 000 000 SEK, rating 4 in the
/// procurement's scheme.
fn espd() -> EspdAnswers {
    EspdAnswers {
        file: "svar.xml".into(),
        sha256: "0".repeat(64),
        version: "4.1.0".into(),
        name: Some("Vårdkraft Bemanning AB".into()),
        exclusion: anbud::espd::KNOWN_CRITERIA
            .iter()
            .filter(|k| k.family == anbud::espd::Family::Exclusion)
            .map(|k| EspdGround {
                criterion: k.uuid.into(),
                code: k.code_v4.into(),
                name: anbud::espd::ground_name_sv(k.code_v4).into(),
                answer: Some(false),
            })
            .collect(),
        turnover: vec![year("6000000", "SEK", "2025")],
        rating: vec![EspdRating {
            criterion: "ab0e7f2e-6418-40e2-8870-6713123e41ad".into(),
            code: "finan-requ".into(),
            rating: Some("4".into()),
            scheme: Some(SCHEME.into()),
        }],
    }
}

fn year(amount: &str, currency: &str, y: &str) -> EspdTurnover {
    EspdTurnover {
        criterion: anbud::espd::GENERAL_YEARLY_TURNOVER.into(),
        code: "gen-year-to".into(),
        amount: Some(amount.into()),
        currency: Some(currency.into()),
        start: Some(format!("{y}-01-01")),
        end: Some(format!("{y}-12-31")),
    }
}

/// The demo's good bid, read from a real workbook, with `clear` questions left empty and the ESPD.
fn bid_with(p: &Procurement, clear: &[&str], espd: EspdAnswers) -> Bid {
    let mut filled = good_bid("556012-5790", "Vårdkraft Bemanning AB");
    for q in clear {
        set(&mut filled, q, Cell::Empty);
    }
    let mut bid = read_back(p, &filled).unwrap();
    bid.espd = Some(espd);
    bid
}

fn result(p: &Procurement, bid: &Bid, id: &str) -> anbud::model::evaluation::RequirementResult {
    evaluate(p, bid, &[]).requirement(id).unwrap().clone()
}

#[test]
fn every_ground_answered_no_passes_with_the_espd_as_the_source() {
    let p = demo();
    let r = result(&p, &bid_with(&p, &["Inga uteslutningsgrunder föreligger"], espd()), "uteslutning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Pass, ReasonCode::EspdNoExclusionGrounds));
    assert!(r.reason.contains("alla 24 uteslutningsgrunder"), "{}", r.reason);
    assert_eq!(r.evidence.len(), 1, "the workbook left it empty: {:?}", r.evidence);
    assert_eq!(r.evidence[0].cell.as_deref(), Some("ESPD uteslutningsgrunder"));
    assert!(r.evidence[0].value.starts_with("Ja"));
}

#[test]
fn a_ground_that_applies_fails_named_and_a_workbook_saying_otherwise_is_a_conflict() {
    let p = demo();
    let mut e = espd();
    e.exclusion.iter_mut().find(|g| g.code == "corruption").unwrap().answer = Some(true);
    let r = result(&p, &bid_with(&p, &["Inga uteslutningsgrunder föreligger"], e.clone()), "uteslutning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Fail, ReasonCode::EspdExclusionGround));
    assert!(r.reason.contains("Korruption (corruption)"), "{}", r.reason);
    assert_eq!(r.evidence[0].cell.as_deref(), Some("ESPD corruption"));

    // The workbook answers Ja (no grounds): the ESPD says one applies.
    let r = result(&p, &bid_with(&p, &[], e), "uteslutning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Review, ReasonCode::EspdConflict));
    assert!(r.reason.contains("ESPD uteslutningsgrunder") && r.reason.contains("Kvalificering!B"), "{}", r.reason);
    assert!(r.reason.contains("anger Ja"), "the workbook's answer quoted: {}", r.reason);
    assert!(r.evidence.iter().any(|e| e.cell.as_deref().is_some_and(|c| c.starts_with("Kvalificering!"))));
}

#[test]
fn a_ground_not_answered_needs_review_and_the_workbook_saying_nej_conflicts_with_all_no() {
    let p = demo();
    let mut e = espd();
    e.exclusion[6].answer = None;
    let r = result(&p, &bid_with(&p, &[], e), "uteslutning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Review, ReasonCode::EspdExclusionUnanswered));
    assert!(r.reason.contains("tax-pay"), "{}", r.reason);

    let mut filled = good_bid("556012-5790", "Vårdkraft Bemanning AB");
    set(&mut filled, "Inga uteslutningsgrunder föreligger", Cell::Text("Nej".into()));
    let mut bid = read_back(&p, &filled).unwrap();
    bid.espd = Some(espd());
    let r = result(&p, &bid, "uteslutning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Review, ReasonCode::EspdConflict));
}

#[test]
fn the_latest_completed_year_is_assessed() {
    let p = demo();
    let mut e = espd();
    // 2026 ends after the deadline (2026-12-15): not completed. 2025 is the latest completed.
    e.turnover = vec![year("3000000", "SEK", "2024"), year("6000000.50", "SEK", "2025"), year("1000000", "SEK", "2026")];
    let r = result(&p, &bid_with(&p, &[TURNOVER_Q, PERIOD_Q], e.clone()), "omsattning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Pass, ReasonCode::TurnoverMeetsMinimum));
    assert!(r.reason.contains("6 000 000,50 kr") && r.reason.contains("2025-12-31"), "{}", r.reason);
    assert_eq!(r.evidence[0].cell.as_deref(), Some("ESPD gen-year-to"));
    assert_eq!(r.evidence[1].cell.as_deref(), Some("ESPD gen-year-to"));

    // 2025 below the minimum by one öre: fail. (2024 alone ended more than 18 months before the
    // deadline: the rule kind's own review.)
    e.turnover = vec![year("4999999.99", "SEK", "2025")];
    let r = result(&p, &bid_with(&p, &[TURNOVER_Q, PERIOD_Q], e.clone()), "omsattning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Fail, ReasonCode::TurnoverBelowMinimum));

    // No year completed by the deadline.
    e.turnover = vec![year("9000000", "SEK", "2026")];
    let r = result(&p, &bid_with(&p, &[TURNOVER_Q, PERIOD_Q], e), "omsattning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Review, ReasonCode::EspdTurnoverNoCompletedYear));
    assert!(r.reason.contains("9000000 SEK"), "{}", r.reason);
}

#[test]
fn an_amount_in_euro_needs_the_definitions_rate() {
    let p = demo();
    let mut e = espd();
    e.turnover = vec![year("600000", "EUR", "2025")];
    let r = result(&p, &bid_with(&p, &[TURNOVER_Q, PERIOD_Q], e.clone()), "omsattning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Review, ReasonCode::EspdCurrencyWithoutRate));
    assert!(r.reason.contains("600000 EUR"), "the amount quoted: {}", r.reason);

    let toml = format!(
        "{}\n[[exchange_rate]]\ncurrency = \"EUR\"\nsek = \"11,50\"\ndate = 2026-11-30\nsource = \"Riksbanken\"\n",
        anbud::usecases::demo::DEMO_TOML
    );
    let with_rate = Procurement::from_toml(&toml).unwrap();
    let r = result(&with_rate, &bid_with(&with_rate, &[TURNOVER_Q, PERIOD_Q], e.clone()), "omsattning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Pass, ReasonCode::TurnoverMeetsMinimum));
    assert!(r.reason.contains("6 900 000,00 kr"), "600 000 EUR × 11,50: {}", r.reason);
    let conversion = r.evidence.iter().find(|e| e.label.contains("växelkurs EUR")).expect("the conversion is evidence");
    assert!(conversion.value.contains("Riksbanken") && conversion.value.contains("2026-11-30"), "{}", conversion.value);

    // 434 782,60 EUR × 11,50 = 4 999 999,90 kr: below, exactly.
    e.turnover = vec![year("434782.60", "EUR", "2025")];
    let r = result(&with_rate, &bid_with(&with_rate, &[TURNOVER_Q, PERIOD_Q], e), "omsattning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Fail, ReasonCode::TurnoverBelowMinimum));
}

#[test]
fn the_espd_and_the_workbook_answering_differently_is_a_conflict_quoting_both() {
    let p = demo();
    // The good bid states 48 250 000 kr; the ESPD 6 000 000 SEK.
    let r = result(&p, &bid_with(&p, &[], espd()), "omsattning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Review, ReasonCode::EspdConflict));
    for part in ["6 000 000,00 kr", "48 250 000,00 kr", "ESPD gen-year-to", "Kvalificering!B"] {
        assert!(r.reason.contains(part), "{part} in: {}", r.reason);
    }
    // The same amount and period in both: carried over, both sources named.
    let mut e = espd();
    e.turnover = vec![year("48250000", "SEK", "2025")];
    let r = result(&p, &bid_with(&p, &[], e), "omsattning");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Pass, ReasonCode::TurnoverMeetsMinimum));
    let cell = r.evidence[0].cell.clone().unwrap();
    assert!(cell.starts_with("ESPD gen-year-to och Kvalificering!B"), "{cell}");

    // Rating: the ESPD says 2, the workbook 4.
    let mut e = espd();
    e.rating[0].rating = Some("2".into());
    let r = result(&p, &bid_with(&p, &[], e), "kreditvardighet");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Review, ReasonCode::EspdConflict));
    assert!(r.reason.contains("anger 2") && r.reason.contains("anger 4"), "{}", r.reason);
}

#[test]
fn a_rating_in_another_scheme_or_off_the_scale_needs_review() {
    let p = demo();
    let mut e = espd();
    e.rating[0].scheme = Some("n/10, where n<=10".into());
    let r = result(&p, &bid_with(&p, &[CLASS_Q], e.clone()), "kreditvardighet");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Review, ReasonCode::EspdRatingOtherScheme));
    assert!(r.reason.contains("n/10, where n<=10") && r.reason.contains(SCHEME), "{}", r.reason);

    e.rating[0].scheme = Some(SCHEME.into());
    e.rating[0].rating = Some("0.75".into());
    let r = result(&p, &bid_with(&p, &[CLASS_Q], e.clone()), "kreditvardighet");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Review, ReasonCode::EspdRatingNotOnScale));

    // In the scheme (its label alone is the scheme too), below the minimum, no guarantee: fail.
    e.rating[0].scheme = Some("  riskklass (UC, 1-5) ".into());
    e.rating[0].rating = Some("2".into());
    let r = result(&p, &bid_with(&p, &[CLASS_Q], e), "kreditvardighet");
    assert_eq!((r.proposed, r.reason_code), (Outcome::Fail, ReasonCode::CreditBelowMinimum));
    assert!(r.evidence.iter().any(|ev| ev.label == CLASS_Q && ev.cell.as_deref() == Some("ESPD finan-requ")));
}

#[test]
fn without_an_espd_nothing_changes_and_a_requirement_not_mapped_ignores_it() {
    let p = demo();
    let mut plain = bid_with(&p, &[], espd());
    plain.espd = None;
    let before = evaluate(&p, &plain, &[]);
    assert!(before.requirements.iter().all(|r| r.evidence.iter().all(|e| !e.cell.clone().unwrap_or_default().contains("ESPD"))));
    assert_eq!(before.espd, None);
    // Experience is no ESPD part: the same result with and without.
    let with = evaluate(&p, &bid_with(&p, &[], espd()), &[]);
    assert_eq!(with.requirement("erfarenhet"), before.requirement("erfarenhet"));
    assert_eq!(with.espd.as_deref(), Some("svar.xml"));
    assert!(matches!(plain.value(TURNOVER_Q), Value::Number(_)));
}

#[test]
fn the_definition_says_which_requirement_an_espd_part_answers() {
    let base = anbud::usecases::demo::DEMO_TOML;
    let p = Procurement::from_toml(base).unwrap();
    let mapped: Vec<_> = p.requirements.iter().filter_map(|r| r.espd.map(|m| (r.id.as_str(), m.as_str()))).collect();
    assert_eq!(mapped, [("uteslutning", "exclusion"), ("kreditvardighet", "rating"), ("omsattning", "turnover")]);

    // Without the lines, turnover and rating go by kind; exclusion only where named.
    let unnamed = base.lines().filter(|l| !l.starts_with("espd =")).collect::<Vec<_>>().join("\n");
    let p = Procurement::from_toml(&unnamed).unwrap();
    let mapped: Vec<_> = p.requirements.iter().filter_map(|r| r.espd.map(|m| (r.id.as_str(), m.as_str()))).collect();
    assert_eq!(mapped, [("kreditvardighet", "rating"), ("omsattning", "turnover")]);

    let wrong_kind = base.replace("espd = \"turnover\"", "espd = \"exclusion\"");
    let err = Procurement::from_toml(&wrong_kind).unwrap_err().to_string();
    assert!(err.contains("requirement[omsattning].espd") && err.contains("yes_no"), "{err}");
    let unknown = base.replace("espd = \"turnover\"", "espd = \"omsättning\"");
    assert!(Procurement::from_toml(&unknown).unwrap_err().to_string().contains("inget ESPD-avsnitt"));
    for (rate, why) in [("currency = \"EURO\"\nsek = \"11\"", "valutakod"), ("currency = \"EUR\"\nsek = \"0\"", "större än noll")] {
        let t = format!("{base}\n[[exchange_rate]]\n{rate}\ndate = 2026-11-30\n");
        let err = Procurement::from_toml(&t).unwrap_err().to_string();
        assert!(err.contains("exchange_rate[0]") && err.contains(why), "{err}");
    }
}

// ---- evaluate with files on disk ----

fn espd_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/espd").join(name)
}

fn anbud(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_anbud")).args(args).env("ANBUD_DB", "/nonexistent/should-not-be-used").output().unwrap()
}

#[test]
fn evaluate_pairs_a_response_with_the_workbook_of_its_organisation_number() {
    let dir = tempfile::tempdir().unwrap();
    let paths = anbud::usecases::demo::write_demo(dir.path()).unwrap();
    let vardkraft = paths.iter().find(|p| p.ends_with("01-vardkraft.xlsx")).unwrap();
    let db = dir.path().join("anbud.db");
    // A response for 556012-5790, one for an operator with no Swedish number, a request, one
    // for an organisation number with no workbook, and a billion-laughs document.
    let swedish = espd_fixture("sv/vardkraft-espd.xml");
    let foreign = espd_fixture("v4.1.0/ESPD-Response.xml");
    let request = espd_fixture("v4.1.0/ESPD-Request.xml");
    let other = dir.path().join("other.xml");
    let text = std::fs::read_to_string(&swedish).unwrap();
    let other_org = anbud::usecases::demo::org("559012345");
    std::fs::write(&other, text.replace("SE556012579001", &format!("SE{}01", other_org.replace('-', "")))).unwrap();
    let laughs = dir.path().join("laughs.xml");
    std::fs::write(&laughs, "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><l>&b;</l>").unwrap();
    let toml = dir.path().join("upphandling.toml");
    let args: Vec<&std::ffi::OsStr> = vec![
        "--db".as_ref(),
        db.as_os_str(),
        "evaluate".as_ref(),
        toml.as_os_str(),
        vardkraft.as_os_str(),
        swedish.as_os_str(),
        foreign.as_os_str(),
        request.as_os_str(),
        other.as_os_str(),
        laughs.as_os_str(),
        "--json".as_ref(),
    ];
    let out = anbud(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(common::fixture("evaluate.schema.json")).unwrap()).unwrap();
    assert!(jsonschema::is_valid(&schema, &v), "the contract's schema holds");
    let suppliers = v["suppliers"].as_array().unwrap();
    assert_eq!(suppliers.len(), 1);
    let s = &suppliers[0];
    assert_eq!(s["espd"], "vardkraft-espd.xml");
    assert_eq!(s["status"], "qualified");
    let req = |id: &str| s["requirements"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(req("uteslutning")["reason_code"], "espd.no_exclusion_grounds");
    let cells: Vec<String> =
        req("omsattning")["evidence"].as_array().unwrap().iter().map(|e| e["cell"].as_str().unwrap_or("").to_string()).collect();
    assert!(cells[0].starts_with("ESPD gen-year-to och Kvalificering!"), "{cells:?}");
    let kredit = req("kreditvardighet");
    assert!(kredit["evidence"].as_array().unwrap().iter().any(|e| e["cell"].as_str().unwrap_or("").starts_with("ESPD finan-requ")));

    let rejected = v["rejected"].as_array().unwrap();
    let why = |name: &str| {
        rejected
            .iter()
            .find(|r| r["file"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} rejected: {rejected:?}"))["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(why("ESPD-Response.xml").contains("inget svenskt organisationsnummer"));
    assert!(why("ESPD-Request.xml").contains("ESPD-begäran"));
    assert!(why("other.xml").contains("Ingen anbudsfil") && why("other.xml").contains(&other_org), "{}", why("other.xml"));
    assert!(why("laughs.xml").contains("DTD"));
    assert_eq!(rejected.len(), 4);

    // The store keeps the ESPD beside the workbook: evaluating again from the database gives the
    // same outcome, and the file's bytes are kept.
    let store = anbud::store::Store::open(&db).unwrap();
    let bids = store.bids("DEMO-2026-001", true).unwrap();
    assert_eq!(bids.len(), 1);
    let stored = &bids[0].bid;
    let kept = stored.espd.as_ref().expect("the ESPD is stored with the bid");
    assert_eq!(kept.sha256, anbud::model::bid::sha256_hex(&std::fs::read(&swedish).unwrap()));
    let (name, bytes) = store.kept_file(&kept.sha256).unwrap().expect("the response's bytes are kept beside the workbook's");
    assert_eq!((name.as_str(), bytes), ("vardkraft-espd.xml", std::fs::read(&swedish).unwrap()));
    drop(store);
    // The journal is whole with it.
    let out = anbud(&["--db".as_ref(), db.as_os_str(), "audit".as_ref(), "verify".as_ref(), "DEMO-2026-001".as_ref()]);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_2_1_1_responses_carry_the_same_criteria_by_uuid() {
    for name in ["v2.1.1/BASIC-ESPDResponse-2.1.1.xml", "v2.1.1/EXTENDED-ESPDResponse-2.1.1.xml", "v4.1.0/ESPD-Response.xml"] {
        let doc = anbud::espd::read(&std::fs::read(espd_fixture(name)).unwrap()).unwrap();
        let a = anbud::espd::answers_of(&doc, name, "x");
        // The 4.x code whatever the version: the table is keyed on the UUID.
        assert!(a.turnover.iter().all(|t| t.code == "gen-year-to"), "{name}: {:?}", a.turnover);
        assert!(!a.turnover.is_empty(), "{name}");
        assert!(a.exclusion.iter().any(|g| g.code == "crime-org" && g.name == "Deltagande i en kriminell organisation"), "{name}");
        let report = anbud::espd::mapping_report(&doc, Some(&demo()));
        let to: Vec<&str> = report.carried.iter().map(|c| c.requirement.split(' ').next().unwrap()).collect();
        assert!(to.contains(&"uteslutning") && to.contains(&"omsattning"), "{name}: {to:?}");
    }
}

/// The record and the notice of a supplier an ESPD excludes: the ground named, the ESPD criterion
/// shown where a workbook's cell is (pdftotext).
#[test]
fn the_record_and_the_notice_show_the_espd_as_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("upphandling.toml");
    std::fs::write(&toml, anbud::usecases::demo::DEMO_TOML).unwrap();
    let p = demo();
    let mut filled = good_bid("556012-5790", "Vårdkraft Bemanning AB");
    set(&mut filled, "Inga uteslutningsgrunder föreligger", Cell::Empty);
    let workbook =
        common::write_file(dir.path(), "vardkraft.xlsx", &anbud::intake::template::write_workbook(&p, Some(&filled)).unwrap());
    // Its ESPD response, written by the fixture script with one ground answered yes.
    let espd = dir.path().join("vardkraft-espd.xml");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/espd-response-fixture.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(["--org", "556012579", "--name", "Vårdkraft Bemanning AB", "--yes", "corruption"])
        .args(["--amount", "48250000", "--currency", "SEK", "--start", "2025-01-01", "--end", "2025-12-31", "--rating", "4"])
        .args(["--scheme", "Riskklass (UC, 1–5); alternativt: Moderbolagsgaranti bifogas", "-o"])
        .arg(&espd)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = dir.path().join("beslut.sqlite");
    let pdf = dir.path().join("beslut.pdf");
    let notices = dir.path().join("underrattelser");
    let args: Vec<&std::ffi::OsStr> = vec![
        "--db".as_ref(),
        db.as_os_str(),
        "decision".as_ref(),
        toml.as_os_str(),
        workbook.as_os_str(),
        espd.as_os_str(),
        "--date".as_ref(),
        "2026-12-20".as_ref(),
        "--decided-by".as_ref(),
        "Anna Lindqvist".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
        "--notices".as_ref(),
        notices.as_os_str(),
    ];
    let out = anbud(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = |path: &std::path::Path| {
        let out = Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext (poppler-utils)");
        String::from_utf8(out.stdout).unwrap()
    };
    let record = text(&pdf);
    let notice =
        std::fs::read_dir(&notices).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "pdf")).unwrap();
    for (what, t) in [("the record", record), ("the notice", text(&notice))] {
        let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Korruption (corruption)"), "{what}: {flat}");
        assert!(flat.contains("ESPD corruption"), "{what} shows the source: {flat}");
    }
}

/// A response for a workbook imported earlier without one is not read into the stored bid (the
/// bid stands as stored); two responses of one organisation number in one import pair neither.
#[test]
fn a_response_after_its_workbook_or_twice_is_rejected_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let paths = anbud::usecases::demo::write_demo(dir.path()).unwrap();
    let vardkraft = paths.iter().find(|p| p.ends_with("01-vardkraft.xlsx")).unwrap();
    let db = dir.path().join("anbud.db");
    let toml = dir.path().join("upphandling.toml");
    let swedish = espd_fixture("sv/vardkraft-espd.xml");
    let evaluate = |files: &[&std::path::Path]| {
        let mut args: Vec<&std::ffi::OsStr> = vec!["--db".as_ref(), db.as_os_str(), "evaluate".as_ref(), toml.as_os_str()];
        args.extend(files.iter().map(|f| f.as_os_str()));
        args.push("--json".as_ref());
        let out = anbud(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let first = evaluate(&[vardkraft]);
    assert_eq!(first["suppliers"][0].get("espd"), None);
    let again = evaluate(&[vardkraft, &swedish]);
    assert_eq!(again["suppliers"][0].get("espd"), None, "the bid stands as stored: {again}");
    assert_eq!(again["suppliers"][0]["requirements"][1]["reason_code"], "declaration.expected_answer");
    let why = again["rejected"][0]["errors"][0]["message"].as_str().unwrap();
    assert!(why.contains("01-vardkraft.xlsx") && why.contains("redan inläst utan ESPD-svar"), "{why}");

    let copy = dir.path().join("kopia.xml");
    std::fs::copy(&swedish, &copy).unwrap();
    let out = anbud(&[
        "evaluate".as_ref(),
        toml.as_os_str(),
        vardkraft.as_os_str(),
        swedish.as_os_str(),
        copy.as_os_str(),
        "--json".as_ref(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["suppliers"][0].get("espd"), None);
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2, "{v}");
    assert!(rejected.iter().all(|r| r["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Flera ESPD-svar i importen anger organisationsnummer 556012-5790")));
}
