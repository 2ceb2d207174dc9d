use std::path::{Path, PathBuf};

include!("src/command_list.rs");

fn main() {
    // `tauri::generate_context!` refuses to compile when frontendDist is missing. So that
    // `cargo build/test/clippy --workspace` works before the UI is built, put a placeholder page
    // there. `npm run build` in ui/ replaces it (vite empties ui/dist).
    let dist = Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(dist).expect("kan inte skapa ui/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Anbud</title></head>\
             <body><h1>Anbud</h1><p>Gränssnittet är inte byggt. Kör <code>npm run build</code> i ui/ \
             och bygg appen igen.</p></body></html>\n",
        )
        .expect("kan inte skriva ui/dist/index.html");
        println!("cargo:warning=ui/dist saknades: en platshållarsida byggs in (kör `npm run build` i ui/)");
    }
    // generate_context! embeds ui/dist at macro expansion; re-running this script when the dist
    // changes makes cargo recompile the crate, so a new UI build is picked up.
    println!("cargo:rerun-if-changed=../ui/dist");
    println!("cargo:rerun-if-changed=src/command_list.rs");

    // The commands of this build (the `e2e` feature adds the test hooks), and the main window's
    // capability written from the same list: nothing is granted that is not in it.
    let e2e = std::env::var_os("CARGO_FEATURE_E2E").is_some();
    let commands: &'static [&'static str] = Box::leak(enabled_commands(e2e).into_boxed_slice());
    let dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("capabilities");
    std::fs::create_dir_all(&dir).expect("kan inte skapa OUT_DIR/capabilities");
    let permissions = capability_permissions(e2e).iter().map(|p| format!("    \"{p}\"")).collect::<Vec<_>>().join(",\n");
    let capability = format!(
        "{{\n  \"identifier\": \"default\",\n  \"description\": \"Huvudfönstret får exakt appens egna kommandon (src/command_list.rs{}), och att lyssna på händelser (dialogrutorna öppnas från Rust). Skriven av build.rs.\",\n  \"windows\": [\"main\"],\n  \"permissions\": [\n{permissions}\n  ]\n}}\n",
        if e2e { ", med testkommandona" } else { "" }
    );
    let file = dir.join("default.json");
    if std::fs::read_to_string(&file).ok().as_deref() != Some(capability.as_str()) {
        std::fs::write(&file, &capability).expect("kan inte skriva förmågan");
    }
    let pattern: &'static str = Box::leak(format!("{}/*.json", dir.display()).into_boxed_str());

    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands))
            .capabilities_path_pattern(pattern),
    )
    .expect("tauri-build misslyckades");
}
