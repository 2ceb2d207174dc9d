//! Command tests through Tauri's mock runtime: no window, no display. The requests go through
//! the real IPC path (ACL from capabilities/default.json + the app manifest, the invoke handler,
//! serde), so they check what the UI would receive.

use anbud_app_lib::{setup, AppState, COMMANDS};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

/// The app as it really is wired (plugins, state, handler, and the real ACL built from
/// tauri.conf.json + capabilities), on the mock runtime, with one window labelled "main".
fn app() -> (
    tauri::App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    let app = setup(mock_builder())
        .build(tauri::generate_context!(
            test = true,
            assets = noop_assets()
        ))
        .expect("appen byggs");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("fönster");
    (app, window)
}

/// Invokes `cmd` with JSON args, as `invoke(cmd, args)` in the UI does.
fn invoke(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
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
    let (_app, w) = app();
    let reply = invoke(&w, "app_info", json!({})).expect("app_info lyckas");
    assert_eq!(
        reply,
        json!({ "name": "Anbud", "version": env!("CARGO_PKG_VERSION"), "database": null })
    );
}

#[test]
fn app_info_reports_the_open_database_from_state() {
    let (app, w) = app();
    app.state::<AppState>()
        .set_db_path(Some("/tmp/upphandling.sqlite".into()))
        .unwrap();
    let reply = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(reply["database"], json!("/tmp/upphandling.sqlite"));
}

#[test]
fn placeholder_overview_filters_by_status_and_sends_money_as_strings() {
    let (_app, w) = app();
    let all = invoke(&w, "demo_overview", json!({})).unwrap();
    assert_eq!(all["suppliers"].as_array().unwrap().len(), 3);
    let review = invoke(&w, "demo_overview", json!({ "status": "needs_review" })).unwrap();
    assert_eq!(
        review["suppliers"],
        json!([{ "name": "Platshållare Vård AB", "org_nr": "556000-0000", "status": "needs_review", "turnover_sek": "4999999.99" }])
    );
}

#[test]
fn an_error_reaches_the_ui_as_code_and_swedish_message() {
    let (_app, w) = app();
    let err = invoke(&w, "demo_overview", json!({ "status": "bogus" }))
        .expect_err("okänd status är ett fel");
    assert_eq!(err["code"], json!("invalid_input"), "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("Okänd status"), "{message}");
    assert_eq!(
        err.as_object().unwrap().len(),
        2,
        "bara code och message: {err}"
    );
}

#[test]
fn every_listed_command_is_registered_and_allowed() {
    let (_app, w) = app();
    for cmd in COMMANDS {
        // Arguments may be wrong for some commands; what must not happen is "not found" /
        // "not allowed", which come back as plain strings instead of {code,message}.
        if let Err(e) = invoke(&w, cmd, json!({})) {
            assert!(
                e.get("code").is_some(),
                "{cmd} är inte registrerat eller tillåtet: {e}"
            );
        }
    }
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let (_app, w) = app();
    // A dialog command that the capability does not grant (only open and save are granted).
    let err = invoke(&w, "plugin:dialog|message", json!({ "message": "hej" })).expect_err("nekas");
    assert!(err.to_string().contains("not allowed"), "{err}");
    // The fs plugin is only a crate dependency of the dialog plugin: not registered, no access.
    let err = invoke(
        &w,
        "plugin:fs|read_text_file",
        json!({ "path": "/etc/hostname" }),
    )
    .expect_err("nekas");
    assert!(
        err.to_string().contains("not allowed") || err.to_string().contains("not found"),
        "{err}"
    );
    // A command that does not exist at all.
    let err = invoke(&w, "read_any_file", json!({})).expect_err("finns inte");
    assert!(
        err.to_string().contains("not found") || err.to_string().contains("not allowed"),
        "{err}"
    );
}

#[test]
fn capability_file_grants_exactly_the_listed_commands_and_the_file_dialogs() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/capabilities/default.json"
    ))
    .unwrap();
    let cap: Value = serde_json::from_str(&text).unwrap();
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("bara strängar").to_string())
        .collect();
    let mut expected: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    expected.extend([
        "dialog:allow-open".to_string(),
        "dialog:allow-save".to_string(),
    ]);
    granted.sort();
    expected.sort();
    assert_eq!(granted, expected);
    assert_eq!(cap["windows"], json!(["main"]));
}

#[test]
fn csp_is_strict_and_local() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap();
    let conf: Value = serde_json::from_str(&text).unwrap();
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("en CSP är satt");
    assert!(csp.contains("default-src 'self'"));
    assert!(csp.contains("script-src 'self';"));
    for forbidden in ["http://*", "https:", "'unsafe-eval'", "*;", "data: 'unsafe"] {
        assert!(
            !csp.contains(forbidden),
            "CSP innehåller {forbidden}: {csp}"
        );
    }
    assert!(
        conf["build"].get("devUrl").is_none(),
        "ingen devUrl: debug-bygget bäddar in ui/dist"
    );
}
