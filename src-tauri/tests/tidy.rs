//! Checks of the app's source and manifest that no compiler makes: every command is in the log
//! without its arguments, the shipped app carries no test code, and the e2e hooks never reach a
//! release build. (No mock runtime here: these run in every build.)

use std::path::Path;

fn read(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} kan inte läsas: {e}", path.display()))
}

/// Each `#[tauri::command]` function of `text` (by name) with its attributes, doc comments left out.
fn commands(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("pub fn ").or_else(|| line.trim_start().strip_prefix("fn ")) else {
            continue;
        };
        // The attributes above the function: every line up to the previous item's end.
        let mut first = i;
        while first > 0 {
            let above = lines[first - 1].trim();
            if above.is_empty() || above == "}" || (above.ends_with(';') && !above.starts_with('#')) {
                break;
            }
            first -= 1;
        }
        let attributes: String =
            lines[first..i].iter().map(|l| l.trim()).filter(|l| !l.starts_with("//")).collect::<Vec<_>>().join(" ");
        if attributes.contains("#[tauri::command") {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.push((name, attributes));
        }
    }
    out
}

/// Every command whose span is missing, records its arguments or is not named after it.
fn uninstrumented(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, attributes) in commands(text) {
        let Some(at) = attributes.find("#[instrument(").or_else(|| attributes.find("#[tracing::instrument(")) else {
            problems.push(format!("{name}: #[tauri::command] utan #[instrument(…)] (eller #[tracing::instrument(…)])"));
            continue;
        };
        let instrument = &attributes[at..];
        if !instrument.contains("skip_all") {
            problems.push(format!("{name}: #[instrument] utan skip_all (argumenten kan bära personuppgifter)"));
        }
        if !instrument.contains(&format!("command = \"{name}\"")) {
            problems.push(format!("{name}: #[instrument] utan fältet command = \"{name}\""));
        }
    }
    problems
}

#[test]
fn every_command_is_instrumented_by_name_without_its_arguments() {
    let text = read("src/commands.rs");
    let found: Vec<String> = commands(&text).into_iter().map(|(name, _)| name).collect();
    let mut listed: Vec<String> = anbud_app_lib::COMMANDS.iter().chain(anbud_app_lib::E2E_COMMANDS).map(|c| c.to_string()).collect();
    let mut sorted = found.clone();
    sorted.sort();
    listed.sort();
    assert_eq!(sorted, listed, "kommandona i commands.rs och command_list.rs");
    let problems = uninstrumented(&text);
    assert!(problems.is_empty(), "src/commands.rs:\n{}", problems.join("\n"));
}

#[test]
fn a_command_without_its_span_is_named() {
    let text = "/// Doc.\n#[tauri::command(async)]\npub fn plain(path: String) -> Result<(), IpcError> {\n    Ok(())\n}\n\n\
                #[cfg(feature = \"e2e\")]\n#[tauri::command(async)]\n#[instrument(name = \"command\", fields(command = \"loud\"))]\n\
                pub fn loud(path: String) {}\n\n#[tauri::command]\n#[tracing::instrument(\n    skip_all,\n    fields(command = \"other\")\n)]\n\
                pub fn misnamed() {}\n\nfn helper() {}\n";
    assert_eq!(
        uninstrumented(text),
        vec![
            "plain: #[tauri::command] utan #[instrument(…)] (eller #[tracing::instrument(…)])".to_string(),
            "loud: #[instrument] utan skip_all (argumenten kan bära personuppgifter)".to_string(),
            "misnamed: #[instrument] utan fältet command = \"misnamed\"".to_string(),
        ]
    );
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
    // (It also brings rust_xlsxwriter, optional, for tests/ipc.rs's hostile workbooks.)
    assert!(features.contains(&r#"test-support = ["tauri/test", "dep:rust_xlsxwriter"]"#), "{features:?}");
    let xlsx = dependencies.iter().find(|l| l.starts_with("rust_xlsxwriter ")).expect("rust_xlsxwriter");
    assert!(xlsx.contains("optional = true"), "{xlsx}");

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
