//! `anbud espd read FILE.xml [--json]`: reads one ESPD document and prints what it understood
//! (spec/espd.md). The reading is `anbud::espd::read`; this reads the file and prints.
//! `anbud espd request PROCUREMENT -o FILE.xml [--date YYYY-MM-DD]`: writes the ESPD request for a
//! procurement (`anbud::espd::request_xml`, pure); this loads the definition, takes today's date
//! from the clock when none is given, and writes the file whole.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anbud::espd::{self, EspdError};

use super::{load, parse_date, write_out, CliError, CliResult};

/// The file's bytes: refused from its size (the file system's, before anything is read) when it
/// is over the limit, and never read beyond it, whatever the size claimed.
fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    let refused = |source: EspdError| CliError::Espd { file: path.display().to_string(), source };
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CliError::Usage(format!("filen {} finns inte", path.display())),
        _ => CliError::Usage(format!("kan inte läsa {}: {}", path.display(), anbud::support::sv::io_error(&e))),
    })?;
    let meta = file
        .metadata()
        .map_err(|e| CliError::Usage(format!("kan inte läsa {}: {}", path.display(), anbud::support::sv::io_error(&e))))?;
    if !meta.is_file() {
        return Err(CliError::Usage(format!("{} är inte en fil", path.display())));
    }
    if meta.len() > espd::MAX_BYTES as u64 {
        return Err(refused(EspdError::TooLarge { bytes: meta.len() }));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&mut file)
        .take(espd::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Usage(format!("kan inte läsa {}: {}", path.display(), anbud::support::sv::io_error(&e))))?;
    if bytes.len() > espd::MAX_BYTES {
        return Err(refused(EspdError::TooLarge { bytes: bytes.len() as u64 }));
    }
    Ok(bytes)
}

/// `anbud espd read FILE.xml [--json]`. Exit 0 when read; 1 when the document is refused (one line
/// on stderr saying why); 2 when the file cannot be read at all.
pub fn read(path: &Path, json: bool) -> CliResult {
    let bytes = read_file(path)?;
    let doc = espd::read(&bytes).map_err(|source| CliError::Espd { file: path.display().to_string(), source })?;
    if json {
        write_out(&format!("{}\n", serde_json::to_string_pretty(&doc).expect("json")))?;
    } else {
        write_out(&espd::text_report(&doc))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `anbud espd request PROCUREMENT -o FILE.xml [--date YYYY-MM-DD]`. The date is the request's
/// issue date, today's date in Sweden (Europe/Stockholm) by default. The file is written through a
/// temporary file in the same folder renamed into place, so it is never half written. Exit 0 when
/// written; 2 when the definition cannot be used (or holds text XML cannot carry), the date is not
/// one, or the file cannot be written.
pub fn request(procurement: &Path, output: &Path, date: Option<&str>) -> CliResult {
    let (p, _) = load(procurement)?;
    let issue_date = match date {
        Some(d) => parse_date(d, "Datumet")?,
        None => anbud::support::holidays::stockholm_time(chrono::Utc::now()).date(),
    };
    let xml = espd::request_xml(&p, issue_date).map_err(|e| CliError::Usage(format!("{}: {e}", procurement.display())))?;
    anbud::envelope::write_atomically(output, xml.as_bytes())
        .map_err(|e| CliError::Usage(format!("kan inte skriva {}: {}", output.display(), anbud::support::sv::io_error(&e))))?;
    write_out(&format!("ESPD-begäran för {} är skriven till {}\n", p.id, output.display()))?;
    Ok(ExitCode::SUCCESS)
}
