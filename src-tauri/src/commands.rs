//! The IPC commands. Each is one line deep: call the core, map its error (see `error.rs`).
//! No rules, no SQL, no PDF code here: that lives in the `anbud` core crate.
//!
//! Every command is `#[tauri::command(async)]` so core work never runs on the UI's main thread,
//! and wrapped in `guarded` so a panic reaches the UI as an `internal` error.
//! Every command must also be listed in `command_list.rs` and `capabilities/default.json`.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::{guarded, IpcError};
use crate::state::AppState;

/// What the About line and the window footer show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "AppInfo.ts")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// The open procurement database, if any.
    pub database: Option<String>,
}

/// The app's name, version and open database. Also the IPC "ping".
#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    guarded(|| {
        Ok(AppInfo {
            name: "Anbud".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            database: state.db_path()?.map(|p| p.display().to_string()),
        })
    })
}

// ---------------------------------------------------------------------------------------------
// PLACEHOLDER (scaffolding only): `demo_overview` and its Demo* types prove the pipeline
// (command → JSON → typed TS → screen, and an error code → banner). They hold made-up rows and
// no domain logic. The lead replaces them with the core's overview type and function.
// ---------------------------------------------------------------------------------------------

/// PLACEHOLDER: the core will define the real supplier status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "DemoStatus.ts")]
pub enum DemoStatus {
    Qualified,
    NeedsReview,
    NotQualified,
}

/// PLACEHOLDER row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "DemoSupplierRow.ts")]
pub struct DemoSupplierRow {
    pub name: String,
    pub org_nr: String,
    pub status: DemoStatus,
    /// Money crosses IPC as a decimal string (never a float).
    pub turnover_sek: String,
}

/// PLACEHOLDER overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "DemoOverview.ts")]
pub struct DemoOverview {
    pub procurement: String,
    pub dnr: String,
    pub deadline: String,
    pub suppliers: Vec<DemoSupplierRow>,
}

/// PLACEHOLDER: made-up rows, optionally filtered by status (`qualified`, `needs_review`,
/// `not_qualified`); any other status is an `invalid_input` error.
#[tauri::command(async)]
pub fn demo_overview(status: Option<String>) -> Result<DemoOverview, IpcError> {
    guarded(|| placeholder_overview(status.as_deref()))
}

fn placeholder_overview(status: Option<&str>) -> Result<DemoOverview, IpcError> {
    let wanted = match status {
        None | Some("") => None,
        Some("qualified") => Some(DemoStatus::Qualified),
        Some("needs_review") => Some(DemoStatus::NeedsReview),
        Some("not_qualified") => Some(DemoStatus::NotQualified),
        Some(other) => {
            return Err(IpcError::invalid_input(format!(
                "Okänd status ”{other}”. Välj kvalificerad, behöver granskas eller ej kvalificerad."
            )))
        }
    };
    let row = |name: &str, org_nr: &str, status, turnover: &str| DemoSupplierRow {
        name: name.into(),
        org_nr: org_nr.into(),
        status,
        turnover_sek: turnover.into(),
    };
    let suppliers = vec![
        row(
            "Exempelbemanning Norr AB",
            "556012-5790",
            DemoStatus::Qualified,
            "12345678.50",
        ),
        row(
            "Platshållare Vård AB",
            "556000-0000",
            DemoStatus::NeedsReview,
            "4999999.99",
        ),
        row(
            "Testläkarna i Öst AB",
            "556000-0001",
            DemoStatus::NotQualified,
            "1234567.00",
        ),
    ];
    Ok(DemoOverview {
        procurement: "Exempelupphandling (platshållare)".into(),
        dnr: "PLATSHÅLLARE-0000".into(),
        deadline: "2026-12-15".into(),
        suppliers: suppliers
            .into_iter()
            .filter(|r| wanted.is_none_or(|w| r.status == w))
            .collect(),
    })
}
