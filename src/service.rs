//! Application services: the use cases that the command line and the desktop app share. Each
//! reads files and the store at its edges and calls the pure core in between, so the two front
//! ends stay one line deep.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::eval::{evaluate, SupplierEvaluation};
use crate::procurement::Procurement;
use crate::store::{Imported, Store, StoreError};
use crate::workbook::import::{import_file, settle_duplicates, ReadBid, Rejection};

/// What happened to one file of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FileResult {
    pub file: String,
    /// imported, replaced, superseded, ambiguous, unchanged or rejected.
    pub result: String,
    pub message: String,
    pub errors: Vec<crate::workbook::import::CellError>,
}

/// The result of importing and evaluating a batch of workbooks.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// The suppliers evaluated, one per organisation number, in the order given.
    pub suppliers: Vec<SupplierEvaluation>,
    /// Workbooks not evaluated: unreadable, replaced or ambiguous.
    pub rejected: Vec<Rejection>,
    /// Per file, what the import did.
    pub files: Vec<FileResult>,
}

/// Reads every workbook whole, stores each valid one in its own transaction (when a store is
/// given), settles bids from the same organisation number, and evaluates the bids that stand
/// with the overrides people recorded for exactly those bids.
pub fn import_and_evaluate(
    mut store: Option<&mut Store>,
    procurement: &Procurement,
    definition_toml: &str,
    paths: &[PathBuf],
    now: &str,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<Batch, StoreError> {
    if let Some(s) = store.as_deref_mut() {
        s.save_procurement(procurement, definition_toml, now)?;
    }
    let mut batch = Batch::default();
    let mut read: Vec<ReadBid> = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let label = path.to_string_lossy().to_string();
        progress(i, paths.len(), &label);
        match import_file(path, &label, procurement) {
            Ok(r) => {
                if let Some(s) = store.as_deref_mut() {
                    let imported = s.import_bid(procurement, &r, now)?;
                    batch.files.push(file_result(&label, &imported));
                } else {
                    batch.files.push(FileResult { file: label.clone(), result: "imported".into(), message: "Inläst.".into(), errors: vec![] });
                }
                read.push(r);
            }
            Err(rejection) => {
                if let Some(s) = store.as_deref_mut() {
                    s.record_rejection(&procurement.id, &rejection, now)?;
                }
                batch.files.push(FileResult {
                    file: label.clone(),
                    result: "rejected".into(),
                    message: format!("Avvisad: {} fel.", rejection.errors.len()),
                    errors: rejection.errors.clone(),
                });
                batch.rejected.push(rejection);
            }
        }
    }
    progress(paths.len(), paths.len(), "");
    let (kept, duplicates, _) = settle_duplicates(read);
    for d in &duplicates {
        if let Some(f) = batch.files.iter_mut().find(|f| f.file == d.file) {
            f.result = if d.errors[0].message.starts_with("Ersatt") { "replaced".into() } else { "ambiguous".into() };
            f.message = d.errors[0].message.clone();
        }
    }
    batch.rejected.extend(duplicates);
    for r in kept {
        let overrides = match store.as_deref() {
            Some(s) => match s.bid_by_sha(&procurement.id, &r.sha256)? {
                Some(id) => s.overrides(id)?,
                None => vec![],
            },
            None => vec![],
        };
        batch.suppliers.push(evaluate(procurement, &r.bid, &overrides));
    }
    Ok(batch)
}

fn file_result(file: &str, imported: &Imported) -> FileResult {
    let (result, message) = match imported {
        Imported::New { .. } => ("imported", "Inläst.".to_string()),
        Imported::Replacing { replaced, .. } => ("imported", format!("Inläst; ersätter {}.", replaced.join(", "))),
        Imported::Superseded { by, .. } => ("replaced", format!("Inläst men ersatt av det senare anbudet {by}.")),
        Imported::Ambiguous { with, .. } => (
            "ambiguous",
            format!("Tvetydigt: samma organisationsnummer och anbudsdatum som {}; inget av dem prövas.", with.join(", ")),
        ),
        Imported::Unchanged { .. } => ("unchanged", "Samma fil är redan inläst.".to_string()),
    };
    FileResult { file: file.to_string(), result: result.to_string(), message, errors: vec![] }
}

/// The current time as ISO 8601 (seconds, local offset) — for records of when people acted.
/// Only the front ends call this; the core's evaluation never reads a clock.
pub fn now_iso() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Loads a definition file and returns it with its text.
pub fn load_definition(path: &Path) -> Result<(Procurement, String), crate::procurement::DefinitionError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| crate::procurement::DefinitionError::Io(format!("{}: {e}", path.display())))?;
    let p = Procurement::from_toml(&text)?;
    Ok((p, text))
}
