//! Anbud's desktop app: thin Tauri 2 commands over the `anbud` core crate.
//!
//! Layout: `commands.rs` (the IPC commands), `error.rs` (`IpcError`, the `{code,message}` every
//! command fails with), `state.rs` (`AppState`), `grants.rs` (the files the person chose, behind
//! opaque tokens: the webview never names a file), `command_list.rs` (the allowed commands,
//! shared with build.rs), `logging.rs` (the log, anbud.log). Tests: `tests/ipc.rs` (mock runtime, no
//! window; with the feature `test-support`), `tests/tidy.rs` (the manifest and the source).

// The end-to-end tests' hooks skip the file dialogs: never in a build that could be shipped.
#[cfg(all(feature = "e2e", not(debug_assertions)))]
compile_error!(
    "Funktionen `e2e` (testkrokarna för end-to-end-testerna) får bara användas i en debug-build, \
     aldrig i en release-build: bygg utan `--features e2e`."
);

pub mod commands;
pub mod error;
pub mod grants;
pub mod logging;
pub mod state;
pub mod system;

include!("command_list.rs");

/// The commands of this build: [`COMMANDS`], plus [`E2E_COMMANDS`] with the `e2e` feature.
pub fn commands() -> Vec<&'static str> {
    enabled_commands(cfg!(feature = "e2e"))
}

pub use error::{ErrorCode, IpcError};
pub use state::AppState;

/// Registers plugins, state and commands on a builder. Shared by `run` and the mock-runtime
/// tests, so the tests exercise the same wiring as the app.
pub fn setup<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    setup_with(builder, AppState::default())
}

/// As [`setup`], with the state to start from (the demo already open, with `--demo`).
pub fn setup_with<R: tauri::Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        // Files dropped on the window reach Rust, never the UI as paths: granted here, the UI
        // gets the grants (grants.rs).
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(drag) = event {
                on_drag_drop(window, drag);
            }
        })
        // Keep in step with command_list.rs (tests check it; build.rs grants what it lists).
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::recent_files,
            commands::open_recent,
            commands::choose_file,
            commands::choose_files,
            commands::choose_save,
            commands::choose_folder,
            commands::open_database,
            commands::create_database,
            commands::open_demo,
            commands::select_procurement,
            commands::backup_database,
            commands::procurement_view,
            commands::starter_definition,
            commands::check_definition,
            commands::edit_definition,
            commands::save_definition,
            commands::create_procurement,
            commands::save_template,
            commands::template_file_name,
            commands::save_price_list,
            commands::price_list_file_name,
            commands::import_bids,
            commands::overview,
            commands::supplier_detail,
            commands::record_override,
            commands::settle_conflict,
            commands::audit_log,
            commands::audit_verify,
            commands::decision_status,
            commands::decision_preview,
            commands::decide,
            commands::open_export_folder,
            commands::decision_archive,
            commands::open_archived_record,
            commands::save_archived_decision,
            commands::check_fingerprint,
            commands::open_forecast_input,
            commands::forecast,
            commands::save_forecast_changes,
            commands::save_projection_template,
            commands::projection_template_file_name,
            commands::working_group,
            commands::add_reviewer,
            commands::declare_conflict,
            commands::assign_supplier,
            commands::unassign_supplier,
            commands::package_file_name,
            commands::export_package,
            commands::merge_responses,
            commands::open_review_package,
            commands::review_package,
            commands::close_review_package,
            commands::save_assessment,
            commands::clear_assessment,
            commands::assessment_problems,
            commands::response_file_name,
            commands::write_response,
            commands::bench_report,
        ])
}

/// The window's drop: the dragged files' paths stay in Rust. A drop grants the bid workbooks
/// among them (a folder, a device or another kind of file is refused with the reason) and tells
/// the UI with [`grants::DROP_EVENT`]; entering and leaving only say so.
fn on_drag_drop<R: tauri::Runtime>(window: &tauri::Window<R>, drag: &tauri::DragDropEvent) {
    use grants::{DropEvent, DropPhase};
    use tauri::{Emitter, Manager};
    let event = match drag {
        tauri::DragDropEvent::Enter { .. } => DropEvent { phase: DropPhase::Hover, grants: vec![], refused: vec![] },
        tauri::DragDropEvent::Leave => DropEvent { phase: DropPhase::Leave, grants: vec![], refused: vec![] },
        tauri::DragDropEvent::Drop { paths, .. } => match window.state::<AppState>().drop_files(paths) {
            Ok(event) => event,
            Err(e) => {
                tracing::error!(code = %e.code, "a drop could not be granted");
                return;
            }
        },
        _ => return,
    };
    tracing::info!(phase = ?event.phase, granted = event.grants.len(), refused = event.refused.len(), "drop");
    let _ = window.emit(grants::DROP_EVENT, event);
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
    let mut o = StartOptions { demo: std::env::var("ANBUD_DEMO").is_ok_and(|v| v == "1"), file: None };
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

/// The state to start from: with the demo requested, the demo procurement in its own database
/// in the app's data folder (as "Öppna demoupphandlingen" opens it); with a file, that database
/// and its first procurement. A failure is kept for the start screen (`app_info`) until a
/// database is opened.
pub fn initial_state(options: &StartOptions) -> AppState {
    let state = AppState::default();
    let opened = if options.demo {
        anbud::usecases::open_app_demo(&anbud::usecases::batch::now_iso()).map(|(db, id)| (db, Some(id)))
    } else if let Some(file) = &options.file {
        anbud::usecases::open_database(file).map(|o| (file.clone(), o.procurements.first().map(|p| p.id.clone())))
    } else {
        return state;
    };
    match opened {
        Ok((db, id)) => {
            let _ = state.open(db.clone(), id);
            anbud::usecases::remember_recent(&anbud::usecases::data_dir(), &db);
        }
        Err(e) => {
            let e: IpcError = e.into();
            tracing::warn!(code = %e.code, "the database asked for at start could not be opened");
            let _ = state.set_startup_error(e);
        }
    }
    state
}

/// When the process started (for the benchmark's start-up figure).
pub fn started() -> std::time::Instant {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    *START.get_or_init(std::time::Instant::now)
}

/// The native menu's File menu (Arkiv). Its items only tell the UI, which does what the start
/// screen's buttons do (dialogs included); Avsluta ends the app.
pub const MENU_ITEMS: &[(&str, &str, &str)] = &[
    ("open_database", "Öppna databas…", "CmdOrCtrl+O"),
    ("new_database", "Ny databas…", "CmdOrCtrl+N"),
    ("backup_database", "Spara en kopia…", "CmdOrCtrl+Shift+S"),
];

/// The event the UI listens to for the Arkiv menu; its payload is the item's id.
pub const MENU_EVENT: &str = "arkiv";

fn menu<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<tauri::menu::Menu<R>> {
    use tauri::menu::{MenuBuilder, MenuItemBuilder, SubmenuBuilder};
    let mut arkiv = SubmenuBuilder::new(app, "Arkiv");
    for (id, text, keys) in MENU_ITEMS {
        arkiv = arkiv.item(&MenuItemBuilder::with_id(*id, *text).accelerator(*keys).build(app)?);
    }
    let quit = MenuItemBuilder::with_id("quit", "Avsluta").accelerator("CmdOrCtrl+Q").build(app)?;
    MenuBuilder::new(app).item(&arkiv.separator().item(&quit).build()?).build()
}

fn on_menu<R: tauri::Runtime>(app: &tauri::AppHandle<R>, event: tauri::menu::MenuEvent) {
    use tauri::Emitter;
    let id = event.id().as_ref();
    if id == "quit" {
        app.exit(0);
    } else if MENU_ITEMS.iter().any(|(item, _, _)| *item == id) {
        let _ = app.emit(MENU_EVENT, id);
    }
}

/// Starts the app.
pub fn run() {
    logging::init(&anbud::usecases::data_dir());
    tracing::info!(version = env!("CARGO_PKG_VERSION"), e2e = cfg!(feature = "e2e"), "start");
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        tracing::error!("no display (neither DISPLAY nor WAYLAND_DISPLAY)");
        eprintln!(
            "Anbud behöver en grafisk skärm men varken DISPLAY eller WAYLAND_DISPLAY är satt. \
             Utan skärm: kör under `xvfb-run -a`."
        );
        std::process::exit(2);
    }
    started();
    let state = initial_state(&start_options(std::env::args().skip(1)));
    let builder = setup_with(tauri::Builder::default(), state).menu(menu).on_menu_event(on_menu);
    if let Err(e) = builder.run(tauri::generate_context!()) {
        tracing::error!("the app could not start");
        eprintln!("Anbud kunde inte starta: {e}");
        std::process::exit(1);
    }
}
