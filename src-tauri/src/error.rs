//! The error every command returns over IPC.
//!
//! On the wire: `{ "code": "stable_snake_case_code", "message": "Svensk text för människor" }`.
//! The `code` is a stable contract the UI (and tests) may branch on; the `message` is for people
//! and may be reworded at any time. The UI shows `message` in a banner with role="alert".

use serde::Serialize;
use ts_rs::TS;

/// Stable error codes. Serialized snake_case; never rename a variant, only add.
///
/// The lead extends this when the core's error type lands: one variant per kind of core error
/// the user can act on (for example `database_not_found`, `import_rejected`, `reviews_open`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "ErrorCode.ts")]
pub enum ErrorCode {
    /// The input from the UI was not valid (a bad filter, a malformed value).
    InvalidInput,
    /// The command needs an open procurement database and none is open.
    NoDatabaseOpen,
    /// Something named by the user does not exist.
    NotFound,
    /// Reading or writing a file failed.
    Io,
    /// A bug: a panic or a poisoned lock inside the app. Never expected.
    Internal,
}

/// The error of every IPC command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "IpcError.ts")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn no_database_open() -> Self {
        Self::new(
            ErrorCode::NoDatabaseOpen,
            "Ingen upphandling är öppen. Öppna en databas eller demoupphandlingen under Start.",
        )
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(
            ErrorCode::Internal,
            format!("Ett internt fel inträffade i Anbud ({detail}). Uppgifterna har inte ändrats."),
        )
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            serde_json::to_value(self.code).unwrap_or_default(),
            self.message
        )
    }
}

impl std::error::Error for IpcError {}

impl From<std::io::Error> for IpcError {
    fn from(e: std::io::Error) -> Self {
        let code = if e.kind() == std::io::ErrorKind::NotFound {
            ErrorCode::NotFound
        } else {
            ErrorCode::Io
        };
        Self::new(code, format!("Filen kunde inte läsas eller skrivas: {e}"))
    }
}

// TODO(lead): when the core has its error type, map it here, e.g.
//
// impl From<anbud::Error> for IpcError {
//     fn from(e: anbud::Error) -> Self {
//         let code = match &e {
//             anbud::Error::NotFound { .. } => ErrorCode::NotFound,
//             anbud::Error::InvalidInput { .. } => ErrorCode::InvalidInput,
//             _ => ErrorCode::Internal,
//         };
//         // The core's Display is already Swedish text for people.
//         IpcError::new(code, e.to_string())
//     }
// }
//
// so a command stays one line: `guarded(|| anbud::x(...).map_err(IpcError::from))`.

/// Runs a command body and turns a panic into an `internal` error, so the UI always gets a
/// `{code,message}` reply instead of a promise that never settles.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, IpcError>) -> Result<T, IpcError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "okänt fel".into());
            Err(IpcError::internal(detail))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let e = IpcError::no_database_open();
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "no_database_open");
        assert!(v["message"]
            .as_str()
            .unwrap()
            .starts_with("Ingen upphandling"));
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        // (The panic message is printed by the default hook; that is expected.)
        let r: Result<(), IpcError> = guarded(|| panic!("boom"));
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("boom"));
    }
}
