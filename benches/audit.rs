//! Benchmark: `audit verify` of a journal of 100 000 events. Goal: at most 1 s on the development
//! machine's 2 cores. `cargo bench --bench audit`; the figures are kept in docs/performance.md.
//!
//! The journal is built through the store's own operations, so every event has the row it
//! recorded and the audit has all of its work to do: the demo procurement and its 17 workbooks
//! imported (16 bids stored, one workbook rejected, its bytes kept), then, until the journal holds
//! 100 000 events, rounds of eight overrides by a person on the bids' requirements (each one an
//! `override` row and its event) and the unreadable workbook received and rejected again (a
//! `rejected_import` row and two events, the same bytes kept once), as a procurement whose
//! people judge, re-judge and re-import for a long time would. Building is not measured.
//!
//! Measured (criterion): `audit_verify` whole (the events read, the chain walked, every table
//! that is history checked against the events, the copies beside the bids checked against the
//! bids), the chain walk alone (`journal::walk` over the events in memory) and reading the events
//! (`Store::events`); then the median of five plain runs against the goal, and the phases of one
//! audit timed alone. `BENCH_EVENTS` sets another journal length; `BENCH_QUICK=1` skips criterion
//! and prints three plain runs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use anbud::model::requirement::Outcome;
use anbud::store::{journal, Store};
use anbud::usecases::audit::audit_verify;
use anbud::usecases::demo::{demo_procurement, write_demo, DEMO_TOML};
use criterion::{criterion_group, criterion_main, Criterion};

const NOW: &str = "2026-12-20T10:00:00+01:00";

/// A database whose demo procurement has a journal of `target` events (a few more at most).
fn build(dir: &std::path::Path, target: usize) -> Store {
    let p = demo_procurement();
    let mut store = Store::open(&dir.join("audit.sqlite")).expect("open store");
    // Building only: the measured audit reads the file and never writes.
    store.connection().pragma_update(None, "synchronous", "OFF").expect("pragma");
    store.set_actor("Anna Lindqvist");
    let paths = write_demo(&dir.join("demo")).expect("demo workbooks");
    let batch = anbud::usecases::batch::import_and_evaluate(Some(&mut store), &p, DEMO_TOML, &paths, NOW, &mut |_, _, _| {})
        .expect("import the demo");
    let rejection = batch.rejected.first().expect("the demo has an unreadable workbook").clone();
    // Every (bid, requirement) a person can judge: the proposals stored for the bids in force.
    let mut judgeable: Vec<(i64, String)> = Vec::new();
    for b in store.bids(&p.id, true).expect("bids") {
        for o in store.stored_outcomes(b.id).expect("outcomes") {
            judgeable.push((b.id, o.requirement_id));
        }
    }
    assert!(!judgeable.is_empty());
    let mut events = store.events(&p.id).expect("events").len();
    let mut round = 0usize;
    while events < target {
        for k in 0..8 {
            let (bid_id, requirement) = &judgeable[(round * 8 + k) % judgeable.len()];
            let outcome = if (round + k) % 3 == 0 { Outcome::Fail } else { Outcome::Pass };
            let justification = format!("Granskat av arbetsgruppen, omgång {round}; underlaget finns i ärendet.");
            store.add_override(&p, *bid_id, requirement, outcome, &justification, "Anna Lindqvist", NOW).expect("override");
            events += 1;
        }
        store.record_rejection(&p.id, &rejection, NOW).expect("rejection");
        events += 2;
        round += 1;
    }
    store
}

fn bench(c: &mut Criterion) {
    let target: usize = std::env::var("BENCH_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    let built = build(dir.path(), target);
    let id = demo_procurement().id;
    let n = built.events(&id).expect("events").len();
    let overrides = built.override_rows(&id).expect("overrides").len();
    let rejected = built.rejected_ids(&id).expect("rejected").len();
    println!(
        "built a journal of {n} events ({overrides} overrides, {rejected} rejected workbooks) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    drop(built);
    // Measured as `anbud audit verify` opens it: read-only.
    let store = Store::open_read_only(&dir.path().join("audit.sqlite")).expect("open read-only");
    let report = audit_verify(&store, &id).expect("audit");
    assert!(report.ok, "the built journal does not verify: {:?}", report.first_problem());
    assert_eq!(report.events as usize, n);
    let events = store.events(&id).expect("events");
    if std::env::var("BENCH_QUICK").is_ok_and(|v| v == "1") {
        for run in 1..=3 {
            let t = Instant::now();
            black_box(audit_verify(&store, &id).expect("audit"));
            println!("run {run}/3: audit_verify of {n} events: {:.3} s", t.elapsed().as_secs_f64());
        }
        return;
    }

    let mut g = c.benchmark_group("audit");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    g.bench_function(format!("audit_verify, {n} events"), |b| b.iter(|| black_box(audit_verify(&store, &id).expect("audit"))));
    g.bench_function(format!("journal::walk, {n} events"), |b| {
        b.iter(|| black_box(journal::walk(black_box(&events)).expect("chain")))
    });
    g.bench_function(format!("Store::events, {n} events"), |b| b.iter(|| black_box(store.events(&id).expect("events"))));
    g.finish();

    // The goal, on the median of a few plain runs.
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            black_box(audit_verify(&store, &id).expect("audit"));
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    println!(
        "audit_verify of {n} events: median of 5 runs {median:.3} s; goal <= 1 s: {}",
        if median <= 1.0 { "met" } else { "NOT met" }
    );
    phases(&store, &id);
}

/// Where the time of one audit goes, each part timed alone through public functions.
fn phases(store: &Store, id: &str) {
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let events = store.events(id).expect("events");
    let read = ms(t);
    let t = Instant::now();
    journal::walk(&events).expect("chain");
    let walk = ms(t);
    let t = Instant::now();
    let overrides = store.override_rows(id).expect("overrides").len();
    let rejected = store.rejected_ids(id).expect("rejected").len();
    let rows = ms(t);
    let t = Instant::now();
    let p = store.procurement(id).expect("procurement").expect("stored").0;
    store.integrity_problems(id).expect("integrity");
    anbud::usecases::evaluation::outcome_problems(store, &p).expect("outcomes");
    let copies = ms(t);
    println!(
        "phases: read the events {read:.0} ms, walk the chain {walk:.0} ms, read {overrides} overrides and {rejected} rejections {rows:.0} ms, the copies beside the bids {copies:.0} ms"
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
