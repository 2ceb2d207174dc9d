//! Hostile workbooks (issue 12, "Tests"): each case of tests/support/hostile.rs given to the
//! release `anbud evaluate` beside a valid workbook, as a person would; the wall time and the peak
//! memory (the process's and its reader's high-water mark, tests/support/peak.rs) of each, the median of
//! `BENCH_RUNS` runs (default 3). Goals: at most 2 s and 300 MB per case. Prints a table and exits
//! 1 when a case misses a goal. Run: bench/hostile.sh (cargo bench --bench hostile).

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

#[path = "../tests/support/hostile.rs"]
mod hostile;
#[path = "../tests/support/peak.rs"]
mod peak;

const TIME_GOAL: Duration = Duration::from_secs(2);
const MEMORY_GOAL_MB: i64 = 300;

/// Runs `anbud evaluate` under the measuring process (tests/support/peak.rs).
fn run(anbud: &str, definition: &Path, files: &[&Path], scratch: &Path) -> peak::Measured {
    let mut args = vec![OsStr::new("evaluate"), definition.as_os_str()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    args.push(OsStr::new("--json"));
    peak::measure(anbud, &args, scratch)
}

fn main() {
    // `cargo bench` passes --bench; nothing else is taken.
    let anbud = env!("CARGO_BIN_EXE_anbud");
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    assert!(Command::new(anbud).arg("demo").arg(dir.path()).output().unwrap().status.success());
    let definition = dir.path().join("upphandling.toml");
    let good = dir.path().join("anbud/01-vardkraft.xlsx");
    let scratch = dir.path().join("ut.json");
    let base = run(anbud, &definition, &[&good], &scratch);
    println!("{:<24} {:>10} {:>9}  skäl", "fall", "tid", "topp");
    println!("{:<24} {:>7} ms {:>6} MB  (den giltiga arbetsboken ensam)", "01-vardkraft.xlsx", base.elapsed.as_millis(), base.peak_mb);
    let mut missed = Vec::new();
    for case in hostile::cases() {
        let bad = dir.path().join(case.file_name);
        std::fs::write(&bad, (case.build)()).unwrap();
        let mut times = Vec::new();
        let mut peak = 0;
        let mut why = String::new();
        for _ in 0..runs.max(1) {
            let out = run(anbud, &definition, &[&bad, &good], &scratch);
            assert!(out.success, "{}", case.file_name);
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(json["suppliers"].as_array().unwrap().len(), 1, "{}: the valid workbook is imported", case.file_name);
            why = json["rejected"][0]["errors"][0]["message"].as_str().unwrap_or_default().to_string();
            assert!(hostile::says(&case, &why), "{}: {why}", case.file_name);
            times.push(out.elapsed);
            peak = peak.max(out.peak_mb);
        }
        times.sort();
        let median = times[times.len() / 2];
        println!("{:<24} {:>7} ms {:>6} MB  {}", case.file_name, median.as_millis(), peak, why.chars().take(90).collect::<String>());
        if median > TIME_GOAL || peak > MEMORY_GOAL_MB {
            missed.push(case.file_name);
        }
        std::fs::remove_file(&bad).unwrap();
    }
    if !missed.is_empty() {
        eprintln!("över målen (2 s, 300 MB): {}", missed.join(", "));
        std::process::exit(1);
    }
    println!("alla fall inom målen: högst {} ms och {} MB", TIME_GOAL.as_millis(), MEMORY_GOAL_MB);
}
