//! Measuring a command's peak memory (resident set high-water mark) and wall time, for
//! tests/hostile_memory.rs and benches/hostile.rs.
//!
//! A child's `ru_maxrss` starts from its parent's: Linux keeps the high-water mark across exec,
//! and a child made with vfork (as `std::process::Command` and posix_spawn do) shares its parent's
//! memory until then. A test process that has just built a 50 MB hostile file would make every
//! command it starts look that large. So the command is started by a small measuring process
//! (python3, already needed by the tests), which reports `RUSAGE_CHILDREN`: the command's own peak,
//! and that of the reader process it starts.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

const MEASURE: &str = r#"
import resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    start = time.monotonic()
    rc = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL).returncode
    elapsed = time.monotonic() - start
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, elapsed)
"#;

/// What one run of a command gave.
pub struct Measured {
    pub success: bool,
    pub stdout: Vec<u8>,
    /// The peak resident set of the command and its children, MB.
    pub peak_mb: i64,
    pub elapsed: Duration,
}

/// Runs `program args…` under the measuring process; its stdout goes through `scratch`.
pub fn measure(program: &str, args: &[&std::ffi::OsStr], scratch: &Path) -> Measured {
    let out = Command::new("python3").arg("-c").arg(MEASURE).arg(scratch).arg(program).args(args).output().expect("python3");
    assert!(out.status.success(), "python3: {}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8(out.stdout).unwrap();
    let fields: Vec<&str> = report.split_whitespace().collect();
    Measured {
        success: fields[0] == "0",
        stdout: std::fs::read(scratch).unwrap(),
        peak_mb: fields[1].parse::<i64>().unwrap() / 1024,
        elapsed: Duration::from_secs_f64(fields[2].parse().unwrap()),
    }
}
