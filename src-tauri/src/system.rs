//! What the app hands to the operating system: a file shown in its viewer (a record in the PDF
//! viewer) or a folder in the file manager, and the folder where decisions printed again for
//! viewing are written.

use std::path::{Path, PathBuf};

use crate::error::{ErrorCode, IpcError};

/// Where decision `number` of a procurement is printed again to be looked at (Beslutsarkiv's
/// "Öppna"): the system's temporary folder, one folder per procurement and decision. Saving the
/// documents somewhere of the person's choosing is `save_archived_decision`.
pub fn reprint_dir(procurement_id: &str, number: i64) -> PathBuf {
    std::env::temp_dir()
        .join("anbud-beslutsarkiv")
        .join(anbud::usecases::batch::file_name_part(procurement_id, 60))
        .join(format!("beslut-{number}"))
}

/// Opens `path` with the system's default program: a PDF in the PDF viewer, a folder in the
/// file manager. Builds for the tests (`e2e`, `test-support`) open nothing: no viewer is watched
/// there, and the path is given back to be checked.
pub fn show_in_system(path: &Path) -> Result<(), IpcError> {
    if cfg!(any(feature = "e2e", feature = "test-support")) {
        return Ok(());
    }
    tauri_plugin_opener::open_path(path, None::<&str>).map_err(|e| {
        tracing::warn!("the system could not open a file: {e}");
        IpcError::new(
            ErrorCode::Io,
            format!("{} kunde inte öppnas med systemets program. Öppna den själv; den finns där.", path.display()),
        )
    })
}
