//! Writes a procurement database with many suppliers for the desktop app's benchmark
//! (`bench/app.sh`): the demo procurement and N generated bid workbooks imported through
//! `anbud::usecases::import`, with a mix of outcomes (qualified, not qualified, needs review).
//!
//!     cargo run --release --example app_bench_db -- OUT.sqlite [N=1000]

use anbud::intake::template::{write_workbook, Cell};
use anbud::store::Store;
use anbud::usecases::demo::{demo_procurement, good_bid, org, DEMO_TOML};
use chrono::NaiveDate;
use rust_decimal::Decimal;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: app_bench_db OUT.sqlite [N]"));
    let n: usize = args.next().map(|s| s.parse().expect("N")).unwrap_or(1000);
    let p = demo_procurement();
    let dir = tempfile_dir();
    let mut paths = Vec::with_capacity(n);
    let set = |b: &mut anbud::intake::template::Filled, q: &str, v: Cell| {
        if let Some(slot) = b.answers.iter_mut().find(|(x, _)| x == q) {
            slot.1 = v;
        }
    };
    let lots = ["L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3"];
    for i in 0..n {
        let mut b = good_bid(&org(&format!("55{:07}", i + 1)), &format!("Bemanningsbolag {:04} AB", i + 1));
        b.lots = (0..3).map(|k| (lots[(i + k * 3) % lots.len()].to_string(), true, ["alla", "1-3", "4-6"][k].to_string())).collect();
        match i % 10 {
            // Not qualified: risk class below the minimum, no guarantee.
            0 | 1 => set(&mut b, "Riskklass (UC, 1–5)", Cell::Number(Decimal::from(2))),
            // Needs review: credit report too old.
            2 => set(&mut b, "Datum för kreditupplysning", Cell::Date(NaiveDate::from_ymd_opt(2026, 8, 1).unwrap())),
            // Needs review: unanswered declaration.
            3 => set(&mut b, "Inga uteslutningsgrunder föreligger", Cell::Empty),
            _ => {}
        }
        let path = dir.join(format!("bid-{:04}.xlsx", i + 1));
        std::fs::write(&path, write_workbook(&p, Some(&b)).expect("workbook")).expect("write");
        paths.push(path);
    }
    let _ = std::fs::remove_file(&out);
    let mut store = Store::open(&out).expect("database");
    let now = "2026-12-16T09:00:00+01:00";
    anbud::usecases::update_definition(&mut store, DEMO_TOML, now).expect("definition");
    let started = std::time::Instant::now();
    let report = anbud::usecases::import(&mut store, &p.id, &paths, now, &mut |_, _, _| {}).expect("import");
    eprintln!(
        "{} anbud inlästa på {:.1} s: {} kvalificerade, {} ej kvalificerade, {} behöver granskas -> {}",
        report.imported,
        started.elapsed().as_secs_f64(),
        report.counts.qualified,
        report.counts.not_qualified,
        report.counts.needs_review,
        out.display()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("anbud-app-bench-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}
