//! Bids in conflict (one organisation number, the same latest bid date) hold the supplier for
//! review, both bids shown in order of receipt, until a person settles which stands.

mod common;
use std::path::{Path, PathBuf};
use std::process::Command;

use anbud::intake::template::{write_workbook, Cell};
use anbud::model::evaluation::Status;
use anbud::model::requirement::{Outcome, ReasonCode};
use anbud::store::Store;
use anbud::usecases::batch::import_and_evaluate;
use anbud::usecases::demo::DEMO_TOML;
use anbud::usecases::evaluation::{evaluations_in_force, not_evaluated, settle_conflict};
use common::*;

const NOW: &str = "2026-12-16T09:00:00+01:00";

fn anbud(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_anbud")).args(args).env("ANBUD_DB", "/nonexistent/should-not-be-used").output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn text(out: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn last_event(store: &Store, id: &str) -> anbud::store::Event {
    store.events(id).unwrap().pop().unwrap()
}

// ---- conflicting bids ----

/// Two workbooks of one organisation number with the same date, and a third supplier; `a.xlsx`
/// is received first. `a` fails the turnover requirement, `b` meets every requirement.
fn conflict_files(p: &anbud::model::procurement::Procurement, dir: &Path) -> Vec<PathBuf> {
    let mut a = good_bid("559012-3450", "Dubbelt AB");
    a.bid_date = Some(Cell::Date(date("2026-12-10")));
    set(&mut a, "Omsättning senaste avslutade räkenskapsår (SEK)", num("100000"));
    let mut b = good_bid("559012-3450", "Dubbelt AB");
    b.bid_date = Some(Cell::Date(date("2026-12-10")));
    let other = good_bid("556012-5790", "Ensam AB");
    vec![
        write_file(dir, "a.xlsx", &write_workbook(p, Some(&a)).unwrap()),
        write_file(dir, "b.xlsx", &write_workbook(p, Some(&b)).unwrap()),
        write_file(dir, "c.xlsx", &write_workbook(p, Some(&other)).unwrap()),
    ]
}

#[test]
fn bids_in_conflict_hold_the_supplier_for_review_until_a_person_settles_which_stands() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let files = conflict_files(&p, dir.path());
    let batch = import_and_evaluate(Some(&mut store), &p, DEMO_TOML, &files, NOW, &mut |_, _, _| {}).unwrap();
    let sha = |i: usize| anbud::model::bid::sha256_hex(&std::fs::read(&files[i]).unwrap());

    // The batch: the earliest received evaluated, flagged; the other listed as in conflict.
    let dubbelt = batch.suppliers.iter().find(|e| e.name == "Dubbelt AB").unwrap();
    assert!(dubbelt.file.ends_with("a.xlsx"));
    assert_eq!(dubbelt.status, Status::NeedsReview, "a conflict holds even a failing bid for review");
    assert!(dubbelt.lots.iter().all(|l| l.status == Status::NeedsReview));
    let conflict = dubbelt.requirement("anbudskonflikt").unwrap();
    assert_eq!((conflict.outcome, conflict.reason_code), (Outcome::Review, ReasonCode::BidConflictingBids));
    assert_eq!(conflict.evidence.len(), 2);
    assert!(
        conflict.evidence[0].value.starts_with("a.xlsx") && conflict.evidence[0].value.ends_with(&sha(0)),
        "{:?}",
        conflict.evidence
    );
    assert!(
        conflict.evidence[1].value.starts_with("b.xlsx") && conflict.evidence[1].value.ends_with(&sha(1)),
        "{:?}",
        conflict.evidence
    );
    assert_eq!(conflict.evidence[1].label, "Anbudsfil mottagen som nr 2");
    assert_eq!(batch.rejected.len(), 1, "{:?}", batch.rejected);
    assert!(batch.rejected[0].file.ends_with("b.xlsx"));
    assert!(
        batch.rejected[0].errors[0].message.starts_with("Anbud i konflikt") && batch.rejected[0].errors[0].message.contains("a.xlsx")
    );

    // The screens: the same.
    let in_force = evaluations_in_force(&store, &p).unwrap();
    assert_eq!(in_force.len(), 2);
    let (a_id, e) = in_force.iter().find(|(_, e)| e.name == "Dubbelt AB").unwrap();
    assert_eq!(e.status, Status::NeedsReview);
    assert_eq!(e.requirement("anbudskonflikt").unwrap().evidence, conflict.evidence);
    let rows = anbud::usecases::overview(&store, &p.id).unwrap();
    assert_eq!((rows.counts.needs_review, rows.counts.not_evaluated), (1, 1));
    let detail = anbud::usecases::supplier_detail(&store, &p.id, *a_id).unwrap();
    assert_eq!(detail.status, Status::NeedsReview);
    assert!(detail.requirements.iter().any(|r| r.result.id == "anbudskonflikt"));
    let status = anbud::usecases::decision_status(&store, &p.id).unwrap();
    assert_eq!(status.open_reviews[0].requirements[0].id, "anbudskonflikt");
    let ne = not_evaluated(&store, &p.id).unwrap();
    assert_eq!(ne.len(), 1);
    assert!(ne[0].file.ends_with("b.xlsx") && ne[0].errors[0].message.starts_with("Anbud i konflikt"));
    // A decision is refused while it is open; an override cannot touch it.
    let input = anbud::records::decision::DecisionInput {
        date: date("2026-12-21"),
        decided_by: "Karin Berg".into(),
        role: None,
        sent: None,
    };
    let err = anbud::usecases::batch::decision_preview(&mut store, &p.id, &input).unwrap_err();
    assert_eq!(err.code(), anbud::model::error_code::ErrorCode::OpenReviews);
    assert!(err.to_string().contains("Dubbelt AB (559012-3450)"), "{err}");
    assert_eq!(
        store.add_override(&p, *a_id, "anbudskonflikt", Outcome::Pass, "x", "Anna", NOW).unwrap_err().code(),
        anbud::model::error_code::ErrorCode::Refused
    );
    let err = anbud::usecases::record_override(&mut store, &p.id, *a_id, "omsattning", Outcome::Pass, "x", "Anna", NOW).unwrap_err();
    assert!(err.to_string().contains("konflikt"), "{err}");
    // The pseudo-requirement is never stored as a proposal; the store agrees with itself.
    let stored: i64 = store
        .connection()
        .query_row("SELECT COUNT(*) FROM outcome WHERE requirement_id = 'anbudskonflikt'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0);
    assert!(store.integrity_problems(&p.id).unwrap().is_empty());
    assert!(anbud::usecases::audit::audit_verify(&store, &p.id).unwrap().ok);

    // Settling: the justification and name are required, and the bid kept must be in conflict.
    let org = "559012-3450";
    assert_eq!(
        settle_conflict(&mut store, &p.id, org, "b.xlsx", " ", "Anna", NOW).unwrap_err().code(),
        anbud::model::error_code::ErrorCode::Refused
    );
    let err = settle_conflict(&mut store, &p.id, org, "c.xlsx", "x", "Anna", NOW).unwrap_err();
    assert!(err.to_string().contains("a.xlsx, b.xlsx"), "{err}");
    let why = "Anbudsgivaren bekräftar att b.xlsx är anbudet; a.xlsx skickades av misstag.";
    let settled = settle_conflict(&mut store, &p.id, org, s(&files[1]), why, "Anna Lindqvist", NOW).unwrap();
    assert_eq!(settled.kept_file, "b.xlsx");
    assert_eq!(settled.set_aside.iter().map(|b| b.file.as_str()).collect::<Vec<_>>(), ["a.xlsx"]);
    let e = last_event(&store, &p.id);
    assert_eq!((e.kind.as_str(), e.actor.as_str(), e.subject.as_deref()), ("bid_replaced", "Anna Lindqvist", Some(org)));
    let event = store.events(&p.id).unwrap().into_iter().rev().find(|e| e.kind == "bid_conflict_settled").unwrap();
    let payload: serde_json::Value = serde_json::from_str(&event.payload_json).unwrap();
    assert_eq!((payload["kept_file"].as_str(), payload["justification"].as_str()), (Some("b.xlsx"), Some(why)));
    assert_eq!(payload["kept_sha256"], sha(1));

    // Now b stands (and meets every requirement); a is replaced, with who settled it and why.
    let in_force = evaluations_in_force(&store, &p).unwrap();
    let (b_id, e) = in_force.iter().find(|(_, e)| e.name == "Dubbelt AB").unwrap();
    assert!(e.file.ends_with("b.xlsx") && e.requirement("anbudskonflikt").is_none());
    assert_eq!(e.status, Status::Qualified);
    assert_eq!(store.active_bid_for(&p.id, org).unwrap(), Some(*b_id));
    let ne = not_evaluated(&store, &p.id).unwrap();
    assert_eq!(ne.len(), 1);
    assert!(ne[0].file.ends_with("a.xlsx"));
    assert_eq!(ne[0].errors[0].message, format!("Ersatt: Dubbelt AB ({org}) lämnade flera anbud med samma anbudsdatum 2026-12-10; Anna Lindqvist har avgjort att anbudet i b.xlsx gäller. Motivering: {why}"));
    assert!(anbud::usecases::batch::decision_preview(&mut store, &p.id, &input).is_ok());
    assert!(store.integrity_problems(&p.id).unwrap().is_empty());
    assert!(anbud::usecases::audit::audit_verify(&store, &p.id).unwrap().ok);
    // Nothing more to settle.
    assert_eq!(
        settle_conflict(&mut store, &p.id, org, "a.xlsx", "x", "Anna", NOW).unwrap_err().code(),
        anbud::model::error_code::ErrorCode::Refused
    );
    // The same files given again: the batch follows the settlement.
    let batch = import_and_evaluate(Some(&mut store), &p, DEMO_TOML, &files, NOW, &mut |_, _, _| {}).unwrap();
    let e = batch.suppliers.iter().find(|e| e.name == "Dubbelt AB").unwrap();
    assert!(e.file.ends_with("b.xlsx") && e.status == Status::Qualified);
    assert_eq!(batch.suppliers.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["Dubbelt AB", "Ensam AB"], "in the order given");
    assert!(
        batch.rejected[0].file.ends_with("a.xlsx")
            && batch.rejected[0].errors[0].message.contains("har avgjort att anbudet i b.xlsx gäller")
    );

    // A state changed behind the store's back is named against the settlement.
    store.connection().execute("UPDATE bid SET state = 'active', replaced_by = NULL WHERE file LIKE '%a.xlsx'", []).unwrap();
    store.connection().execute("UPDATE bid SET state = 'replaced' WHERE file LIKE '%b.xlsx'", []).unwrap();
    let problems = store.integrity_problems(&p.id).unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn a_third_bid_of_the_same_date_opens_the_conflict_again_and_a_later_bid_ends_it() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let files = conflict_files(&p, dir.path());
    import_and_evaluate(Some(&mut store), &p, DEMO_TOML, &files[..2], NOW, &mut |_, _, _| {}).unwrap();
    let org = "559012-3450";
    settle_conflict(&mut store, &p.id, org, "a.xlsx", "Bekräftat.", "Anna", NOW).unwrap();
    let mut third = good_bid(org, "Dubbelt AB");
    third.bid_date = Some(Cell::Date(date("2026-12-10")));
    third.contact = Some("En tredje".into());
    let c = write_file(dir.path(), "c3.xlsx", &write_workbook(&p, Some(&third)).unwrap());
    import_and_evaluate(Some(&mut store), &p, DEMO_TOML, std::slice::from_ref(&c), NOW, &mut |_, _, _| {}).unwrap();
    // a (kept) and c3 are in conflict; b stays set aside.
    let conflicts = anbud::usecases::evaluation::open_conflicts(&store, &p.id).unwrap();
    assert_eq!(conflicts.len(), 1);
    let files_in: Vec<&str> = conflicts[0].bids.iter().map(|b| anbud::model::bid::file_name(&b.file)).collect();
    assert_eq!(files_in, ["a.xlsx", "c3.xlsx"]);
    let e = evaluations_in_force(&store, &p).unwrap().into_iter().find(|(_, e)| e.name == "Dubbelt AB").unwrap().1;
    assert!(e.file.ends_with("a.xlsx") && e.status == Status::NeedsReview);
    assert!(store.integrity_problems(&p.id).unwrap().is_empty());
    // A later bid replaces them all; no conflict remains.
    let mut later = good_bid(org, "Dubbelt AB");
    later.bid_date = Some(Cell::Date(date("2026-12-12")));
    let l = write_file(dir.path(), "later.xlsx", &write_workbook(&p, Some(&later)).unwrap());
    import_and_evaluate(Some(&mut store), &p, DEMO_TOML, std::slice::from_ref(&l), NOW, &mut |_, _, _| {}).unwrap();
    assert!(anbud::usecases::evaluation::open_conflicts(&store, &p.id).unwrap().is_empty());
    let e = evaluations_in_force(&store, &p).unwrap().into_iter().find(|(_, e)| e.name == "Dubbelt AB").unwrap().1;
    assert!(e.file.ends_with("later.xlsx") && e.status == Status::Qualified);
    assert!(store.integrity_problems(&p.id).unwrap().is_empty());
    assert!(anbud::usecases::audit::audit_verify(&store, &p.id).unwrap().ok);
}

#[test]
fn the_command_line_flags_a_conflict_with_a_database_and_keeps_the_spec_rule_without_one() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let toml = write_file(dir.path(), "upphandling.toml", DEMO_TOML.as_bytes());
    let files = conflict_files(&p, dir.path());
    let paths: Vec<String> = files.iter().map(|f| f.to_string_lossy().to_string()).collect();
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("evaluate.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let evaluate = |db: Option<&Path>| {
        let mut args: Vec<&str> = db.map(|d| vec!["--db", s(d)]).unwrap_or_default();
        args.extend(["evaluate", s(&toml)]);
        args.extend(paths.iter().map(String::as_str));
        args.push("--json");
        // Without --db, the default database is a folder here: it cannot be opened, so none is used.
        let out = Command::new(env!("CARGO_BIN_EXE_anbud")).args(&args).env("ANBUD_DB", dir.path()).output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{e} at {}", e.instance_path)).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        v
    };
    // Without a database (the default one cannot be opened): both rejected as ambiguous.
    let v = evaluate(None);
    assert_eq!(v["suppliers"].as_array().unwrap().len(), 1);
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2);
    assert!(rejected.iter().all(|r| r["errors"][0]["message"].as_str().unwrap().starts_with("Tvetydigt anbud")), "{rejected:?}");
    // With one: the earliest received needs review, with both bids named.
    let db = dir.path().join("db.sqlite");
    let v = evaluate(Some(&db));
    let dubbelt = v["suppliers"].as_array().unwrap().iter().find(|s| s["name"] == "Dubbelt AB").unwrap().clone();
    assert_eq!(dubbelt["status"], "needs_review");
    let conflict = dubbelt["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "anbudskonflikt").unwrap().clone();
    assert_eq!((conflict["outcome"].as_str(), conflict["reason_code"].as_str()), (Some("review"), Some("bid.conflicting_bids")));
    assert_eq!(v["rejected"].as_array().unwrap().len(), 1);
    // An override is refused (exit 1) and points at settle-conflict.
    let out = anbud(&[
        "--db",
        s(&db),
        "override",
        s(&toml),
        "559012-3450",
        "omsattning",
        "--outcome",
        "pass",
        "--justification",
        "x",
        "--by",
        "Anna",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("settle-conflict"), "{}", text(&out));
    // settle-conflict: an unknown organisation number is unusable (2), a bid not in conflict refused (1).
    let settle = |org: &str, keep: &str| {
        anbud(&[
            "--db",
            s(&db),
            "settle-conflict",
            "DEMO-2026-001",
            org,
            "--keep",
            keep,
            "--justification",
            "Bekräftat per telefon.",
            "--by",
            "Anna Lindqvist",
        ])
    };
    assert_eq!(settle("559012-3451", "b.xlsx").status.code(), Some(2));
    assert_eq!(settle("556012-5790", "c.xlsx").status.code(), Some(1));
    let out = settle("559012-3450", "b.xlsx");
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("anbudet i b.xlsx gäller och a.xlsx är ersatt av det"), "{}", text(&out));
    assert_eq!(settle("559012-3450", "b.xlsx").status.code(), Some(1));
    let v = evaluate(Some(&db));
    let dubbelt = v["suppliers"].as_array().unwrap().iter().find(|s| s["name"] == "Dubbelt AB").unwrap().clone();
    assert_eq!(dubbelt["status"], "qualified");
    assert!(dubbelt["file"].as_str().unwrap().ends_with("b.xlsx"));
    // The journal shows the settlement, and holds.
    let out = anbud(&["--db", s(&db), "audit", "log", "DEMO-2026-001"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Anbudskonflikt avgjord"), "{}", text(&out));
    assert!(anbud(&["--db", s(&db), "audit", "verify", "DEMO-2026-001"]).status.success());
}

#[test]
fn a_workbook_given_alone_that_the_store_has_in_conflict_is_flagged() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let files = conflict_files(&p, dir.path());
    import_and_evaluate(Some(&mut store), &p, DEMO_TOML, &files[..1], NOW, &mut |_, _, _| {}).unwrap();
    // b.xlsx on its own, later: the store knows a.xlsx came first with the same date.
    let batch = import_and_evaluate(Some(&mut store), &p, DEMO_TOML, &files[1..2], NOW, &mut |_, _, _| {}).unwrap();
    assert_eq!(batch.files[0].result, "ambiguous");
    assert!(batch.files[0].message.contains("a.xlsx"), "{}", batch.files[0].message);
    let e = &batch.suppliers[0];
    assert!(e.file.ends_with("b.xlsx"));
    assert_eq!(e.status, Status::NeedsReview);
    let r = e.requirement("anbudskonflikt").unwrap();
    assert!(r.reason.contains("a.xlsx och b.xlsx") && r.reason.contains("prövas anbudet i b.xlsx"), "{}", r.reason);
}
