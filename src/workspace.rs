//! The desktop app's use cases: thin functions over the store and [`crate::service`] that the
//! Tauri commands call one line deep. Everything the app shows is computed here (overview rows,
//! counts, a supplier's answers grouped by requirement, the catalogue's parameters in Swedish,
//! where a definition problem sits in the TOML), so `src-tauri` holds no rule, no SQL and no
//! PDF code, and the same logic is testable without a window (`tests/workspace.rs`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::bid::{normalize_label, Bid, Value};
use crate::decision::DecisionInput;
use crate::definition_edit::{apply_edits, Edit, EditError};
use crate::eval::{evaluate, RequirementResult, Status, SupplierEvaluation};
use crate::money::{format_number, format_sek};
use crate::procurement::{DefinitionError, Procurement};
use crate::rules::{AnswerKind, Outcome, Rule};
use crate::service::{FileResult, ServiceError};
use crate::store::{OverrideRecord, Store, StoreError};
use crate::workbook::import::Rejection;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

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

fn io(what: &str, path: &Path, e: std::io::Error) -> WorkspaceError {
    WorkspaceError::Io(format!("{what} {}: {}.", path.display(), crate::sv::io_error(&e)))
}

// ---------------------------------------------------------------------------------------------
// Where the app keeps its files
// ---------------------------------------------------------------------------------------------

/// The app's data folder: beside the default database (`ANBUD_DB`'s folder when it is set, else
/// the OS data directory's `anbud/`). The recent-files list and the demo live here.
pub fn data_dir() -> PathBuf {
    let db = crate::store::default_db_path();
    db.parent().map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir)
}

/// Where the demo is written and which database it opens: always a database of its own,
/// `<data dir>/demo/anbud-demo.sqlite`, never the user's (`ANBUD_DB`'s file is not touched).
pub fn demo_paths() -> (PathBuf, PathBuf) {
    let dir = data_dir().join("demo");
    (dir.join("anbud-demo.sqlite"), dir)
}

/// Opens the demo as the app does, from `--demo` and from "Öppna demoupphandlingen" alike: the
/// demo written to `<data dir>/demo/` unless it is there, its own database opened (kept between
/// sessions, so what a person did in the demo stays; remove the `demo` folder to start over),
/// the demo procurement saved and its bids imported unless they are in. Returns the database
/// and the procurement's id.
pub fn open_app_demo(now: &str) -> Result<(PathBuf, String)> {
    let (db, dir) = demo_paths();
    let id = open_demo(&db, &dir, false, now)?;
    Ok((db, id))
}

// ---------------------------------------------------------------------------------------------
// Opening databases and procurements
// ---------------------------------------------------------------------------------------------

/// A procurement in a database, as the start screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ProcurementSummary {
    pub id: String,
    pub name: String,
    pub deadline: String,
    /// Bids in force.
    pub suppliers: usize,
}

/// An open database and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Opened {
    pub path: String,
    pub procurements: Vec<ProcurementSummary>,
}

/// Every procurement in the store.
pub fn procurements(store: &Store) -> Result<Vec<ProcurementSummary>> {
    let mut out = Vec::new();
    for (id, _) in store.procurements()? {
        let Some((p, _)) = store.procurement(&id)? else { continue };
        let suppliers = store.bids(&id, true)?.len();
        out.push(ProcurementSummary { id: p.id, name: p.name, deadline: p.deadline.to_string(), suppliers });
    }
    Ok(out)
}

/// Opens an existing database file.
pub fn open_database(path: &Path) -> Result<Opened> {
    if !path.exists() {
        return Err(WorkspaceError::NotFound(format!("Databasfilen {} finns inte.", path.display())));
    }
    let store = Store::open(path)?;
    Ok(Opened { path: path.display().to_string(), procurements: procurements(&store)? })
}

/// Creates a new, empty database file. An existing file is never overwritten.
pub fn create_database(path: &Path) -> Result<Opened> {
    if path.exists() {
        return Err(WorkspaceError::FileExists(format!(
            "Filen {} finns redan. Välj Öppna för att öppna den, eller ett annat namn.",
            path.display()
        )));
    }
    let store = Store::open(path)?;
    Ok(Opened { path: path.display().to_string(), procurements: procurements(&store)? })
}

/// Writes the demo (definition and bid workbooks) into `dir` unless it is there, opens `db`
/// (with `fresh`, removing the old file first), saves the demo procurement and imports the demo
/// bids unless they are already in. Idempotent. Returns the procurement's id.
pub fn open_demo(db: &Path, dir: &Path, fresh: bool, now: &str) -> Result<String> {
    let toml_path = dir.join("upphandling.toml");
    let bids_dir = dir.join("anbud");
    let complete = toml_path.exists() && bids_dir.is_dir() && workbooks_in(&bids_dir).map(|v| v.len()).unwrap_or(0) > 0;
    if !complete {
        crate::demo::write_demo(dir).map_err(|e| io("Demot kan inte skrivas till", dir, e))?;
    }
    if fresh {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            let p = PathBuf::from(p);
            if p.exists() {
                std::fs::remove_file(&p).map_err(|e| io("Kan inte ta bort", &p, e))?;
            }
        }
    }
    let mut store = Store::open(db)?;
    let (procurement, toml) = crate::service::load_definition(&toml_path)?;
    let already = store.procurement(&procurement.id)?.is_some() && !store.bids(&procurement.id, false)?.is_empty();
    if !already {
        let paths = workbooks_in(&bids_dir)?;
        crate::service::import_and_evaluate(Some(&mut store), &procurement, &toml, &paths, now, &mut |_, _, _| {})
            .map_err(ServiceError::from)?;
    }
    Ok(procurement.id)
}

/// The workbooks (.xlsx, .xls, .ods) in a folder, sorted by name.
pub fn workbooks_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io("Kan inte läsa mappen", dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| ["xlsx", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Copies the open database into a new file (`VACUUM INTO`): a consistent copy even while the
/// app works. The target must not be the open file; an existing target (the user confirmed
/// replacing it in the save dialog) is replaced.
pub fn backup(store: &Store, target: &Path) -> Result<String> {
    let same = std::fs::canonicalize(store.path()).ok().zip(std::fs::canonicalize(target).ok()).is_some_and(|(a, b)| a == b);
    if same {
        return Err(WorkspaceError::Invalid("En kopia kan inte sparas över den öppna databasen. Välj ett annat filnamn.".into()));
    }
    if target.exists() {
        std::fs::remove_file(target).map_err(|e| io("Kan inte ersätta", target, e))?;
    }
    store.backup_to(target)?;
    Ok(target.display().to_string())
}

// ---------------------------------------------------------------------------------------------
// Recent files
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RecentFile {
    pub path: String,
    pub exists: bool,
}

const RECENT_MAX: usize = 8;

fn recent_list_path(dir: &Path) -> PathBuf {
    dir.join("senaste.json")
}

/// The recently opened database files, newest first.
pub fn recent_files(dir: &Path) -> Vec<RecentFile> {
    let list: Vec<String> = std::fs::read_to_string(recent_list_path(dir))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    list.into_iter().map(|p| RecentFile { exists: Path::new(&p).exists(), path: p }).collect()
}

/// Puts a file first in the recent list (at most eight). A list that cannot be written is not
/// an error: it is a convenience.
pub fn remember_recent(dir: &Path, path: &Path) -> Vec<RecentFile> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string();
    let mut list: Vec<String> = recent_files(dir).into_iter().map(|r| r.path).filter(|p| *p != path).collect();
    list.insert(0, path);
    list.truncate(RECENT_MAX);
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(recent_list_path(dir), serde_json::to_string_pretty(&list).unwrap_or_default());
    recent_files(dir)
}

// ---------------------------------------------------------------------------------------------
// The procurement screen
// ---------------------------------------------------------------------------------------------

/// One parameter of a requirement, for people: `Lägsta riskklass` = `3`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Parameter {
    pub label: String,
    pub value: String,
}

/// A requirement of the catalogue as the procurement screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct CatalogueEntry {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub kind_label: String,
    pub description: Option<String>,
    pub questions: Vec<String>,
    pub parameters: Vec<Parameter>,
}

/// The procurement with its definition text and the catalogue in Swedish.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ProcurementView {
    pub procurement: Procurement,
    pub definition_toml: String,
    pub catalogue: Vec<CatalogueEntry>,
    /// Region names by county code, for the zones.
    pub region_names: Vec<(String, String)>,
}

/// The procurement, its definition and its catalogue.
pub fn procurement_view(store: &Store, procurement_id: &str) -> Result<ProcurementView> {
    let (p, toml) = load(store, procurement_id)?;
    let catalogue = catalogue(&p);
    let region_names = crate::regions::REGIONS.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect();
    Ok(ProcurementView { procurement: p, definition_toml: toml, catalogue, region_names })
}

fn load(store: &Store, procurement_id: &str) -> Result<(Procurement, String)> {
    store.procurement(procurement_id)?.ok_or_else(|| StoreError::NoProcurement(procurement_id.to_string()).into())
}

/// The catalogue's requirements with their parameters in Swedish.
pub fn catalogue(p: &Procurement) -> Vec<CatalogueEntry> {
    let param = |label: &str, value: String| Parameter { label: label.to_string(), value };
    p.requirements
        .iter()
        .map(|r| {
            let (kind_label, parameters) = match &r.rule {
                Rule::Deadline { deadline } => (
                    "Sista anbudsdag",
                    vec![param("Sista anbudsdag", deadline.unwrap_or(p.deadline).to_string())],
                ),
                Rule::YesNo { expected, .. } => {
                    ("Ja/Nej-försäkran", vec![param("Svar som uppfyller kravet", if *expected { "Ja" } else { "Nej" }.into())])
                }
                Rule::FixedPrice { .. } => (
                    "Fasta priser",
                    vec![param("Villkor", "Ja, och varje angivet pris lika med avtalets pris för anbudsområde och zon".into())],
                ),
                Rule::MinClass { min_class, scale_min, scale_max, max_age_months, alternative_question, .. } => {
                    let oldest = p.deadline.checked_sub_months(chrono::Months::new(*max_age_months));
                    let mut v = vec![
                        param("Lägsta klass", format!("{min_class} (skala {scale_min}–{scale_max})")),
                        param(
                            "Upplysningen högst",
                            format!(
                                "{max_age_months} månader gammal{}",
                                oldest.map(|d| format!(" (daterad {d} eller senare)")).unwrap_or_default()
                            ),
                        ),
                    ];
                    if alternative_question.is_some() {
                        v.push(param("Lägre klass med garanti", "bedöms manuellt".into()));
                    }
                    ("Lägsta klass (kreditvärdighet)", v)
                }
                Rule::MinAmount { min_amount, max_period_age_months, .. } => {
                    let mut v = vec![param("Lägsta belopp", format_sek(*min_amount))];
                    if let Some(m) = max_period_age_months {
                        let limit = p.deadline.checked_sub_months(chrono::Months::new(*m));
                        v.push(param(
                            "Räkenskapsåret slut senast",
                            format!("{m} månader före sista anbudsdag{}", limit.map(|d| format!(" ({d} eller senare)")).unwrap_or_default()),
                        ));
                    }
                    ("Lägsta belopp (omsättning)", v)
                }
                Rule::YearsSince { years, .. } => {
                    let limit = p.deadline.checked_sub_months(chrono::Months::new(years * 12));
                    (
                        "Antal år i verksamhet",
                        vec![param(
                            "Minst",
                            format!("{years} år{}", limit.map(|d| format!(" (sedan {d} eller tidigare)")).unwrap_or_default()),
                        )],
                    )
                }
                Rule::ReferenceHours { min_hours, reference_year, .. } => (
                    "Levererade timmar",
                    vec![
                        param("Lägst antal timmar", format!("{} h", format_number(*min_hours))),
                        param("Referensår", reference_year.unwrap_or(p.reference_year).to_string()),
                    ],
                ),
            };
            let mut questions: Vec<String> = r.questions(p.deadline).into_iter().map(|q| q.label).collect();
            if matches!(r.rule, Rule::Deadline { .. }) {
                questions.push("Anbudsdatum (bladet Anbudsgivare)".into());
            }
            if matches!(r.rule, Rule::ReferenceHours { .. }) {
                questions.push("Bladet Referensuppdrag".into());
            }
            CatalogueEntry {
                id: r.id.clone(),
                title: r.title.clone(),
                kind: r.rule.kind_name().to_string(),
                kind_label: kind_label.to_string(),
                description: r.description.clone(),
                questions,
                parameters,
            }
        })
        .collect()
}

/// One problem in a definition, with the line of the TOML it concerns where it can be found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct KeyedIssue {
    pub key: String,
    pub message: String,
    /// 1-based line in the TOML text.
    pub line: Option<u32>,
}

/// The result of checking (and saving) a definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DefinitionCheck {
    pub ok: bool,
    pub saved: bool,
    pub procurement_id: Option<String>,
    pub issues: Vec<KeyedIssue>,
}

/// A definition to start a new procurement from: the demo's, with a note to change it.
pub fn starter_definition() -> String {
    format!(
        "# Utgå från demots definition: ändra diarienummer, namn, datum, zoner, priser och krav.\n# Formatet beskrivs i docs/procurement-format.md.\n\n{}",
        crate::demo::DEMO_TOML.find("[procurement]").map(|i| &crate::demo::DEMO_TOML[i..]).unwrap_or(crate::demo::DEMO_TOML)
    )
}

/// Checks a definition without saving it.
pub fn check_definition(toml: &str) -> DefinitionCheck {
    match Procurement::from_toml(toml) {
        Ok(p) => DefinitionCheck { ok: true, saved: false, procurement_id: Some(p.id), issues: vec![] },
        Err(e) => DefinitionCheck { ok: false, saved: false, procurement_id: None, issues: issues_of(&e, toml) },
    }
}

/// A definition after a structured edit: the new text (never saved here; saving stays
/// [`update_definition`]), its check by key and line, and, when it is valid, the procurement it
/// defines with its catalogue, from which the screen draws the tables, the price matrix and the
/// charts again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct EditedDefinition {
    pub toml: String,
    pub check: DefinitionCheck,
    pub procurement: Option<Procurement>,
    pub catalogue: Vec<CatalogueEntry>,
}

/// Applies structured edits to a definition text, in order, keeping everything else as written
/// ([`crate::definition_edit`]), and checks the result as [`check_definition`] does. No edit
/// just checks the text and gives its procurement. Text that is not TOML comes back unchanged
/// with its syntax problem; an edit naming what is not in the definition (a zone, a lot, a
/// workplace) is refused as invalid input.
pub fn edit_definition(toml: &str, edits: &[Edit]) -> Result<EditedDefinition> {
    let text = match apply_edits(toml, edits) {
        Ok(t) => t,
        Err(EditError::Syntax) => {
            let mut check = check_definition(toml);
            if check.ok {
                // The two parsers disagree on the text (never expected): refuse rather than guess.
                check.ok = false;
                check.procurement_id = None;
                check.issues = vec![KeyedIssue { key: "toml".into(), message: EditError::Syntax.to_string(), line: None }];
            }
            return Ok(EditedDefinition { toml: toml.to_string(), check, procurement: None, catalogue: vec![] });
        }
        Err(e @ EditError::NotFound { .. }) => return Err(WorkspaceError::Invalid(e.to_string())),
    };
    match Procurement::from_toml(&text) {
        Ok(p) => Ok(EditedDefinition {
            check: DefinitionCheck { ok: true, saved: false, procurement_id: Some(p.id.clone()), issues: vec![] },
            catalogue: catalogue(&p),
            procurement: Some(p),
            toml: text,
        }),
        Err(e) => Ok(EditedDefinition {
            check: DefinitionCheck { ok: false, saved: false, procurement_id: None, issues: issues_of(&e, &text) },
            procurement: None,
            catalogue: vec![],
            toml: text,
        }),
    }
}

/// Saves a definition as a new procurement of the database ("Ny upphandling"). As
/// [`update_definition`], except that an id (diarienummer) already in the database is refused
/// as a problem of `procurement.id`, so an existing procurement is never replaced by mistake.
pub fn create_procurement(store: &mut Store, toml: &str, now: &str) -> Result<DefinitionCheck> {
    let p = match Procurement::from_toml(toml) {
        Ok(p) => p,
        Err(e) => return Ok(DefinitionCheck { ok: false, saved: false, procurement_id: None, issues: issues_of(&e, toml) }),
    };
    if store.procurement(&p.id)?.is_some() {
        return Ok(DefinitionCheck {
            ok: false,
            saved: false,
            procurement_id: None,
            issues: vec![KeyedIssue {
                key: "procurement.id".into(),
                message: format!(
                    "diarienumret {} finns redan i databasen; ange ett nytt för den nya upphandlingen (eller ändra den befintliga under Upphandling)",
                    p.id
                ),
                line: locate_key(toml, "procurement.id"),
            }],
        });
    }
    update_definition(store, toml, now)
}

/// Checks a definition and, when valid, saves it (a new procurement, or the same id updated)
/// and evaluates the bids in force again under it. An invalid definition is not saved; its
/// problems come back by key, with their lines.
pub fn update_definition(store: &mut Store, toml: &str, now: &str) -> Result<DefinitionCheck> {
    let p = match Procurement::from_toml(toml) {
        Ok(p) => p,
        Err(e) => return Ok(DefinitionCheck { ok: false, saved: false, procurement_id: None, issues: issues_of(&e, toml) }),
    };
    store.save_procurement(&p, toml, now)?;
    store.evaluate_all(&p)?;
    Ok(DefinitionCheck { ok: true, saved: true, procurement_id: Some(p.id), issues: vec![] })
}

fn issues_of(e: &DefinitionError, toml: &str) -> Vec<KeyedIssue> {
    match e {
        DefinitionError::Invalid(list) => list
            .iter()
            .map(|i| KeyedIssue { key: i.key.clone(), message: i.message.clone(), line: locate_key(toml, &i.key) })
            .collect(),
        DefinitionError::Syntax(m) => {
            // "… (rad 12)" from the parser; the key is the field on that line where there is one
            // (`procurement.refrence_year` for an unknown field), else "toml".
            let line: Option<u32> = m
                .rsplit_once("(rad ")
                .and_then(|(_, rest)| rest.trim_end_matches(')').parse().ok());
            let key = line.and_then(|l| key_at_line(toml, l)).unwrap_or_else(|| "toml".into());
            vec![KeyedIssue { key, message: m.clone(), line }]
        }
        DefinitionError::Io(m) => vec![KeyedIssue { key: "fil".into(), message: m.clone(), line: None }],
    }
}

/// The definition key of a 1-based line of the TOML text, in the form [`locate_key`] reads
/// (`procurement.deadline`, `zone[2].factor`, `requirement[kreditvardighet].min_class`,
/// `lot[3]` for a table's header): `None` where the line is outside any table or is not a
/// well-formed `key = value` or header.
pub fn key_at_line(toml: &str, line: u32) -> Option<String> {
    let lines: Vec<&str> = toml.lines().collect();
    let index = (line as usize).checked_sub(1).filter(|&i| i < lines.len())?;
    let header_of = |l: &str| -> Option<(String, bool)> {
        let l = l.trim();
        if let Some(inner) = l.strip_prefix("[[").and_then(|r| r.split_once("]]").map(|(a, _)| a)) {
            return Some((inner.trim().to_string(), true));
        }
        let inner = l.strip_prefix('[').and_then(|r| r.split_once(']').map(|(a, _)| a))?;
        Some((inner.trim().to_string(), false))
    };
    let bare = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
    // The table the line belongs to: the nearest header at or above it.
    let start = (0..=index).rev().find(|&i| header_of(lines[i]).is_some())?;
    let (table, array) = header_of(lines[start])?;
    if !bare(&table) {
        return None;
    }
    let head = if array {
        let end = (start + 1..lines.len()).find(|&i| header_of(lines[i]).is_some()).unwrap_or(lines.len());
        let id = (start + 1..end).find_map(|i| {
            let (k, v) = lines[i].split_once('=')?;
            (k.trim() == "id").then(|| v.trim().trim_matches('"').to_string())
        });
        match id.filter(|id| !id.is_empty() && table == "requirement") {
            Some(id) => format!("{table}[{id}]"),
            None => {
                let n = (0..start).filter(|&i| header_of(lines[i]).is_some_and(|(t, a)| a && t == table)).count();
                format!("{table}[{n}]")
            }
        }
    } else {
        table
    };
    if index == start {
        return Some(head);
    }
    let field = lines[index].split_once('=').map(|(k, _)| k.trim()).filter(|k| bare(k));
    Some(match field {
        Some(f) => format!("{head}.{f}"),
        None => head,
    })
}

/// The 1-based line of a definition key (`procurement.deadline`, `zone[2].regions`,
/// `requirement[kreditvardighet].min_class`, `lot[3]`, `zone`) in the TOML text, where it can
/// be found: the key's own line, else its table's header.
pub fn locate_key(toml: &str, key: &str) -> Option<u32> {
    let lines: Vec<&str> = toml.lines().collect();
    // Split "zone[2].regions" into table "zone", selector "2", field "regions".
    let (head, field) = match key.split_once("].") {
        Some((h, f)) => (format!("{h}]"), Some(f.to_string())),
        None => match key.split_once('.') {
            Some((h, f)) if !h.contains('[') => (h.to_string(), Some(f.to_string())),
            _ => (key.to_string(), None),
        },
    };
    let (table, selector) = match head.split_once('[') {
        Some((t, s)) => (t.to_string(), Some(s.trim_end_matches(']').to_string())),
        None => (head.clone(), None),
    };
    let is_header = |l: &str| l.trim_start().starts_with('[');
    let header_name = |l: &str| l.trim().trim_start_matches('[').trim_end_matches(']').trim().to_string();
    // Start lines of each [table] / [[table]] named `table`.
    let starts: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| is_header(l) && header_name(l) == table).map(|(i, _)| i).collect();
    let section_end = |start: usize| (start + 1..lines.len()).find(|&i| is_header(lines[i])).unwrap_or(lines.len());
    let start = match &selector {
        None => starts.first().copied(),
        Some(s) => match s.parse::<usize>() {
            Ok(n) => starts.get(n).copied(),
            Err(_) => starts.iter().copied().find(|&st| {
                (st + 1..section_end(st)).any(|i| {
                    let l = lines[i].trim();
                    l.starts_with("id") && l.split_once('=').is_some_and(|(k, v)| k.trim() == "id" && v.trim().trim_matches('"') == s)
                })
            }),
        },
    };
    let Some(start) = start else {
        // A top-level array key (`zone`, `region`): the first of its tables.
        return starts.first().map(|&i| i as u32 + 1);
    };
    if let Some(f) = field {
        let end = section_end(start);
        if let Some(i) = (start + 1..end).find(|&i| lines[i].split_once('=').is_some_and(|(k, _)| k.trim() == f)) {
            return Some(i as u32 + 1);
        }
    }
    Some(start as u32 + 1)
}

// ---------------------------------------------------------------------------------------------
// The overview
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RequirementColumn {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LotColumn {
    pub code: String,
    pub name: String,
    pub shortage: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LotCell {
    pub code: String,
    pub zones: Vec<u8>,
}

/// One supplier in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct OverviewRow {
    pub bid_id: i64,
    pub name: String,
    pub org_nr: String,
    pub file: String,
    pub status: Status,
    pub late: bool,
    /// The outcome in force per requirement, aligned with `Overview::requirements`; `null`
    /// where the requirement was not assessed (a late bid).
    pub outcomes: Vec<Option<Outcome>>,
    /// Whether a person decided that outcome, aligned likewise.
    pub overridden: Vec<bool>,
    /// The lots in the agreement it offers, with zones.
    pub lots: Vec<LotCell>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct StatusCounts {
    pub qualified: usize,
    pub not_qualified: usize,
    pub needs_review: usize,
    /// Workbooks not evaluated: unreadable, replaced or ambiguous.
    pub not_evaluated: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Overview {
    pub procurement_id: String,
    pub procurement_name: String,
    pub deadline: String,
    pub requirements: Vec<RequirementColumn>,
    pub lots: Vec<LotColumn>,
    pub rows: Vec<OverviewRow>,
    pub counts: StatusCounts,
    pub not_evaluated: Vec<Rejection>,
}

/// The evaluations of the bids in force with their overrides, without writing anything.
fn evaluations(store: &Store, p: &Procurement) -> Result<Vec<(i64, SupplierEvaluation)>> {
    let mut out = Vec::new();
    for b in store.bids(&p.id, true)? {
        let overrides = store.overrides(b.id)?;
        out.push((b.id, evaluate(p, &b.bid, &overrides)));
    }
    Ok(out)
}

/// Every supplier in force with its status and each requirement's outcome, the counts per
/// status, and the workbooks not evaluated.
pub fn overview(store: &Store, procurement_id: &str) -> Result<Overview> {
    let (p, _) = load(store, procurement_id)?;
    let requirements: Vec<RequirementColumn> =
        p.requirements.iter().map(|r| RequirementColumn { id: r.id.clone(), title: r.title.clone() }).collect();
    let mut counts = StatusCounts::default();
    let mut rows = Vec::new();
    for (bid_id, e) in evaluations(store, &p)? {
        match e.status {
            Status::Qualified => counts.qualified += 1,
            Status::NotQualified => counts.not_qualified += 1,
            Status::NeedsReview => counts.needs_review += 1,
        }
        let outcomes = requirements.iter().map(|c| e.requirement(&c.id).map(|r| r.outcome)).collect();
        let overridden = requirements.iter().map(|c| e.requirement(&c.id).is_some_and(|r| r.override_.is_some())).collect();
        rows.push(OverviewRow {
            bid_id,
            name: e.name,
            org_nr: e.org_nr,
            file: e.file,
            status: e.status,
            late: e.late,
            outcomes,
            overridden,
            lots: e.lots.into_iter().map(|l| LotCell { code: l.code, zones: l.zones }).collect(),
            warnings: e.warnings,
        });
    }
    let not_evaluated = store.not_evaluated(procurement_id)?;
    counts.not_evaluated = not_evaluated.len();
    Ok(Overview {
        procurement_id: p.id.clone(),
        procurement_name: p.name.clone(),
        deadline: p.deadline.to_string(),
        requirements,
        lots: p.lots.iter().map(|l| LotColumn { code: l.code.clone(), name: l.name.clone(), shortage: l.shortage }).collect(),
        rows,
        counts,
        not_evaluated,
    })
}

// ---------------------------------------------------------------------------------------------
// One supplier
// ---------------------------------------------------------------------------------------------

/// An answer as read, for people: the question, the value in Swedish form, and its cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AnswerLine {
    pub question: String,
    pub value: String,
    /// `Kvalificering!B7`; `null` when the question's row is absent from the workbook.
    pub cell: Option<String>,
}

/// A requirement with the answers it rests on and who changed its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RequirementDetail {
    pub result: RequirementResult,
    pub answers: Vec<AnswerLine>,
    pub history: Vec<OverrideRecord>,
}

/// A lot the bidder answered for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct OfferLine {
    pub code: String,
    pub name: String,
    pub offered: bool,
    /// A shortage speciality, outside the agreement.
    pub shortage: bool,
    pub zones: Vec<u8>,
}

/// A price the bidder stated, beside the agreement's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PriceLineCheck {
    pub lot: String,
    pub zone: u8,
    /// Decimal string.
    pub stated: String,
    /// The agreement's price, decimal string.
    pub fixed: Option<String>,
    pub differs: bool,
    pub cell: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AssignmentLine {
    pub row: u32,
    pub customer: String,
    pub profession: String,
    pub from: String,
    pub to: String,
    /// Decimal string.
    pub hours: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SupplierDetail {
    pub bid_id: i64,
    pub procurement_id: String,
    /// active, replaced or ambiguous.
    pub state: String,
    pub imported_at: String,
    pub sha256: String,
    pub name: String,
    pub org_nr: String,
    pub file: String,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub bid_date: String,
    pub status: Status,
    pub late: bool,
    pub requirements: Vec<RequirementDetail>,
    pub lots: Vec<OfferLine>,
    pub prices: Vec<PriceLineCheck>,
    pub assignments: Vec<AssignmentLine>,
    pub warnings: Vec<String>,
    /// Every override of this bid, oldest first.
    pub history: Vec<OverrideRecord>,
}

/// A supplier's evaluation with every answer as read, its lots, prices and history.
pub fn supplier_detail(store: &Store, procurement_id: &str, bid_id: i64) -> Result<SupplierDetail> {
    let (p, _) = load(store, procurement_id)?;
    let stored = store
        .bids(procurement_id, false)?
        .into_iter()
        .find(|b| b.id == bid_id)
        .ok_or_else(|| WorkspaceError::NotFound(format!("Anbudet {bid_id} finns inte i upphandlingen {procurement_id}.")))?;
    let history = store.override_history(bid_id)?;
    let overrides: Vec<_> = history.iter().map(|h| h.decision.clone()).collect();
    let e = evaluate(&p, &stored.bid, &overrides);
    let bid = &stored.bid;
    let questions = p.questions();
    let requirements = e
        .requirements
        .iter()
        .map(|r| {
            let mut answers: Vec<AnswerLine> = questions
                .iter()
                .filter(|q| q.requirement == r.id)
                .map(|q| answer_line(bid, &q.label, &q.kind))
                .collect();
            if matches!(p.requirement(&r.id).map(|x| &x.rule), Some(Rule::Deadline { .. })) {
                answers.push(AnswerLine {
                    question: "Anbudsdatum".into(),
                    value: bid.bid_date.to_string(),
                    cell: Some(bid.bid_date_cell.to_string()),
                });
            }
            RequirementDetail {
                result: r.clone(),
                answers,
                history: history.iter().filter(|h| h.requirement_id == r.id).cloned().collect(),
            }
        })
        .collect();
    let lots = bid
        .lots
        .iter()
        .map(|l| {
            let lot = p.lot(&l.code);
            OfferLine {
                code: l.code.clone(),
                name: lot.map(|x| x.name.clone()).unwrap_or_default(),
                offered: l.offered,
                shortage: lot.is_some_and(|x| x.shortage),
                zones: l.zones.clone(),
            }
        })
        .collect();
    let prices = bid
        .prices
        .iter()
        .map(|sp| {
            let fixed = p.prices.get(&sp.lot, sp.zone);
            PriceLineCheck {
                lot: sp.lot.clone(),
                zone: sp.zone,
                stated: sp.price.to_string(),
                fixed: fixed.map(|f| f.to_string()),
                differs: fixed.is_some_and(|f| f != sp.price),
                cell: sp.cell.to_string(),
            }
        })
        .collect();
    let assignments = bid
        .assignments
        .iter()
        .map(|a| AssignmentLine {
            row: a.row,
            customer: a.customer.clone(),
            profession: a.profession.clone(),
            from: a.from.to_string(),
            to: a.to.to_string(),
            hours: a.hours.to_string(),
        })
        .collect();
    Ok(SupplierDetail {
        bid_id,
        procurement_id: procurement_id.to_string(),
        state: stored.state.clone(),
        imported_at: stored.imported_at.clone(),
        sha256: stored.sha256.clone(),
        name: bid.name.clone(),
        org_nr: bid.org_nr.to_string(),
        file: bid.file.clone(),
        contact: bid.contact.clone(),
        email: bid.email.clone(),
        phone: bid.phone.clone(),
        bid_date: bid.bid_date.to_string(),
        status: e.status,
        late: e.late,
        requirements,
        lots,
        prices,
        assignments,
        warnings: e.warnings,
        history,
    })
}

fn answer_line(bid: &Bid, question: &str, kind: &AnswerKind) -> AnswerLine {
    let key = normalize_label(question);
    let answer = bid.answers.iter().find(|a| normalize_label(&a.question) == key);
    let value = match answer.map(|a| &a.value) {
        None | Some(Value::Empty) => "Inget svar".to_string(),
        Some(Value::YesNo(b)) => if *b { "Ja" } else { "Nej" }.to_string(),
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Integer(i)) => i.to_string(),
        Some(Value::Number(n)) => match kind {
            AnswerKind::Amount => format_sek(*n),
            _ => format_number(*n),
        },
        Some(Value::Date(d)) => d.to_string(),
    };
    AnswerLine {
        question: question.to_string(),
        value,
        cell: answer.and_then(|a| a.cell.as_ref()).map(|c| c.to_string()),
    }
}

/// Records a person's decision on one requirement of a bid in force and returns the supplier
/// as it now stands. The justification and the decider's name are mandatory; the engine's
/// proposal stays in the record.
#[allow(clippy::too_many_arguments)]
pub fn record_override(
    store: &mut Store,
    procurement_id: &str,
    bid_id: i64,
    requirement_id: &str,
    outcome: Outcome,
    justification: &str,
    decided_by: &str,
    now: &str,
) -> Result<SupplierDetail> {
    if justification.trim().is_empty() {
        return Err(WorkspaceError::JustificationRequired);
    }
    if decided_by.trim().is_empty() {
        return Err(WorkspaceError::DeciderRequired);
    }
    let (p, _) = load(store, procurement_id)?;
    let active = store.bids(procurement_id, true)?.iter().any(|b| b.id == bid_id);
    if !active {
        return Err(WorkspaceError::Invalid(format!(
            "Anbudet {bid_id} gäller inte (ersatt, tvetydigt eller inte i upphandlingen {procurement_id}); dess utfall kan inte ändras."
        )));
    }
    store.add_override(&p, bid_id, requirement_id, outcome, justification, decided_by, now)?;
    supplier_detail(store, procurement_id, bid_id)
}

// ---------------------------------------------------------------------------------------------
// Import and the template
// ---------------------------------------------------------------------------------------------

/// What an import did, per file, and the counts after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportReport {
    pub files: Vec<FileResult>,
    /// Files stored (new or replacing).
    pub imported: usize,
    pub rejected: usize,
    pub counts: StatusCounts,
}

/// Imports workbooks into a procurement (each whole or not at all) and evaluates them.
/// `progress(done, total, file)` is called before each file and once at the end.
pub fn import(
    store: &mut Store,
    procurement_id: &str,
    paths: &[PathBuf],
    now: &str,
    progress: &mut dyn FnMut(usize, usize, &str),
) -> Result<ImportReport> {
    if paths.is_empty() {
        return Err(WorkspaceError::Invalid("Inga filer valda.".into()));
    }
    let (p, toml) = load(store, procurement_id)?;
    let batch = crate::service::import_and_evaluate(Some(&mut *store), &p, &toml, paths, now, progress).map_err(ServiceError::from)?;
    let imported = batch.files.iter().filter(|f| f.result == "imported").count();
    let rejected = batch.files.iter().filter(|f| f.result == "rejected").count();
    let counts = overview(store, procurement_id)?.counts;
    Ok(ImportReport { files: batch.files, imported, rejected, counts })
}

/// Writes the blank bid workbook of the procurement.
pub fn template(store: &Store, procurement_id: &str, path: &Path) -> Result<String> {
    let (p, _) = load(store, procurement_id)?;
    crate::workbook::template::write_template(&p, path).map_err(|e| {
        let why = match e {
            rust_xlsxwriter::XlsxError::IoError(e) => crate::sv::io_error(&e),
            other => {
                tracing::warn!("anbudsformuläret: {other}");
                "arbetsboken kunde inte skapas".to_string()
            }
        };
        WorkspaceError::Io(format!("Anbudsformuläret kan inte skrivas till {}: {why}.", path.display()))
    })?;
    Ok(path.display().to_string())
}

/// The template's suggested file name: `anbudsformular-<dnr>.xlsx`.
pub fn template_file_name(procurement_id: &str) -> String {
    let safe: String = procurement_id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect();
    format!("anbudsformular-{safe}.xlsx")
}

// ---------------------------------------------------------------------------------------------
// The decision
// ---------------------------------------------------------------------------------------------

/// A supplier that still needs review, with the requirements that hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct OpenReview {
    pub bid_id: i64,
    pub name: String,
    pub org_nr: String,
    pub requirements: Vec<RequirementColumn>,
}

/// The latest decision taken, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LastDecision {
    pub id: i64,
    /// Beslut nr N within the procurement.
    pub number: i64,
    pub decision_date: String,
    pub decided_by: String,
    pub sent_date: String,
    pub standstill_end: String,
    pub fingerprint: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DecisionStatus {
    pub procurement_id: String,
    pub procurement_name: String,
    pub counts: StatusCounts,
    pub open_reviews: Vec<OpenReview>,
    pub last: Option<LastDecision>,
}

/// Whether a decision can be taken: the suppliers still needing review (with the
/// requirements holding each), the counts, and the latest decision.
pub fn decision_status(store: &Store, procurement_id: &str) -> Result<DecisionStatus> {
    let (p, _) = load(store, procurement_id)?;
    let mut counts = StatusCounts::default();
    let mut open_reviews = Vec::new();
    for (bid_id, e) in evaluations(store, &p)? {
        match e.status {
            Status::Qualified => counts.qualified += 1,
            Status::NotQualified => counts.not_qualified += 1,
            Status::NeedsReview => {
                counts.needs_review += 1;
                open_reviews.push(OpenReview {
                    bid_id,
                    name: e.name.clone(),
                    org_nr: e.org_nr.clone(),
                    requirements: e
                        .requirements
                        .iter()
                        .filter(|r| matches!(r.outcome, Outcome::Review | Outcome::Missing))
                        .map(|r| RequirementColumn { id: r.id.clone(), title: r.title.clone() })
                        .collect(),
                });
            }
        }
    }
    counts.not_evaluated = store.not_evaluated(procurement_id)?.len();
    let last = store.decision(procurement_id, None)?.map(|d| LastDecision {
        id: d.id,
        number: d.number,
        decision_date: d.decision_date,
        decided_by: d.decided_by,
        sent_date: d.sent_date,
        standstill_end: d.standstill_end,
        fingerprint: d.sha256,
        created_at: d.created_at,
    });
    Ok(DecisionStatus { procurement_id: p.id, procurement_name: p.name, counts, open_reviews, last })
}

/// Reads what a person typed for a decision: ISO dates, a name, an optional role.
pub fn decision_input(date: &str, decided_by: &str, role: Option<&str>, sent: Option<&str>) -> Result<DecisionInput> {
    let parse = |what: &str, s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| WorkspaceError::Invalid(format!("{what} ska vara ett datum ÅÅÅÅ-MM-DD, inte \"{}\".", s.trim())))
    };
    let date = parse("Beslutsdatum", date)?;
    if decided_by.trim().is_empty() {
        return Err(WorkspaceError::Invalid("Ange beslutsfattarens namn.".into()));
    }
    let sent = match sent.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(parse("Utskicksdag", s)?),
        None => None,
    };
    Ok(DecisionInput {
        date,
        decided_by: decided_by.trim().to_string(),
        role: role.map(str::trim).filter(|r| !r.is_empty()).map(str::to_string),
        sent,
    })
}
