//! Command tests through Tauri's mock runtime: no window, no display. The requests go through
//! the real IPC path (ACL from the capability build.rs writes + the app manifest, the invoke handler,
//! serde), so they check what the UI would receive.

use anbud::model::error_code::ErrorCode;
use anbud_app_lib::grants::{GrantKind, Purpose};
use anbud_app_lib::{setup, setup_with, AppState};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

/// The app as it really is wired (plugins, state, handler, and the real ACL built from
/// tauri.conf.json + capabilities), on the mock runtime, with one window labelled "main".
fn app() -> (tauri::App<tauri::test::MockRuntime>, WebviewWindow<tauri::test::MockRuntime>) {
    isolate_data_dir();
    built(setup(mock_builder()))
}

/// As [`app`], from a given start state (as `run` builds it from the command line).
fn app_with(state: AppState) -> (tauri::App<tauri::test::MockRuntime>, WebviewWindow<tauri::test::MockRuntime>) {
    isolate_data_dir();
    built(setup_with(mock_builder(), state))
}

fn built(
    builder: tauri::Builder<tauri::test::MockRuntime>,
) -> (tauri::App<tauri::test::MockRuntime>, WebviewWindow<tauri::test::MockRuntime>) {
    let app = builder.build(tauri::generate_context!(test = true, assets = noop_assets())).expect("appen byggs");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("fönster");
    (app, window)
}

/// The tests share the app's data folder (its recent-files list is read, changed and written by
/// every open), so they run one at a time: each holds this for its duration.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Points the app's data folder (recent files, the demo) at a temporary folder for this test
/// process, so tests never touch the user's own files. Set once, before any app is built.
fn isolate_data_dir() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let dir = std::env::temp_dir().join(format!("anbud-ipc-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::env::set_var("ANBUD_DB", dir.join("anbud.sqlite"));
    });
}

/// A temporary folder removed when dropped. (Not the tempfile crate: a dev-dependency would
/// resolve shared crates with other features for `cargo test` than for `cargo build`, and
/// compile them twice; see Cargo.toml.)
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("anbud-ipc-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The token a native dialog would hand the webview for `path` chosen for `purpose`: no dialog
/// opens in the mock runtime, so the test registers the choice in the state as `choose_*` does
/// (`AppState::grant`, which checks it as a dialog's choice is checked).
fn granted(w: &WebviewWindow<tauri::test::MockRuntime>, path: &std::path::Path, kind: GrantKind, purpose: Purpose) -> String {
    w.state::<AppState>().grant(path.to_path_buf(), kind, purpose).expect("valet tas emot").token
}

/// Invokes `cmd` with JSON args, as `invoke(cmd, args)` in the UI does.
fn invoke(window: &WebviewWindow<tauri::test::MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // On Linux the mock runtime only accepts the app's own origin.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("svaret är JSON"))
}

#[test]
fn app_info_replies_name_version_and_no_database() {
    let _serial = serial();
    let (_app, w) = app();
    let reply = invoke(&w, "app_info", json!({})).expect("app_info lyckas");
    assert_eq!(reply["name"], json!("Anbud"));
    assert_eq!(reply["version"], json!(env!("CARGO_PKG_VERSION")));
    assert_eq!(reply["database"], Value::Null);
    assert_eq!(reply["procurement"], Value::Null);
    assert!(reply["default_database"].as_str().unwrap().ends_with(".sqlite"));
}

#[test]
fn app_info_reports_the_open_database_from_state() {
    let _serial = serial();
    let (app, w) = app();
    app.state::<AppState>().set_db_path(Some("/tmp/upphandling.sqlite".into())).unwrap();
    let reply = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(reply["database"], json!("/tmp/upphandling.sqlite"));
}

#[test]
fn an_error_reaches_the_ui_as_code_and_swedish_message() {
    let _serial = serial();
    let (_app, w) = app();
    let err = invoke(&w, "overview", json!({})).expect_err("ingen databas är öppen");
    assert_eq!(err["code"], json!("no_database_open"), "{err}");
    assert!(err["message"].as_str().unwrap().starts_with("Ingen upphandling är öppen"));
    assert_eq!(err.as_object().unwrap().len(), 2, "bara code och message: {err}");

    let dir = TempDir::new();
    let missing = dir.path().join("saknas.sqlite");
    let err = invoke(&w, "open_database", json!({ "file": granted(&w, &missing, GrantKind::Open, Purpose::Database) })).unwrap_err();
    assert_eq!(err["code"], json!("not_found"), "{err}");
    let junk = dir.path().join("skrap.sqlite");
    std::fs::write(&junk, "ingen databas här, bara text som är längre än en sqlite-rubrik").unwrap();
    let err = invoke(&w, "open_database", json!({ "file": granted(&w, &junk, GrantKind::Open, Purpose::Database) })).unwrap_err();
    assert!(["db_open", "db_error", "db_migration"].contains(&err["code"].as_str().unwrap()), "{err}");
    assert!(err["message"].as_str().unwrap().chars().next().unwrap().is_uppercase(), "{err}");
}

/// The shape of a rejection is a contract with the UI: exactly `{"code", "message"}`, nothing
/// else, the code one of the core's `ErrorCode`s by its wire name, for the app's own errors and
/// the core's alike.
#[test]
fn a_rejection_is_exactly_code_and_message() {
    let _serial = serial();
    let (_app, w) = app();
    let dir = TempDir::new();
    let missing = dir.path().join("saknas.sqlite");
    let existing = dir.path().join("finns.sqlite");
    std::fs::write(&existing, "").unwrap();
    let cases = [
        // The app's own: no database is open.
        (
            invoke(&w, "overview", json!({})),
            ErrorCode::NoDatabaseOpen,
            json!({
                "code": "no_database_open",
                "message": "Ingen upphandling är öppen. Öppna en databas eller demoupphandlingen under Start."
            }),
        ),
        // The core's, with the core's code.
        (
            invoke(&w, "open_database", json!({ "file": granted(&w, &missing, GrantKind::Open, Purpose::Database) })),
            ErrorCode::NotFound,
            json!({ "code": "not_found", "message": format!("Databasfilen {} finns inte.", missing.display()) }),
        ),
        (
            invoke(&w, "create_database", json!({ "file": granted(&w, &existing, GrantKind::Save, Purpose::Database) })),
            ErrorCode::FileExists,
            json!({
                "code": "file_exists",
                "message": format!("Filen {} finns redan. Välj Öppna för att öppna den, eller ett annat namn.", existing.display())
            }),
        ),
    ];
    for (reply, code, expected) in cases {
        let err = reply.expect_err("kommandot ska misslyckas");
        assert_eq!(err, expected);
        let keys: Vec<&String> = err.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["code", "message"], "{err}");
        assert_eq!(serde_json::from_value::<ErrorCode>(err["code"].clone()).unwrap(), code);
    }
}

#[test]
fn a_new_database_has_no_procurement_until_a_definition_is_saved() {
    let _serial = serial();
    let (_app, w) = app();
    let dir = TempDir::new();
    let db = dir.path().join("ny.sqlite");
    let opened = invoke(&w, "create_database", json!({ "file": granted(&w, &db, GrantKind::Save, Purpose::Database) })).unwrap();
    assert_eq!(opened["procurements"], json!([]));
    let err = invoke(&w, "create_database", json!({ "file": granted(&w, &db, GrantKind::Save, Purpose::Database) })).unwrap_err();
    assert_eq!(err["code"], json!("file_exists"));
    let err = invoke(&w, "overview", json!({})).unwrap_err();
    assert_eq!(err["code"], json!("no_procurement_open"));

    // An invalid definition comes back with its problems by key and line, unsaved.
    let bad = anbud::usecases::demo::DEMO_TOML.replace("reference_year = 2025", "reference_year = 2030");
    let check = invoke(&w, "check_definition", json!({ "toml": bad })).unwrap();
    assert_eq!(check["ok"], json!(false));
    assert_eq!(check["issues"][0]["key"], json!("procurement.reference_year"));
    assert!(check["issues"][0]["line"].as_u64().unwrap() > 1);
    let check = invoke(&w, "save_definition", json!({ "toml": bad })).unwrap();
    assert_eq!(check["saved"], json!(false));
    let check = invoke(&w, "save_definition", json!({ "toml": anbud::usecases::demo::DEMO_TOML })).unwrap();
    assert_eq!(check["saved"], json!(true));
    let view = invoke(&w, "procurement_view", json!({})).unwrap();
    assert_eq!(view["procurement"]["id"], json!("DEMO-2026-001"));
    // Money crosses IPC as decimal strings.
    let price = &view["procurement"]["prices"][0];
    assert!(price["price"].is_string(), "{price}");
    assert_eq!(view["catalogue"].as_array().unwrap().len(), 7);
    let overview = invoke(&w, "overview", json!({})).unwrap();
    assert_eq!(overview["rows"], json!([]));

    // The template and a backup land where the Save dialog said.
    let name = invoke(&w, "template_file_name", json!({})).unwrap();
    assert_eq!(name, json!("anbudsformular-DEMO-2026-001.xlsx"));
    let template = dir.path().join("formular.xlsx");
    invoke(&w, "save_template", json!({ "file": granted(&w, &template, GrantKind::Save, Purpose::Workbook) })).unwrap();
    assert!(template.exists());
    let copy = dir.path().join("kopia.sqlite");
    invoke(&w, "backup_database", json!({ "file": granted(&w, &copy, GrantKind::Save, Purpose::DatabaseCopy) })).unwrap();
    assert!(copy.exists());
}

#[test]
fn a_definition_is_edited_in_place_checked_and_not_saved_until_asked() {
    let _serial = serial();
    let (_app, w) = app();
    let dir = TempDir::new();
    invoke(&w, "create_database", json!({ "file": granted(&w, &dir.path().join("e.sqlite"), GrantKind::Save, Purpose::Database) }))
        .unwrap();
    let demo = anbud::usecases::demo::DEMO_TOML;
    // Zone 3's factor typed Swedish style: the text changes on that line only, and the
    // procurement comes back with the price matrix derived again (720 × 1,12 = 806,4 → 806).
    let edited =
        invoke(&w, "edit_definition", json!({ "toml": demo, "edits": [{ "edit": "set_zone_factor", "zone": 3, "factor": "1,12" }] }))
            .unwrap();
    assert_eq!(edited["check"]["ok"], json!(true));
    assert_eq!(edited["check"]["saved"], json!(false));
    let toml = edited["toml"].as_str().unwrap();
    assert_eq!(toml, demo.replace("factor = \"1.10\"", "factor = \"1.12\""));
    let s1_zone3 = edited["procurement"]["prices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["lot"] == json!("S1") && e["zone"] == json!(3))
        .cloned()
        .unwrap();
    assert_eq!(s1_zone3["price"], json!("806"));
    assert_eq!(edited["catalogue"].as_array().unwrap().len(), 7);
    // A factor that makes prices fall: named at the zone's factor, with its line; no procurement.
    let bad =
        invoke(&w, "edit_definition", json!({ "toml": toml, "edits": [{ "edit": "set_zone_factor", "zone": 3, "factor": "1,40" }] }))
            .unwrap();
    assert_eq!(bad["check"]["ok"], json!(false));
    assert_eq!(bad["check"]["issues"][0]["key"], json!("zone[2].factor"));
    assert!(bad["check"]["issues"][0]["line"].as_u64().unwrap() > 1);
    assert_eq!(bad["procurement"], Value::Null);
    // Nothing was saved: the database still has no procurement.
    let err = invoke(&w, "procurement_view", json!({})).unwrap_err();
    assert_eq!(err["code"], json!("no_procurement_open"));
    // An edit of a zone that is not there: invalid input, in Swedish.
    let err = invoke(&w, "edit_definition", json!({ "toml": demo, "edits": [{ "edit": "set_zone_name", "zone": 9, "name": "X" }] }))
        .unwrap_err();
    assert_eq!(err["code"], json!("invalid_input"));
    assert!(err["message"].as_str().unwrap().contains("zon 9 finns inte"), "{err}");
    // Saved as "Spara ändringarna" saves it.
    let check = invoke(&w, "save_definition", json!({ "toml": toml })).unwrap();
    assert_eq!(check["saved"], json!(true));
    let view = invoke(&w, "procurement_view", json!({})).unwrap();
    assert_eq!(view["definition_toml"], json!(toml));
}

/// Once the procurement has received bids, the screen is told it is frozen, and a changed
/// definition is saved only as an amendment with a justification and a name.
#[test]
fn a_definition_changes_after_bids_only_as_an_amendment() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("frozen.sqlite");
    anbud::usecases::open_demo(&db, &dir.path().join("demo"), false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    let view = invoke(&w, "procurement_view", json!({})).unwrap();
    assert_eq!(view["frozen"], json!(true));
    let saved = view["definition_toml"].as_str().unwrap().to_string();
    let changed = saved.replace("min_amount = \"5 000 000\"", "min_amount = \"4 000 000\"");
    assert_ne!(changed, saved);
    // Without an amendment, or with one lacking its justification: refused, nothing saved.
    let err = invoke(&w, "save_definition", json!({ "toml": changed })).unwrap_err();
    assert_eq!(err["code"], json!("definition_frozen"), "{err}");
    assert!(err["message"].as_str().unwrap().contains("rättelse"), "{err}");
    let err = invoke(&w, "save_definition", json!({ "toml": changed, "amendment": { "justification": " ", "by": "Anna Lindqvist" } }))
        .unwrap_err();
    assert_eq!(err["code"], json!("definition_frozen"), "{err}");
    assert_eq!(invoke(&w, "procurement_view", json!({})).unwrap()["definition_toml"], json!(saved));
    // The same text needs no amendment.
    assert_eq!(invoke(&w, "save_definition", json!({ "toml": saved })).unwrap()["saved"], json!(true));
    // As an amendment: saved, and the bids evaluated again under it.
    let check = invoke(
        &w,
        "save_definition",
        json!({ "toml": changed, "amendment": { "justification": "Omsättningskravet rättat.", "by": "Anna Lindqvist" } }),
    )
    .unwrap();
    assert_eq!(check["saved"], json!(true), "{check}");
    assert_eq!(invoke(&w, "procurement_view", json!({})).unwrap()["definition_toml"], json!(changed));
    let o = invoke(&w, "overview", json!({})).unwrap();
    assert!(
        o["rows"].as_array().unwrap().iter().any(|r| r["name"] == "Lilla Vårdbolaget AB" && r["status"] != "not_qualified"),
        "{o}"
    );
    let store = anbud::store::Store::open_read_only(&db).unwrap();
    let amendments = anbud::usecases::audit::amendments(&store, "DEMO-2026-001").unwrap();
    assert_eq!(amendments.len(), 1);
    assert_eq!((amendments[0].by.as_str(), amendments[0].justification.as_str()), ("Anna Lindqvist", "Omsättningskravet rättat."));
}

/// Two workbooks of one supplier with the same date: the supplier needs review, its screen lists
/// both bids in order of receipt, and a person chooses the one that stands.
#[test]
fn a_conflict_between_bids_is_shown_and_settled_on_the_supplier_screen() {
    let _serial = serial();
    let (_app, w) = app();
    let dir = TempDir::new();
    invoke(&w, "create_database", json!({ "file": granted(&w, &dir.path().join("k.sqlite"), GrantKind::Save, Purpose::Database) }))
        .unwrap();
    invoke(&w, "save_definition", json!({ "toml": anbud::usecases::demo::DEMO_TOML })).unwrap();
    let p = anbud::usecases::demo::demo_procurement();
    let mut a = anbud::usecases::demo::good_bid("559012-3450", "Dubbelt AB");
    a.bid_date = Some(anbud::intake::template::Cell::Date("2026-12-10".parse().unwrap()));
    let mut b = a.clone();
    b.contact = Some("Någon annan".into());
    let mut paths = Vec::new();
    for (name, f) in [("a.xlsx", &a), ("b.xlsx", &b)] {
        let path = dir.path().join(name);
        std::fs::write(&path, anbud::intake::template::write_workbook(&p, Some(f)).unwrap()).unwrap();
        paths.push(granted(&w, &path, GrantKind::Open, Purpose::Workbook));
    }
    let report = invoke(&w, "import_bids", json!({ "files": paths, "onProgress": "__CHANNEL__:7" })).unwrap();
    assert_eq!(report["counts"]["needs_review"], json!(1), "{report}");
    let o = invoke(&w, "overview", json!({})).unwrap();
    let row = o["rows"].as_array().unwrap().iter().find(|r| r["name"] == "Dubbelt AB").unwrap().clone();
    assert_eq!(row["status"], json!("needs_review"));
    let detail = invoke(&w, "supplier_detail", json!({ "bidId": row["bid_id"] })).unwrap();
    let conflict = detail["conflict"].as_array().unwrap().clone();
    assert_eq!(conflict.iter().map(|c| c["file"].as_str().unwrap()).collect::<Vec<_>>(), ["a.xlsx", "b.xlsx"]);
    assert_eq!(conflict[0]["evaluated"], json!(true));
    assert!(detail["requirements"].as_array().unwrap().iter().any(|r| r["result"]["id"] == "anbudskonflikt"));
    let status = invoke(&w, "decision_status", json!({})).unwrap();
    assert_eq!(status["open_reviews"][0]["requirements"][0]["id"], json!("anbudskonflikt"));
    let err = invoke(&w, "settle_conflict", json!({ "bidId": conflict[1]["bid_id"], "justification": " ", "decidedBy": "Anna" }))
        .unwrap_err();
    assert_eq!(err["code"], json!("justification_required"));
    let after = invoke(
        &w,
        "settle_conflict",
        json!({ "bidId": conflict[1]["bid_id"], "justification": "Anbudsgivaren bekräftar b.xlsx.", "decidedBy": "Anna Lindqvist" }),
    )
    .unwrap();
    assert_eq!((after["state"].as_str(), after["status"].as_str()), (Some("active"), Some("qualified")), "{after}");
    assert!(after["file"].as_str().unwrap().ends_with("b.xlsx"));
    assert_eq!(after["conflict"], json!([]));
    let err = invoke(&w, "settle_conflict", json!({ "bidId": conflict[0]["bid_id"], "justification": "x", "decidedBy": "Anna" }))
        .unwrap_err();
    assert_eq!(err["code"], json!("invalid_input"));
    assert_eq!(invoke(&w, "decision_status", json!({})).unwrap()["open_reviews"], json!([]));
}

/// The coordinator's day on the demo, through IPC: open, overview, a supplier, an override,
/// the decision refused, the reviews settled, the decision exported.
#[test]
fn the_demo_day_through_ipc() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("demo.sqlite");
    let demo_dir = dir.path().join("demo");
    anbud::usecases::open_demo(&db, &demo_dir, false, "2026-12-18T10:00:00+01:00").unwrap();
    let (app, w) = app();
    // As open_demo does, without touching the process environment (tests run in parallel).
    let opened = invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    assert_eq!(opened["procurements"][0]["id"], json!("DEMO-2026-001"));
    assert_eq!(opened["procurements"][0]["suppliers"], json!(15));
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["procurement"]["name"], json!("Bemanningstjänster inom hälso- och sjukvård 2028"));
    let err = invoke(&w, "select_procurement", json!({ "id": "FINNS-INTE" })).unwrap_err();
    assert_eq!(err["code"], json!("procurement_not_found"));

    let o = invoke(&w, "overview", json!({})).unwrap();
    assert_eq!(o["counts"], json!({ "qualified": 3, "not_qualified": 7, "needs_review": 5, "not_evaluated": 2 }));
    let review: Vec<&Value> = o["rows"].as_array().unwrap().iter().filter(|r| r["status"] == "needs_review").collect();
    assert_eq!(review.len(), 5);

    // Import again through the command, with progress on a channel.
    let files: Vec<String> = anbud::usecases::workbooks_in(&demo_dir.join("anbud"))
        .unwrap()
        .iter()
        .map(|p| granted(&w, p, GrantKind::Open, Purpose::Workbook))
        .collect();
    let report = invoke(&w, "import_bids", json!({ "files": files, "onProgress": "__CHANNEL__:7" })).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 17);
    assert_eq!(report["rejected"], json!(1));
    let rejected = report["files"].as_array().unwrap().iter().find(|f| f["result"] == "rejected").unwrap();
    assert!(rejected["errors"][0]["sheet"].is_string(), "{rejected}");

    let dala = o["rows"].as_array().unwrap().iter().find(|r| r["name"] == "Dalabemanning AB").unwrap();
    let bid_id = dala["bid_id"].as_i64().unwrap();
    let detail = invoke(&w, "supplier_detail", json!({ "bidId": bid_id })).unwrap();
    assert_eq!(detail["status"], json!("needs_review"));
    let err = invoke(
        &w,
        "record_override",
        json!({ "bidId": bid_id, "requirementId": "kreditvardighet", "outcome": "pass", "justification": " ", "decidedBy": "Anna" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("justification_required"));
    let err = invoke(
        &w,
        "record_override",
        json!({ "bidId": bid_id, "requirementId": "kreditvardighet", "outcome": "godkänt", "justification": "x", "decidedBy": "Anna" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("invalid_input"));
    let after = invoke(
        &w,
        "record_override",
        json!({ "bidId": bid_id, "requirementId": "kreditvardighet", "outcome": "pass", "justification": "Ny upplysning visad.", "decidedBy": "Anna Lindqvist" }),
    )
    .unwrap();
    assert_eq!(after["status"], json!("qualified"));
    assert_eq!(after["history"][0]["original"], json!("review"));

    // The decision: refused while reviews remain.
    let args = json!({ "date": "2026-12-21", "decidedBy": "Karin Berg", "role": "upphandlingschef", "sent": null });
    let err = invoke(&w, "decision_preview", args.clone()).unwrap_err();
    assert_eq!(err["code"], json!("open_reviews"), "{err}");
    let err = invoke(&w, "open_export_folder", json!({})).unwrap_err();
    assert_eq!(err["code"], json!("no_export"));
    let status = invoke(&w, "decision_status", json!({})).unwrap();
    let open = status["open_reviews"].as_array().unwrap().clone();
    assert_eq!(open.len(), 4);
    for r in &open {
        for req in r["requirements"].as_array().unwrap() {
            invoke(
                &w,
                "record_override",
                json!({ "bidId": r["bid_id"], "requirementId": req["id"], "outcome": "pass", "justification": "Utrett.", "decidedBy": "Anna Lindqvist" }),
            )
            .unwrap();
        }
    }
    let preview = invoke(&w, "decision_preview", args.clone()).unwrap();
    assert_eq!(preview["standstill_end"], json!("2027-01-04"));
    let err = invoke(&w, "decision_preview", json!({ "date": "21 dec", "decidedBy": "K" })).unwrap_err();
    assert_eq!(err["code"], json!("invalid_input"));
    let out = dir.path().join("beslut");
    let mut decide_args = args.clone();
    decide_args["folder"] = json!(granted(&w, &out, GrantKind::Folder, Purpose::RecordFolder));
    let written = invoke(&w, "decide", decide_args).unwrap();
    let record = written["record"].as_str().unwrap();
    assert!(std::path::Path::new(record).starts_with(&out) && std::path::Path::new(record).exists());
    assert_eq!(written["notices"].as_array().unwrap().len(), 16, "15 evaluated suppliers and the bidder of the unreadable workbook");
    assert_eq!(app.state::<AppState>().last_export().unwrap(), Some(out.clone()));
    let status = invoke(&w, "decision_status", json!({})).unwrap();
    assert_eq!(status["last"]["fingerprint"], written["fingerprint"]);

    // Spara prisbilaga: the price list workbook where the Save dialog said, refused by a
    // workbook's grant (the template's).
    let priser = dir.path().join("prisbilaga.xlsx");
    assert_eq!(invoke(&w, "price_list_file_name", json!({})).unwrap(), json!("prisbilaga-DEMO-2026-001.xlsx"));
    let err = invoke(&w, "save_price_list", json!({ "file": granted(&w, &priser, GrantKind::Save, Purpose::Workbook) })).unwrap_err();
    assert_eq!(err["code"], json!("path_not_granted"), "{err}");
    let saved = invoke(&w, "save_price_list", json!({ "file": granted(&w, &priser, GrantKind::Save, Purpose::PriceList) })).unwrap();
    assert_eq!(saved, json!(priser.display().to_string()));
    // A whole workbook (its contents are the core's, tests/cli_prices.rs; the window's, tests/e2e).
    let bytes = std::fs::read(&priser).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04") && bytes.windows(24).any(|w| w == b"xl/worksheets/sheet1.xml"));

    // Beslutsarkiv: the decision listed, printed again into another folder byte for byte, opened
    // (printed into the app's reprint folder; a test build opens no viewer), its fingerprint
    // checked as typed from paper.
    let archive = invoke(&w, "decision_archive", json!({})).unwrap();
    assert_eq!(archive.as_array().unwrap().len(), 1, "{archive}");
    assert_eq!(archive[0]["number"], json!(1));
    assert_eq!(archive[0]["decided_by"], json!("Karin Berg"));
    assert_eq!(archive[0]["fingerprint"], written["fingerprint"]);
    assert_eq!(archive[0]["notices"], json!(16));
    assert_eq!(archive[0]["intact"], json!(true));
    let again = dir.path().join("igen");
    let folder = granted(&w, &again, GrantKind::Folder, Purpose::RecordFolder);
    let reprinted = invoke(&w, "save_archived_decision", json!({ "number": 1, "folder": folder })).unwrap();
    assert_eq!(reprinted["notices"].as_array().unwrap().len(), 16);
    for (a, b) in std::iter::once((&written["record"], &reprinted["record"]))
        .chain(written["notices"].as_array().unwrap().iter().zip(reprinted["notices"].as_array().unwrap()))
    {
        let (a, b) = (std::path::Path::new(a.as_str().unwrap()), std::path::Path::new(b.as_str().unwrap()));
        assert_eq!(a.file_name(), b.file_name());
        assert!(b.starts_with(&again));
        assert!(std::fs::read(a).unwrap() == std::fs::read(b).unwrap(), "{} printed again differs", b.display());
    }
    assert_eq!(app.state::<AppState>().last_export().unwrap(), Some(again.clone()));
    let opened = invoke(&w, "open_archived_record", json!({ "number": 1, "notices": false })).unwrap();
    assert!(std::fs::read(opened.as_str().unwrap()).unwrap() == std::fs::read(record).unwrap());
    let err = invoke(&w, "open_archived_record", json!({ "number": 2, "notices": false })).unwrap_err();
    assert_eq!(err["code"], json!("not_found"), "{err}");
    let fingerprint = written["fingerprint"].as_str().unwrap().to_string();
    let typed = fingerprint.as_bytes().chunks(8).map(|c| std::str::from_utf8(c).unwrap().to_uppercase()).collect::<Vec<_>>().join(" ");
    let check = invoke(&w, "check_fingerprint", json!({ "fingerprint": typed })).unwrap();
    assert_eq!((check["holds"].clone(), check["decision"].clone()), (json!(true), json!(1)), "{check}");
    assert!(check["verdict"].as_str().unwrap().starts_with("Databasen innehåller exakt det beslutet: beslut nr 1"), "{check}");
    let mut slip = fingerprint.clone().into_bytes();
    slip[20] = if slip[20] == b'0' { b'1' } else { b'0' };
    let check = invoke(&w, "check_fingerprint", json!({ "fingerprint": String::from_utf8(slip).unwrap() })).unwrap();
    assert_eq!(check["holds"], json!(false));
    assert_eq!(check["nearest"], json!([1, [3]]), "{check}");
    assert!(check["verdict"].as_str().unwrap().contains("grupp 3 skiljer sig"), "{check}");
    let err = invoke(&w, "check_fingerprint", json!({ "fingerprint": "abc" })).unwrap_err();
    assert_eq!(err["code"], json!("invalid_input"), "{err}");
    assert!(err["message"].as_str().unwrap().contains("64 tecken"), "{err}");
}

/// In an `e2e` build the `choose_*` commands take the test folders instead of opening the
/// dialog, and grant what they find as a dialog's choice is granted: the end-to-end tests run the
/// real grant path. A suggested name never carries a folder; a dialog that does not exist for a
/// purpose is refused.
#[cfg(feature = "e2e")]
#[test]
fn in_an_e2e_build_the_test_folders_stand_in_for_the_dialogs_and_are_granted() {
    let _serial = serial();
    let (_app, w) = app();
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["e2e"], json!(true));
    let dir = TempDir::new();
    let before = std::env::var_os("ANBUD_E2E_SAVE_DIR");
    std::env::set_var("ANBUD_E2E_SAVE_DIR", dir.path());
    let grant = invoke(&w, "choose_save", json!({ "purpose": "database", "suggestedName": "ny.sqlite" })).unwrap();
    assert_eq!(grant["name"], json!("ny.sqlite"));
    let token = grant["token"].as_str().unwrap();
    assert_eq!(token.len(), 32, "128 bits as hex: {token}");
    assert!(!token.contains("ny.sqlite") && !token.contains('/'), "{token}");
    invoke(&w, "create_database", json!({ "file": token })).unwrap();
    assert!(dir.path().join("ny.sqlite").exists());
    let err = invoke(&w, "choose_save", json!({ "purpose": "workbook", "suggestedName": "../utanfor.xlsx" })).unwrap_err();
    assert_eq!(err["code"], json!("invalid_input"), "{err}");
    let err = invoke(&w, "choose_folder", json!({ "purpose": "database" })).unwrap_err();
    assert_eq!(err["code"], json!("invalid_input"), "{err}");
    // Nothing in the folder: no package to open, and no dialog either.
    assert_eq!(invoke(&w, "choose_file", json!({ "purpose": "package" })).unwrap(), Value::Null);
    match before {
        Some(v) => std::env::set_var("ANBUD_E2E_SAVE_DIR", v),
        None => std::env::remove_var("ANBUD_E2E_SAVE_DIR"),
    }
}

/// A normal build (no `e2e` feature) cannot skip the file dialogs: it has no test commands, and
/// the UI is told it is not an e2e build.
#[cfg(not(feature = "e2e"))]
#[test]
fn a_normal_build_has_no_test_hooks() {
    let _serial = serial();
    let (_app, w) = app();
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["e2e"], json!(false));
    let err = invoke(&w, "e2e_paths", json!({ "kind": "import" })).expect_err("finns inte");
    let text = err.to_string();
    assert!(text.contains("not allowed") || text.contains("not found"), "{err}");
    assert!(anbud_app_lib::E2E_COMMANDS.is_empty());
}

// ---- Paths come from the person, not from the page ----

/// Every command that reads or writes a file, given a path where a grant's token belongs (any
/// path: a secret, a device, the very database the demo opened), refuses it with
/// `path_not_granted` and a Swedish message, and touches nothing.
#[test]
fn a_path_from_the_webview_is_refused_by_every_command_that_takes_a_file() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("demo.sqlite");
    anbud::usecases::open_demo(&db, &dir.path().join("demo"), false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    let db_path = db.display().to_string();
    let new_file = dir.path().join("ny.sqlite").display().to_string();
    let folder = dir.path().display().to_string();
    for path in ["/etc/passwd", "/dev/zero", db_path.as_str()] {
        let err = invoke(&w, "open_database", json!({ "file": path })).unwrap_err();
        assert_eq!(err["code"], json!("path_not_granted"), "{path}: {err}");
        assert!(err["message"].as_str().unwrap().contains("dialogruta"), "{err}");
        let err = invoke(&w, "import_bids", json!({ "files": [path], "onProgress": "__CHANNEL__:7" })).unwrap_err();
        assert_eq!(err["code"], json!("path_not_granted"), "{path}: {err}");
        let err = invoke(&w, "merge_responses", json!({ "files": [path] })).unwrap_err();
        assert_eq!(err["code"], json!("path_not_granted"), "{path}: {err}");
        let err = invoke(&w, "open_review_package", json!({ "file": path, "passphrase": "vad som helst här" })).unwrap_err();
        assert_eq!(err["code"], json!("path_not_granted"), "{path}: {err}");
    }
    assert_eq!(invoke(&w, "app_info", json!({})).unwrap()["database"], Value::Null, "nothing was opened");
    // Now with a database open (a real grant), the commands that write.
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    let cases = [
        ("create_database", json!({ "file": &new_file })),
        ("backup_database", json!({ "file": &new_file })),
        ("save_template", json!({ "file": &new_file })),
        ("export_package", json!({ "name": "Eva Ek", "file": &new_file })),
        ("write_response", json!({ "file": &new_file })),
        ("decide", json!({ "date": "2026-12-21", "decidedBy": "Karin Berg", "role": null, "sent": null, "folder": &folder })),
        ("save_archived_decision", json!({ "number": 1, "folder": &folder })),
        ("import_bids", json!({ "files": ["/dev/zero", &db_path], "onProgress": "__CHANNEL__:7" })),
    ];
    for (cmd, args) in cases {
        let err = invoke(&w, cmd, args).unwrap_err();
        assert_eq!(err["code"], json!("path_not_granted"), "{cmd}: {err}");
    }
    assert!(!dir.path().join("ny.sqlite").exists());
    // The old argument, a path by its old name: not even a well-formed call.
    let err = invoke(&w, "open_database", json!({ "path": db_path })).unwrap_err();
    assert!(err.to_string().contains("file"), "{err}");
}

/// A grant opens only what it was handed out for: its kind (a file to open, one to save, a
/// folder) and its purpose. One of another kind or purpose is refused as a path is; the right
/// one works, and again (tokens are reusable for the session).
#[test]
fn a_grant_of_another_kind_or_purpose_is_refused_and_the_right_one_works() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("demo.sqlite");
    let demo = dir.path().join("demo");
    anbud::usecases::open_demo(&db, &demo, false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    let wrong = [
        granted(&w, &db, GrantKind::Open, Purpose::Workbook),
        granted(&w, &db, GrantKind::Save, Purpose::Database),
        granted(&w, &db, GrantKind::Open, Purpose::Package),
    ];
    for token in &wrong {
        let err = invoke(&w, "open_database", json!({ "file": token })).unwrap_err();
        assert_eq!(err["code"], json!("path_not_granted"), "{err}");
    }
    let right = granted(&w, &db, GrantKind::Open, Purpose::Database);
    invoke(&w, "open_database", json!({ "file": right })).unwrap();
    invoke(&w, "open_database", json!({ "file": right })).unwrap();
    // A database grant does not import; a workbook's does.
    let workbook = anbud::usecases::workbooks_in(&demo.join("anbud")).unwrap().remove(0);
    let err = invoke(
        &w,
        "import_bids",
        json!({ "files": [granted(&w, &workbook, GrantKind::Open, Purpose::Database)], "onProgress": "__CHANNEL__:7" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("path_not_granted"), "{err}");
    let report = invoke(
        &w,
        "import_bids",
        json!({ "files": [granted(&w, &workbook, GrantKind::Open, Purpose::Workbook)], "onProgress": "__CHANNEL__:7" }),
    )
    .unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 1, "{report}");
    // A copy of the database needs a grant to save a copy, not to create a database.
    let copy = dir.path().join("kopia.sqlite");
    let err = invoke(&w, "backup_database", json!({ "file": granted(&w, &copy, GrantKind::Save, Purpose::Database) })).unwrap_err();
    assert_eq!(err["code"], json!("path_not_granted"), "{err}");
    invoke(&w, "backup_database", json!({ "file": granted(&w, &copy, GrantKind::Save, Purpose::DatabaseCopy) })).unwrap();
    assert!(copy.exists());
    // The record folder is a folder.
    let err = invoke(
        &w,
        "decide",
        json!({ "date": "2026-12-21", "decidedBy": "K", "folder": granted(&w, &copy, GrantKind::Open, Purpose::RecordFolder) }),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("path_not_granted"), "{err}");
}

/// Nothing that is not a regular file is granted or handed to the import: /dev/zero, a named
/// pipe or a folder, chosen or dropped, is refused in Swedish; a file that became a folder after
/// it was granted is refused as it is used. A drop grants the workbooks among what was dropped,
/// and says why it took nothing else.
#[test]
fn dev_zero_a_fifo_or_a_folder_is_never_read_as_a_bid() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("demo.sqlite");
    let demo = dir.path().join("demo");
    anbud::usecases::open_demo(&db, &demo, false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    let state = w.state::<AppState>();
    let fifo = dir.path().join("ror.xlsx");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let folder = dir.path().join("mapp.xlsx");
    std::fs::create_dir_all(&folder).unwrap();
    for path in [std::path::PathBuf::from("/dev/zero"), fifo.clone(), folder.clone()] {
        let err = state.grant(path.clone(), GrantKind::Open, Purpose::Workbook).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotAFile, "{}", path.display());
        assert!(err.message.contains("mapp") || err.message.contains("ingen vanlig fil"), "{}", err.message);
    }
    // Dropped: the workbook is granted; the folder, the device, the pipe and a text file are not.
    let workbook = anbud::usecases::workbooks_in(&demo.join("anbud")).unwrap().remove(0);
    let text = dir.path().join("lasmig.txt");
    std::fs::write(&text, "hej").unwrap();
    let dropped = state.drop_files(&[folder.clone(), "/dev/zero".into(), fifo.clone(), text, workbook.clone()]).unwrap();
    assert_eq!(dropped.grants.len(), 1);
    assert_eq!(dropped.grants[0].name, workbook.file_name().unwrap().to_string_lossy());
    let reasons: Vec<(&str, &str)> = dropped.refused.iter().map(|r| (r.name.as_str(), r.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [
            ("mapp.xlsx", "det är en mapp; släpp arbetsböckerna i den i stället"),
            ("zero", "det är ingen vanlig fil"),
            ("ror.xlsx", "det är ingen vanlig fil"),
            ("lasmig.txt", "bara arbetsböcker (.xlsx, .xls, .ods) och ESPD-svar (.xml) kan läsas"),
        ]
    );
    let event = serde_json::to_value(&dropped).unwrap();
    assert!(!event.to_string().contains(&dir.path().display().to_string()), "no path reaches the webview: {event}");
    let report =
        invoke(&w, "import_bids", json!({ "files": [dropped.grants[0].token.clone()], "onProgress": "__CHANNEL__:7" })).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 1, "{report}");
    // Granted as a file, then swapped for a folder: refused as it is used, nothing imported.
    let swapped = dir.path().join("byts.xlsx");
    std::fs::copy(&workbook, &swapped).unwrap();
    let token = granted(&w, &swapped, GrantKind::Open, Purpose::Workbook);
    std::fs::remove_file(&swapped).unwrap();
    std::fs::create_dir(&swapped).unwrap();
    let err = invoke(&w, "import_bids", json!({ "files": [token], "onProgress": "__CHANNEL__:7" })).unwrap_err();
    assert_eq!(err["code"], json!("not_a_file"), "{err}");
    assert!(err["message"].as_str().unwrap().contains("”byts.xlsx” är en mapp"), "{err}");
}

/// A batch of hostile files beside a valid workbook, through the app's import command: the valid
/// one is imported, each hostile one rejected with a Swedish reason (files built here, as
/// tests/hostile_workbooks.rs builds them).
#[test]
fn a_hostile_batch_through_the_import_command_imports_the_valid_workbook_alone() {
    let _serial = serial();
    let dir = TempDir::new();
    let (_app, w) = app();
    invoke(&w, "create_database", json!({ "file": granted(&w, &dir.path().join("f.sqlite"), GrantKind::Save, Purpose::Database) }))
        .unwrap();
    invoke(&w, "save_definition", json!({ "toml": anbud::usecases::demo::DEMO_TOML })).unwrap();
    let demo = anbud::usecases::demo::write_demo(&dir.path().join("demo")).unwrap();
    let good = demo.iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with("01-")).unwrap().clone();
    let whole = std::fs::read(&good).unwrap();
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde".to_vec();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Anbudsgivare").unwrap();
    ws.write_string(0, 0, "Uppgift").unwrap();
    ws.write_string(1_048_575, 16_383, "sista cellen").unwrap();
    let whole_sheet = wb.save_to_buffer().unwrap();
    let hostile: [(&str, Vec<u8>, &str); 4] = [
        ("tom.xlsx", vec![], "Filen är tom"),
        ("bild.xlsx", png, ""),
        ("avkortad.xlsx", whole[..whole.len() / 2].to_vec(), "skadad eller ofullständig"),
        ("hela-bladet.xlsx", whole_sheet, "XFD1048576"),
    ];
    let mut files = Vec::new();
    for (name, bytes, _) in &hostile {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        files.push(granted(&w, &path, GrantKind::Open, Purpose::Workbook));
    }
    files.insert(2, granted(&w, &good, GrantKind::Open, Purpose::Workbook));
    let report = invoke(&w, "import_bids", json!({ "files": files, "onProgress": "__CHANNEL__:7" })).unwrap();
    let results = report["files"].as_array().unwrap();
    assert_eq!(results.len(), 5, "{report}");
    let of = |name: &str| {
        results.iter().find(|f| f["file"].as_str().unwrap().ends_with(name)).unwrap_or_else(|| panic!("{name}: {report}"))
    };
    assert_eq!(of(good.file_name().unwrap().to_str().unwrap())["result"], json!("imported"), "{report}");
    for (name, _, expected) in &hostile {
        let f = of(name);
        assert_eq!(f["result"], json!("rejected"), "{name}: {f}");
        let why = std::iter::once(f["message"].as_str().unwrap().to_string())
            .chain(f["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap().to_string()))
            .collect::<Vec<_>>()
            .join(" | ");
        assert!(why.contains(*expected), "{name}: {why}");
        assert!(why.chars().any(|c| "åäöÅÄÖ".contains(c)) || why.contains("Filen"), "Swedish: {name}: {why}");
        assert!(!why.contains("error") && !why.contains("invalid"), "no English: {name}: {why}");
    }
    assert_eq!(invoke(&w, "overview", json!({})).unwrap()["rows"].as_array().unwrap().len(), 1);
}

/// The recent list is opened by an entry's place in the list Rust keeps as shown, never by a
/// path sent back.
#[test]
fn a_recent_database_is_opened_by_its_place_in_the_list_not_by_its_path() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("senast.sqlite");
    anbud::usecases::open_demo(&db, &dir.path().join("demo"), false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    let (_app, w) = app();
    // Not before the list was read.
    let err = invoke(&w, "open_recent", json!({ "index": 0 })).unwrap_err();
    assert_eq!(err["code"], json!("not_found"), "{err}");
    let recent = invoke(&w, "recent_files", json!({})).unwrap();
    assert!(recent[0]["path"].as_str().unwrap().ends_with("senast.sqlite"), "{recent}");
    let opened = invoke(&w, "open_recent", json!({ "index": 0 })).unwrap();
    assert!(opened["path"].as_str().unwrap().ends_with("senast.sqlite"), "{opened}");
    let err = invoke(&w, "open_recent", json!({ "index": 99 })).unwrap_err();
    assert_eq!(err["code"], json!("not_found"), "{err}");
    assert!(invoke(&w, "open_recent", json!({ "index": db.display().to_string() })).is_err(), "a path is no index");
}

#[test]
fn the_command_line_asks_for_the_demo_or_a_file() {
    let _serial = serial();
    assert!(anbud_app_lib::demo_requested(["--demo".to_string()]));
    if std::env::var_os("ANBUD_DEMO").is_none() {
        assert!(!anbud_app_lib::demo_requested(Vec::<String>::new()));
        let o = anbud_app_lib::start_options(["/tmp/x.sqlite".to_string()]);
        assert_eq!(o.file.as_deref(), Some(std::path::Path::new("/tmp/x.sqlite")));
        assert!(!o.demo);
    }
}

#[test]
fn a_database_given_at_start_is_opened() {
    let _serial = serial();
    isolate_data_dir();
    let dir = TempDir::new();
    let db = dir.path().join("demo.sqlite");
    anbud::usecases::open_demo(&db, &dir.path().join("demo"), false, "2026-12-18T10:00:00+01:00").unwrap();
    let state = anbud_app_lib::initial_state(&anbud_app_lib::StartOptions { demo: false, file: Some(db.clone()) });
    assert_eq!(state.db_path().unwrap(), Some(db));
    assert_eq!(state.procurement().unwrap().as_deref(), Some("DEMO-2026-001"));
    assert_eq!(state.startup_error().unwrap(), None);
}

/// A file given at start-up that cannot be opened: the error is in every `app_info` (the start
/// screen and the header both ask, in either order) until a database is opened, in Swedish.
#[test]
fn a_start_up_error_reaches_every_app_info_until_a_database_is_opened() {
    let _serial = serial();
    let dir = TempDir::new();
    let junk = dir.path().join("skrap.sqlite");
    std::fs::write(&junk, "ingen databas här, bara text som är längre än en sqlite-rubrik").unwrap();
    let state = anbud_app_lib::initial_state(&anbud_app_lib::StartOptions { demo: false, file: Some(junk.clone()) });
    let (_app, w) = app_with(state);
    for _ in 0..3 {
        let info = invoke(&w, "app_info", json!({})).unwrap();
        assert_eq!(info["database"], Value::Null);
        assert_eq!(info["startup_error"]["code"], json!("db_open"), "{info}");
        let message = info["startup_error"]["message"].as_str().unwrap();
        assert!(message.contains("är inte en Anbud-databas"), "{message}");
        assert!(!message.contains("not a database"), "{message}");
    }
    let db = dir.path().join("ny.sqlite");
    invoke(&w, "create_database", json!({ "file": granted(&w, &db, GrantKind::Save, Purpose::Database) })).unwrap();
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["startup_error"], Value::Null);
}

#[test]
fn a_new_procurement_is_created_beside_the_open_one_never_over_it() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("demo.sqlite");
    anbud::usecases::open_demo(&db, &dir.path().join("demo"), false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    let same = invoke(&w, "create_procurement", json!({ "toml": anbud::usecases::demo::DEMO_TOML })).unwrap();
    assert_eq!(same["saved"], json!(false));
    assert_eq!(same["issues"][0]["key"], json!("procurement.id"));
    let toml = anbud::usecases::demo::DEMO_TOML.replace("DEMO-2026-001", "RS-2027-014");
    let check = invoke(&w, "create_procurement", json!({ "toml": toml })).unwrap();
    assert_eq!(check["saved"], json!(true), "{check}");
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["procurement"]["id"], json!("RS-2027-014"));
    assert_eq!(info["procurements"].as_array().unwrap().len(), 2);
}

#[test]
fn the_benchmark_report_is_refused_outside_the_benchmark() {
    let _serial = serial();
    let (_app, w) = app();
    if std::env::var_os("ANBUD_BENCH").is_none() {
        let err = invoke(&w, "bench_report", json!({ "report": {} })).unwrap_err();
        assert_eq!(err["code"], json!("invalid_input"));
    }
}

#[test]
fn every_listed_command_is_registered_and_allowed() {
    let _serial = serial();
    let (_app, w) = app();
    for cmd in anbud_app_lib::commands() {
        if cmd == "open_demo" {
            continue; // it writes the demo; see the_demo_opens_from_the_start_screen
        }
        // Arguments are missing for most commands; what must not happen is "not found" /
        // "not allowed" from Tauri itself.
        if let Err(e) = invoke(&w, cmd, json!({})) {
            let text = e.to_string();
            assert!(e.get("code").is_some() || text.contains("missing required key"), "{cmd} är inte registrerat eller tillåtet: {e}");
        }
    }
}

/// A buffer the log writes into, as the app's log writes into anbud.log.
#[derive(Clone, Default)]
struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LogBuffer {
    fn take(&self) -> String {
        let bytes = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        String::from_utf8(bytes).expect("loggen är UTF-8")
    }
}

/// The app's log subscriber (`anbud_app_lib::logging::subscriber`, as `run` installs it on
/// anbud.log), installed once in this test process, writing into a buffer.
fn log() -> LogBuffer {
    static LOG: std::sync::OnceLock<LogBuffer> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = LogBuffer::default();
        let writer = buffer.clone();
        tracing::subscriber::set_global_default(anbud_app_lib::logging::subscriber(move || writer.clone()))
            .expect("loggen installeras en gång");
        buffer
    })
    .clone()
}

/// The log gets every command call by name and every error by its code, and nothing a person
/// wrote or a bid holds: no paths, names, organisation numbers, justifications or definitions.
#[test]
fn the_log_names_each_command_and_error_code_and_nothing_a_person_wrote() {
    let _serial = serial();
    let log = log();
    let dir = TempDir::new();
    let folder = dir.path().join("Kalle Ankas upphandlingar");
    std::fs::create_dir_all(&folder).unwrap();
    let db = folder.join("demo.sqlite");
    anbud::usecases::open_demo(&db, &dir.path().join("demo"), false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    log.take();

    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    let o = invoke(&w, "overview", json!({})).unwrap();
    let dala = o["rows"].as_array().unwrap().iter().find(|r| r["name"] == "Dalabemanning AB").unwrap();
    let org_nr = dala["org_nr"].as_str().expect("organisationsnummer").to_string();
    let bid_id = dala["bid_id"].as_i64().unwrap();
    invoke(&w, "supplier_detail", json!({ "bidId": bid_id })).unwrap();
    invoke(
        &w,
        "record_override",
        json!({ "bidId": bid_id, "requirementId": "kreditvardighet", "outcome": "pass", "justification": "Hemlig kreditupplysning.", "decidedBy": "Greta Garbo" }),
    )
    .unwrap();
    let err = invoke(
        &w,
        "open_database",
        json!({ "file": granted(&w, &folder.join("Sixten Svensson.sqlite"), GrantKind::Open, Purpose::Database) }),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("not_found"));
    invoke(&w, "check_definition", json!({ "toml": "[upphandling]\nnamn = \"Hemliga upphandlingen\"\n" })).unwrap();

    let text = log.take();
    for command in ["open_database", "overview", "supplier_detail", "record_override", "check_definition"] {
        assert!(text.contains(&format!("command=\"{command}\"")), "{command} saknas i loggen:\n{text}");
    }
    assert!(text.contains("code=not_found"), "{text}");
    for secret in ["Kalle", "Sixten", "Greta", "Hemlig", "Dalabemanning", org_nr.as_str(), "kreditvardighet", "demo.sqlite"] {
        assert!(!text.contains(secret), "{secret} står i loggen:\n{text}");
    }
}

#[test]
fn the_demo_opens_from_the_start_screen_and_is_remembered() {
    let _serial = serial();
    let (_app, w) = app();
    let opened = invoke(&w, "open_demo", json!({})).unwrap();
    assert_eq!(opened["procurements"][0]["suppliers"], json!(15));
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["procurement"]["id"], json!("DEMO-2026-001"));
    let o = invoke(&w, "overview", json!({})).unwrap();
    assert_eq!(o["counts"]["needs_review"], json!(5));
    let recent = invoke(&w, "recent_files", json!({})).unwrap();
    assert!(recent.as_array().unwrap().iter().any(|r| r["path"].as_str().unwrap().ends_with("anbud-demo.sqlite")), "{recent}");
    // The demo has a database of its own: the user's (ANBUD_DB) is not created or written.
    let user_db = std::path::PathBuf::from(std::env::var_os("ANBUD_DB").unwrap());
    assert_ne!(info["database"], json!(user_db.display().to_string()));
    assert!(!user_db.exists(), "{}", user_db.display());
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let _serial = serial();
    let (_app, w) = app();
    // The dialog plugin's commands: none is granted (the dialogs are opened from Rust), so the
    // webview can neither open a dialog nor learn a path from one.
    for (cmd, args) in [
        ("plugin:dialog|message", json!({ "message": "hej" })),
        ("plugin:dialog|open", json!({ "options": {} })),
        ("plugin:dialog|save", json!({ "options": {} })),
    ] {
        let err = invoke(&w, cmd, args).expect_err("nekas");
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
    // The fs plugin is only a crate dependency of the dialog plugin: not registered, no access.
    let err = invoke(&w, "plugin:fs|read_text_file", json!({ "path": "/etc/hostname" })).expect_err("nekas");
    assert!(err.to_string().contains("not allowed") || err.to_string().contains("not found"), "{err}");
    // A command that does not exist at all.
    let err = invoke(&w, "read_any_file", json!({})).expect_err("finns inte");
    assert!(err.to_string().contains("not found") || err.to_string().contains("not allowed"), "{err}");
}

#[test]
fn the_capability_grants_exactly_the_listed_commands_and_no_dialog() {
    let _serial = serial();
    // Written by build.rs from src/command_list.rs (the same list as the app manifest).
    let text = std::fs::read_to_string(concat!(env!("OUT_DIR"), "/capabilities/default.json")).unwrap();
    let cap: Value = serde_json::from_str(&text).unwrap();
    let mut granted: Vec<String> =
        cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().expect("bara strängar").to_string()).collect();
    let mut expected: Vec<String> = anbud_app_lib::commands().iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    expected.extend(["core:event:allow-listen".to_string(), "core:event:allow-unlisten".to_string()]);
    granted.sort();
    expected.sort();
    assert_eq!(granted, expected);
    assert_eq!(cap["windows"], json!(["main"]));
    assert!(!granted.iter().any(|p| p.starts_with("dialog:")), "{granted:?}");
    assert!(!granted.contains(&"allow-e2e-paths".to_string()));
}

#[test]
fn csp_is_strict_and_local() {
    let _serial = serial();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap();
    let conf: Value = serde_json::from_str(&text).unwrap();
    let csp = conf["app"]["security"]["csp"].as_str().expect("en CSP är satt");
    assert!(csp.contains("default-src 'self'"));
    assert!(csp.contains("script-src 'self';"));
    for forbidden in ["http://*", "https:", "'unsafe-eval'", "*;", "data: 'unsafe"] {
        assert!(!csp.contains(forbidden), "CSP innehåller {forbidden}: {csp}");
    }
    assert!(conf["build"].get("devUrl").is_none(), "ingen devUrl: debug-bygget bäddar in ui/dist");
}

#[test]
fn every_item_of_the_arkiv_menu_has_an_action_in_the_ui() {
    let _serial = serial();
    let ui = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/file-actions.ts")).unwrap();
    assert!(ui.contains(&format!("listen<string>(\"{}\"", anbud_app_lib::MENU_EVENT)));
    for (id, text, _) in anbud_app_lib::MENU_ITEMS {
        assert!(ui.contains(&format!("  {id}: ")), "{id} ({text}) saknar åtgärd i file-actions.ts");
    }
}

#[test]
fn the_journal_shows_who_changed_what_and_whether_it_holds() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("demo.sqlite");
    anbud::usecases::open_demo(&db, &dir.path().join("demo"), false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    // Without a database there is no journal to show.
    let err = invoke(&w, "audit_log", json!({ "filter": {} })).unwrap_err();
    assert_eq!(err["code"], json!("no_database_open"));
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();

    let state = invoke(&w, "audit_verify", json!({})).unwrap();
    assert_eq!(state["ok"], json!(true), "{state}");
    assert_eq!(state["first_problem"], Value::Null);
    let before = state["events"].as_u64().unwrap();
    assert!(before > 10, "{state}");

    let o = invoke(&w, "overview", json!({})).unwrap();
    let dala = o["rows"].as_array().unwrap().iter().find(|r| r["name"] == "Dalabemanning AB").unwrap().clone();
    let org_nr = dala["org_nr"].as_str().unwrap().to_string();
    invoke(
        &w,
        "record_override",
        json!({ "bidId": dala["bid_id"], "requirementId": "kreditvardighet", "outcome": "pass", "justification": "Ny upplysning visad.", "decidedBy": "Anna Lindqvist" }),
    )
    .unwrap();

    // Everything, oldest first, with what the filters offer.
    let all = invoke(&w, "audit_log", json!({ "filter": { "supplier": null, "person": null, "kind": null } })).unwrap();
    let events = all["events"].as_array().unwrap();
    assert_eq!(all["total"], json!(before + 1));
    assert_eq!(events.len() as u64, before + 1);
    assert_eq!(events[0]["seq"], json!(1));
    assert_eq!(events[0]["kind"], json!("procurement_created"));
    assert!(
        all["kinds"].as_array().unwrap().iter().any(|k| k["value"] == "override" && k["label"] == "Utfall ändrat"),
        "{}",
        all["kinds"]
    );
    assert!(all["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["value"] == json!(org_nr) && s["label"] == json!(format!("Dalabemanning AB ({org_nr})"))));
    assert!(all["people"].as_array().unwrap().iter().any(|p| p["value"] == "Anna Lindqvist"));

    // By the supplier's name, in any case: its events only, the override with before and after.
    let dala_log =
        invoke(&w, "audit_log", json!({ "filter": { "supplier": "dalabemanning", "person": null, "kind": null } })).unwrap();
    let mine = dala_log["events"].as_array().unwrap();
    assert!(mine.len() >= 3, "{dala_log}");
    assert!(mine.iter().all(|e| e["subject"] == json!(org_nr) || e["kind"] == "bids_evaluated"), "{dala_log}");
    let last = mine.last().unwrap();
    assert_eq!(last["kind"], json!("override"));
    assert_eq!(last["label"], json!("Utfall ändrat"));
    assert_eq!(last["actor"], json!("Anna Lindqvist"));
    assert_eq!(last["supplier_name"], json!("Dalabemanning AB"));
    assert_eq!(last["changes"], json!([{ "what": "Kravet kreditvardighet", "before": "Bedöms manuellt", "after": "Uppfyllt" }]));
    assert!(last["summary"].as_str().unwrap().contains("Ny upplysning visad."), "{last}");
    assert_eq!(last["hash"].as_str().unwrap().len(), 64);
    assert!(last["at"].as_str().unwrap().ends_with('Z') && last["at_local"].as_str().unwrap().contains(" kl. "), "{last}");

    // By number, by person and by kind: the same override.
    let digits: String = org_nr.chars().filter(char::is_ascii_digit).collect();
    let by = |filter: Value| invoke(&w, "audit_log", json!({ "filter": filter })).unwrap()["events"].as_array().unwrap().clone();
    let overrides = by(json!({ "supplier": digits, "person": "anna lindqvist", "kind": "override" }));
    assert_eq!(overrides.len(), 1);
    assert_eq!(overrides[0]["seq"], last["seq"]);
    assert!(by(json!({ "supplier": null, "person": "Någon Annan", "kind": null })).is_empty());
    assert!(by(json!({ "supplier": "Finns Inte AB", "person": null, "kind": null })).is_empty());

    // The audit reads only: the file is the same afterwards, and the override is counted.
    let bytes = std::fs::read(&db).unwrap();
    let state = invoke(&w, "audit_verify", json!({})).unwrap();
    assert_eq!(state["ok"], json!(true), "{state}");
    assert_eq!(state["events"], json!(before + 1));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

// ---- The working group (Arbetsgrupp) and reviewer mode (Granskning) ----

/// The demo procurement with four eyes on (whatever the shipped demo says), in a database of
/// its own, its bids imported.
fn four_eyes_demo(dir: &std::path::Path) -> std::path::PathBuf {
    let demo = dir.join("demo");
    anbud::usecases::demo::write_demo(&demo).unwrap();
    let toml_path = demo.join("upphandling.toml");
    let text = std::fs::read_to_string(&toml_path).unwrap();
    let text = if text.contains("four_eyes") {
        text.replace("four_eyes = false", "four_eyes = true")
    } else {
        format!("{text}\n[review]\nfour_eyes = true\n")
    };
    std::fs::write(&toml_path, text).unwrap();
    let db = dir.join("grupp.sqlite");
    anbud::usecases::open_demo(&db, &demo, false, "2026-12-18T10:00:00+01:00").unwrap();
    db
}

fn org_of(group: &Value, name: &str) -> String {
    group["suppliers"].as_array().unwrap().iter().find(|s| s["name"] == json!(name)).unwrap()["org_nr"].as_str().unwrap().to_string()
}

#[test]
fn the_working_group_round_trip_through_ipc() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = four_eyes_demo(dir.path());
    let (app, w) = app();
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();

    // Members, jäv, and a refused assignment with the core's Swedish message.
    invoke(&w, "add_reviewer", json!({ "name": "Eva Ek", "region": "20" })).unwrap();
    let g = invoke(&w, "add_reviewer", json!({ "name": "Olof Berg", "region": null })).unwrap();
    assert_eq!(g["four_eyes"], json!(true));
    assert_eq!(g["reviewers"].as_array().unwrap().len(), 2);
    let dala = org_of(&g, "Dalabemanning AB");
    let other = g["suppliers"].as_array().unwrap().iter().find(|s| s["org_nr"] != json!(dala)).unwrap()["org_nr"]
        .as_str()
        .unwrap()
        .to_string();
    let err = invoke(&w, "add_reviewer", json!({ "name": "Eva Ek", "region": null })).unwrap_err();
    assert_eq!(err["code"], json!("refused"), "{err}");
    let err = invoke(&w, "add_reviewer", json!({ "name": "X", "region": "99" })).unwrap_err();
    assert_eq!(err["code"], json!("invalid_input"), "{err}");
    invoke(&w, "declare_conflict", json!({ "name": "Olof Berg", "orgNr": other, "reason": "Tidigare anställd" })).unwrap();
    let err = invoke(&w, "assign_supplier", json!({ "name": "Olof Berg", "orgNr": other })).unwrap_err();
    assert_eq!(err["code"], json!("conflict_of_interest"), "{err}");
    assert!(err["message"].as_str().unwrap().contains("jäv"), "{err}");
    let g = invoke(&w, "working_group", json!({})).unwrap();
    assert!(g["reviewers"].as_array().unwrap().iter().all(|r| r["assigned"] == json!([])), "inget tilldelat: {g}");
    // Assign and unassign; the warning counts the assessors.
    invoke(&w, "assign_supplier", json!({ "name": "Eva Ek", "orgNr": dala })).unwrap();
    invoke(&w, "assign_supplier", json!({ "name": "Olof Berg", "orgNr": other.clone() })).unwrap_err();
    let g = invoke(&w, "assign_supplier", json!({ "name": "Olof Berg", "orgNr": dala })).unwrap();
    assert!(!g["warnings"].as_array().unwrap().iter().any(|w| w.as_str().unwrap().contains("Dalabemanning")), "{g}");
    let g = invoke(&w, "unassign_supplier", json!({ "name": "Olof Berg", "orgNr": dala })).unwrap();
    assert!(
        g["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("Dalabemanning AB") && w.as_str().unwrap().contains("bara en")),
        "{g}"
    );
    invoke(&w, "assign_supplier", json!({ "name": "Olof Berg", "orgNr": dala })).unwrap();

    // Packages: a file each, the passphrase shown once.
    let name = invoke(&w, "package_file_name", json!({ "name": "Eva Ek" })).unwrap();
    assert_eq!(name, json!("granskningspaket-demo-2026-001-eva-ek.anbudpaket"));
    let eva_pkg = dir.path().join("eva.anbudpaket");
    let olof_pkg = dir.path().join("olof.anbudpaket");
    let eva =
        invoke(&w, "export_package", json!({ "name": "Eva Ek", "file": granted(&w, &eva_pkg, GrantKind::Save, Purpose::Package) }))
            .unwrap();
    let olof = invoke(
        &w,
        "export_package",
        json!({ "name": "Olof Berg", "file": granted(&w, &olof_pkg, GrantKind::Save, Purpose::Package) }),
    )
    .unwrap();
    assert_eq!(eva["suppliers"], json!(1));
    let eva_pass = eva["passphrase"].as_str().unwrap().to_string();
    let olof_pass = olof["passphrase"].as_str().unwrap().to_string();
    assert!(eva_pass.len() >= 12);
    let bytes = std::fs::read(&eva_pkg).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("Dalabemanning"), "paketet är krypterat");

    // Reviewer mode: a wrong passphrase is refused; the right one closes the database in the app.
    let err = invoke(
        &w,
        "open_review_package",
        json!({ "file": granted(&w, &eva_pkg, GrantKind::Open, Purpose::Package), "passphrase": "fel fel fel fel" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], json!("wrong_passphrase"), "{err}");
    assert!(invoke(&w, "app_info", json!({})).unwrap()["database"].is_string(), "databasen är kvar efter ett fel");
    let err = invoke(&w, "review_package", json!({})).unwrap_err();
    assert_eq!(err["code"], json!("not_found"), "{err}");
    let opened = invoke(
        &w,
        "open_review_package",
        json!({ "file": granted(&w, &eva_pkg, GrantKind::Open, Purpose::Package), "passphrase": eva_pass }),
    )
    .unwrap();
    assert_eq!(opened["reviewer"], json!("Eva Ek"));
    assert_eq!(opened["assessments"], json!([]));
    assert!(opened.get("draft_identity").is_none() && opened.get("response_recipient").is_none(), "inga nycklar till fönstret");
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["database"], Value::Null);
    assert_eq!(info["review"], json!({ "reviewer": "Eva Ek", "procurement_id": "DEMO-2026-001" }));

    // Assess: a `review` proposal needs a justification; saved at once, sealed.
    let supplier = &opened["suppliers"][0];
    let req = supplier["requirements"].as_array().unwrap().iter().find(|r| r["result"]["proposed"] == json!("review")).unwrap()
        ["result"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    invoke(
        &w,
        "save_assessment",
        json!({ "assessment": { "org_nr": dala, "requirement": req, "outcome": "pass", "justification": "", "comment": "" } }),
    )
    .unwrap();
    let problems = invoke(&w, "assessment_problems", json!({})).unwrap();
    assert_eq!(problems.as_array().unwrap().len(), 1, "{problems}");
    let response = dir.path().join("eva.anbudsvar");
    let err = invoke(&w, "write_response", json!({ "file": granted(&w, &response, GrantKind::Save, Purpose::Response) })).unwrap_err();
    assert_eq!(err["code"], json!("refused"), "{err}");
    assert!(!response.exists());
    let saved_at = invoke(
        &w,
        "save_assessment",
        json!({ "assessment": { "org_nr": dala, "requirement": req, "outcome": "pass", "justification": "Ny kreditupplysning visar riskklass 4.", "comment": "Ringde UC." } }),
    )
    .unwrap();
    assert!(saved_at.is_string());
    assert_eq!(invoke(&w, "assessment_problems", json!({})).unwrap(), json!([]));
    let data = anbud::usecases::data_dir();
    let draft = std::fs::read(anbud::usecases::review::draft_path(&data, opened["package_id"].as_str().unwrap())).unwrap();
    assert!(!String::from_utf8_lossy(&draft).contains("riskklass 4"), "utkastet är krypterat");
    // Reopened: the work is back.
    invoke(&w, "close_review_package", json!({})).unwrap();
    let again = invoke(
        &w,
        "open_review_package",
        json!({ "file": granted(&w, &eva_pkg, GrantKind::Open, Purpose::Package), "passphrase": eva_pass }),
    )
    .unwrap();
    assert_eq!(again["assessments"][0]["justification"], json!("Ny kreditupplysning visar riskklass 4."));
    assert_eq!(again["assessments"][0]["comment"], json!("Ringde UC."));
    assert_eq!(invoke(&w, "response_file_name", json!({})).unwrap(), json!("granskningssvar-demo-2026-001-eva-ek.anbudsvar"));
    invoke(&w, "write_response", json!({ "file": granted(&w, &response, GrantKind::Save, Purpose::Response) })).unwrap();

    // Olof disagrees (his own package, the same way).
    invoke(
        &w,
        "open_review_package",
        json!({ "file": granted(&w, &olof_pkg, GrantKind::Open, Purpose::Package), "passphrase": olof_pass }),
    )
    .unwrap();
    invoke(
        &w,
        "save_assessment",
        json!({ "assessment": { "org_nr": dala, "requirement": req, "outcome": "fail", "justification": "Riskklassen räcker inte.", "comment": "" } }),
    )
    .unwrap();
    let olof_response = dir.path().join("olof.anbudsvar");
    invoke(&w, "write_response", json!({ "file": granted(&w, &olof_response, GrantKind::Save, Purpose::Response) })).unwrap();
    // An altered response: one flipped byte near the end.
    let mut altered = std::fs::read(&olof_response).unwrap();
    let n = altered.len() - 10;
    altered[n] ^= 0x01;
    let altered_path = dir.path().join("andrat.anbudsvar");
    std::fs::write(&altered_path, altered).unwrap();

    // The coordinator again: merge per file.
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    assert_eq!(invoke(&w, "app_info", json!({})).unwrap()["review"], Value::Null, "en databas stänger paketet");
    let files = [&response, &altered_path, &olof_response, &response].map(|p| granted(&w, p, GrantKind::Open, Purpose::Response));
    let lines = invoke(&w, "merge_responses", json!({ "files": files })).unwrap();
    let lines = lines.as_array().unwrap();
    assert_eq!(lines[0]["merged"]["assessments"], json!(1), "{lines:?}");
    assert_eq!(lines[1]["merged"], Value::Null);
    assert_eq!(lines[1]["code"], json!("file_altered"), "{lines:?}");
    assert!(lines[1]["refused"].as_str().unwrap().len() > 10);
    assert_eq!(lines[2]["merged"]["reviewer"], json!("Olof Berg"));
    assert!(lines[3]["merged"]["already_merged"].is_string(), "{lines:?}");
    let g = invoke(&w, "working_group", json!({})).unwrap();
    let d = &g["disagreements"].as_array().unwrap()[0];
    assert_eq!(d["org_nr"], json!(dala));
    assert_eq!(d["requirement_id"], json!(req));
    assert_eq!(d["judgements"].as_array().unwrap().len(), 2);
    // Side by side on the supplier's screen, with the comment.
    let detail = invoke(&w, "supplier_detail", json!({ "bidId": d["bid_id"] })).unwrap();
    let r = detail["requirements"].as_array().unwrap().iter().find(|r| r["result"]["id"] == json!(req)).unwrap();
    assert_eq!(r["result"]["open"], json!("disagreement"));
    assert_eq!(r["result"]["judgements"].as_array().unwrap().len(), 2);
    assert!(detail["assessments"].as_array().unwrap().iter().any(|a| a["comment"] == json!("Ringde UC.")));
    drop(app);
}

#[test]
fn reviewer_mode_creates_no_database() {
    let _serial = serial();
    let dir = TempDir::new();
    let (_app, w) = app();
    let junk = dir.path().join("inget.anbudpaket");
    std::fs::write(&junk, "inget paket").unwrap();
    let err = invoke(
        &w,
        "open_review_package",
        json!({ "file": granted(&w, &junk, GrantKind::Open, Purpose::Package), "passphrase": "vad som helst här" }),
    )
    .unwrap_err();
    assert!(["file_altered", "invalid_input", "refused"].contains(&err["code"].as_str().unwrap()), "{err}");
    for cmd in ["save_assessment", "assessment_problems", "write_response", "response_file_name"] {
        let args = match cmd {
            "save_assessment" => {
                json!({ "assessment": { "org_nr": "x", "requirement": "y", "outcome": "pass", "justification": "", "comment": "" } })
            }
            "write_response" => json!({ "file": granted(&w, &dir.path().join("svar"), GrantKind::Save, Purpose::Response) }),
            _ => json!({}),
        };
        assert_eq!(invoke(&w, cmd, args).unwrap_err()["code"], json!("not_found"), "{cmd}");
    }
    assert!(!std::path::Path::new(&std::env::var("ANBUD_DB").unwrap()).exists(), "ingen databas skapad");
    let err = invoke(&w, "working_group", json!({})).unwrap_err();
    assert_eq!(err["code"], json!("no_database_open"));
}

/// Kostnadsprognos through the commands: a file of expected hours read (its grant's purpose
/// checked), the projection per region against the indicator, a what-if tried without touching
/// the definition, then saved as an amendment (the demo has received bids), which the definition
/// and the journal then hold.
#[test]
fn the_projection_and_its_what_if_through_ipc() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("demo.sqlite");
    anbud::usecases::open_demo(&db, &dir.path().join("demo"), false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    assert_eq!(invoke(&w, "forecast", json!({ "year": null, "changes": [] })).unwrap(), Value::Null, "no file read yet");
    let input = dir.path().join("timmar.toml");
    std::fs::write(
        &input,
        "year = 2028\n[[region]]\ncode = \"20\"\npersonnel_cost = \"1 000 000 000\"\nhours = { L1 = 8000, S1 = 20000 }\n\n[[region]]\ncode = \"01\"\npersonnel_cost = \"50 000 000 000\"\nhours = { L1 = 12000 }\n",
    )
    .unwrap();
    let err =
        invoke(&w, "open_forecast_input", json!({ "file": granted(&w, &input, GrantKind::Open, Purpose::Database) })).unwrap_err();
    assert_eq!(err["code"], json!("path_not_granted"));
    let err = invoke(&w, "open_forecast_input", json!({ "file": input.display().to_string() })).unwrap_err();
    assert_eq!(err["code"], json!("path_not_granted"));
    // A hostile workbook (a cell in A1 and one in XFD1048576) is refused by the limits, naming
    // them, before calamine builds its grid.
    let hostile = dir.path().join("timmar.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Timmar").unwrap();
    ws.write_string(0, 0, "Region").unwrap();
    ws.write_number(1_048_575, 16_383, 1.0).unwrap();
    wb.save(&hostile).unwrap();
    let err = invoke(&w, "open_forecast_input", json!({ "file": granted(&w, &hostile, GrantKind::Open, Purpose::ProjectionInput) }))
        .unwrap_err();
    assert_eq!(err["code"], json!("invalid_input"), "{err}");
    assert!(err["message"].as_str().unwrap().contains("1048576 rader"), "{err}");
    // A file dropped on the window is granted as a workbook to open: read as well.
    let dropped =
        invoke(&w, "open_forecast_input", json!({ "file": granted(&w, &input, GrantKind::Open, Purpose::Workbook) })).unwrap();
    assert_eq!(dropped["input_name"], json!("timmar.toml"));
    let view =
        invoke(&w, "open_forecast_input", json!({ "file": granted(&w, &input, GrantKind::Open, Purpose::ProjectionInput) })).unwrap();
    assert_eq!(view["input_name"], json!("timmar.toml"));
    assert_eq!(view["year"], json!(2028));
    assert_eq!(view["frozen"], json!(true));
    let dalarna = view["projection"]["regions"].as_array().unwrap().iter().find(|r| r["code"] == "20").unwrap().clone();
    // L1 zone 4 1 610 kr × 8 000 h + S1 zone 4 828 kr × 20 000 h = 12 880 000 + 16 560 000.
    assert_eq!(dalarna["value"], json!("29440000.00"));
    assert_eq!(dalarna["above_indicator"], json!(true), "2.94 % of 1 000 000 000 is above 2 %");
    assert_eq!(view["what_if"], Value::Null);

    // Dalarna to zone 3: tried on a copy.
    let changes = json!([{ "kind": "move_region", "region": "20", "zone": 3 }]);
    let tried = invoke(&w, "forecast", json!({ "year": null, "changes": changes })).unwrap();
    let change = tried["what_if"]["regions"].as_array().unwrap().iter().find(|r| r["code"] == "20").unwrap().clone();
    assert_eq!((change["zone_before"].clone(), change["zone_after"].clone()), (json!(4), json!(3)));
    // L1 zone 3 1 540 × 8 000 + S1 zone 3 792 × 20 000 = 12 320 000 + 15 840 000.
    assert_eq!(change["value_after"], json!("28160000.00"));
    let before = invoke(&w, "procurement_view", json!({})).unwrap();
    let zone4 = before["procurement"]["zones"]["zones"].as_array().unwrap().iter().find(|z| z["number"] == 4).unwrap().clone();
    assert!(zone4["regions"].as_array().unwrap().contains(&json!("20")), "the definition is untouched until saved: {zone4}");
    let unchanged = invoke(&w, "forecast", json!({ "year": null, "changes": [] })).unwrap();
    assert_eq!(unchanged["projection"], view["projection"]);

    // Saved: the demo has bids, so only as an amendment with a justification and a name.
    let err = invoke(&w, "save_forecast_changes", json!({ "changes": changes, "amendment": null })).unwrap_err();
    assert_eq!(err["code"], json!("definition_frozen"), "{err}");
    let saved = invoke(
        &w,
        "save_forecast_changes",
        json!({ "changes": changes, "amendment": { "justification": "Dalarna flyttas efter prognosen.", "by": "Karin Berg" } }),
    )
    .unwrap();
    assert_eq!(saved["ok"], json!(true), "{saved}");
    let after = invoke(&w, "forecast", json!({ "year": null, "changes": [] })).unwrap();
    let dalarna = after["projection"]["regions"].as_array().unwrap().iter().find(|r| r["code"] == "20").unwrap().clone();
    assert_eq!((dalarna["zone"].clone(), dalarna["value"].clone()), (json!(3), json!("28160000.00")));
    let journal = invoke(&w, "audit_log", json!({ "filter": { "supplier": null, "person": null, "kind": null } })).unwrap();
    let amended: Vec<&Value> = journal["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "definition_changed").collect();
    assert_eq!(amended.len(), 1, "{journal}");
    assert_eq!(amended[0]["actor"], json!("Karin Berg"));
}

/// A bid with its ESPD response, through the app's import command: both dropped on the window are
/// granted; the response is paired with the workbook of its organisation number and comes back
/// with its mapping report (what is carried over to which requirement); a response with no
/// workbook in the import is a rejected file saying why, with its report too.
#[test]
fn an_espd_response_is_paired_with_its_workbook_and_reported() {
    let _serial = serial();
    let dir = TempDir::new();
    let db = dir.path().join("demo.sqlite");
    let demo = dir.path().join("demo");
    anbud::usecases::open_demo(&db, &demo, false, "2026-12-18T10:00:00+01:00").unwrap();
    let (_app, w) = app();
    invoke(&w, "open_database", json!({ "file": granted(&w, &db, GrantKind::Open, Purpose::Database) })).unwrap();
    let p = anbud::usecases::demo::demo_procurement();
    let org = anbud::usecases::demo::org("559123456");
    let bytes = anbud::intake::template::write_workbook(&p, Some(&anbud::usecases::demo::good_bid(&org, "Nya Vården AB"))).unwrap();
    let workbook = dir.path().join("nya-varden.xlsx");
    std::fs::write(&workbook, bytes).unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/espd/sv/vardkraft-espd.xml");
    let text = std::fs::read_to_string(fixture).unwrap();
    let vat = |org: &str| format!("SE{}01", org.replace('-', ""));
    let espd = dir.path().join("nya-varden-espd.xml");
    std::fs::write(&espd, text.replace("SE556012579001", &vat(&org))).unwrap();
    let lonely = dir.path().join("ensam-espd.xml");
    std::fs::write(&lonely, text.replace("SE556012579001", &vat(&anbud::usecases::demo::org("559876543")))).unwrap();

    let state = w.state::<AppState>();
    let dropped = state.drop_files(&[workbook.clone(), espd.clone(), lonely.clone()]).unwrap();
    assert_eq!(dropped.grants.len(), 3, "{:?}", dropped.refused);
    let tokens: Vec<String> = dropped.grants.iter().map(|g| g.token.clone()).collect();
    let report = invoke(&w, "import_bids", json!({ "files": tokens, "onProgress": "__CHANNEL__:7" })).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{report}");
    let by = |name: &str| files.iter().find(|f| f["file"].as_str().unwrap().ends_with(name)).unwrap().clone();
    assert_eq!(by("nya-varden.xlsx")["result"], "imported");
    let paired = by("nya-varden-espd.xml");
    assert_eq!(paired["result"], "espd", "{paired}");
    assert!(paired["message"].as_str().unwrap().contains("nya-varden.xlsx"), "{paired}");
    let carried: Vec<&str> =
        paired["espd"]["carried"].as_array().unwrap().iter().map(|c| c["requirement"].as_str().unwrap()).collect();
    assert_eq!(carried.len(), 3, "{carried:?}");
    assert!(carried.iter().any(|r| r.starts_with("omsattning")) && carried.iter().any(|r| r.starts_with("uteslutning")));
    let unpaired = by("ensam-espd.xml");
    assert_eq!(unpaired["result"], "rejected");
    assert!(unpaired["errors"][0]["message"].as_str().unwrap().contains("Ingen anbudsfil"), "{unpaired}");
    assert!(unpaired["espd"]["read"].as_array().is_some_and(|r| !r.is_empty()), "the report of what was read: {unpaired}");

    // The supplier's screen shows the ESPD as the evidence's source.
    let overview = invoke(&w, "overview", json!({})).unwrap();
    assert!(overview.to_string().contains("Nya Vården AB"), "{overview}");
}
