//! What the app keeps between commands: the open database file, the procurement chosen in it,
//! and the folder the last decision was exported to (the only folder "open the folder" opens).
//! The files the person chose in this session, each behind an opaque token (`grants.rs`: the
//! webview never names a file), and the recent databases as last listed (opened by their place
//! in that list, never by a path from the webview).
//! In reviewer mode instead: the review package opened, in memory only (never written in clear),
//! and the member's assessments so far. A package and a database are never open at once.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use anbud::store::Store;
use anbud::usecases::review::{AssessmentInput, PackageContent};

use crate::error::{ErrorCode, IpcError};
use crate::grants::{self, DropEvent, Grant, GrantKind, Grants, Purpose};

#[derive(Debug, Default, Clone)]
struct Inner {
    db_path: Option<PathBuf>,
    procurement: Option<String>,
    last_export: Option<PathBuf>,
    startup_error: Option<IpcError>,
    review: Option<ReviewSession>,
    grants: Grants,
    recent: Vec<PathBuf>,
    forecast: Option<ForecastInput>,
}

/// The file of expected hours read on Kostnadsprognos, for the procurement it was read for.
#[derive(Debug, Clone)]
pub struct ForecastInput {
    pub procurement: String,
    pub name: String,
    pub input: anbud::pricing::projection::ProjectionInput,
}

/// An opened review package and the member's work on it (reviewer mode, no database).
#[derive(Debug, Clone)]
pub struct ReviewSession {
    pub content: PackageContent,
    pub assessments: Vec<AssessmentInput>,
    pub saved_at: Option<String>,
}

/// Managed Tauri state.
#[derive(Debug, Default)]
pub struct AppState {
    inner: Mutex<Inner>,
}

impl AppState {
    pub fn new(db_path: Option<PathBuf>) -> Self {
        Self { inner: Mutex::new(Inner { db_path, ..Default::default() }) }
    }

    /// The open database's path, if any.
    pub fn db_path(&self) -> Result<Option<PathBuf>, IpcError> {
        Ok(self.lock()?.db_path.clone())
    }

    /// The open database's path, or the `no_database_open` error.
    pub fn require_db(&self) -> Result<PathBuf, IpcError> {
        self.db_path()?.ok_or_else(IpcError::no_database_open)
    }

    /// Opens the store of the open database (each command opens it; SQLite makes that cheap).
    pub fn store(&self) -> Result<Store, IpcError> {
        Ok(Store::open(&self.require_db()?)?)
    }

    /// Opens the store of the open database to read it only, never migrated (the audit).
    pub fn read_store(&self) -> Result<Store, IpcError> {
        Ok(Store::open_read_only(&self.require_db()?)?)
    }

    pub fn set_db_path(&self, path: Option<PathBuf>) -> Result<(), IpcError> {
        let mut inner = self.lock()?;
        inner.db_path = path;
        inner.procurement = None;
        Ok(())
    }

    pub fn procurement(&self) -> Result<Option<String>, IpcError> {
        Ok(self.lock()?.procurement.clone())
    }

    /// The chosen procurement's id, or the `no_database_open` / `no_procurement_open` error.
    pub fn require_procurement(&self) -> Result<String, IpcError> {
        let inner = self.lock()?;
        if inner.db_path.is_none() {
            return Err(IpcError::no_database_open());
        }
        inner.procurement.clone().ok_or_else(IpcError::no_procurement_open)
    }

    pub fn set_procurement(&self, id: Option<String>) -> Result<(), IpcError> {
        self.lock()?.procurement = id;
        Ok(())
    }

    /// Opens a database and chooses a procurement in it. A start-up error is then history.
    pub fn open(&self, path: PathBuf, procurement: Option<String>) -> Result<(), IpcError> {
        let mut inner = self.lock()?;
        inner.db_path = Some(path);
        inner.procurement = procurement;
        inner.last_export = None;
        inner.startup_error = None;
        inner.review = None;
        Ok(())
    }

    /// Enters reviewer mode with an opened package: the database (if any) is closed in the app.
    pub fn open_review(&self, session: ReviewSession) -> Result<(), IpcError> {
        let mut inner = self.lock()?;
        inner.db_path = None;
        inner.procurement = None;
        inner.last_export = None;
        inner.startup_error = None;
        inner.review = Some(session);
        Ok(())
    }

    /// Leaves reviewer mode (the package is forgotten; the work stays saved, sealed).
    pub fn close_review(&self) -> Result<(), IpcError> {
        self.lock()?.review = None;
        Ok(())
    }

    /// The opened package, or the `not_found` error naming that none is open.
    pub fn review(&self) -> Result<ReviewSession, IpcError> {
        self.lock()?.review.clone().ok_or_else(IpcError::no_package_open)
    }

    /// Whether a package is open (reviewer mode).
    pub fn review_open(&self) -> Result<Option<(String, String)>, IpcError> {
        Ok(self.lock()?.review.as_ref().map(|r| (r.content.reviewer.clone(), r.content.procurement.id.clone())))
    }

    /// Changes the opened package's work under the lock, returning what `f` returns.
    pub fn with_review<T>(&self, f: impl FnOnce(&mut ReviewSession) -> Result<T, IpcError>) -> Result<T, IpcError> {
        let mut inner = self.lock()?;
        let session = inner.review.as_mut().ok_or_else(IpcError::no_package_open)?;
        f(session)
    }

    pub fn last_export(&self) -> Result<Option<PathBuf>, IpcError> {
        Ok(self.lock()?.last_export.clone())
    }

    pub fn set_last_export(&self, dir: PathBuf) -> Result<(), IpcError> {
        self.lock()?.last_export = Some(dir);
        Ok(())
    }

    /// Why the database asked for at start-up (`--demo`, or a file on the command line) could
    /// not be opened. Read, not taken: every `app_info` reports it (the start screen and the
    /// header ask at the same time) until a database is opened.
    pub fn startup_error(&self) -> Result<Option<IpcError>, IpcError> {
        Ok(self.lock()?.startup_error.clone())
    }

    pub fn set_startup_error(&self, e: IpcError) -> Result<(), IpcError> {
        self.lock()?.startup_error = Some(e);
        Ok(())
    }

    /// Hands out a grant for a path the person chose (a native dialog, a drop, the e2e stand-in),
    /// after checking it is what the kind needs (`grants::check`: no folder or device as a file).
    pub fn grant(&self, path: PathBuf, kind: GrantKind, purpose: Purpose) -> Result<Grant, IpcError> {
        Ok(self.grant_all(vec![path], kind, purpose)?.remove(0))
    }

    /// As [`Self::grant`] for many paths: all are checked before any is granted.
    pub fn grant_all(&self, paths: Vec<PathBuf>, kind: GrantKind, purpose: Purpose) -> Result<Vec<Grant>, IpcError> {
        for p in &paths {
            grants::check(p, kind)?;
        }
        let mut inner = self.lock()?;
        Ok(paths.into_iter().map(|p| inner.grants.insert(p, kind, purpose)).collect())
    }

    /// The path behind a token handed out for this kind and purpose (else `path_not_granted`),
    /// checked again as it is used (else `not_a_file`).
    pub fn granted(&self, token: &str, kind: GrantKind, purpose: Purpose) -> Result<PathBuf, IpcError> {
        let path = self.lock()?.grants.resolve(token, kind, purpose)?;
        grants::check(&path, kind)?;
        Ok(path)
    }

    /// The files to open behind tokens, as [`Self::granted`]; one refused refuses them all.
    pub fn granted_files(&self, tokens: &[String], purpose: Purpose) -> Result<Vec<PathBuf>, IpcError> {
        tokens.iter().map(|t| self.granted(t, GrantKind::Open, purpose)).collect()
    }

    /// Grants the bid workbooks among files dropped on the window (`grants::dropped`).
    pub fn drop_files(&self, paths: &[PathBuf]) -> Result<DropEvent, IpcError> {
        Ok(grants::dropped(&mut self.lock()?.grants, paths))
    }

    /// Keeps the file of expected hours read on Kostnadsprognos.
    pub fn set_forecast_input(&self, input: ForecastInput) -> Result<(), IpcError> {
        self.lock()?.forecast = Some(input);
        Ok(())
    }

    /// The file of expected hours last read, if it was read for `procurement`.
    pub fn forecast_input(&self, procurement: &str) -> Result<Option<ForecastInput>, IpcError> {
        Ok(self.lock()?.forecast.clone().filter(|f| f.procurement == procurement))
    }

    /// Keeps the recent databases as listed to the webview, which opens one by its place.
    pub fn set_recent(&self, list: Vec<PathBuf>) -> Result<(), IpcError> {
        self.lock()?.recent = list;
        Ok(())
    }

    /// The recent database at `index` of the list last shown.
    pub fn recent(&self, index: usize) -> Result<PathBuf, IpcError> {
        self.lock()?.recent.get(index).cloned().ok_or_else(|| {
            IpcError::new(ErrorCode::NotFound, "Filen finns inte i listan över senast öppnade. Öppna den med Öppna databas….")
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, Inner>, IpcError> {
        self.inner.lock().map_err(|_| IpcError::internal("låset för appens tillstånd är förgiftat"))
    }
}
