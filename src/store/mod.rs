//! The SQLite store: one file holds the procurements, the bids with every answer as read, the
//! proposed outcomes, the overrides people made (append-only; the proposal stays), rejected
//! imports and decisions.
//!
//! Invariants:
//! - One workbook is imported in one transaction: a killed process leaves it wholly in or out.
//! - Money and hours are stored as exact decimal TEXT, never REAL.
//! - Foreign keys are on; the journal is WAL.
//! - The store never evaluates on its own: outcomes come from [`crate::rules::evaluate`], a pure function.
//! - `bid.content_json` (the bid as read) is the source; the other bid columns and the tables
//!   `answer`, `assignment`, `lot_offer`, `stated_price` and `outcome` are derived copies, and
//!   [`Store::integrity_problems`] checks each against it.
//! - Every change of state is an event in the journal ([`journal`]), written in the same
//!   transaction as the change; triggers refuse UPDATE and DELETE on what is history.
//! - Each method that writes does so in a savepoint: on its own it is one transaction, and inside
//!   [`Store::immediate`] it is part of the caller's (a decision: reading, numbering and storing
//!   in one `BEGIN IMMEDIATE` transaction).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use serde::{Deserialize, Serialize};

use crate::intake::import::ReadBid;
use crate::model::bid::{Bid, Value};
use crate::model::error_code::ErrorCode;
use crate::model::evaluation::{Override, SupplierEvaluation};
use crate::model::procurement::Procurement;
use crate::model::rejection::Rejection;
use crate::model::requirement::Outcome;

mod backup;
pub mod journal;
pub mod review;
pub mod share;
pub use journal::{Actor, Event, EventKind};
use serde_json::json;

/// The engine's version, recorded with every evaluation in the journal.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file cannot be opened as an Anbud database (the message is a whole sentence).
    #[error("{0}")]
    Open(String),
    #[error("databasfel: {}", crate::support::sv::sqlite_error(.0))]
    Sql(#[from] rusqlite::Error),
    #[error("databasens schema kan inte uppdateras: {0}")]
    Migration(String),
    #[error("data i databasen kan inte läsas: {0}")]
    Corrupt(String),
    #[error("upphandlingen {0} finns inte i databasen")]
    NoProcurement(String),
    #[error("{0}")]
    Refused(String),
    /// A refusal to change the definition of a procurement that has received workbooks, unless
    /// the change is recorded as an amendment (rättelse) with a justification and a name.
    #[error("{0}")]
    Frozen(String),
    /// A file beside the database (a copy) cannot be written (the message is a whole sentence).
    #[error("{0}")]
    Write(String),
    /// A working-group member with declared jäv against the supplier (the message names both).
    #[error("{0}")]
    ConflictOfInterest(String),
    /// The database is on a network share, where SQLite's write-ahead log is not safe (the
    /// message names the file and says to copy it to a local disk).
    #[error("{0}")]
    NetworkShare(String),
}

impl StoreError {
    /// A stable code for machines (IPC, scripts).
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Open(_) => ErrorCode::DbOpen,
            StoreError::Sql(_) => ErrorCode::DbError,
            StoreError::Migration(_) => ErrorCode::DbMigration,
            StoreError::Corrupt(_) => ErrorCode::DbCorrupt,
            StoreError::NoProcurement(_) => ErrorCode::ProcurementNotFound,
            StoreError::Refused(_) => ErrorCode::Refused,
            StoreError::Frozen(_) => ErrorCode::DefinitionFrozen,
            StoreError::Write(_) => ErrorCode::Io,
            StoreError::ConflictOfInterest(_) => ErrorCode::ConflictOfInterest,
            StoreError::NetworkShare(_) => ErrorCode::DbNetworkShare,
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What a person states to change the definition of a procurement that has received workbooks:
/// an amendment (rättelse), with why and who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AmendmentInput {
    pub justification: String,
    /// The name of the person who makes the amendment.
    pub by: String,
}

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("001_initial.sql")),
        M::up(include_str!("002_decision_inputs.sql")),
        M::up(include_str!("003_decision_numbers.sql")),
        M::up(include_str!("004_rejected_bidder.sql")),
        M::up(include_str!("005_reason_code.sql")),
        M::up(include_str!("006_journal.sql")),
        M::up(include_str!("007_review.sql")),
    ])
}

/// The schema version this program writes (the number of migrations).
pub fn schema_version() -> i64 {
    MIGRATION_COUNT
}

const MIGRATION_COUNT: i64 = 7;

/// The first schema with the journal: the oldest `open_read_only` reads.
pub const JOURNAL_SCHEMA: i64 = 6;

/// A bid as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct StoredBid {
    pub id: i64,
    pub sha256: String,
    /// active, replaced or ambiguous.
    pub state: String,
    pub imported_at: String,
    pub bid: Bid,
}

/// An override as recorded, with the outcome the engine had proposed at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct OverrideRecord {
    pub id: i64,
    pub bid_id: i64,
    /// (Also in the flattened decision; skipped in TypeScript so the field is not declared twice.)
    #[ts(skip)]
    pub requirement_id: String,
    pub original: crate::model::requirement::Outcome,
    #[serde(flatten)]
    pub decision: Override,
}

/// What an import of one workbook did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "result", rename_all = "snake_case")]
#[ts(export)]
pub enum Imported {
    /// Stored and in force.
    New { bid_id: i64 },
    /// Stored; it replaced earlier bids from the same organisation number.
    Replacing { bid_id: i64, replaced: Vec<String> },
    /// Stored but not in force: a later bid from the same organisation number exists.
    Superseded { bid_id: i64, by: String },
    /// Stored, but it and another share organisation number and date: a conflict, which holds
    /// the supplier for review until a person settles which bid stands.
    Ambiguous { bid_id: i64, with: Vec<String> },
    /// The very same file was imported before.
    Unchanged { bid_id: i64 },
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Who the journal names for what this connection changes.
    actor: Actor,
    /// The checked copy made before this opening migrated the schema, if it did.
    pre_migration_copy: Option<PathBuf>,
}

/// Where the desktop app keeps its data unless the user picks another file.
pub fn default_db_path() -> PathBuf {
    if let Ok(p) = std::env::var("ANBUD_DB") {
        return PathBuf::from(p);
    }
    dirs::data_dir().unwrap_or_else(std::env::temp_dir).join("anbud").join("anbud.sqlite")
}

impl Store {
    /// Opens (creating if needed) a database file and brings its schema up to date.
    ///
    /// Every failure to open is [`StoreError::Open`] (code `db_open`) with a Swedish sentence
    /// naming the file: the folder does not exist or cannot be created, permission is missing,
    /// the path is a folder, the file is not a database, or it is another program's database.
    /// A file on a network share is [`StoreError::NetworkShare`] (`db_network_share`).
    ///
    /// Nothing is written before the file is known to be an Anbud database (or empty, or new):
    /// its header is read, then its schema version and tables, and only then is the write-ahead
    /// log (WAL) turned on and the schema migrated. A database of an older schema is first
    /// copied beside itself, checked ([`Store::pre_migration_copy`]); without that copy it is
    /// not migrated (`docs/database.md`).
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() && !dir.is_dir() {
                std::fs::create_dir_all(dir).map_err(|e| StoreError::Open(open_dir_error(dir, &e)))?;
            }
        }
        if path.is_dir() {
            return Err(StoreError::Open(format!("{} är en mapp, inte en databasfil.", path.display())));
        }
        let folder = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if let Some(fs) = share::network_share_of(folder) {
            return Err(StoreError::NetworkShare(format!(
                "Databasfilen {} ligger på en nätverksenhet ({fs}) och öppnas inte för att skriva, eftersom databasens skrivlogg (WAL) kräver delat minne som nätverksfilsystem inte ger: kopiera filen till en lokal disk och öppna kopian där.",
                path.display()
            )));
        }
        check_header(path)?;
        let not_anbud = |e: rusqlite::Error| StoreError::Open(open_error(path, &e));
        let conn = Connection::open(path).map_err(not_anbud)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(not_anbud)?;
        // Only reads until the file is known to be ours: another program's file stays as it was.
        if is_foreign_database(&conn).map_err(not_anbud)? {
            return Err(StoreError::Open(format!(
                "Filen {} är en SQLite-databas men inte en Anbud-databas (den har andra tabeller). Välj en annan fil.",
                path.display()
            )));
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(not_anbud)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            actor: Actor::named(""),
            pre_migration_copy: None,
        };
        // An older schema: the checked copy first, before anything is written to the file.
        if version > 0 && version < schema_version() {
            store.copy_before_migration(version)?;
        }
        store.conn.pragma_update(None, "journal_mode", "WAL").map_err(not_anbud)?;
        store.conn.pragma_update(None, "foreign_keys", "ON").map_err(not_anbud)?;
        store.conn.pragma_update(None, "synchronous", "NORMAL").map_err(not_anbud)?;
        if store.pre_migration_copy.is_some() {
            store.migrate_after_copy(version)?;
        } else {
            migrations().to_latest(&mut store.conn).map_err(|e| StoreError::Migration(migration_error(&e)))?;
        }
        Ok(store)
    }

    /// Before a database of an older schema (`from`) is migrated: a checked copy beside it
    /// ([`pre_migration_copy_path`]). Without it the database is not migrated, and nothing has
    /// been written to it.
    fn copy_before_migration(&mut self, from: i64) -> Result<()> {
        let to = schema_version();
        let copy = pre_migration_copy_path(&self.path, to, &chrono::Utc::now());
        backup::checked_copy(&self.conn, &copy, None).map_err(|e| {
            StoreError::Migration(format!(
                "{} är skapad av en äldre version av Anbud och uppgraderas inte förrän en kopia av den har sparats: {e}",
                self.path.display()
            ))
        })?;
        tracing::info!("kopia före uppgradering från schema {from} till {to}: {}", copy.display());
        self.pre_migration_copy = Some(copy);
        Ok(())
    }

    /// The migration once the copy checked out: in one transaction with `synchronous=FULL`;
    /// then, in the journal of every procurement that has one, a `backup_made` event naming the
    /// copy (in a transaction of its own: a process killed between the two leaves the migrated
    /// database without that event, and the copy beside it).
    fn migrate_after_copy(&mut self, from: i64) -> Result<()> {
        let to = schema_version();
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let migrated = migrations().to_latest(&mut self.conn).map_err(|e| StoreError::Migration(migration_error(&e)));
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        migrated?;
        let name =
            self.pre_migration_copy.as_deref().and_then(Path::file_name).map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        // Before the journal's schema there is no journal to write in.
        if from >= JOURNAL_SCHEMA {
            self.immediate(|s| -> Result<()> {
                for (id, _) in s.procurements()? {
                    if journal::head(&s.conn, &id)? != journal::GENESIS {
                        let payload =
                            json!({ "file": name, "reason": "före uppgradering", "schema_before": from, "schema_after": to });
                        journal::append(&s.conn, &id, EventKind::BackupMade, &s.actor, None, &payload)?;
                    }
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// The checked copy this opening made before it migrated an older schema, if it did.
    pub fn pre_migration_copy(&self) -> Option<&Path> {
        self.pre_migration_copy.as_deref()
    }

    /// Opens a database to read it and nothing else (`verify`, `audit`): read-only, no pragma
    /// that writes, never migrated, so the file's bytes are the same afterwards. A database of
    /// another schema version than this program's is refused with the reason.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::Open(format!("Databasfilen {} finns inte.", path.display())));
        }
        let not_anbud = |e: rusqlite::Error| StoreError::Open(open_error(path, &e));
        let conn =
            Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(not_anbud)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(not_anbud)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(not_anbud)?;
        let latest = schema_version();
        if version == 0 || is_foreign_database(&conn).map_err(not_anbud)? {
            return Err(StoreError::Open(format!("Filen {} är inte en Anbud-databas.", path.display())));
        }
        // Every schema from the journal's on is read as it is: what `verify` and `audit` read
        // exists since then (later versions must keep it so, docs/journal.md).
        if version < JOURNAL_SCHEMA {
            return Err(StoreError::Open(format!(
                "Databasen {} är skapad av en äldre version av Anbud (schema {version}) och har ingen händelsejournal; den kontrolleras inte utan att uppgraderas. Öppna den i Anbud först.",
                path.display()
            )));
        }
        if version > latest {
            return Err(StoreError::Open(format!(
                "Databasen {} är skapad av en nyare version av Anbud (schema {version}, denna version har {latest}).",
                path.display()
            )));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            actor: Actor::named(""),
            pre_migration_copy: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The person the journal names for what this connection changes from now on (the
    /// operating system's user is added by itself).
    pub fn set_actor(&mut self, name: &str) {
        self.actor = Actor::named(name);
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Runs `f` inside one `BEGIN IMMEDIATE … COMMIT` transaction, with `PRAGMA synchronous=FULL`
    /// for it (the commit is on disk when this returns) and `NORMAL` again afterwards: COMMIT when
    /// `f` returns `Ok`, ROLLBACK when it returns an error or panics. The write lock is taken at
    /// the start, so what `f` reads is not changed by another connection before the commit (a
    /// writer elsewhere waits, up to the busy timeout, and lands after); the store's own methods
    /// write in savepoints and so become part of this transaction. Not nestable: called inside a
    /// transaction it is refused.
    pub fn immediate<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if !self.conn.is_autocommit() {
            return Err(StoreError::Refused("internt fel: en transaktion är redan öppen".into()).into());
        }
        self.conn.pragma_update(None, "synchronous", "FULL").map_err(StoreError::from)?;
        let normal = |conn: &Connection| {
            if let Err(e) = conn.pragma_update(None, "synchronous", "NORMAL") {
                tracing::warn!("PRAGMA synchronous=NORMAL: {e}");
            }
        };
        if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            normal(&self.conn);
            return Err(StoreError::from(e).into());
        }
        let rollback = |conn: &Connection| {
            // SQLite may have rolled back by itself (some errors do): then there is nothing to end.
            if !conn.is_autocommit() {
                if let Err(e) = conn.execute_batch("ROLLBACK") {
                    tracing::warn!("ROLLBACK: {e}");
                }
            }
        };
        let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self))) {
            Ok(Ok(value)) => match self.conn.execute_batch("COMMIT") {
                Ok(()) => Ok(value),
                Err(e) => {
                    rollback(&self.conn);
                    Err(StoreError::from(e).into())
                }
            },
            Ok(Err(e)) => {
                rollback(&self.conn);
                Err(e)
            }
            Err(panic) => {
                rollback(&self.conn);
                normal(&self.conn);
                std::panic::resume_unwind(panic);
            }
        };
        normal(&self.conn);
        result
    }

    /// The journal of a procurement, in order.
    pub fn events(&self, procurement_id: &str) -> Result<Vec<Event>> {
        journal::events(&self.conn, procurement_id)
    }

    /// The hash of the last event of a procurement's journal.
    pub fn journal_head(&self, procurement_id: &str) -> Result<String> {
        journal::head(&self.conn, procurement_id)
    }

    /// A kept file's bytes by SHA-256.
    pub fn kept_file(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT name, bytes FROM kept_file WHERE sha256 = ?1")?
            .query_row([sha256], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Saves (or updates) a procurement with the definition text it was read from. True when the
    /// text changed: the stored proposals must then follow it (`usecases::save_definition`).
    /// Once the procurement has received a workbook, a change is refused
    /// ([`StoreError::Frozen`]): see [`Store::save_procurement_amended`].
    pub fn save_procurement(&mut self, p: &Procurement, definition_toml: &str, at: &str) -> Result<bool> {
        self.save_procurement_amended(p, definition_toml, at, None)
    }

    /// As [`Store::save_procurement`], with an amendment (rättelse): once the procurement has
    /// received a workbook (an event `workbook_received`), its definition changes only as an
    /// amendment with a justification and the person's name, which the event
    /// `definition_changed` records beside the diff and the hashes. An amendment given before
    /// then is recorded all the same. The same text again changes nothing and records nothing.
    pub fn save_procurement_amended(
        &mut self,
        p: &Procurement,
        definition_toml: &str,
        at: &str,
        amendment: Option<&AmendmentInput>,
    ) -> Result<bool> {
        let json = serde_json::to_string(p).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let tx = self.conn.savepoint()?;
        let before: Option<String> =
            tx.query_row("SELECT definition_toml FROM procurement WHERE id = ?1", [&p.id], |r| r.get(0)).optional()?;
        if before.as_deref() == Some(definition_toml) {
            return Ok(false);
        }
        let amendment = match &before {
            Some(_) => checked_amendment(&p.id, journal::has_received(&tx, &p.id)?, amendment)?,
            None => None,
        };
        tx.execute(
            "INSERT INTO procurement (id, name, definition_toml, definition_json, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, definition_toml = excluded.definition_toml,
               definition_json = excluded.definition_json, updated_at = excluded.updated_at",
            params![p.id, p.name, definition_toml, json, at],
        )?;
        let after_sha = crate::model::bid::sha256_hex(definition_toml.as_bytes());
        match before {
            None => journal::append(
                &tx,
                &p.id,
                EventKind::ProcurementCreated,
                &self.actor,
                None,
                &json!({ "name": p.name, "definition_sha256": after_sha, "definition": definition_toml }),
            )?,
            Some(old) => {
                let mut payload = json!({
                    "before_sha256": crate::model::bid::sha256_hex(old.as_bytes()),
                    "after_sha256": after_sha,
                    "diff": journal::line_diff(&old, definition_toml),
                    "definition": definition_toml,
                });
                let actor = match &amendment {
                    Some(a) => {
                        payload["amendment"] = json!({ "justification": a.justification, "by": a.by });
                        Actor::named(&a.by)
                    }
                    None => self.actor.clone(),
                };
                journal::append(&tx, &p.id, EventKind::DefinitionChanged, &actor, None, &payload)?
            }
        };
        tx.commit()?;
        Ok(true)
    }

    /// Whether a procurement has received a workbook, so that its definition changes only by an
    /// amendment.
    pub fn is_frozen(&self, procurement_id: &str) -> Result<bool> {
        journal::has_received(&self.conn, procurement_id)
    }

    /// Replaces the stored proposals of bids with the given evaluations, in one transaction.
    /// Where a proposal changed (a changed definition, another engine version), the journal
    /// records it as an evaluation, with the engine's version and each change.
    pub fn replace_outcomes<'a>(&mut self, evaluations: impl IntoIterator<Item = (i64, &'a SupplierEvaluation)>) -> Result<()> {
        let tx = self.conn.savepoint()?;
        let mut changes: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
        for (bid_id, evaluation) in evaluations {
            let before: BTreeMap<String, (String, Option<String>)> = tx
                .prepare_cached("SELECT requirement_id, proposed, reason_code FROM outcome WHERE bid_id = ?1")?
                .query_map([bid_id], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))?
                .collect::<std::result::Result<_, _>>()?;
            let procurement_id: String = tx.query_row("SELECT procurement_id FROM bid WHERE id = ?1", [bid_id], |r| r.get(0))?;
            for r in &evaluation.requirements {
                let now = (r.proposed.as_str().to_string(), Some(r.reason_code.as_str().to_string()));
                let was = before.get(&r.id);
                if was.is_none_or(|w| w.0 != now.0 || (w.1.is_some() && w.1 != now.1)) {
                    changes.entry(procurement_id.clone()).or_default().push(json!({
                        "bid_id": bid_id, "org_nr": evaluation.org_nr, "requirement": r.id,
                        "before": was.map(|w| w.0.clone()), "after": now.0, "reason_code": now.1,
                    }));
                }
            }
            tx.execute("DELETE FROM outcome WHERE bid_id = ?1", [bid_id])?;
            write_outcomes(&tx, bid_id, evaluation)?;
        }
        for (procurement_id, changed) in changes {
            journal::append(
                &tx,
                &procurement_id,
                EventKind::BidsEvaluated,
                &self.actor,
                None,
                &json!({ "engine_version": ENGINE_VERSION, "changed": changed }),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The procurement and its definition text.
    pub fn procurement(&self, id: &str) -> Result<Option<(Procurement, String)>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT definition_json, definition_toml FROM procurement WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(json, toml)| serde_json::from_str(&json).map(|p| (p, toml)).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()
    }

    /// (id, name) of every procurement.
    pub fn procurements(&self) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare("SELECT id, name FROM procurement ORDER BY id")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Imports one workbook's bid in one transaction: the bid, every answer as read, the
    /// assignments, lots and prices, and the proposed outcomes the caller computed for the bid
    /// alone (`rules::evaluate(p, bid, &[])`: the store never evaluates). Settles bids from the
    /// same organisation number (the later date replaces; the same date is ambiguous).
    pub fn import_bid(&mut self, p: &Procurement, read: &ReadBid, evaluation: &SupplierEvaluation, at: &str) -> Result<Imported> {
        let tx = self.conn.savepoint()?;
        if let Some(id) = tx
            .prepare_cached("SELECT id FROM bid WHERE procurement_id = ?1 AND sha256 = ?2")?
            .query_row(params![p.id, read.sha256], |r| r.get::<_, i64>(0))
            .optional()?
        {
            return Ok(Imported::Unchanged { bid_id: id });
        }
        let bid = &read.bid;
        let content = serde_json::to_string(bid).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let org_nr = bid.org_nr.to_string();
        journal::keep_file(&tx, &read.sha256, crate::model::bid::file_name(&bid.file), &read.bytes)?;
        let mut received = json!({ "file": crate::model::bid::file_name(&bid.file), "size": read.bytes.len(), "sha256": read.sha256 });
        if let (Some(espd), Some(bytes)) = (&bid.espd, &read.espd_bytes) {
            // The ESPD response paired with the workbook is kept beside it, and named in its event.
            journal::keep_file(&tx, &espd.sha256, crate::model::bid::file_name(&espd.file), bytes)?;
            received["espd"] = json!({ "file": crate::model::bid::file_name(&espd.file), "size": bytes.len(), "sha256": espd.sha256 });
        }
        journal::append(&tx, &p.id, EventKind::WorkbookReceived, &self.actor, Some(&org_nr), &received)?;
        tx.prepare_cached(
            "INSERT INTO bid (procurement_id, file, sha256, org_nr, name, bid_date, state, imported_at, content_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'active', ?7, ?8)",
        )?
        .execute(params![
            p.id,
            bid.file,
            read.sha256,
            bid.org_nr.to_string(),
            bid.name,
            bid.bid_date.to_string(),
            at,
            content
        ])?;
        let bid_id = tx.last_insert_rowid();
        {
            let rows = bid_rows(bid);
            let mut st = tx.prepare_cached(
                "INSERT INTO answer (bid_id, sheet, cell, question, value_type, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (sheet, cell, q, ty, v) in &rows.answers {
                st.execute(params![bid_id, sheet, cell, q, ty, v])?;
            }
            // Half of the bid is written here: a kill now must leave none of it.
            test_pause();
            let mut st = tx.prepare_cached(
                "INSERT INTO assignment (bid_id, row, customer, profession, from_date, to_date, hours) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (row, customer, profession, from, to, hours) in &rows.assignments {
                st.execute(params![bid_id, row, customer, profession, from, to, hours])?;
            }
            let mut st = tx.prepare_cached("INSERT INTO lot_offer (bid_id, code, offered, zones) VALUES (?1, ?2, ?3, ?4)")?;
            for (code, offered, zones) in &rows.lots {
                st.execute(params![bid_id, code, offered, zones])?;
            }
            let mut st = tx.prepare_cached("INSERT INTO stated_price (bid_id, lot, zone, price, cell) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for (lot, zone, price, cell) in &rows.prices {
                st.execute(params![bid_id, lot, zone, price, cell])?;
            }
        }
        // The proposed outcomes, as the engine sees this bid alone.
        write_outcomes(&tx, bid_id, evaluation)?;
        journal::append(
            &tx,
            &p.id,
            EventKind::BidStored,
            &self.actor,
            Some(&org_nr),
            &json!({
                "bid_id": bid_id,
                "file": crate::model::bid::file_name(&bid.file),
                "sha256": read.sha256,
                "org_nr": org_nr,
                "name": bid.name,
                "bid_date": bid.bid_date.to_string(),
                "content_sha256": crate::model::bid::sha256_hex(content.as_bytes()),
                "engine_version": ENGINE_VERSION,
                "proposed": evaluation.requirements.iter().map(|r| json!({"requirement": r.id, "proposed": r.proposed.as_str(), "reason_code": r.reason_code.as_str()})).collect::<Vec<_>>(),
            }),
        )?;
        let result = settle(&tx, &p.id, &org_nr, bid_id, &self.actor)?;
        tx.commit()?;
        Ok(result)
    }

    /// Records a workbook that was rejected, with every error.
    pub fn record_rejection(&mut self, procurement_id: &str, rejection: &Rejection, at: &str) -> Result<()> {
        let errors = serde_json::to_string(&rejection.errors).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let bidder =
            rejection.bidder.as_ref().map(|b| serde_json::to_string(b).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()?;
        let tx = self.conn.savepoint()?;
        let file = crate::model::bid::file_name(&rejection.file);
        let org_nr = rejection.bidder.as_ref().and_then(|b| b.org_nr.clone());
        let sha256 = rejection.received.as_ref().map(|r| r.sha256.clone());
        if let Some(r) = &rejection.received {
            journal::keep_file(&tx, &r.sha256, file, &r.bytes)?;
            journal::append(
                &tx,
                procurement_id,
                EventKind::WorkbookReceived,
                &self.actor,
                org_nr.as_deref(),
                &json!({ "file": file, "size": r.bytes.len(), "sha256": r.sha256 }),
            )?;
        }
        tx.execute(
            "INSERT INTO rejected_import (procurement_id, file, errors_json, at, bidder_json) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![procurement_id, rejection.file, errors, at, bidder],
        )?;
        let rejected_id = tx.last_insert_rowid();
        journal::append(
            &tx,
            procurement_id,
            EventKind::WorkbookRejected,
            &self.actor,
            org_nr.as_deref(),
            &json!({ "rejected_id": rejected_id, "file": file, "sha256": sha256, "errors": rejection.errors }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Rejected imports, the latest per file name.
    pub fn rejections(&self, procurement_id: &str) -> Result<Vec<Rejection>> {
        let mut st = self.conn.prepare(
            "SELECT file, errors_json, bidder_json FROM rejected_import r WHERE procurement_id = ?1
             AND id = (SELECT MAX(id) FROM rejected_import WHERE procurement_id = r.procurement_id AND file = r.file)
             AND NOT EXISTS (SELECT 1 FROM bid b WHERE b.procurement_id = r.procurement_id AND b.file = r.file AND b.imported_at > r.at)
             ORDER BY file",
        )?;
        let rows =
            st.query_map([procurement_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (file, errors, bidder) = row?;
            let errors = serde_json::from_str(&errors).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let bidder = bidder.map(|b| serde_json::from_str(&b).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()?;
            out.push(Rejection {
                file,
                errors,
                bidder,
                kind: Some(crate::model::rejection::RejectionKind::Unreadable),
                received: None,
            });
        }
        Ok(out)
    }

    /// Bids of a procurement; with `only_active`, those in force.
    pub fn bids(&self, procurement_id: &str, only_active: bool) -> Result<Vec<StoredBid>> {
        let sql = if only_active {
            "SELECT id, sha256, state, imported_at, content_json FROM bid WHERE procurement_id = ?1 AND state = 'active' ORDER BY name, id"
        } else {
            "SELECT id, sha256, state, imported_at, content_json FROM bid WHERE procurement_id = ?1 ORDER BY name, id"
        };
        let mut st = self.conn.prepare(sql)?;
        let rows = st.query_map([procurement_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, sha256, state, imported_at, json) = row?;
            let bid = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("bid {id}: {e}")))?;
            out.push(StoredBid { id, sha256, state, imported_at, bid });
        }
        Ok(out)
    }

    /// The stored bid with this file content, if any.
    pub fn bid_by_sha(&self, procurement_id: &str, sha256: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM bid WHERE procurement_id = ?1 AND sha256 = ?2", params![procurement_id, sha256], |r| r.get(0))
            .optional()?)
    }

    /// The bid in force for an organisation number.
    pub fn active_bid_for(&self, procurement_id: &str, org_nr: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM bid WHERE procurement_id = ?1 AND org_nr = ?2 AND state = 'active'",
                params![procurement_id, org_nr],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The bids in conflict, of every organisation number: stored in state `ambiguous` (another
    /// bid of the same organisation number has the same latest date and no person has chosen
    /// between them), in order of receipt.
    pub fn conflicting_bids(&self, procurement_id: &str) -> Result<Vec<ConflictingBidRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, org_nr, name, file, sha256, bid_date, imported_at FROM bid WHERE procurement_id = ?1 AND state = 'ambiguous' ORDER BY id",
        )?;
        let rows = st.query_map([procurement_id], |r| {
            Ok(ConflictingBidRow {
                bid_id: r.get(0)?,
                org_nr: r.get(1)?,
                name: r.get(2)?,
                file: r.get(3)?,
                sha256: r.get(4)?,
                bid_date: r.get(5)?,
                imported_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Settles a conflict: of the bids of `org_nr` in conflict, the bid `keep_bid_id` stands and
    /// the others are replaced by it, in one transaction with the event `bid_conflict_settled`
    /// (the bid chosen, those set aside, the justification and the person). The justification and
    /// the name are mandatory; a bid that is not in conflict cannot be chosen.
    pub fn settle_conflict(
        &mut self,
        procurement_id: &str,
        org_nr: &str,
        keep_bid_id: i64,
        justification: &str,
        decided_by: &str,
        decided_at: &str,
    ) -> Result<ConflictSettlement> {
        if justification.trim().is_empty() {
            return Err(StoreError::Refused("En motivering krävs för att avgöra vilket anbud som gäller.".into()));
        }
        if decided_by.trim().is_empty() {
            return Err(StoreError::Refused("Ange vem som avgör vilket anbud som gäller.".into()));
        }
        let tx = self.conn.transaction()?;
        let in_conflict: Vec<(i64, String, String, String)> = tx
            .prepare_cached("SELECT id, file, sha256, bid_date FROM bid WHERE procurement_id = ?1 AND org_nr = ?2 AND state = 'ambiguous' ORDER BY id")?
            .query_map(params![procurement_id, org_nr], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<std::result::Result<_, _>>()?;
        if in_conflict.len() < 2 {
            return Err(StoreError::Refused(format!(
                "{org_nr} har inga anbud i konflikt i upphandlingen {procurement_id}; det finns inget att avgöra."
            )));
        }
        let name = |f: &str| crate::model::bid::file_name(f).to_string();
        let Some(kept) = in_conflict.iter().find(|b| b.0 == keep_bid_id) else {
            return Err(StoreError::Refused(format!(
                "Anbudet som ska gälla måste vara ett av anbuden i konflikt från {org_nr}: {}.",
                in_conflict.iter().map(|b| name(&b.1)).collect::<Vec<_>>().join(", ")
            )));
        };
        let settlement = ConflictSettlement {
            org_nr: org_nr.to_string(),
            kept_bid_id: kept.0,
            kept_file: name(&kept.1),
            kept_sha256: kept.2.clone(),
            set_aside: in_conflict
                .iter()
                .filter(|b| b.0 != keep_bid_id)
                .map(|b| SetAsideInConflict { bid_id: b.0, file: name(&b.1), sha256: b.2.clone() })
                .collect(),
            bid_date: kept.3.clone(),
            justification: justification.trim().to_string(),
            decided_by: decided_by.trim().to_string(),
            decided_at: decided_at.to_string(),
        };
        let actor = Actor::named(decided_by);
        let payload = serde_json::to_value(&settlement).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        journal::append(&tx, procurement_id, EventKind::BidConflictSettled, &actor, Some(org_nr), &payload)?;
        apply_states(&tx, procurement_id, org_nr, &actor)?;
        tx.commit()?;
        Ok(settlement)
    }

    /// Every conflict people settled, in the order settled (from the journal).
    pub fn conflict_settlements(&self, procurement_id: &str) -> Result<Vec<ConflictSettlement>> {
        Ok(journal::events_of_kind(&self.conn, procurement_id, EventKind::BidConflictSettled, None)?
            .into_iter()
            .filter_map(|e| serde_json::from_str(&e.payload_json).ok())
            .collect())
    }

    /// Records a person's decision on a requirement. The justification is mandatory; the
    /// engine's proposal stays in the record beside it.
    #[allow(clippy::too_many_arguments)]
    pub fn add_override(
        &mut self,
        procurement: &Procurement,
        bid_id: i64,
        requirement_id: &str,
        outcome: Outcome,
        justification: &str,
        decided_by: &str,
        decided_at: &str,
    ) -> Result<OverrideRecord> {
        if justification.trim().is_empty() {
            return Err(StoreError::Refused("En motivering krävs för att ändra ett utfall.".into()));
        }
        if decided_by.trim().is_empty() {
            return Err(StoreError::Refused("Ange vem som fattar beslutet.".into()));
        }
        if procurement.requirement(requirement_id).is_none() {
            return Err(StoreError::Refused(format!("Kravet \"{requirement_id}\" finns inte i upphandlingen.")));
        }
        let org_nr: Option<String> = self.conn.query_row("SELECT org_nr FROM bid WHERE id = ?1", [bid_id], |r| r.get(0)).optional()?;
        if let Some(org_nr) = &org_nr {
            if let Some(reason) = self.conflict_of(&procurement.id, decided_by, org_nr)? {
                return Err(StoreError::ConflictOfInterest(format!(
                    "{} har anmält jäv mot {org_nr} ({reason}) och kan inte bedöma leverantörens anbud; utfallet har inte ändrats.",
                    decided_by.trim()
                )));
            }
        }
        let original: Option<String> = self
            .conn
            .query_row(
                "SELECT proposed FROM outcome WHERE bid_id = ?1 AND requirement_id = ?2",
                params![bid_id, requirement_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(original) = original else {
            return Err(StoreError::Refused(format!(
                "Kravet \"{requirement_id}\" har inte bedömts för det här anbudet (för sent inkommet anbud prövas inte)."
            )));
        };
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT INTO override (bid_id, requirement_id, original, outcome, justification, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![bid_id, requirement_id, original, outcome.as_str(), justification.trim(), decided_by.trim(), decided_at],
        )?;
        let id = tx.last_insert_rowid();
        let org_nr: String = tx.query_row("SELECT org_nr FROM bid WHERE id = ?1", [bid_id], |r| r.get(0))?;
        journal::append(
            &tx,
            &procurement.id,
            EventKind::Override,
            &Actor::named(decided_by),
            Some(&org_nr),
            &json!({
                "override_id": id,
                "bid_id": bid_id,
                "requirement": requirement_id,
                "before": original,
                "after": outcome.as_str(),
                "justification": justification.trim(),
                "decided_by": decided_by.trim(),
                "decided_at": decided_at,
            }),
        )?;
        tx.commit()?;
        Ok(OverrideRecord {
            id,
            bid_id,
            requirement_id: requirement_id.to_string(),
            original: Outcome::parse(&original).ok_or_else(|| StoreError::Corrupt(original.clone()))?,
            decision: Override {
                requirement_id: requirement_id.to_string(),
                outcome,
                justification: justification.trim().to_string(),
                decided_by: decided_by.trim().to_string(),
                decided_at: decided_at.to_string(),
            },
        })
    }

    /// Every override of a bid, oldest first (the history of who changed what, when).
    pub fn override_history(&self, bid_id: i64) -> Result<Vec<OverrideRecord>> {
        let mut st = self.conn.prepare(
            "SELECT id, requirement_id, original, outcome, justification, decided_by, decided_at FROM override WHERE bid_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([bid_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, req, original, outcome, justification, by, at) = row?;
            let parse = |s: &str| Outcome::parse(s).ok_or_else(|| StoreError::Corrupt(format!("utfall {s}")));
            out.push(OverrideRecord {
                id,
                bid_id,
                requirement_id: req.clone(),
                original: parse(&original)?,
                decision: Override {
                    requirement_id: req,
                    outcome: parse(&outcome)?,
                    justification,
                    decided_by: by,
                    decided_at: at,
                },
            });
        }
        Ok(out)
    }

    /// The overrides in force for a bid (the latest per requirement).
    pub fn overrides(&self, bid_id: i64) -> Result<Vec<Override>> {
        Ok(self.override_history(bid_id)?.into_iter().map(|r| r.decision).collect())
    }

    /// Every bid of a procurement (only those in force with `only_active`) with its overrides,
    /// oldest first: what an evaluation needs.
    pub fn bids_with_overrides(&self, procurement_id: &str, only_active: bool) -> Result<Vec<(StoredBid, Vec<Override>)>> {
        let bids = self.bids(procurement_id, only_active)?;
        let mut out = Vec::with_capacity(bids.len());
        for b in bids {
            let overrides = self.judgements(b.id)?;
            out.push((b, overrides));
        }
        Ok(out)
    }

    /// The stored proposals of a bid, as written: (requirement, proposed, reason code, reason,
    /// evidence JSON). The reason code is `None` in rows written before it was stored.
    pub fn stored_outcomes(&self, bid_id: i64) -> Result<Vec<StoredOutcome>> {
        let mut st = self.conn.prepare_cached(
            "SELECT requirement_id, proposed, reason_code, reason, evidence_json FROM outcome WHERE bid_id = ?1 ORDER BY rowid",
        )?;
        let rows = st.query_map([bid_id], |r| {
            Ok(StoredOutcome {
                requirement_id: r.get(0)?,
                proposed: r.get(1)?,
                reason_code: r.get(2)?,
                reason: r.get(3)?,
                evidence_json: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

/// A bid in conflict as stored (see [`Store::conflicting_bids`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictingBidRow {
    pub bid_id: i64,
    pub org_nr: String,
    pub name: String,
    /// The file as it was given when imported.
    pub file: String,
    pub sha256: String,
    /// ISO date.
    pub bid_date: String,
    /// When it was received, as recorded.
    pub imported_at: String,
}

/// A conflict a person settled: which bid stands, which were set aside, why and who. As the
/// event `bid_conflict_settled` records it (its payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ConflictSettlement {
    pub org_nr: String,
    pub kept_bid_id: i64,
    /// The file name (never its folder) of the bid that stands.
    pub kept_file: String,
    pub kept_sha256: String,
    pub set_aside: Vec<SetAsideInConflict>,
    /// The date the bids shared (ISO).
    pub bid_date: String,
    pub justification: String,
    pub decided_by: String,
    /// When the person settled it, as given (ISO 8601).
    pub decided_at: String,
}

/// A bid set aside when a conflict was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SetAsideInConflict {
    pub bid_id: i64,
    pub file: String,
    pub sha256: String,
}

/// A stored bid that is not in force (see [`Store::set_aside_bids`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAsideBid {
    pub bid_id: i64,
    pub file: String,
    pub org_nr: String,
    pub name: String,
    pub bid_date: chrono::NaiveDate,
    /// Another bid from the same organisation number has the same date; else it was replaced.
    pub ambiguous: bool,
    /// The file and date of the bid that replaced it.
    pub replaced_by: Option<(String, chrono::NaiveDate)>,
}

/// An override as stored, every column as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverrideRow {
    pub id: i64,
    pub bid_id: i64,
    pub org_nr: String,
    pub requirement_id: String,
    pub original: String,
    pub outcome: String,
    pub justification: String,
    pub decided_by: String,
    pub decided_at: String,
}

/// A bid row as stored: (id, file, sha256, org_nr, name, bid_date, content_json).
pub type BidRowRaw = (i64, String, String, String, String, String, String);

/// A stored proposal, as written in the table `outcome`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOutcome {
    pub requirement_id: String,
    pub proposed: String,
    pub reason_code: Option<String>,
    pub reason: String,
    pub evidence_json: String,
}

/// A decision as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct StoredDecision {
    pub id: i64,
    /// The decision's number within its procurement (Beslut nr 1, 2, …).
    pub number: i64,
    pub procurement_id: String,
    pub decision_date: String,
    pub decided_by: String,
    pub role: Option<String>,
    pub sent_date: String,
    pub standstill_end: String,
    pub canonical_json: String,
    pub sha256: String,
    pub inputs_json: String,
    pub created_at: String,
    /// The number of the decision that replaced this one, if it was re-taken.
    pub superseded_by: Option<i64>,
}

const DECISION_COLUMNS: &str =
    "d.id, d.number, d.procurement_id, d.decision_date, d.decided_by, d.role, d.sent_date, d.standstill_end,
    d.canonical_json, d.sha256, d.inputs_json, d.created_at, s.number";

fn stored_decision(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredDecision> {
    Ok(StoredDecision {
        id: r.get(0)?,
        number: r.get(1)?,
        procurement_id: r.get(2)?,
        decision_date: r.get(3)?,
        decided_by: r.get(4)?,
        role: r.get(5)?,
        sent_date: r.get(6)?,
        standstill_end: r.get(7)?,
        canonical_json: r.get(8)?,
        sha256: r.get(9)?,
        inputs_json: r.get(10)?,
        created_at: r.get(11)?,
        superseded_by: r.get(12)?,
    })
}

impl Store {
    /// The number the next decision of a procurement gets.
    pub fn next_decision_number(&self, procurement_id: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM decision WHERE procurement_id = ?1",
            [procurement_id],
            |r| r.get(0),
        )?)
    }

    /// Stores a decision with its canonical data, fingerprint and inputs, under the number the
    /// decision carries; the decision in force before it (if any) is marked as superseded by it.
    /// One transaction.
    pub fn save_decision(&mut self, d: &crate::records::decision::Decision, inputs_json: &str, created_at: &str) -> Result<i64> {
        let canonical = d.canonical_json();
        let sha = crate::records::decision::fingerprint_of(&canonical);
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT INTO decision (procurement_id, number, decision_date, decided_by, role, sent_date, standstill_end, canonical_json, sha256, inputs_json, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                d.procurement_id,
                d.number,
                d.decision_date.to_string(),
                d.decided_by,
                d.role,
                d.sent.to_string(),
                d.standstill_end.to_string(),
                canonical,
                sha,
                inputs_json,
                created_at
            ],
        )?;
        let id = tx.last_insert_rowid();
        let superseded: Vec<(i64, i64)> = tx
            .prepare("SELECT id, number FROM decision WHERE procurement_id = ?1 AND id <> ?2 AND superseded_by IS NULL ORDER BY id")?
            .query_map(params![d.procurement_id, id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        tx.execute(
            "UPDATE decision SET superseded_by = ?1 WHERE procurement_id = ?2 AND id <> ?1 AND superseded_by IS NULL",
            params![id, d.procurement_id],
        )?;
        let actor = Actor::named(&d.decided_by);
        journal::append(
            &tx,
            &d.procurement_id,
            EventKind::DecisionTaken,
            &actor,
            None,
            &json!({
                "decision_id": id,
                "number": d.number,
                "decision_date": d.decision_date.to_string(),
                "decided_by": d.decided_by,
                "fingerprint": sha,
                "journal_head": d.basis.as_ref().map(|b| b.journal_head.clone()),
                "inputs_sha256": crate::model::bid::sha256_hex(inputs_json.as_bytes()),
            }),
        )?;
        for (old_id, old_number) in superseded {
            journal::append(
                &tx,
                &d.procurement_id,
                EventKind::DecisionSuperseded,
                &actor,
                None,
                &json!({ "decision_id": old_id, "number": old_number, "by_decision_id": id, "by_number": d.number }),
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// A stored decision: the one with the given number, or the latest (the one in force).
    pub fn decision(&self, procurement_id: &str, number: Option<i64>) -> Result<Option<StoredDecision>> {
        let sql = format!(
            "SELECT {DECISION_COLUMNS} FROM decision d LEFT JOIN decision s ON s.id = d.superseded_by
             WHERE d.procurement_id = ?1 AND (?2 IS NULL OR d.number = ?2) ORDER BY d.number DESC LIMIT 1"
        );
        Ok(self.conn.query_row(&sql, params![procurement_id, number], stored_decision).optional()?)
    }

    /// The decision that the decision `id` superseded, if any.
    pub fn superseded_by_decision(&self, id: i64) -> Result<Option<StoredDecision>> {
        let sql = format!(
            "SELECT {DECISION_COLUMNS} FROM decision d LEFT JOIN decision s ON s.id = d.superseded_by
             WHERE d.superseded_by = ?1 ORDER BY d.number DESC LIMIT 1"
        );
        Ok(self.conn.query_row(&sql, [id], stored_decision).optional()?)
    }

    /// The stored bid with this file content, with its id.
    pub fn bid_with_sha(&self, procurement_id: &str, sha256: &str) -> Result<Option<StoredBid>> {
        let row: Option<(i64, String, String, String)> = self
            .conn
            .query_row(
                "SELECT id, state, imported_at, content_json FROM bid WHERE procurement_id = ?1 AND sha256 = ?2",
                params![procurement_id, sha256],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|(id, state, imported_at, json)| {
            serde_json::from_str(&json)
                .map(|bid| StoredBid { id, sha256: sha256.to_string(), state, imported_at, bid })
                .map_err(|e| StoreError::Corrupt(format!("bid {id}: {e}")))
        })
        .transpose()
    }

    /// Writes a consistent copy of the whole database to `target` (`VACUUM INTO`) while the store
    /// stays open, checked before it takes the target's name: a temporary file beside the target,
    /// made durable, opened and checked (integrity, schema, the rows of every table), then
    /// renamed over it. An existing file at `target` is replaced only by a whole, checked copy,
    /// and stays as it was when anything fails (`docs/database.md`, "Copies").
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        self.backup_checked(target, None)
    }

    fn backup_checked(&self, target: &Path, tamper: Option<&dyn Fn(&Path)>) -> Result<()> {
        backup::checked_copy(&self.conn, target, tamper)?;
        // The copy is made: each procurement's journal records it, in one transaction (the copy
        // itself holds the journal as it was just before).
        let ids: Vec<String> = self.procurements()?.into_iter().map(|(id, _)| id).collect();
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        self.conn.execute_batch("SAVEPOINT backup_made")?;
        let appended = ids.iter().try_for_each(|id| {
            journal::append(&self.conn, id, EventKind::BackupMade, &self.actor, None, &json!({ "file": name })).map(|_| ())
        });
        match appended {
            Ok(()) => self.conn.execute_batch("RELEASE backup_made")?,
            Err(e) => {
                self.conn.execute_batch("ROLLBACK TO backup_made; RELEASE backup_made")?;
                return Err(e);
            }
        }
        Ok(())
    }

    /// The highest override id so far (0 when none): what a decision was taken on.
    pub fn last_override_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT COALESCE(MAX(id), 0) FROM override", [], |r| r.get(0))?)
    }

    /// The overrides in force for a bid as they stood up to and including override `up_to`.
    pub fn overrides_up_to(&self, bid_id: i64, up_to: i64) -> Result<Vec<Override>> {
        Ok(self.override_history(bid_id)?.into_iter().filter(|r| r.id <= up_to).map(|r| r.decision).collect())
    }

    /// Every override of a procurement's bids, superseded ones too, in the order recorded, as
    /// stored (raw text, so a tampered row is seen as it is). The overrides are read in their own
    /// order (CROSS JOIN keeps them the outer loop), so a long history is never sorted.
    pub fn override_rows(&self, procurement_id: &str) -> Result<Vec<OverrideRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT o.id, o.bid_id, b.org_nr, o.requirement_id, o.original, o.outcome, o.justification, o.decided_by, o.decided_at
             FROM override o CROSS JOIN bid b ON b.id = o.bid_id WHERE b.procurement_id = ?1 ORDER BY o.id",
        )?;
        let rows = st.query_map([procurement_id], |r| {
            Ok(OverrideRow {
                id: r.get(0)?,
                bid_id: r.get(1)?,
                org_nr: r.get(2)?,
                requirement_id: r.get(3)?,
                original: r.get(4)?,
                outcome: r.get(5)?,
                justification: r.get(6)?,
                decided_by: r.get(7)?,
                decided_at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Every bid of a procurement as stored: (id, file, sha256, org_nr, name, bid_date, content_json).
    pub fn bid_rows_raw(&self, procurement_id: &str) -> Result<Vec<BidRowRaw>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, file, sha256, org_nr, name, bid_date, content_json FROM bid WHERE procurement_id = ?1 ORDER BY id",
        )?;
        let rows =
            st.query_map([procurement_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Every decision of a procurement, in the order taken.
    pub fn decisions(&self, procurement_id: &str) -> Result<Vec<StoredDecision>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {DECISION_COLUMNS} FROM decision d LEFT JOIN decision s ON s.id = d.superseded_by WHERE d.procurement_id = ?1 ORDER BY d.id"
        ))?;
        let rows = st.query_map([procurement_id], stored_decision)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The ids of the workbooks rejected for a procurement.
    pub fn rejected_ids(&self, procurement_id: &str) -> Result<Vec<(i64, String)>> {
        let mut st = self.conn.prepare_cached("SELECT id, file FROM rejected_import WHERE procurement_id = ?1 ORDER BY id")?;
        let rows = st.query_map([procurement_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Bids that were stored but are not in force: replaced by a later bid from the same
    /// organisation number, or ambiguous (another bid has the same date). As stored: composing
    /// what a person reads of them is the use cases' work.
    pub fn set_aside_bids(&self, procurement_id: &str) -> Result<Vec<SetAsideBid>> {
        let mut st = self.conn.prepare(
            "SELECT b.file, b.org_nr, b.name, b.bid_date, b.state, r.file, r.bid_date, b.id FROM bid b LEFT JOIN bid r ON r.id = b.replaced_by
             WHERE b.procurement_id = ?1 AND b.state <> 'active' ORDER BY b.file",
        )?;
        let rows = st.query_map([procurement_id], |r| {
            Ok((
                r.get::<_, i64>(7)?,
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let date_of = |s: &str| s.parse::<chrono::NaiveDate>().map_err(|_| StoreError::Corrupt(format!("anbudsdatum {s}")));
        let mut out = Vec::new();
        for row in rows {
            let (bid_id, file, org_nr, name, date, state, by_file, by_date) = row?;
            let replaced_by = match (by_file, by_date) {
                (Some(f), Some(d)) => Some((f, date_of(&d)?)),
                _ => None,
            };
            out.push(SetAsideBid {
                bid_id,
                file,
                org_nr,
                name,
                bid_date: date_of(&date)?,
                ambiguous: state == "ambiguous",
                replaced_by,
            });
        }
        Ok(out)
    }
}

/// The state of each bid of one organisation number, from their dates and the conflicts people
/// settled: a bid a person set aside (`set_aside`) stands no more; of the others, the latest date
/// stands alone → active, the others replaced by it (set-aside ones too); several share the
/// latest date → all of those ambiguous (a conflict, until a person chooses), the others replaced
/// (by none). `(id, ISO date)` in; `(id, state, replaced_by)` out.
fn settled_states(bids: &[(i64, String)], set_aside: &std::collections::BTreeSet<i64>) -> Vec<(i64, &'static str, Option<i64>)> {
    let standing: Vec<&(i64, String)> = match bids.iter().filter(|b| !set_aside.contains(&b.0)).collect::<Vec<_>>() {
        v if v.is_empty() => bids.iter().collect(),
        v => v,
    };
    let latest = standing.iter().map(|b| b.1.clone()).max().unwrap_or_default();
    let at_latest: Vec<i64> = standing.iter().filter(|b| b.1 == latest).map(|b| b.0).collect();
    let winner = if at_latest.len() == 1 { Some(at_latest[0]) } else { None };
    bids.iter()
        .map(|(id, _)| match winner {
            Some(w) if w == *id => (*id, "active", None),
            Some(w) => (*id, "replaced", Some(w)),
            None if at_latest.contains(id) => (*id, "ambiguous", None),
            None => (*id, "replaced", None),
        })
        .collect()
}

/// The rows of the tables beside `bid` (answer, assignment, lot_offer, stated_price) as they are
/// derived from the bid as read: what the import writes and what `verify` expects to find.
#[derive(Debug, Default, PartialEq)]
struct BidRows {
    answers: Vec<AnswerRow>,
    assignments: Vec<AssignmentRow>,
    /// (code, offered, zones)
    lots: Vec<(String, bool, String)>,
    /// (lot, zone, price, cell)
    prices: Vec<(String, i64, String, String)>,
}

/// (sheet, cell, question, value_type, value)
type AnswerRow = (String, Option<String>, String, String, Option<String>);
/// (row, customer, profession, from_date, to_date, hours)
type AssignmentRow = (i64, String, String, String, String, String);

fn bid_rows(bid: &Bid) -> BidRows {
    let mut rows = BidRows::default();
    let fields = [
        ("Organisationsnummer", bid.org_nr.to_string()),
        ("Företagsnamn", bid.name.clone()),
        ("Anbudsdatum", bid.bid_date.to_string()),
    ];
    for (q, v) in fields {
        rows.answers.push(("Anbudsgivare".into(), None, q.into(), "text".into(), Some(v)));
    }
    for a in &bid.answers {
        let (ty, v): (&str, Option<String>) = match &a.value {
            Value::Empty => ("empty", None),
            Value::YesNo(b) => ("yes_no", Some(if *b { "Ja".into() } else { "Nej".into() })),
            Value::Text(t) => ("text", Some(t.clone())),
            Value::Integer(i) => ("integer", Some(i.to_string())),
            Value::Number(n) => ("number", Some(n.to_string())),
            Value::Date(d) => ("date", Some(d.to_string())),
        };
        let (sheet, cell) = match &a.cell {
            Some(c) => (c.sheet.clone(), Some(c.cell.clone())),
            None => ("Kvalificering".to_string(), None),
        };
        rows.answers.push((sheet, cell, a.question.clone(), ty.into(), v));
    }
    for a in &bid.assignments {
        rows.assignments.push((
            a.row as i64,
            a.customer.clone(),
            a.profession.clone(),
            a.from.to_string(),
            a.to.to_string(),
            a.hours.to_string(),
        ));
    }
    for l in &bid.lots {
        rows.lots.push((l.code.clone(), l.offered, l.zones.iter().map(|z| z.to_string()).collect::<Vec<_>>().join(",")));
    }
    for sp in &bid.prices {
        rows.prices.push((sp.lot.clone(), sp.zone as i64, sp.price.to_string(), sp.cell.to_string()));
    }
    rows
}

impl Store {
    /// Where what the store keeps about a procurement disagrees with itself: the validated
    /// definition against the definition text, and for every bid its columns, the tables beside
    /// it (answer, assignment, lot_offer, stated_price), its state and the stored proposals
    /// (outcome) against the bid as read (`content_json`, the one source every evaluation, record
    /// and screen is computed from) and the rules that derive them. Each problem in Swedish; none
    /// when all agree. Used by `anbud verify`.
    pub fn integrity_problems(&self, procurement_id: &str) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let Some((stored, toml)) = self.procurement(procurement_id)? else {
            return Ok(vec![format!("upphandlingen {procurement_id} finns inte i databasen")]);
        };
        match Procurement::from_toml(&toml) {
            Ok(p) if p != stored => problems.push(format!(
                "upphandlingen {procurement_id}: den lagrade tolkade definitionen (procurement.definition_json) stämmer inte med definitionens text"
            )),
            Ok(_) => {}
            Err(e) => {
                problems.push(format!("upphandlingen {procurement_id}: definitionens text i databasen kan inte läsas: {e}"))
            }
        }
        let mut st = self.conn.prepare(
            "SELECT id, file, org_nr, name, bid_date, state, replaced_by, content_json FROM bid WHERE procurement_id = ?1 ORDER BY id",
        )?;
        type Row = (i64, String, String, String, String, String, Option<i64>, String);
        let rows: Vec<Row> = st
            .query_map([procurement_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        let mut bids: Vec<(i64, Bid)> = Vec::new();
        for (id, _, _, _, _, _, _, json) in &rows {
            match serde_json::from_str::<Bid>(json) {
                Ok(b) => bids.push((*id, b)),
                Err(e) => problems.push(format!("anbud {id}: det lagrade anbudet (bid.content_json) kan inte läsas: {e}")),
            }
        }
        // The state each bid should have, from the dates of the bids of its organisation number.
        let mut by_org: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
        for (id, b) in &bids {
            by_org.entry(b.org_nr.to_string()).or_default().push((*id, b.bid_date.to_string()));
        }
        let set_aside = set_aside_by_settlement(&self.conn, procurement_id, None)?;
        let settled: BTreeMap<i64, (&str, Option<i64>)> =
            by_org.values().flat_map(|v| settled_states(v, &set_aside)).map(|(id, state, by)| (id, (state, by))).collect();
        for (id, file, org_nr, name, bid_date, state, replaced_by, _) in &rows {
            let Some((_, bid)) = bids.iter().find(|(b, _)| b == id) else { continue };
            let who = format!("anbudet från {} ({})", bid.name, crate::model::bid::file_name(&bid.file));
            let differs = |what: &str, problems: &mut Vec<String>| {
                problems.push(format!("{who}: {what} stämmer inte med anbudet som det lästes in"));
            };
            for (column, value, expected) in [
                ("file", file.as_str(), bid.file.clone()),
                ("org_nr", org_nr.as_str(), bid.org_nr.to_string()),
                ("name", name.as_str(), bid.name.clone()),
                ("bid_date", bid_date.as_str(), bid.bid_date.to_string()),
            ] {
                if value != expected {
                    differs(&format!("kolumnen bid.{column} (\"{value}\")"), &mut problems);
                }
            }
            if let Some((expected_state, expected_by)) = settled.get(id) {
                if state != expected_state || replaced_by != expected_by {
                    problems.push(format!(
                        "{who}: tillståndet \"{state}\" (bid.state, bid.replaced_by) stämmer inte med anbudsdatumen för organisationsnummer {}, som ger \"{expected_state}\"",
                        bid.org_nr
                    ));
                }
            }
            let expected = bid_rows(bid);
            let actual = self.stored_bid_rows(*id)?;
            for (table, same) in [
                ("answer", expected.answers == actual.answers),
                ("assignment", expected.assignments == actual.assignments),
                ("lot_offer", expected.lots == actual.lots),
                ("stated_price", expected.prices == actual.prices),
            ] {
                if !same {
                    differs(&format!("tabellen {table}"), &mut problems);
                }
            }
        }
        Ok(problems)
    }

    fn stored_bid_rows(&self, bid_id: i64) -> Result<BidRows> {
        let mut rows = BidRows::default();
        let mut st = self
            .conn
            .prepare_cached("SELECT sheet, cell, question, value_type, value FROM answer WHERE bid_id = ?1 ORDER BY rowid")?;
        rows.answers = st
            .query_map([bid_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT row, customer, profession, from_date, to_date, hours FROM assignment WHERE bid_id = ?1 ORDER BY rowid",
        )?;
        rows.assignments = st
            .query_map([bid_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let mut st = self.conn.prepare_cached("SELECT code, offered, zones FROM lot_offer WHERE bid_id = ?1 ORDER BY rowid")?;
        rows.lots = st.query_map([bid_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<std::result::Result<_, _>>()?;
        let mut st = self.conn.prepare_cached("SELECT lot, zone, price, cell FROM stated_price WHERE bid_id = ?1 ORDER BY rowid")?;
        rows.prices =
            st.query_map([bid_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }
}

/// The amendment a change of a procurement's definition is recorded with (trimmed), or why the
/// change is refused: once a workbook is received, only as an amendment with a justification and
/// a name.
fn checked_amendment(procurement_id: &str, frozen: bool, amendment: Option<&AmendmentInput>) -> Result<Option<AmendmentInput>> {
    let refuse = |m: String| if frozen { StoreError::Frozen(m) } else { StoreError::Refused(m) };
    match amendment {
        None if frozen => Err(StoreError::Frozen(format!(
            "Upphandlingen {procurement_id} har tagit emot anbud, så dess definition kan inte längre ändras utan att ändringen registreras som en rättelse med motivering och namn."
        ))),
        None => Ok(None),
        Some(a) if a.justification.trim().is_empty() => Err(refuse("Ange en motivering till rättelsen av upphandlingens definition.".into())),
        Some(a) if a.by.trim().is_empty() => Err(refuse("Ange vem som gör rättelsen av upphandlingens definition.".into())),
        Some(a) => Ok(Some(AmendmentInput { justification: a.justification.trim().to_string(), by: a.by.trim().to_string() })),
    }
}

fn write_outcomes(conn: &Connection, bid_id: i64, e: &SupplierEvaluation) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO outcome (bid_id, requirement_id, proposed, reason_code, reason, evidence_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for r in &e.requirements {
        let evidence = serde_json::to_string(&r.evidence).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        st.execute(params![bid_id, r.id, r.proposed.as_str(), r.reason_code.as_str(), r.reason, evidence])?;
    }
    Ok(())
}

/// The bids of one organisation number as stored: (id, file, bid date, state, replaced_by).
type OrgRow = (i64, String, String, String, Option<i64>);

/// Brings the states of one organisation number's bids in line with their dates and the
/// conflicts people settled ([`settled_states`]), journaling each bid replaced and each new
/// conflict. Returns the bids (id, file, date) and their states.
#[allow(clippy::type_complexity)]
fn apply_states(
    conn: &Connection,
    procurement_id: &str,
    org_nr: &str,
    actor: &Actor,
) -> Result<(Vec<(i64, String, String)>, Vec<(i64, &'static str, Option<i64>)>)> {
    let mut st = conn.prepare_cached(
        "SELECT id, file, bid_date, state, replaced_by FROM bid WHERE procurement_id = ?1 AND org_nr = ?2 ORDER BY id",
    )?;
    let before: Vec<OrgRow> = st
        .query_map(params![procurement_id, org_nr], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let rows: Vec<(i64, String, String)> = before.iter().map(|r| (r.0, r.1.clone(), r.2.clone())).collect();
    let dated: Vec<(i64, String)> = rows.iter().map(|r| (r.0, r.2.clone())).collect();
    let states = settled_states(&dated, &set_aside_by_settlement(conn, procurement_id, Some(org_nr))?);
    let file_of =
        |id: i64| rows.iter().find(|r| r.0 == id).map(|r| crate::model::bid::file_name(&r.1).to_string()).unwrap_or_default();
    let mut conflicting = Vec::new();
    for (id, state, by) in &states {
        let was = before.iter().find(|r| r.0 == *id).map(|r| (r.3.as_str(), r.4));
        if was == Some((*state, *by)) {
            continue;
        }
        conn.prepare_cached("UPDATE bid SET state = ?1, replaced_by = ?2 WHERE id = ?3")?.execute(params![state, by, id])?;
        match *state {
            "replaced" => {
                journal::append(
                    conn,
                    procurement_id,
                    EventKind::BidReplaced,
                    actor,
                    Some(org_nr),
                    &json!({ "bid_id": id, "file": file_of(*id), "before": was.map(|w| w.0), "by_bid_id": by, "by_file": by.map(file_of) }),
                )?;
            }
            "ambiguous" => conflicting.push(*id),
            _ => {}
        }
    }
    if !conflicting.is_empty() {
        let all: Vec<i64> = states.iter().filter(|s| s.1 == "ambiguous").map(|s| s.0).collect();
        journal::append(
            conn,
            procurement_id,
            EventKind::BidsInConflict,
            actor,
            Some(org_nr),
            &json!({ "bid_ids": all, "files": all.iter().map(|id| file_of(*id)).collect::<Vec<_>>(), "bid_date": rows.iter().find(|r| r.0 == all[0]).map(|r| r.2.clone()) }),
        )?;
    }
    Ok((rows, states))
}

/// Re-settles the bids of one organisation number after `new_id` was inserted: the latest
/// date stands alone → active, the others replaced; several share the latest date → all of
/// those ambiguous (in conflict, until a person settles it), the earlier replaced.
fn settle(conn: &Connection, procurement_id: &str, org_nr: &str, new_id: i64, actor: &Actor) -> Result<Imported> {
    let (rows, states) = apply_states(conn, procurement_id, org_nr, actor)?;
    let file_of = |id: i64| rows.iter().find(|r| r.0 == id).map(|r| r.1.clone()).unwrap_or_default();
    let in_state = |state: &str| states.iter().filter(|s| s.1 == state).map(|s| s.0).collect::<Vec<_>>();
    let new_state = states.iter().find(|s| s.0 == new_id).map(|s| s.1).unwrap_or("active");
    Ok(match new_state {
        "active" => {
            let replaced: Vec<String> = rows.iter().filter(|r| r.0 != new_id).map(|r| r.1.clone()).collect();
            if replaced.is_empty() {
                Imported::New { bid_id: new_id }
            } else {
                Imported::Replacing { bid_id: new_id, replaced }
            }
        }
        "ambiguous" => Imported::Ambiguous {
            bid_id: new_id,
            with: in_state("ambiguous").into_iter().filter(|id| *id != new_id).map(file_of).collect(),
        },
        _ => {
            let standing = match in_state("active").first() {
                Some(w) => vec![*w],
                None => in_state("ambiguous"),
            };
            Imported::Superseded {
                bid_id: new_id,
                by: standing.into_iter().map(file_of).collect::<Vec<_>>().join(", "),
            }
        }
    })
}

/// The bids that people set aside when they settled conflicts (`bid_conflict_settled`), of one
/// organisation number or of all: they stand no more, whatever their date.
fn set_aside_by_settlement(conn: &Connection, procurement_id: &str, org_nr: Option<&str>) -> Result<std::collections::BTreeSet<i64>> {
    let mut out = std::collections::BTreeSet::new();
    for e in journal::events_of_kind(conn, procurement_id, EventKind::BidConflictSettled, org_nr)? {
        let payload: serde_json::Value = serde_json::from_str(&e.payload_json).unwrap_or_default();
        if let Some(set_aside) = payload["set_aside"].as_array() {
            out.extend(set_aside.iter().filter_map(|b| b["bid_id"].as_i64()));
        }
    }
    Ok(out)
}

/// Why a database file cannot be opened, as a sentence naming it.
fn open_error(path: &Path, e: &rusqlite::Error) -> String {
    let shown = path.display();
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            format!("Filen {shown} är inte en Anbud-databas (den är inte en SQLite-fil, eller är skadad). Välj en annan fil.")
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => format!("Databasfilen {shown} är skadad och kan inte öppnas."),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied) => {
            format!("Databasfilen {shown} kan inte öppnas: behörighet saknas för filen eller mappen.")
        }
        Some(rusqlite::ErrorCode::ReadOnly) => format!("Databasfilen {shown} är skrivskyddad; Anbud behöver kunna skriva i den."),
        _ => format!("Databasfilen {shown} kan inte öppnas: {}.", crate::support::sv::sqlite_error(e)),
    }
}

/// Why the folder of a new database file cannot be made, as a sentence naming it.
fn open_dir_error(dir: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("Mappen {} finns inte och kan inte skapas.", dir.display()),
        std::io::ErrorKind::PermissionDenied => format!("Behörighet saknas för att skapa mappen {}.", dir.display()),
        _ => format!("Mappen {} kan inte skapas: {}.", dir.display(), crate::support::sv::io_error(e)),
    }
}

/// Refuses a file that is not empty and does not begin with SQLite's header, by reading its first
/// bytes: SQLite itself would take a file shorter than a page for an empty database and write
/// over it.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(StoreError::Open(format!(
                "Databasfilen {} kan inte öppnas: behörighet saknas för filen eller mappen.",
                path.display()
            )))
        }
        Err(e) => {
            return Err(StoreError::Open(format!(
                "Databasfilen {} kan inte öppnas: {}.",
                path.display(),
                crate::support::sv::io_error(&e)
            )))
        }
    };
    let mut head = Vec::with_capacity(16);
    let read = file.by_ref().take(16).read_to_end(&mut head);
    if read.is_ok() && (head.is_empty() || head == b"SQLite format 3\0") {
        return Ok(());
    }
    Err(StoreError::Open(format!(
        "Filen {} är inte en Anbud-databas (den är inte en SQLite-fil, eller är skadad). Välj en annan fil.",
        path.display()
    )))
}

/// Where the checked copy made before a migration to schema `to` goes: beside the database,
/// `<stem>.kopia-före-uppgradering-schema-<to>.<UTC time>.<extension>`
/// (`anbud.kopia-före-uppgradering-schema-7.20261202-221500.sqlite`).
pub fn pre_migration_copy_path(db: &Path, to: i64, now: &chrono::DateTime<chrono::Utc>) -> PathBuf {
    let stem = db.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "anbud".into());
    let ext = db.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    db.with_file_name(format!("{stem}.kopia-före-uppgradering-schema-{to}.{}{ext}", now.format("%Y%m%d-%H%M%S")))
}

/// True for a SQLite database that another program made: tables but no schema version, or a
/// schema version without Anbud's first tables (`procurement`, `bid`). (Migrating it would write
/// Anbud's tables into someone else's file.) Only reads.
fn is_foreign_database(conn: &Connection) -> rusqlite::Result<bool> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 =
        conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", [], |r| r.get(0))?;
    if version == 0 {
        return Ok(tables > 0);
    }
    let ours: i64 =
        conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('procurement', 'bid')", [], |r| {
            r.get(0)
        })?;
    Ok(ours < 2)
}

fn migration_error(e: &rusqlite_migration::Error) -> String {
    use rusqlite_migration::{Error as E, MigrationDefinitionError as D};
    match e {
        E::MigrationDefinition(D::DatabaseTooFarAhead) => {
            "databasen är skapad av en nyare version av Anbud; uppdatera Anbud för att öppna den".to_string()
        }
        E::RusqliteError { err, .. } => crate::support::sv::sqlite_error(err),
        E::InvalidUserVersion => "databasens versionsnummer är ändrat av ett annat program".to_string(),
        _ => {
            tracing::warn!("migrering: {e}");
            "ett oväntat fel när databasens tabeller skulle uppdateras".to_string()
        }
    }
}

/// Test hook for the kill test (tests/store_kill.rs): pauses inside the import transaction.
/// Set ANBUD_TEST_PAUSE_IN_IMPORT_MS; it has no effect otherwise. Documented for users in
/// docs/environment.md (it is read in every build, and nothing but the test sets it).
fn test_pause() {
    if let Ok(ms) = std::env::var("ANBUD_TEST_PAUSE_IN_IMPORT_MS") {
        if let Ok(ms) = ms.parse::<u64>() {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_opens_every_schema_from_the_journal_on_and_refuses_older_and_newer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let e = Store::open_read_only(&path).err().expect("a database without a journal is refused").to_string();
        assert!(e.contains("äldre version") && e.contains("schema 5"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "the refused file is not touched");
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_latest(&mut conn).unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let store = Store::open_read_only(&path).unwrap();
        assert!(store.procurements().unwrap().is_empty());
        drop(store);
        assert_eq!(std::fs::read(&path).unwrap(), before, "read-only leaves the bytes");
        // The journal's schema (6), from before the working group's tables, is read as it is.
        let path6 = dir.path().join("r6.sqlite");
        let mut conn = Connection::open(&path6).unwrap();
        migrations().to_version(&mut conn, 6).unwrap();
        drop(conn);
        let store = Store::open_read_only(&path6).unwrap();
        assert!(store.judgements(1).unwrap().is_empty(), "no assessments before the working group");
        drop(store);
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", schema_version() + 1).unwrap();
        drop(conn);
        let e = Store::open_read_only(&path).err().expect("a newer schema is refused").to_string();
        assert!(e.contains("nyare version"), "{e}");
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
        names.sort();
        names
    }

    fn read_only(path: &Path) -> Connection {
        Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    }

    fn integrity(conn: &Connection) -> String {
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
    }

    fn user_version(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_foreign_database_or_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        // Another program's database, in rollback-journal mode (SQLite's default).
        let other = dir.path().join("kunder.db");
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("PRAGMA journal_mode = DELETE; CREATE TABLE kund (namn TEXT); INSERT INTO kund VALUES ('Anna');").unwrap();
        drop(conn);
        // Another program's, with a schema version of its own.
        let versioned = dir.path().join("annan.sqlite");
        let conn = Connection::open(&versioned).unwrap();
        conn.execute_batch("CREATE TABLE inställning (nyckel TEXT, värde TEXT); PRAGMA user_version = 3;").unwrap();
        drop(conn);
        // Not SQLite: a text, and a few bytes (shorter than SQLite's header).
        let text = dir.path().join("text.sqlite");
        std::fs::write(&text, "ingen databas här, bara text som är längre än en sqlite-rubrik\n".repeat(100)).unwrap();
        let short = dir.path().join("kort.sqlite");
        std::fs::write(&short, b"hej\n").unwrap();
        let files = names_in(dir.path());
        for path in [&other, &versioned, &text, &short] {
            let before = std::fs::read(path).unwrap();
            let e = Store::open(path).err().expect("refused");
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            assert_eq!(e.code(), ErrorCode::DbOpen, "{name}: {e}");
            assert!(e.to_string().contains("inte en Anbud-databas") && e.to_string().contains(&name), "{e}");
            assert_eq!(std::fs::read(path).unwrap(), before, "{name}: not a byte changed");
            assert_eq!(names_in(dir.path()), files, "{name}: no -wal, -shm or -journal left beside it");
        }
        let conn = read_only(&other);
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "delete", "still in rollback-journal mode");
        // An empty file is a new database.
        let empty = dir.path().join("tom.sqlite");
        std::fs::write(&empty, b"").unwrap();
        assert!(Store::open(&empty).is_ok());
    }

    #[test]
    fn a_copy_that_fails_its_check_leaves_the_old_copy_whole_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.sqlite")).unwrap();
        let p = crate::usecases::demo::demo_procurement();
        let toml = crate::usecases::demo::DEMO_TOML;
        store.save_procurement(&p, toml, "2026-12-18T09:00:00+01:00").unwrap();
        let copy = dir.path().join("kopia.sqlite");
        store.backup_to(&copy).unwrap();
        let old = std::fs::read(&copy).unwrap();
        let files = names_in(dir.path());
        store.save_procurement(&p, &format!("{toml}\n# ändrad\n"), "2026-12-18T10:00:00+01:00").unwrap();
        let truncate = |tmp: &Path| {
            let len = std::fs::metadata(tmp).unwrap().len();
            std::fs::OpenOptions::new().write(true).open(tmp).unwrap().set_len(len / 2).unwrap();
        };
        let foreign = |tmp: &Path| {
            std::fs::remove_file(tmp).unwrap();
            Connection::open(tmp).unwrap().execute_batch("CREATE TABLE kund (namn TEXT); PRAGMA user_version = 7;").unwrap();
        };
        let extra_table = |tmp: &Path| Connection::open(tmp).unwrap().execute_batch("CREATE TABLE extra (x)").unwrap();
        let missing_rows = |tmp: &Path| {
            Connection::open(tmp).unwrap().execute_batch("DROP TRIGGER event_no_delete; DELETE FROM event WHERE seq = 2").unwrap()
        };
        type Tamper<'a> = &'a dyn Fn(&Path);
        let tampers: [(Tamper, &str); 4] = [
            (&truncate, "kontrollen"),
            (&foreign, "inte en Anbud-databas"),
            (&extra_table, "andra tabeller"),
            (&missing_rows, "tabellen event har 2 rader i kopian och 3 i databasen"),
        ];
        for (tamper, why) in tampers {
            let e = store.backup_checked(&copy, Some(tamper)).expect_err("the check fails");
            assert_eq!(e.code(), ErrorCode::Io);
            let text = e.to_string();
            assert!(text.starts_with("Kopian kan inte sparas till ") && text.contains("kopia.sqlite") && text.contains(why), "{text}");
            assert!(text.contains("ingen fil har ersatts"), "{text}");
            assert_eq!(std::fs::read(&copy).unwrap(), old, "the old copy is as it was");
            assert_eq!(names_in(dir.path()), files, "no temporary file left");
        }
        assert_eq!(store.events(&p.id).unwrap().len(), 3, "no backup_made for a copy that failed");
        // A copy that checks out replaces it, whole.
        let expected = backup::table_counts(&store.conn).unwrap();
        store.backup_to(&copy).unwrap();
        assert_eq!(names_in(dir.path()), files);
        let conn = read_only(&copy);
        assert_eq!(integrity(&conn), "ok");
        assert_eq!(user_version(&conn), schema_version());
        assert_eq!(backup::table_counts(&conn).unwrap(), expected);
        let kinds: Vec<String> = store.events(&p.id).unwrap().into_iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["procurement_created", "backup_made", "definition_changed", "backup_made"]);
    }

    #[test]
    fn an_older_schema_is_copied_and_checked_before_it_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gammal.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO procurement VALUES ('A', 'a', '', '{}', 'x');
             INSERT INTO decision (procurement_id, decision_date, decided_by, sent_date, standstill_end, canonical_json, sha256, created_at, number)
             VALUES ('A', 'd', 'k', 's', 'e', '{}', 'h1', 'x', 1), ('A', 'd', 'k', 's', 'e', '{}', 'h2', 'x', 2);",
        )
        .unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        let copy = store.pre_migration_copy().expect("a copy was made").to_path_buf();
        assert_eq!(copy.parent(), path.parent(), "beside the database");
        let name = copy.file_name().unwrap().to_string_lossy().to_string();
        assert!(name.starts_with("gammal.kopia-före-uppgradering-schema-7.") && name.ends_with(".sqlite"), "{name}");
        // The copy: whole, of the old schema, with the old rows.
        let c = read_only(&copy);
        assert_eq!(integrity(&c), "ok");
        assert_eq!(user_version(&c), 5);
        let decisions: i64 = c.query_row("SELECT COUNT(*) FROM decision", [], |r| r.get(0)).unwrap();
        assert_eq!(decisions, 2);
        let journal: i64 = c.query_row("SELECT COUNT(*) FROM sqlite_master WHERE name = 'event'", [], |r| r.get(0)).unwrap();
        assert_eq!(journal, 0, "the old schema, without the journal");
        drop(c);
        // The database: migrated, its rows kept.
        assert_eq!(user_version(&store.conn), schema_version());
        assert_eq!(integrity(&store.conn), "ok");
        let decisions: i64 = store.conn.query_row("SELECT COUNT(*) FROM decision", [], |r| r.get(0)).unwrap();
        assert_eq!(decisions, 2);
        assert!(store.events("A").unwrap().is_empty(), "no journal before schema 6 to record the copy in");
        drop(store);
        // Opened again: nothing to migrate, no second copy.
        let store = Store::open(&path).unwrap();
        assert!(store.pre_migration_copy().is_none());
        assert_eq!(names_in(dir.path()).iter().filter(|n| n.contains("kopia-före")).count(), 1);
    }

    #[test]
    fn a_journal_from_before_the_migration_records_the_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sex.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 6).unwrap();
        conn.execute("INSERT INTO procurement VALUES ('A', 'a', '', '{}', 'x')", []).unwrap();
        journal::append(&conn, "A", EventKind::ProcurementCreated, &Actor::named("Anna"), None, &json!({ "name": "a" })).unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        let copy = store.pre_migration_copy().unwrap().file_name().unwrap().to_string_lossy().to_string();
        let events = store.events("A").unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(events[1].kind, "backup_made");
        let payload: serde_json::Value = serde_json::from_str(&events[1].payload_json).unwrap();
        assert_eq!(payload, json!({ "file": copy, "reason": "före uppgradering", "schema_before": 6, "schema_after": 7 }));
        assert!(journal::walk(&events).is_ok());
        assert_eq!(user_version(&read_only(&dir.path().join(&copy))), 6);
    }

    #[cfg(unix)]
    #[test]
    fn an_older_schema_is_not_migrated_when_its_copy_cannot_be_made() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        // SQLite takes the copy's name as text: a folder whose name is not UTF-8 cannot hold one.
        let folder = dir.path().join(std::ffi::OsStr::from_bytes(b"gammal-\xff"));
        std::fs::create_dir(&folder).unwrap();
        let path = folder.join("a.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let e = Store::open(&path).err().expect("not migrated");
        assert_eq!(e.code(), ErrorCode::DbMigration);
        assert!(e.to_string().contains("uppgraderas inte förrän en kopia av den har sparats"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "not a byte written");
        assert_eq!(names_in(&folder), ["a.sqlite"]);
        assert_eq!(user_version(&read_only(&path)), 5);
    }

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("v.sqlite")).unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, schema_version(), "MIGRATION_COUNT must follow the migrations");
    }

    #[test]
    fn decisions_stored_before_numbering_are_numbered_per_procurement() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("a.sqlite")).unwrap();
        migrations().to_version(&mut conn, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO procurement VALUES ('A', 'a', '', '{}', 'x'), ('B', 'b', '', '{}', 'x');
             INSERT INTO decision (procurement_id, decision_date, decided_by, sent_date, standstill_end, canonical_json, sha256, created_at)
             VALUES ('A', 'd', 'k', 's', 'e', '{}', 'h1', 'x'), ('B', 'd', 'k', 's', 'e', '{}', 'h2', 'x'), ('A', 'd', 'k', 's', 'e', '{}', 'h3', 'x');",
        )
        .unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let rows: Vec<(String, i64, Option<i64>)> = conn
            .prepare("SELECT sha256, number, superseded_by FROM decision ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows, vec![("h1".into(), 1, Some(3)), ("h2".into(), 1, None), ("h3".into(), 2, None)]);
    }

    #[test]
    fn immediate_commits_or_rolls_back_the_store_writes_inside_it_and_holds_the_write_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite");
        let mut store = Store::open(&path).unwrap();
        let p = crate::usecases::demo::demo_procurement();
        let toml = crate::usecases::demo::DEMO_TOML;
        let synchronous = |s: &Store| s.conn.query_row("PRAGMA synchronous", [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(synchronous(&store), 1, "NORMAL");
        // An error: what the store wrote inside (in its savepoints) is rolled back.
        let r: Result<()> = store.immediate(|s| {
            assert_eq!(synchronous(s), 2, "FULL inside");
            assert!(s.save_procurement(&p, toml, "2026-12-18T09:00:00+01:00")?);
            assert!(s.procurement(&p.id)?.is_some(), "seen inside");
            Err(StoreError::Refused("nej".into()))
        });
        assert!(matches!(r, Err(StoreError::Refused(_))));
        assert!(store.procurement(&p.id).unwrap().is_none(), "rolled back");
        assert!(store.events(&p.id).unwrap().is_empty(), "the event too");
        assert_eq!(synchronous(&store), 1, "NORMAL again");
        assert!(store.conn.is_autocommit());
        // Ok: committed; another connection cannot write meanwhile.
        let other = Connection::open(&path).unwrap();
        other.busy_timeout(std::time::Duration::ZERO).unwrap();
        let seq = store
            .immediate(|s| -> Result<i64> {
                s.save_procurement(&p, toml, "2026-12-18T09:00:00+01:00")?;
                let busy = other.execute_batch("BEGIN IMMEDIATE").unwrap_err();
                assert_eq!(busy.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy));
                // Nested: refused, and the transaction stays usable.
                let nested: Result<()> = s.immediate(|_| Ok(()));
                assert!(matches!(nested, Err(StoreError::Refused(_))));
                Ok(s.events(&p.id)?.len() as i64)
            })
            .unwrap();
        assert_eq!(seq, 1);
        let committed: i64 = other.query_row("SELECT COUNT(*) FROM procurement", [], |r| r.get(0)).unwrap();
        assert_eq!(committed, 1);
        assert_eq!(synchronous(&store), 1);
        // A panic inside rolls back too, and the store stays usable.
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _: Result<()> = store.immediate(|s| {
                s.save_procurement(&p, &format!("{toml}\n# ändrad\n"), "2026-12-18T09:00:00+01:00")?;
                panic!("mitt i");
            });
        }));
        assert!(panicked.is_err());
        assert!(store.conn.is_autocommit());
        assert_eq!(store.events(&p.id).unwrap().len(), 1);
        assert_eq!(store.procurement(&p.id).unwrap().unwrap().1, toml);
    }

    #[test]
    fn money_is_never_real() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a.sqlite")).unwrap();
        let mut st = store
            .conn
            .prepare("SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'")
            .unwrap();
        let cols: Vec<(String, String, String)> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect();
        assert!(cols.len() > 20);
        for (t, c, ty) in cols {
            let ty = ty.to_uppercase();
            assert!(
                !ty.contains("REAL") && !ty.contains("DECIMAL") && !ty.contains("NUMERIC") && !ty.contains("FLOAT"),
                "{t}.{c} is {ty}"
            );
        }
        let fk: i64 = store.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
}
