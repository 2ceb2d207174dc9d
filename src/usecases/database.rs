//! Opening and creating databases, the demo, backups, and the procurements in a database.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::Store;
use crate::usecases::batch::ServiceError;

use super::error::{io, Result, WorkspaceError};

/// A procurement in a database, as the start screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ProcurementSummary {
    pub id: String,
    pub name: String,
    pub deadline: String,
    /// Bids in force.
    pub suppliers: usize,
}

/// An open database and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Opened {
    pub path: String,
    pub procurements: Vec<ProcurementSummary>,
}

/// Every procurement in the store.
pub fn procurements(store: &Store) -> Result<Vec<ProcurementSummary>> {
    let mut out = Vec::new();
    for (id, _) in store.procurements()? {
        let Some((p, _)) = store.procurement(&id)? else { continue };
        let suppliers = store.bids(&id, true)?.len();
        out.push(ProcurementSummary { id: p.id, name: p.name, deadline: p.deadline.to_string(), suppliers });
    }
    Ok(out)
}

/// Opens an existing database file.
pub fn open_database(path: &Path) -> Result<Opened> {
    if !path.exists() {
        return Err(WorkspaceError::NotFound(format!("Databasfilen {} finns inte.", path.display())));
    }
    let store = Store::open(path)?;
    Ok(Opened { path: path.display().to_string(), procurements: procurements(&store)? })
}

/// Creates a new, empty database file. An existing file is never overwritten.
pub fn create_database(path: &Path) -> Result<Opened> {
    if path.exists() {
        return Err(WorkspaceError::FileExists(format!(
            "Filen {} finns redan. Välj Öppna för att öppna den, eller ett annat namn.",
            path.display()
        )));
    }
    let store = Store::open(path)?;
    Ok(Opened { path: path.display().to_string(), procurements: procurements(&store)? })
}

/// Writes the demo (definition and bid workbooks) into `dir` unless it is there, opens `db`
/// (with `fresh`, removing the old file first), saves the demo procurement and imports the demo
/// bids unless they are already in. Idempotent. Returns the procurement's id.
pub fn open_demo(db: &Path, dir: &Path, fresh: bool, now: &str) -> Result<String> {
    let toml_path = dir.join("upphandling.toml");
    let bids_dir = dir.join("anbud");
    let complete = toml_path.exists() && bids_dir.is_dir() && workbooks_in(&bids_dir).map(|v| v.len()).unwrap_or(0) > 0;
    if !complete {
        crate::usecases::demo::write_demo(dir).map_err(|e| io("Demot kan inte skrivas till", dir, e))?;
    }
    if fresh {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            let p = PathBuf::from(p);
            if p.exists() {
                std::fs::remove_file(&p).map_err(|e| io("Kan inte ta bort", &p, e))?;
            }
        }
    }
    let mut store = Store::open(db)?;
    let (procurement, toml) = crate::usecases::batch::load_definition(&toml_path)?;
    let already = store.procurement(&procurement.id)?.is_some() && !store.bids(&procurement.id, false)?.is_empty();
    if !already {
        let paths = workbooks_in(&bids_dir)?;
        crate::usecases::batch::import_and_evaluate(Some(&mut store), &procurement, &toml, &paths, now, &mut |_, _, _| {})
            .map_err(ServiceError::from)?;
    }
    Ok(procurement.id)
}

/// The extensions of a bid workbook.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xls", "ods"];

/// The extensions of the files a bid is made of: its workbook, and its ESPD response (.xml,
/// spec/espd.md), which is paired with the workbook of the same organisation number.
pub const BID_FILE_EXTENSIONS: &[&str] = &["xlsx", "xls", "ods", "xml"];

/// The bid files in a folder, sorted by name: workbooks (.xlsx, .xls, .ods) and ESPD responses
/// (.xml).
pub fn workbooks_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io("Kan inte läsa mappen", dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| BID_FILE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Copies the open database into a file ("Spara en kopia", `anbud backup`): a consistent copy
/// even while the app works, written beside the target, checked, and then renamed over it
/// ([`Store::backup_to`]). The target must not be the open file. An existing target (the user
/// confirmed replacing it in the save dialog) is replaced only by a whole, checked copy: it is
/// never removed first, so a copy that fails leaves it as it was.
pub fn backup(store: &Store, target: &Path) -> Result<String> {
    let same = std::fs::canonicalize(store.path()).ok().zip(std::fs::canonicalize(target).ok()).is_some_and(|(a, b)| a == b);
    if same {
        return Err(WorkspaceError::Invalid("En kopia kan inte sparas över den öppna databasen. Välj ett annat filnamn.".into()));
    }
    store.backup_to(target)?;
    Ok(target.display().to_string())
}
