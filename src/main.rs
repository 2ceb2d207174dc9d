//! The `anbud` command line: batch work, scripting and acceptance tests over the core.
//! Contract: ../shared/spec/cli.md and docs/cli.md. Exit 0: the work was done; 1: refused;
//! 2: unusable arguments or an unreadable procurement definition (one line on stderr).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

#[derive(Parser)]
#[command(name = "anbud", version, about = "Kvalificering av anbud för ramavtalet för hyrpersonal i vården")]
struct Args {
    /// The database file (SQLite). Without it, the desktop app's default data location.
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a complete demo procurement: DIR/upphandling.toml and DIR/anbud/*.xlsx.
    Demo { dir: PathBuf },
    /// Writes the blank bid workbook for a procurement.
    Template {
        procurement: PathBuf,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Imports bid workbooks and evaluates them.
    Evaluate {
        procurement: PathBuf,
        #[arg(required = true)]
        bids: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Records a person's decision on one requirement for one supplier (the proposal stays).
    Override {
        procurement: PathBuf,
        /// Organisation number of the supplier.
        org_nr: String,
        /// Requirement id.
        requirement: String,
        /// pass, fail, review or missing.
        #[arg(long)]
        outcome: String,
        #[arg(long)]
        justification: String,
        #[arg(long = "by")]
        by: String,
    },
    // ---- zones and prices (issue "Compensation zones") ----
    /// The zone model: zones, their regions, the price of every lot in every zone.
    Prices {
        procurement: PathBuf,
        #[arg(long)]
        json: bool,
    },
    // ---- decisions (issue "Decision records") ----
}

fn main() -> ExitCode {
    let args = Args::parse();
    let db = args.db;
    let result = match args.command {
        Command::Demo { dir } => cli::demo(&dir),
        Command::Template { procurement, output } => cli::template(&procurement, &output),
        Command::Evaluate { procurement, bids, json } => cli::evaluate(db.as_deref(), &procurement, &bids, json),
        Command::Override { procurement, org_nr, requirement, outcome, justification, by } => {
            cli::override_outcome(db.as_deref(), &procurement, &org_nr, &requirement, &outcome, &justification, &by)
        }
        Command::Prices { procurement, json } => cli::prices(&procurement, json),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("anbud: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
