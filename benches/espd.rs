//! Hostile ESPD documents (issue 14, "Tests"): malformed XML, a document nested 100 000 levels
//! deep, a 200 MB document and an entity-expansion attack (billion laughs), each given to the
//! release `anbud evaluate` beside a valid workbook, as a bid's files are; and the ESPD-EDM's
//! 1.1 MB example response read (`anbud espd read`) for comparison. The wall time and the peak
//! memory of each (tests/support/peak.rs), the median of `BENCH_RUNS` runs (default 3). Goals:
//! each refused in under a second, memory bounded (at most 100 MB, whatever the document). Prints
//! a table and exits 1 when a case misses a goal. Run: bench/espd.sh (cargo bench --bench espd).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[path = "../tests/support/peak.rs"]
mod peak;

const TIME_GOAL: Duration = Duration::from_secs(1);
const MEMORY_GOAL_MB: i64 = 100;

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<QualificationApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:VersionID>4.1.0</cbc:VersionID>
"#;
const TAIL: &str = "</QualificationApplicationResponse>\n";

/// The hostile documents: (file name, how it is written, what the refusal says).
fn cases(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    // Malformed: a close tag that does not match, after 1 MB of well-formed notes.
    let notes = "<cbc:Note>anteckning</cbc:Note>\n".repeat(32_000);
    out.push((write("felaktig.xml", format!("{HEAD}{notes}<cbc:Note>a</cbc:Nota>{TAIL}").as_bytes()), "inte välformad XML"));
    // 100 000 levels deep.
    let n = 100_000;
    out.push((
        write("djup.xml", format!("{HEAD}{}{}{TAIL}", "<cbc:Note>".repeat(n), "</cbc:Note>".repeat(n)).as_bytes()),
        "djupare än 256",
    ));
    // 200 MB: a real file of that size (sparse), refused from its size.
    let big = dir.join("stor.xml");
    let mut file = std::fs::File::create(&big).unwrap();
    std::io::Write::write_all(&mut file, HEAD.as_bytes()).unwrap();
    file.set_len(200 * 1000 * 1000).unwrap();
    out.push((big, "högst 32 MiB"));
    // Billion laughs: ten levels of ten.
    let mut entities = String::from("<!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        entities.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&lol{};", i - 1).repeat(10)));
    }
    let laughs = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE QualificationApplicationResponse [\n{entities}]>\n{}<cbc:Note>&lol9;</cbc:Note>\n{TAIL}",
        HEAD.split_once('\n').unwrap().1
    );
    out.push((write("skratt.xml", laughs.as_bytes()), "DTD"));
    out
}

fn main() {
    let anbud = env!("CARGO_BIN_EXE_anbud");
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    assert!(Command::new(anbud).arg("demo").arg(dir.path()).output().unwrap().status.success());
    let definition = dir.path().join("upphandling.toml");
    let good = dir.path().join("anbud/01-vardkraft.xlsx");
    let scratch = dir.path().join("ut.json");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/espd/v4.1.0/ESPD-Response.xml");
    let read = peak::measure(anbud, &[OsStr::new("espd"), OsStr::new("read"), example.as_os_str(), OsStr::new("--json")], &scratch);
    assert!(read.success);
    println!("{:<24} {:>10} {:>9}  skäl", "fall", "tid", "topp");
    println!(
        "{:<24} {:>7} ms {:>6} MB  (ESPD-EDM:s exempelsvar, 1,1 MB, läst)",
        "ESPD-Response.xml",
        read.elapsed.as_millis(),
        read.peak_mb
    );
    let mut missed = Vec::new();
    for (bad, says) in cases(dir.path()) {
        let name = bad.file_name().unwrap().to_string_lossy().to_string();
        let mut times = Vec::new();
        let mut peak = 0;
        let mut why = String::new();
        for _ in 0..runs.max(1) {
            let args = [OsStr::new("evaluate"), definition.as_os_str(), good.as_os_str(), bad.as_os_str(), OsStr::new("--json")];
            let out = peak::measure(anbud, &args, &scratch);
            assert!(out.success, "{name}");
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(json["suppliers"].as_array().unwrap().len(), 1, "{name}: the valid workbook is evaluated");
            why = json["rejected"][0]["errors"][0]["message"].as_str().unwrap_or_default().to_string();
            assert!(why.contains(says), "{name}: {why}");
            times.push(out.elapsed);
            peak = peak.max(out.peak_mb);
        }
        times.sort();
        let median = times[times.len() / 2];
        println!("{:<24} {:>7} ms {:>6} MB  {}", name, median.as_millis(), peak, why.chars().take(90).collect::<String>());
        if median > TIME_GOAL || peak > MEMORY_GOAL_MB {
            missed.push(name);
        }
    }
    if !missed.is_empty() {
        eprintln!("över målen (1 s, 100 MB): {}", missed.join(", "));
        std::process::exit(1);
    }
    println!("alla fall inom målen: under {} ms och högst {} MB", TIME_GOAL.as_millis(), MEMORY_GOAL_MB);
}
