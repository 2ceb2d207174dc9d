//! `anbud espd read FILE.xml [--json]`: reads one ESPD document and prints what it understood
//! (spec/espd.md). The reading is `anbud::espd::read`; this reads the file and prints.
//! `anbud espd request PROCUREMENT -o FILE.xml [--date YYYY-MM-DD]`: writes the ESPD request for a
//! procurement (`anbud::espd::request_xml`, pure); this loads the definition, takes today's date
//! from the clock when none is given, and writes the file whole.

use std::path::Path;
use std::process::ExitCode;

use anbud::espd;
use anbud::usecases::espd::EspdFileError;

use super::{load, parse_date, write_out, CliError, CliResult};

/// The file's bytes, within the limits (`usecases::espd::read_espd_bytes`).
fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    anbud::usecases::espd::read_espd_bytes(path).map_err(|e| match e {
        EspdFileError::Unusable(m) => CliError::Usage(m),
        EspdFileError::Refused { file, source } => CliError::Espd { file, source },
    })
}

/// `anbud espd read FILE.xml [--json] [--procurement PROCUREMENT]`. Exit 0 when read; 1 when the
/// document is refused (one line on stderr saying why); 2 when the file cannot be read at all.
/// The text ends with the mapping report: what is carried over to which requirement (of the
/// procurement's catalogue when one is given), and what is not. With `--json`, the document as
/// spec/espd.md gives it, and with a procurement the report under `"mapping"` too.
pub fn read(path: &Path, json: bool, procurement: Option<&Path>) -> CliResult {
    let p = procurement.map(load).transpose()?.map(|(p, _)| p);
    let bytes = read_file(path)?;
    let doc = espd::read(&bytes).map_err(|source| CliError::Espd { file: path.display().to_string(), source })?;
    let report = espd::mapping_report(&doc, p.as_ref());
    if json {
        let mut v = serde_json::to_value(&doc).expect("json");
        if p.is_some() {
            v["mapping"] = serde_json::to_value(&report).expect("json");
        }
        write_out(&format!("{}\n", serde_json::to_string_pretty(&v).expect("json")))?;
    } else {
        write_out(&format!("{}\n{}", espd::text_report(&doc), espd::mapping_text(&report)))?;
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
