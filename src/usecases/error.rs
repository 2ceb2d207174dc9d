//! An error of an app use case: a stable code for machines, Swedish text for people.

use std::path::Path;

use crate::definition::edit::EditError;
use crate::definition::parse::DefinitionError;
use crate::model::error_code::ErrorCode;
use crate::store::StoreError;
use crate::usecases::batch::ServiceError;

/// An error of an app use case: a stable code for machines, Swedish text for people.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Definition(#[from] DefinitionError),
    /// A structured edit that cannot be made (it names what the definition does not have).
    #[error(transparent)]
    Edit(#[from] EditError),
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
    /// A review package or response that cannot be opened (wrong passphrase, altered, …).
    #[error(transparent)]
    Envelope(#[from] crate::envelope::EnvelopeError),
    /// A review package or response that opens but is refused: it names the file and why.
    #[error("{0}")]
    Refused(String),
}

impl WorkspaceError {
    /// A stable code for IPC and scripts.
    pub fn code(&self) -> ErrorCode {
        match self {
            WorkspaceError::Store(e) => e.code(),
            WorkspaceError::Service(e) => e.code(),
            WorkspaceError::Definition(e) => e.code(),
            WorkspaceError::Edit(e) => e.code(),
            WorkspaceError::Invalid(_) => ErrorCode::InvalidInput,
            WorkspaceError::NotFound(_) => ErrorCode::NotFound,
            WorkspaceError::Io(_) => ErrorCode::Io,
            WorkspaceError::JustificationRequired => ErrorCode::JustificationRequired,
            WorkspaceError::DeciderRequired => ErrorCode::DeciderRequired,
            WorkspaceError::FileExists(_) => ErrorCode::FileExists,
            WorkspaceError::Envelope(e) => e.code(),
            WorkspaceError::Refused(_) => ErrorCode::Refused,
        }
    }
}

pub type Result<T> = std::result::Result<T, WorkspaceError>;

pub(crate) fn io(what: &str, path: &Path, e: std::io::Error) -> WorkspaceError {
    WorkspaceError::Io(format!("{what} {}: {}.", path.display(), crate::support::sv::io_error(&e)))
}
