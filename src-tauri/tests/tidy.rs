//! Checks of the app's source and manifest that no compiler makes: the shipped app carries no test
//! code, and the e2e hooks never reach a release build. (No mock runtime here: these run in every
//! build.)

use std::path::Path;

fn read(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} kan inte läsas: {e}", path.display()))
}

/// The lines of a `[section]` (or each `[[section]]`) of a manifest, until the next section.
fn sections<'a>(manifest: &'a str, header: &str) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut inside = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == header;
            if inside {
                out.push(Vec::new());
            }
        } else if inside && !line.is_empty() && !line.starts_with('#') {
            out.last_mut().expect("a section").push(line);
        }
    }
    out
}

/// Tauri's mock runtime (`tauri/test`) only with the feature `test-support`, and every test that
/// uses it requires that feature: `cargo build -p anbud-app` ships no test code.
#[test]
fn the_mock_runtime_is_only_in_builds_with_test_support() {
    let manifest = read("Cargo.toml");
    let dependencies = sections(&manifest, "[dependencies]").concat();
    let tauri = dependencies.iter().find(|l| l.starts_with("tauri ") || l.starts_with("tauri=")).expect("tauri");
    assert!(!tauri.contains("\"test\""), "tauri med \"test\" i [dependencies]: {tauri}");
    let features = sections(&manifest, "[features]").concat();
    assert!(features.contains(&r#"test-support = ["tauri/test"]"#), "{features:?}");

    let gated: Vec<String> = sections(&manifest, "[[test]]")
        .iter()
        .filter(|t| t.contains(&r#"required-features = ["test-support"]"#))
        .filter_map(|t| t.iter().find_map(|l| l.strip_prefix("path = ")).map(|p| p.trim_matches('"').to_string()))
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = format!("tests/{}", path.file_name().unwrap().to_string_lossy());
        if file.ends_with(".rs") && std::fs::read_to_string(&path).unwrap().contains(&format!("{}::test::", "tauri")) {
            assert!(gated.contains(&file), "{file} använder tauri::test men kräver inte funktionen test-support ({gated:?})");
        }
    }
    assert!(gated.contains(&"tests/ipc.rs".to_string()), "{gated:?}");
}

/// The e2e hooks skip the file dialogs: a release build with them does not compile.
#[test]
fn a_release_build_with_the_e2e_hooks_does_not_compile() {
    let lib = read("src/lib.rs");
    let guard = "#[cfg(all(feature = \"e2e\", not(debug_assertions)))]\ncompile_error!(";
    assert!(lib.contains(guard), "src/lib.rs saknar {guard}");
}
