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
    /// Saves a changed definition of a procurement that has received bids as an amendment
    /// (rättelse), with a justification and the person's name; the bids are evaluated again.
    Amend {
        procurement: PathBuf,
        /// Why the definition is amended.
        #[arg(long)]
        justification: String,
        /// The name of the person who amends it.
        #[arg(long = "by")]
        by: String,
    },
    /// Settles a conflict between bids of one supplier with the same bid date: the bid kept
    /// stands, the others are replaced by it.
    SettleConflict {
        /// The procurement definition file, or its id (dnr).
        procurement: String,
        /// Organisation number of the supplier.
        org_nr: String,
        /// The bid that stands: its workbook (path or file name).
        #[arg(long)]
        keep: String,
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
    /// Writes the price list (prisbilaga) as .xlsx: lots down, zones across, the zones' regions.
    PriceList {
        procurement: PathBuf,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// The cost projection for a year from expected hours (.xlsx or .toml, docs/projection.md),
    /// against the 2 % indicator; with what-if changes tried on a copy of the procurement.
    Projection {
        procurement: PathBuf,
        /// The input: expected hours per region and lot, and each region's personnel cost.
        input: PathBuf,
        /// The calendar year (default: the input's, else the agreement's first year).
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
        /// What-if: move a region to another zone, REGION=ZONE (e.g. 20=5). Repeatable.
        #[arg(long = "move-region", value_name = "REGION=ZON")]
        move_region: Vec<String>,
        /// What-if: move a workplace to another zone, NAME=ZONE or REGION:NAME=ZONE. Repeatable.
        #[arg(long = "move-workplace", value_name = "ARBETSPLATS=ZON")]
        move_workplace: Vec<String>,
        /// What-if: change a zone's factor, ZONE=FACTOR (e.g. 3=1.12). Repeatable.
        #[arg(long = "factor", value_name = "ZON=FAKTOR")]
        factor: Vec<String>,
    },
    /// Writes a blank input workbook for the cost projection.
    ProjectionTemplate {
        procurement: PathBuf,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    // ---- decisions (issue "Decision records") ----
    /// The qualification decision record as PDF (and, with --notices, one notice per supplier).
    /// Refuses (exit 1, naming them) while any supplier needs review.
    Decision {
        procurement: PathBuf,
        #[arg(required = true)]
        bids: Vec<PathBuf>,
        /// The decision date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// The decision maker's name.
        #[arg(long = "decided-by")]
        decided_by: String,
        /// The decision maker's role.
        #[arg(long)]
        role: Option<String>,
        /// The day the decision is sent, when later than the decision date.
        #[arg(long)]
        sent: Option<String>,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// A folder for the notices (underrättelser), one PDF per supplier.
        #[arg(long)]
        notices: Option<PathBuf>,
    },
    /// The working group's members: add, conflict (jäv), assign, list.
    Reviewer {
        #[command(subcommand)]
        action: ReviewerCommand,
    },
    /// Review packages: export, show, respond, merge, status.
    Review {
        #[command(subcommand)]
        action: ReviewCommand,
    },
    /// Saves a checked copy of the database to FILE (an existing FILE is replaced only by a
    /// whole copy that checked out).
    Backup {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// The journal: `audit verify` walks it and checks the database against it (exit 0 when all
    /// holds, 1 when not); `audit log` prints it.
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Prints stored decision N again from the database alone (no workbooks): the record, and with
    /// --notices its notices, byte for byte as when it was taken.
    Record {
        /// The procurement definition file, or its id (dnr).
        procurement: String,
        /// The decision's number within the procurement (Beslut nr N, printed in the record).
        #[arg(long)]
        decision: i64,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// A folder for the notices (underrättelser), one PDF per supplier.
        #[arg(long)]
        notices: Option<PathBuf>,
    },
    /// ESPD documents (the European Single Procurement Document): `espd read`, `espd request`.
    Espd {
        #[command(subcommand)]
        action: EspdCommand,
    },
    /// Recomputes a stored decision's fingerprint from the database and says whether it matches
    /// (exit 0) or not (exit 1).
    Verify {
        /// The procurement definition file, or its id (dnr).
        procurement: String,
        /// The fingerprint printed in the record, to check a printed copy.
        #[arg(long)]
        fingerprint: Option<String>,
        /// The decision's number within the procurement (Beslut nr N, printed in the record);
        /// the latest decision by default.
        #[arg(long)]
        decision: Option<i64>,
    },
}

/// ESPD documents (spec/espd.md).
#[derive(Subcommand, Debug)]
enum EspdCommand {
    /// Reads an ESPD request or response (ESPD-EDM 2.x, 3.x, 4.x) and prints what it understood:
    /// the economic operator, exclusion grounds, turnover, credit rating, and what it did not.
    Read {
        /// The ESPD document (.xml).
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// A procurement definition: the mapping report names its requirements.
        #[arg(long)]
        procurement: Option<PathBuf>,
    },
    /// Writes the ESPD request (ESPD-EDM 4.1.0) for a procurement: the exclusion grounds, and the
    /// turnover and credit rating criteria with the procurement's thresholds.
    Request {
        /// The procurement definition file.
        procurement: PathBuf,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// The request's issue date (YYYY-MM-DD); today by default.
        #[arg(long)]
        date: Option<String>,
    },
}

/// The working group's members (spec/review.md).
#[derive(Subcommand, Debug)]
enum ReviewerCommand {
    /// Registers a working-group member.
    Add {
        /// The procurement definition file, or its id (dnr).
        procurement: String,
        #[arg(long)]
        name: String,
        /// The member's region (county code, 01–25).
        #[arg(long)]
        region: Option<String>,
    },
    /// Records a member's declaration of jäv (conflict of interest) against a supplier.
    Conflict {
        procurement: String,
        #[arg(long)]
        name: String,
        /// The supplier's organisation number.
        org_nr: String,
        #[arg(long)]
        reason: String,
    },
    /// Assigns suppliers to a member (never one the member declared jäv against).
    Assign {
        procurement: String,
        #[arg(long)]
        name: String,
        #[arg(required = true)]
        org_nrs: Vec<String>,
    },
    /// The working group: members, their suppliers and declarations.
    List {
        procurement: String,
        #[arg(long)]
        json: bool,
    },
}

/// Review packages and responses (spec/review.md).
#[derive(Subcommand, Debug)]
enum ReviewCommand {
    /// Writes one member's encrypted review package.
    Export {
        procurement: String,
        #[arg(long)]
        name: String,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// A file whose first line is the passphrase; without it one is generated and printed.
        #[arg(long = "passphrase-file")]
        passphrase_file: Option<PathBuf>,
    },
    /// Shows what a package holds (the member's side; no database).
    Show {
        package: PathBuf,
        #[arg(long = "passphrase-file")]
        passphrase_file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Writes the member's response from an assessments file (the member's side; no database).
    Respond {
        package: PathBuf,
        #[arg(long = "passphrase-file")]
        passphrase_file: PathBuf,
        #[arg(long)]
        assessments: PathBuf,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Merges members' responses, in any order, each any number of times.
    Merge {
        procurement: String,
        #[arg(required = true)]
        responses: Vec<PathBuf>,
    },
    /// Where the review stands: every judgement, and what is settled.
    Status {
        procurement: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Walks the journal's hash chain and checks bids, kept workbooks, overrides and decisions
    /// against the events they came from.
    Verify {
        /// The procurement definition file, or its id (dnr).
        procurement: String,
    },
    /// Prints the journal.
    Log {
        /// The procurement definition file, or its id (dnr).
        procurement: String,
        #[arg(long)]
        json: bool,
    },
}

/// Clap's own errors, as one Swedish line for people (exit 2); help and version as clap prints them.
fn parse_args() -> Result<Args, ExitCode> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    match Args::try_parse() {
        Ok(args) => Ok(args),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            Err(ExitCode::SUCCESS)
        }
        Err(e) => {
            let ctx = |kind: ContextKind| -> String {
                match e.get(kind) {
                    Some(ContextValue::String(s)) => s.clone(),
                    Some(ContextValue::Strings(v)) => v.join(", "),
                    Some(other) => other.to_string(),
                    None => String::new(),
                }
            };
            let message = match e.kind() {
                ErrorKind::InvalidSubcommand => format!("okänt kommando \"{}\"", ctx(ContextKind::InvalidSubcommand)),
                ErrorKind::UnknownArgument => format!("okänt argument \"{}\"", ctx(ContextKind::InvalidArg)),
                ErrorKind::MissingRequiredArgument => {
                    format!("argument saknas: {}", ctx(ContextKind::InvalidArg))
                }
                ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    "ange ett kommando (demo, template, evaluate, prices, decision …)".to_string()
                }
                ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
                    format!("ogiltigt värde \"{}\" för {}", ctx(ContextKind::InvalidValue), ctx(ContextKind::InvalidArg))
                }
                ErrorKind::TooManyValues => format!("för många värden: \"{}\"", ctx(ContextKind::InvalidValue)),
                ErrorKind::ArgumentConflict => {
                    format!("{} kan inte anges tillsammans med {}", ctx(ContextKind::InvalidArg), ctx(ContextKind::PriorArg))
                }
                _ => "argumenten kan inte tolkas".to_string(),
            };
            eprintln!("anbud: {message} (se anbud --help)");
            Err(ExitCode::from(2))
        }
    }
}

fn main() -> ExitCode {
    // Started as a workbook reader: serves and exits. Otherwise workbooks are read in such child
    // processes, with a memory and time limit (intake::isolate).
    anbud::intake::isolate::main_hook();
    let args = match parse_args() {
        Ok(args) => args,
        Err(code) => return code,
    };
    // Bid workbooks that do not exist are unusable arguments (exit 2), not rejected workbooks.
    // The definition is checked first, as the first argument.
    if let Command::Evaluate { procurement, bids, .. } | Command::Decision { procurement, bids, .. } = &args.command {
        if let Err(e) = cli::load(procurement).and_then(|_| cli::check_bid_paths(bids)) {
            eprintln!("anbud: {e}");
            return ExitCode::from(e.exit_code());
        }
    }
    let db = args.db;
    let result = match args.command {
        Command::Demo { dir } => cli::demo(&dir),
        Command::Template { procurement, output } => cli::template(&procurement, &output),
        Command::Evaluate { procurement, bids, json } => cli::evaluate(db.as_deref(), &procurement, &bids, json),
        Command::Override { procurement, org_nr, requirement, outcome, justification, by } => {
            cli::override_outcome(db.as_deref(), &procurement, &org_nr, &requirement, &outcome, &justification, &by)
        }
        Command::Amend { procurement, justification, by } => cli::amend(db.as_deref(), &procurement, &justification, &by),
        Command::SettleConflict { procurement, org_nr, keep, justification, by } => {
            cli::settle_conflict(db.as_deref(), &procurement, &org_nr, &keep, &justification, &by)
        }
        Command::Prices { procurement, json } => cli::prices(&procurement, json),
        Command::Decision { procurement, bids, date, decided_by, role, sent, output, notices } => {
            cli::decision(db.as_deref(), &procurement, &bids, &date, &decided_by, role, sent.as_deref(), &output, notices.as_deref())
        }
        Command::Record { procurement, decision, output, notices } => {
            cli::record(db.as_deref(), &procurement, decision, &output, notices.as_deref())
        }
        Command::Verify { procurement, fingerprint, decision } => {
            cli::verify(db.as_deref(), &procurement, fingerprint.as_deref(), decision)
        }
        Command::Backup { output } => cli::backup(db.as_deref(), &output),
        Command::Audit { action: AuditCommand::Verify { procurement } } => cli::audit_verify(db.as_deref(), &procurement),
        Command::Audit { action: AuditCommand::Log { procurement, json } } => cli::audit_log(db.as_deref(), &procurement, json),
        Command::Reviewer { action } => match action {
            ReviewerCommand::Add { procurement, name, region } => {
                cli::review::reviewer_add(db.as_deref(), &procurement, &name, region.as_deref())
            }
            ReviewerCommand::Conflict { procurement, name, org_nr, reason } => {
                cli::review::reviewer_conflict(db.as_deref(), &procurement, &name, &org_nr, &reason)
            }
            ReviewerCommand::Assign { procurement, name, org_nrs } => {
                cli::review::reviewer_assign(db.as_deref(), &procurement, &name, &org_nrs)
            }
            ReviewerCommand::List { procurement, json } => cli::review::reviewer_list(db.as_deref(), &procurement, json),
        },
        Command::Review { action } => match action {
            ReviewCommand::Export { procurement, name, output, passphrase_file } => {
                cli::review::export(db.as_deref(), &procurement, &name, &output, passphrase_file.as_deref())
            }
            ReviewCommand::Show { package, passphrase_file, json } => cli::review::show(&package, &passphrase_file, json),
            ReviewCommand::Respond { package, passphrase_file, assessments, output } => {
                cli::review::respond(&package, &passphrase_file, &assessments, &output)
            }
            ReviewCommand::Merge { procurement, responses } => cli::review::merge(db.as_deref(), &procurement, &responses),
            ReviewCommand::Status { procurement, json } => cli::review::status(db.as_deref(), &procurement, json),
        },
        Command::PriceList { procurement, output } => cli::zones::price_list(&procurement, &output),
        Command::Projection { procurement, input, year, json, move_region, move_workplace, factor } => {
            let what_if = cli::zones::WhatIfArgs { move_region, move_workplace, factor };
            cli::zones::projection(&procurement, &input, year, json, &what_if)
        }
        Command::ProjectionTemplate { procurement, output } => cli::zones::projection_template(&procurement, &output),
        Command::Espd { action: EspdCommand::Read { file, json, procurement } } => {
            cli::espd::read(&file, json, procurement.as_deref())
        }
        Command::Espd { action: EspdCommand::Request { procurement, output, date } } => {
            cli::espd::request(&procurement, &output, date.as_deref())
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("anbud: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
