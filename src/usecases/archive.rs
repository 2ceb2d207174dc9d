//! The lawyer's archive (issue 13): every decision of a procurement as the database holds it, and
//! each printed again from the database alone — no workbooks, no definition file — from its stored
//! canonical data, so byte for byte as when it was taken. What a decision states is its canonical
//! data (`records::decision::Decision`), whose SHA-256 is its fingerprint; the record and the
//! notices are rendered from that data and the fingerprint only (`batch::write_documents`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::records::decision::{fingerprint_of, Decision};
use crate::store::{Store, StoredDecision};
use crate::usecases::batch::{write_documents, ServiceError};

/// One stored decision as the archive lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ArchivedDecision {
    /// Beslut nr N within the procurement.
    pub number: i64,
    pub decision_date: String,
    pub decided_by: String,
    pub role: Option<String>,
    pub sent_date: String,
    pub standstill_end: String,
    /// The SHA-256 of the canonical decision data, as printed in the record.
    pub fingerprint: String,
    /// The number of the decision this one replaced, when it was re-taken.
    pub supersedes: Option<i64>,
    /// The number of the decision that replaced this one.
    pub superseded_by: Option<i64>,
    /// When it was stored (UTC, ISO 8601).
    pub created_at: String,
    pub qualified: usize,
    pub not_qualified: usize,
    /// The notices the decision gives (one per evaluated supplier and per bidder whose workbook
    /// could not be evaluated).
    pub notices: usize,
    /// Whether the stored data still gives the stored fingerprint; when not, the decision cannot
    /// be printed again and `anbud verify` says what differs.
    pub intact: bool,
}

/// The decision a stored row holds, once its canonical data is checked against its fingerprint.
fn canonical(d: &StoredDecision) -> Result<Decision, ServiceError> {
    let changed = || {
        ServiceError::Altered(format!(
            "Beslut nr {} i {} kan inte skrivas ut på nytt: det lagrade beslutsunderlaget ger inte längre den lagrade kontrollsumman, så databasen har ändrats efter beslutet. Kontrollera den med \"Kontrollera kontrollsumma\" (anbud verify).",
            d.number, d.procurement_id
        ))
    };
    if fingerprint_of(&d.canonical_json) != d.sha256 {
        return Err(changed());
    }
    let decision: Decision = serde_json::from_str(&d.canonical_json).map_err(|_| changed())?;
    if i64::from(decision.number) != d.number || decision.procurement_id != d.procurement_id {
        return Err(changed());
    }
    Ok(decision)
}

/// Every decision of the procurement, by number.
pub fn decision_archive(store: &Store, procurement_id: &str) -> Result<Vec<ArchivedDecision>, ServiceError> {
    Ok(store
        .decisions(procurement_id)?
        .into_iter()
        .map(|d| {
            let decision = canonical(&d).ok();
            ArchivedDecision {
                number: d.number,
                decision_date: d.decision_date.clone(),
                decided_by: d.decided_by.clone(),
                role: d.role.clone(),
                sent_date: d.sent_date.clone(),
                standstill_end: d.standstill_end.clone(),
                fingerprint: d.sha256.clone(),
                supersedes: decision.as_ref().and_then(|c| c.supersedes.as_ref()).map(|p| i64::from(p.number)),
                superseded_by: d.superseded_by,
                created_at: d.created_at.clone(),
                qualified: decision.as_ref().map_or(0, |c| c.counts.qualified),
                not_qualified: decision.as_ref().map_or(0, |c| c.counts.not_qualified),
                notices: decision.as_ref().map_or(0, |c| c.suppliers.len() + c.unevaluated_bidders().len()),
                intact: decision.is_some(),
            }
        })
        .collect())
}

/// What a reprint wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Reprinted {
    pub number: i64,
    pub decision_date: String,
    pub fingerprint: String,
    pub superseded_by: Option<i64>,
    pub record: PathBuf,
    pub notices: Vec<PathBuf>,
}

/// Prints decision `number` of the procurement again from the database alone: the record to
/// `record_path` (or by its usual name in `notices_dir`) and, with a folder, its notices. Refused
/// when the decision does not exist, or when its stored data no longer gives its fingerprint.
/// Reads only: the database is not written.
pub fn reprint_decision(
    store: &Store,
    procurement_id: &str,
    number: i64,
    record_path: Option<&Path>,
    notices_dir: Option<&Path>,
) -> Result<Reprinted, ServiceError> {
    let stored = store
        .decision(procurement_id, Some(number))?
        .ok_or_else(|| ServiceError::NotFound(format!("upphandlingen {procurement_id} har inget lagrat beslut nr {number}")))?;
    let decision = canonical(&stored)?;
    let (record, notices) = write_documents(&decision, &stored.sha256, record_path, notices_dir)?;
    Ok(Reprinted {
        number: stored.number,
        decision_date: stored.decision_date,
        fingerprint: stored.sha256,
        superseded_by: stored.superseded_by,
        record,
        notices,
    })
}

/// What checking a fingerprint from a paper copy found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FingerprintCheck {
    /// The fingerprint as given, without its spaces, in lower case.
    pub given: String,
    /// The decision whose stored fingerprint it is, if any.
    pub decision: Option<i64>,
    /// Whether the database holds exactly that decision: the fingerprint is one of its decisions',
    /// and that decision still agrees with the database (`anbud verify`).
    pub holds: bool,
    /// The nearest decision when none matches: its number and the groups of eight characters (1–8,
    /// as printed) that differ, so a slip in copying shows as one or two groups.
    pub nearest: Option<(i64, Vec<u8>)>,
    /// The check of the matching decision against the database, when one matches.
    pub verify: Option<crate::usecases::batch::VerifyReport>,
    /// The answer in plain Swedish: what holds, and if not, what differs.
    pub verdict: String,
}

/// The groups of eight characters (1–8) in which two fingerprints differ.
fn differing_groups(a: &str, b: &str) -> Vec<u8> {
    a.as_bytes().chunks(8).zip(b.as_bytes().chunks(8)).zip(1u8..).filter(|((x, y), _)| x != y).map(|(_, i)| i).collect()
}

fn groups_text(groups: &[u8]) -> String {
    let names: Vec<String> = groups.iter().map(u8::to_string).collect();
    match names.len() {
        0 => String::new(),
        1 => format!("grupp {}", names[0]),
        n => format!("grupperna {} och {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// Checks a fingerprint typed or pasted from a printed record (spaces and case do not matter)
/// against every decision of the procurement: which decision it is, whether the database still
/// holds exactly that decision, and if not, what differs.
pub fn check_fingerprint(store: &Store, procurement_id: &str, given: &str) -> Result<FingerprintCheck, ServiceError> {
    let normalized: String = given.split_whitespace().collect::<String>().to_lowercase();
    if normalized.len() != 64 || !normalized.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServiceError::Invalid(format!(
            "\"{}\" är ingen kontrollsumma: en kontrollsumma är 64 tecken, 0–9 och a–f, som i beslutets avsnitt Kontrollsumma (mellanslagen mellan grupperna spelar ingen roll); den angivna har {} tecken.",
            given.trim(),
            normalized.chars().count()
        )));
    }
    let decisions = store.decisions(procurement_id)?;
    if decisions.is_empty() {
        return Err(ServiceError::NotFound(format!("upphandlingen {procurement_id} har inget lagrat beslut")));
    }
    let Some(found) = decisions.iter().find(|d| d.sha256 == normalized) else {
        let nearest = decisions
            .iter()
            .map(|d| (d.number, differing_groups(&d.sha256, &normalized)))
            .min_by_key(|(number, groups)| (groups.len(), -number))
            .expect("at least one decision");
        let verdict = if nearest.1.len() <= 2 {
            format!(
                "Databasen har inget beslut med den kontrollsumman. Den liknar beslut nr {}:s, men {} skiljer sig; kontrollera att {} är rätt avskrivna från utskriften.",
                nearest.0,
                groups_text(&nearest.1),
                if nearest.1.len() == 1 { "den" } else { "de" }
            )
        } else {
            format!(
                "Databasen har inget beslut med den kontrollsumman: ingen av upphandlingens {} beslut har den. Utskriften är inte ett beslut ur den här databasen, eller så har databasen ändrats efter att utskriften gjordes.",
                decisions.len()
            )
        };
        return Ok(FingerprintCheck {
            given: normalized,
            decision: None,
            holds: false,
            nearest: Some(nearest),
            verify: None,
            verdict,
        });
    };
    let report = crate::usecases::batch::verify(store, procurement_id, Some(found.number), Some(&normalized))?;
    let later = found.superseded_by.map(|n| format!(" Beslutet har ersatts av beslut nr {n}.")).unwrap_or_default();
    let verdict = if report.ok {
        format!(
            "Databasen innehåller exakt det beslutet: beslut nr {} av den {}. Kontrollsumman räknas fram på nytt ur de lagrade anbuden, bedömningarna och villkoren och stämmer.{later}",
            found.number, found.decision_date
        )
    } else {
        let mut what: Vec<String> = report.problems.clone();
        if report.of_canonical != report.stored {
            what.insert(0, "det lagrade beslutsunderlaget ger inte längre den lagrade kontrollsumman".into());
        }
        match (&report.recomputed, &report.problem) {
            (Some(r), _) if *r != report.stored && report.engine_note.is_none() => {
                what.push(format!("omräknad ur databasens anbud, bedömningar och villkor blir kontrollsumman {r}"))
            }
            (None, Some(p)) => what.push(format!("kontrollsumman kan inte räknas om: {p}")),
            _ => {}
        }
        if what.is_empty() {
            what.push("se anbud verify för vad som skiljer".into());
        }
        format!(
            "Kontrollsumman är beslut nr {}:s (den {}), men databasen stämmer inte längre med beslutet: {}.{later}",
            found.number,
            found.decision_date,
            what.join("; ")
        )
    };
    Ok(FingerprintCheck {
        given: normalized,
        decision: Some(found.number),
        holds: report.ok,
        nearest: None,
        verify: Some(report),
        verdict,
    })
}
