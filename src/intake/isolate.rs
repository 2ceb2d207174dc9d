//! Reading workbooks in a child process with a memory and a time limit (issue 12, "A parser that
//! fails fails alone").
//!
//! `intake::limits` refuses what a bid workbook cannot need before calamine sees it, but calamine's
//! readers (and .xls's record streams in particular) are large and not ours: a file that passes the
//! limits could still make one of them allocate without bound, loop, or abort the process. So a
//! program that reads workbooks from outside (the `anbud` command line and the desktop app) starts
//! itself again as a *reader*: a child process that parses one workbook after another, with its
//! data segment capped at [`READER_MEMORY_BYTES`] (`RLIMIT_DATA`, Unix), and that is killed when a
//! workbook takes longer than [`READER_TIME_LIMIT`]. Whatever a file does to the reader, the file is
//! rejected as unreadable, naming why, the reader is started again for the next file, and the
//! batch, the program and the database go on.
//!
//! Both programs call [`main_hook`] first thing in `main`. Without it (the library in tests and
//! benchmarks) workbooks are read in process, behind the same limits and `catch_unwind`.
//!
//! The protocol, over the child's stdin and stdout, is length-prefixed frames (u64 little-endian
//! length, then the bytes): first the procurement as JSON, then for each workbook its label and its
//! bytes; the reader answers each workbook with one frame, a [`Reply`] as JSON.
//!
//! Invariant: this module never touches the database or the disk; it moves bytes to a child and a
//! parse result back.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::OnceLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::import::{check_and_parse, Parsed};
use super::limits::MAX_FILE_BYTES;
use crate::model::procurement::Procurement;

/// The argument that starts a program as a workbook reader (never given by a person).
pub const READER_ARG: &str = "--anbud-workbook-reader";
/// The most memory a reader may allocate (its data segment: heap and private mappings). A bid
/// workbook needs a few megabytes; the limits of `intake::limits` keep any file that passes them
/// far below this.
pub const READER_MEMORY_BYTES: u64 = 256 * 1024 * 1024;
/// The longest one workbook may take to read (a bid workbook takes milliseconds).
pub const READER_TIME_LIMIT: Duration = Duration::from_secs(10);
/// The largest procurement definition (as JSON) a reader accepts.
const MAX_DEFINITION_BYTES: u64 = 16 * 1024 * 1024;
/// The largest reply (a bid as JSON, or its errors) a reader may send.
const MAX_REPLY_BYTES: u64 = 64 * 1024 * 1024;

static READER_EXE: OnceLock<PathBuf> = OnceLock::new();

/// First thing in a program's `main`: started as a reader (`READER_ARG`), serve and exit;
/// otherwise, from now on read workbooks in reader processes started from this executable.
pub fn main_hook() {
    if std::env::args_os().nth(1).is_some_and(|a| a == READER_ARG) {
        std::process::exit(serve());
    }
    if let Ok(exe) = std::env::current_exe() {
        let _ = READER_EXE.set(exe);
    }
}

/// Reads workbooks in reader processes started from `exe` (a program that calls [`main_hook`]):
/// for tests and benchmarks of the library, which are not such a program themselves. The first
/// call in a process wins.
pub fn enable_with(exe: PathBuf) {
    let _ = READER_EXE.set(exe);
}

/// Whether workbooks are read in reader processes (see [`main_hook`]).
pub fn enabled() -> bool {
    READER_EXE.get().is_some()
}

/// The reader's answer for one workbook.
#[allow(clippy::large_enum_variant, reason = "one per workbook, moved once or twice: boxing saves nothing")]
#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Parsed(Parsed),
    /// The parser panicked (the panic was caught; the reader goes on).
    Panicked,
}

/// Why a reader gave no answer for a workbook.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The reader panicked on the file.
    Panicked,
    /// The reader died on the file: out of its memory, or aborted.
    Died { out_of_memory: bool },
    /// The file took longer than [`READER_TIME_LIMIT`]; the reader was killed.
    TimedOut,
    /// No reader could be started or spoken to (the caller reads in process instead; the
    /// message is for the log).
    Unavailable(std::io::Error),
}

impl Failure {
    /// Why the file is unreadable, in Swedish, for the rejection.
    pub(crate) fn message(&self) -> String {
        match self {
            Failure::Panicked => "Filen kan inte läsas: läsaren för kalkylblad avbröt på innehållet (filen är skadad).".to_string(),
            Failure::Died { out_of_memory: true } => format!(
                "Filen kan inte läsas: läsaren för kalkylblad behövde mer än de {} MB minne den får använda (filen är skadad eller konstruerad för att inte gå att läsa).",
                READER_MEMORY_BYTES / (1024 * 1024)
            ),
            Failure::Died { out_of_memory: false } => {
                "Filen kan inte läsas: läsaren för kalkylblad avbröts på innehållet (filen är skadad).".to_string()
            }
            Failure::TimedOut => format!(
                "Filen kan inte läsas: läsaren för kalkylblad arbetade med den längre än {} sekunder och avbröts (filen är skadad eller konstruerad för att inte gå att läsa).",
                READER_TIME_LIMIT.as_secs()
            ),
            Failure::Unavailable(e) => format!("Filen kan inte läsas: läsaren för kalkylblad kunde inte startas ({e})."),
        }
    }
}

/// A running reader process, for one batch; restarted after a file kills it.
pub(crate) struct Reader {
    exe: PathBuf,
    procurement_json: Vec<u8>,
    running: Option<Running>,
    time_limit: Duration,
}

struct Running {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    replies: Receiver<std::io::Result<Vec<u8>>>,
    stderr_tail: std::thread::JoinHandle<Vec<u8>>,
}

impl Reader {
    /// A reader for `procurement`, when readers are enabled ([`main_hook`]); started at first use.
    pub(crate) fn new(procurement: &Procurement) -> Option<Reader> {
        let exe = READER_EXE.get()?.clone();
        let procurement_json = serde_json::to_vec(procurement).ok()?;
        Some(Reader { exe, procurement_json, running: None, time_limit: READER_TIME_LIMIT })
    }

    /// Reads one workbook in the reader process.
    pub(crate) fn parse(&mut self, label: &str, bytes: &[u8]) -> Result<Parsed, Failure> {
        if self.running.is_none() {
            self.running = Some(self.start().map_err(Failure::Unavailable)?);
        }
        let running = self.running.as_mut().expect("started above");
        let sent = write_frame(&mut running.stdin, label.as_bytes())
            .and_then(|_| write_frame(&mut running.stdin, bytes))
            .and_then(|_| running.stdin.flush());
        let reply = match sent {
            Ok(()) => running.replies.recv_timeout(self.time_limit),
            Err(e) => Ok(Err(e)),
        };
        match reply {
            Ok(Ok(frame)) => match serde_json::from_slice::<Reply>(&frame) {
                Ok(Reply::Parsed(parsed)) => Ok(parsed),
                Ok(Reply::Panicked) => Err(Failure::Panicked),
                Err(e) => {
                    self.stop();
                    Err(Failure::Unavailable(std::io::Error::other(e)))
                }
            },
            Err(RecvTimeoutError::Timeout) => {
                self.stop();
                Err(Failure::TimedOut)
            }
            // The reader closed its output: it died on this file (or could not be spoken to).
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                let Some(mut running) = self.running.take() else {
                    return Err(Failure::Died { out_of_memory: false });
                };
                let _ = running.child.kill();
                let status = running.child.wait();
                drop(running.stdin);
                let tail = running.stderr_tail.join().unwrap_or_default();
                let out_of_memory = String::from_utf8_lossy(&tail).contains("memory allocation of");
                match status {
                    Ok(s) if s.success() => Err(Failure::Unavailable(std::io::Error::other("läsaren avslutades"))),
                    _ => Err(Failure::Died { out_of_memory }),
                }
            }
        }
    }

    fn start(&self) -> std::io::Result<Running> {
        let mut child =
            Command::new(&self.exe).arg(READER_ARG).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
        let mut stdin = BufWriter::new(child.stdin.take().expect("piped"));
        let stdout = child.stdout.take().expect("piped");
        let mut stderr = child.stderr.take().expect("piped");
        let (tx, replies) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            loop {
                let frame = read_frame(&mut out, MAX_REPLY_BYTES);
                let stop = frame.is_err();
                if tx.send(frame).is_err() || stop {
                    break;
                }
            }
        });
        // The last kilobyte the reader wrote to stderr: says whether it ran out of memory.
        let stderr_tail = std::thread::spawn(move || {
            let mut tail = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                tail.extend_from_slice(&buf[..n]);
                if tail.len() > 1024 {
                    tail.drain(..tail.len() - 1024);
                }
            }
            tail
        });
        write_frame(&mut stdin, &self.procurement_json)?;
        stdin.flush()?;
        Ok(Running { child, stdin, replies, stderr_tail })
    }

    fn stop(&mut self) {
        if let Some(mut running) = self.running.take() {
            let _ = running.child.kill();
            let _ = running.child.wait();
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        if let Some(mut running) = self.running.take() {
            // Closing its input ends the reader; kill it in case it is stuck.
            drop(running.stdin);
            let _ = running.child.kill();
            let _ = running.child.wait();
        }
    }
}

fn write_frame(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

fn read_frame(r: &mut impl Read, max: u64) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len > max {
        return Err(std::io::Error::other(format!("för stor del ({len} byte)")));
    }
    let mut buf = vec![0u8; len as usize];
    r.read_exact(&mut buf)?;
    Ok(buf)
}

/// The reader's side: limits itself, reads the procurement, then answers workbook after workbook
/// until its input closes. The exit code is 0 at the end of its input, 2 on a broken protocol.
fn serve() -> i32 {
    // A panic is answered as `Reply::Panicked`; its message would only be noise.
    std::panic::set_hook(Box::new(|_| {}));
    limit_memory();
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = BufWriter::new(std::io::stdout().lock());
    let procurement: Procurement = match read_frame(&mut input, MAX_DEFINITION_BYTES).map(|b| serde_json::from_slice(&b)) {
        Ok(Ok(p)) => p,
        _ => return 2,
    };
    loop {
        let label = match read_frame(&mut input, 64 * 1024) {
            Ok(l) => String::from_utf8_lossy(&l).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return 0,
            Err(_) => return 2,
        };
        let Ok(bytes) = read_frame(&mut input, MAX_FILE_BYTES) else { return 2 };
        let reply = match std::panic::catch_unwind(|| check_and_parse(&label, &bytes, &procurement)) {
            Ok(parsed) => Reply::Parsed(parsed),
            Err(_) => Reply::Panicked,
        };
        let sent = serde_json::to_vec(&reply).map_err(std::io::Error::other).and_then(|json| write_frame(&mut output, &json));
        if sent.and_then(|_| output.flush()).is_err() {
            return 2;
        }
    }
}

#[cfg(unix)]
fn limit_memory() {
    let _ = rlimit::setrlimit(rlimit::Resource::DATA, READER_MEMORY_BYTES, READER_MEMORY_BYTES);
}

#[cfg(not(unix))]
fn limit_memory() {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_refuse_what_is_too_large() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"hej").unwrap();
        write_frame(&mut buf, &[7u8; 100]).unwrap();
        let mut r = &buf[..];
        assert_eq!(read_frame(&mut r, 10).unwrap(), b"hej");
        assert!(read_frame(&mut r, 99).is_err(), "a frame above the cap is refused before it is allocated");
        let mut r = &buf[..4];
        assert_eq!(read_frame(&mut r, 10).unwrap_err().kind(), std::io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn every_failure_has_a_swedish_reason() {
        for f in [Failure::Panicked, Failure::Died { out_of_memory: true }, Failure::Died { out_of_memory: false }, Failure::TimedOut]
        {
            assert!(f.message().starts_with("Filen kan inte läsas"), "{f:?}");
        }
        assert!(Failure::Died { out_of_memory: true }.message().contains("256 MB"));
        assert!(Failure::TimedOut.message().contains("10 sekunder"));
    }

    /// A stand-in reader: a shell script (the real one is the program itself, see
    /// tests/hostile_workbooks.rs).
    fn reader_running(script: &str, dir: &std::path::Path) -> Reader {
        use std::os::unix::fs::PermissionsExt;
        let exe = dir.join("reader.sh");
        std::fs::write(&exe, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        // The stand-ins read no procurement (tests/hostile_workbooks.rs has the real reader).
        Reader {
            exe,
            procurement_json: b"{}".to_vec(),
            running: None,
            time_limit: Duration::from_millis(300),
        }
    }

    #[test]
    fn a_reader_that_never_answers_is_killed_at_the_time_limit_and_started_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut reader = reader_running("cat >/dev/null", dir.path());
        let r = reader.parse("a.xlsx", b"PK");
        assert!(matches!(r, Err(Failure::TimedOut)), "{r:?}");
        let killed = reader.running.is_none();
        assert!(killed, "the reader is stopped after a time-out");
        assert!(matches!(reader.parse("b.xlsx", b"PK"), Err(Failure::TimedOut)), "a new reader for the next file");
    }

    #[test]
    fn a_reader_that_runs_out_of_memory_or_dies_is_reported_so() {
        let dir = tempfile::tempdir().unwrap();
        let mut reader =
            reader_running("sleep 0.1; echo 'memory allocation of 1073741824 bytes failed' >&2; kill -ABRT $$", dir.path());
        assert!(matches!(reader.parse("a.xlsx", b"PK"), Err(Failure::Died { out_of_memory: true })));
        assert!(matches!(reader.parse("b.xlsx", b"PK"), Err(Failure::Died { out_of_memory: true })), "started again");
        let mut reader = reader_running("sleep 0.1; kill -SEGV $$", dir.path());
        assert!(matches!(reader.parse("a.xlsx", b"PK"), Err(Failure::Died { out_of_memory: false })));
    }

    #[test]
    fn a_reader_that_cannot_start_leaves_the_reading_to_the_caller() {
        let mut reader = Reader {
            exe: PathBuf::from("/finns/inte/anbud"),
            procurement_json: b"{}".to_vec(),
            running: None,
            time_limit: READER_TIME_LIMIT,
        };
        assert!(matches!(reader.parse("a.xlsx", b"PK"), Err(Failure::Unavailable(_))));
    }
}
