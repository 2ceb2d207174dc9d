//! The app's log: `anbud.log` in the app's data folder (`anbud::usecases::data_dir()`).
//!
//! What it holds: when the app started (version, build), one line per command call when it ends
//! (`command{command="…"}: close time.busy=… time.idle=…`), the code of every error a command
//! returns (`code="no_database_open"`, never its message), where a panic happened (source file
//! and line, never its message), and the core's warnings (SQLite's, the migrations' and the
//! workbook writer's own English text, which names tables and columns, not values).
//!
//! What it never holds: bid contents, names, organisation numbers, justifications, definition
//! text, file contents or paths. The commands' spans skip every argument
//! (`#[instrument(skip_all)]`, checked by tests/tidy.rs), error messages are not logged (they
//! name files and procurements), and only the app's and the core's own events are written (no
//! other crate's, whose text is not ours to check).
//!
//! The file is opened for appending at start; one larger than [`MAX_BYTES`] is first renamed to
//! `anbud.log.1` (replacing the one before), so at most two files are kept.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::prelude::*;

/// The log's file name in the data folder.
pub const LOG_FILE: &str = "anbud.log";

/// A log larger than this at start is moved to `anbud.log.1`.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// The subscriber the app logs through, writing to `writer`: the app's (`anbud_app_lib`) and the
/// core's (`anbud`) events from INFO up, each command call's span when it closes, no colours.
pub fn subscriber<W>(writer: W) -> impl tracing::Subscriber + Send + Sync + 'static
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let ours = Targets::new().with_target("anbud_app_lib", Level::INFO).with_target("anbud", Level::INFO);
    tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_writer(writer).with_ansi(false).with_span_events(FmtSpan::CLOSE).with_filter(ours))
}

/// Opens `dir/anbud.log` for appending (moving one over [`MAX_BYTES`] to `anbud.log.1` first).
pub fn open(dir: &Path) -> std::io::Result<(PathBuf, File)> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(LOG_FILE);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_BYTES) {
        std::fs::rename(&path, dir.join(format!("{LOG_FILE}.1")))?;
    }
    let file = OpenOptions::new().create(true).append(true).open(&path)?;
    Ok((path, file))
}

/// Starts the app's log in `dir` (the data folder) and logs panics' locations to it. Without a
/// log file (a folder that cannot be written) the app runs on and says so on standard error.
pub fn init(dir: &Path) {
    let file = match open(dir) {
        Ok((_, file)) => file,
        Err(e) => {
            eprintln!("Anbud kan inte skriva sin logg ({LOG_FILE}): {}", anbud::support::sv::io_error(&e));
            return;
        }
    };
    if tracing::subscriber::set_global_default(subscriber(Mutex::new(file))).is_err() {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Where, not what: a panic's message may quote data.
        match info.location() {
            Some(at) => tracing::error!(file = at.file(), line = at.line(), "panic"),
            None => tracing::error!("panic"),
        }
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::Arc;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn only_our_own_events_are_written_with_the_command_span() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        tracing::subscriber::with_default(subscriber(move || writer.clone()), || {
            tracing::info!(target: "tauri::manager", "en annan lådas text");
            tracing::info!(target: "anbud::store", "kärnans");
            tracing::debug!("för pratsamt");
            let span = tracing::info_span!("command", command = "overview");
            span.in_scope(|| tracing::info!(code = "no_database_open", "failed"));
        });
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert!(!text.contains("en annan lådas text"), "{text}");
        assert!(!text.contains("för pratsamt"), "{text}");
        assert!(!text.contains('\u{1b}'), "inga färgkoder: {text}");
        assert!(text.contains("kärnans"), "{text}");
        assert!(text.contains(r#"command{command="overview"}"#) && text.contains("failed code=\"no_database_open\""), "{text}");
        assert!(text.contains(r#"command{command="overview"}: anbud_app_lib::logging::tests: close"#), "{text}");
    }

    #[test]
    fn a_large_log_is_moved_aside_at_start() {
        let dir = std::env::temp_dir().join(format!("anbud-log-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();

        let (path, mut file) = open(&dir).unwrap();
        assert_eq!(path, dir.join("anbud.log"));
        writeln!(file, "första").unwrap();
        let (_, mut file) = open(&dir).unwrap();
        writeln!(file, "andra").unwrap();
        assert_eq!(read("anbud.log"), "första\nandra\n");
        assert!(!dir.join("anbud.log.1").exists());

        std::fs::write(dir.join("anbud.log"), "x".repeat(MAX_BYTES as usize + 1)).unwrap();
        let (_, mut file) = open(&dir).unwrap();
        writeln!(file, "ny").unwrap();
        assert_eq!(read("anbud.log"), "ny\n");
        assert_eq!(read("anbud.log.1").len(), MAX_BYTES as usize + 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
