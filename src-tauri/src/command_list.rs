// The ONE list of what the main window may call. Included by build.rs, which turns it into the
// app manifest (`allow-<command>` permissions, `_` → `-`) AND writes the window's capability
// (`$OUT_DIR/capabilities/default.json`: these commands plus PLUGIN_PERMISSIONS), and by the
// crate (the invoke handler in src/lib.rs; tests check they agree).
//
// To add a command: add it here and to `generate_handler!` in src/lib.rs. `cargo test -p
// anbud-app` fails if the two disagree.

/// The app's commands, in every build.
pub const COMMANDS: &[&str] = &[
    "app_info",
    // The native dialogs, opened from Rust: each gives grants (opaque tokens), never a path
    "choose_file",
    "choose_files",
    "choose_save",
    "choose_folder",
    // Start (and the Arkiv menu)
    "recent_files",
    "open_recent",
    "open_database",
    "create_database",
    "open_demo",
    "select_procurement",
    "backup_database",
    // Upphandling
    "procurement_view",
    "starter_definition",
    "check_definition",
    "edit_definition",
    "save_definition",
    "create_procurement",
    "save_template",
    "template_file_name",
    "save_price_list",
    "price_list_file_name",
    // Importera anbud
    "import_bids",
    // Översikt, Leverantör
    "overview",
    "supplier_detail",
    "record_override",
    "settle_conflict",
    // Händelselogg, Leverantör's history, the audit on Start
    "audit_log",
    "audit_verify",
    // Beslut
    "decision_status",
    "decision_preview",
    "decide",
    "open_export_folder",
    // Beslutsarkiv (the lawyer)
    "decision_archive",
    "open_archived_record",
    "save_archived_decision",
    "check_fingerprint",
    // Kostnadsprognos (the coordinator)
    "open_forecast_input",
    "forecast",
    "save_forecast_changes",
    "save_projection_template",
    "projection_template_file_name",
    // Arbetsgrupp (the coordinator)
    "working_group",
    "add_reviewer",
    "declare_conflict",
    "assign_supplier",
    "unassign_supplier",
    "package_file_name",
    "export_package",
    "merge_responses",
    // Granskning (the member: a review package, no database)
    "open_review_package",
    "review_package",
    "close_review_package",
    "save_assessment",
    "clear_assessment",
    "assessment_problems",
    "response_file_name",
    "write_response",
    // The start-up benchmark only (refused unless ANBUD_BENCH=1; bench/app.sh)
    "bench_report",
];

/// Commands for the end-to-end tests only, compiled, registered and granted only with the cargo
/// feature `e2e` (off by default; scripts/test.sh and scripts/e2e.sh turn it on). None now: in
/// an `e2e` build the `choose_*` commands themselves take the test folders instead of opening
/// the dialog (src/grants.rs), and grant what they find as a dialog's choice is granted.
pub const E2E_COMMANDS: &[&str] = &[];

/// What the window may do besides the app's commands: listen to events (files dropped on the
/// window, as grants; the Arkiv menu). Not the dialog plugin's commands: the dialogs are opened
/// from Rust (`choose_*`), so the webview cannot open one, nor learn a path from one. No fs,
/// shell, opener or http permissions.
pub const PLUGIN_PERMISSIONS: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

/// The commands of a build, with or without the `e2e` feature.
pub fn enabled_commands(e2e: bool) -> Vec<&'static str> {
    let mut v = COMMANDS.to_vec();
    if e2e {
        v.extend_from_slice(E2E_COMMANDS);
    }
    v
}

/// The permissions the main window's capability grants in a build.
pub fn capability_permissions(e2e: bool) -> Vec<String> {
    let mut v: Vec<String> = enabled_commands(e2e)
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    v.extend(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string()));
    v
}
