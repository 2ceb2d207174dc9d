//! Peak memory of each hostile workbook of issue 12 (tests/support/hostile.rs), through the
//! command line as a person runs it: `anbud evaluate` with the hostile file and a valid workbook.
//! The limit is 300 MB for the process's high-water mark, counting the reader process it starts
//! (measured as tests/support/peak.rs says). Memory is deterministic enough to assert in a test;
//! time is not, so the 2 s per case is measured by benches/hostile.rs (bench/hostile.sh), never
//! here.
#![cfg(target_os = "linux")]

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

#[path = "support/hostile.rs"]
mod hostile;
#[path = "support/peak.rs"]
mod peak;

const LIMIT_MB: i64 = 300;

#[test]
fn every_hostile_workbook_is_rejected_within_300_mb_beside_a_valid_one() {
    let anbud = env!("CARGO_BIN_EXE_anbud");
    let dir = tempfile::tempdir().unwrap();
    assert!(Command::new(anbud).arg("demo").arg(dir.path()).output().unwrap().status.success());
    let definition = dir.path().join("upphandling.toml");
    let good = dir.path().join("anbud/01-vardkraft.xlsx");
    let scratch = dir.path().join("ut.json");
    let mut peaks = Vec::new();
    for case in hostile::cases() {
        let bad = dir.path().join(case.file_name);
        std::fs::write(&bad, (case.build)()).unwrap();
        let args = [OsStr::new("evaluate"), definition.as_os_str(), bad.as_os_str(), good.as_os_str(), OsStr::new("--json")];
        let run = peak::measure(anbud, &args, &scratch);
        assert!(run.success, "{}", case.file_name);
        let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        let imported: Vec<&str> = json["suppliers"].as_array().unwrap().iter().map(|s| s["file"].as_str().unwrap()).collect();
        assert_eq!(imported.len(), 1, "{}: the valid workbook is imported", case.file_name);
        assert!(Path::new(imported[0]).ends_with("01-vardkraft.xlsx"));
        let rejected = json["rejected"].as_array().unwrap();
        assert_eq!(rejected.len(), 1, "{}", case.file_name);
        let why: Vec<&str> = rejected[0]["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap()).collect();
        let why = why.join(" | ");
        assert!(hostile::says(&case, &why), "{}: {why}", case.file_name);
        assert!(run.peak_mb <= LIMIT_MB, "{}: the command line peaked at {} MB (limit {LIMIT_MB} MB)", case.file_name, run.peak_mb);
        peaks.push(format!("{} {} MB", case.file_name, run.peak_mb));
        std::fs::remove_file(&bad).unwrap();
    }
    // What was measured (cargo test -- --nocapture shows it).
    println!("{}", peaks.join("\n"));
}
