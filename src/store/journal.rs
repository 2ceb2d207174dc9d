//! The event journal: an append-only, hash-chained record of every change of state, in the same
//! SQLite file and in the same transaction as the change itself.
//!
//! Each event of a procurement has a sequence number (1, 2, …), a kind, when (UTC), who (the name
//! the person gave, and the operating system's user), the supplier it concerns (organisation
//! number) where there is one, and a payload: what happened, with before and after. Its hash is
//! SHA-256 over the previous event's hash and the event's canonical bytes
//! ([`canonical_bytes`]), so a changed, removed or inserted event breaks the chain from there on,
//! and a decision that records the head of the chain rests on everything before it. Triggers
//! refuse UPDATE and DELETE on the journal (and on the other tables that are history:
//! `kept_file`, `override`, `decision`, and a bid's content).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Result, StoreError};

/// The hash before the first event of a procurement.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The kinds of event. The names are stored and are a contract: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventKind {
    ProcurementCreated,
    DefinitionChanged,
    WorkbookReceived,
    WorkbookRejected,
    BidStored,
    BidReplaced,
    BidsInConflict,
    BidsEvaluated,
    Override,
    DecisionTaken,
    DecisionSuperseded,
    BackupMade,
    BidConflictSettled,
    ReviewerAdded,
    ConflictDeclared,
    ReviewerAssigned,
    ReviewerUnassigned,
    PackageExported,
    ResponseMerged,
    Assessment,
}

impl EventKind {
    pub const ALL: [EventKind; 20] = [
        EventKind::ProcurementCreated,
        EventKind::DefinitionChanged,
        EventKind::WorkbookReceived,
        EventKind::WorkbookRejected,
        EventKind::BidStored,
        EventKind::BidReplaced,
        EventKind::BidsInConflict,
        EventKind::BidsEvaluated,
        EventKind::Override,
        EventKind::DecisionTaken,
        EventKind::DecisionSuperseded,
        EventKind::BackupMade,
        EventKind::BidConflictSettled,
        EventKind::ReviewerAdded,
        EventKind::ConflictDeclared,
        EventKind::ReviewerAssigned,
        EventKind::ReviewerUnassigned,
        EventKind::PackageExported,
        EventKind::ResponseMerged,
        EventKind::Assessment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::ProcurementCreated => "procurement_created",
            EventKind::DefinitionChanged => "definition_changed",
            EventKind::WorkbookReceived => "workbook_received",
            EventKind::WorkbookRejected => "workbook_rejected",
            EventKind::BidStored => "bid_stored",
            EventKind::BidReplaced => "bid_replaced",
            EventKind::BidsInConflict => "bids_in_conflict",
            EventKind::BidsEvaluated => "bids_evaluated",
            EventKind::Override => "override",
            EventKind::DecisionTaken => "decision_taken",
            EventKind::DecisionSuperseded => "decision_superseded",
            EventKind::BackupMade => "backup_made",
            EventKind::BidConflictSettled => "bid_conflict_settled",
            EventKind::ReviewerAdded => "reviewer_added",
            EventKind::ConflictDeclared => "conflict_declared",
            EventKind::ReviewerAssigned => "reviewer_assigned",
            EventKind::ReviewerUnassigned => "reviewer_unassigned",
            EventKind::PackageExported => "package_exported",
            EventKind::ResponseMerged => "response_merged",
            EventKind::Assessment => "assessment",
        }
    }

    /// Swedish, for the journal's screen and the command line.
    pub fn label_sv(self) -> &'static str {
        match self {
            EventKind::ProcurementCreated => "Upphandlingen skapad",
            EventKind::DefinitionChanged => "Definitionen ändrad",
            EventKind::WorkbookReceived => "Anbudsfil mottagen",
            EventKind::WorkbookRejected => "Anbudsfil avvisad",
            EventKind::BidStored => "Anbud inläst",
            EventKind::BidReplaced => "Anbud ersatt",
            EventKind::BidsInConflict => "Anbud i konflikt",
            EventKind::BidsEvaluated => "Anbud prövade",
            EventKind::Override => "Utfall ändrat",
            EventKind::DecisionTaken => "Beslut fattat",
            EventKind::DecisionSuperseded => "Beslut ersatt",
            EventKind::BackupMade => "Kopia sparad",
            EventKind::BidConflictSettled => "Anbudskonflikt avgjord",
            EventKind::ReviewerAdded => "Granskare registrerad",
            EventKind::ConflictDeclared => "Jäv anmält",
            EventKind::ReviewerAssigned => "Leverantör tilldelad granskare",
            EventKind::ReviewerUnassigned => "Tilldelning borttagen",
            EventKind::PackageExported => "Granskningspaket skapat",
            EventKind::ResponseMerged => "Granskningssvar inläst",
            EventKind::Assessment => "Bedömning från granskare",
        }
    }

    pub fn parse(text: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Who did it: the name the person gave (empty where none was asked for) and the operating
/// system's user the program ran as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Actor {
    pub name: String,
    pub os_user: String,
}

impl Actor {
    /// The operating system's user the program runs as.
    pub fn os_user() -> String {
        whoami::fallible::username().ok().filter(|u| !u.trim().is_empty()).unwrap_or_else(|| "okänd".to_string())
    }

    /// A person by the name they gave, on this machine's user.
    pub fn named(name: &str) -> Actor {
        Actor { name: name.trim().to_string(), os_user: Actor::os_user() }
    }
}

/// One event as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Event {
    pub id: i64,
    pub procurement_id: String,
    pub seq: i64,
    pub kind: String,
    /// UTC, RFC 3339 (`2026-12-18T09:00:00Z`).
    pub at: String,
    pub actor: String,
    pub os_user: String,
    /// The supplier concerned (organisation number), where there is one.
    pub subject: Option<String>,
    /// What happened, with before and after: canonical JSON as stored.
    pub payload_json: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The bytes an event's hash is taken over (after the previous hash): the event's fields in a
/// fixed order as JSON, the payload as stored; `id`, `prev_hash` and `hash` are not among them.
/// A function of the stored columns alone, so the chain can be walked again by any later version.
pub fn canonical_bytes(e: &Event) -> Vec<u8> {
    let (procurement_id, seq, kind, at, actor, os_user, subject, payload_json) = (
        e.procurement_id.as_str(),
        e.seq,
        e.kind.as_str(),
        e.at.as_str(),
        e.actor.as_str(),
        e.os_user.as_str(),
        e.subject.as_deref(),
        e.payload_json.as_str(),
    );
    // Written straight into one buffer (the audit walks every event): the same bytes as
    // `{"procurement_id":…,"seq":…,"kind":…,"at":…,"actor":…,"os_user":…,"subject":…,"payload":…}`
    // with each string quoted by serde_json.
    use std::io::Write;
    let mut out =
        Vec::with_capacity(128 + procurement_id.len() + kind.len() + at.len() + actor.len() + os_user.len() + payload_json.len());
    let string = |out: &mut Vec<u8>, v: &str| serde_json::to_writer(out, v).expect("a string serializes");
    out.extend_from_slice(b"{\"procurement_id\":");
    string(&mut out, procurement_id);
    write!(out, ",\"seq\":{seq}").expect("writes to a Vec");
    out.extend_from_slice(b",\"kind\":");
    string(&mut out, kind);
    out.extend_from_slice(b",\"at\":");
    string(&mut out, at);
    out.extend_from_slice(b",\"actor\":");
    string(&mut out, actor);
    out.extend_from_slice(b",\"os_user\":");
    string(&mut out, os_user);
    out.extend_from_slice(b",\"subject\":");
    match subject {
        Some(s) => string(&mut out, s),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"payload\":");
    out.extend_from_slice(payload_json.as_bytes());
    out.push(b'}');
    out
}

/// SHA-256 of the previous hash (hex) and the canonical bytes.
pub fn chain_hash(prev_hash: &str, canonical: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical);
    hex(&h.finalize())
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    s
}

/// A readable diff of two texts, line by line, in the unified form (`-` before, `+` after), with
/// one line of context.
pub fn line_diff(before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after).unified_diff().context_radius(1).header("före", "efter").to_string()
}

/// The time now in UTC, to the second, RFC 3339.
pub fn utc_now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Appends an event to a procurement's chain on `conn` (inside the caller's transaction, so the
/// event and the change it records commit together or not at all). Returns the event's hash.
pub fn append(
    conn: &Connection,
    procurement_id: &str,
    kind: EventKind,
    actor: &Actor,
    subject: Option<&str>,
    payload: &serde_json::Value,
) -> Result<String> {
    let head: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM event WHERE procurement_id = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([procurement_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match head {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let mut e = Event {
        id: 0,
        procurement_id: procurement_id.to_string(),
        seq,
        kind: kind.as_str().to_string(),
        at: utc_now(),
        actor: actor.name.clone(),
        os_user: actor.os_user.clone(),
        subject: subject.map(str::to_string),
        payload_json: serde_json::to_string(payload).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        prev_hash: prev,
        hash: String::new(),
    };
    e.hash = chain_hash(&e.prev_hash, &canonical_bytes(&e));
    conn.prepare_cached(
        "INSERT INTO event (procurement_id, seq, kind, at, actor, os_user, subject, payload_json, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        e.procurement_id,
        e.seq,
        e.kind,
        e.at,
        e.actor,
        e.os_user,
        e.subject,
        e.payload_json,
        e.prev_hash,
        e.hash
    ])?;
    Ok(e.hash)
}

/// Keeps a file's bytes once, by their SHA-256 (a file received twice is kept once).
pub fn keep_file(conn: &Connection, sha256: &str, name: &str, bytes: &[u8]) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO kept_file (sha256, name, size, bytes) VALUES (?1, ?2, ?3, ?4)")?.execute(params![
        sha256,
        name,
        bytes.len() as i64,
        bytes
    ])?;
    Ok(())
}

/// The head of a procurement's chain: the last event's hash, or [`GENESIS`].
pub fn head(conn: &Connection, procurement_id: &str) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT hash FROM event WHERE procurement_id = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([procurement_id], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string()))
}

fn event_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        procurement_id: r.get(1)?,
        seq: r.get(2)?,
        kind: r.get(3)?,
        at: r.get(4)?,
        actor: r.get(5)?,
        os_user: r.get(6)?,
        subject: r.get(7)?,
        payload_json: r.get(8)?,
        prev_hash: r.get(9)?,
        hash: r.get(10)?,
    })
}

const EVENT_COLUMNS: &str = "id, procurement_id, seq, kind, at, actor, os_user, subject, payload_json, prev_hash, hash";

/// The events of one kind of a procurement (about one supplier, when `subject` is given), in order.
pub fn events_of_kind(conn: &Connection, procurement_id: &str, kind: EventKind, subject: Option<&str>) -> Result<Vec<Event>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM event WHERE procurement_id = ?1 AND kind = ?2 AND (?3 IS NULL OR subject = ?3) ORDER BY seq"
    ))?;
    let rows = st.query_map(params![procurement_id, kind.as_str(), subject], event_of)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Whether a procurement has received a workbook (an event `workbook_received`): from then on
/// its definition changes only by an amendment.
pub fn has_received(conn: &Connection, procurement_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM event WHERE procurement_id = ?1 AND kind = 'workbook_received' LIMIT 1")?
        .query_row([procurement_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Every event of a procurement, in order.
pub fn events(conn: &Connection, procurement_id: &str) -> Result<Vec<Event>> {
    let mut st = conn.prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM event WHERE procurement_id = ?1 ORDER BY seq"))?;
    let rows = st.query_map([procurement_id], event_of)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Where the chain breaks: the first event whose sequence, link or hash does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ChainBreak {
    pub seq: i64,
    pub kind: String,
    pub at: String,
    /// In Swedish: what does not hold.
    pub problem: String,
}

/// Walks a procurement's chain from the first event: every sequence number in order with no
/// gap, every event linked to the one before, every hash the hash of its event. The head when it
/// holds, else the first break.
pub fn walk(events: &[Event]) -> std::result::Result<String, ChainBreak> {
    let mut prev: &str = GENESIS;
    for (i, e) in events.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        let broken = |problem: String| ChainBreak { seq: e.seq, kind: e.kind.clone(), at: e.at.clone(), problem };
        if e.seq != expected_seq {
            return Err(broken(format!(
                "händelse nr {expected_seq} saknas (nästa är nr {}): händelser har tagits bort ur journalen",
                e.seq
            )));
        }
        if e.prev_hash != prev {
            return Err(broken(format!("händelse nr {} pekar inte på händelsen före den: journalen har ändrats", e.seq)));
        }
        if chain_hash(&e.prev_hash, &canonical_bytes(e)) != e.hash {
            return Err(broken(format!("händelse nr {} har ändrats efter att den skrevs (kontrollsumman stämmer inte)", e.seq)));
        }
        prev = &e.hash;
    }
    Ok(prev.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64, prev: &str, payload: &str) -> Event {
        let mut e = Event {
            id: seq,
            procurement_id: "P".into(),
            seq,
            kind: "override".into(),
            at: "2026-12-18T09:00:00Z".into(),
            actor: "Anna".into(),
            os_user: "anna".into(),
            subject: Some("556012-5790".into()),
            payload_json: payload.into(),
            prev_hash: prev.into(),
            hash: String::new(),
        };
        e.hash = chain_hash(prev, &canonical_bytes(&e));
        e
    }

    fn chain(n: i64) -> Vec<Event> {
        let mut out: Vec<Event> = Vec::new();
        for seq in 1..=n {
            let prev = out.last().map(|e| e.hash.clone()).unwrap_or_else(|| GENESIS.to_string());
            out.push(event(seq, &prev, &format!("{{\"n\":{seq}}}")));
        }
        out
    }

    #[test]
    fn kinds_are_pinned() {
        let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "procurement_created",
                "definition_changed",
                "workbook_received",
                "workbook_rejected",
                "bid_stored",
                "bid_replaced",
                "bids_in_conflict",
                "bids_evaluated",
                "override",
                "decision_taken",
                "decision_superseded",
                "backup_made",
                "bid_conflict_settled",
                "reviewer_added",
                "conflict_declared",
                "reviewer_assigned",
                "reviewer_unassigned",
                "package_exported",
                "response_merged",
                "assessment"
            ]
        );
        for k in EventKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn an_intact_chain_gives_its_head() {
        let c = chain(5);
        assert_eq!(walk(&c), Ok(c[4].hash.clone()));
        assert_eq!(walk(&[]), Ok(GENESIS.to_string()));
    }

    #[test]
    fn a_changed_event_is_named() {
        let mut c = chain(5);
        c[2].payload_json = "{\"n\":99}".into();
        let b = walk(&c).unwrap_err();
        assert_eq!(b.seq, 3);
        assert!(b.problem.contains("har ändrats"), "{}", b.problem);
    }

    #[test]
    fn a_rehashed_event_breaks_the_link_of_the_next() {
        let mut c = chain(5);
        c[2].payload_json = "{\"n\":99}".into();
        c[2].hash = chain_hash(&c[2].prev_hash, &canonical_bytes(&c[2]));
        let b = walk(&c).unwrap_err();
        assert_eq!(b.seq, 4);
        assert!(b.problem.contains("pekar inte"), "{}", b.problem);
    }

    #[test]
    fn a_removed_event_is_named() {
        let mut c = chain(5);
        c.remove(1);
        let b = walk(&c).unwrap_err();
        assert_eq!(b.seq, 3);
        assert!(b.problem.contains("saknas"), "{}", b.problem);
    }

    #[test]
    fn a_definition_change_reads_as_a_diff() {
        let d = line_diff("a = 1\nb = 2\nc = 3\n", "a = 1\nb = 5\nc = 3\n");
        assert!(d.contains("-b = 2\n+b = 5"), "{d}");
        assert!(d.contains("--- före") && d.contains("+++ efter"), "{d}");
    }

    #[test]
    fn canonical_bytes_and_hashes_are_pinned() {
        // The bytes an event's hash is taken over are a contract: every later version must give
        // exactly these, or the chains already written no longer hold.
        let b = canonical_bytes(&Event {
            id: 0,
            procurement_id: "DEMO-1".into(),
            seq: 12,
            kind: "override".into(),
            at: "2026-12-18T09:00:00Z".into(),
            actor: "Åsa \"Ö\"".into(),
            os_user: "asa".into(),
            subject: Some("556012-5790".into()),
            payload_json: "{\"n\":1}".into(),
            prev_hash: String::new(),
            hash: String::new(),
        });
        assert_eq!(
            String::from_utf8(b.clone()).unwrap(),
            r#"{"procurement_id":"DEMO-1","seq":12,"kind":"override","at":"2026-12-18T09:00:00Z","actor":"Åsa \"Ö\"","os_user":"asa","subject":"556012-5790","payload":{"n":1}}"#
        );
        let none = canonical_bytes(&Event {
            id: 0,
            procurement_id: "P".into(),
            seq: 1,
            kind: "backup_made".into(),
            at: "t".into(),
            actor: String::new(),
            os_user: "u\n".into(),
            subject: None,
            payload_json: "{}".into(),
            prev_hash: String::new(),
            hash: String::new(),
        });
        assert_eq!(
            none,
            br#"{"procurement_id":"P","seq":1,"kind":"backup_made","at":"t","actor":"","os_user":"u\n","subject":null,"payload":{}}"#
        );
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(chain_hash(GENESIS, b"{}"), hex(&Sha256::digest(format!("{GENESIS}\n{{}}").as_bytes())));
        assert_eq!(chain_hash(GENESIS, &b), "c9d504e8421745a5f1935401e43e5a8fe48d1dcac80daf2958681edc5feec3ce");
    }

    #[test]
    fn canonical_bytes_quote_every_field() {
        let mut e = event(7, GENESIS, "{}");
        e.procurement_id = "DEMO \"1\"".into();
        e.actor = "Å\nÖ".into();
        e.subject = None;
        let b = canonical_bytes(&e);
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["procurement_id"], "DEMO \"1\"");
        assert_eq!(v["actor"], "Å\nÖ");
        assert_eq!(v["subject"], serde_json::Value::Null);
        assert_eq!(v["seq"], 7);
    }
}
