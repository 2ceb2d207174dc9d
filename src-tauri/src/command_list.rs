// The ONE list of IPC commands the app allows. Included by build.rs (which turns it into the
// app manifest: `allow-<command>` permissions with `_` → `-`) and by the crate (tests check that
// capabilities/default.json and the invoke handler agree with it).
//
// To add a command: add it here, to `generate_handler!` in src/lib.rs, and
// `"allow-<name-with-dashes>"` to capabilities/default.json. `cargo test -p anbud-app` fails
// if the three disagree.
pub const COMMANDS: &[&str] = &[
    "app_info",
    // Start
    "recent_files",
    "open_database",
    "create_database",
    "open_demo",
    "select_procurement",
    "backup_database",
    // Upphandling
    "procurement_view",
    "starter_definition",
    "check_definition",
    "save_definition",
    "save_template",
    "template_file_name",
    // Importera anbud
    "import_bids",
    // Översikt, Leverantör
    "overview",
    "supplier_detail",
    "record_override",
    // Beslut
    "decision_status",
    "decision_preview",
    "decide",
    "open_export_folder",
    // End-to-end tests only (null unless ANBUD_E2E_* is set)
    "e2e_paths",
    // The start-up benchmark only (refused unless ANBUD_BENCH=1; bench/app.sh)
    "bench_report",
];
