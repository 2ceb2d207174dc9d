//! Benchmark: import and evaluate 1 000 filled bid workbooks into a fresh database.
//!
//! Not a timed test and not criterion: one plain measured run with `std::time::Instant`.
//! `cargo bench --bench import` (release profile). Run `bench/import.sh` for the whole
//! comparison with a Python openpyxl read of the same files.
//!
//! Each generated workbook is a demo bid that meets every requirement, with ~30 assignments in
//! Referensuppdrag, every agreement lot offered in every zone, and a full Priser sheet (every
//! agreement lot × every zone at the fixed price), each from a distinct valid organisation number.
//!
//! Environment:
//! - `BENCH_N`: number of workbooks (default 1000).
//! - `BENCH_DIR`: keep the generated workbooks in this folder (created; existing `bid-*.xlsx`
//!   there are replaced) so another program can read the same files. Default: a temp folder
//!   that is removed afterwards.
//! - `BENCH_RUNS`: measured runs, each into a fresh database (default 1); the median is reported.
//! - `BENCH_RESULT`: write the figures as `key=value` lines to this file (for bench/import.sh).
//! - `BENCH_IN_PROCESS=1`: parse in this process, not in a reader process as the command line
//!   and the app do (`intake::isolate`); the peak then includes calamine's memory.
//! - `BENCH_PHASES=1`: after the measured run, time the phases separately (read files, SHA-256,
//!   parse with calamine, evaluate, store into another fresh database) to see where time goes.
//!
//! Generation time is excluded from the measured figure. The peak resident set (VmHWM) is reset
//! after generation (`/proc/self/clear_refs`), so the reported peak is that of the import.

use std::path::PathBuf;
use std::time::Instant;

use anbud::intake::template::{write_workbook, Cell, Filled};
use anbud::model::evaluation::Status;
use anbud::model::procurement::Procurement;
use anbud::store::Store;
use anbud::usecases::batch::import_and_evaluate;
use anbud::usecases::demo::{demo_procurement, good_bid, org, DEMO_TOML};
use chrono::NaiveDate;
use rust_decimal::Decimal;

const ASSIGNMENTS: usize = 30;

fn date(y: i32, m: u32, d: u32) -> Cell {
    Cell::Date(NaiveDate::from_ymd_opt(y, m, d).expect("valid date"))
}

/// A qualified bid for supplier `i`: 30 assignments inside the reference year, every agreement
/// lot in every zone, every price stated at the agreement's fixed price.
fn bid(p: &Procurement, i: usize) -> Filled {
    let org_nr = org(&format!("55{:07}", i + 1));
    let mut b = good_bid(&org_nr, &format!("Benchmark Bemanning {:04} AB", i + 1));
    let year = p.reference_year;
    let professions = ["Sjuksköterska", "Specialistläkare", "Barnmorska", "ST-läkare", "Undersköterska"];
    b.assignments = (0..ASSIGNMENTS)
        .map(|k| {
            let month = (k % 12) as u32 + 1;
            (
                format!("Region {} uppdrag {}", ["Stockholm", "Skåne", "Uppsala", "Norrbotten", "Halland"][k % 5], k + 1),
                professions[(k + i) % professions.len()].to_string(),
                date(year, month, 1),
                date(year, month, 28),
                Cell::Number(Decimal::from(400 + (k as i64 % 7) * 10)),
            )
        })
        .collect();
    let total: Decimal = b.assignments.iter().map(|a| if let Cell::Number(n) = &a.4 { *n } else { Decimal::ZERO }).sum();
    for (q, v) in b.answers.iter_mut() {
        if q == "Levererade timmar referensåret" {
            *v = Cell::Number(total);
        }
    }
    b.lots = p.lots.iter().filter(|l| !l.shortage).map(|l| (l.code.clone(), true, "alla".to_string())).collect();
    b.prices = p
        .agreement_lots()
        .flat_map(|l| {
            p.zones.numbers().map(move |z| {
                let price = p.prices.get(&l.code, z).expect("fixed price for every agreement lot and zone");
                (l.code.clone(), z, Cell::Number(price))
            })
        })
        .collect();
    b
}

/// (VmHWM, VmRSS) in kB from /proc/self/status.
fn memory_kb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Resets the peak RSS counter (Linux: writing 5 to clear_refs). Returns whether it worked.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn main() {
    // `cargo bench` passes `--bench`; accept and ignore arguments (no filtering here).
    // Workbooks are parsed in a reader process, as the command line and the app do
    // (intake::isolate); BENCH_IN_PROCESS=1 parses them in this process instead, for comparison.
    if std::env::var_os("BENCH_IN_PROCESS").is_none() {
        anbud::intake::isolate::enable_with(PathBuf::from(env!("CARGO_BIN_EXE_anbud")));
    }
    let n: usize = std::env::var("BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let procurement = demo_procurement();

    let tmp = tempfile::tempdir().expect("temp dir");
    let dir: PathBuf = match std::env::var_os("BENCH_DIR") {
        Some(d) => PathBuf::from(d),
        None => tmp.path().join("anbud"),
    };
    std::fs::create_dir_all(&dir).expect("create workbook folder");
    // Remove workbooks of an earlier run (e.g. with a larger BENCH_N) so the folder holds exactly
    // this run's files.
    for entry in std::fs::read_dir(&dir).expect("read workbook folder").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("bid-") && name.ends_with(".xlsx") {
            let _ = std::fs::remove_file(entry.path());
        }
    }

    // ---- generation (not measured) ----
    let t = Instant::now();
    let mut paths = Vec::with_capacity(n);
    let mut bytes_total = 0usize;
    for i in 0..n {
        let bytes = write_workbook(&procurement, Some(&bid(&procurement, i))).expect("write workbook");
        bytes_total += bytes.len();
        let path = dir.join(format!("bid-{:04}.xlsx", i + 1));
        std::fs::write(&path, bytes).expect("write file");
        paths.push(path);
    }
    let generation = t.elapsed();
    let (gen_peak_kb, _) = memory_kb();
    println!(
        "generated {n} workbooks ({:.1} MB, avg {:.1} kB) in {:.2} s into {}",
        bytes_total as f64 / 1e6,
        bytes_total as f64 / 1e3 / n.max(1) as f64,
        generation.as_secs_f64(),
        dir.display()
    );

    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
    let mut times = Vec::with_capacity(runs);
    let mut peak_kb = 0;
    let mut peak_reset = true;
    for run in 0..runs {
        let db_path = tmp.path().join(format!("bench-{run}.sqlite"));
        peak_reset &= reset_peak();
        let secs = measured_run(&procurement, &paths, &db_path, n);
        peak_kb = peak_kb.max(memory_kb().0);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db_path.display()));
        }
        println!(
            "run {}/{runs}: import + evaluate {n} workbooks: {secs:.3} s ({:.2} ms per workbook)",
            run + 1,
            secs * 1000.0 / n.max(1) as f64
        );
        times.push(secs);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let secs = times[times.len() / 2];
    let best = times[0];
    let peak_mb = peak_kb as f64 / 1024.0;
    println!(
        "import + evaluate {n} workbooks into a fresh database: {secs:.3} s{} ({:.2} ms per workbook)",
        if runs > 1 { format!(" median of {runs} runs, best {best:.3} s") } else { String::new() },
        secs * 1000.0 / n.max(1) as f64
    );
    println!(
        "peak RSS (VmHWM) during import: {peak_mb:.1} MB{} (peak during generation {:.1} MB)",
        if peak_reset { "" } else { " [could not reset the counter: peak of the whole process]" },
        gen_peak_kb as f64 / 1024.0
    );
    let time_ok = secs <= 3.0;
    let mem_ok = peak_mb <= 200.0;
    println!(
        "goals: time <= 3 s: {}; peak memory <= 200 MB: {}",
        if time_ok { "met" } else { "NOT met" },
        if mem_ok { "met" } else { "NOT met" }
    );
    if std::env::var("BENCH_PHASES").is_ok_and(|v| v == "1") {
        phases(&procurement, &paths, &tmp.path().join("phases.sqlite"));
    }
    if let Some(out) = std::env::var_os("BENCH_RESULT") {
        let text = format!(
            "n={n}\nruns={runs}\nseconds={secs:.3}\nbest_seconds={best:.3}\npeak_mb={peak_mb:.1}\npeak_reset={peak_reset}\ngeneration_seconds={:.2}\ndir={}\n",
            generation.as_secs_f64(),
            dir.display()
        );
        std::fs::write(out, text).expect("write BENCH_RESULT");
    }
}

/// The measured figure: open a fresh database, import and evaluate every workbook, close the
/// database. Checks that
/// everything was imported, stored and qualified (outside the timing).
fn measured_run(procurement: &Procurement, paths: &[PathBuf], db_path: &std::path::Path, n: usize) -> f64 {
    let t = Instant::now();
    let mut store = Store::open(db_path).expect("open store");
    let batch = import_and_evaluate(Some(&mut store), procurement, DEMO_TOML, paths, "2026-12-20T10:00:00+01:00", &mut |_, _, _| {})
        .expect("import and evaluate");
    let secs = t.elapsed().as_secs_f64();

    let count = |table: &str| -> usize {
        let c: i64 = store.connection().query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).expect("count");
        c as usize
    };
    assert!(batch.rejected.is_empty(), "rejected: {:?}", batch.rejected.first());
    assert_eq!(batch.suppliers.len(), n, "every workbook evaluated");
    assert_eq!(count("bid"), n, "every workbook stored");
    assert_eq!(count("assignment"), n * ASSIGNMENTS, "every assignment stored");
    let grid = procurement.agreement_lots().count() * procurement.zones.zones.len();
    assert_eq!(count("stated_price"), n * grid, "every stated price stored");
    assert!(batch.suppliers.iter().all(|s| s.status == Status::Qualified), "every generated bid qualifies");
    // Closing counts too: the last connection checkpoints the WAL into the database file.
    let t = Instant::now();
    drop(store);
    secs + t.elapsed().as_secs_f64()
}

/// Times the phases of an import separately, each over all workbooks (for profiling).
fn phases(p: &Procurement, paths: &[PathBuf], db_path: &std::path::Path) {
    use anbud::intake::import::{parse_workbook, sha256_hex, ReadBid};
    let now = "2026-12-20T10:00:00+01:00";
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;

    let t = Instant::now();
    let files: Vec<(String, Vec<u8>)> =
        paths.iter().map(|p| (p.to_string_lossy().to_string(), std::fs::read(p).expect("read"))).collect();
    let read_ms = ms(t);

    let t = Instant::now();
    let hashes: Vec<String> = files.iter().map(|(_, b)| sha256_hex(b)).collect();
    let sha_ms = ms(t);

    let t = Instant::now();
    let bids: Vec<ReadBid> = files
        .iter()
        .zip(hashes)
        .map(|((label, bytes), sha256)| ReadBid {
            bid: parse_workbook(label, bytes, p).expect("valid workbook"),
            sha256,
            bytes: bytes.clone(),
            espd_bytes: None,
        })
        .collect();
    let parse_ms = ms(t);

    let t = Instant::now();
    let evaluations: Vec<_> = bids.iter().map(|r| anbud::rules::evaluate(p, &r.bid, &[])).collect();
    let eval_ms = ms(t);
    drop(evaluations);

    let t = Instant::now();
    let mut store = Store::open(db_path).expect("open store");
    store.save_procurement(p, DEMO_TOML, now).expect("save procurement");
    let open_ms = ms(t);
    let t = Instant::now();
    for r in &bids {
        anbud::usecases::evaluation::import_read_bid(&mut store, p, r, now).expect("import bid");
    }
    let store_ms = ms(t);
    let t = Instant::now();
    for r in &bids {
        let id = store.bid_by_sha(&p.id, &r.sha256).expect("lookup").expect("stored");
        store.overrides(id).expect("overrides");
    }
    let lookup_ms = ms(t);

    // A prototype of the fix proposed in docs/performance.md, built from public functions only
    // (src/usecases/batch.rs is untouched): a second thread reads and parses workbook i+1 while the main
    // thread stores workbook i in its own transaction; a bounded channel keeps memory flat and
    // the order of the files. Then duplicates are settled and the kept bids evaluated, as
    // import_and_evaluate does.
    let pipelined_db = db_path.with_extension("pipelined.sqlite");
    let t = Instant::now();
    let pipelined = {
        use anbud::intake::import::{import_file, settle_duplicates};
        let mut store = Store::open(&pipelined_db).expect("open store");
        store.save_procurement(p, DEMO_TOML, now).expect("save procurement");
        let (tx, rx) = std::sync::mpsc::sync_channel(8);
        let read: Vec<ReadBid> = std::thread::scope(|scope| {
            scope.spawn(move || {
                for path in paths {
                    let label = path.to_string_lossy().to_string();
                    if tx.send(import_file(path, &label, p)).is_err() {
                        break;
                    }
                }
            });
            rx.iter()
                .map(|r| {
                    let r = r.expect("valid workbook");
                    anbud::usecases::evaluation::import_read_bid(&mut store, p, &r, now).expect("import bid");
                    r
                })
                .collect()
        });
        let (kept, _, _) = settle_duplicates(read);
        let evaluations: Vec<_> = kept
            .iter()
            .map(|r| {
                let id = store.bid_by_sha(&p.id, &r.sha256).expect("lookup").expect("stored");
                anbud::rules::evaluate(p, &r.bid, &store.overrides(id).expect("overrides"))
            })
            .collect();
        drop(store);
        evaluations.len()
    };
    let pipelined_ms = ms(t);
    assert_eq!(pipelined, paths.len());

    println!("phases (each over all {} workbooks, run separately after the measured run):", paths.len());
    println!("  read files               {read_ms:8.1} ms");
    println!("  SHA-256                  {sha_ms:8.1} ms");
    println!("  parse (calamine + check) {parse_ms:8.1} ms");
    println!("  evaluate                 {eval_ms:8.1} ms");
    println!("  open store + migrate     {open_ms:8.1} ms");
    println!("  store (import_bid: inserts, evaluate again, outcomes, settle, commit) {store_ms:8.1} ms");
    println!("  lookups for overrides    {lookup_ms:8.1} ms");
    println!("prototype: parse on a second thread while storing (all of import + evaluate) {pipelined_ms:8.1} ms");
}
