use std::path::Path;

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
    println!("cargo:rerun-if-changed=capabilities");

    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build misslyckades");
}
