//! Paths come from the person, not from the page: the webview never names a file. Every path the
//! app reads or writes comes from a native dialog opened here, in Rust (`choose_*` in
//! commands.rs), from files dropped on the window (handled here, in Rust), or from the command
//! line. What the webview gets back is a [`Grant`]: an opaque token (128 random bits from the
//! operating system, as hex) and the file's name for display. A command that reads or writes a
//! file takes a token, which must have been handed out in this session for that kind of choice
//! (a file to open, a file to save, a folder) and that purpose (a database, bid workbooks, a
//! review package, …); anything else, a path string included, is refused with
//! `path_not_granted`.
//!
//! Tokens are reusable for the session: a token stands for the one path the person chose, for
//! the one purpose they chose it for, so using it again grants nothing new (a wrong passphrase
//! is retried with the same package; the same responses merged twice). They live in memory only
//! and die with the process.
//!
//! Nothing that is not a regular file is handed out or used as a file to read or write: a folder,
//! a device (`/dev/zero`), a named pipe or a socket chosen or dropped is refused (`not_a_file`),
//! when chosen and again when used (it may have changed in between).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rand::RngCore;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ErrorCode, IpcError};

/// What a file or folder is chosen for. Each command that takes a token says which purpose (and
/// which kind of choice) it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "Purpose.ts")]
pub enum Purpose {
    /// A procurement database: opened (Öppna databas) or created (Ny databas).
    Database,
    /// A copy of the open database (Spara en kopia).
    DatabaseCopy,
    /// Bid workbooks to import (or dropped on the window), or the blank workbook saved.
    Workbook,
    /// A review package: written for a member, or opened by the member.
    Package,
    /// Working-group responses: read by the coordinator, or written by the member.
    Response,
    /// The folder the decision's record and notices are written into.
    RecordFolder,
    /// The price list (prisbilaga) saved from Upphandling.
    PriceList,
    /// Kostnadsprognos: a file of expected hours read, or the blank template saved.
    ProjectionInput,
}

/// The kind of choice: a file to read (one or many, each its own grant), a file to write, or a
/// folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantKind {
    Open,
    Save,
    Folder,
}

/// A file or folder the person chose, as the webview sees it: an opaque token and the name to
/// show (the file name only, never its folder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "Grant.ts")]
pub struct Grant {
    pub token: String,
    pub name: String,
}

#[derive(Debug, Clone)]
struct Granted {
    path: PathBuf,
    kind: GrantKind,
    purpose: Purpose,
}

/// The tokens handed out in this session (held in `AppState`).
#[derive(Debug, Default, Clone)]
pub struct Grants {
    granted: HashMap<String, Granted>,
}

impl Grants {
    /// Registers a path the person chose (a dialog, a drop) and returns its grant.
    pub fn insert(&mut self, path: PathBuf, kind: GrantKind, purpose: Purpose) -> Grant {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let mut token = String::with_capacity(32);
        for b in bytes {
            use std::fmt::Write;
            let _ = write!(token, "{b:02x}");
        }
        let grant = Grant { token: token.clone(), name: display_name(&path) };
        self.granted.insert(token, Granted { path, kind, purpose });
        grant
    }

    /// The path behind a token, if it was handed out for this kind of choice and this purpose;
    /// else `path_not_granted` (a path given as a token is simply a token never handed out).
    pub fn resolve(&self, token: &str, kind: GrantKind, purpose: Purpose) -> Result<PathBuf, IpcError> {
        match self.granted.get(token) {
            Some(g) if g.kind == kind && g.purpose == purpose => Ok(g.path.clone()),
            Some(_) => Err(IpcError::new(
                ErrorCode::PathNotGranted,
                "Filen valdes för något annat än det här. Välj den igen med knappen, så öppnas rätt dialogruta.",
            )),
            None => Err(not_granted()),
        }
    }
}

fn not_granted() -> IpcError {
    IpcError::new(
        ErrorCode::PathNotGranted,
        "Appen har inte fått den filen av dig: filer väljs i appens dialogruta eller släpps på fönstret. Välj filen igen.",
    )
}

/// The file name to show for a path (never its folder).
pub fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Checks that a path is what its kind needs: a file to open is a regular file (not a folder, a
/// device, a named pipe or a socket: `not_a_file`; one that is missing is left to the command,
/// which says so in its own words); a file to save is not an existing folder, device or pipe; a
/// folder is a folder.
pub fn check(path: &Path, kind: GrantKind) -> Result<(), IpcError> {
    let Ok(meta) = std::fs::metadata(path) else { return Ok(()) };
    let name = display_name(path);
    match kind {
        GrantKind::Open | GrantKind::Save if meta.is_dir() => {
            Err(IpcError::new(ErrorCode::NotAFile, format!("”{name}” är en mapp, inte en fil. Välj filerna i mappen i stället.")))
        }
        GrantKind::Open | GrantKind::Save if !meta.is_file() => Err(IpcError::new(
            ErrorCode::NotAFile,
            format!("”{name}” är ingen vanlig fil (utan en enhet, en namngiven rörledning eller en socket) och kan inte användas."),
        )),
        GrantKind::Folder if !meta.is_dir() => {
            Err(IpcError::new(ErrorCode::NotAFile, format!("”{name}” är ingen mapp. Välj en mapp.")))
        }
        _ => Ok(()),
    }
}

pub use anbud::usecases::{BID_FILE_EXTENSIONS, WORKBOOK_EXTENSIONS};

/// A dialog's filters: each a name and its extensions.
pub type Filters = &'static [(&'static str, &'static [&'static str])];

/// The native dialog of a choice: its Swedish title and filters. `None`: that purpose is never
/// chosen that way (a folder for a database, say).
pub fn dialog_spec(purpose: Purpose, kind: GrantKind) -> Option<(&'static str, Filters)> {
    const DATABASE: Filters = &[("Anbud-databas", &["sqlite", "anbud"])];
    const BID_FILES: Filters = &[
        ("Anbudsfiler (arbetsbok eller ESPD-svar)", BID_FILE_EXTENSIONS),
        ("Arbetsbok", WORKBOOK_EXTENSIONS),
        ("ESPD-svar", &["xml"]),
    ];
    const WORKBOOK: Filters = &[("Excel-arbetsbok", &["xlsx"])];
    const PACKAGE: Filters = &[("Granskningspaket", &["anbudpaket"])];
    const RESPONSE: Filters = &[("Granskningssvar", &["anbudsvar"])];
    const PROJECTION: Filters = &[("Underlag för kostnadsprognos", &["xlsx", "toml"])];
    use GrantKind::*;
    use Purpose::*;
    Some(match (purpose, kind) {
        (Database, Open) => ("Öppna upphandlingsdatabas", DATABASE),
        (Database, Save) => ("Ny upphandlingsdatabas", DATABASE),
        (DatabaseCopy, Save) => ("Spara en kopia av databasen", DATABASE),
        (Workbook, Open) => ("Välj anbudsfiler", BID_FILES),
        (Workbook, Save) => ("Spara anbudsformuläret", WORKBOOK),
        (Package, Open) => ("Öppna granskningspaket", PACKAGE),
        (Package, Save) => ("Spara granskningspaketet", PACKAGE),
        (Response, Open) => ("Läs in granskningssvar", RESPONSE),
        (Response, Save) => ("Spara granskningssvaret", RESPONSE),
        (RecordFolder, Folder) => ("Välj mapp för beslutet och underrättelserna", &[]),
        (PriceList, Save) => ("Spara prisbilagan", WORKBOOK),
        (ProjectionInput, Open) => ("Välj underlag för kostnadsprognos", PROJECTION),
        (ProjectionInput, Save) => ("Spara underlaget för kostnadsprognos", WORKBOOK),
        _ => return None,
    })
}

/// A suggested file name for a Save dialog: a name only, never a folder.
pub fn suggested_name(name: Option<String>) -> Result<Option<String>, IpcError> {
    match name {
        Some(n) if n.is_empty() || n.contains(['/', '\\']) || n == "." || n == ".." => {
            Err(IpcError::invalid_input("Ett föreslaget filnamn får inte innehålla en mapp."))
        }
        other => Ok(other),
    }
}

/// Opens the native dialog of a choice from Rust (on a worker thread: the command is async) and
/// returns what the person chose; nothing when they cancelled.
pub fn pick<R: tauri::Runtime>(
    window: &tauri::Window<R>,
    purpose: Purpose,
    kind: GrantKind,
    many: bool,
    name: Option<&str>,
) -> Result<Vec<PathBuf>, IpcError> {
    use tauri_plugin_dialog::DialogExt;
    let (title, filters) =
        dialog_spec(purpose, kind).ok_or_else(|| IpcError::invalid_input("Den dialogrutan finns inte för det ändamålet."))?;
    let mut dialog = window.dialog().file().set_parent(window).set_title(title);
    for (filter, extensions) in filters {
        dialog = dialog.add_filter(*filter, extensions);
    }
    if purpose == Purpose::Database && kind == GrantKind::Save {
        let default = anbud::store::default_db_path();
        if let Some(dir) = default.parent() {
            dialog = dialog.set_directory(dir);
        }
        dialog = dialog.set_file_name(display_name(&default));
    } else if let Some(name) = name {
        dialog = dialog.set_file_name(name);
    }
    let chosen = match (kind, many) {
        (GrantKind::Open, true) => dialog.blocking_pick_files().unwrap_or_default(),
        (GrantKind::Open, false) => dialog.blocking_pick_file().into_iter().collect(),
        (GrantKind::Save, _) => dialog.blocking_save_file().into_iter().collect(),
        (GrantKind::Folder, _) => dialog.blocking_pick_folder().into_iter().collect(),
    };
    chosen
        .into_iter()
        .map(|p| p.into_path().map_err(|_| IpcError::invalid_input("Den valda platsen är ingen fil på den här datorn.")))
        .collect()
}

/// Only with the cargo feature `e2e` (scripts/e2e.sh): the folders that stand in for the native
/// dialogs, which WebDriver cannot drive. `ANBUD_E2E_IMPORT_DIR`: the workbooks in it, for bid
/// workbooks to open; `ANBUD_E2E_EXPORT_DIR`: the record folder; `ANBUD_E2E_SAVE_DIR`: a file to
/// save is that folder joined with the suggested name, and the review packages / responses to
/// open are those in it; `ANBUD_E2E_PROJECTION_FILE`: the file of expected hours to open. `None` when the variable is unset (always, in normal use): the dialog
/// opens. The paths are then granted as a dialog's are.
#[cfg(feature = "e2e")]
pub fn e2e_stand_in(purpose: Purpose, kind: GrantKind, name: Option<&str>) -> Result<Option<Vec<PathBuf>>, IpcError> {
    use anbud::usecases::review as rv;
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    Ok(match (purpose, kind) {
        (Purpose::Workbook, GrantKind::Open) => match var("ANBUD_E2E_IMPORT_DIR") {
            Some(dir) => Some(anbud::usecases::workbooks_in(&dir)?),
            None => None,
        },
        (Purpose::RecordFolder, GrantKind::Folder) => var("ANBUD_E2E_EXPORT_DIR").map(|d| vec![d]),
        // The projection's input: the file ANBUD_E2E_PROJECTION_FILE names.
        (Purpose::ProjectionInput, GrantKind::Open) => var("ANBUD_E2E_PROJECTION_FILE").map(|f| vec![f]),
        (Purpose::Package | Purpose::Response, GrantKind::Open) => match var("ANBUD_E2E_SAVE_DIR") {
            Some(dir) => {
                let ext = if purpose == Purpose::Package { rv::PACKAGE_EXTENSION } else { rv::RESPONSE_EXTENSION };
                Some(rv::files_with_extension(&dir, ext)?)
            }
            None => None,
        },
        (_, GrantKind::Save) => match (name, var("ANBUD_E2E_SAVE_DIR")) {
            (Some(name), Some(dir)) => Some(vec![dir.join(name)]),
            _ => None,
        },
        _ => None,
    })
}

/// The event the webview gets when files are dragged over or dropped on the window (the
/// window's own drop event is handled in Rust: see `on_drag_drop`).
pub const DROP_EVENT: &str = "anbud-drop";

/// Where a drag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "DropPhase.ts")]
pub enum DropPhase {
    /// Files are dragged over the window.
    Hover,
    /// They left it without being dropped.
    Leave,
    /// They were dropped.
    Drop,
}

/// What the webview is told of a drag: on a drop, a grant for each bid workbook dropped, and
/// what was not taken, with the reason in Swedish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "DropEvent.ts")]
pub struct DropEvent {
    pub phase: DropPhase,
    pub grants: Vec<Grant>,
    pub refused: Vec<DropRefusal>,
}

/// A dropped item not taken: its name and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "DropRefusal.ts")]
pub struct DropRefusal {
    pub name: String,
    pub reason: String,
}

/// Grants the bid files among dropped paths (a drop only ever imports bids): regular files named
/// .xlsx, .xls or .ods, and ESPD responses (.xml). A folder, anything that is not a regular file, and another kind of
/// file are refused with the reason, never handed on.
pub fn dropped(grants: &mut Grants, paths: &[PathBuf]) -> DropEvent {
    let mut event = DropEvent { phase: DropPhase::Drop, grants: vec![], refused: vec![] };
    for path in paths {
        let name = display_name(path);
        let workbook =
            path.extension().and_then(|e| e.to_str()).is_some_and(|e| BID_FILE_EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(e)));
        let reason = match std::fs::metadata(path) {
            Err(_) => Some("filen kan inte läsas".to_string()),
            Ok(m) if m.is_dir() => Some("det är en mapp; släpp arbetsböckerna i den i stället".to_string()),
            Ok(m) if !m.is_file() => Some("det är ingen vanlig fil".to_string()),
            Ok(_) if !workbook => Some("bara arbetsböcker (.xlsx, .xls, .ods) och ESPD-svar (.xml) kan läsas".to_string()),
            Ok(_) => None,
        };
        match reason {
            Some(reason) => event.refused.push(DropRefusal { name, reason }),
            None => event.grants.push(grants.insert(path.clone(), GrantKind::Open, Purpose::Workbook)),
        }
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_128_random_bits_and_opens_only_its_own_kind_and_purpose() {
        let mut g = Grants::default();
        let a = g.insert("/tmp/a.xlsx".into(), GrantKind::Open, Purpose::Workbook);
        let b = g.insert("/tmp/a.xlsx".into(), GrantKind::Open, Purpose::Workbook);
        assert_eq!(a.token.len(), 32);
        assert!(a.token.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.token, b.token);
        assert_eq!(a.name, "a.xlsx");
        assert_eq!(g.resolve(&a.token, GrantKind::Open, Purpose::Workbook).unwrap(), PathBuf::from("/tmp/a.xlsx"));
        assert_eq!(g.resolve(&a.token, GrantKind::Open, Purpose::Workbook).unwrap(), PathBuf::from("/tmp/a.xlsx"), "reusable");
        for (kind, purpose) in [(GrantKind::Save, Purpose::Workbook), (GrantKind::Open, Purpose::Database)] {
            assert_eq!(g.resolve(&a.token, kind, purpose).unwrap_err().code, ErrorCode::PathNotGranted);
        }
        assert_eq!(g.resolve("/tmp/a.xlsx", GrantKind::Open, Purpose::Workbook).unwrap_err().code, ErrorCode::PathNotGranted);
    }

    #[test]
    fn folders_and_devices_are_not_files() {
        assert_eq!(check(Path::new("/tmp"), GrantKind::Open).unwrap_err().code, ErrorCode::NotAFile);
        assert_eq!(check(Path::new("/tmp"), GrantKind::Save).unwrap_err().code, ErrorCode::NotAFile);
        assert!(check(Path::new("/tmp"), GrantKind::Folder).is_ok());
        #[cfg(unix)]
        {
            let e = check(Path::new("/dev/zero"), GrantKind::Open).unwrap_err();
            assert_eq!(e.code, ErrorCode::NotAFile);
            assert!(e.message.contains("ingen vanlig fil"), "{}", e.message);
        }
        assert!(check(Path::new("/finns/inte.xlsx"), GrantKind::Open).is_ok(), "missing: the command says so");
    }

    #[test]
    fn a_suggested_name_never_holds_a_folder() {
        assert_eq!(suggested_name(Some("a.xlsx".into())).unwrap().as_deref(), Some("a.xlsx"));
        for bad in ["../x", "/etc/passwd", "a\\b", "..", ""] {
            assert_eq!(suggested_name(Some(bad.into())).unwrap_err().code, ErrorCode::InvalidInput, "{bad}");
        }
    }
}
