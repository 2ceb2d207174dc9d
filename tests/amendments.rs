//! The procurement freezes at the first received workbook: a change of the definition only as an
//! amendment (rättelse) with a justification and a name, which the decision record lists.

mod common;
use std::path::{Path, PathBuf};
use std::process::Command;

use anbud::intake::template::write_workbook;
use anbud::store::{AmendmentInput, EventKind, Store, StoreError};
use anbud::usecases::batch::import_and_evaluate;
use anbud::usecases::demo::DEMO_TOML;
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

fn amendment(justification: &str) -> AmendmentInput {
    AmendmentInput { justification: justification.into(), by: "Anna Lindqvist".into() }
}

fn last_event(store: &Store, id: &str) -> anbud::store::Event {
    store.events(id).unwrap().pop().unwrap()
}

// ---- the freeze ----

#[test]
fn the_definition_freezes_at_the_first_received_workbook() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    store.save_procurement(&p, DEMO_TOML, NOW).unwrap();
    // Before any workbook: changed freely.
    assert!(!store.is_frozen(&p.id).unwrap());
    let commented = format!("{DEMO_TOML}\n# Förtydligande före anbudstidens slut.\n");
    assert!(store.save_procurement(&p, &commented, NOW).unwrap());
    let e = last_event(&store, &p.id);
    assert_eq!(e.kind, "definition_changed");
    assert!(!e.payload_json.contains("amendment"), "{}", e.payload_json);

    // One workbook received: frozen.
    let path = write_file(dir.path(), "a.xlsx", &write_workbook(&p, Some(&good_bid("556012-5790", "Först AB"))).unwrap());
    import_and_evaluate(Some(&mut store), &p, &commented, &[path], NOW, &mut |_, _, _| {}).unwrap();
    assert!(store.is_frozen(&p.id).unwrap());
    let events = store.events(&p.id).unwrap().len();
    // The same text again changes nothing and is never refused.
    assert!(!store.save_procurement(&p, &commented, NOW).unwrap());
    // A change without an amendment, or with one that lacks its justification or name: refused,
    // nothing stored.
    let lower = commented.replace("min_amount = \"5 000 000\"", "min_amount = \"4 000 000\"");
    let lowered = anbud::model::procurement::Procurement::from_toml(&lower).unwrap();
    let err = store.save_procurement(&lowered, &lower, NOW).unwrap_err();
    assert!(matches!(err, StoreError::Frozen(_)), "{err:?}");
    assert_eq!(err.code(), anbud::model::error_code::ErrorCode::DefinitionFrozen);
    assert!(err.to_string().contains("rättelse") && err.to_string().contains(&p.id), "{err}");
    for bad in [
        AmendmentInput { justification: " ".into(), by: "Anna".into() },
        AmendmentInput { justification: "Rättat.".into(), by: "".into() },
    ] {
        let err = store.save_procurement_amended(&lowered, &lower, NOW, Some(&bad)).unwrap_err();
        assert_eq!(err.code(), anbud::model::error_code::ErrorCode::DefinitionFrozen, "{err}");
    }
    let err = anbud::usecases::evaluation::save_definition(&mut store, &lowered, &lower, NOW).unwrap_err();
    assert_eq!(err.code(), anbud::model::error_code::ErrorCode::DefinitionFrozen);
    assert_eq!(store.procurement(&p.id).unwrap().unwrap().1, commented);
    assert_eq!(store.events(&p.id).unwrap().len(), events);

    // As an amendment: saved, the proposals follow it, and the event records who and why.
    let a = amendment("Omsättningskravet rättat efter en fråga från en anbudsgivare.");
    assert!(anbud::usecases::evaluation::save_definition_amended(&mut store, &lowered, &lower, NOW, Some(&a)).unwrap());
    assert_eq!(store.procurement(&p.id).unwrap().unwrap().1, lower);
    let changed = store.events(&p.id).unwrap().into_iter().rev().find(|e| e.kind == "definition_changed").unwrap();
    assert_eq!(changed.actor, "Anna Lindqvist");
    let payload: serde_json::Value = serde_json::from_str(&changed.payload_json).unwrap();
    assert_eq!(payload["amendment"], serde_json::json!({ "justification": a.justification, "by": "Anna Lindqvist" }));
    assert_eq!(payload["before_sha256"], anbud::model::bid::sha256_hex(commented.as_bytes()));
    assert_eq!(payload["after_sha256"], anbud::model::bid::sha256_hex(lower.as_bytes()));
    assert!(payload["diff"].as_str().unwrap().contains("+min_amount = \"4 000 000\""));
    let amendments = anbud::usecases::audit::amendments(&store, &p.id).unwrap();
    assert_eq!(amendments.len(), 1, "the change before the first workbook is no amendment");
    assert_eq!(
        (amendments[0].by.as_str(), amendments[0].after_sha256.as_str()),
        ("Anna Lindqvist", payload["after_sha256"].as_str().unwrap())
    );
    assert!(anbud::usecases::audit::audit_verify(&store, &p.id).unwrap().ok);
}

#[test]
fn a_rejected_workbook_freezes_the_procurement_too() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let mut bad = good_bid("556012-5790", "Trasig AB");
    set(&mut bad, "Levererade timmar referensåret", "tiotusen".into());
    let path = write_file(dir.path(), "bad.xlsx", &write_workbook(&p, Some(&bad)).unwrap());
    let batch = import_and_evaluate(Some(&mut store), &p, DEMO_TOML, &[path], NOW, &mut |_, _, _| {}).unwrap();
    assert_eq!(batch.rejected.len(), 1);
    assert!(store.is_frozen(&p.id).unwrap());
    let view = anbud::usecases::procurement_view(&store, &p.id).unwrap();
    assert!(view.frozen);
}

#[test]
fn a_change_without_an_amendment_after_bids_is_seen_by_the_audit() {
    // Written behind the program's back (a consistent event, but no amendment): the audit names it.
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let path = write_file(dir.path(), "a.xlsx", &write_workbook(&p, Some(&good_bid("556012-5790", "Först AB"))).unwrap());
    import_and_evaluate(Some(&mut store), &p, DEMO_TOML, &[path], NOW, &mut |_, _, _| {}).unwrap();
    let changed = format!("{DEMO_TOML}\n# ändrad\n");
    anbud::store::journal::append(
        store.connection(),
        &p.id,
        EventKind::DefinitionChanged,
        &anbud::store::Actor::named("X"),
        None,
        &serde_json::json!({ "after_sha256": anbud::model::bid::sha256_hex(changed.as_bytes()) }),
    )
    .unwrap();
    store.connection().execute("UPDATE procurement SET definition_toml = ?1", [&changed]).unwrap();
    let r = anbud::usecases::audit::audit_verify(&store, &p.id).unwrap();
    assert!(!r.ok);
    assert!(r.problems.iter().any(|p| p.problem.contains("utan att ändringen registrerades som en rättelse")), "{:?}", r.problems);
}

struct Demo {
    dir: tempfile::TempDir,
}

impl Demo {
    fn new() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        assert!(anbud(&["demo", s(dir.path())]).status.success());
        Demo { dir }
    }
    fn p(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn bids(&self) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(self.p("anbud")).unwrap().map(|e| e.unwrap().path().to_string_lossy().to_string()).collect();
        v.sort();
        v
    }
    fn run(&self, args: &[&str]) -> std::process::Output {
        let db = self.p("db.sqlite");
        let mut all = vec!["--db", s(&db)];
        all.extend_from_slice(args);
        anbud(&all)
    }
    fn with_bids<'a>(&'a self, head: &[&'a str], bids: &'a [String], tail: &[&'a str]) -> Vec<&'a str> {
        let mut v = head.to_vec();
        v.extend(bids.iter().map(String::as_str));
        v.extend_from_slice(tail);
        v
    }
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").args(["-layout", s(path), "-"]).output().expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_command_line_refuses_a_changed_definition_and_records_an_amendment_the_record_lists() {
    let demo = Demo::new();
    let toml = demo.p("upphandling.toml");
    let bids = demo.bids();
    assert!(demo.run(&demo.with_bids(&["evaluate", s(&toml)], &bids, &[])).status.success());
    // The same definition again: evaluated as before.
    assert!(demo.run(&demo.with_bids(&["evaluate", s(&toml)], &bids, &[])).status.success());
    // Changed after the bids were received: refused (exit 1), telling how to amend; nothing stored.
    let original = std::fs::read_to_string(&toml).unwrap();
    let amended = format!("{original}\n# Rättelse: kontaktuppgiften förtydligad.\n");
    std::fs::write(&toml, &amended).unwrap();
    let out = demo.run(&demo.with_bids(&["evaluate", s(&toml)], &bids, &["--json"]));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("har tagit emot anbud")
            && stderr.contains(&format!("amend {}", toml.display()))
            && stderr.contains("--justification"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    let out = demo.run(&demo.with_bids(
        &["decision", s(&toml)],
        &bids,
        &["--date", "2026-12-21", "--decided-by", "K", "-o", s(&demo.p("x.pdf"))],
    ));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("amend"), "{}", text(&out));

    // The first decision, on the definition as it was: no amendments, and none in its data.
    std::fs::write(&toml, &original).unwrap();
    let review = demo.run(&demo.with_bids(&["evaluate", s(&toml)], &bids, &["--json"]));
    let v: serde_json::Value = serde_json::from_slice(&review.stdout).unwrap();
    for sup in v["suppliers"].as_array().unwrap() {
        for r in sup["requirements"].as_array().unwrap() {
            if r["outcome"] == "review" || r["outcome"] == "missing" {
                let out = demo.run(&[
                    "override",
                    s(&toml),
                    sup["org_nr"].as_str().unwrap(),
                    r["id"].as_str().unwrap(),
                    "--outcome",
                    "pass",
                    "--justification",
                    "Utrett.",
                    "--by",
                    "Anna Lindqvist",
                ]);
                assert!(out.status.success(), "{}", text(&out));
            }
        }
    }
    let decide = |pdf: &str| {
        demo.run(&demo.with_bids(
            &["decision", s(&toml)],
            &bids,
            &["--date", "2026-12-21", "--decided-by", "Karin Berg", "-o", s(&demo.p(pdf))],
        ))
    };
    let out = decide("beslut1.pdf");
    assert!(out.status.success(), "{}", text(&out));
    let conn = rusqlite::Connection::open(demo.p("db.sqlite")).unwrap();
    let first: String = conn.query_row("SELECT canonical_json FROM decision WHERE number = 1", [], |r| r.get(0)).unwrap();
    assert!(!first.contains("\"amendments\""), "{first}");
    assert!(!pdftotext(&demo.p("beslut1.pdf")).contains("Rättelser av upphandlingens villkor"));

    // `amend`: the changed definition saved as an amendment, with the justification and the name.
    std::fs::write(&toml, &amended).unwrap();
    let out = demo.run(&["amend", s(&toml), "--justification", "Kontaktuppgiften förtydligad.", "--by", "Anna Lindqvist"]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Rättelsen av DEMO-2026-001 är registrerad")
            && stdout.contains(&anbud::model::bid::sha256_hex(amended.as_bytes())),
        "{stdout}"
    );
    // The same again: nothing to amend (exit 1).
    let out = demo.run(&["amend", s(&toml), "--justification", "Igen.", "--by", "Anna Lindqvist"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("densamma"), "{}", text(&out));
    // Now the amended definition is the one in force: evaluate and decide go ahead.
    assert!(demo.run(&demo.with_bids(&["evaluate", s(&toml)], &bids, &[])).status.success());
    let out = decide("beslut2.pdf");
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Beslut nr 2"), "{}", text(&out));
    let second: String = conn.query_row("SELECT canonical_json FROM decision WHERE number = 2", [], |r| r.get(0)).unwrap();
    let d: serde_json::Value = serde_json::from_str(&second).unwrap();
    assert_eq!(d["amendments"].as_array().unwrap().len(), 1);
    assert_eq!(d["amendments"][0]["by"], "Anna Lindqvist");
    assert_eq!(d["amendments"][0]["justification"], "Kontaktuppgiften förtydligad.");
    assert_eq!(d["amendments"][0]["before_sha256"], anbud::model::bid::sha256_hex(original.as_bytes()));
    let record = pdftotext(&demo.p("beslut2.pdf"));
    assert!(
        record.contains("Rättelser av upphandlingens villkor")
            && record.contains("Kontaktuppgiften förtydligad.")
            && record.contains("Anna Lindqvist"),
        "{record}"
    );
    // Both decisions verify, the amendment recomputed from the journal.
    for n in ["1", "2"] {
        let out = demo.run(&["verify", s(&toml), "--decision", n]);
        assert!(out.status.success(), "{}", text(&out));
    }
    let out = demo.run(&["audit", "verify", "DEMO-2026-001"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn amend_before_any_bid_saves_the_change_and_says_no_amendment_was_needed() {
    let d = Demo::new();
    let toml = d.p("upphandling.toml");
    // The procurement is not in the database yet: nothing to amend (an unusable argument).
    let out = d.run(&["amend", s(&toml), "--justification", "x", "--by", "y"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let mut store = Store::open(&d.p("db.sqlite")).unwrap();
    store.save_procurement(&demo(), DEMO_TOML, NOW).unwrap();
    drop(store);
    std::fs::write(&toml, format!("{DEMO_TOML}\n# ny rad\n")).unwrap();
    let out = d.run(&["amend", s(&toml), "--justification", "Förtydligande.", "--by", "Anna Lindqvist"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("hade inte behövt vara en rättelse"), "{}", text(&out));
}
