//! The audit: the journal walked again, every table that is history checked against the events
//! it came from, and what a decision rests on (its basis) taken and recomputed.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::model::bid::sha256_hex;
use crate::records::decision::{Amendment, DecisionBasis, ReceivedWorkbook};
use crate::store::journal::{self, ChainBreak, Event, EventKind};
use crate::store::{Result, Store, StoreError};

/// What a decision rests on, as the store holds it now: the journal's head, the definition, every
/// workbook received and the override history up to `last_override_id`.
pub fn decision_basis(store: &Store, procurement_id: &str, definition_toml: &str, last_override_id: i64) -> Result<DecisionBasis> {
    let events = store.events(procurement_id)?;
    let head = events.last().map(|e| e.hash.clone()).unwrap_or_else(|| journal::GENESIS.to_string());
    basis_of(store, procurement_id, &events, head, definition_toml, last_override_id)
}

fn basis_of(
    store: &Store,
    procurement_id: &str,
    events: &[Event],
    journal_head: String,
    definition_toml: &str,
    last_override_id: i64,
) -> Result<DecisionBasis> {
    // Every workbook received, once (a file received again is the same file), in order of receipt.
    let mut workbooks: Vec<ReceivedWorkbook> = Vec::new();
    for e in events.iter().filter(|e| e.kind == EventKind::WorkbookReceived.as_str()) {
        let p = payload(e);
        if let (Some(file), Some(sha256)) = (p["file"].as_str(), p["sha256"].as_str()) {
            if !workbooks.iter().any(|w| w.sha256 == sha256) {
                workbooks.push(ReceivedWorkbook { file: file.to_string(), sha256: sha256.to_string() });
            }
        }
    }
    let history: Vec<_> = store.override_rows(procurement_id)?.into_iter().filter(|o| o.id <= last_override_id).collect();
    let canonical = serde_json::to_string(&history).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(DecisionBasis {
        journal_head,
        definition_sha256: sha256_hex(definition_toml.as_bytes()),
        workbooks,
        overrides: history.len() as u32,
        override_history_sha256: sha256_hex(canonical.as_bytes()),
    })
}

/// The basis of a stored decision recomputed from the store: the journal up to the event that
/// recorded the decision (whose link is the head the decision saw), the definition it was taken
/// on, and the overrides up to the last one it saw. An error in Swedish where it cannot be.
pub fn recompute_basis(store: &Store, decision_id: i64, procurement_id: &str, definition_toml: &str, last_override_id: i64) -> std::result::Result<DecisionBasis, String> {
    let events = store.events(procurement_id).map_err(|e| e.to_string())?;
    let taken = events
        .iter()
        .position(|e| e.kind == EventKind::DecisionTaken.as_str() && payload(e)["decision_id"].as_i64() == Some(decision_id))
        .ok_or_else(|| "journalen har ingen händelse för beslutet".to_string())?;
    journal::walk(&events[..=taken]).map_err(|b| format!("journalen bryts vid händelse nr {}: {}", b.seq, b.problem))?;
    let head = events[taken].prev_hash.clone();
    basis_of(store, procurement_id, &events[..taken], head, definition_toml, last_override_id).map_err(|e| e.to_string())
}

/// The amendments (rättelser) of a procurement's definition among these events: each change of
/// the definition recorded with a justification and a name, in order.
pub fn amendments_of(events: &[Event]) -> Vec<Amendment> {
    events
        .iter()
        .filter(|e| e.kind == EventKind::DefinitionChanged.as_str())
        .filter_map(|e| {
            let p = payload(e);
            let a = p.get("amendment").filter(|a| a.is_object())?;
            let text = |v: &Json| v.as_str().unwrap_or_default().to_string();
            Some(Amendment {
                date: e.at.clone(),
                by: text(&a["by"]),
                justification: text(&a["justification"]),
                before_sha256: text(&p["before_sha256"]),
                after_sha256: text(&p["after_sha256"]),
            })
        })
        .collect()
}

/// Every amendment of a procurement's definition so far (what a decision taken now lists).
pub fn amendments(store: &Store, procurement_id: &str) -> Result<Vec<Amendment>> {
    Ok(amendments_of(&journal::events_of_kind(store.connection(), procurement_id, EventKind::DefinitionChanged, None)?))
}

/// The amendments a stored decision was taken on: those the journal recorded before the event
/// that recorded the decision.
pub fn recompute_amendments(store: &Store, decision_id: i64, procurement_id: &str) -> std::result::Result<Vec<Amendment>, String> {
    let events = store.events(procurement_id).map_err(|e| e.to_string())?;
    let taken = events
        .iter()
        .position(|e| e.kind == EventKind::DecisionTaken.as_str() && payload(e)["decision_id"].as_i64() == Some(decision_id))
        .ok_or_else(|| "journalen har ingen händelse för beslutet".to_string())?;
    Ok(amendments_of(&events[..taken]))
}

fn payload(e: &Event) -> Json {
    serde_json::from_str(&e.payload_json).unwrap_or(Json::Null)
}

/// One thing that does not hold, at the event it concerns where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AuditProblem {
    /// The event's number in the journal, where the problem concerns one.
    pub seq: Option<i64>,
    /// In Swedish: what does not hold.
    pub problem: String,
}

/// What `anbud audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AuditReport {
    pub procurement_id: String,
    pub events: u32,
    /// The hash of the last event, where the chain holds.
    pub head: Option<String>,
    /// Where the chain breaks, if it does.
    pub chain_break: Option<ChainBreak>,
    /// Every table checked against the journal, first problem first.
    pub problems: Vec<AuditProblem>,
    pub ok: bool,
}

impl AuditReport {
    /// The first thing that does not hold, in Swedish, naming its event.
    pub fn first_problem(&self) -> Option<String> {
        if let Some(b) = &self.chain_break {
            return Some(format!("händelse nr {} ({}, {}): {}", b.seq, kind_label(&b.kind), b.at, b.problem));
        }
        self.problems.first().map(|p| match p.seq {
            Some(seq) => format!("händelse nr {seq}: {}", p.problem),
            None => p.problem.clone(),
        })
    }
}

/// The Swedish name of a kind of event as stored.
pub fn kind_label(kind: &str) -> &str {
    EventKind::parse(kind).map(EventKind::label_sv).unwrap_or(kind)
}

/// Walks a procurement's journal and checks every table that is history against the events it
/// came from: bids and their kept workbooks, rejected workbooks, overrides, decisions and the
/// definition; then the copies derived from the bids (answers, outcomes). Reads only.
pub fn audit_verify(store: &Store, procurement_id: &str) -> Result<AuditReport> {
    let events = store.events(procurement_id)?;
    let (head, chain_break) = match journal::walk(&events) {
        Ok(h) => (Some(h), None),
        Err(b) => (None, Some(b)),
    };
    let mut problems = Vec::new();
    let of_kind = |k: EventKind| events.iter().filter(move |e| e.kind == k.as_str());
    let find = |k: EventKind, key: &str, id: i64| of_kind(k).find(|e| payload(e)[key].as_i64() == Some(id));

    // The definition in force is the one the journal last recorded.
    if let Some((_, toml)) = store.procurement(procurement_id)? {
        let last = events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::ProcurementCreated.as_str() || e.kind == EventKind::DefinitionChanged.as_str());
        match last {
            Some(e) => {
                let p = payload(e);
                let recorded = p["after_sha256"].as_str().or(p["definition_sha256"].as_str()).unwrap_or_default();
                if recorded != sha256_hex(toml.as_bytes()) {
                    problems.push(AuditProblem {
                        seq: Some(e.seq),
                        problem: "upphandlingens definition i databasen är inte den som journalen senast registrerade".into(),
                    });
                }
            }
            None if !events.is_empty() => {
                problems.push(AuditProblem { seq: None, problem: "journalen saknar händelsen då upphandlingen skapades".into() })
            }
            None => {}
        }
    }

    // Once a workbook was received, the definition changed only by amendments.
    if let Some(first) = of_kind(EventKind::WorkbookReceived).next() {
        for e in of_kind(EventKind::DefinitionChanged).filter(|e| e.seq > first.seq) {
            if !payload(e).get("amendment").is_some_and(|a| a.is_object()) {
                problems.push(AuditProblem {
                    seq: Some(e.seq),
                    problem: format!(
                        "definitionen ändrades efter att anbud tagits emot (första: händelse nr {}) utan att ändringen registrerades som en rättelse",
                        first.seq
                    ),
                });
            }
        }
    }

    // Bids: each row is the one its event recorded, and its workbook is kept as received.
    for (id, file, sha, org_nr, name, bid_date, content) in store.bid_rows_raw(procurement_id)? {
        let Some(e) = find(EventKind::BidStored, "bid_id", id) else {
            problems.push(AuditProblem { seq: None, problem: format!("anbudet {file} (id {id}) finns inte i journalen") });
            continue;
        };
        let p = payload(e);
        let same = p["sha256"] == sha.as_str()
            && p["org_nr"] == org_nr.as_str()
            && p["name"] == name.as_str()
            && p["bid_date"] == bid_date.as_str()
            && p["file"] == crate::model::bid::file_name(&file)
            && p["content_sha256"] == sha256_hex(content.as_bytes()).as_str();
        if !same {
            problems.push(AuditProblem { seq: Some(e.seq), problem: format!("anbudet från {name} ({org_nr}) stämmer inte med anbudet som det lästes in") });
        }
        match store.kept_file(&sha)? {
            Some((_, bytes)) if sha256_hex(&bytes) == sha => {}
            Some(_) => problems.push(AuditProblem { seq: Some(e.seq), problem: format!("den mottagna filen {} har ändrats efter att den togs emot", crate::model::bid::file_name(&file)) }),
            None => problems.push(AuditProblem { seq: Some(e.seq), problem: format!("den mottagna filen {} saknas i databasen", crate::model::bid::file_name(&file)) }),
        }
    }
    let bid_ids: Vec<i64> = store.bid_rows_raw(procurement_id)?.iter().map(|b| b.0).collect();
    for e in of_kind(EventKind::BidStored) {
        if payload(e)["bid_id"].as_i64().is_none_or(|id| !bid_ids.contains(&id)) {
            problems.push(AuditProblem { seq: Some(e.seq), problem: "anbudet som händelsen registrerade saknas i databasen".into() });
        }
    }
    // Workbooks received: each kept as received.
    for e in of_kind(EventKind::WorkbookReceived) {
        let sha = payload(e)["sha256"].as_str().unwrap_or_default().to_string();
        match store.kept_file(&sha)? {
            Some((_, bytes)) if sha256_hex(&bytes) == sha => {}
            _ => problems.push(AuditProblem { seq: Some(e.seq), problem: format!("den mottagna filen {} finns inte kvar som den togs emot", payload(e)["file"].as_str().unwrap_or("?")) }),
        }
    }
    // Rejected workbooks.
    let rejected = store.rejected_ids(procurement_id)?;
    for (id, file) in &rejected {
        if find(EventKind::WorkbookRejected, "rejected_id", *id).is_none() {
            problems.push(AuditProblem { seq: None, problem: format!("den avvisade filen {} finns inte i journalen", crate::model::bid::file_name(file)) });
        }
    }
    for e in of_kind(EventKind::WorkbookRejected) {
        if payload(e)["rejected_id"].as_i64().is_none_or(|id| !rejected.iter().any(|r| r.0 == id)) {
            problems.push(AuditProblem { seq: Some(e.seq), problem: "den avvisade filen som händelsen registrerade saknas i databasen".into() });
        }
    }
    // Overrides: every one, superseded ones too, as recorded.
    let overrides = store.override_rows(procurement_id)?;
    for o in &overrides {
        let Some(e) = find(EventKind::Override, "override_id", o.id) else {
            problems.push(AuditProblem { seq: None, problem: format!("ändringen av kravet {} för {} (id {}) finns inte i journalen", o.requirement_id, o.org_nr, o.id) });
            continue;
        };
        let p = payload(e);
        let same = p["bid_id"] == o.bid_id
            && p["requirement"] == o.requirement_id.as_str()
            && p["before"] == o.original.as_str()
            && p["after"] == o.outcome.as_str()
            && p["justification"] == o.justification.as_str()
            && p["decided_by"] == o.decided_by.as_str()
            && p["decided_at"] == o.decided_at.as_str()
            && e.subject.as_deref() == Some(o.org_nr.as_str());
        if !same {
            problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: format!("ändringen av kravet {} för {} stämmer inte med det som registrerades", o.requirement_id, o.org_nr),
            });
        }
    }
    for e in of_kind(EventKind::Override) {
        if payload(e)["override_id"].as_i64().is_none_or(|id| !overrides.iter().any(|o| o.id == id)) {
            problems.push(AuditProblem { seq: Some(e.seq), problem: "ändringen som händelsen registrerade saknas i databasen".into() });
        }
    }
    // Decisions: each row is the decision its event recorded.
    let decisions = store.decisions(procurement_id)?;
    for d in &decisions {
        let Some(e) = find(EventKind::DecisionTaken, "decision_id", d.id) else {
            problems.push(AuditProblem { seq: None, problem: format!("beslut nr {} finns inte i journalen", d.number) });
            continue;
        };
        let p = payload(e);
        let same = p["number"] == d.number
            && p["fingerprint"] == d.sha256.as_str()
            && sha256_hex(d.canonical_json.as_bytes()) == d.sha256
            && p["inputs_sha256"] == sha256_hex(d.inputs_json.as_bytes()).as_str();
        if !same {
            problems.push(AuditProblem { seq: Some(e.seq), problem: format!("beslut nr {} stämmer inte med beslutet som fattades", d.number) });
        }
    }
    for e in of_kind(EventKind::DecisionTaken) {
        let p = payload(e);
        if p["decision_id"].as_i64().is_none_or(|id| !decisions.iter().any(|d| d.id == id)) {
            problems.push(AuditProblem { seq: Some(e.seq), problem: format!("beslut nr {} saknas i databasen", p["number"]) });
        }
    }
    for e in of_kind(EventKind::DecisionSuperseded) {
        let p = payload(e);
        let by = p["by_decision_id"].as_i64();
        let holds = p["decision_id"].as_i64().and_then(|id| decisions.iter().find(|d| d.id == id)).is_some_and(|d| {
            decisions.iter().find(|n| Some(n.id) == by).map(|n| n.number) == d.superseded_by
        });
        if !holds {
            problems.push(AuditProblem { seq: Some(e.seq), problem: format!("att beslut nr {} ersattes stämmer inte med databasen", p["number"]) });
        }
    }
    problems.sort_by_key(|p| p.seq.unwrap_or(i64::MAX));
    // The copies derived from the bids, as `verify` checks them.
    for problem in store.integrity_problems(procurement_id)? {
        problems.push(AuditProblem { seq: None, problem });
    }
    if let Some((p, _)) = store.procurement(procurement_id)? {
        for problem in crate::usecases::evaluation::outcome_problems(store, &p)? {
            problems.push(AuditProblem { seq: None, problem });
        }
    }
    let ok = chain_break.is_none() && problems.is_empty();
    Ok(AuditReport { procurement_id: procurement_id.to_string(), events: events.len() as u32, head, chain_break, problems, ok })
}

/// One event for people: its kind in Swedish and its payload as data.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EventView {
    pub seq: i64,
    pub kind: String,
    pub label: String,
    pub at: String,
    pub actor: String,
    pub os_user: String,
    pub subject: Option<String>,
    #[ts(type = "unknown")]
    pub payload: Json,
    pub hash: String,
}

/// The journal of a procurement for people.
pub fn audit_log(store: &Store, procurement_id: &str) -> Result<Vec<EventView>> {
    Ok(store
        .events(procurement_id)?
        .into_iter()
        .map(|e| EventView {
            seq: e.seq,
            label: kind_label(&e.kind).to_string(),
            payload: serde_json::from_str(&e.payload_json).unwrap_or(Json::Null),
            kind: e.kind,
            at: e.at,
            actor: e.actor,
            os_user: e.os_user,
            subject: e.subject,
            hash: e.hash,
        })
        .collect())
}
