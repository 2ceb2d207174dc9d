//! TypeScript types for the IPC, generated from the Rust types with ts-rs (never written twice).
//!
//! `cargo test -p anbud-app` writes them to ui/src/bindings/ (only files that changed). Under CI
//! (env CI set) a change fails the test instead: the committed bindings were stale.
//! To add a type: derive `TS` with `#[ts(export_to = "Name.ts")]` and list it below.

use std::path::{Path, PathBuf};

use anbud_app_lib::commands::{AppInfo, ImportProgress};
use anbud_app_lib::{ErrorCode, IpcError};
use ts_rs::{Config, TS};

fn file<T: TS + 'static>(cfg: &Config) -> (PathBuf, String) {
    let path = T::output_path().expect("typen kan exporteras");
    let text = T::export_to_string(cfg).expect("ts-rs kan generera typen");
    (path, text)
}

#[test]
fn typescript_bindings_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    let cfg = Config::new().with_large_int("number");
    let files = [
        file::<IpcError>(&cfg),
        file::<ErrorCode>(&cfg),
        file::<AppInfo>(&cfg),
        file::<ImportProgress>(&cfg),
    ];
    std::fs::create_dir_all(&dir).unwrap();
    let mut stale = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(rel.display().to_string());
            if std::env::var_os("CI").is_none() {
                std::fs::write(&path, text).unwrap();
            }
        }
    }
    if std::env::var_os("CI").is_some() {
        assert!(stale.is_empty(), "ui/src/bindings är inaktuella: {stale:?}. Kör `cargo test -p anbud-app` och checka in dem.");
    } else if !stale.is_empty() {
        eprintln!("uppdaterade ui/src/bindings: {stale:?}");
    }
}
