//! The IPC commands. Each is one line deep: call the core (`anbud::usecases`,
//! `anbud::usecases::batch`), map its error (see `error.rs`). No rules, no SQL, no PDF code here.
//!
//! Every command is `#[tauri::command(async)]` so core work never runs on the UI's main thread,
//! and wrapped in `guarded` so a panic reaches the UI as an `internal` error. Every command is
//! also `#[instrument(name = "command", skip_all, fields(command = "<its name>"))]`: the log
//! (logging.rs) gets one line per call, and never an argument (paths, names, justifications,
//! definition text); tests/tidy.rs checks it.
//! Every command must also be listed in `command_list.rs` (from which build.rs writes the
//! window's capability).
//!
//! No command takes a path: the webview never names a file. The `choose_*` commands open the
//! native dialogs from Rust and hand back grants (an opaque token and the file's name); a command
//! that reads or writes a file takes a token and refuses one it did not hand out for that kind
//! and purpose with `path_not_granted` (grants.rs).

use std::path::PathBuf;

use anbud::definition::edit::Edit;
use anbud::model::requirement::Outcome;
use anbud::pricing::projection::Change;
use anbud::records::decision::Decision;
use anbud::store::AmendmentInput;
use anbud::usecases::archive::{ArchivedDecision, FingerprintCheck, Reprinted};
use anbud::usecases::audit::{AuditState, JournalFilter, JournalView};
use anbud::usecases::batch::{now_iso, DecisionOutput};
use anbud::usecases::forecast::ForecastView;
use anbud::usecases::review::{self as rv, AssessmentInput, MergeLine, OpenedPackage, PackageWritten, WorkingGroup};
use anbud::usecases::{
    self, DecisionStatus, DefinitionCheck, EditedDefinition, ImportReport, Opened, Overview, ProcurementSummary, ProcurementView,
    RecentFile, SupplierDetail,
};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{Runtime, State, Window};
use tracing::instrument;
use ts_rs::TS;

use crate::error::{guarded, ErrorCode, IpcError};
use crate::grants::{self, Grant, GrantKind, Purpose};
use crate::state::{AppState, ForecastInput, ReviewSession};

/// What the header, the footer and the start screen show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "AppInfo.ts")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// The open procurement database, if any.
    pub database: Option<String>,
    /// The chosen procurement, if any.
    pub procurement: Option<ProcurementSummary>,
    /// Every procurement in the open database.
    pub procurements: Vec<ProcurementSummary>,
    /// Where a new database goes unless the user picks another file.
    pub default_database: String,
    /// Why the database asked for at start-up (`--demo`, or a file on the command line) could
    /// not be opened; reported until a database is opened.
    pub startup_error: Option<IpcError>,
    /// The start-up benchmark is running (`ANBUD_BENCH=1`, see bench/app.sh).
    pub bench: bool,
    /// Built with the end-to-end tests' hooks (cargo feature `e2e`); never in a normal build.
    pub e2e: bool,
    /// Reviewer mode: the review package open (no database is then open).
    pub review: Option<ReviewMode>,
}

/// The package open in reviewer mode: whose, and of which procurement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ReviewMode.ts")]
pub struct ReviewMode {
    pub reviewer: String,
    pub procurement_id: String,
}

/// The app's name, version, open database and procurement. Also the IPC "ping".
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "app_info"))]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    guarded(|| {
        let database = state.db_path()?;
        let procurements = match &database {
            Some(_) => usecases::procurements(&state.store()?)?,
            None => vec![],
        };
        let chosen = state.procurement()?;
        let procurement = procurements.iter().find(|p| Some(&p.id) == chosen.as_ref()).cloned();
        Ok(AppInfo {
            name: "Anbud".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            database: database.map(|p| p.display().to_string()),
            procurement,
            procurements,
            default_database: anbud::store::default_db_path().display().to_string(),
            startup_error: state.startup_error()?,
            bench: bench_mode(),
            e2e: cfg!(feature = "e2e"),
            review: state.review_open()?.map(|(reviewer, procurement_id)| ReviewMode { reviewer, procurement_id }),
        })
    })
}

// ---- Start ----

/// The recently opened database files, newest first. The list is kept as shown: an entry is
/// opened by its place in it (`open_recent`), never by a path from the webview.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "recent_files"))]
pub fn recent_files(state: State<'_, AppState>) -> Result<Vec<RecentFile>, IpcError> {
    guarded(|| {
        let list = usecases::recent_files(&usecases::data_dir());
        state.set_recent(list.iter().map(|r| PathBuf::from(&r.path)).collect())?;
        Ok(list)
    })
}

/// Opens the recent database at `index` of the list `recent_files` last gave.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "open_recent"))]
pub fn open_recent(state: State<'_, AppState>, index: usize) -> Result<Opened, IpcError> {
    guarded(|| opened(&state, usecases::open_database(&state.recent(index)?)?))
}

// ---- Files: the native dialogs, opened from Rust ----

/// Opens the native dialog for one file to read (`purpose`: what for; the title and filters
/// follow from it) and hands back its grant; `null` when cancelled. (With the feature `e2e`, the
/// test folders stand in for the dialog: grants.rs.)
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "choose_file"))]
pub fn choose_file<R: Runtime>(window: Window<R>, state: State<'_, AppState>, purpose: Purpose) -> Result<Option<Grant>, IpcError> {
    guarded(|| Ok(choose(&window, &state, purpose, GrantKind::Open, false, None)?.into_iter().next()))
}

/// Opens the native dialog for files to read (bid workbooks, responses): a grant for each;
/// none when cancelled.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "choose_files"))]
pub fn choose_files<R: Runtime>(window: Window<R>, state: State<'_, AppState>, purpose: Purpose) -> Result<Vec<Grant>, IpcError> {
    guarded(|| choose(&window, &state, purpose, GrantKind::Open, true, None))
}

/// Opens the native Save dialog, with a suggested file name (a name only, no folder), and hands
/// back the grant of the file to write; `null` when cancelled.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "choose_save"))]
pub fn choose_save<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    purpose: Purpose,
    suggested_name: Option<String>,
) -> Result<Option<Grant>, IpcError> {
    guarded(|| {
        let name = grants::suggested_name(suggested_name)?;
        Ok(choose(&window, &state, purpose, GrantKind::Save, false, name.as_deref())?.into_iter().next())
    })
}

/// Opens the native folder dialog and hands back the folder's grant; `null` when cancelled.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "choose_folder"))]
pub fn choose_folder<R: Runtime>(window: Window<R>, state: State<'_, AppState>, purpose: Purpose) -> Result<Option<Grant>, IpcError> {
    guarded(|| Ok(choose(&window, &state, purpose, GrantKind::Folder, false, None)?.into_iter().next()))
}

/// The dialog (or, in an `e2e` build with the test folders set, its stand-in), then the grants.
fn choose<R: Runtime>(
    window: &Window<R>,
    state: &AppState,
    purpose: Purpose,
    kind: GrantKind,
    many: bool,
    name: Option<&str>,
) -> Result<Vec<Grant>, IpcError> {
    grants::dialog_spec(purpose, kind).ok_or_else(|| IpcError::invalid_input("Den dialogrutan finns inte för det ändamålet."))?;
    #[cfg(feature = "e2e")]
    if let Some(mut paths) = grants::e2e_stand_in(purpose, kind, name)? {
        if !many {
            paths.truncate(1);
        }
        return state.grant_all(paths, kind, purpose);
    }
    state.grant_all(grants::pick(window, purpose, kind, many, name)?, kind, purpose)
}

/// Opens a database file (a grant from `choose_file("database")`) and chooses its first
/// procurement.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "open_database"))]
pub fn open_database(state: State<'_, AppState>, file: String) -> Result<Opened, IpcError> {
    guarded(|| opened(&state, usecases::open_database(&state.granted(&file, GrantKind::Open, Purpose::Database)?)?))
}

/// Creates a new, empty database file (a grant from `choose_save("database")`); never
/// overwrites one.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "create_database"))]
pub fn create_database(state: State<'_, AppState>, file: String) -> Result<Opened, IpcError> {
    guarded(|| opened(&state, usecases::create_database(&state.granted(&file, GrantKind::Save, Purpose::Database)?)?))
}

/// Opens the demo procurement (in its own database in the app's data folder, its bids
/// imported; as `--demo` does).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "open_demo"))]
pub fn open_demo(state: State<'_, AppState>) -> Result<Opened, IpcError> {
    guarded(|| {
        let (db, id) = usecases::open_app_demo(&now_iso())?;
        let o = opened(&state, usecases::open_database(&db)?)?;
        state.set_procurement(Some(id))?;
        Ok(o)
    })
}

fn opened(state: &AppState, o: Opened) -> Result<Opened, IpcError> {
    state.open(PathBuf::from(&o.path), o.procurements.first().map(|p| p.id.clone()))?;
    usecases::remember_recent(&usecases::data_dir(), o.path.as_ref());
    Ok(o)
}

/// Chooses a procurement of the open database.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "select_procurement"))]
pub fn select_procurement(state: State<'_, AppState>, id: String) -> Result<ProcurementSummary, IpcError> {
    guarded(|| {
        let p = usecases::procurements(&state.store()?)?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| IpcError::new(ErrorCode::ProcurementNotFound, format!("Upphandlingen {id} finns inte i databasen.")))?;
        state.set_procurement(Some(p.id.clone()))?;
        Ok(p)
    })
}

/// Saves a consistent copy of the open database to a file chosen in the Save dialog (a grant
/// from `choose_save("database_copy")`).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "backup_database"))]
pub fn backup_database(state: State<'_, AppState>, file: String) -> Result<String, IpcError> {
    guarded(|| Ok(usecases::backup(&state.store()?, &state.granted(&file, GrantKind::Save, Purpose::DatabaseCopy)?)?))
}

// ---- Upphandling ----

/// The chosen procurement, its definition text and its catalogue.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "procurement_view"))]
pub fn procurement_view(state: State<'_, AppState>) -> Result<ProcurementView, IpcError> {
    guarded(|| Ok(usecases::procurement_view(&state.store()?, &state.require_procurement()?)?))
}

/// A definition to start a new procurement from (the demo's).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "starter_definition"))]
pub fn starter_definition() -> Result<String, IpcError> {
    guarded(|| Ok(usecases::starter_definition()))
}

/// Checks a definition without saving it: the problems by key, with their lines.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "check_definition"))]
pub fn check_definition(toml: String) -> Result<DefinitionCheck, IpcError> {
    guarded(|| Ok(usecases::check_definition(&toml)))
}

/// Applies structured edits to a definition text (the text as written kept, one value changed
/// per edit) and checks it; never saves. With a valid result, the procurement it defines.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "edit_definition", edits = edits.len()))]
pub fn edit_definition(toml: String, edits: Vec<Edit>) -> Result<EditedDefinition, IpcError> {
    guarded(|| Ok(usecases::edit_definition(&toml, &edits)?))
}

/// Saves a valid definition (and chooses that procurement); an invalid one comes back with its
/// problems and is not saved. Once the procurement has received bids, a change is saved only as
/// an amendment (rättelse) with a justification and a name, else refused (`definition_frozen`).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "save_definition"))]
pub fn save_definition(
    state: State<'_, AppState>,
    toml: String,
    amendment: Option<AmendmentInput>,
) -> Result<DefinitionCheck, IpcError> {
    guarded(|| {
        let check = usecases::update_definition_amended(&mut state.store()?, &toml, &now_iso(), amendment.as_ref())?;
        if let Some(id) = check.procurement_id.clone().filter(|_| check.saved) {
            state.set_procurement(Some(id))?;
        }
        Ok(check)
    })
}

/// Saves a valid definition as a new procurement ("Ny upphandling") and chooses it; one whose
/// diarienummer is already in the database comes back with that problem and is not saved.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "create_procurement"))]
pub fn create_procurement(state: State<'_, AppState>, toml: String) -> Result<DefinitionCheck, IpcError> {
    guarded(|| {
        let check = usecases::create_procurement(&mut state.store()?, &toml, &now_iso())?;
        if let Some(id) = check.procurement_id.clone().filter(|_| check.saved) {
            state.set_procurement(Some(id))?;
        }
        Ok(check)
    })
}

/// Writes the blank bid workbook to a file chosen in the Save dialog (a grant from
/// `choose_save("workbook")`).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "save_template"))]
pub fn save_template(state: State<'_, AppState>, file: String) -> Result<String, IpcError> {
    guarded(|| {
        let path = state.granted(&file, GrantKind::Save, Purpose::Workbook)?;
        Ok(usecases::template(&state.store()?, &state.require_procurement()?, &path)?)
    })
}

/// The template's suggested file name.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "template_file_name"))]
pub fn template_file_name(state: State<'_, AppState>) -> Result<String, IpcError> {
    guarded(|| Ok(usecases::template_file_name(&state.require_procurement()?)))
}

/// Writes the price list (prisbilaga) to `file` (a grant from `choose_save("price_list")`).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "save_price_list"))]
pub fn save_price_list(state: State<'_, AppState>, file: String) -> Result<String, IpcError> {
    guarded(|| {
        let path = state.granted(&file, GrantKind::Save, Purpose::PriceList)?;
        Ok(usecases::price_list(&state.store()?, &state.require_procurement()?, &path)?)
    })
}

/// The price list's suggested file name.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "price_list_file_name"))]
pub fn price_list_file_name(state: State<'_, AppState>) -> Result<String, IpcError> {
    guarded(|| Ok(usecases::price_list_file_name(&state.require_procurement()?)))
}

// ---- Importera anbud ----

/// Progress of an import, sent over the call's channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ImportProgress.ts")]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
    pub file: String,
}

/// Imports workbooks (grants from `choose_files("workbook")` or a drop on the window), each
/// whole or not at all, reporting progress on `on_progress`. Only regular files are handed on:
/// a grant that is not one now refuses the call (`not_a_file`).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "import_bids", files = files.len()))]
pub fn import_bids(
    state: State<'_, AppState>,
    files: Vec<String>,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportReport, IpcError> {
    guarded(|| {
        let paths = state.granted_files(&files, Purpose::Workbook)?;
        let mut progress = |done, total, file: &str| {
            let _ = on_progress.send(ImportProgress { done, total, file: file.to_string() });
        };
        Ok(usecases::import(&mut state.store()?, &state.require_procurement()?, &paths, &now_iso(), &mut progress)?)
    })
}

// ---- Översikt and Leverantör ----

/// Every supplier in force with status and outcomes, the counts, the files not evaluated.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "overview"))]
pub fn overview(state: State<'_, AppState>) -> Result<Overview, IpcError> {
    guarded(|| Ok(usecases::overview(&state.store()?, &state.require_procurement()?)?))
}

/// One supplier: every requirement with its answers, evidence, proposal, outcome and history.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "supplier_detail"))]
pub fn supplier_detail(state: State<'_, AppState>, bid_id: i64) -> Result<SupplierDetail, IpcError> {
    guarded(|| Ok(usecases::supplier_detail(&state.store()?, &state.require_procurement()?, bid_id)?))
}

/// Records a person's decision on one requirement (justification and name mandatory).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "record_override"))]
pub fn record_override(
    state: State<'_, AppState>,
    bid_id: i64,
    requirement_id: String,
    outcome: String,
    justification: String,
    decided_by: String,
) -> Result<SupplierDetail, IpcError> {
    guarded(|| {
        let outcome = Outcome::parse(&outcome).ok_or_else(|| IpcError::invalid_input(format!("Okänt utfall ”{outcome}”.")))?;
        let proc_id = state.require_procurement()?;
        Ok(usecases::record_override(
            &mut state.store()?,
            &proc_id,
            bid_id,
            &requirement_id,
            outcome,
            &justification,
            &decided_by,
            &now_iso(),
        )?)
    })
}

/// Settles a conflict between bids of one supplier with the same date: the bid chosen stands,
/// the others are replaced by it (justification and name mandatory).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "settle_conflict"))]
pub fn settle_conflict(
    state: State<'_, AppState>,
    bid_id: i64,
    justification: String,
    decided_by: String,
) -> Result<SupplierDetail, IpcError> {
    guarded(|| {
        let proc_id = state.require_procurement()?;
        Ok(usecases::settle_conflict(&mut state.store()?, &proc_id, bid_id, &justification, &decided_by, &now_iso())?)
    })
}

// ---- Händelselogg, and the audit on Start ----

/// The chosen procurement's journal for the Händelselogg screen (and a supplier's own history):
/// the events that match the filter, oldest first, described; the database read only.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "audit_log"))]
pub fn audit_log(state: State<'_, AppState>, filter: JournalFilter) -> Result<JournalView, IpcError> {
    guarded(|| Ok(usecases::audit::journal_view(&state.read_store()?, &state.require_procurement()?, &filter)?))
}

/// Whether the chosen procurement's journal holds, and where it first does not; the database
/// read only.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "audit_verify"))]
pub fn audit_verify(state: State<'_, AppState>) -> Result<AuditState, IpcError> {
    guarded(|| Ok(usecases::audit::audit_state(&state.read_store()?, &state.require_procurement()?)?))
}

// ---- Beslut ----

/// Whether a decision can be taken: the open reviews, the counts, the latest decision.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "decision_status"))]
pub fn decision_status(state: State<'_, AppState>) -> Result<DecisionStatus, IpcError> {
    guarded(|| Ok(usecases::decision_status(&state.store()?, &state.require_procurement()?)?))
}

/// The decision as it would be taken now (standstill date, counts), or `open_reviews`.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "decision_preview"))]
pub fn decision_preview(
    state: State<'_, AppState>,
    date: String,
    decided_by: String,
    role: Option<String>,
    sent: Option<String>,
) -> Result<Decision, IpcError> {
    guarded(|| {
        let input = usecases::decision_input(&date, &decided_by, role.as_deref(), sent.as_deref())?;
        Ok(anbud::usecases::batch::decision_preview(&mut state.store()?, &state.require_procurement()?, &input)?)
    })
}

/// Takes the decision: writes the record and one notice per supplier into `folder` (a grant
/// from `choose_folder("record_folder")`) and stores the decision with its fingerprint.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "decide"))]
pub fn decide(
    state: State<'_, AppState>,
    date: String,
    decided_by: String,
    role: Option<String>,
    sent: Option<String>,
    folder: String,
) -> Result<DecisionOutput, IpcError> {
    guarded(|| {
        let folder = state.granted(&folder, GrantKind::Folder, Purpose::RecordFolder)?;
        let input = usecases::decision_input(&date, &decided_by, role.as_deref(), sent.as_deref())?;
        let out = anbud::usecases::batch::decide(&mut state.store()?, &state.require_procurement()?, &input, &folder, &now_iso())?;
        state.set_last_export(folder)?;
        Ok(out)
    })
}

/// Opens the folder the last decision was exported to in the file manager. It takes no path:
/// the UI can open that one folder and nothing else (the opener plugin's own commands are not
/// granted to the window).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "open_export_folder"))]
pub fn open_export_folder(state: State<'_, AppState>) -> Result<String, IpcError> {
    guarded(|| {
        let dir = state
            .last_export()?
            .ok_or_else(|| IpcError::new(ErrorCode::NoExport, "Inget beslut har exporterats ännu i den här sessionen."))?;
        crate::system::show_in_system(&dir)?;
        Ok(dir.display().to_string())
    })
}

// ---- Beslutsarkiv (the lawyer) ----

/// Every stored decision of the open procurement: number, date, who decided, what it replaced
/// or was replaced by, its fingerprint.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "decision_archive"))]
pub fn decision_archive(state: State<'_, AppState>) -> Result<Vec<ArchivedDecision>, IpcError> {
    guarded(|| Ok(anbud::usecases::archive::decision_archive(&state.store()?, &state.require_procurement()?)?))
}

/// Prints decision `number` again from the database (byte for byte as when it was taken) into
/// the app's own folder for reprints and opens its record in the system's PDF viewer, or, with
/// `notices`, that folder (the record and every notice) in the file manager. Gives the path.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "open_archived_record"))]
pub fn open_archived_record(state: State<'_, AppState>, number: i64, notices: bool) -> Result<String, IpcError> {
    guarded(|| {
        let procurement = state.require_procurement()?;
        let dir = crate::system::reprint_dir(&procurement, number);
        let out = anbud::usecases::archive::reprint_decision(&state.store()?, &procurement, number, None, Some(&dir))?;
        let shown = if notices { dir } else { out.record };
        crate::system::show_in_system(&shown)?;
        Ok(shown.display().to_string())
    })
}

/// Prints decision `number` again from the database into `folder` (a grant from
/// `choose_folder("record_folder")`): the record and its notices, byte for byte as when it was
/// taken. "Öppna mappen" then opens that folder.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "save_archived_decision"))]
pub fn save_archived_decision(state: State<'_, AppState>, number: i64, folder: String) -> Result<Reprinted, IpcError> {
    guarded(|| {
        let folder = state.granted(&folder, GrantKind::Folder, Purpose::RecordFolder)?;
        let out =
            anbud::usecases::archive::reprint_decision(&state.store()?, &state.require_procurement()?, number, None, Some(&folder))?;
        state.set_last_export(folder)?;
        Ok(out)
    })
}

/// Checks a fingerprint typed or pasted from a paper copy against the procurement's decisions.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "check_fingerprint"))]
pub fn check_fingerprint(state: State<'_, AppState>, fingerprint: String) -> Result<FingerprintCheck, IpcError> {
    guarded(|| Ok(anbud::usecases::archive::check_fingerprint(&state.store()?, &state.require_procurement()?, &fingerprint)?))
}

// ---- Kostnadsprognos (the coordinator) ----

/// Reads a file of expected hours (a grant from `choose_file("projection_input")`, or a workbook
/// dropped on the window) for the open procurement, keeps it for the screen, and gives its
/// projection.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "open_forecast_input"))]
pub fn open_forecast_input(state: State<'_, AppState>, file: String) -> Result<ForecastView, IpcError> {
    guarded(|| {
        // Chosen in its dialog, or a workbook dropped on the window (dropped files are granted as
        // workbooks to open).
        let path = state
            .granted(&file, GrantKind::Open, Purpose::ProjectionInput)
            .or_else(|_| state.granted(&file, GrantKind::Open, Purpose::Workbook))?;
        let procurement = state.require_procurement()?;
        let store = state.store()?;
        let input = usecases::forecast::read_forecast_input(&store, &procurement, &path)?;
        let name = grants::display_name(&path);
        let view = usecases::forecast::forecast(&store, &procurement, &input, &name, None, &[])?;
        state.set_forecast_input(ForecastInput { procurement, name, input })?;
        Ok(view)
    })
}

/// The projection of the file last read for the open procurement, for `year`, and with
/// `changes` the what-if (nothing is saved); `null` before a file is read.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "forecast"))]
pub fn forecast(state: State<'_, AppState>, year: Option<i32>, changes: Vec<Change>) -> Result<Option<ForecastView>, IpcError> {
    guarded(|| {
        let procurement = state.require_procurement()?;
        let Some(f) = state.forecast_input(&procurement)? else { return Ok(None) };
        Ok(Some(usecases::forecast::forecast(&state.store()?, &procurement, &f.input, &f.name, year, &changes)?))
    })
}

/// Saves the what-if's changes into the definition; once bids are received, as an amendment
/// with the justification and the person's name.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "save_forecast_changes"))]
pub fn save_forecast_changes(
    state: State<'_, AppState>,
    changes: Vec<Change>,
    amendment: Option<AmendmentInput>,
) -> Result<DefinitionCheck, IpcError> {
    guarded(|| {
        let procurement = state.require_procurement()?;
        Ok(usecases::forecast::save_forecast_changes(&mut state.store()?, &procurement, &changes, amendment.as_ref(), &now_iso())?)
    })
}

/// Writes the blank projection template to `file` (a grant from `choose_save("projection_input")`).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "save_projection_template"))]
pub fn save_projection_template(state: State<'_, AppState>, file: String) -> Result<String, IpcError> {
    guarded(|| {
        let path = state.granted(&file, GrantKind::Save, Purpose::ProjectionInput)?;
        Ok(usecases::forecast::projection_template(&state.store()?, &state.require_procurement()?, &path)?)
    })
}

/// The projection template's suggested file name.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "projection_template_file_name"))]
pub fn projection_template_file_name(state: State<'_, AppState>) -> Result<String, IpcError> {
    guarded(|| Ok(usecases::forecast::projection_template_file_name(&state.require_procurement()?)))
}

// ---- Arbetsgrupp (the coordinator) ----

/// The working group: members × suppliers (assigned, jäv), the warnings, the open disagreements.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "working_group"))]
pub fn working_group(state: State<'_, AppState>) -> Result<WorkingGroup, IpcError> {
    guarded(|| Ok(rv::working_group(&state.store()?, &state.require_procurement()?)?))
}

/// Registers a working-group member (region: a county code, or none).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "add_reviewer"))]
pub fn add_reviewer(state: State<'_, AppState>, name: String, region: Option<String>) -> Result<WorkingGroup, IpcError> {
    guarded(|| {
        let id = state.require_procurement()?;
        rv::add_reviewer(&mut state.store()?, &id, &name, region.as_deref(), &now_iso())?;
        Ok(rv::working_group(&state.store()?, &id)?)
    })
}

/// Records a member's declaration of jäv against a supplier, with the reason.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "declare_conflict"))]
pub fn declare_conflict(state: State<'_, AppState>, name: String, org_nr: String, reason: String) -> Result<WorkingGroup, IpcError> {
    guarded(|| {
        let id = state.require_procurement()?;
        rv::declare_conflict(&mut state.store()?, &id, &name, &org_nr, &reason, &now_iso())?;
        Ok(rv::working_group(&state.store()?, &id)?)
    })
}

/// Assigns a supplier to a member (refused with `conflict_of_interest` where the member declared
/// jäv against it).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "assign_supplier"))]
pub fn assign_supplier(state: State<'_, AppState>, name: String, org_nr: String) -> Result<WorkingGroup, IpcError> {
    guarded(|| {
        let id = state.require_procurement()?;
        rv::assign(&mut state.store()?, &id, &name, &[org_nr], &now_iso())?;
        Ok(rv::working_group(&state.store()?, &id)?)
    })
}

/// Takes a supplier from a member.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "unassign_supplier"))]
pub fn unassign_supplier(state: State<'_, AppState>, name: String, org_nr: String) -> Result<WorkingGroup, IpcError> {
    guarded(|| {
        let id = state.require_procurement()?;
        rv::unassign(&mut state.store()?, &id, &name, &org_nr, &now_iso())?;
        Ok(rv::working_group(&state.store()?, &id)?)
    })
}

/// The suggested file name of a member's package.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "package_file_name"))]
pub fn package_file_name(state: State<'_, AppState>, name: String) -> Result<String, IpcError> {
    guarded(|| Ok(rv::package_file_name(&state.require_procurement()?, &name)))
}

/// Writes a member's review package to a file chosen in the Save dialog (a grant from
/// `choose_save("package")`), sealed with a generated passphrase, which comes back to be shown
/// once.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "export_package"))]
pub fn export_package(state: State<'_, AppState>, name: String, file: String) -> Result<PackageWritten, IpcError> {
    guarded(|| {
        let path = state.granted(&file, GrantKind::Save, Purpose::Package)?;
        Ok(rv::export_package_to(&mut state.store()?, &state.require_procurement()?, &name, &path, &now_iso())?)
    })
}

/// Merges response files (grants from `choose_files("response")`), each whole or not at all:
/// per file, merged, merged before, or refused with the reason.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "merge_responses", files = files.len()))]
pub fn merge_responses(state: State<'_, AppState>, files: Vec<String>) -> Result<Vec<MergeLine>, IpcError> {
    guarded(|| {
        let paths = state.granted_files(&files, Purpose::Response)?;
        Ok(rv::merge_response_files(&mut state.store()?, &state.require_procurement()?, &paths, &now_iso()))
    })
}

// ---- Granskning (the member, with no database) ----

/// Opens a review package (a grant from `choose_file("package")`) with its passphrase and
/// enters reviewer mode (the database, if one is open, is closed in the app; none is opened or
/// created). The work saved on it is restored.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "open_review_package"))]
pub fn open_review_package(state: State<'_, AppState>, file: String, passphrase: String) -> Result<OpenedPackage, IpcError> {
    guarded(|| {
        let path = state.granted(&file, GrantKind::Open, Purpose::Package)?;
        let (content, draft) = rv::open_package_file(&usecases::data_dir(), &path, &passphrase)?;
        let (assessments, saved_at) = draft.map(|d| (d.assessments, Some(d.saved_at))).unwrap_or_default();
        let view = rv::opened_view(&content, &assessments, saved_at.clone());
        state.open_review(ReviewSession { content, assessments, saved_at })?;
        Ok(view)
    })
}

/// The opened package and the work on it (`not_found` when none is open).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "review_package"))]
pub fn review_package(state: State<'_, AppState>) -> Result<OpenedPackage, IpcError> {
    guarded(|| {
        let r = state.review()?;
        Ok(rv::opened_view(&r.content, &r.assessments, r.saved_at))
    })
}

/// Closes the opened package (its work stays saved, sealed).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "close_review_package"))]
pub fn close_review_package(state: State<'_, AppState>) -> Result<(), IpcError> {
    guarded(|| state.close_review())
}

/// Records the member's assessment of one requirement (replacing an earlier one) and saves the
/// work at once, sealed, in the data folder. Returns when it was saved.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "save_assessment"))]
pub fn save_assessment(state: State<'_, AppState>, assessment: AssessmentInput) -> Result<String, IpcError> {
    guarded(|| state.with_review(|r| save_work(r, |list| rv::put_assessment(list, assessment))))
}

/// Takes the member's assessment of one requirement back and saves the work at once.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "clear_assessment"))]
pub fn clear_assessment(state: State<'_, AppState>, org_nr: String, requirement: String) -> Result<String, IpcError> {
    guarded(|| {
        state.with_review(|r| {
            save_work(r, |list| {
                rv::remove_assessment(list, &org_nr, &requirement);
            })
        })
    })
}

/// Changes a copy of the work, saves it sealed, and only then keeps it.
fn save_work(r: &mut ReviewSession, change: impl FnOnce(&mut Vec<AssessmentInput>)) -> Result<String, IpcError> {
    let mut list = r.assessments.clone();
    change(&mut list);
    let now = now_iso();
    rv::save_draft(&usecases::data_dir(), &r.content, &list, &now)?;
    r.assessments = list;
    r.saved_at = Some(now.clone());
    Ok(now)
}

/// What stops the response from being written, in Swedish (empty: it can be sent).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "assessment_problems"))]
pub fn assessment_problems(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    guarded(|| {
        let r = state.review()?;
        Ok(rv::assessment_problems(&r.content, &r.assessments))
    })
}

/// The suggested file name of the member's response.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "response_file_name"))]
pub fn response_file_name(state: State<'_, AppState>) -> Result<String, IpcError> {
    guarded(|| Ok(rv::response_file_name(&state.review()?.content)))
}

/// Writes the member's response, sealed to the package, to a file chosen in the Save dialog (a
/// grant from `choose_save("response")`).
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "write_response"))]
pub fn write_response(state: State<'_, AppState>, file: String) -> Result<String, IpcError> {
    guarded(|| {
        let path = state.granted(&file, GrantKind::Save, Purpose::Response)?;
        let r = state.review()?;
        Ok(rv::respond_to(&r.content, &r.assessments, &path, &now_iso())?)
    })
}

// ---- The start-up benchmark ----

fn bench_mode() -> bool {
    std::env::var("ANBUD_BENCH").is_ok_and(|v| v == "1")
}

/// The benchmark's report from the UI (bench/app.sh): printed on standard output as one line
/// `ANBUD_BENCH {"since_start_ms":…,"ui":…}` with the time since the process started. Refused
/// unless `ANBUD_BENCH=1`.
#[tauri::command(async)]
#[instrument(name = "command", skip_all, fields(command = "bench_report"))]
pub fn bench_report(report: serde_json::Value) -> Result<(), IpcError> {
    guarded(|| {
        if !bench_mode() {
            return Err(IpcError::invalid_input("Prestandamätningen körs inte (ANBUD_BENCH=1 saknas)."));
        }
        let line = serde_json::json!({ "since_start_ms": crate::started().elapsed().as_secs_f64() * 1000.0, "ui": report });
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "ANBUD_BENCH {line}");
        let _ = out.flush();
        Ok(())
    })
}
