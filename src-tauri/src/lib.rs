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
    setup_with(builder, AppState::default())
}

/// As [`setup`], with the state to start from (the demo already open, with `--demo`).
pub fn setup_with<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: AppState,
) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        // Keep in step with command_list.rs and capabilities/default.json (tests check it).
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::recent_files,
            commands::open_database,
            commands::create_database,
            commands::open_demo,
            commands::select_procurement,
            commands::backup_database,
            commands::procurement_view,
            commands::starter_definition,
            commands::check_definition,
            commands::save_definition,
            commands::save_template,
            commands::template_file_name,
            commands::import_bids,
            commands::overview,
            commands::supplier_detail,
            commands::record_override,
            commands::decision_status,
            commands::decision_preview,
            commands::decide,
            commands::open_export_folder,
            commands::e2e_paths,
            commands::bench_report,
        ])
}

/// How the app was asked to start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartOptions {
    /// `--demo` (or `ANBUD_DEMO=1`): the demo procurement in a fresh database.
    pub demo: bool,
    /// A database file given on the command line (`anbud-app upphandling.sqlite`).
    pub file: Option<std::path::PathBuf>,
}

/// Reads the command line (without the program name) and `ANBUD_DEMO`.
pub fn start_options(args: impl IntoIterator<Item = String>) -> StartOptions {
    let mut o = StartOptions {
        demo: std::env::var("ANBUD_DEMO").is_ok_and(|v| v == "1"),
        file: None,
    };
    for a in args {
        if a == "--demo" {
            o.demo = true;
        } else if !a.starts_with('-') {
            o.file = Some(a.into());
        }
    }
    o
}

/// True when the app should start on the demo: `--demo` on the command line, or `ANBUD_DEMO=1`.
pub fn demo_requested(args: impl IntoIterator<Item = String>) -> bool {
    start_options(args).demo
}

/// The state to start from: with the demo requested, the demo procurement opened in a fresh
/// database in the app's data folder (or in `ANBUD_DB` when set, which is kept, not emptied);
/// with a file, that database and its first procurement. A failure is shown once by the UI.
pub fn initial_state(options: &StartOptions) -> AppState {
    let state = AppState::default();
    let opened = if options.demo {
        let (db, dir) = anbud::workspace::demo_paths();
        let fresh = std::env::var_os("ANBUD_DB").is_none();
        anbud::workspace::open_demo(&db, &dir, fresh, &anbud::service::now_iso())
            .map(|id| (db, Some(id)))
    } else if let Some(file) = &options.file {
        anbud::workspace::open_database(file)
            .map(|o| (file.clone(), o.procurements.first().map(|p| p.id.clone())))
    } else {
        return state;
    };
    match opened {
        Ok((db, id)) => {
            let _ = state.open(db.clone(), id);
            anbud::workspace::remember_recent(&anbud::workspace::data_dir(), &db);
        }
        Err(e) => {
            let _ = state.set_startup_error(e.into());
        }
    }
    state
}

/// When the process started (for the benchmark's start-up figure).
pub fn started() -> std::time::Instant {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    *START.get_or_init(std::time::Instant::now)
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
    started();
    let state = initial_state(&start_options(std::env::args().skip(1)));
    if let Err(e) = setup_with(tauri::Builder::default(), state).run(tauri::generate_context!()) {
        eprintln!("Anbud kunde inte starta: {e}");
        std::process::exit(1);
    }
}
