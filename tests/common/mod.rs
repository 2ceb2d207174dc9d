//! Shared helpers for the integration tests: real workbooks on disk, real SQLite files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod pdfa;

use anbud::intake::import::{parse_workbook, CellError};
use anbud::intake::template::{write_workbook, Cell, Filled};
use anbud::model::bid::Bid;
use anbud::model::evaluation::SupplierEvaluation;
use anbud::model::procurement::Procurement;
use anbud::model::requirement::{Outcome, ReasonCode};
use anbud::rules::evaluate;
use anbud::usecases::demo::demo_procurement;

#[allow(unused_imports)]
pub use anbud::usecases::demo::{good_bid, org};

pub fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

pub fn num(s: &str) -> Cell {
    Cell::Number(s.parse().unwrap())
}

pub fn set(b: &mut Filled, question: &str, value: Cell) {
    match b.answers.iter_mut().find(|(q, _)| q == question) {
        Some(slot) => slot.1 = value,
        None => b.answers.push((question.to_string(), value)),
    }
}

/// Writes the filled workbook as a real .xlsx, reads it back, evaluates it.
pub fn read_back(p: &Procurement, filled: &Filled) -> Result<Bid, Vec<CellError>> {
    let bytes = write_workbook(p, Some(filled)).expect("workbook written");
    parse_workbook("test.xlsx", &bytes, p)
}

pub fn eval_filled(p: &Procurement, filled: &Filled) -> SupplierEvaluation {
    let bid = read_back(p, filled).unwrap_or_else(|e| panic!("workbook rejected: {e:?}"));
    evaluate(p, &bid, &[])
}

pub fn demo() -> Procurement {
    demo_procurement()
}

/// The outcome and reason code of one requirement for a bid changed from the good one by
/// `change`, and the Swedish sentence (for messages, and the few tests of what it quotes).
pub fn outcome_of(req: &str, change: impl FnOnce(&mut Filled)) -> ((Outcome, ReasonCode), String) {
    let p = demo();
    let mut b = good_bid("556012-5790", "Test AB");
    change(&mut b);
    let e = eval_filled(&p, &b);
    let r = e.requirement(req).unwrap_or_else(|| panic!("{req} not evaluated: {e:?}"));
    ((r.outcome, r.reason_code), r.reason.clone())
}

pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Drops every trigger of a database, as an attacker with write access to the file would before
/// rewriting history (the triggers refuse UPDATE and DELETE on it). Returns how many there were.
pub fn drop_triggers(conn: &rusqlite::Connection) -> usize {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for name in &names {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\"")).unwrap();
    }
    names.len()
}
