//! Benchmark: the working group's packages and responses for 500 suppliers and 10 members
//! (issue 11, "Speed"): export of the 10 packages, and the merge of their 10 responses, each at
//! most 2 s on the development machine's 2 cores, NOT counting the passphrase's key derivation
//! (age's scrypt, about a second per package on purpose: it is measured alone and subtracted,
//! never weakened).
//!
//! Built first, not measured: the demo procurement with four eyes and 500 generated bid
//! workbooks imported (one in ten needing review), 10 members, every supplier assigned to two of
//! them (100 suppliers each). Then, measured with `std::time::Instant`:
//! - export: `usecases::review::export_package` for each member (every assigned supplier's bid as
//!   the supplier screen shows it, sealed, recorded); minus the key derivation, timed alone as
//!   sealing an empty content with the same passphrase 10 times;
//! - merge: `usecases::review::merge_response` of the 10 responses, in which each member assesses
//!   every requirement of every supplier (agreeing, or passing a `review` with a justification):
//!   about 7 000 assessments, each stored and journalled. Writing the responses (the members'
//!   side, which opens each package with its passphrase) is not measured.
//!
//! `cargo bench --bench review`; `BENCH_N` suppliers (default 500), `BENCH_MEMBERS` (default 10).
//! The figures are kept in docs/performance.md.

use std::time::Instant;

use anbud::envelope::{self, Header};
use anbud::intake::template::{write_workbook, Cell};
use anbud::model::requirement::Outcome;
use anbud::store::Store;
use anbud::usecases::demo::{good_bid, org, DEMO_TOML};
use anbud::usecases::review::{self as rv, AssessmentInput};
use chrono::NaiveDate;

const NOW: &str = "2026-12-16T09:00:00+01:00";
const PASSPHRASE: &str = "granskning-i-arbetsgruppen-2026";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let n = env_usize("BENCH_N", 500);
    let members = env_usize("BENCH_MEMBERS", 10);
    let dir = tempfile::tempdir().expect("temp dir");
    let toml = DEMO_TOML.to_string();
    assert!(toml.contains("four_eyes = true"), "the demo has four eyes");
    let p = anbud::model::procurement::Procurement::from_toml(&toml).expect("demo");
    let mut paths = Vec::with_capacity(n);
    let mut orgs = Vec::with_capacity(n);
    for i in 0..n {
        let o = org(&format!("55{:07}", i + 1));
        let mut b = good_bid(&o, &format!("Bemanningsbolag {:04} AB", i + 1));
        if i % 10 == 2 {
            if let Some(slot) = b.answers.iter_mut().find(|(q, _)| q == "Datum för kreditupplysning") {
                slot.1 = Cell::Date(NaiveDate::from_ymd_opt(2026, 8, 1).unwrap());
            }
        }
        let path = dir.path().join(format!("bid-{:04}.xlsx", i + 1));
        std::fs::write(&path, write_workbook(&p, Some(&b)).expect("workbook")).expect("write");
        paths.push(path);
        orgs.push(o);
    }
    let mut store = Store::open(&dir.path().join("review.sqlite")).expect("database");
    anbud::usecases::update_definition(&mut store, &toml, NOW).expect("definition");
    anbud::usecases::import(&mut store, &p.id, &paths, NOW, &mut |_, _, _| {}).expect("import");
    let names: Vec<String> = (0..members).map(|m| format!("Granskare {:02}", m + 1)).collect();
    for name in &names {
        rv::add_reviewer(&mut store, &p.id, name, None, NOW).expect("reviewer");
    }
    for (i, o) in orgs.iter().enumerate() {
        for m in [i % members, (i + 1) % members] {
            rv::assign(&mut store, &p.id, &names[m], std::slice::from_ref(o), NOW).expect("assign");
        }
    }

    // The key derivation alone, as export pays it once per package.
    let header = Header {
        procurement: p.id.clone(),
        package: envelope::new_id(),
        response: None,
        sha256: String::new(),
    };
    let t = Instant::now();
    for _ in 0..members {
        envelope::seal_with_passphrase(header.clone(), PASSPHRASE, b"").expect("seal");
    }
    let kdf = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut packages = Vec::new();
    for name in &names {
        packages.push(rv::export_package(&mut store, &p.id, name, Some(PASSPHRASE), NOW).expect("export"));
    }
    let export_total = t.elapsed().as_secs_f64();
    let bytes: usize = packages.iter().map(|x| x.bytes.len()).sum();

    // The members' side (not measured): open, assess everything, respond.
    let mut responses = Vec::new();
    let mut assessments = 0;
    for pkg in &packages {
        let content = rv::open_package(&pkg.bytes, PASSPHRASE).expect("open");
        let mut list = Vec::new();
        for s in &content.suppliers {
            for r in &s.requirements {
                let review = r.result.proposed == Outcome::Review;
                list.push(AssessmentInput {
                    org_nr: s.org_nr.clone(),
                    requirement: r.result.id.clone(),
                    outcome: if review { Outcome::Pass } else { r.result.proposed },
                    justification: if review { "Styrkt av bifogade handlingar.".into() } else { String::new() },
                    comment: String::new(),
                });
            }
        }
        assessments += list.len();
        responses.push(rv::respond(&content, &list, NOW).expect("respond"));
    }

    let t = Instant::now();
    for r in responses.iter().rev() {
        let merged = rv::merge_response(&mut store, &p.id, r, NOW).expect("merge");
        assert!(merged.already_merged.is_none());
    }
    let merge = t.elapsed().as_secs_f64();
    let status = rv::review_status(&store, &p.id).expect("status");
    let open = status.suppliers.iter().flat_map(|s| &s.requirements).filter(|r| r.settled.is_none()).count();
    assert_eq!(open, 0, "every review settled by two members who concur");

    println!("suppliers={n} members={members} package_bytes_total={bytes} assessments={assessments}");
    println!("kdf_seconds_for_{members}_packages={kdf:.3}");
    println!("export_seconds_total={export_total:.3}");
    println!("export_seconds_excluding_kdf={:.3} (goal <= 2)", export_total - kdf);
    println!("merge_seconds={merge:.3} (goal <= 2)");
}
