//! Handlers for zones and prices: `price-list`, `projection`, `projection-template`.
//! (`prices` is in mod.rs and calls `anbud::pricing::prices`.)

use std::path::Path;
use std::process::ExitCode;

use anbud::pricing::projection::{self, Change};

use super::{load, write_out, CliError, CliResult};

/// `anbud price-list PROCUREMENT -o FILE.xlsx`: the price list (prisbilaga).
pub fn price_list(procurement: &Path, output: &Path) -> CliResult {
    let (p, _) = load(procurement)?;
    anbud::pricing::pricelist::write_price_list(&p, output).map_err(|e| CliError::Usage(e.to_string()))?;
    write_out(&format!("Prisbilagan för {} är skriven till {}\n", p.id, output.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// `anbud projection-template PROCUREMENT -o FILE.xlsx`: a blank input workbook.
pub fn projection_template(procurement: &Path, output: &Path) -> CliResult {
    let (p, _) = load(procurement)?;
    projection::write_input_template(&p, output).map_err(|e| CliError::Usage(format!("kan inte skriva {}: {e}", output.display())))?;
    write_out(&format!("Underlaget för kostnadsprognos för {} är skrivet till {}\n", p.id, output.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// The what-if options of `anbud projection`, as given.
#[derive(Debug, Default)]
pub struct WhatIfArgs {
    pub move_region: Vec<String>,
    pub move_workplace: Vec<String>,
    pub factor: Vec<String>,
}

impl WhatIfArgs {
    fn changes(&self) -> Result<Vec<Change>, CliError> {
        let mut changes = Vec::new();
        let mut errors = Vec::new();
        let mut collect = |r: Result<Change, String>, flag: &str, text: &str| match r {
            Ok(c) => changes.push(c),
            Err(m) => errors.push(format!("{flag} {text}: {m}")),
        };
        for t in &self.move_region {
            collect(Change::parse_move_region(t), "--move-region", t);
        }
        for t in &self.move_workplace {
            collect(Change::parse_move_workplace(t), "--move-workplace", t);
        }
        for t in &self.factor {
            collect(Change::parse_factor(t), "--factor", t);
        }
        if errors.is_empty() {
            Ok(changes)
        } else {
            Err(CliError::Usage(errors.join("; ")))
        }
    }
}

/// `anbud projection PROCUREMENT INPUT [--year YYYY] [--json] [--move-region R=Z]…
/// [--move-workplace NAME=Z]… [--factor Z=F]…`. The saved definition is never changed.
pub fn projection(procurement: &Path, input: &Path, year: Option<i32>, json: bool, what_if: &WhatIfArgs) -> CliResult {
    let (p, _) = load(procurement)?;
    let changes = what_if.changes()?;
    let data = projection::read_input(&p, input).map_err(|e| CliError::Usage(format!("{}: {e}", input.display())))?;
    let year = year
        .or(data.year)
        .or_else(|| projection::default_year(&p))
        .ok_or_else(|| CliError::Usage("ange året med --year (upphandlingen har inget avtalsstartdatum)".to_string()))?;
    if !(1900..=2200).contains(&year) {
        return Err(CliError::Usage(format!("--year {year} är inget rimligt år")));
    }
    if changes.is_empty() {
        let proj = projection::project(&p, &data, year);
        if json {
            write_out(&format!("{}\n", serde_json::to_string_pretty(&proj.to_json()).expect("json")))?;
        } else {
            write_out(&proj.table())?;
        }
    } else {
        let (before, wi) = projection::what_if(&p, &data, year, &changes).map_err(|errors| CliError::Usage(errors.join("; ")))?;
        if json {
            let mut v = before.to_json();
            v["what_if"] = wi.to_json();
            write_out(&format!("{}\n", serde_json::to_string_pretty(&v).expect("json")))?;
        } else {
            write_out(&format!("{}\n{}", before.table(), wi.table()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
