//! The arrows between the core's parts hold (in the spirit of rust-analyzer's tidy tests): every
//! `crate::…` path in `src/` is read, and a part that reaches one it must not fails the test,
//! naming the file and line. The table is docs/architecture.md's "Forbidden arrows".

use std::path::{Path, PathBuf};

/// Each part of the core and the parts it may reach besides itself. Anything not listed is
/// forbidden; `usecases` may reach the whole core. Nothing in `src/` reaches the app.
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("support", &[]),
    ("rules", &["model"]),
    ("pricing", &["model", "support"]),
    ("definition", &["model", "support"]),
    ("intake", &["model", "support"]),
    ("envelope", &["model"]),
    ("espd", &["model"]),
    ("store", &["model", "support", "definition", "intake", "records"]),
    ("records", &["model", "support", "rules", "pricing"]),
    ("usecases", &["model", "support", "rules", "pricing", "definition", "intake", "envelope", "espd", "store", "records"]),
];

/// Names of the app that the core must never name.
const APP: &[&str] = &["anbud_app", "anbud_app_lib", "tauri"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code lines of a file with their numbers: comments left out, and nothing from the first
/// `#[cfg(test)]` on (a unit test may reach what it needs to build its data).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(n, l)| (n, l.split(" // ").next().unwrap_or(l)))
}

/// Every part named by a `crate::part` path on a line.
fn reached(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        let after = &rest[i + "crate::".len()..];
        let ident = |s: &str| -> String { s.trim().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect() };
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            if let Some(group) = after.strip_prefix('{') {
                // `crate::{a::x, b::{y, z}}`: the first name of each top-level member.
                let mut depth = 0;
                let mut member = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            out.push(ident(&member));
                            member.clear();
                            continue;
                        }
                        _ => {}
                    }
                    member.push(c);
                }
                out.push(ident(&member));
                out.retain(|n| !n.is_empty());
            } else {
                let name = ident(after);
                if !name.is_empty() {
                    out.push(name);
                }
            }
        }
        rest = after;
    }
    out
}

/// The forbidden arrows in one file of a part, as "file:line: part → other".
fn violations(part: &str, file: &str, text: &str) -> Vec<String> {
    let allowed = ALLOWED.iter().find(|(p, _)| *p == part).map(|(_, a)| *a);
    let mut out = Vec::new();
    for (n, line) in code_lines(text) {
        for other in reached(line) {
            let ok = other == part || allowed.is_some_and(|a| a.contains(&other.as_str()));
            if !ok {
                out.push(format!("{file}:{n}: {part} → {other}: {}", line.trim()));
            }
        }
        for app in APP {
            let word = |w: &str| w == *app;
            if line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(word) {
                out.push(format!("{file}:{n}: {part} → the app ({app}): {}", line.trim()));
            }
        }
    }
    out
}

#[test]
fn every_part_reaches_only_what_it_may() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut parts_seen = std::collections::BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let mut components = rel.components();
        let first = components.next().unwrap().as_os_str().to_string_lossy().to_string();
        if components.next().is_none() {
            // lib.rs and main.rs: the crate's root and the command line over it.
            continue;
        }
        if first == "cli" {
            continue; // the binary: it reaches the core as `anbud::`, never `crate::`
        }
        assert!(
            ALLOWED.iter().any(|(p, _)| *p == first),
            "src/{first}/ is not a part in the table of tests/architecture.rs and docs/architecture.md"
        );
        parts_seen.insert(first.clone());
        let text = std::fs::read_to_string(file).unwrap();
        problems.extend(violations(&first, &format!("src/{}", rel.display()), &text));
    }
    assert_eq!(parts_seen.len(), ALLOWED.len(), "a part of the table has no folder: {parts_seen:?}");
    assert!(problems.is_empty(), "forbidden arrows:\n{}", problems.join("\n"));
}

#[test]
fn a_forbidden_use_is_named_with_file_and_line() {
    let text = "//! The model.\nuse crate::model::money::format_sek;\nuse crate::store::Store;\n";
    assert_eq!(
        violations("model", "src/model/x.rs", text),
        vec!["src/model/x.rs:3: model → store: use crate::store::Store;".to_string()]
    );
    // The rules reach only the model.
    let text = "fn f() { let _ = crate::intake::import::import_file; }\n";
    assert_eq!(violations("rules", "src/rules/x.rs", text).len(), 1);
    // The intake never reaches the store, not even inside a group of paths.
    let text = "use crate::{model::bid::Bid, store::{Store, StoreError}};\nfn g(s: &crate::store::Store) {}\n";
    assert_eq!(
        violations("intake", "src/intake/x.rs", text),
        vec![
            "src/intake/x.rs:1: intake → store: use crate::{model::bid::Bid, store::{Store, StoreError}};".to_string(),
            "src/intake/x.rs:2: intake → store: fn g(s: &crate::store::Store) {}".to_string(),
        ]
    );
    // Nothing in src/ reaches the app.
    assert_eq!(violations("usecases", "src/usecases/x.rs", "use tauri::State;\n").len(), 1);
    // Comments and unit tests are not code that ships.
    let text = "// see crate::store\nfn h() {}\n#[cfg(test)]\nmod tests { use crate::store::Store; }\n";
    assert!(violations("model", "src/model/x.rs", text).is_empty());
}
