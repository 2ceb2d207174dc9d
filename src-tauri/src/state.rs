//! What the app keeps between commands.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::error::IpcError;

/// Managed Tauri state: the procurement database that is open, if any.
#[derive(Debug, Default)]
pub struct AppState {
    db_path: Mutex<Option<PathBuf>>,
}

impl AppState {
    pub fn new(db_path: Option<PathBuf>) -> Self {
        Self {
            db_path: Mutex::new(db_path),
        }
    }

    /// The open database's path, if any.
    pub fn db_path(&self) -> Result<Option<PathBuf>, IpcError> {
        Ok(self.lock()?.clone())
    }

    /// The open database's path, or the `no_database_open` error.
    pub fn require_db(&self) -> Result<PathBuf, IpcError> {
        self.db_path()?.ok_or_else(IpcError::no_database_open)
    }

    pub fn set_db_path(&self, path: Option<PathBuf>) -> Result<(), IpcError> {
        *self.lock()? = path;
        Ok(())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Option<PathBuf>>, IpcError> {
        self.db_path
            .lock()
            .map_err(|_| IpcError::internal("låset för databasen är förgiftat"))
    }
}
