//! The desktop app's use cases (`anbud::usecases`) on real SQLite files and the demo's real
//! workbooks: what each screen shows and does, without a window.

use std::path::Path;

use anbud::model::error_code::ErrorCode;
use anbud::model::evaluation::Status;
use anbud::model::requirement::Outcome;
use anbud::store::Store;
use anbud::usecases::{self, WorkspaceError};

const NOW: &str = "2026-12-18T10:00:00+01:00";
const DEMO: &str = "DEMO-2026-001";

fn demo(dir: &Path) -> Store {
    let db = dir.join("anbud.sqlite");
    let id = usecases::open_demo(&db, &dir.join("demo"), false, NOW).unwrap();
    assert_eq!(id, DEMO);
    Store::open(&db).unwrap()
}

#[test]
fn the_demo_opens_with_its_bids_and_the_expected_counts_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let o = usecases::overview(&store, DEMO).unwrap();
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
    let o2 = usecases::overview(&store, DEMO).unwrap();
    assert_eq!(o2.counts, o.counts);
    assert_eq!(store.bids(DEMO, false).unwrap().len(), 16);
    let listed = usecases::procurements(&store).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].suppliers, 15);

    // Fresh: the database is made anew (the demo files stay).
    let db = dir.path().join("anbud.sqlite");
    usecases::open_demo(&db, &dir.path().join("demo"), true, NOW).unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.last_override_id().unwrap(), 0);
    assert_eq!(usecases::overview(&store, DEMO).unwrap().counts, o.counts);
}

#[test]
fn importing_again_reports_each_file_and_keeps_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let paths = usecases::workbooks_in(&dir.path().join("demo/anbud")).unwrap();
    assert_eq!(paths.len(), 17);
    let mut calls = Vec::new();
    let report = usecases::import(&mut store, DEMO, &paths, NOW, &mut |done, total, _| calls.push((done, total))).unwrap();
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
    assert_eq!(
        (report.counts.qualified, report.counts.not_qualified, report.counts.needs_review, report.counts.not_evaluated),
        (3, 7, 5, 2)
    );
    assert!(matches!(usecases::import(&mut store, DEMO, &[], NOW, &mut |_, _, _| {}), Err(WorkspaceError::Invalid(_))));
}

#[test]
fn a_supplier_shows_answers_with_cells_and_an_override_changes_its_status_with_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let o = usecases::overview(&store, DEMO).unwrap();
    let dala = o.rows.iter().find(|r| r.name == "Dalabemanning AB").unwrap();
    assert_eq!(dala.status, Status::NeedsReview);
    let d = usecases::supplier_detail(&store, DEMO, dala.bid_id).unwrap();
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
    let e = usecases::record_override(&mut store, DEMO, dala.bid_id, "kreditvardighet", Outcome::Pass, "  ", "Anna", NOW).unwrap_err();
    assert_eq!(e.code(), ErrorCode::JustificationRequired);
    let e = usecases::record_override(&mut store, DEMO, dala.bid_id, "kreditvardighet", Outcome::Pass, "Ny upplysning.", "", NOW)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::DeciderRequired);
    let e = usecases::record_override(&mut store, DEMO, dala.bid_id, "finns-inte", Outcome::Pass, "x", "Anna", NOW).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Refused);

    let after = usecases::record_override(
        &mut store,
        DEMO,
        dala.bid_id,
        "kreditvardighet",
        Outcome::Pass,
        "Ny kreditupplysning daterad 2026-11-01 har visats.",
        "Anna Lindqvist",
        NOW,
    )
    .unwrap();
    assert_eq!(after.status, Status::Qualified);
    let credit = after.requirements.iter().find(|r| r.result.id == "kreditvardighet").unwrap();
    assert_eq!(credit.result.proposed, Outcome::Review, "the proposal stays");
    assert_eq!(credit.result.outcome, Outcome::Pass);
    assert_eq!(credit.history.len(), 1);
    assert_eq!(after.history[0].original, Outcome::Review);
    assert_eq!(after.history[0].decision.decided_by, "Anna Lindqvist");
    let o = usecases::overview(&store, DEMO).unwrap();
    assert_eq!((o.counts.qualified, o.counts.needs_review), (4, 4));

    // A replaced bid cannot be overridden.
    let replaced = store.bids(DEMO, false).unwrap().into_iter().find(|b| b.state == "replaced").unwrap();
    let e = usecases::record_override(&mut store, DEMO, replaced.id, "uteslutning", Outcome::Pass, "x", "y", NOW).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert_eq!(usecases::supplier_detail(&store, DEMO, 999_999).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn the_decision_is_blocked_until_every_review_is_settled_then_written_to_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let status = usecases::decision_status(&store, DEMO).unwrap();
    assert_eq!(status.open_reviews.len(), 5);
    assert!(status.last.is_none());
    let akut = status.open_reviews.iter().find(|r| r.name == "Akutläkarna i Sverige AB").unwrap();
    assert_eq!(akut.requirements.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec!["uteslutning"]);

    let input = usecases::decision_input("2026-12-21", "Karin Berg", Some("upphandlingschef"), None).unwrap();
    let e = anbud::usecases::batch::decision_preview(&mut store, DEMO, &input).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OpenReviews);

    for r in &status.open_reviews {
        for req in &r.requirements {
            usecases::record_override(&mut store, DEMO, r.bid_id, &req.id, Outcome::Pass, "Utrett.", "Anna Lindqvist", NOW).unwrap();
        }
    }
    let status = usecases::decision_status(&store, DEMO).unwrap();
    assert!(status.open_reviews.is_empty());
    assert_eq!(status.counts.qualified, 8);
    let preview = anbud::usecases::batch::decision_preview(&mut store, DEMO, &input).unwrap();
    assert_eq!((preview.number, preview.supersedes.as_ref()), (1, None), "numbered as it would be stored");
    // 2026-12-31 is New Year's Eve, 2027-01-01 a holiday, then a weekend.
    assert_eq!(preview.standstill_end.to_string(), "2027-01-04");
    let out = dir.path().join("export");
    let written = anbud::usecases::batch::decide(&mut store, DEMO, &input, &out, NOW).unwrap();
    assert!(written.record.exists());
    assert_eq!(written.notices.len(), 16, "15 evaluated suppliers and the bidder of the unreadable workbook");
    let last = usecases::decision_status(&store, DEMO).unwrap().last.unwrap();
    assert_eq!(last.number, 1);
    // The decision the app took verifies against the store it was taken on.
    let report = anbud::usecases::batch::verify(&store, DEMO, None, Some(&written.fingerprint)).unwrap();
    assert!(report.ok && report.problems.is_empty(), "{report:?}");
    assert_eq!(anbud::usecases::batch::decision_preview(&mut store, DEMO, &input).unwrap().fingerprint(), written.fingerprint);
    let later = usecases::decision_input("2026-12-22", "Karin Berg", Some("upphandlingschef"), None).unwrap();
    let preview = anbud::usecases::batch::decision_preview(&mut store, DEMO, &later).unwrap();
    assert_eq!((preview.number, preview.supersedes.map(|p| p.number)), (2, Some(1)));
}

#[test]
fn decision_input_is_read_strictly() {
    assert_eq!(usecases::decision_input("2026-12-21", "", None, None).unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!(usecases::decision_input("21/12/2026", "K", None, None).unwrap_err().code(), ErrorCode::InvalidInput);
    let i = usecases::decision_input(" 2026-12-21 ", " Karin ", Some(" "), Some("2026-12-22")).unwrap();
    assert_eq!(i.decided_by, "Karin");
    assert_eq!(i.role, None);
    assert_eq!(i.sent.unwrap().to_string(), "2026-12-22");
}

#[test]
fn a_definition_is_checked_by_key_with_its_line_and_saved_only_when_valid() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let view = usecases::procurement_view(&store, DEMO).unwrap();
    assert_eq!(view.catalogue.len(), 7);
    let credit = view.catalogue.iter().find(|c| c.id == "kreditvardighet").unwrap();
    assert!(credit.parameters.iter().any(|p| p.value.contains("2026-09-15")), "{:?}", credit.parameters);
    let turnover = view.catalogue.iter().find(|c| c.id == "omsattning").unwrap();
    assert_eq!(turnover.parameters[0].value.replace('\u{a0}', " "), "5 000 000,00 kr");

    // A zone with a region twice, and a bad threshold.
    let bad = view
        .definition_toml
        .replacen("regions = [\"03\"", "regions = [\"01\", \"03\"", 1)
        .replace("min_class = 3", "min_class = \"tre\"");
    assert_ne!(bad, view.definition_toml);
    let check = usecases::update_definition(&mut store, &bad, NOW).unwrap();
    assert!(!check.ok && !check.saved);
    let zone = check.issues.iter().find(|i| i.key.starts_with("zone[1]")).unwrap_or_else(|| panic!("{:?}", check.issues));
    let line = zone.line.unwrap() as usize;
    assert!(bad.lines().nth(line - 1).unwrap().trim_start().starts_with("regions"), "line {line}");
    let class = check.issues.iter().find(|i| i.key == "requirement[kreditvardighet].min_class").unwrap();
    assert!(bad.lines().nth(class.line.unwrap() as usize - 1).unwrap().contains("min_class"));
    // Nothing saved.
    assert_eq!(usecases::procurement_view(&store, DEMO).unwrap().definition_toml, view.definition_toml);

    // A syntax error names its line, and the key written on it.
    let check = usecases::check_definition("[procurement]\nid = \n");
    assert_eq!(check.issues[0].key, "procurement.id");
    assert_eq!(check.issues[0].line, Some(2));

    // The demo has received bids: a valid change is refused unless it is an amendment, and then
    // saved and the bids are evaluated again under it.
    assert!(view.frozen);
    let lower = view.definition_toml.replace("min_amount = \"5 000 000\"", "min_amount = \"4 000 000\"");
    assert_ne!(lower, view.definition_toml, "the demo states min_amount");
    let err = usecases::update_definition(&mut store, &lower, NOW).unwrap_err();
    assert_eq!(err.code(), anbud::model::error_code::ErrorCode::DefinitionFrozen, "{err}");
    let amendment = anbud::store::AmendmentInput {
        justification: "Beloppet rättat efter frågor.".into(),
        by: "Anna Lindqvist".into(),
    };
    let check = usecases::update_definition_amended(&mut store, &lower, NOW, Some(&amendment)).unwrap();
    assert!(check.ok && check.saved, "{:?}", check.issues);
    let o = usecases::overview(&store, DEMO).unwrap();
    assert!(o.rows.iter().any(|r| r.name == "Lilla Vårdbolaget AB" && r.status == Status::Qualified));
}

#[test]
fn locate_key_finds_tables_fields_and_requirements_by_id() {
    let toml = "[procurement]\nid = \"X\"\ndeadline = 2026-12-15\n\n[[zone]]\nnumber = 1\n\n[[zone]]\nnumber = 2\nregions = []\n\n[[requirement]]\nid = \"a\"\n\n[[requirement]]\nid = \"b\"\nmin_class = 3\n";
    assert_eq!(anbud::definition::locate::locate_key(toml, "procurement.deadline"), Some(3));
    assert_eq!(anbud::definition::locate::locate_key(toml, "zone[1].regions"), Some(10));
    assert_eq!(anbud::definition::locate::locate_key(toml, "zone[0].regions"), Some(5));
    assert_eq!(anbud::definition::locate::locate_key(toml, "zone"), Some(5));
    assert_eq!(anbud::definition::locate::locate_key(toml, "requirement[b].min_class"), Some(17));
    assert_eq!(anbud::definition::locate::locate_key(toml, "lot[0]"), None);
}

#[test]
fn databases_are_created_opened_copied_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ny.sqlite");
    let opened = usecases::create_database(&db).unwrap();
    assert!(opened.procurements.is_empty());
    assert_eq!(usecases::create_database(&db).unwrap_err().code(), ErrorCode::FileExists);
    assert_eq!(usecases::open_database(&dir.path().join("saknas.sqlite")).unwrap_err().code(), ErrorCode::NotFound);
    let junk = dir.path().join("skrap.sqlite");
    std::fs::write(&junk, b"det har ar ingen databas").unwrap();
    assert!(usecases::open_database(&junk).is_err());

    let store = demo(dir.path());
    let copy = dir.path().join("kopia.sqlite");
    usecases::backup(&store, &copy).unwrap();
    // Again over the same file (the save dialog confirmed replacing it).
    usecases::backup(&store, &copy).unwrap();
    let opened = usecases::open_database(&copy).unwrap();
    assert_eq!(opened.procurements.len(), 1);
    assert_eq!(opened.procurements[0].suppliers, 15);
    assert_eq!(usecases::backup(&store, store.path()).unwrap_err().code(), ErrorCode::InvalidInput);

    let recent_dir = dir.path().join("app");
    assert!(usecases::recent_files(&recent_dir).is_empty());
    usecases::remember_recent(&recent_dir, &db);
    let list = usecases::remember_recent(&recent_dir, &copy);
    assert_eq!(list.len(), 2);
    assert!(list[0].path.ends_with("kopia.sqlite") && list[0].exists);
    let list = usecases::remember_recent(&recent_dir, &db);
    assert!(list[0].path.ends_with("ny.sqlite"));
    assert_eq!(list.len(), 2);
}

#[test]
fn the_template_is_written_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let path = dir.path().join(usecases::template_file_name(DEMO));
    usecases::template(&store, DEMO, &path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 1000);
    assert_eq!(usecases::template_file_name("Dnr 12/3"), "anbudsformular-Dnr-12-3.xlsx");
}

/// No English from the OS, SQLite or the parser reaches people: a message is Swedish, names the
/// file or key, and the code is the stable one.
fn assert_swedish(message: &str) {
    for english in [
        "No such file",
        "os error",
        "unable to open",
        "not a database",
        "Permission denied",
        "expected",
        "unknown field",
        "invalid type",
        "unclosed",
    ] {
        assert!(!message.contains(english), "engelska ({english}) i: {message}");
    }
}

#[test]
fn opening_what_is_not_an_anbud_database_says_why_in_swedish_with_code_db_open() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("skrap.sqlite");
    std::fs::write(&junk, "ingen databas här, bara text som är längre än en sqlite-rubrik").unwrap();
    let e = usecases::open_database(&junk).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DbOpen);
    assert!(e.to_string().contains("är inte en Anbud-databas"), "{e}");
    assert!(e.to_string().contains("skrap.sqlite"), "{e}");
    assert_swedish(&e.to_string());

    // A folder given as the database.
    let folder = dir.path().join("mapp.sqlite");
    std::fs::create_dir(&folder).unwrap();
    let e = usecases::open_database(&folder).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DbOpen);
    assert!(e.to_string().contains("är en mapp"), "{e}");

    // Another program's SQLite database is not migrated into an Anbud database.
    let other = dir.path().join("annan.sqlite");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute("CREATE TABLE kunder (namn TEXT)", []).unwrap();
    drop(conn);
    let e = usecases::open_database(&other).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DbOpen);
    assert!(e.to_string().contains("inte en Anbud-databas"), "{e}");
    let conn = rusqlite::Connection::open(&other).unwrap();
    let tables: i64 = conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1, "nothing written into the other program's file");

    // A new database in a folder that cannot be made (/proc refuses new entries).
    let e = usecases::create_database(Path::new("/proc/anbud-finns-inte/ny.sqlite")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DbOpen);
    assert!(e.to_string().starts_with("Mappen /proc/anbud-finns-inte"), "{e}");
    assert_swedish(&e.to_string());
}

#[test]
fn file_errors_of_the_app_are_swedish() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    // A copy into a folder that does not exist.
    let e = usecases::backup(&store, Path::new("/proc/anbud-x/kopia.sqlite")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Io);
    assert!(e.to_string().contains("mappen /proc/anbud-x finns inte"), "{e}");
    assert_swedish(&e.to_string());
    // A folder of workbooks that does not exist.
    let e = usecases::workbooks_in(&dir.path().join("saknas")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Io);
    assert!(e.to_string().ends_with("filen eller mappen finns inte."), "{e}");
    assert_swedish(&e.to_string());
    // A workbook that vanished between the dialog and the import.
    let report = usecases::import(&mut store, DEMO, &[dir.path().join("borta.xlsx")], NOW, &mut |_, _, _| {}).unwrap();
    assert_eq!(report.rejected, 1);
    let message = &report.files[0].errors[0].message;
    assert_eq!(message, "Filen kan inte läsas: filen eller mappen finns inte");
    // The template into a folder that does not exist.
    let e = usecases::template(&store, DEMO, Path::new("/proc/anbud-x/formular.xlsx")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Io);
    assert_swedish(&e.to_string());
}

#[test]
fn definition_syntax_and_type_errors_are_swedish_with_key_and_line() {
    let toml = anbud::usecases::demo::DEMO_TOML;
    // An unknown field: named, with the allowed ones, its key and its line.
    let bad = toml.replace("reference_year = 2025", "refrence_year = 2025");
    let check = usecases::check_definition(&bad);
    assert!(!check.ok);
    let issue = &check.issues[0];
    assert_eq!(issue.key, "procurement.refrence_year", "{issue:?}");
    assert!(issue.message.contains("okänt fält ”refrence_year”"), "{}", issue.message);
    assert!(issue.message.contains("tillåtna fält: id, name"), "{}", issue.message);
    let line = issue.line.unwrap();
    assert!(bad.lines().nth(line as usize - 1).unwrap().starts_with("refrence_year"), "rad {line}");
    assert!(!issue.message.contains("(rad"), "the line is a field of its own: {}", issue.message);
    assert_swedish(&issue.message);

    // A date written as text.
    let bad = toml.replace("deadline = 2026-12-15", "deadline = \"i morgon\"");
    let check = usecases::check_definition(&bad);
    let issue = &check.issues[0];
    assert_eq!(issue.key, "procurement.deadline");
    assert!(issue.message.contains("texten ”i morgon”") && issue.message.contains("ett datum (ÅÅÅÅ-MM-DD"), "{}", issue.message);
    assert_swedish(&issue.message);

    // An unclosed table header on line 1.
    let check = usecases::check_definition("[procurement\nid = \"X\"\n");
    let issue = &check.issues[0];
    assert_eq!((issue.key.as_str(), issue.line), ("toml", Some(1)));
    assert!(issue.message.starts_with("tabellrubriken är inte stängd"), "{}", issue.message);
    assert_swedish(&issue.message);

    // A rule's parameter of the wrong type.
    let bad = toml.replace("min_class = 3", "min_class = \"tre\"");
    let check = usecases::check_definition(&bad);
    let issue = check
        .issues
        .iter()
        .find(|i| i.key == "requirement[kreditvardighet].min_class")
        .unwrap_or_else(|| panic!("{:?}", check.issues));
    assert_swedish(&issue.message);
    let bad = toml.replace("scale = [1, 5]", "scale = [1, 5, 7]");
    let check = usecases::check_definition(&bad);
    assert!(check.issues.iter().all(|i| !i.message.contains("expected")), "{:?}", check.issues);
}

#[test]
fn the_key_of_a_line_names_table_selector_and_field() {
    let toml = "[procurement]\nid = \"X\"\ndeadline = 2026-12-15\n\n[[zone]]\nnumber = 1\n\n[[zone]]\nnumber = 2\nfactor = \"1.05\"\n\n[[requirement]]\nid = \"a\"\nkind = \"deadline\"\n";
    assert_eq!(anbud::definition::locate::key_at_line(toml, 3).as_deref(), Some("procurement.deadline"));
    assert_eq!(anbud::definition::locate::key_at_line(toml, 1).as_deref(), Some("procurement"));
    assert_eq!(anbud::definition::locate::key_at_line(toml, 10).as_deref(), Some("zone[1].factor"));
    assert_eq!(anbud::definition::locate::key_at_line(toml, 14).as_deref(), Some("requirement[a].kind"));
    assert_eq!(anbud::definition::locate::key_at_line(toml, 99), None);
    // What locate_key finds, key_at_line names again.
    for key in ["procurement.deadline", "zone[1].factor", "requirement[a].kind"] {
        let line = anbud::definition::locate::locate_key(toml, key).unwrap();
        assert_eq!(anbud::definition::locate::key_at_line(toml, line).as_deref(), Some(key));
    }
}

#[test]
fn a_new_procurement_never_replaces_one_with_the_same_diarienummer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let before = usecases::procurement_view(&store, DEMO).unwrap().definition_toml;
    let changed = anbud::usecases::demo::DEMO_TOML.replace("reference_year = 2025", "reference_year = 2024");
    let check = usecases::create_procurement(&mut store, &changed, NOW).unwrap();
    assert!(!check.ok && !check.saved);
    assert_eq!(check.issues[0].key, "procurement.id");
    assert!(check.issues[0].message.contains("finns redan"), "{:?}", check.issues);
    assert_eq!(check.issues[0].line, anbud::definition::locate::locate_key(&changed, "procurement.id"));
    assert_eq!(usecases::procurement_view(&store, DEMO).unwrap().definition_toml, before, "the existing one is untouched");

    let new = anbud::usecases::demo::DEMO_TOML.replace("id = \"DEMO-2026-001\"", "id = \"RS-2027-014\"");
    let check = usecases::create_procurement(&mut store, &new, NOW).unwrap();
    assert!(check.ok && check.saved, "{:?}", check.issues);
    assert_eq!(check.procurement_id.as_deref(), Some("RS-2027-014"));
    let ids: Vec<String> = usecases::procurements(&store).unwrap().into_iter().map(|p| p.id).collect();
    assert_eq!(ids, vec!["DEMO-2026-001", "RS-2027-014"]);
}

/// The only test here that reads the app's data folder (through ANBUD_DB): the demo goes into a
/// database of its own beside it, never into ANBUD_DB's file.
#[test]
fn the_app_demo_never_writes_into_the_users_database() {
    let dir = tempfile::tempdir().unwrap();
    let user_db = dir.path().join("min.sqlite");
    std::env::set_var("ANBUD_DB", &user_db);
    usecases::create_database(&user_db).unwrap();
    let (db, id) = usecases::open_app_demo(NOW).unwrap();
    assert_eq!(id, DEMO);
    assert_ne!(db, user_db);
    assert!(db.starts_with(dir.path().join("demo")), "{}", db.display());
    assert!(usecases::open_database(&user_db).unwrap().procurements.is_empty(), "the user's database is untouched");
    let store = Store::open(&db).unwrap();
    assert_eq!(usecases::overview(&store, DEMO).unwrap().rows.len(), 15);
    // Opened again (the other way into the demo): the same database, kept.
    let s = usecases::supplier_detail(&store, DEMO, usecases::overview(&store, DEMO).unwrap().rows[0].bid_id).unwrap();
    let req = s.requirements.iter().find(|r| r.result.id == "uteslutning").unwrap();
    let mut store = store;
    usecases::record_override(&mut store, DEMO, s.bid_id, &req.result.id, Outcome::Pass, "Utrett.", "Anna", NOW).unwrap();
    drop(store);
    let (again, _) = usecases::open_app_demo(NOW).unwrap();
    assert_eq!(again, db);
    assert_eq!(Store::open(&db).unwrap().last_override_id().unwrap(), 1, "what was done in the demo stays");
}

#[test]
fn a_structured_edit_gives_the_new_text_checked_and_its_procurement_and_never_saves() {
    use anbud::definition::edit::Edit;
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let id = "DEMO-2026-001";
    let saved = usecases::procurement_view(&store, id).unwrap().definition_toml;
    // Zone 3's factor to 1,12: S1 in zone 3 is 720 × 1,12 = 806,4 → 806 kr.
    let e = usecases::edit_definition(&saved, &[Edit::SetZoneFactor { zone: 3, factor: "1,12".into() }]).unwrap();
    assert!(e.check.ok, "{:?}", e.check);
    assert!(e.toml.contains("factor = \"1.12\""));
    let p = e.procurement.as_ref().unwrap();
    assert_eq!(p.prices.get("S1", 3), Some("806".parse().unwrap()));
    assert_eq!(e.catalogue.len(), 7);
    // Falling prices: named at both factors, with their lines; no procurement.
    let bad = usecases::edit_definition(&e.toml, &[Edit::SetZoneFactor { zone: 3, factor: "1,40".into() }]).unwrap();
    assert!(!bad.check.ok && bad.procurement.is_none());
    let keys: Vec<_> = bad.check.issues.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["zone[2].factor", "zone[3].factor"]);
    let line = bad.check.issues[0].line.unwrap() as usize;
    assert_eq!(bad.toml.lines().nth(line - 1), Some("factor = \"1.40\""));
    // Nothing was saved.
    assert_eq!(usecases::procurement_view(&store, id).unwrap().definition_toml, saved);
    // No edit: the text checked as it is.
    let same = usecases::edit_definition(&saved, &[]).unwrap();
    assert_eq!(same.toml, saved);
    assert!(same.check.ok && same.procurement.is_some());
    // Text that is not TOML: unchanged, with its syntax problem and line.
    let broken = format!("{saved}\n[zone\n");
    let r = usecases::edit_definition(&broken, &[Edit::SetZoneName { zone: 1, name: "X".into() }]).unwrap();
    assert_eq!(r.toml, broken);
    assert!(!r.check.ok && r.check.issues[0].line.is_some(), "{:?}", r.check);
    // An edit of what is not there: refused as invalid input.
    let err = usecases::edit_definition(&saved, &[Edit::SetZoneName { zone: 9, name: "X".into() }]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(err.to_string(), "zone: zon 9 finns inte i definitionen");
    // Saved through update_definition, as "Spara ändringarna" does: after bids were received,
    // as an amendment.
    let amendment = anbud::store::AmendmentInput { justification: "Zon 3 rättad.".into(), by: "Anna Lindqvist".into() };
    let check = usecases::update_definition_amended(&mut store, &e.toml, "2026-12-16T10:00:00+01:00", Some(&amendment)).unwrap();
    assert!(check.saved);
    assert!(usecases::procurement_view(&store, id).unwrap().definition_toml.contains("factor = \"1.12\""));
}
