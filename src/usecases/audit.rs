//! The audit: the journal walked again, every table that is history checked against the events
//! it came from, and what a decision rests on (its basis) taken and recomputed.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::model::bid::sha256_hex;
use crate::records::decision::{DecisionBasis, ReceivedWorkbook};
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

/// What the journal's screen filters by. Each that is given (and not blank) must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct JournalFilter {
    /// The supplier concerned: its organisation number (with or without the hyphen) or a part of
    /// its name, in any case.
    #[serde(default)]
    pub supplier: Option<String>,
    /// A person: the name they gave or the operating system's user, exactly (any case).
    #[serde(default)]
    pub person: Option<String>,
    /// A kind of event as stored (`override`).
    #[serde(default)]
    pub kind: Option<String>,
}

/// One thing an event changed: what, before and after (as people read them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EventChange {
    /// In Swedish: what changed (`Kravet kreditvardighet`, `Definitionens kontrollsumma`).
    pub what: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One event on the journal's screen.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct JournalEntry {
    pub seq: i64,
    pub kind: String,
    /// The kind in Swedish.
    pub label: String,
    /// UTC, as stored (RFC 3339).
    pub at: String,
    /// The same instant in Swedish local time (`2026-12-18 kl. 10.00`).
    pub at_local: String,
    pub actor: String,
    pub os_user: String,
    /// The supplier concerned (organisation number), where there is one.
    pub subject: Option<String>,
    /// That supplier's name, where a bid of it is in the database.
    pub supplier_name: Option<String>,
    /// In Swedish: what happened, in one line.
    pub summary: String,
    /// Before and after, where the event records them.
    pub changes: Vec<EventChange>,
    /// A definition change as a line diff (`-` before, `+` after).
    pub diff: Option<String>,
    pub hash: String,
    #[ts(type = "unknown")]
    pub payload: Json,
}

/// A choice in a filter: the value to filter by and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FilterChoice {
    pub value: String,
    pub label: String,
}

/// The journal's screen: the events that match the filter, oldest first (numbered as the journal
/// is), and what the filters can choose from (every supplier, person and kind in the journal).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct JournalView {
    pub procurement_id: String,
    /// Every event of the journal, matching or not.
    pub total: u32,
    pub events: Vec<JournalEntry>,
    pub suppliers: Vec<FilterChoice>,
    pub people: Vec<FilterChoice>,
    pub kinds: Vec<FilterChoice>,
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn outcome_sv(v: &Json) -> Option<String> {
    v.as_str().map(|s| crate::model::requirement::Outcome::parse(s).map(|o| o.label_sv().to_string()).unwrap_or_else(|| s.to_string()))
}

fn text(v: &Json) -> Option<String> {
    match v {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The organisation numbers an event concerns: its subject, and for an evaluation each supplier
/// whose proposal changed.
fn concerns(e: &EventView) -> Vec<String> {
    let mut out: Vec<String> = e.subject.iter().cloned().collect();
    if let Some(changed) = e.payload["changed"].as_array() {
        for c in changed {
            if let Some(o) = c["org_nr"].as_str() {
                if !out.iter().any(|x| x == o) {
                    out.push(o.to_string());
                }
            }
        }
    }
    out
}

/// What an event says, for people: one line, its before and after, a definition's diff. Where
/// `only` names a supplier, an evaluation's changes are that supplier's alone.
fn describe(e: &EventView, only: Option<&str>) -> (String, Vec<EventChange>, Option<String>) {
    let p = &e.payload;
    let s = |k: &str| p[k].as_str().unwrap_or("").to_string();
    let change = |what: String, before: Option<String>, after: Option<String>| EventChange { what, before, after };
    match EventKind::parse(&e.kind) {
        Some(EventKind::ProcurementCreated) => (format!("Upphandlingen {} skapades", s("name")), vec![], None),
        Some(EventKind::DefinitionChanged) => (
            "Upphandlingens definition ändrades".into(),
            vec![change("Definitionens kontrollsumma (SHA-256)".into(), text(&p["before_sha256"]), text(&p["after_sha256"]))],
            p["diff"].as_str().map(str::to_string),
        ),
        Some(EventKind::WorkbookReceived) => (format!("{} ({} byte) togs emot, SHA-256 {}", s("file"), p["size"], s("sha256")), vec![], None),
        Some(EventKind::WorkbookRejected) => {
            let n = p["errors"].as_array().map_or(0, Vec::len);
            (format!("{} avvisades: {n} fel", s("file")), vec![], None)
        }
        Some(EventKind::BidStored) => (format!("Anbudet från {} ({}) lästes in ur {}, anbudsdatum {}", s("name"), s("org_nr"), s("file"), s("bid_date")), vec![], None),
        Some(EventKind::BidReplaced) => (
            format!("Anbudet {} ersattes av {}", s("file"), s("by_file")),
            vec![change("Anbudets läge".into(), text(&p["before"]), Some("replaced".into()))],
            None,
        ),
        Some(EventKind::BidsInConflict) => {
            let files: Vec<&str> = p["files"].as_array().map(|a| a.iter().filter_map(Json::as_str).collect()).unwrap_or_default();
            (format!("Anbud med samma anbudsdatum ({}) står mot varandra: {}", s("bid_date"), files.join(", ")), vec![], None)
        }
        Some(EventKind::BidsEvaluated) => {
            let changes: Vec<EventChange> = p["changed"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter(|c| only.is_none_or(|o| c["org_nr"].as_str() == Some(o)))
                        .map(|c| change(format!("Kravet {} för {}", c["requirement"].as_str().unwrap_or("?"), c["org_nr"].as_str().unwrap_or("?")), outcome_sv(&c["before"]), outcome_sv(&c["after"])))
                        .collect()
                })
                .unwrap_or_default();
            (format!("Anbuden prövades (motorversion {}); {} förslag ändrades", s("engine_version"), changes.len()), changes, None)
        }
        Some(EventKind::Override) => (
            format!("Utfallet för kravet {} ändrades. Motivering: {}", s("requirement"), s("justification")),
            vec![change(format!("Kravet {}", s("requirement")), outcome_sv(&p["before"]), outcome_sv(&p["after"]))],
            None,
        ),
        Some(EventKind::DecisionTaken) => (
            format!("Beslut nr {} fattades ({}) av {}, kontrollsumma {}", p["number"], s("decision_date"), s("decided_by"), s("fingerprint")),
            vec![],
            None,
        ),
        Some(EventKind::DecisionSuperseded) => (
            format!("Beslut nr {} ersattes av beslut nr {}", p["number"], p["by_number"]),
            vec![change("Beslutet som gäller".into(), Some(format!("nr {}", p["number"])), Some(format!("nr {}", p["by_number"])))],
            None,
        ),
        Some(EventKind::BackupMade) => (format!("En kopia av databasen sparades som {}", s("file")), vec![], None),
        None => (e.label.clone(), vec![], None),
    }
}

/// The journal of a procurement for its screen: filtered, each event described, and the choices
/// the filters offer. Reads only.
pub fn journal_view(store: &Store, procurement_id: &str, filter: &JournalFilter) -> Result<JournalView> {
    let all = audit_log(store, procurement_id)?;
    let mut names: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for (_, _, _, org_nr, name, _, _) in store.bid_rows_raw(procurement_id)? {
        names.insert(org_nr, name);
    }
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let (supplier, person, kind) = (given(&filter.supplier), given(&filter.person), given(&filter.kind));
    // A supplier given by its number, or by a part of its name: the numbers it stands for.
    let wanted: Option<Vec<String>> = supplier.as_ref().map(|s| {
        let needle = s.to_lowercase();
        let mut all_nrs: Vec<String> = all.iter().flat_map(concerns).collect();
        all_nrs.sort();
        all_nrs.dedup();
        all_nrs
            .into_iter()
            .filter(|nr| {
                (!digits(s).is_empty() && digits(nr) == digits(s) && digits(s).len() == 10)
                    || names.get(nr).is_some_and(|n| n.to_lowercase().contains(&needle))
            })
            .collect()
    });
    let only = wanted.as_ref().filter(|w| w.len() == 1).map(|w| w[0].clone());
    let mut suppliers: Vec<FilterChoice> = Vec::new();
    let mut people: Vec<FilterChoice> = Vec::new();
    for e in &all {
        for nr in concerns(e) {
            if !suppliers.iter().any(|c| c.value == nr) {
                let label = names.get(&nr).map(|n| format!("{n} ({nr})")).unwrap_or_else(|| nr.clone());
                suppliers.push(FilterChoice { value: nr, label });
            }
        }
        for who in [&e.actor, &e.os_user] {
            if !who.is_empty() && !people.iter().any(|c| &c.value == who) {
                let label = if who == &e.os_user { format!("{who} (användare i datorn)") } else { who.clone() };
                people.push(FilterChoice { value: who.clone(), label });
            }
        }
    }
    suppliers.sort_by_key(|a| a.label.to_lowercase());
    people.sort_by_key(|a| a.label.to_lowercase());
    let mut kinds: Vec<FilterChoice> = Vec::new();
    for k in EventKind::ALL {
        if all.iter().any(|e| e.kind == k.as_str()) {
            kinds.push(FilterChoice { value: k.as_str().to_string(), label: k.label_sv().to_string() });
        }
    }
    let total = all.len() as u32;
    let events = all
        .into_iter()
        .filter(|e| wanted.as_ref().is_none_or(|w| concerns(e).iter().any(|nr| w.contains(nr))))
        .filter(|e| person.as_ref().is_none_or(|p| e.actor.to_lowercase() == p.to_lowercase() || e.os_user.to_lowercase() == p.to_lowercase()))
        .filter(|e| kind.as_ref().is_none_or(|k| &e.kind == k))
        .map(|e| {
            let (summary, changes, diff) = describe(&e, only.as_deref());
            JournalEntry {
                seq: e.seq,
                label: e.label.clone(),
                at_local: crate::support::holidays::swedish_time(&e.at),
                supplier_name: e.subject.as_ref().and_then(|s| names.get(s).cloned()),
                summary,
                changes,
                diff,
                kind: e.kind,
                at: e.at,
                actor: e.actor,
                os_user: e.os_user,
                subject: e.subject,
                hash: e.hash,
                payload: e.payload,
            }
        })
        .collect();
    Ok(JournalView { procurement_id: procurement_id.to_string(), total, events, suppliers, people, kinds })
}

/// The audit state for the start screen: whether the journal holds and, where it does not, the
/// first thing that does not hold (in Swedish, naming its event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AuditState {
    pub procurement_id: String,
    pub ok: bool,
    pub events: u32,
    pub head: Option<String>,
    pub first_problem: Option<String>,
    /// How many things do not hold in all.
    pub problems: u32,
}

/// [`audit_verify`], summed up for the start screen.
pub fn audit_state(store: &Store, procurement_id: &str) -> Result<AuditState> {
    let r = audit_verify(store, procurement_id)?;
    Ok(AuditState {
        procurement_id: r.procurement_id.clone(),
        ok: r.ok,
        events: r.events,
        head: r.head.clone(),
        first_problem: r.first_problem(),
        problems: r.problems.len() as u32 + u32::from(r.chain_break.is_some()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, subject: Option<&str>, payload: Json) -> EventView {
        EventView {
            seq: 9,
            kind: kind.as_str().into(),
            label: kind.label_sv().into(),
            at: "2026-12-18T09:00:00Z".into(),
            actor: "Anna Lindqvist".into(),
            os_user: "anna".into(),
            subject: subject.map(str::to_string),
            payload,
            hash: "ab".repeat(32),
        }
    }

    #[test]
    fn an_override_reads_as_before_and_after_in_swedish() {
        let e = event(
            EventKind::Override,
            Some("559700-8001"),
            serde_json::json!({ "requirement": "kreditvardighet", "before": "review", "after": "pass", "justification": "Ny upplysning." }),
        );
        let (summary, changes, diff) = describe(&e, None);
        assert_eq!(summary, "Utfallet för kravet kreditvardighet ändrades. Motivering: Ny upplysning.");
        assert_eq!(changes, [EventChange { what: "Kravet kreditvardighet".into(), before: Some("Bedöms manuellt".into()), after: Some("Uppfyllt".into()) }]);
        assert_eq!(diff, None);
    }

    #[test]
    fn an_evaluation_concerns_each_supplier_it_changed_and_shows_one_supplier_its_own_changes() {
        let e = event(
            EventKind::BidsEvaluated,
            None,
            serde_json::json!({ "engine_version": "1", "changed": [
                { "org_nr": "559700-8001", "requirement": "omsattning", "before": "pass", "after": "fail" },
                { "org_nr": "556012-5790", "requirement": "omsattning", "before": null, "after": "pass" },
            ] }),
        );
        assert_eq!(concerns(&e), ["559700-8001", "556012-5790"]);
        let (_, all, _) = describe(&e, None);
        assert_eq!(all.len(), 2);
        let (summary, one, _) = describe(&e, Some("556012-5790"));
        assert_eq!(one, [EventChange { what: "Kravet omsattning för 556012-5790".into(), before: None, after: Some("Uppfyllt".into()) }]);
        assert!(summary.ends_with("1 förslag ändrades"), "{summary}");
    }

    #[test]
    fn a_definition_change_carries_its_diff() {
        let e = event(EventKind::DefinitionChanged, None, serde_json::json!({ "before_sha256": "a", "after_sha256": "b", "diff": "-x\n+y\n" }));
        let (_, changes, diff) = describe(&e, None);
        assert_eq!(changes[0].before.as_deref(), Some("a"));
        assert_eq!(diff.as_deref(), Some("-x\n+y\n"));
    }
}
