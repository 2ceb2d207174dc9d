//! The workbook reader on any bytes: the limits (`intake::limits::check`) and, for what they let
//! through, calamine and the bid parser (`intake::import::check_and_parse`). Run with a memory and
//! a time limit (scripts/fuzz.sh, docs/fuzzing.md): a single allocation above 256 MB or an input
//! over 10 s is a finding.
//!
//! A panic in our own code is a finding (the fuzzer stops and keeps the input). A panic inside
//! calamine is what the product contains (`catch_unwind`, and the reader process): the file is
//! rejected as unreadable. Such a panic is noted by where it happened and the run goes on; every
//! kind found is kept in fuzz/regressions/workbook and replayed by tests/fuzz_corpus.rs.
#![no_main]

use std::cell::RefCell;
use std::sync::{Once, OnceLock};

use anbud::model::procurement::Procurement;
use libfuzzer_sys::fuzz_target;

fn procurement() -> &'static Procurement {
    static P: OnceLock<Procurement> = OnceLock::new();
    P.get_or_init(anbud::usecases::demo::demo_procurement)
}

thread_local! {
    static PANICKED_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Where the last panic happened, and its message, printed unless it is in calamine.
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

fn in_calamine(file: &str) -> bool {
    file.contains("/calamine-")
}

fuzz_target!(|data: &[u8]| {
    hook();
    let read = std::panic::catch_unwind(|| anbud::intake::import::check_and_parse("fuzz.xlsx", data, procurement()));
    if read.is_err() {
        let at = PANICKED_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
        assert!(in_calamine(&at), "a panic outside calamine, at {at}: our code must never panic on a workbook");
    }
});
