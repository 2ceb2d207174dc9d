//! Anbud's desktop app: thin Tauri 2 commands over the `anbud` core crate.
//!
//! Layout: `commands.rs` (the IPC commands), `error.rs` (`IpcError`, the `{code,message}` every
//! command fails with), `state.rs` (`AppState`), `command_list.rs` (the allowed commands, shared
//! with build.rs). Tests: `tests/ipc.rs` (mock runtime, no window).

pub mod commands;
pub mod error;
pub mod state;

include!("command_list.rs");

pub use error::{ErrorCode, IpcError};
pub use state::AppState;

/// Registers plugins, state and commands on a builder. Shared by `run` and the mock-runtime
/// tests, so the tests exercise the same wiring as the app.
pub fn setup<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::default())
        // Keep in step with command_list.rs and capabilities/default.json (tests check it).
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::demo_overview
        ])
}

/// Starts the app.
pub fn run() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "Anbud behöver en grafisk skärm men varken DISPLAY eller WAYLAND_DISPLAY är satt. \
             Utan skärm: kör under `xvfb-run -a`."
        );
        std::process::exit(2);
    }
    if let Err(e) = setup(tauri::Builder::default()).run(tauri::generate_context!()) {
        eprintln!("Anbud kunde inte starta: {e}");
        std::process::exit(1);
    }
}
