//! Importing workbooks with progress, and the blank bid workbook (the template).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::Store;
use crate::usecases::batch::{FileResult, ServiceError};

use super::error::{Result, WorkspaceError};
use super::overview::{overview, StatusCounts};
use super::procurement::load;

/// What an import did, per file, and the counts after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportReport {
    pub files: Vec<FileResult>,
    /// Files stored (new or replacing).
    pub imported: usize,
    pub rejected: usize,
    pub counts: StatusCounts,
}

/// Imports workbooks into a procurement (each whole or not at all) and evaluates them.
/// `progress(done, total, file)` is called before each file and once at the end.
pub fn import(
    store: &mut Store,
    procurement_id: &str,
    paths: &[PathBuf],
    now: &str,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<ImportReport> {
    if paths.is_empty() {
        return Err(WorkspaceError::Invalid("Inga filer valda.".into()));
    }
    let (p, toml) = load(store, procurement_id)?;
    let batch =
        crate::usecases::batch::import_and_evaluate(Some(&mut *store), &p, &toml, paths, now, progress).map_err(ServiceError::from)?;
    let imported = batch.files.iter().filter(|f| f.result == "imported").count();
    let rejected = batch.files.iter().filter(|f| f.result == "rejected").count();
    let counts = overview(store, procurement_id)?.counts;
    Ok(ImportReport { files: batch.files, imported, rejected, counts })
}

/// Writes the blank bid workbook of the procurement.
pub fn template(store: &Store, procurement_id: &str, path: &Path) -> Result<String> {
    let (p, _) = load(store, procurement_id)?;
    crate::intake::template::write_template(&p, path).map_err(|e| {
        let why = match e {
            rust_xlsxwriter::XlsxError::IoError(e) => crate::support::sv::io_error(&e),
            other => {
                tracing::warn!("anbudsformuläret: {other}");
                "arbetsboken kunde inte skapas".to_string()
            }
        };
        WorkspaceError::Io(format!("Anbudsformuläret kan inte skrivas till {}: {why}.", path.display()))
    })?;
    Ok(path.display().to_string())
}

/// The template's suggested file name: `anbudsformular-<dnr>.xlsx`.
pub fn template_file_name(procurement_id: &str) -> String {
    format!("anbudsformular-{}.xlsx", file_safe(procurement_id))
}

/// A dnr as it may stand in a suggested file name: letters, digits and hyphens.
pub(crate) fn file_safe(procurement_id: &str) -> String {
    procurement_id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}

/// Writes the price list (prisbilaga) of a stored procurement to `path`: lots down, zones across,
/// the zones' regions and the workplaces in another zone, as `anbud price-list` writes it.
pub fn price_list(store: &Store, procurement_id: &str, path: &Path) -> Result<String> {
    let (p, _) = load(store, procurement_id)?;
    crate::pricing::pricelist::write_price_list(&p, path).map_err(|e| {
        tracing::warn!("prisbilagan: {e}");
        WorkspaceError::Io(format!("Prisbilagan kan inte skrivas till {}: {e}.", path.display()))
    })?;
    Ok(path.display().to_string())
}

/// The price list's suggested file name: `prisbilaga-<dnr>.xlsx`.
pub fn price_list_file_name(procurement_id: &str) -> String {
    format!("prisbilaga-{}.xlsx", file_safe(procurement_id))
}
