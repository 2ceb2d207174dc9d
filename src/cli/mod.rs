//! Command handlers: each parses what the user gave, calls the core, prints. No rules here.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anbud::definition::parse::DefinitionError;
use anbud::model::error_code::ErrorCode;
use anbud::model::procurement::Procurement;
use anbud::model::requirement::Outcome;
use anbud::store::{default_db_path, Store, StoreError};
use anbud::usecases::batch::{import_and_evaluate, load_definition, now_iso};

pub mod espd;
pub mod review;
pub mod zones;

/// A command that could not do its work. Exit 1: refused (`refused`, `open_reviews`); 2: any other
/// code (unusable arguments or definition).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Definition(#[from] DefinitionError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Service(#[from] anbud::usecases::batch::ServiceError),
    #[error("{0}")]
    Workspace(#[from] anbud::usecases::WorkspaceError),
    /// An ESPD document that is not read: the file named, then why.
    #[error("{file} {source}")]
    Espd { file: String, source: anbud::espd::EspdError },
}

impl CliError {
    /// The error's code: an argument that cannot be used is `invalid_input`; the core's errors
    /// keep their own.
    pub fn code(&self) -> ErrorCode {
        match self {
            CliError::Usage(_) => ErrorCode::InvalidInput,
            CliError::Definition(e) => e.code(),
            CliError::Store(e) => e.code(),
            CliError::Service(e) => e.code(),
            CliError::Workspace(e) => e.code(),
            CliError::Espd { source, .. } => source.error_code(),
        }
    }

    /// The exit status, by code: a refusal of the core (an override without justification, a
    /// decision with open reviews) is 1; anything else (an argument, a date, a sending date or a
    /// name that cannot be used, a definition that cannot be read) is 2.
    pub fn exit_code(&self) -> u8 {
        match self.code() {
            ErrorCode::Refused
            | ErrorCode::OpenReviews
            | ErrorCode::DefinitionFrozen
            | ErrorCode::WrongPassphrase
            | ErrorCode::FileAltered
            | ErrorCode::ConflictOfInterest => 1,
            _ => 2,
        }
    }
}

pub type CliResult = Result<ExitCode, CliError>;

/// Loads the procurement definition (exit 2 with its problems on one line when unusable).
pub fn load(path: &Path) -> Result<(Procurement, String), CliError> {
    load_definition(path).map_err(|e| {
        CliError::Definition(match e {
            DefinitionError::Invalid(v) => DefinitionError::Invalid(v),
            other => other,
        })
    })
}

/// Opens the store: the given file, or the app's default location. Without --db, a store that
/// cannot be opened is a warning, not a failure: the evaluation itself needs no database.
pub fn open_store(db: Option<&Path>) -> Result<Option<Store>, CliError> {
    match db {
        Some(path) => Ok(Some(Store::open(path)?)),
        None => {
            let path = default_db_path();
            match Store::open(&path) {
                Ok(s) => Ok(Some(s)),
                Err(e) => {
                    eprintln!("anbud: varning: {e}; resultatet sparas inte");
                    Ok(None)
                }
            }
        }
    }
}

/// Every bid path must name an existing file: a missing one, or a folder, is an unusable argument.
pub fn check_bid_paths(paths: &[PathBuf]) -> Result<(), CliError> {
    let problems: Vec<String> = paths
        .iter()
        .filter_map(|p| match std::fs::metadata(p) {
            Ok(m) if m.is_file() => None,
            Ok(_) => Some(format!("{} är en mapp, inte en arbetsbok", p.display())),
            Err(_) => Some(format!("filen {} finns inte", p.display())),
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::Usage(problems.join("; ")))
    }
}

pub(crate) fn write_out(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|_| out.flush()).map_err(|e| CliError::Usage(format!("kan inte skriva utdata: {e}")))
}

pub fn demo(dir: &Path) -> CliResult {
    let paths = anbud::usecases::demo::write_demo(dir)
        .map_err(|e| CliError::Usage(format!("kan inte skriva demo till {}: {e}", dir.display())))?;
    write_out(&format!(
        "Demoupphandlingen är skriven till {}:\n  {}\n  {} anbud i {}\n",
        dir.display(),
        dir.join("upphandling.toml").display(),
        paths.len(),
        dir.join("anbud").display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn template(procurement: &Path, output: &Path) -> CliResult {
    let (p, _) = load(procurement)?;
    anbud::intake::write_template(&p, output).map_err(|e| CliError::Usage(format!("kan inte skriva {}: {e}", output.display())))?;
    write_out(&format!("Anbudsformuläret för {} är skrivet till {}\n", p.id, output.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// A refusal to change the definition of a procurement that has received bids, with how to
/// record the change as an amendment instead.
fn frozen_hint(e: StoreError, db: Option<&Path>, procurement: &Path) -> StoreError {
    match e {
        StoreError::Frozen(m) => StoreError::Frozen(format!(
            "{m} Registrera ändringen som en rättelse: anbud{} amend {} --justification \"…\" --by \"…\"",
            db.map(|d| format!(" --db {}", d.display())).unwrap_or_default(),
            procurement.display()
        )),
        other => other,
    }
}

pub fn evaluate(db: Option<&Path>, procurement: &Path, bids: &[PathBuf], json: bool) -> CliResult {
    let (p, toml) = load(procurement)?;
    let mut store = open_store(db)?;
    let batch = import_and_evaluate(store.as_mut(), &p, &toml, bids, &now_iso(), &mut |_, _, _| {})
        .map_err(|e| frozen_hint(e, db, procurement))?;
    if json {
        let v = anbud::records::report::evaluation_json(&p, &batch.suppliers, &batch.rejected);
        write_out(&format!("{}\n", serde_json::to_string_pretty(&v).expect("json")))?;
    } else {
        write_out(&anbud::records::report::evaluation_text(&p, &batch.suppliers, &batch.rejected))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn override_outcome(
    db: Option<&Path>,
    procurement: &Path,
    org_nr: &str,
    requirement: &str,
    outcome: &str,
    justification: &str,
    by: &str,
) -> CliResult {
    let (p, _) = load(procurement)?;
    let outcome = Outcome::parse(outcome)
        .ok_or_else(|| CliError::Usage(format!("okänt utfall \"{outcome}\" (pass, fail, review eller missing)")))?;
    let org = anbud::model::orgnr::OrgNr::parse(org_nr)
        .map_err(|e| CliError::Usage(format!("\"{org_nr}\" är inte ett giltigt organisationsnummer: {e}")))?;
    let mut store = match db {
        Some(path) => Store::open(path)?,
        None => Store::open(&default_db_path())?,
    };
    if anbud::usecases::evaluation::open_conflicts(&store, &p.id)?.iter().any(|c| c.org_nr == org.to_string()) {
        return Err(CliError::Store(StoreError::Refused(format!(
            "{org} har flera anbud med samma anbudsdatum i {}; avgör först vilket som gäller: anbud settle-conflict {} {org} --keep FIL --justification \"…\" --by \"…\"",
            p.id,
            procurement.display()
        ))));
    }
    let bid_id = store
        .active_bid_for(&p.id, &org.to_string())?
        .ok_or_else(|| CliError::Usage(format!("inget inläst anbud från {org} i {}", p.id)))?;
    let rec = store.add_override(&p, bid_id, requirement, outcome, justification, by, &now_iso())?;
    write_out(&format!(
        "{} för {}: {} → {} ({}, {})\n",
        requirement,
        org,
        rec.original.label_sv(),
        rec.decision.outcome.label_sv(),
        rec.decision.decided_by,
        rec.decision.decided_at
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `anbud amend`: saves the changed definition of a procurement as an amendment (rättelse), with
/// the justification and the person's name, and evaluates the stored bids again under it.
/// Refused (exit 1) when the definition is the one already saved: there is nothing to amend.
/// Before any bid is received no amendment is needed; the change is saved and recorded with its
/// justification all the same.
pub fn amend(db: Option<&Path>, procurement: &Path, justification: &str, by: &str) -> CliResult {
    let (p, toml) = load(procurement)?;
    let mut store = match db {
        Some(path) => Store::open(path)?,
        None => Store::open(&default_db_path())?,
    };
    let Some((_, saved)) = store.procurement(&p.id)? else {
        return Err(CliError::Usage(format!(
            "upphandlingen {} finns inte i databasen; en ny upphandling sparas med anbud evaluate eller i appen",
            p.id
        )));
    };
    if saved == toml {
        return Err(CliError::Store(StoreError::Refused(format!(
            "definitionen i {} är densamma som den sparade för {}; ingen rättelse har registrerats",
            procurement.display(),
            p.id
        ))));
    }
    let frozen = store.is_frozen(&p.id)?;
    store.set_actor(by);
    let amendment = anbud::store::AmendmentInput { justification: justification.to_string(), by: by.to_string() };
    anbud::usecases::evaluation::save_definition_amended(&mut store, &p, &toml, &now_iso(), Some(&amendment))?;
    let sha = |t: &str| anbud::model::bid::sha256_hex(t.as_bytes());
    let mut text = format!(
        "Rättelsen av {} är registrerad ({}).\n  Motivering: {}\n  Definitionens kontrollsumma före: {}\n  Definitionens kontrollsumma efter: {}\nDe inlästa anbuden har prövats på nytt enligt den rättade definitionen.\n",
        p.id,
        by.trim(),
        justification.trim(),
        sha(&saved),
        sha(&toml)
    );
    if !frozen {
        text.push_str("Upphandlingen har inte tagit emot några anbud; ändringen hade inte behövt vara en rättelse, men den är registrerad med motiveringen.\n");
    }
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `anbud settle-conflict`: of a supplier's bids with the same bid date, the one kept stands and
/// the others are replaced by it, recorded in the journal with the justification and the name.
pub fn settle_conflict(db: Option<&Path>, procurement: &str, org_nr: &str, keep: &str, justification: &str, by: &str) -> CliResult {
    let id = procurement_id(procurement)?;
    let org = anbud::model::orgnr::OrgNr::parse(org_nr)
        .map_err(|e| CliError::Usage(format!("\"{org_nr}\" är inte ett giltigt organisationsnummer: {e}")))?;
    let mut store = match db {
        Some(path) => Store::open(path)?,
        None => Store::open(&default_db_path())?,
    };
    if store.procurement(&id)?.is_none() {
        return Err(CliError::Usage(format!("upphandlingen {id} finns inte i databasen")));
    }
    store.set_actor(by);
    let s = anbud::usecases::evaluation::settle_conflict(&mut store, &id, &org.to_string(), keep, justification, by, &now_iso())?;
    let set_aside: Vec<&str> = s.set_aside.iter().map(|b| b.file.as_str()).collect();
    write_out(&format!(
        "Anbudskonflikten för {org} i {id} är avgjord av {}: anbudet i {} gäller och {} är ersatt av det.\n  Motivering: {}\n",
        s.decided_by,
        s.kept_file,
        set_aside.join(", "),
        s.justification
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn prices(procurement: &Path, json: bool) -> CliResult {
    let (p, _) = load(procurement)?;
    if json {
        write_out(&format!("{}\n", serde_json::to_string_pretty(&anbud::pricing::prices::prices_json(&p)).expect("json")))?;
    } else {
        write_out(&anbud::pricing::prices::prices_table(&p))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn parse_date(text: &str, what: &str) -> Result<chrono::NaiveDate, CliError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| CliError::Usage(format!("{what} \"{text}\" är inte ett datum (ÅÅÅÅ-MM-DD)")))
}

#[allow(clippy::too_many_arguments)]
pub fn decision(
    db: Option<&Path>,
    procurement: &Path,
    bids: &[PathBuf],
    date: &str,
    decided_by: &str,
    role: Option<String>,
    sent: Option<&str>,
    output: &Path,
    notices: Option<&Path>,
) -> CliResult {
    let (p, toml) = load(procurement)?;
    let input = anbud::records::decision::DecisionInput {
        date: parse_date(date, "beslutsdatum")?,
        decided_by: decided_by.to_string(),
        role,
        sent: sent.map(|s| parse_date(s, "utskicksdag")).transpose()?,
    };
    let mut store = match db {
        Some(path) => Store::open(path)?,
        None => Store::open(&default_db_path())?,
    };
    let out =
        anbud::usecases::batch::decide_batch(&mut store, &p, &toml, bids, &input, output, notices, &now_iso()).map_err(
            |e| match e {
                anbud::usecases::batch::ServiceError::Store(e) => {
                    anbud::usecases::batch::ServiceError::Store(frozen_hint(e, db, procurement))
                }
                other => other,
            },
        )?;
    let number = match (out.same_as_stored, out.supersedes) {
        (true, _) => format!(
            "Beslut nr {}: samma beslut som det redan lagrade beslut nr {}; inget nytt beslut har lagrats och handlingarna har skrivits ut på nytt.\n",
            out.number, out.number
        ),
        (false, Some(prior)) => format!(
            "Beslut nr {}. Beslutet ersätter beslut nr {prior} i {}, som nu är markerat som ersatt.\n",
            out.number, p.id
        ),
        (false, None) => format!("Beslut nr {}.\n", out.number),
    };
    write_out(&format!(
        "{number}Kvalificeringsbeslutet är skrivet till {}\n{}Avtalsspärren löper ut {}.\nKontrollsumma (SHA-256): {}\n",
        out.record.display(),
        if out.notices.is_empty() {
            String::new()
        } else {
            format!("{} underrättelser i {}\n", out.notices.len(), notices.map(|n| n.display().to_string()).unwrap_or_default())
        },
        out.standstill_end,
        out.fingerprint
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `anbud record`: decision N printed again from the database alone (`usecases::archive`).
pub fn record(db: Option<&Path>, procurement: &str, decision: i64, output: &Path, notices: Option<&Path>) -> CliResult {
    let id = procurement_id(procurement)?;
    // Read-only and never migrated: printing a decision again changes nothing.
    let store = Store::open_read_only(db.map(Path::to_path_buf).unwrap_or_else(default_db_path).as_path())?;
    if store.procurement(&id)?.is_none() {
        return Err(CliError::Usage(format!("upphandlingen {id} finns inte i databasen")));
    }
    let r = anbud::usecases::archive::reprint_decision(&store, &id, decision, Some(output), notices)?;
    let mut text =
        format!("Beslut nr {} ({}) i {id} är utskrivet på nytt ur databasen till {}\n", r.number, r.decision_date, r.record.display());
    if !r.notices.is_empty() {
        text.push_str(&format!(
            "{} underrättelser i {}\n",
            r.notices.len(),
            notices.map(|n| n.display().to_string()).unwrap_or_default()
        ));
    }
    if let Some(later) = r.superseded_by {
        text.push_str(&format!("Beslutet har ersatts av beslut nr {later}.\n"));
    }
    text.push_str(&format!("Kontrollsumma (SHA-256): {}\n", r.fingerprint));
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn verify(db: Option<&Path>, procurement: &str, fingerprint: Option<&str>, decision: Option<i64>) -> CliResult {
    // The procurement is named by its definition file or directly by its id (dnr).
    let id = if Path::new(procurement).is_file() { load(Path::new(procurement))?.0.id } else { procurement.to_string() };
    // Read-only and never migrated: the file is the same afterwards.
    let store = Store::open_read_only(db.map(Path::to_path_buf).unwrap_or_else(default_db_path).as_path())?;
    let r = anbud::usecases::batch::verify(&store, &id, decision, fingerprint)?;
    let mut text = format!("Beslut nr {} ({}) i {id}\n", r.number, r.decision_date);
    if let Some(later) = r.superseded_by {
        text.push_str(&format!("  Beslutet har ersatts av beslut nr {later}; utan --decision kontrolleras det senaste beslutet.\n"));
    }
    text.push_str(&format!("  Lagrad kontrollsumma:     {}\n", r.stored));
    text.push_str(&format!("  Ur lagrat beslutsunderlag: {}\n", r.of_canonical));
    match (&r.recomputed, &r.problem) {
        (Some(f), _) => text.push_str(&format!("  Omräknad ur databasen:    {f}\n")),
        (None, Some(p)) => text.push_str(&format!("  Kan inte räknas om: {p}\n")),
        _ => {}
    }
    if let Some(n) = &r.engine_note {
        text.push_str(&format!("  Obs: {n}.\n"));
    }
    if let Some(g) = &r.given {
        text.push_str(&format!("  Angiven (utskrift):       {g}\n"));
    }
    for p in &r.problems {
        text.push_str(&format!("  Avvikelse i databasen: {p}\n"));
    }
    text.push_str(if r.ok {
        "Kontrollsumman stämmer: beslutet motsvarar databasens innehåll.\n"
    } else {
        "Kontrollsumman stämmer INTE: beslutet eller dess underlag har ändrats.\n"
    });
    write_out(&text)?;
    Ok(if r.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `anbud backup -o FILE`: a checked copy of the database (`usecases::backup`, as the app's
/// "Spara en kopia"): an existing FILE is replaced only by a whole copy that checked out.
pub fn backup(db: Option<&Path>, output: &Path) -> CliResult {
    let store = Store::open(db.map(Path::to_path_buf).unwrap_or_else(default_db_path).as_path())?;
    let written = anbud::usecases::backup(&store, output)?;
    write_out(&format!(
        "En kopia av {} är sparad som {written}; den är kontrollerad (SQLite:s integritetskontroll, schemat och varje tabells rader).\n",
        store.path().display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The procurement's id from its definition file, or as given (dnr).
pub(crate) fn procurement_id(procurement: &str) -> Result<String, CliError> {
    Ok(if Path::new(procurement).is_file() { load(Path::new(procurement))?.0.id } else { procurement.to_string() })
}

/// `anbud audit verify`: walks the journal and checks every table that is history against it.
/// Exit 0 when all holds, 1 when not (naming the first event that does not hold).
pub fn audit_verify(db: Option<&Path>, procurement: &str) -> CliResult {
    let id = procurement_id(procurement)?;
    let store = Store::open_read_only(db.map(Path::to_path_buf).unwrap_or_else(default_db_path).as_path())?;
    if store.procurement(&id)?.is_none() {
        return Err(CliError::Usage(format!("upphandlingen {id} finns inte i databasen")));
    }
    let r = anbud::usecases::audit::audit_verify(&store, &id)?;
    let mut text = format!("Journalen för {id}: {} händelser\n", r.events);
    if let Some(h) = &r.head {
        text.push_str(&format!("  Kedjan håller. Senaste händelsens kontrollsumma: {h}\n"));
    }
    if let Some(first) = r.first_problem() {
        text.push_str(&format!("  Första avvikelse: {first}\n"));
    }
    for p in r.problems.iter().skip(if r.chain_break.is_none() { 1 } else { 0 }) {
        match p.seq {
            Some(seq) => text.push_str(&format!("  Avvikelse vid händelse nr {seq}: {}\n", p.problem)),
            None => text.push_str(&format!("  Avvikelse: {}\n", p.problem)),
        }
    }
    text.push_str(if r.ok {
        "Journalen och databasen stämmer överens.\n"
    } else {
        "Journalen och databasen stämmer INTE överens.\n"
    });
    write_out(&text)?;
    Ok(if r.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `anbud audit log`: the journal, for people or as JSON.
pub fn audit_log(db: Option<&Path>, procurement: &str, json: bool) -> CliResult {
    let id = procurement_id(procurement)?;
    let store = Store::open_read_only(db.map(Path::to_path_buf).unwrap_or_else(default_db_path).as_path())?;
    if store.procurement(&id)?.is_none() {
        return Err(CliError::Usage(format!("upphandlingen {id} finns inte i databasen")));
    }
    let events = anbud::usecases::audit::audit_log(&store, &id)?;
    if json {
        let v = serde_json::json!({ "procurement": id, "events": events });
        write_out(&format!("{}\n", serde_json::to_string_pretty(&v).expect("events serialize")))?;
    } else {
        let mut text = String::new();
        for e in &events {
            let who = if e.actor.is_empty() { e.os_user.clone() } else { format!("{} ({})", e.actor, e.os_user) };
            let subject = e.subject.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default();
            text.push_str(&format!("{:>5}  {}  {:<22} {who}{subject}\n", e.seq, e.at, e.label));
        }
        write_out(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}
