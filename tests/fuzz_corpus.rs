//! The fuzzer's corpus replayed on stable (docs/fuzzing.md): every file of fuzz/corpus/workbook
//! (the seeds and what `cargo +nightly fuzz run workbook` kept, minimized) and of
//! fuzz/regressions/workbook (every kind of crash a fuzz run found) goes through the limits and
//! the parser as the fuzz target does: a panic in our own code fails this test; a panic inside
//! calamine is what the product contains, and each must then be rejected as unreadable, beside a
//! valid workbook that is imported, both in process and through the reader process. Every file
//! must come out as a bid or as a rejection whose every reason is a sentence.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Once;

use anbud::intake::import::{check_and_parse, import_files, Parsed};
use anbud::usecases::demo::{demo_procurement, write_demo};

thread_local! {
    static PANICKED_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn in_calamine(file: &str) -> bool {
    file.contains("/calamine-")
}

fn hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let at = info.location().map(|l| l.file().to_string()).unwrap_or_default();
            if !in_calamine(&at) {
                default(info);
            }
            PANICKED_AT.with(|p| *p.borrow_mut() = Some(at));
        }));
    });
}

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    files
}

#[derive(Default, Debug)]
struct Replayed {
    bids: usize,
    rejected: usize,
    /// Files on which calamine panicked (contained by the product).
    calamine_panics: Vec<PathBuf>,
}

fn replay(dir: &str) -> Replayed {
    hook();
    let p = demo_procurement();
    let mut out = Replayed::default();
    for file in files(dir) {
        let bytes = std::fs::read(&file).unwrap();
        match std::panic::catch_unwind(|| check_and_parse("fuzz.xlsx", &bytes, &p)) {
            Ok(Parsed::Bid(_)) => out.bids += 1,
            Ok(Parsed::Errors { errors, .. }) => {
                assert!(!errors.is_empty(), "{}: rejected without a reason", file.display());
                for e in &errors {
                    assert!(e.message.trim().len() > 5, "{}: {:?}", file.display(), e.message);
                }
                out.rejected += 1;
            }
            Err(_) => {
                let at = PANICKED_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
                assert!(in_calamine(&at), "{}: a panic in our code, at {at}", file.display());
                out.calamine_panics.push(file);
            }
        }
    }
    out
}

/// A file the fuzzer found is one rejected file: the valid workbook beside it is imported, and
/// the rejection says why in a sentence. A file calamine panics on says that the reading broke off.
fn rejected_beside_a_valid_one(file: &Path, calamine_panicked: bool) {
    let dir = tempfile::tempdir().unwrap();
    let demo = write_demo(&dir.path().join("demo")).unwrap();
    let good = demo.iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with("01-")).unwrap().clone();
    let bad = dir.path().join(file.file_name().unwrap());
    std::fs::copy(file, &bad).unwrap();
    let outcome = import_files(&[bad.clone(), good], &demo_procurement());
    assert_eq!(outcome.bids.len(), 1, "{}: the valid workbook is imported", file.display());
    let rejected = outcome.rejected.iter().find(|r| Path::new(&r.file) == bad);
    let first = &rejected.unwrap_or_else(|| panic!("{}: not rejected", file.display())).errors[0];
    let why = &first.message;
    assert!(why.trim().len() > 5, "{}: {why}", file.display());
    // A reason for the whole file is a sentence; one for a sheet or cell is said beside it.
    assert!(first.sheet.is_some() || why.ends_with('.'), "{}: {why}", file.display());
    if calamine_panicked {
        assert!(why.contains("Filen kan inte läsas") && why.contains("avbröt"), "{}: {why}", file.display());
    }
}

#[test]
fn the_fuzz_corpus_reads_without_a_panic_of_ours() {
    let replayed = replay("fuzz/corpus/workbook");
    // The seeds alone hold the demo's valid workbooks and the hostile cases.
    assert!(replayed.bids >= 10 && replayed.rejected >= 10, "{replayed:?}: is the corpus there?");
    for file in &replayed.calamine_panics {
        rejected_beside_a_valid_one(file, true);
    }
}

#[test]
fn every_crash_the_fuzzer_found_is_rejected_in_process_and_in_the_reader() {
    let replayed = replay("fuzz/regressions/workbook");
    let found = files("fuzz/regressions/workbook");
    assert!(found.len() >= 2, "the regressions are there: {found:?}");
    // None is a bid: each is rejected by the limits or contained as calamine's panic.
    assert_eq!(replayed.bids, 0, "{replayed:?}");
    assert_eq!(replayed.rejected + replayed.calamine_panics.len(), found.len(), "{replayed:?}");
    // In process (catch_unwind) …
    for file in &found {
        rejected_beside_a_valid_one(file, replayed.calamine_panics.contains(file));
    }
    // … and in the reader process, as the command line and the app read them.
    anbud::intake::isolate::enable_with(PathBuf::from(env!("CARGO_BIN_EXE_anbud")));
    for file in &found {
        rejected_beside_a_valid_one(file, replayed.calamine_panics.contains(file));
    }
}
