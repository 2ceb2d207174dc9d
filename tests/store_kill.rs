//! A process killed in the middle of an import leaves each workbook wholly in or wholly out.
//! The import is slowed down inside its transaction (ANBUD_TEST_PAUSE_IN_IMPORT_MS) and the
//! process is killed with SIGKILL while it runs.

mod common;
use std::process::Command;
use std::time::{Duration, Instant};

use anbud::intake::template::write_workbook;
use common::*;

#[test]
fn killed_import_leaves_whole_workbooks() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let toml = write_file(dir.path(), "upphandling.toml", anbud::usecases::demo::DEMO_TOML.as_bytes());
    let mut paths = Vec::new();
    for i in 0..40 {
        let b = good_bid(&org(&format!("5591{i:05}")), &format!("Leverantör {i} AB"));
        paths.push(write_file(dir.path(), &format!("bid-{i:02}.xlsx"), &write_workbook(&p, Some(&b)).unwrap()));
    }
    let db = dir.path().join("db.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_anbud"))
        .arg("--db")
        .arg(&db)
        .arg("evaluate")
        .arg(&toml)
        .args(&paths)
        .env("ANBUD_TEST_PAUSE_IN_IMPORT_MS", "120")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some workbooks are committed, then kill in the middle of the next one.
    let started = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let committed = rusqlite::Connection::open(&db)
            .and_then(|c| c.query_row("SELECT COUNT(*) FROM bid", [], |r| r.get::<_, i64>(0)))
            .unwrap_or(0);
        if committed >= 3 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(60)); // inside the next transaction's pause
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "the import finished before it was killed");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let bids: i64 = conn.query_row("SELECT COUNT(*) FROM bid", [], |r| r.get(0)).unwrap();
    assert!((3..40).contains(&bids), "{bids} bids committed");
    // Every committed bid is whole: its answers, assignments, lots and outcomes.
    let partial: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM bid b WHERE
               (SELECT COUNT(*) FROM answer a WHERE a.bid_id = b.id) <> 13 OR
               (SELECT COUNT(*) FROM assignment a WHERE a.bid_id = b.id) <> 3 OR
               (SELECT COUNT(*) FROM lot_offer a WHERE a.bid_id = b.id) <> 11 OR
               (SELECT COUNT(*) FROM outcome a WHERE a.bid_id = b.id) <> 7",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(partial, 0);
    // Nothing belongs to a bid that is not there.
    for table in ["answer", "assignment", "lot_offer", "outcome", "stated_price"] {
        let orphans: i64 = conn
            .query_row(
                &format!("SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM bid b WHERE b.id = t.bid_id)"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0, "{table}");
    }
    // The same import run again completes the rest.
    let out = Command::new(env!("CARGO_BIN_EXE_anbud")).arg("--db").arg(&db).arg("evaluate").arg(&toml).args(&paths).output().unwrap();
    assert!(out.status.success());
    let bids: i64 = conn.query_row("SELECT COUNT(*) FROM bid", [], |r| r.get(0)).unwrap();
    assert_eq!(bids, 40);
}
