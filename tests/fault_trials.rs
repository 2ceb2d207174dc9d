//! Faults survived: the real `anbud` binary is killed with SIGKILL (`Child::kill` on Unix) at
//! a deterministic spread of moments, from at once to the operation's own duration (measured
//! first by runs that are not killed), in four operations: an import of the demo's workbooks
//! into a new database, the migration of a database of the previous schema, a backup over an
//! existing copy, and an amendment of the definition. After each kill: SQLite's integrity check
//! passes, the journal verifies (`audit verify`'s core function), the database opens, and the
//! operation's work is wholly there or wholly not. Each operation asserts that some trials
//! killed the process while it was still running, so no test passes vacuously.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anbud::store::Store;
use rusqlite::{Connection, OpenFlags};

const ID: &str = "DEMO-2026-001";
const TRIALS: u32 = 40;

fn anbud(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_anbud"));
    c.arg("--db").arg(db).stdout(Stdio::null()).stderr(Stdio::null());
    c
}

/// Runs the command once to its end: how long it takes.
fn timed(mut c: Command) -> Duration {
    let started = Instant::now();
    let status = c.status().unwrap();
    assert!(status.success(), "{c:?}");
    started.elapsed()
}

/// The operation's normal duration: the shortest of three runs to the end (the first may be slowed
/// by a cold cache or by the other tests starting). `run(k)` gives the k-th run's command.
fn measured(mut run: impl FnMut(u32) -> Command) -> Duration {
    (0..3).map(|k| timed(run(k))).min().unwrap()
}

/// Starts the command, waits `delay`, and kills it with SIGKILL. True when it was still running
/// (killed mid-way), false when it had already ended.
fn killed_after(mut c: Command, delay: Duration) -> bool {
    let mut child = c.spawn().unwrap();
    std::thread::sleep(delay);
    if child.try_wait().unwrap().is_some() {
        return false;
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    !status.success()
}

/// The moments to kill at: from 0 to a little past the measured duration, evenly spread; the
/// last two at twice and four times it (on a machine slowed meanwhile, some trials still end).
fn delays(total: Duration) -> Vec<Duration> {
    let spread = TRIALS - 2;
    let mut out: Vec<Duration> = (0..spread).map(|i| total.mul_f64(1.1 * f64::from(i) / f64::from(spread - 1))).collect();
    out.extend([total * 2, total * 4]);
    out
}

fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn query_i64(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// SQLite's integrity check of a file after a kill, once it has been opened as the program's next
/// run opens it: a kill in rollback-journal mode (while the database is being made, before it
/// turns to WAL) leaves a hot journal, which only a connection that may write rolls back (a
/// read-only one is refused with SQLITE_READONLY_ROLLBACK).
fn integrity_ok(path: &Path) {
    let recovered = Connection::open(path).unwrap();
    let _: i64 = recovered.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    drop(recovered);
    let conn = read_only(path);
    let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(result, "ok", "{}", path.display());
}

/// The rows of every table.
fn table_counts(conn: &Connection) -> BTreeMap<String, i64> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    names.into_iter().map(|n| (n.clone(), query_i64(conn, &format!("SELECT COUNT(*) FROM {n}")))).collect()
}

/// The journal walks and every table that is history agrees with it (what `anbud audit verify`
/// checks), read-only.
fn journal_verifies(path: &Path) {
    let store = Store::open_read_only(path).unwrap();
    if store.procurement(ID).unwrap().is_some() {
        let report = anbud::usecases::audit::audit_verify(&store, ID).unwrap();
        assert!(report.ok, "{}: {:?} {:?}", path.display(), report.chain_break, report.problems);
    }
}

/// Copies a closed database (and its WAL, if any) to `to`.
fn copy_db(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    for suffix in ["-wal", "-shm"] {
        let (f, t) = (PathBuf::from(format!("{}{suffix}", from.display())), PathBuf::from(format!("{}{suffix}", to.display())));
        let _ = std::fs::remove_file(&t);
        if f.exists() {
            std::fs::copy(&f, &t).unwrap();
        }
    }
}

/// The demo (definition and workbooks) in `dir`, and its workbooks.
fn demo(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let status = Command::new(env!("CARGO_BIN_EXE_anbud")).arg("demo").arg(dir).stdout(Stdio::null()).status().unwrap();
    assert!(status.success());
    let mut bids: Vec<PathBuf> = std::fs::read_dir(dir.join("anbud")).unwrap().map(|e| e.unwrap().path()).collect();
    bids.sort();
    (dir.join("upphandling.toml"), bids)
}

fn evaluate(db: &Path, toml: &Path, bids: &[PathBuf]) -> Command {
    let mut c = anbud(db);
    c.arg("evaluate").arg(toml).args(bids);
    c
}

/// A database with the demo's bids imported, closed.
fn demo_database(dir: &Path, toml: &Path, bids: &[PathBuf]) -> (PathBuf, Duration) {
    let db = dir.join("demo.sqlite");
    let took = timed(evaluate(&db, toml, bids));
    (db, took)
}

/// What one bid left in the tables beside it, by the workbook's SHA-256.
fn rows_per_bid(conn: &Connection) -> BTreeMap<String, Vec<i64>> {
    let mut out = BTreeMap::new();
    let bids: Vec<(i64, String)> = conn
        .prepare("SELECT id, sha256 FROM bid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for (id, sha) in bids {
        let counts = ["answer", "assignment", "lot_offer", "stated_price", "outcome"]
            .iter()
            .map(|t| query_i64(conn, &format!("SELECT COUNT(*) FROM {t} WHERE bid_id = {id}")))
            .collect();
        out.insert(sha, counts);
    }
    out
}

fn events_of_kind(conn: &Connection, kind: &str) -> Vec<serde_json::Value> {
    conn.prepare("SELECT payload_json FROM event WHERE kind = ?1 ORDER BY id")
        .unwrap()
        .query_map([kind], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| serde_json::from_str(&r.unwrap()).unwrap())
        .collect()
}

#[test]
fn a_killed_import_leaves_each_workbook_wholly_in_or_wholly_out() {
    let dir = tempfile::tempdir().unwrap();
    let (toml, bids) = demo(dir.path());
    let (reference, _) = demo_database(dir.path(), &toml, &bids);
    let took = measured(|k| evaluate(&dir.path().join(format!("measured-{k}.sqlite")), &toml, &bids));
    let complete = rows_per_bid(&read_only(&reference));
    assert!(complete.len() >= 15, "the demo's bids: {}", complete.len());
    let (mut midway, mut partial) = (0, 0);
    for (i, delay) in delays(took).into_iter().enumerate() {
        let db = dir.path().join(format!("import-{i}.sqlite"));
        midway += u32::from(killed_after(evaluate(&db, &toml, &bids), delay));
        if !db.exists() || std::fs::metadata(&db).unwrap().len() == 0 {
            continue; // killed before the database was made: nothing of any workbook is in
        }
        integrity_ok(&db);
        let conn = read_only(&db);
        if query_i64(&conn, "PRAGMA user_version") == 0 {
            // Killed before the new database's tables were committed: empty, and it opens.
            assert_eq!(query_i64(&conn, "SELECT COUNT(*) FROM sqlite_master"), 0, "trial {i}");
            drop(conn);
            Store::open(&db).unwrap();
            continue;
        }
        let stored = rows_per_bid(&conn);
        // Every bid that is in is whole: all its rows, as many as in a complete import.
        for (sha, rows) in &stored {
            assert_eq!(Some(rows), complete.get(sha), "trial {i}: bid {sha} is not whole");
        }
        // Nothing of a workbook that is out: no rows without their bid, no event for it.
        for table in ["answer", "assignment", "lot_offer", "stated_price", "outcome"] {
            let orphans = query_i64(
                &conn,
                &format!("SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM bid b WHERE b.id = t.bid_id)"),
            );
            assert_eq!(orphans, 0, "trial {i}: {table}");
        }
        let has_journal = query_i64(&conn, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'event'") == 1;
        if has_journal {
            // The journal has the import's event if and only if the bid is there.
            let recorded: Vec<String> =
                events_of_kind(&conn, "bid_stored").iter().map(|p| p["sha256"].as_str().unwrap().to_string()).collect();
            let mut in_db: Vec<&String> = stored.keys().collect();
            let mut in_journal: Vec<&String> = recorded.iter().collect();
            in_db.sort();
            in_journal.sort();
            assert_eq!(in_db, in_journal, "trial {i}");
            // And each rejected workbook's rejection with its event.
            assert_eq!(
                query_i64(&conn, "SELECT COUNT(*) FROM rejected_import"),
                events_of_kind(&conn, "workbook_rejected").len() as i64,
                "trial {i}"
            );
        }
        drop(conn);
        if has_journal && Store::open_read_only(&db).is_ok() {
            journal_verifies(&db);
        }
        Store::open(&db).unwrap();
        if (1..complete.len()).contains(&stored.len()) {
            partial += 1;
        }
    }
    eprintln!("import: {took:?}, {midway} of {TRIALS} killed mid-way, {partial} with some workbooks in and some out");
    assert!(midway >= TRIALS / 3, "{midway} killed mid-way");
    assert!(partial >= 1, "no trial stopped the import between its workbooks");
}

/// The demo's database as the previous schema (6) had it: schema 7 only added the working
/// group's tables (store/007_review.sql), so without them, and numbered 6, it is what a
/// database of schema 6 with the same content is.
fn previous_schema(from: &Path, to: &Path) {
    copy_db(from, to);
    let conn = Connection::open(to).unwrap();
    conn.execute_batch(
        "DROP TABLE assessment; DROP TABLE review_response; DROP TABLE review_package; DROP TABLE review_assignment;
         DROP TABLE reviewer_conflict; DROP TABLE reviewer; PRAGMA user_version = 6; PRAGMA journal_mode = WAL;",
    )
    .unwrap();
    drop(conn);
    assert!(!PathBuf::from(format!("{}-wal", to.display())).exists());
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names
}

#[test]
fn a_killed_migration_leaves_the_old_schema_intact_or_the_new_one_complete() {
    let dir = tempfile::tempdir().unwrap();
    let (toml, bids) = demo(dir.path());
    let (reference, _) = demo_database(dir.path(), &toml, &bids);
    let old = dir.path().join("schema6.sqlite");
    previous_schema(&reference, &old);
    journal_verifies(&old);
    let old_counts = table_counts(&read_only(&old));
    let migrate = |db: &Path| {
        let mut c = anbud(db);
        c.args(["reviewer", "list", ID]);
        c
    };
    let took = measured(|k| {
        let first = dir.path().join(format!("measured-{k}"));
        std::fs::create_dir(&first).unwrap();
        copy_db(&old, &first.join("a.sqlite"));
        migrate(&first.join("a.sqlite"))
    });
    let (mut midway, mut old_kept, mut migrated) = (0, 0, 0);
    for (i, delay) in delays(took).into_iter().enumerate() {
        let trial = dir.path().join(format!("migration-{i}"));
        std::fs::create_dir(&trial).unwrap();
        let db = trial.join("a.sqlite");
        copy_db(&old, &db);
        midway += u32::from(killed_after(migrate(&db), delay));
        integrity_ok(&db);
        journal_verifies(&db);
        let conn = read_only(&db);
        let mut counts = table_counts(&conn);
        match query_i64(&conn, "PRAGMA user_version") {
            6 => {
                assert_eq!(counts, old_counts, "trial {i}: the old schema, intact");
                old_kept += 1;
            }
            7 => {
                // Complete: the new tables, every old row, and the copy recorded (or not yet).
                for t in ["reviewer", "reviewer_conflict", "review_assignment", "review_package", "review_response", "assessment"] {
                    assert_eq!(counts.remove(t), Some(0), "trial {i}: {t}");
                }
                let events = counts["event"];
                assert!(events == old_counts["event"] || events == old_counts["event"] + 1, "trial {i}: {events} events");
                counts.insert("event".into(), old_counts["event"]);
                assert_eq!(counts, old_counts, "trial {i}: every old row");
                migrated += 1;
            }
            v => panic!("trial {i}: schema {v}"),
        }
        drop(conn);
        // Every copy made before the migration is whole, of the old schema and content; no
        // file but the database, its WAL, the copies and hidden temporary files is left.
        for name in files_in(&trial) {
            if name.contains(".kopia-före-uppgradering-schema-7.") && !name.starts_with('.') {
                let copy = trial.join(&name);
                integrity_ok(&copy);
                let c = read_only(&copy);
                assert_eq!(query_i64(&c, "PRAGMA user_version"), 6, "{name}");
                assert_eq!(table_counts(&c), old_counts, "{name}");
            } else {
                assert!(name.starts_with("a.sqlite") || name.starts_with(".a.kopia-före-"), "trial {i}: {name}");
            }
        }
        // It opens, and is then migrated.
        let store = Store::open(&db).unwrap();
        assert_eq!(query_i64(store.connection(), "PRAGMA user_version"), 7);
    }
    eprintln!("migration: {took:?}, {midway} of {TRIALS} killed mid-way; {old_kept} left at schema 6, {migrated} migrated");
    assert!(midway >= TRIALS / 3, "{midway} killed mid-way");
    assert!(old_kept >= 1 && migrated >= 1, "the kills fell before and after the migration's commit");
}

#[test]
fn a_killed_backup_leaves_the_old_copy_or_a_whole_new_one_never_a_part() {
    let dir = tempfile::tempdir().unwrap();
    let (toml, bids) = demo(dir.path());
    let (db, _) = demo_database(dir.path(), &toml, &bids);
    let backup = |target: &Path| {
        let mut c = anbud(&db);
        c.arg("backup").arg("-o").arg(target);
        c
    };
    // The old copy: of the database before its last workbook, so a new copy differs from it.
    let older = dir.path().join("older.sqlite");
    timed(evaluate(&older, &toml, &bids[..bids.len() - 1]));
    let old_copy = dir.path().join("old-copy.sqlite");
    timed({
        let mut c = anbud(&older);
        c.arg("backup").arg("-o").arg(&old_copy);
        c
    });
    let old_bytes = std::fs::read(&old_copy).unwrap();
    let took = measured(|k| {
        let target = dir.path().join(format!("measured-{k}.sqlite"));
        std::fs::copy(&old_copy, &target).unwrap();
        backup(&target)
    });
    let (mut midway, mut kept, mut replaced, mut temporary) = (0, 0, 0, 0);
    for (i, delay) in delays(took).into_iter().enumerate() {
        let trial = dir.path().join(format!("backup-{i}"));
        std::fs::create_dir(&trial).unwrap();
        let target = trial.join("kopia.sqlite");
        std::fs::write(&target, &old_bytes).unwrap();
        // What a new copy must hold: the database as it is before (the backup adds its event
        // to the database only after the copy is made).
        let expected = table_counts(&read_only(&db));
        midway += u32::from(killed_after(backup(&target), delay));
        integrity_ok(&db);
        journal_verifies(&db);
        let bytes = std::fs::read(&target).expect("the target is never removed");
        if bytes == old_bytes {
            kept += 1;
        } else {
            integrity_ok(&target);
            let c = read_only(&target);
            assert_eq!(query_i64(&c, "PRAGMA user_version"), 7);
            assert_eq!(table_counts(&c), expected, "trial {i}: the new copy is whole");
            drop(c);
            journal_verifies(&target);
            replaced += 1;
        }
        for name in files_in(&trial) {
            if name != "kopia.sqlite" {
                assert!(name.starts_with(".kopia.sqlite.tmp-"), "trial {i}: {name}");
                temporary += 1;
            }
        }
    }
    // A copy that runs to its end removes what killed ones left.
    let left = (0..TRIALS).map(|i| dir.path().join(format!("backup-{i}"))).find(|t| files_in(t).len() > 1);
    if let Some(trial) = left {
        timed(backup(&trial.join("kopia.sqlite")));
        assert_eq!(files_in(&trial), ["kopia.sqlite"], "the abandoned temporary files are removed");
    }
    Store::open(&db).unwrap();
    eprintln!(
        "backup: {took:?}, {midway} of {TRIALS} killed mid-way; old copy kept {kept}, replaced by a whole one {replaced}; {temporary} hidden temporary files left"
    );
    assert!(midway >= TRIALS / 3, "{midway} killed mid-way");
    assert!(kept >= 1 && replaced >= 1, "kills fell before and after the rename");
}

/// Every stored proposal, by workbook and requirement.
fn proposals(conn: &Connection) -> Vec<(String, String, String)> {
    conn.prepare("SELECT b.sha256, o.requirement_id, o.proposed FROM outcome o JOIN bid b ON b.id = o.bid_id ORDER BY 1, 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn definition(conn: &Connection) -> String {
    conn.query_row("SELECT definition_toml FROM procurement WHERE id = ?1", [ID], |r| r.get(0)).unwrap()
}

#[test]
fn a_killed_amendment_leaves_the_old_definition_and_proposals_or_the_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (toml, bids) = demo(dir.path());
    let (base, _) = demo_database(dir.path(), &toml, &bids);
    let old_text = std::fs::read_to_string(&toml).unwrap();
    let new_text = old_text.replace("min_amount = \"5 000 000\"", "min_amount = \"50 000 000\"");
    assert_ne!(new_text, old_text);
    let amended = dir.path().join("rattad.toml");
    std::fs::write(&amended, &new_text).unwrap();
    let amend = |db: &Path| {
        let mut c = anbud(db);
        c.arg("amend").arg(&amended).args(["--justification", "Omsättningskravet var fel angivet.", "--by", "Anna Lindqvist"]);
        c
    };
    let (old_proposals, old_events) = {
        let c = read_only(&base);
        (proposals(&c), query_i64(&c, "SELECT COUNT(*) FROM event"))
    };
    let took = measured(|k| {
        let db = dir.path().join(format!("measured-{k}.sqlite"));
        copy_db(&base, &db);
        amend(&db)
    });
    let new_proposals = proposals(&read_only(&dir.path().join("measured-0.sqlite")));
    assert_ne!(new_proposals, old_proposals, "the amendment changes proposals");
    let (mut midway, mut before, mut after) = (0, 0, 0);
    for (i, delay) in delays(took).into_iter().enumerate() {
        let db = dir.path().join(format!("amend-{i}.sqlite"));
        copy_db(&base, &db);
        midway += u32::from(killed_after(amend(&db), delay));
        integrity_ok(&db);
        journal_verifies(&db);
        let conn = read_only(&db);
        let text = definition(&conn);
        let changed = events_of_kind(&conn, "definition_changed");
        if text == old_text {
            assert_eq!(proposals(&conn), old_proposals, "trial {i}: the old definition's proposals");
            assert!(changed.is_empty(), "trial {i}");
            assert_eq!(query_i64(&conn, "SELECT COUNT(*) FROM event"), old_events, "trial {i}");
            before += 1;
        } else {
            assert_eq!(text, new_text, "trial {i}");
            assert_eq!(proposals(&conn), new_proposals, "trial {i}: the new definition's proposals, all of them");
            assert_eq!(changed.len(), 1, "trial {i}");
            assert_eq!(changed[0]["amendment"]["by"], "Anna Lindqvist", "trial {i}");
            after += 1;
        }
        drop(conn);
        Store::open(&db).unwrap();
    }
    eprintln!("amendment: {took:?}, {midway} of {TRIALS} killed mid-way; {before} left as before, {after} amended");
    assert!(midway >= TRIALS / 3, "{midway} killed mid-way");
    assert!(before >= 1 && after >= 1, "kills fell before and after the commit");
}
