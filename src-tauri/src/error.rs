//! The error every command returns over IPC.
//!
//! On the wire: `{ "code": "stable_snake_case_code", "message": "Svensk text för människor" }`.
//! The `code` is a stable contract the UI (and tests) may branch on; the `message` is for people
//! and may be reworded at any time. The UI shows `message` in a banner with role="alert".

use serde::Serialize;
use ts_rs::TS;

/// The one vocabulary of error codes, the core's: the app's own (`no_database_open`,
/// `no_procurement_open`, `no_export`, `internal`) are in it beside the core's. Its `Display` is
/// the wire name (`no_database_open`): what the log writes, where the message never goes.
pub use anbud::model::error_code::ErrorCode;

/// The error of every IPC command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "IpcError.ts")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn no_procurement_open() -> Self {
        Self::new(
            ErrorCode::NoProcurementOpen,
            "Ingen upphandling är vald. Välj en under Start eller lägg in en definition under Upphandling.",
        )
    }

    pub fn no_database_open() -> Self {
        Self::new(ErrorCode::NoDatabaseOpen, "Ingen upphandling är öppen. Öppna en databas eller demoupphandlingen under Start.")
    }

    pub fn no_package_open() -> Self {
        Self::new(ErrorCode::NotFound, "Inget granskningspaket är öppet. Öppna ett under Start (Öppna granskningspaket…).")
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(ErrorCode::Internal, format!("Ett internt fel inträffade i Anbud ({detail}). Uppgifterna har inte ändrats."))
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", serde_json::to_value(self.code).unwrap_or_default(), self.message)
    }
}

impl std::error::Error for IpcError {}

impl From<std::io::Error> for IpcError {
    fn from(e: std::io::Error) -> Self {
        let code = if e.kind() == std::io::ErrorKind::NotFound { ErrorCode::NotFound } else { ErrorCode::Io };
        Self::new(code, format!("Filen kunde inte läsas eller skrivas: {}.", anbud::support::sv::io_error(&e)))
    }
}

/// The core's errors: their code is the IPC code, its Swedish text the message
/// (first letter capitalised, as a sentence on screen).
impl From<anbud::usecases::WorkspaceError> for IpcError {
    fn from(e: anbud::usecases::WorkspaceError) -> Self {
        IpcError::new(e.code(), sentence(&e.to_string()))
    }
}

impl From<anbud::usecases::batch::ServiceError> for IpcError {
    fn from(e: anbud::usecases::batch::ServiceError) -> Self {
        IpcError::new(e.code(), sentence(&e.to_string()))
    }
}

impl From<anbud::store::StoreError> for IpcError {
    fn from(e: anbud::store::StoreError) -> Self {
        IpcError::new(e.code(), sentence(&e.to_string()))
    }
}

/// "beslut kan inte fattas…" → "Beslut kan inte fattas….".
fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?', ')']) {
        out.push('.');
    }
    out
}

/// Runs a command body and turns a panic into an `internal` error, so the UI always gets a
/// `{code,message}` reply instead of a promise that never settles. A failure is logged by its
/// code alone (in the command's span): the message may name files, procurements or people.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, IpcError>) -> Result<T, IpcError> {
    let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "okänt fel".into());
            Err(IpcError::internal(detail))
        }
    };
    match &result {
        Err(e) if e.code == ErrorCode::Internal => tracing::error!(code = %e.code, "failed"),
        Err(e) => tracing::info!(code = %e.code, "failed"),
        Ok(_) => {}
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_shows_as_on_the_wire() {
        assert_eq!(ErrorCode::NoDatabaseOpen.to_string(), "no_database_open");
        assert_eq!(ErrorCode::Internal.to_string(), "internal");
    }

    #[test]
    fn serializes_as_code_and_message() {
        let e = IpcError::no_database_open();
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "no_database_open");
        assert!(v["message"].as_str().unwrap().starts_with("Ingen upphandling"));
    }

    #[test]
    fn core_errors_keep_their_code_and_read_as_sentences() {
        let e: IpcError = anbud::usecases::WorkspaceError::JustificationRequired.into();
        assert_eq!(e.code, ErrorCode::JustificationRequired);
        let e: IpcError =
            anbud::usecases::batch::ServiceError::Decision(anbud::records::decision::DecisionError::OpenReviews(vec!["A AB".into()]))
                .into();
        assert_eq!(e.code, ErrorCode::OpenReviews);
        assert!(e.message.starts_with("Beslut kan inte fattas"), "{}", e.message);
        assert!(e.message.ends_with("A AB."), "{}", e.message);
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
