//! The one vocabulary of error codes: every error of the core, the command line and the app
//! names its kind with an [`ErrorCode`]. The code is for machines (the UI may branch on it, the
//! command line's exit status follows it, tests pin it); the error's Swedish text is for people.

use serde::{Deserialize, Serialize};

/// Stable error codes. Serialized snake_case; never rename a variant, only add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The input was not valid (a bad filter, a malformed value, a date that cannot be used).
    InvalidInput,
    /// The command needs an open procurement database and none is open (the app).
    NoDatabaseOpen,
    /// A database is open but no procurement is chosen, or it has none yet (the app).
    NoProcurementOpen,
    /// Something named by the user does not exist.
    NotFound,
    /// Reading or writing a file failed.
    Io,
    /// A new file would overwrite an existing one.
    FileExists,
    /// The file is not an Anbud database, or cannot be opened.
    DbOpen,
    /// The database refused a query.
    DbError,
    /// The database's schema cannot be brought up to date (a newer Anbud wrote it?).
    DbMigration,
    /// Data in the database cannot be read.
    DbCorrupt,
    /// The procurement named is not in the open database.
    ProcurementNotFound,
    /// The core refused the action (with the reason in the message).
    Refused,
    /// The procurement definition is not valid.
    DefinitionInvalid,
    /// An override needs a written justification.
    JustificationRequired,
    /// An override needs the decider's name.
    DeciderRequired,
    /// No decision while suppliers still need review.
    OpenReviews,
    /// The decision maker's name is missing.
    NoDecisionMaker,
    /// The sending date lies before the decision date.
    SentBeforeDecision,
    /// The PDF of the record or a notice could not be made.
    PdfFailed,
    /// No decision has been exported in this session, so there is nothing to open (the app).
    NoExport,
    /// A bug: a panic or a poisoned lock inside the app. Never expected.
    Internal,
    /// The procurement has received bids: its definition changes only as an amendment
    /// (rättelse), with a justification and the person's name.
    DefinitionFrozen,
    /// A review package could not be opened with the passphrase given.
    WrongPassphrase,
    /// A review package or response was changed after it was written (or is damaged).
    FileAltered,
    /// A working-group member has declared jäv (a conflict of interest) against the supplier.
    ConflictOfInterest,
    /// The app was given a file it did not hand out: every file comes from a native dialog
    /// opened by the app, a drop on the window or the command line, by an opaque grant; a path,
    /// an unknown grant, or one given for another kind of file is refused (the app).
    PathNotGranted,
    /// What was chosen or dropped is not a regular file where one is needed (a folder, a device
    /// such as /dev/zero, a named pipe), or a file where a folder is needed.
    NotAFile,
    /// The database file is on a network share (NFS, SMB, …), where SQLite's write-ahead log is
    /// not safe: it is not opened for writing; copy it to a local disk.
    DbNetworkShare,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 28] = [
        ErrorCode::InvalidInput,
        ErrorCode::NoDatabaseOpen,
        ErrorCode::NoProcurementOpen,
        ErrorCode::NotFound,
        ErrorCode::Io,
        ErrorCode::FileExists,
        ErrorCode::DbOpen,
        ErrorCode::DbError,
        ErrorCode::DbMigration,
        ErrorCode::DbCorrupt,
        ErrorCode::ProcurementNotFound,
        ErrorCode::Refused,
        ErrorCode::DefinitionInvalid,
        ErrorCode::JustificationRequired,
        ErrorCode::DeciderRequired,
        ErrorCode::OpenReviews,
        ErrorCode::NoDecisionMaker,
        ErrorCode::SentBeforeDecision,
        ErrorCode::PdfFailed,
        ErrorCode::NoExport,
        ErrorCode::Internal,
        ErrorCode::DefinitionFrozen,
        ErrorCode::WrongPassphrase,
        ErrorCode::FileAltered,
        ErrorCode::ConflictOfInterest,
        ErrorCode::PathNotGranted,
        ErrorCode::NotAFile,
        ErrorCode::DbNetworkShare,
    ];
}

/// The code as it goes over the wire (`no_database_open`), through serde: for logs and one-line
/// texts, where the message may not go.
impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(code)) => f.write_str(&code),
            _ => write!(f, "{self:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wire names are a contract (the UI, scripts and stored test expectations read them):
    /// a renamed or removed code fails here.
    #[test]
    fn the_wire_names_are_pinned() {
        let names = serde_json::to_value(ErrorCode::ALL).unwrap();
        let expected = serde_json::json!([
            "invalid_input",
            "no_database_open",
            "no_procurement_open",
            "not_found",
            "io",
            "file_exists",
            "db_open",
            "db_error",
            "db_migration",
            "db_corrupt",
            "procurement_not_found",
            "refused",
            "definition_invalid",
            "justification_required",
            "decider_required",
            "open_reviews",
            "no_decision_maker",
            "sent_before_decision",
            "pdf_failed",
            "no_export",
            "internal",
            "definition_frozen",
            "wrong_passphrase",
            "file_altered",
            "conflict_of_interest",
            "path_not_granted",
            "not_a_file",
            "db_network_share"
        ]);
        assert_eq!(names, expected);
    }

    /// `ALL` holds every variant once, in declaration order: a variant left out (or listed
    /// twice) breaks the discriminant count, and the match below does not compile until a new
    /// variant is named in it (add it to `ALL` and to the pinned list above at the same time).
    #[test]
    fn all_is_every_code_once_in_order() {
        for (i, code) in ErrorCode::ALL.into_iter().enumerate() {
            assert_eq!(code as usize, i, "{code:?}");
            match code {
                ErrorCode::InvalidInput
                | ErrorCode::NoDatabaseOpen
                | ErrorCode::NoProcurementOpen
                | ErrorCode::NotFound
                | ErrorCode::Io
                | ErrorCode::FileExists
                | ErrorCode::DbOpen
                | ErrorCode::DbError
                | ErrorCode::DbMigration
                | ErrorCode::DbCorrupt
                | ErrorCode::ProcurementNotFound
                | ErrorCode::Refused
                | ErrorCode::DefinitionInvalid
                | ErrorCode::JustificationRequired
                | ErrorCode::DeciderRequired
                | ErrorCode::OpenReviews
                | ErrorCode::NoDecisionMaker
                | ErrorCode::SentBeforeDecision
                | ErrorCode::PdfFailed
                | ErrorCode::NoExport
                | ErrorCode::Internal
                | ErrorCode::DefinitionFrozen
                | ErrorCode::WrongPassphrase
                | ErrorCode::FileAltered
                | ErrorCode::ConflictOfInterest
                | ErrorCode::PathNotGranted
                | ErrorCode::NotAFile
                | ErrorCode::DbNetworkShare => {}
            }
            let name = serde_json::to_value(code).unwrap();
            assert_eq!(name, serde_json::Value::String(code.to_string()), "Display is the wire name");
            assert_eq!(serde_json::from_value::<ErrorCode>(name).unwrap(), code);
        }
        assert_eq!(ErrorCode::DbNetworkShare as usize + 1, ErrorCode::ALL.len(), "the last variant closes the list");
    }
}
