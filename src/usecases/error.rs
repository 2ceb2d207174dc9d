//! An error of an app use case: a stable code for machines, Swedish text for people.

use std::path::Path;


use crate::definition::parse::DefinitionError;
use crate::usecases::batch::ServiceError;
use crate::store::StoreError;


/// An error of an app use case: a stable code for machines, Swedish text for people.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Definition(#[from] DefinitionError),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Io(String),
    #[error("En motivering krävs för att ändra ett utfall.")]
    JustificationRequired,
    #[error("Ange vem som fattar beslutet om utfallet.")]
    DeciderRequired,
    #[error("{0}")]
    FileExists(String),
}

impl WorkspaceError {
    /// A stable code (snake_case) for IPC and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            WorkspaceError::Store(e) => e.code(),
            WorkspaceError::Service(e) => e.code(),
            WorkspaceError::Definition(_) => "definition_invalid",
            WorkspaceError::Invalid(_) => "invalid_input",
            WorkspaceError::NotFound(_) => "not_found",
            WorkspaceError::Io(_) => "io",
            WorkspaceError::JustificationRequired => "justification_required",
            WorkspaceError::DeciderRequired => "decider_required",
            WorkspaceError::FileExists(_) => "file_exists",
        }
    }
}

pub type Result<T> = std::result::Result<T, WorkspaceError>;

pub(crate) fn io(what: &str, path: &Path, e: std::io::Error) -> WorkspaceError {
    WorkspaceError::Io(format!("{what} {}: {}.", path.display(), crate::support::sv::io_error(&e)))
}
