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
        }
    }

    /// The exit status, by code: a refusal of the core (an override without justification, a
    /// decision with open reviews) is 1; anything else (an argument, a date, a sending date or a
    /// name that cannot be used, a definition that cannot be read) is 2.
    pub fn exit_code(&self) -> u8 {
        match self.code() {
            ErrorCode::Refused | ErrorCode::OpenReviews => 1,
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

fn write_out(text: &str) -> Result<(), CliError> {
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

pub fn evaluate(db: Option<&Path>, procurement: &Path, bids: &[PathBuf], json: bool) -> CliResult {
    let (p, toml) = load(procurement)?;
    let mut store = open_store(db)?;
    let batch = import_and_evaluate(store.as_mut(), &p, &toml, bids, &now_iso(), &mut |_, _, _| {})?;
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

pub fn prices(procurement: &Path, json: bool) -> CliResult {
    let (p, _) = load(procurement)?;
    if json {
        write_out(&format!("{}\n", serde_json::to_string_pretty(&anbud::pricing::prices::prices_json(&p)).expect("json")))?;
    } else {
        write_out(&anbud::pricing::prices::prices_table(&p))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_date(text: &str, what: &str) -> Result<chrono::NaiveDate, CliError> {
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
    let out = anbud::usecases::batch::decide_batch(&mut store, &p, &toml, bids, &input, output, notices, &now_iso())?;
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

pub fn verify(db: Option<&Path>, procurement: &str, fingerprint: Option<&str>, decision: Option<i64>) -> CliResult {
    // The procurement is named by its definition file or directly by its id (dnr).
    let id = if Path::new(procurement).is_file() { load(Path::new(procurement))?.0.id } else { procurement.to_string() };
    let store = match db {
        Some(path) => Store::open(path)?,
        None => Store::open(&default_db_path())?,
    };
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
