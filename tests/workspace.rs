//! The desktop app's use cases (`anbud::workspace`) on real SQLite files and the demo's real
//! workbooks: what each screen shows and does, without a window.

use std::path::Path;

use anbud::eval::Status;
use anbud::rules::Outcome;
use anbud::store::Store;
use anbud::workspace::{self, WorkspaceError};

const NOW: &str = "2026-12-18T10:00:00+01:00";
const DEMO: &str = "DEMO-2026-001";

fn demo(dir: &Path) -> Store {
    let db = dir.join("anbud.sqlite");
    let id = workspace::open_demo(&db, &dir.join("demo"), false, NOW).unwrap();
    assert_eq!(id, DEMO);
    Store::open(&db).unwrap()
}

#[test]
fn the_demo_opens_with_its_bids_and_the_expected_counts_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let o = workspace::overview(&store, DEMO).unwrap();
    assert_eq!((o.counts.qualified, o.counts.not_qualified, o.counts.needs_review, o.counts.not_evaluated), (3, 7, 5, 2));
    assert_eq!(o.rows.len(), 15);
    assert_eq!(o.requirements.len(), 7);
    assert_eq!(o.requirements[0].id, "anbudsdag");
    // Rows carry one outcome per requirement; a late bid only its deadline.
    let late = o.rows.iter().find(|r| r.late).unwrap();
    assert_eq!(late.name, "Sena Anbud Bemanning AB");
    assert_eq!(late.outcomes[0], Some(Outcome::Fail));
    assert!(late.outcomes[1..].iter().all(Option::is_none));
    let sjuk = o.rows.iter().find(|r| r.name.starts_with("Sjuksköterskejouren")).unwrap();
    assert_eq!(sjuk.status, Status::Qualified);
    assert!(sjuk.warnings.iter().any(|w| w.contains("bristspecialitet")), "{:?}", sjuk.warnings);
    assert!(sjuk.lots.iter().all(|l| l.code != "X1"));
    let files: Vec<&str> = o.not_evaluated.iter().map(|r| r.file.as_str()).collect();
    assert!(files.iter().any(|f| f.ends_with("02-vardkraft-tidigare.xlsx")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("17-slarvigt-ifyllt.xlsx")), "{files:?}");
    drop(store);

    // Opening it again imports nothing twice.
    let store = demo(dir.path());
    let o2 = workspace::overview(&store, DEMO).unwrap();
    assert_eq!(o2.counts, o.counts);
    assert_eq!(store.bids(DEMO, false).unwrap().len(), 16);
    let listed = workspace::procurements(&store).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].suppliers, 15);

    // Fresh: the database is made anew (the demo files stay).
    let db = dir.path().join("anbud.sqlite");
    workspace::open_demo(&db, &dir.path().join("demo"), true, NOW).unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.last_override_id().unwrap(), 0);
    assert_eq!(workspace::overview(&store, DEMO).unwrap().counts, o.counts);
}

#[test]
fn importing_again_reports_each_file_and_keeps_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let paths = workspace::workbooks_in(&dir.path().join("demo/anbud")).unwrap();
    assert_eq!(paths.len(), 17);
    let mut calls = Vec::new();
    let report = workspace::import(&mut store, DEMO, &paths, NOW, &mut |done, total, _| calls.push((done, total))).unwrap();
    assert_eq!(calls.first(), Some(&(0, 17)));
    assert_eq!(calls.last(), Some(&(17, 17)));
    assert_eq!(report.files.len(), 17);
    let result_of = |name: &str| report.files.iter().find(|f| f.file.ends_with(name)).unwrap();
    assert_eq!(result_of("03-norrlandslakarna.xlsx").result, "unchanged");
    assert_eq!(result_of("02-vardkraft-tidigare.xlsx").result, "replaced");
    let bad = result_of("17-slarvigt-ifyllt.xlsx");
    assert_eq!(bad.result, "rejected");
    assert!(bad.errors.iter().all(|e| e.sheet.is_some()), "{:?}", bad.errors);
    assert!(bad.errors.iter().any(|e| e.cell.is_some() && e.message.contains("rganisationsnummer")), "{:?}", bad.errors);
    assert_eq!(report.rejected, 1);
    assert_eq!((report.counts.qualified, report.counts.not_qualified, report.counts.needs_review, report.counts.not_evaluated), (3, 7, 5, 2));
    assert!(matches!(workspace::import(&mut store, DEMO, &[], NOW, &mut |_, _, _| {}), Err(WorkspaceError::Invalid(_))));
}

#[test]
fn a_supplier_shows_answers_with_cells_and_an_override_changes_its_status_with_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let o = workspace::overview(&store, DEMO).unwrap();
    let dala = o.rows.iter().find(|r| r.name == "Dalabemanning AB").unwrap();
    assert_eq!(dala.status, Status::NeedsReview);
    let d = workspace::supplier_detail(&store, DEMO, dala.bid_id).unwrap();
    let credit = d.requirements.iter().find(|r| r.result.id == "kreditvardighet").unwrap();
    assert_eq!(credit.result.proposed, Outcome::Review);
    let date = credit.answers.iter().find(|a| a.question == "Datum för kreditupplysning").unwrap();
    assert_eq!(date.value, "2026-09-14");
    assert!(date.cell.as_deref().unwrap().starts_with("Kvalificering!"));
    let turnover = d.requirements.iter().find(|r| r.result.id == "omsattning").unwrap();
    assert_eq!(turnover.answers[0].value.replace('\u{a0}', " "), "48 250 000,00 kr");
    let deadline = d.requirements.iter().find(|r| r.result.id == "anbudsdag").unwrap();
    assert!(deadline.answers[0].cell.as_deref().unwrap().starts_with("Anbudsgivare!"));
    assert!(d.lots.iter().any(|l| l.code == "L5" && l.offered && l.zones == vec![4]));
    assert!(!d.assignments.is_empty());

    // Mandatory justification and decider.
    let e = workspace::record_override(&mut store, DEMO, dala.bid_id, "kreditvardighet", Outcome::Pass, "  ", "Anna", NOW).unwrap_err();
    assert_eq!(e.code(), "justification_required");
    let e = workspace::record_override(&mut store, DEMO, dala.bid_id, "kreditvardighet", Outcome::Pass, "Ny upplysning.", "", NOW).unwrap_err();
    assert_eq!(e.code(), "decider_required");
    let e = workspace::record_override(&mut store, DEMO, dala.bid_id, "finns-inte", Outcome::Pass, "x", "Anna", NOW).unwrap_err();
    assert_eq!(e.code(), "refused");

    let after = workspace::record_override(
        &mut store, DEMO, dala.bid_id, "kreditvardighet", Outcome::Pass, "Ny kreditupplysning daterad 2026-11-01 har visats.", "Anna Lindqvist", NOW,
    )
    .unwrap();
    assert_eq!(after.status, Status::Qualified);
    let credit = after.requirements.iter().find(|r| r.result.id == "kreditvardighet").unwrap();
    assert_eq!(credit.result.proposed, Outcome::Review, "the proposal stays");
    assert_eq!(credit.result.outcome, Outcome::Pass);
    assert_eq!(credit.history.len(), 1);
    assert_eq!(after.history[0].original, Outcome::Review);
    assert_eq!(after.history[0].decision.decided_by, "Anna Lindqvist");
    let o = workspace::overview(&store, DEMO).unwrap();
    assert_eq!((o.counts.qualified, o.counts.needs_review), (4, 4));

    // A replaced bid cannot be overridden.
    let replaced = store.bids(DEMO, false).unwrap().into_iter().find(|b| b.state == "replaced").unwrap();
    let e = workspace::record_override(&mut store, DEMO, replaced.id, "uteslutning", Outcome::Pass, "x", "y", NOW).unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert_eq!(workspace::supplier_detail(&store, DEMO, 999_999).unwrap_err().code(), "not_found");
}

#[test]
fn the_decision_is_blocked_until_every_review_is_settled_then_written_to_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let status = workspace::decision_status(&store, DEMO).unwrap();
    assert_eq!(status.open_reviews.len(), 5);
    assert!(status.last.is_none());
    let akut = status.open_reviews.iter().find(|r| r.name == "Akutläkarna i Sverige AB").unwrap();
    assert_eq!(akut.requirements.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec!["uteslutning"]);

    let input = workspace::decision_input("2026-12-21", "Karin Berg", Some("upphandlingschef"), None).unwrap();
    let e = anbud::service::decision_preview(&mut store, DEMO, &input).unwrap_err();
    assert_eq!(e.code(), "open_reviews");

    for r in &status.open_reviews {
        for req in &r.requirements {
            workspace::record_override(&mut store, DEMO, r.bid_id, &req.id, Outcome::Pass, "Utrett.", "Anna Lindqvist", NOW).unwrap();
        }
    }
    let status = workspace::decision_status(&store, DEMO).unwrap();
    assert!(status.open_reviews.is_empty());
    assert_eq!(status.counts.qualified, 8);
    let preview = anbud::service::decision_preview(&mut store, DEMO, &input).unwrap();
    assert_eq!((preview.number, preview.supersedes.as_ref()), (1, None), "numbered as it would be stored");
    // 2026-12-31 is New Year's Eve, 2027-01-01 a holiday, then a weekend.
    assert_eq!(preview.standstill_end.to_string(), "2027-01-04");
    let out = dir.path().join("export");
    let written = anbud::service::decide(&mut store, DEMO, &input, &out, NOW).unwrap();
    assert!(written.record.exists());
    assert_eq!(written.notices.len(), 15);
    let last = workspace::decision_status(&store, DEMO).unwrap().last.unwrap();
    assert_eq!(last.number, 1);
    // The decision the app took verifies against the store it was taken on.
    let report = anbud::service::verify(&store, DEMO, None, Some(&written.fingerprint)).unwrap();
    assert!(report.ok && report.problems.is_empty(), "{report:?}");
    assert_eq!(anbud::service::decision_preview(&mut store, DEMO, &input).unwrap().fingerprint(), written.fingerprint);
    let later = workspace::decision_input("2026-12-22", "Karin Berg", Some("upphandlingschef"), None).unwrap();
    let preview = anbud::service::decision_preview(&mut store, DEMO, &later).unwrap();
    assert_eq!((preview.number, preview.supersedes.map(|p| p.number)), (2, Some(1)));
}

#[test]
fn decision_input_is_read_strictly() {
    assert_eq!(workspace::decision_input("2026-12-21", "", None, None).unwrap_err().code(), "invalid_input");
    assert_eq!(workspace::decision_input("21/12/2026", "K", None, None).unwrap_err().code(), "invalid_input");
    let i = workspace::decision_input(" 2026-12-21 ", " Karin ", Some(" "), Some("2026-12-22")).unwrap();
    assert_eq!(i.decided_by, "Karin");
    assert_eq!(i.role, None);
    assert_eq!(i.sent.unwrap().to_string(), "2026-12-22");
}

#[test]
fn a_definition_is_checked_by_key_with_its_line_and_saved_only_when_valid() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let view = workspace::procurement_view(&store, DEMO).unwrap();
    assert_eq!(view.catalogue.len(), 7);
    let credit = view.catalogue.iter().find(|c| c.id == "kreditvardighet").unwrap();
    assert!(credit.parameters.iter().any(|p| p.value.contains("2026-09-15")), "{:?}", credit.parameters);
    let turnover = view.catalogue.iter().find(|c| c.id == "omsattning").unwrap();
    assert_eq!(turnover.parameters[0].value.replace('\u{a0}', " "), "5 000 000,00 kr");

    // A zone with a region twice, and a bad threshold.
    let bad = view.definition_toml.replacen("regions = [\"03\"", "regions = [\"01\", \"03\"", 1).replace("min_class = 3", "min_class = \"tre\"");
    assert_ne!(bad, view.definition_toml);
    let check = workspace::update_definition(&mut store, &bad, NOW).unwrap();
    assert!(!check.ok && !check.saved);
    let zone = check.issues.iter().find(|i| i.key.starts_with("zone[1]")).unwrap_or_else(|| panic!("{:?}", check.issues));
    let line = zone.line.unwrap() as usize;
    assert!(bad.lines().nth(line - 1).unwrap().trim_start().starts_with("regions"), "line {line}");
    let class = check.issues.iter().find(|i| i.key == "requirement[kreditvardighet].min_class").unwrap();
    assert!(bad.lines().nth(class.line.unwrap() as usize - 1).unwrap().contains("min_class"));
    // Nothing saved.
    assert_eq!(workspace::procurement_view(&store, DEMO).unwrap().definition_toml, view.definition_toml);

    // A syntax error names its line.
    let check = workspace::check_definition("[procurement]\nid = \n");
    assert_eq!(check.issues[0].key, "toml");
    assert!(check.issues[0].line.is_some());

    // A valid change is saved and the bids are evaluated again under it.
    let lower = view.definition_toml.replace("min_amount = \"5 000 000\"", "min_amount = \"4 000 000\"");
    assert_ne!(lower, view.definition_toml, "the demo states min_amount");
    let check = workspace::update_definition(&mut store, &lower, NOW).unwrap();
    assert!(check.ok && check.saved, "{:?}", check.issues);
    let o = workspace::overview(&store, DEMO).unwrap();
    assert!(o.rows.iter().any(|r| r.name == "Lilla Vårdbolaget AB" && r.status == Status::Qualified));
}

#[test]
fn locate_key_finds_tables_fields_and_requirements_by_id() {
    let toml = "[procurement]\nid = \"X\"\ndeadline = 2026-12-15\n\n[[zone]]\nnumber = 1\n\n[[zone]]\nnumber = 2\nregions = []\n\n[[requirement]]\nid = \"a\"\n\n[[requirement]]\nid = \"b\"\nmin_class = 3\n";
    assert_eq!(workspace::locate_key(toml, "procurement.deadline"), Some(3));
    assert_eq!(workspace::locate_key(toml, "zone[1].regions"), Some(10));
    assert_eq!(workspace::locate_key(toml, "zone[0].regions"), Some(5));
    assert_eq!(workspace::locate_key(toml, "zone"), Some(5));
    assert_eq!(workspace::locate_key(toml, "requirement[b].min_class"), Some(17));
    assert_eq!(workspace::locate_key(toml, "lot[0]"), None);
}

#[test]
fn databases_are_created_opened_copied_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ny.sqlite");
    let opened = workspace::create_database(&db).unwrap();
    assert!(opened.procurements.is_empty());
    assert_eq!(workspace::create_database(&db).unwrap_err().code(), "file_exists");
    assert_eq!(workspace::open_database(&dir.path().join("saknas.sqlite")).unwrap_err().code(), "not_found");
    let junk = dir.path().join("skrap.sqlite");
    std::fs::write(&junk, b"det har ar ingen databas").unwrap();
    assert!(workspace::open_database(&junk).is_err());

    let store = demo(dir.path());
    let copy = dir.path().join("kopia.sqlite");
    workspace::backup(&store, &copy).unwrap();
    // Again over the same file (the save dialog confirmed replacing it).
    workspace::backup(&store, &copy).unwrap();
    let opened = workspace::open_database(&copy).unwrap();
    assert_eq!(opened.procurements.len(), 1);
    assert_eq!(opened.procurements[0].suppliers, 15);
    assert_eq!(workspace::backup(&store, store.path()).unwrap_err().code(), "invalid_input");

    let recent_dir = dir.path().join("app");
    assert!(workspace::recent_files(&recent_dir).is_empty());
    workspace::remember_recent(&recent_dir, &db);
    let list = workspace::remember_recent(&recent_dir, &copy);
    assert_eq!(list.len(), 2);
    assert!(list[0].path.ends_with("kopia.sqlite") && list[0].exists);
    let list = workspace::remember_recent(&recent_dir, &db);
    assert!(list[0].path.ends_with("ny.sqlite"));
    assert_eq!(list.len(), 2);
}

#[test]
fn the_template_is_written_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let path = dir.path().join(workspace::template_file_name(DEMO));
    workspace::template(&store, DEMO, &path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 1000);
    assert_eq!(workspace::template_file_name("Dnr 12/3"), "anbudsformular-Dnr-12-3.xlsx");
}
