//! `anbud reviewer …` and `anbud review …`: the working group's offline review
//! (../shared/spec/review.md). Each handler parses, calls `usecases::review`, prints.

use std::path::Path;
use std::process::ExitCode;

use anbud::store::{default_db_path, Store};
use anbud::usecases::batch::now_iso;
use anbud::usecases::review as rv;

use super::{procurement_id, write_out, CliError, CliResult};

fn open(db: Option<&Path>) -> Result<Store, CliError> {
    Ok(Store::open(db.map(Path::to_path_buf).unwrap_or_else(default_db_path).as_path())?)
}

fn read_passphrase(path: &Path) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::Usage(format!("lösenfrasfilen {} kan inte läsas: {}", path.display(), anbud::support::sv::io_error(&e)))
    })?;
    let phrase = text.lines().next().unwrap_or("").trim().to_string();
    if phrase.is_empty() {
        return Err(CliError::Usage(format!("lösenfrasfilen {} är tom", path.display())));
    }
    Ok(phrase)
}

fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, CliError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(CliError::Usage(format!("{} är en mapp, inte {what}", path.display()))),
        Err(_) => return Err(CliError::Usage(format!("filen {} finns inte", path.display()))),
    }
    std::fs::read(path)
        .map_err(|e| CliError::Usage(format!("{} kan inte läsas: {}", path.display(), anbud::support::sv::io_error(&e))))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    anbud::envelope::write_atomically(path, bytes)
        .map_err(|e| CliError::Usage(format!("{} kan inte skrivas: {}", path.display(), anbud::support::sv::io_error(&e))))
}

pub fn reviewer_add(db: Option<&Path>, procurement: &str, name: &str, region: Option<&str>) -> CliResult {
    let id = procurement_id(procurement)?;
    let mut store = open(db)?;
    rv::add_reviewer(&mut store, &id, name, region, &now_iso())?;
    write_out(&format!("{} är registrerad som granskare i {id}.\n", name.trim()))?;
    Ok(ExitCode::SUCCESS)
}

pub fn reviewer_conflict(db: Option<&Path>, procurement: &str, name: &str, org_nr: &str, reason: &str) -> CliResult {
    let id = procurement_id(procurement)?;
    let mut store = open(db)?;
    rv::declare_conflict(&mut store, &id, name, org_nr, reason, &now_iso())?;
    write_out(&format!("Jäv anmält: {} mot {org_nr} ({}).\n", name.trim(), reason.trim()))?;
    Ok(ExitCode::SUCCESS)
}

pub fn reviewer_assign(db: Option<&Path>, procurement: &str, name: &str, orgs: &[String]) -> CliResult {
    let id = procurement_id(procurement)?;
    let mut store = open(db)?;
    let added = rv::assign(&mut store, &id, name, orgs, &now_iso())?;
    write_out(&match added.len() {
        0 => format!("{} var redan tilldelad {}.\n", name.trim(), orgs.join(", ")),
        _ => format!("{} granskar nu {}.\n", name.trim(), added.join(", ")),
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn reviewer_list(db: Option<&Path>, procurement: &str, json: bool) -> CliResult {
    let id = procurement_id(procurement)?;
    let store = open(db)?;
    let reviewers = store.reviewers(&id)?;
    if json {
        write_out(&format!("{}\n", serde_json::to_string_pretty(&rv::reviewers_json(&reviewers)).expect("json")))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!("Arbetsgruppen i {id}: {} granskare\n", reviewers.len());
    for r in &reviewers {
        text.push_str(&format!(
            "  {}{}: granskar {}\n",
            r.name,
            r.region.as_deref().map(|c| format!(" ({c})")).unwrap_or_default(),
            if r.assigned.is_empty() { "ingen leverantör".to_string() } else { r.assigned.join(", ") }
        ));
        for c in &r.conflicts {
            text.push_str(&format!("    jäv mot {}: {}\n", c.org_nr, c.reason));
        }
    }
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(db: Option<&Path>, procurement: &str, name: &str, output: &Path, passphrase_file: Option<&Path>) -> CliResult {
    let id = procurement_id(procurement)?;
    let passphrase = passphrase_file.map(read_passphrase).transpose()?;
    let mut store = open(db)?;
    let out = rv::export_package(&mut store, &id, name, passphrase.as_deref(), &now_iso())?;
    write_file(output, &out.bytes)?;
    let mut text =
        format!("Granskningspaketet till {} med {} leverantörer är skrivet till {}.\n", out.reviewer, out.suppliers, output.display());
    if passphrase_file.is_none() {
        text.push_str("Lämna lösenfrasen till granskaren på annat sätt än paketet (till exempel per telefon).\n");
        text.push_str(&format!("Lösenfras: {}\n", out.passphrase));
    }
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(package: &Path, passphrase_file: &Path, json: bool) -> CliResult {
    let bytes = read_file(package, "ett granskningspaket")?;
    let content = rv::open_package(&bytes, &read_passphrase(passphrase_file)?)?;
    if json {
        write_out(&format!("{}\n", serde_json::to_string_pretty(&rv::show_json(&content)).expect("json")))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "Granskningspaket för {} ({}) till {}, skapat {}\n",
        content.procurement.name, content.procurement.id, content.reviewer, content.created_at
    );
    for s in &content.suppliers {
        text.push_str(&format!("{} ({})\n", s.name, s.org_nr));
        for r in &s.requirements {
            text.push_str(&format!("  {:<24} {:<18} {}\n", r.result.id, r.result.proposed.label_sv(), r.result.reason));
        }
    }
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn respond(package: &Path, passphrase_file: &Path, assessments: &Path, output: &Path) -> CliResult {
    let bytes = read_file(package, "ett granskningspaket")?;
    let content = rv::open_package(&bytes, &read_passphrase(passphrase_file)?)?;
    let text = String::from_utf8(read_file(assessments, "en bedömningsfil")?)
        .map_err(|_| CliError::Usage(format!("{} är inte en textfil (UTF-8)", assessments.display())))?;
    let list = rv::parse_assessments(&text)?;
    let response = rv::respond(&content, &list, &now_iso())?;
    write_file(output, &response)?;
    write_out(&format!("Svaret med {} bedömningar är skrivet till {}.\n", list.len(), output.display()))?;
    Ok(ExitCode::SUCCESS)
}

pub fn merge(db: Option<&Path>, procurement: &str, responses: &[std::path::PathBuf]) -> CliResult {
    let id = procurement_id(procurement)?;
    let mut store = open(db)?;
    let mut refused = false;
    for path in responses {
        let result = read_file(path, "ett granskningssvar")
            .and_then(|bytes| rv::merge_response(&mut store, &id, &bytes, &now_iso()).map_err(CliError::from));
        match result {
            Ok(m) => match m.already_merged {
                Some(at) => write_out(&format!(
                    "{}: svaret från {} lästes in redan {at}; inget har lagts till.\n",
                    path.display(),
                    m.reviewer
                ))?,
                None => write_out(&format!("{}: {} bedömningar från {} är inlästa.\n", path.display(), m.assessments, m.reviewer))?,
            },
            Err(e) => {
                refused = true;
                eprintln!("anbud: {}: {e}", path.display());
            }
        }
    }
    Ok(if refused { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn status(db: Option<&Path>, procurement: &str, json: bool) -> CliResult {
    let id = procurement_id(procurement)?;
    let store = open(db)?;
    let status = rv::review_status(&store, &id)?;
    if json {
        write_out(&format!("{}\n", serde_json::to_string_pretty(&status).expect("json")))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = String::new();
    for s in status.suppliers.iter().filter(|s| !s.requirements.is_empty()) {
        text.push_str(&format!("{} ({})\n", s.name, s.org_nr));
        for r in &s.requirements {
            let settled = r.settled.map(|o| format!("avgjort: {}", o.label_sv())).unwrap_or_else(|| "öppet".into());
            text.push_str(&format!("  {} (förslag {}) – {settled}\n", r.id, r.proposed.label_sv()));
            for j in &r.judgements {
                text.push_str(&format!("    {}: {}. {}\n", j.by, j.outcome.label_sv(), j.justification));
            }
        }
    }
    if text.is_empty() {
        text.push_str("Inget krav behöver granskas eller har bedömts.\n");
    }
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}
