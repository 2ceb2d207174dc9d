//! The audit: the journal walked again, every table that is history checked against the events
//! it came from, and what a decision rests on (its basis) taken and recomputed.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::model::bid::sha256_hex;
use crate::records::decision::{Amendment, DecisionBasis, ReceivedWorkbook};
use crate::store::journal::{self, ChainBreak, Event, EventKind};
use crate::store::{BidRowRaw, Result, Store, StoreError};

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
/// on, and the overrides up to the last one it saw; every workbook it lists must still be kept as
/// received (the decision can be derived again from the originals). An error in Swedish where it
/// cannot be.
pub fn recompute_basis(
    store: &Store,
    decision_id: i64,
    procurement_id: &str,
    definition_toml: &str,
    last_override_id: i64,
) -> std::result::Result<DecisionBasis, String> {
    let events = store.events(procurement_id).map_err(|e| e.to_string())?;
    let taken = events
        .iter()
        .position(|e| e.kind == EventKind::DecisionTaken.as_str() && payload(e)["decision_id"].as_i64() == Some(decision_id))
        .ok_or_else(|| "journalen har ingen händelse för beslutet".to_string())?;
    journal::walk(&events[..=taken]).map_err(|b| format!("journalen bryts vid händelse nr {}: {}", b.seq, b.problem))?;
    let head = events[taken].prev_hash.clone();
    let basis =
        basis_of(store, procurement_id, &events[..taken], head, definition_toml, last_override_id).map_err(|e| e.to_string())?;
    for w in &basis.workbooks {
        match store.kept_file(&w.sha256).map_err(|e| e.to_string())? {
            Some((_, bytes)) if sha256_hex(&bytes) == w.sha256 => {}
            Some(_) => return Err(format!("den mottagna filen {} har ändrats efter att den togs emot", w.file)),
            None => return Err(format!("den mottagna filen {} saknas i databasen", w.file)),
        }
    }
    // Every bid stored by then is the bid as read then (the evaluation is derived from it again).
    let rows = store.bid_rows_raw(procurement_id).map_err(|e| e.to_string())?;
    for e in events[..taken].iter().filter(|e| e.kind == EventKind::BidStored.as_str()) {
        let p = Fields::of(e);
        match rows.iter().find(|r| p.bid_id == Some(r.0)) {
            Some(row) if is_bid_as_recorded(&p, row) => {}
            Some(row) => return Err(format!("händelse nr {}: {}", e.seq, bid_differs(row))),
            None => return Err(format!("händelse nr {}: anbudet som händelsen registrerade saknas i databasen", e.seq)),
        }
    }
    Ok(basis)
}

/// Whether a stored bid is the one its event recorded: its columns, and the SHA-256 of the bid as
/// read (`content_json`).
fn is_bid_as_recorded(p: &Fields, (_, file, sha, org_nr, name, bid_date, content): &BidRowRaw) -> bool {
    is(&p.sha256, sha)
        && is(&p.org_nr, org_nr)
        && is(&p.name, name)
        && is(&p.bid_date, bid_date)
        && is(&p.file, crate::model::bid::file_name(file))
        && is(&p.content_sha256, &sha256_hex(content.as_bytes()))
}

/// The fields of an event's payload that the audit reads (each kind has some of them), strings
/// borrowed from the stored text where they need no unescaping. A payload that is not an object
/// of these types reads as having none of them, so everything compared with it differs.
#[derive(Debug, Default, Deserialize)]
struct Fields<'a> {
    bid_id: Option<i64>,
    rejected_id: Option<i64>,
    override_id: Option<i64>,
    decision_id: Option<i64>,
    by_decision_id: Option<i64>,
    number: Option<i64>,
    #[serde(borrow)]
    file: Option<Cow<'a, str>>,
    #[serde(borrow)]
    sha256: Option<Cow<'a, str>>,
    #[serde(borrow)]
    org_nr: Option<Cow<'a, str>>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    bid_date: Option<Cow<'a, str>>,
    #[serde(borrow)]
    content_sha256: Option<Cow<'a, str>>,
    #[serde(borrow)]
    requirement: Option<Cow<'a, str>>,
    #[serde(borrow)]
    before: Option<Cow<'a, str>>,
    #[serde(borrow)]
    after: Option<Cow<'a, str>>,
    #[serde(borrow)]
    justification: Option<Cow<'a, str>>,
    #[serde(borrow)]
    decided_by: Option<Cow<'a, str>>,
    #[serde(borrow)]
    decided_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    fingerprint: Option<Cow<'a, str>>,
    #[serde(borrow)]
    inputs_sha256: Option<Cow<'a, str>>,
}

impl<'a> Fields<'a> {
    fn of(e: &'a Event) -> Fields<'a> {
        serde_json::from_str(&e.payload_json).unwrap_or_default()
    }

    /// The id of the row an event of `kind` recorded.
    fn id(&self, kind: EventKind) -> Option<i64> {
        match kind {
            EventKind::BidStored => self.bid_id,
            EventKind::WorkbookRejected => self.rejected_id,
            EventKind::Override => self.override_id,
            EventKind::DecisionTaken => self.decision_id,
            _ => None,
        }
    }

    /// The decision's number as recorded, for people.
    fn number(&self) -> String {
        self.number.map_or_else(|| "?".to_string(), |n| n.to_string())
    }
}

/// Whether a field of a payload is there and is `value`.
fn is(field: &Option<Cow<'_, str>>, value: &str) -> bool {
    field.as_deref() == Some(value)
}

fn bid_differs((_, _, _, org_nr, name, ..): &BidRowRaw) -> String {
    format!("anbudet från {name} ({org_nr}) stämmer inte med anbudet som det lästes in")
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

/// The declarations of jäv the journal recorded, in order, with the supplier's name where the
/// decision names the supplier.
pub fn conflicts_of(
    events: &[Event],
    decision: &crate::records::decision::Decision,
) -> Vec<crate::records::decision::DeclaredConflict> {
    events
        .iter()
        .filter(|e| e.kind == EventKind::ConflictDeclared.as_str())
        .map(|e| {
            let p = payload(e);
            let text = |k: &str| p[k].as_str().unwrap_or_default().to_string();
            let org_nr = text("org_nr");
            crate::records::decision::DeclaredConflict {
                reviewer: text("name"),
                supplier: decision.supplier(&org_nr).map(|s| s.name.clone()),
                org_nr,
                reason: text("reason"),
                declared_at: text("at"),
            }
        })
        .collect()
}

/// Every declaration of jäv so far (what a decision taken now lists).
pub fn conflicts(
    store: &Store,
    decision: &crate::records::decision::Decision,
) -> Result<Vec<crate::records::decision::DeclaredConflict>> {
    Ok(conflicts_of(
        &journal::events_of_kind(store.connection(), &decision.procurement_id, EventKind::ConflictDeclared, None)?,
        decision,
    ))
}

/// The declarations of jäv a stored decision was taken on: those recorded before it.
pub fn recompute_conflicts(
    store: &Store,
    decision_id: i64,
    decision: &crate::records::decision::Decision,
) -> std::result::Result<Vec<crate::records::decision::DeclaredConflict>, String> {
    let events = store.events(&decision.procurement_id).map_err(|e| e.to_string())?;
    let taken = events
        .iter()
        .position(|e| e.kind == EventKind::DecisionTaken.as_str() && payload(e)["decision_id"].as_i64() == Some(decision_id))
        .ok_or_else(|| "journalen har ingen händelse för beslutet".to_string())?;
    Ok(conflicts_of(&events[..taken], decision))
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

/// Whether a kept file is there (`Some`) and its bytes are still the ones received (`true`),
/// each file read and hashed once however many events name it.
fn kept_intact(store: &Store, cache: &mut HashMap<String, Option<bool>>, sha256: &str) -> Result<Option<bool>> {
    if let Some(known) = cache.get(sha256) {
        return Ok(*known);
    }
    let intact = store.kept_file(sha256)?.map(|(_, bytes)| sha256_hex(&bytes) == sha256);
    cache.insert(sha256.to_string(), intact);
    Ok(intact)
}

/// The working group's history against its events: every assessment is the one its `assessment`
/// event recorded (member, bid, requirement, outcome, justification), and every declaration of
/// jäv has its `conflict_declared` event.
fn working_group_problems(store: &Store, procurement_id: &str, events: &[Event]) -> Result<Vec<AuditProblem>> {
    let mut problems = Vec::new();
    let mut recorded: HashMap<i64, (i64, Json)> = HashMap::new();
    let mut declared: Vec<(String, String, String)> = Vec::new();
    for e in events {
        if e.kind == EventKind::Assessment.as_str() {
            let p = payload(e);
            if let Some(id) = p["assessment_id"].as_i64() {
                recorded.insert(id, (e.seq, p));
            }
        } else if e.kind == EventKind::ConflictDeclared.as_str() {
            let p = payload(e);
            let t = |k: &str| p[k].as_str().unwrap_or_default().to_string();
            declared.push((t("name"), t("org_nr"), t("reason")));
        }
    }
    for a in store.assessment_rows(procurement_id)? {
        match recorded.get(&a.id) {
            None => problems.push(AuditProblem {
                seq: None,
                problem: format!("bedömningen (id {}) av {} för {} finns inte i journalen", a.id, a.requirement_id, a.reviewer),
            }),
            Some((seq, p)) => {
                let same = p["bid_id"].as_i64() == Some(a.bid_id)
                    && p["requirement"].as_str() == Some(a.requirement_id.as_str())
                    && p["outcome"].as_str() == Some(a.outcome.as_str())
                    && p["proposed"].as_str() == Some(a.proposed.as_str())
                    && p["justification"].as_str() == Some(a.justification.as_str())
                    && p["by"].as_str() == Some(a.reviewer.as_str());
                if !same {
                    problems.push(AuditProblem {
                        seq: Some(*seq),
                        problem: format!(
                            "bedömningen av {} av {} är inte den som journalen registrerade",
                            a.requirement_id, a.reviewer
                        ),
                    });
                }
            }
        }
    }
    for r in store.reviewers(procurement_id)? {
        for c in &r.conflicts {
            if !declared.iter().any(|(n, o, reason)| *n == r.name && *o == c.org_nr && *reason == c.reason) {
                problems.push(AuditProblem {
                    seq: None,
                    problem: format!("jävsanmälan från {} mot {} är inte den som journalen registrerade", r.name, c.org_nr),
                });
            }
        }
    }
    Ok(problems)
}

/// The tables that are history, as stored, for the audit.
struct History {
    /// The definition's text, where the procurement is stored.
    definition: Option<String>,
    bids: Vec<BidRowRaw>,
    rejected: Vec<(i64, String)>,
    overrides: Vec<crate::store::OverrideRow>,
    decisions: Vec<crate::store::StoredDecision>,
}

impl History {
    fn read(store: &Store, procurement_id: &str) -> Result<History> {
        Ok(History {
            definition: store.procurement(procurement_id)?.map(|(_, toml)| toml),
            bids: store.bid_rows_raw(procurement_id)?,
            rejected: store.rejected_ids(procurement_id)?,
            overrides: store.override_rows(procurement_id)?,
            decisions: store.decisions(procurement_id)?,
        })
    }
}

/// Walks a procurement's journal and checks every table that is history against the events it
/// came from: bids and their kept workbooks, rejected workbooks, overrides, decisions and the
/// definition; then the copies derived from the bids (answers, outcomes). Reads only.
///
/// One pass over the journal: each payload the audit reads is parsed once, and the event that
/// recorded each row is found by the row's id, so the audit grows with the journal, not with its
/// square; the chain is walked on a second thread while the tables are read (docs/performance.md).
pub fn audit_verify(store: &Store, procurement_id: &str) -> Result<AuditReport> {
    let events = store.events(procurement_id)?;
    // The chain is walked and the payloads are read on a second thread while this one reads the
    // tables that are history (the connection stays on this thread).
    let (walked, kinds, payloads, tables) = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let walked = journal::walk(&events);
            let kinds: Vec<Option<EventKind>> = events.iter().map(|e| EventKind::parse(&e.kind)).collect();
            let read = |k: &Option<EventKind>| {
                matches!(
                    k,
                    Some(
                        EventKind::WorkbookReceived
                            | EventKind::BidStored
                            | EventKind::WorkbookRejected
                            | EventKind::Override
                            | EventKind::DecisionTaken
                            | EventKind::DecisionSuperseded
                    )
                )
            };
            let payloads: Vec<Fields> =
                events.iter().zip(&kinds).map(|(e, k)| if read(k) { Fields::of(e) } else { Fields::default() }).collect();
            (walked, kinds, payloads)
        });
        let tables = History::read(store, procurement_id);
        let (walked, kinds, payloads) = worker.join().expect("the audit's second thread does not panic");
        (walked, kinds, payloads, tables)
    });
    let History { definition, bids, rejected, overrides, decisions } = tables?;
    let (head, chain_break) = match walked {
        Ok(h) => (Some(h), None),
        Err(b) => (None, Some(b)),
    };
    let mut problems = Vec::new();
    // The event that recorded each row, by (kind, the row's id); an id recorded twice is named.
    let mut recorded: HashMap<(EventKind, i64), usize> = HashMap::new();
    for (i, kind) in kinds.iter().enumerate() {
        let Some((kind, id)) = kind.and_then(|k| payloads[i].id(k).map(|id| (k, id))) else { continue };
        if let Some(&first) = recorded.get(&(kind, id)) {
            let what = match kind {
                EventKind::BidStored => "samma anbud",
                EventKind::WorkbookRejected => "samma avvisade fil",
                EventKind::Override => "samma ändring",
                _ => "samma beslut",
            };
            problems.push(AuditProblem {
                seq: Some(events[i].seq),
                problem: format!("händelsen registrerar {what} (id {id}) som händelse nr {} redan registrerade", events[first].seq),
            });
        } else {
            recorded.insert((kind, id), i);
        }
    }
    let (all, kinds, payloads) = (&events, &kinds, &payloads);
    let of_kind = |k: EventKind| (0..all.len()).filter(move |&i| kinds[i] == Some(k)).map(move |i| (&all[i], &payloads[i]));
    let find = |k: EventKind, id: i64| recorded.get(&(k, id)).map(|&i| (&all[i], &payloads[i]));
    let mut kept: HashMap<String, Option<bool>> = HashMap::new();

    // The definition in force is the one the journal last recorded.
    if let Some(toml) = definition {
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
            None if !events.is_empty() => problems.push(AuditProblem {
                seq: None,
                problem: "journalen saknar händelsen då upphandlingen skapades".into(),
            }),
            None => {}
        }
    }

    // Once a workbook was received, the definition changed only by amendments.
    if let Some((first, _)) = of_kind(EventKind::WorkbookReceived).next() {
        for (e, _) in of_kind(EventKind::DefinitionChanged).filter(|(e, _)| e.seq > first.seq) {
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
    for row in &bids {
        let (id, file, sha) = (row.0, &row.1, &row.2);
        let Some((e, p)) = find(EventKind::BidStored, id) else {
            problems.push(AuditProblem { seq: None, problem: format!("anbudet {file} (id {id}) finns inte i journalen") });
            continue;
        };
        if !is_bid_as_recorded(p, row) {
            problems.push(AuditProblem { seq: Some(e.seq), problem: bid_differs(row) });
        }
        let file = crate::model::bid::file_name(file);
        match kept_intact(store, &mut kept, sha)? {
            Some(true) => {}
            Some(false) => problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: format!("den mottagna filen {file} har ändrats efter att den togs emot"),
            }),
            None => problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: format!("den mottagna filen {file} saknas i databasen"),
            }),
        }
    }
    let bid_ids: HashSet<i64> = bids.iter().map(|b| b.0).collect();
    for (e, p) in of_kind(EventKind::BidStored) {
        if p.bid_id.is_none_or(|id| !bid_ids.contains(&id)) {
            problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: "anbudet som händelsen registrerade saknas i databasen".into(),
            });
        }
    }
    // Workbooks received: each kept as received.
    for (e, p) in of_kind(EventKind::WorkbookReceived) {
        if kept_intact(store, &mut kept, p.sha256.as_deref().unwrap_or_default())? != Some(true) {
            problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: format!("den mottagna filen {} finns inte kvar som den togs emot", p.file.as_deref().unwrap_or("?")),
            });
        }
    }
    // Rejected workbooks.
    for (id, file) in &rejected {
        if find(EventKind::WorkbookRejected, *id).is_none() {
            problems.push(AuditProblem {
                seq: None,
                problem: format!("den avvisade filen {} finns inte i journalen", crate::model::bid::file_name(file)),
            });
        }
    }
    let rejected_ids: HashSet<i64> = rejected.iter().map(|r| r.0).collect();
    for (e, p) in of_kind(EventKind::WorkbookRejected) {
        if p.rejected_id.is_none_or(|id| !rejected_ids.contains(&id)) {
            problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: "den avvisade filen som händelsen registrerade saknas i databasen".into(),
            });
        }
    }
    // Overrides: every one, superseded ones too, as recorded.
    for o in &overrides {
        let Some((e, p)) = find(EventKind::Override, o.id) else {
            problems.push(AuditProblem {
                seq: None,
                problem: format!("ändringen av kravet {} för {} (id {}) finns inte i journalen", o.requirement_id, o.org_nr, o.id),
            });
            continue;
        };
        let same = p.bid_id == Some(o.bid_id)
            && is(&p.requirement, &o.requirement_id)
            && is(&p.before, &o.original)
            && is(&p.after, &o.outcome)
            && is(&p.justification, &o.justification)
            && is(&p.decided_by, &o.decided_by)
            && is(&p.decided_at, &o.decided_at)
            && e.subject.as_deref() == Some(o.org_nr.as_str());
        if !same {
            problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: format!("ändringen av kravet {} för {} stämmer inte med det som registrerades", o.requirement_id, o.org_nr),
            });
        }
    }
    let override_ids: HashSet<i64> = overrides.iter().map(|o| o.id).collect();
    for (e, p) in of_kind(EventKind::Override) {
        if p.override_id.is_none_or(|id| !override_ids.contains(&id)) {
            problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: "ändringen som händelsen registrerade saknas i databasen".into(),
            });
        }
    }
    // Decisions: each row is the decision its event recorded.
    for d in &decisions {
        let Some((e, p)) = find(EventKind::DecisionTaken, d.id) else {
            problems.push(AuditProblem { seq: None, problem: format!("beslut nr {} finns inte i journalen", d.number) });
            continue;
        };
        let same = p.number == Some(d.number)
            && is(&p.fingerprint, &d.sha256)
            && sha256_hex(d.canonical_json.as_bytes()) == d.sha256
            && is(&p.inputs_sha256, &sha256_hex(d.inputs_json.as_bytes()));
        if !same {
            problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: format!("beslut nr {} stämmer inte med beslutet som fattades", d.number),
            });
        }
    }
    for (e, p) in of_kind(EventKind::DecisionTaken) {
        if p.decision_id.is_none_or(|id| !decisions.iter().any(|d| d.id == id)) {
            problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: format!("beslut nr {} saknas i databasen", p.number()),
            });
        }
    }
    // A decision superseded: both decisions are there and the earlier points to the later, as the
    // event recorded; and no decision is marked superseded without the event.
    for (e, p) in of_kind(EventKind::DecisionSuperseded) {
        let earlier = p.decision_id.and_then(|id| decisions.iter().find(|d| d.id == id));
        let later = p.by_decision_id.and_then(|id| decisions.iter().find(|d| d.id == id));
        let holds = matches!((earlier, later), (Some(d), Some(n)) if d.superseded_by == Some(n.number));
        if !holds {
            problems.push(AuditProblem {
                seq: Some(e.seq),
                problem: format!("att beslut nr {} ersattes stämmer inte med databasen", p.number()),
            });
        }
    }
    for d in decisions.iter().filter(|d| d.superseded_by.is_some()) {
        if !of_kind(EventKind::DecisionSuperseded).any(|(_, p)| p.decision_id == Some(d.id)) {
            problems.push(AuditProblem {
                seq: None,
                problem: format!("att beslut nr {} har ersatts finns inte i journalen", d.number),
            });
        }
    }
    problems.extend(working_group_problems(store, procurement_id, &events)?);
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
    Ok(AuditReport {
        procurement_id: procurement_id.to_string(),
        events: events.len() as u32,
        head,
        chain_break,
        problems,
        ok,
    })
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
        Some(EventKind::WorkbookReceived) => {
            (format!("{} ({} byte) togs emot, SHA-256 {}", s("file"), p["size"], s("sha256")), vec![], None)
        }
        Some(EventKind::WorkbookRejected) => {
            let n = p["errors"].as_array().map_or(0, Vec::len);
            (format!("{} avvisades: {n} fel", s("file")), vec![], None)
        }
        Some(EventKind::BidStored) => (
            format!("Anbudet från {} ({}) lästes in ur {}, anbudsdatum {}", s("name"), s("org_nr"), s("file"), s("bid_date")),
            vec![],
            None,
        ),
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
                        .map(|c| {
                            change(
                                format!(
                                    "Kravet {} för {}",
                                    c["requirement"].as_str().unwrap_or("?"),
                                    c["org_nr"].as_str().unwrap_or("?")
                                ),
                                outcome_sv(&c["before"]),
                                outcome_sv(&c["after"]),
                            )
                        })
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
            format!(
                "Beslut nr {} fattades ({}) av {}, kontrollsumma {}",
                p["number"],
                s("decision_date"),
                s("decided_by"),
                s("fingerprint")
            ),
            vec![],
            None,
        ),
        Some(EventKind::DecisionSuperseded) => (
            format!("Beslut nr {} ersattes av beslut nr {}", p["number"], p["by_number"]),
            vec![change("Beslutet som gäller".into(), Some(format!("nr {}", p["number"])), Some(format!("nr {}", p["by_number"])))],
            None,
        ),
        Some(EventKind::BidConflictSettled) => (
            format!(
                "Konflikten mellan anbud med samma anbudsdatum avgjordes: {} står. Motivering: {}",
                s("kept_file"),
                s("justification")
            ),
            vec![change("Anbudet som står".into(), None, Some(s("kept_file")))],
            None,
        ),
        Some(EventKind::BackupMade) => (format!("En kopia av databasen sparades som {}", s("file")), vec![], None),
        Some(EventKind::ReviewerAdded) => (
            match p["region"].as_str() {
                Some(r) => format!("{} registrerades som granskare (region {r})", s("name")),
                None => format!("{} registrerades som granskare", s("name")),
            },
            vec![],
            None,
        ),
        Some(EventKind::ConflictDeclared) => (
            format!(
                "{} anmälde jäv mot {}: {}{}",
                s("name"),
                s("org_nr"),
                s("reason"),
                if p["unassigned"].as_bool() == Some(true) { "; tilldelningen togs bort" } else { "" }
            ),
            vec![],
            None,
        ),
        Some(EventKind::ReviewerAssigned) => (format!("{} tilldelades {} att granska", s("name"), s("org_nr")), vec![], None),
        Some(EventKind::ReviewerUnassigned) => (format!("{} granskar inte längre {}", s("name"), s("org_nr")), vec![], None),
        Some(EventKind::PackageExported) => {
            let n = p["suppliers"].as_array().map_or(0, Vec::len);
            (format!("Granskningspaket till {} med {n} leverantörer, SHA-256 {}", s("name"), s("sha256")), vec![], None)
        }
        Some(EventKind::ResponseMerged) => (
            format!("Granskningssvar från {} lästes in: {} bedömningar, SHA-256 {}", s("name"), p["assessments"], s("sha256")),
            vec![],
            None,
        ),
        Some(EventKind::Assessment) => (
            format!(
                "{} bedömde kravet {}: {}{}",
                s("by"),
                s("requirement"),
                outcome_sv(&p["outcome"]).unwrap_or_default(),
                match p["justification"].as_str().filter(|j| !j.is_empty()) {
                    Some(j) => format!(". Motivering: {j}"),
                    None => " (instämmer i förslaget)".into(),
                }
            ),
            vec![change(format!("Kravet {}", s("requirement")), outcome_sv(&p["proposed"]), outcome_sv(&p["outcome"]))],
            None,
        ),
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
        .filter(|e| {
            person.as_ref().is_none_or(|p| e.actor.to_lowercase() == p.to_lowercase() || e.os_user.to_lowercase() == p.to_lowercase())
        })
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
    Ok(JournalView {
        procurement_id: procurement_id.to_string(),
        total,
        events,
        suppliers,
        people,
        kinds,
    })
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
        assert_eq!(
            changes,
            [EventChange {
                what: "Kravet kreditvardighet".into(),
                before: Some("Bedöms manuellt".into()),
                after: Some("Uppfyllt".into())
            }]
        );
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
        assert_eq!(
            one,
            [EventChange {
                what: "Kravet omsattning för 556012-5790".into(),
                before: None,
                after: Some("Uppfyllt".into())
            }]
        );
        assert!(summary.ends_with("1 förslag ändrades"), "{summary}");
    }

    #[test]
    fn a_definition_change_carries_its_diff() {
        let e = event(
            EventKind::DefinitionChanged,
            None,
            serde_json::json!({ "before_sha256": "a", "after_sha256": "b", "diff": "-x\n+y\n" }),
        );
        let (_, changes, diff) = describe(&e, None);
        assert_eq!(changes[0].before.as_deref(), Some("a"));
        assert_eq!(diff.as_deref(), Some("-x\n+y\n"));
    }
}
