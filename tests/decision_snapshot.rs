//! A decision is one snapshot, and its files are never half-written or misplaced.
//!
//! - The real `anbud decision` is killed with SIGKILL at many points (ANBUD_TEST_PAUSE_IN_DECIDE_MS
//!   slows it inside its transaction and before each document is written): each time there is
//!   either no decision and no document under its final name, or the decision stored whole, which
//!   verifies, with every document under its final name complete (and taking the same decision
//!   again writes the ones the kill left unwritten).
//! - An override from a second process while the decision's transaction is open waits and lands
//!   after it: the decision verifies, and every override is either in it or recorded after it.
//! - The documents' names: a dnr such as "RS 2026/12" or "../x" stays in the folder, at most 100
//!   characters, the decision's number in each name, and a re-taken decision never overwrites an
//!   earlier one's files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use anbud::model::requirement::Outcome;
use anbud::store::Store;
use anbud::usecases;

const NOW: &str = "2026-12-18T10:00:00+01:00";
const DEMO: &str = "DEMO-2026-001";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn anbud(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anbud")).args(args).env("ANBUD_DB", "/nonexistent/should-not-be-used").output().unwrap()
}

/// Settles every open review of a procurement with an override (as the working group would).
fn settle_reviews(store: &mut Store, procurement_id: &str) {
    let status = usecases::decision_status(store, procurement_id).unwrap();
    assert!(!status.open_reviews.is_empty());
    for r in &status.open_reviews {
        for req in &r.requirements {
            usecases::record_override(store, procurement_id, r.bid_id, &req.id, Outcome::Pass, "Utrett.", "Anna Lindqvist", NOW)
                .unwrap();
        }
    }
    assert!(usecases::decision_status(store, procurement_id).unwrap().open_reviews.is_empty());
}

/// The demo imported into `dir/prepared.sqlite`, every review settled, no decision yet; the store
/// closed (so the file is whole without its WAL and can be copied). Returns the definition and
/// the workbooks.
fn prepared(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let db = dir.join("prepared.sqlite");
    let demo = dir.join("demo");
    assert_eq!(usecases::open_demo(&db, &demo, false, NOW).unwrap(), DEMO);
    let mut store = Store::open(&db).unwrap();
    settle_reviews(&mut store, DEMO);
    drop(store);
    assert!(!dir.join("prepared.sqlite-wal").exists(), "the WAL is checkpointed on close");
    let bids = usecases::workbooks_in(&demo.join("anbud")).unwrap();
    (demo.join("upphandling.toml"), bids)
}

/// `anbud decision` on `db` as a command, the record to `out/beslut.pdf`, the notices (when
/// asked) in `out/underrattelser`.
fn decision_command(db: &Path, toml: &Path, bids: &[PathBuf], out: &Path, notices: bool) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_anbud"));
    c.arg("--db").arg(db).arg("decision").arg(toml).args(bids);
    c.args(["--date", "2026-12-21", "--decided-by", "Karin Berg", "--role", "upphandlingschef", "-o"]).arg(out.join("beslut.pdf"));
    if notices {
        c.arg("--notices").arg(out.join("underrattelser"));
    }
    c.env("ANBUD_DB", "/nonexistent/should-not-be-used").stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

fn fingerprint_of(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().find_map(|l| l.strip_prefix("Kontrollsumma (SHA-256): ")).unwrap().to_string()
}

/// Every file under `dir` (recursively), by its path relative to `dir`, with its bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_string_lossy().to_string(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A temporary file the writer leaves when killed: hidden, `.<final name>.<pid>.tmp`.
fn is_temporary(rel: &str) -> bool {
    let name = Path::new(rel).file_name().unwrap().to_string_lossy().to_string();
    name.starts_with('.') && name.ends_with(".tmp")
}

/// A PDF that is whole: it ends with %%EOF, parses, and `qpdf --check` (where installed) finds no
/// fault.
fn assert_complete_pdf(name: &str, bytes: &[u8]) {
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(16)..]).to_string();
    assert!(tail.trim_end().ends_with("%%EOF"), "{name} does not end with %%EOF");
    lopdf::Document::load_mem(bytes).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, bytes).unwrap();
    if let Ok(out) = Command::new("qpdf").arg("--check").arg(&path).output() {
        assert!(out.status.success(), "qpdf --check {name}: {}", String::from_utf8_lossy(&out.stdout));
    }
}

/// A small deterministic generator (no dependency), for the kill delays.
struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The number of stored decisions, and whether the database file is sound.
fn stored_decisions(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    conn.query_row("SELECT COUNT(*) FROM decision", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_decision_killed_at_any_point_is_there_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let (toml, bids) = prepared(dir.path());
    const PAUSE_MS: &str = "30";

    // Once whole, unkilled: the documents every trial must produce, and how long it takes.
    let reference_db = dir.path().join("reference.sqlite");
    std::fs::copy(dir.path().join("prepared.sqlite"), &reference_db).unwrap();
    let reference_out = dir.path().join("reference");
    let started = Instant::now();
    let child = decision_command(&reference_db, &toml, &bids, &reference_out, true)
        .env("ANBUD_TEST_PAUSE_IN_DECIDE_MS", PAUSE_MS)
        .spawn()
        .unwrap();
    // When the decision is committed (seen from another connection), and when all is written.
    let reader = rusqlite::Connection::open(&reference_db).unwrap();
    let committed = loop {
        let n: i64 = reader.query_row("SELECT COUNT(*) FROM decision", [], |r| r.get(0)).unwrap_or(0);
        if n > 0 || started.elapsed() > Duration::from_secs(60) {
            break started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    drop(reader);
    let out = child.wait_with_output().unwrap();
    let duration = started.elapsed();
    fingerprint_of(&out);
    let reference = files(&reference_out);
    assert_eq!(reference.len(), 17, "the record and 16 notices: {:?}", reference.keys().collect::<Vec<_>>());
    for name in reference.keys() {
        assert!(!is_temporary(name), "{name} left behind");
        assert!(name == "beslut.pdf" || name.starts_with("underrattelser/underrattelse-demo-2026-001-nr1-"), "{name}");
    }

    let (mut none, mut partial, mut whole) = (0, 0, 0);
    let trials = 24;
    let mut rng = Lcg(20261221);
    for trial in 0..trials {
        let db = dir.path().join(format!("trial-{trial}.sqlite"));
        std::fs::copy(dir.path().join("prepared.sqlite"), &db).unwrap();
        let out_dir = dir.path().join(format!("trial-{trial}"));
        // Half of the kills spread up to a little past the commit, half over the whole run (and a
        // little past it), each at a random point within its stretch.
        let (span, stretch, stretches) = if trial % 2 == 0 {
            (committed.mul_f64(1.2), trial / 2, trials / 2)
        } else {
            (duration.mul_f64(1.1), trial / 2, trials / 2)
        };
        let at = span.mul_f64((stretch as f64 + rng.unit()) / stretches as f64);
        let mut child =
            decision_command(&db, &toml, &bids, &out_dir, true).env("ANBUD_TEST_PAUSE_IN_DECIDE_MS", PAUSE_MS).spawn().unwrap();
        std::thread::sleep(at);
        child.kill().unwrap(); // SIGKILL (harmless when it has finished)
        let status = child.wait().unwrap();

        let written: std::collections::BTreeMap<String, Vec<u8>> =
            files(&out_dir).into_iter().filter(|(n, _)| !is_temporary(n)).collect();
        match stored_decisions(&db) {
            0 => {
                assert!(!status.success(), "trial {trial}: finished without storing a decision");
                assert!(
                    written.is_empty(),
                    "trial {trial}: no decision, yet documents under their final names: {:?}",
                    written.keys().collect::<Vec<_>>()
                );
                none += 1;
            }
            1 => {
                // Stored whole: it verifies, and the journal holds.
                let v = anbud(&["--db", s(&db), "verify", DEMO]);
                assert_eq!(v.status.code(), Some(0), "trial {trial}: {}", String::from_utf8_lossy(&v.stdout));
                let a = anbud(&["--db", s(&db), "audit", "verify", DEMO]);
                assert_eq!(a.status.code(), Some(0), "trial {trial}: {}", String::from_utf8_lossy(&a.stdout));
                let stored: String =
                    rusqlite::Connection::open(&db).unwrap().query_row("SELECT sha256 FROM decision", [], |r| r.get(0)).unwrap();
                // Each document under its final name is one the decision writes, and complete.
                for (name, bytes) in &written {
                    assert!(reference.contains_key(name), "trial {trial}: {name}");
                    assert_complete_pdf(name, bytes);
                }
                if written.len() == reference.len() {
                    whole += 1;
                } else {
                    partial += 1;
                }
                // The same decision taken again stores nothing new, writes what is missing, and
                // writes what was there byte for byte the same.
                let again = decision_command(&db, &toml, &bids, &out_dir, true).output().unwrap();
                assert_eq!(fingerprint_of(&again), stored, "trial {trial}");
                assert!(String::from_utf8_lossy(&again.stdout).contains("samma beslut"), "trial {trial}");
                assert_eq!(stored_decisions(&db), 1);
                let now: std::collections::BTreeMap<String, Vec<u8>> =
                    files(&out_dir).into_iter().filter(|(n, _)| !is_temporary(n)).collect();
                assert_eq!(now.keys().collect::<Vec<_>>(), reference.keys().collect::<Vec<_>>(), "trial {trial}");
                for (name, bytes) in &written {
                    assert!(now.get(name) == Some(bytes), "trial {trial}: {name} was not the decision's whole document");
                }
            }
            n => panic!("trial {trial}: {n} decisions stored"),
        }
    }
    eprintln!(
        "{trials} kills: {none} before the commit, {partial} after it with documents still to write, {whole} after every document"
    );
    assert!(none > 0 && partial + whole > 0, "the kills did not fall both before and after the commit ({none}, {partial}, {whole})");
}

#[test]
fn an_override_from_another_process_during_the_decision_lands_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let (toml, bids) = prepared(dir.path());
    let db = dir.path().join("prepared.sqlite");
    let out_dir = dir.path().join("out");
    // Paused twice inside its transaction, then once before writing the record.
    let mut decision =
        decision_command(&db, &toml, &bids, &out_dir, false).env("ANBUD_TEST_PAUSE_IN_DECIDE_MS", "800").spawn().unwrap();

    // Wait until the decision's transaction holds the write lock (nothing else here writes).
    let probe = rusqlite::Connection::open(&db).unwrap();
    probe.busy_timeout(Duration::ZERO).unwrap();
    loop {
        match probe.execute_batch("BEGIN IMMEDIATE") {
            Ok(()) => probe.execute_batch("ROLLBACK").unwrap(),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => break,
            Err(e) => panic!("{e}"),
        }
        if let Some(status) = decision.try_wait().unwrap() {
            panic!("the decision ended ({status}) without ever holding the write lock");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(probe);
    // A second process records an override meanwhile: it waits for the decision's commit.
    let over = anbud(&[
        "--db",
        s(&db),
        "override",
        s(&toml),
        "559700-8001",
        "kreditvardighet",
        "--outcome",
        "fail",
        "--justification",
        "Ny kreditupplysning visar riskklass 1.",
        "--by",
        "Per Ek",
    ]);
    assert!(over.status.success(), "{}", String::from_utf8_lossy(&over.stderr));
    let decided = decision.wait_with_output().unwrap();
    let fingerprint = fingerprint_of(&decided);

    // The decision verifies, and the journal holds.
    let v = anbud(&["--db", s(&db), "verify", DEMO, "--fingerprint", &fingerprint]);
    assert_eq!(v.status.code(), Some(0), "{}", String::from_utf8_lossy(&v.stdout));
    let a = anbud(&["--db", s(&db), "audit", "verify", DEMO]);
    assert_eq!(a.status.code(), Some(0), "{}", String::from_utf8_lossy(&a.stdout));

    // Every override is either one the decision was taken on, recorded before it in the journal,
    // or one after it, recorded after it: never one recorded before it but left out.
    let store = Store::open_read_only(&db).unwrap();
    let stored = store.decision(DEMO, None).unwrap().unwrap();
    let inputs: usecases::batch::DecisionInputs = serde_json::from_str(&stored.inputs_json).unwrap();
    let events = store.events(DEMO).unwrap();
    let payload = |e: &anbud::store::Event| serde_json::from_str::<serde_json::Value>(&e.payload_json).unwrap();
    let taken = events.iter().find(|e| e.kind == "decision_taken").unwrap().seq;
    let overrides: Vec<(i64, i64)> =
        events.iter().filter(|e| e.kind == "override").map(|e| (payload(e)["override_id"].as_i64().unwrap(), e.seq)).collect();
    assert!(overrides.len() > 1);
    for (id, seq) in &overrides {
        assert_eq!(*id <= inputs.last_override_id, *seq < taken, "override {id} (event {seq}), decision taken at event {taken}");
    }
    // The one from the second process landed after the decision, and the decision stands without it.
    let (last_id, last_seq) = *overrides.last().unwrap();
    assert!(last_id > inputs.last_override_id && last_seq > taken);
    let decision: anbud::records::decision::Decision = serde_json::from_str(&stored.canonical_json).unwrap();
    let dala = decision.suppliers.iter().find(|s| s.org_nr == "559700-8001").unwrap();
    assert_eq!(dala.status, anbud::model::evaluation::Status::Qualified, "as judged before the later override");
    assert_eq!(decision.basis.as_ref().unwrap().overrides as usize, overrides.len() - 1);
}

/// The demo under another dnr, imported into `dir/db.sqlite` with its reviews settled.
fn demo_as(dir: &Path, dnr: &str) -> Store {
    let demo = dir.join("demo");
    let bids = anbud::usecases::demo::write_demo(&demo).unwrap();
    let toml = anbud::usecases::demo::DEMO_TOML.replace("id = \"DEMO-2026-001\"", &format!("id = {dnr:?}"));
    let p = anbud::model::procurement::Procurement::from_toml(&toml).unwrap();
    assert_eq!(p.id, dnr);
    let mut store = Store::open(&dir.join("db.sqlite")).unwrap();
    usecases::batch::import_and_evaluate(Some(&mut store), &p, &toml, &bids, NOW, &mut |_, _, _| {}).unwrap();
    settle_reviews(&mut store, dnr);
    store
}

#[test]
fn document_names_carry_the_number_stay_in_the_folder_and_never_overwrite_an_earlier_decision() {
    for (dnr, slug) in [("RS 2026/12", "rs-2026-12"), ("../x", "x")] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = demo_as(dir.path(), dnr);
        // The folder the user chose, deep inside: nothing may appear beside it or above it.
        let chosen = dir.path().join("a/b/beslut");
        std::fs::create_dir_all(&chosen).unwrap();
        let outside_before = files(&dir.path().join("a"));

        let input = usecases::decision_input("2026-12-21", "Karin Berg", Some("upphandlingschef"), None).unwrap();
        let first = usecases::batch::decide(&mut store, dnr, &input, &chosen, NOW).unwrap();
        assert_eq!(first.number, 1);
        assert_eq!(first.record, chosen.join(format!("kvalificeringsbeslut-{slug}-nr1-2026-12-21.pdf")));
        let nr1 = files(&chosen);
        assert_eq!(nr1.len(), 17, "{dnr}: {:?}", nr1.keys().collect::<Vec<_>>());
        for (name, bytes) in &nr1 {
            assert!(!name.contains('/') && name.len() <= 100, "{dnr}: {name}");
            assert!(name.contains(&format!("{slug}-nr1-")), "{dnr}: {name}");
            assert_complete_pdf(name, bytes);
        }
        assert!(first.notices.iter().all(|n| n.parent() == Some(chosen.as_path())));
        // Nothing was written anywhere else: beside the folder, above it, or where "../x" points.
        let mut outside_after = files(&dir.path().join("a"));
        outside_after.retain(|n, _| !n.starts_with("b/beslut/"));
        assert_eq!(outside_after.keys().collect::<Vec<_>>(), outside_before.keys().collect::<Vec<_>>(), "{dnr}");
        assert!(!dir.path().join("a/b/x").exists() && !dir.path().join("x").exists());

        // The very same decision again: the same number, the same files, the same bytes.
        let again = usecases::batch::decide(&mut store, dnr, &input, &chosen, NOW).unwrap();
        assert!(again.same_as_stored && again.number == 1);
        assert!(files(&chosen) == nr1, "{dnr}: a reprint changed the files");

        // A re-taken decision gets its own files; the first's stay as they were.
        let later = usecases::decision_input("2026-12-22", "Karin Berg", Some("upphandlingschef"), None).unwrap();
        let second = usecases::batch::decide(&mut store, dnr, &later, &chosen, NOW).unwrap();
        assert_eq!((second.number, second.supersedes), (2, Some(1)));
        assert_eq!(second.record, chosen.join(format!("kvalificeringsbeslut-{slug}-nr2-2026-12-22.pdf")));
        let all = files(&chosen);
        assert_eq!(all.len(), 34, "{dnr}");
        for (name, bytes) in &nr1 {
            assert!(all.get(name) == Some(bytes), "{dnr}: the second decision changed {name}");
        }
        let nr2: Vec<&String> = all.keys().filter(|n| !nr1.contains_key(*n)).collect();
        assert!(nr2.iter().all(|n| n.contains(&format!("{slug}-nr2-")) && n.len() <= 100), "{nr2:?}");
    }
}
