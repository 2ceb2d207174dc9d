//! The working group in the store: members, declarations of jäv, assignments, the packages
//! exported and the responses merged (docs/review.md). Every change is an event in the journal,
//! in the same transaction. The store checks what the tables can check (a name once, never an
//! assignment against a declared jäv, a response once); what a package holds is the use cases'.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::journal::{self, Actor, EventKind};
use super::{Result, Store, StoreError};
use crate::model::evaluation::Override;
use crate::model::requirement::Outcome;

/// A working-group member as registered, with what they review and what they declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ReviewerRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub region: Option<String>,
    /// Organisation numbers, sorted.
    pub assigned: Vec<String>,
    pub conflicts: Vec<ConflictOfInterest>,
}

/// A declaration of jäv against a supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ConflictOfInterest {
    pub org_nr: String,
    pub reason: String,
    pub declared_at: String,
}

/// A package as the database keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRow {
    pub id: String,
    pub procurement_id: String,
    pub reviewer_id: i64,
    pub reviewer: String,
    pub response_identity: String,
    pub created_at: String,
}

/// One assessment to store, from a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssessment {
    pub bid_id: i64,
    pub org_nr: String,
    pub requirement_id: String,
    pub proposed: Outcome,
    pub outcome: Outcome,
    pub justification: String,
    pub comment: String,
}

/// A response to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResponse<'a> {
    pub procurement_id: &'a str,
    pub package: &'a PackageRow,
    pub response_id: &'a str,
    pub sha256: &'a str,
    pub written_at: &'a str,
    pub assessments: &'a [NewAssessment],
}

/// An assessment as stored, for the supplier's screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AssessmentRow {
    #[ts(type = "number")]
    pub id: i64,
    pub reviewer: String,
    pub requirement_id: String,
    pub proposed: Outcome,
    pub outcome: Outcome,
    pub justification: String,
    pub comment: String,
    pub assessed_at: String,
    pub merged_at: String,
}

/// An assessment with the bid it concerns (the audit's view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentOfBid {
    pub bid_id: i64,
    pub row: AssessmentRow,
}

impl std::ops::Deref for AssessmentOfBid {
    type Target = AssessmentRow;
    fn deref(&self) -> &AssessmentRow {
        &self.row
    }
}

pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl Store {
    fn reviewer_id(&self, procurement_id: &str, name: &str) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name FROM reviewer WHERE procurement_id = ?1 AND name_key = ?2",
                params![procurement_id, name_key(name)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn require_reviewer(&self, procurement_id: &str, name: &str) -> Result<(i64, String)> {
        self.reviewer_id(procurement_id, name)?
            .ok_or_else(|| StoreError::Refused(format!("\"{}\" är inte registrerad som granskare i {procurement_id}.", name.trim())))
    }

    /// Whether the procurement has a working group (at least one member registered). A database
    /// opened read-only at a schema from before the working group has none.
    pub fn has_working_group(&self, procurement_id: &str) -> Result<bool> {
        if !self.has_table("reviewer")? {
            return Ok(false);
        }
        Ok(self.conn.query_row("SELECT EXISTS (SELECT 1 FROM reviewer WHERE procurement_id = ?1)", [procurement_id], |r| r.get(0))?)
    }

    /// Registers a working-group member. Refused when the name is empty or taken.
    pub fn add_reviewer(&mut self, procurement_id: &str, name: &str, region: Option<&str>, at: &str) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Refused("Ange granskarens namn.".into()));
        }
        if self.procurement(procurement_id)?.is_none() {
            return Err(StoreError::NoProcurement(procurement_id.to_string()));
        }
        if let Some((_, existing)) = self.reviewer_id(procurement_id, name)? {
            return Err(StoreError::Refused(format!("{existing} är redan registrerad som granskare i {procurement_id}.")));
        }
        let region = region.map(str::trim).filter(|r| !r.is_empty());
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT INTO reviewer (procurement_id, name, name_key, region, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![procurement_id, name, name_key(name), region, at],
        )?;
        let id = tx.last_insert_rowid();
        journal::append(
            &tx,
            procurement_id,
            EventKind::ReviewerAdded,
            &self.actor,
            None,
            &json!({ "reviewer_id": id, "name": name, "region": region, "at": at }),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Records a declaration of jäv. An assignment of that supplier to the member ends with it
    /// (recorded in the same event).
    pub fn declare_conflict(&mut self, procurement_id: &str, name: &str, org_nr: &str, reason: &str, at: &str) -> Result<()> {
        let (id, name) = self.require_reviewer(procurement_id, name)?;
        if reason.trim().is_empty() {
            return Err(StoreError::Refused(
                "Ange skälet till jävet (till exempel tidigare anställning, släktskap, aktieinnehav).".into(),
            ));
        }
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT INTO reviewer_conflict (reviewer_id, org_nr, reason, declared_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, org_nr, reason.trim(), at],
        )?;
        let unassigned = tx.execute("DELETE FROM review_assignment WHERE reviewer_id = ?1 AND org_nr = ?2", params![id, org_nr])? > 0;
        journal::append(
            &tx,
            procurement_id,
            EventKind::ConflictDeclared,
            &self.actor,
            Some(org_nr),
            &json!({ "reviewer_id": id, "name": name, "org_nr": org_nr, "reason": reason.trim(), "unassigned": unassigned, "at": at }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The member's declared jäv against a supplier, if any: its reason.
    pub fn conflict_of(&self, procurement_id: &str, name: &str, org_nr: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT c.reason FROM reviewer_conflict c JOIN reviewer r ON r.id = c.reviewer_id
                 WHERE r.procurement_id = ?1 AND r.name_key = ?2 AND c.org_nr = ?3 ORDER BY c.id LIMIT 1",
                params![procurement_id, name_key(name), org_nr],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Assigns suppliers to a member: all or none. Refused when the member declared jäv against
    /// any of them (naming each), or when one has no bid in the procurement. Already assigned
    /// ones are left as they are. Returns the newly assigned.
    pub fn assign(&mut self, procurement_id: &str, name: &str, org_nrs: &[String], at: &str) -> Result<Vec<String>> {
        let (id, name) = self.require_reviewer(procurement_id, name)?;
        let mut conflicts = Vec::new();
        let mut unknown = Vec::new();
        for org in org_nrs {
            if let Some(reason) = self.conflict_of(procurement_id, &name, org)? {
                conflicts.push(format!("{org} ({reason})"));
            }
            let has_bid: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM bid WHERE procurement_id = ?1 AND org_nr = ?2)",
                params![procurement_id, org],
                |r| r.get(0),
            )?;
            if !has_bid {
                unknown.push(org.clone());
            }
        }
        if !conflicts.is_empty() {
            return Err(StoreError::ConflictOfInterest(format!(
                "{name} har anmält jäv mot {} och kan inte tilldelas {}; ingen tilldelning har gjorts.",
                conflicts.join(", "),
                if conflicts.len() == 1 { "den leverantören" } else { "de leverantörerna" }
            )));
        }
        if !unknown.is_empty() {
            return Err(StoreError::Refused(format!(
                "Inget anbud från {} finns i {procurement_id}; ingen tilldelning har gjorts.",
                unknown.join(", ")
            )));
        }
        let tx = self.conn.savepoint()?;
        let mut added = Vec::new();
        for org in org_nrs {
            let n = tx.execute(
                "INSERT OR IGNORE INTO review_assignment (reviewer_id, org_nr, assigned_at) VALUES (?1, ?2, ?3)",
                params![id, org, at],
            )?;
            if n > 0 {
                journal::append(
                    &tx,
                    procurement_id,
                    EventKind::ReviewerAssigned,
                    &self.actor,
                    Some(org),
                    &json!({ "reviewer_id": id, "name": name, "org_nr": org, "at": at }),
                )?;
                added.push(org.clone());
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Takes a supplier from a member. Returns whether it was assigned.
    pub fn unassign(&mut self, procurement_id: &str, name: &str, org_nr: &str, at: &str) -> Result<bool> {
        let (id, name) = self.require_reviewer(procurement_id, name)?;
        let tx = self.conn.savepoint()?;
        let n = tx.execute("DELETE FROM review_assignment WHERE reviewer_id = ?1 AND org_nr = ?2", params![id, org_nr])?;
        if n > 0 {
            journal::append(
                &tx,
                procurement_id,
                EventKind::ReviewerUnassigned,
                &self.actor,
                Some(org_nr),
                &json!({ "reviewer_id": id, "name": name, "org_nr": org_nr, "at": at }),
            )?;
        }
        tx.commit()?;
        Ok(n > 0)
    }

    /// Whether the database has the table (a database opened read-only at a schema from before
    /// the working group has none of its tables; `verify` and `audit` read it as it is).
    fn has_table(&self, name: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)")?
            .query_row([name], |r| r.get(0))?)
    }

    /// The working group of a procurement, in the order registered.
    pub fn reviewers(&self, procurement_id: &str) -> Result<Vec<ReviewerRow>> {
        if !self.has_table("reviewer")? {
            return Ok(vec![]);
        }
        let mut st = self.conn.prepare_cached("SELECT id, name, region FROM reviewer WHERE procurement_id = ?1 ORDER BY id")?;
        let heads: Vec<(i64, String, Option<String>)> =
            st.query_map([procurement_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::with_capacity(heads.len());
        for (id, name, region) in heads {
            let assigned: Vec<String> = self
                .conn
                .prepare_cached("SELECT org_nr FROM review_assignment WHERE reviewer_id = ?1 ORDER BY org_nr")?
                .query_map([id], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            let conflicts: Vec<ConflictOfInterest> = self
                .conn
                .prepare_cached("SELECT org_nr, reason, declared_at FROM reviewer_conflict WHERE reviewer_id = ?1 ORDER BY id")?
                .query_map([id], |r| Ok(ConflictOfInterest { org_nr: r.get(0)?, reason: r.get(1)?, declared_at: r.get(2)? }))?
                .collect::<std::result::Result<_, _>>()?;
            out.push(ReviewerRow { id, name, region, assigned, conflicts });
        }
        Ok(out)
    }

    /// Records an exported package (what is needed to read its responses).
    #[allow(clippy::too_many_arguments)]
    pub fn record_package(
        &mut self,
        procurement_id: &str,
        package_id: &str,
        reviewer_id: i64,
        reviewer: &str,
        response_identity: &str,
        suppliers: &serde_json::Value,
        sha256: &str,
        at: &str,
    ) -> Result<()> {
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT INTO review_package (id, procurement_id, reviewer_id, response_identity, suppliers_json, sha256, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![package_id, procurement_id, reviewer_id, response_identity, suppliers.to_string(), sha256, at],
        )?;
        journal::append(
            &tx,
            procurement_id,
            EventKind::PackageExported,
            &self.actor,
            None,
            &json!({ "package_id": package_id, "reviewer_id": reviewer_id, "name": reviewer, "suppliers": suppliers, "sha256": sha256, "at": at }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A package this database exported, by id (of any procurement).
    pub fn package(&self, package_id: &str) -> Result<Option<PackageRow>> {
        Ok(self
            .conn
            .query_row(
                "SELECT p.id, p.procurement_id, p.reviewer_id, r.name, p.response_identity, p.created_at
                 FROM review_package p JOIN reviewer r ON r.id = p.reviewer_id WHERE p.id = ?1",
                [package_id],
                |r| {
                    Ok(PackageRow {
                        id: r.get(0)?,
                        procurement_id: r.get(1)?,
                        reviewer_id: r.get(2)?,
                        reviewer: r.get(3)?,
                        response_identity: r.get(4)?,
                        created_at: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Whether the member is assigned the supplier now.
    pub fn is_assigned(&self, reviewer_id: i64, org_nr: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM review_assignment WHERE reviewer_id = ?1 AND org_nr = ?2)",
            params![reviewer_id, org_nr],
            |r| r.get(0),
        )?)
    }

    /// When the response was merged, if it was.
    pub fn response_merged_at(&self, response_id: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT merged_at FROM review_response WHERE id = ?1", [response_id], |r| r.get(0)).optional()?)
    }

    /// Stores a response and its assessments, each an event, in one savepoint.
    pub fn merge_response(&mut self, r: &NewResponse<'_>, at: &str) -> Result<()> {
        let actor = Actor::named(&r.package.reviewer);
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT INTO review_response (id, package_id, sha256, written_at, merged_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![r.response_id, r.package.id, r.sha256, r.written_at, at],
        )?;
        journal::append(
            &tx,
            r.procurement_id,
            EventKind::ResponseMerged,
            &self.actor,
            None,
            &json!({
                "response_id": r.response_id,
                "package_id": r.package.id,
                "name": r.package.reviewer,
                "sha256": r.sha256,
                "written_at": r.written_at,
                "assessments": r.assessments.len(),
                "at": at,
            }),
        )?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO assessment (response_id, reviewer_id, bid_id, requirement_id, proposed, outcome, justification, comment, assessed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for a in r.assessments {
                insert.execute(params![
                    r.response_id,
                    r.package.reviewer_id,
                    a.bid_id,
                    a.requirement_id,
                    a.proposed.as_str(),
                    a.outcome.as_str(),
                    a.justification,
                    a.comment,
                    r.written_at,
                ])?;
                let id = tx.last_insert_rowid();
                journal::append(
                    &tx,
                    r.procurement_id,
                    EventKind::Assessment,
                    &actor,
                    Some(&a.org_nr),
                    &json!({
                        "assessment_id": id,
                        "response_id": r.response_id,
                        "bid_id": a.bid_id,
                        "requirement": a.requirement_id,
                        "proposed": a.proposed.as_str(),
                        "outcome": a.outcome.as_str(),
                        "justification": a.justification,
                        "comment": a.comment,
                        "by": r.package.reviewer,
                        "assessed_at": r.written_at,
                    }),
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every assessment of a bid, in the order merged. (None in a database opened read-only at a
    /// schema from before the working group: `verify` and `audit` read those as they are.)
    pub fn assessments(&self, bid_id: i64) -> Result<Vec<AssessmentRow>> {
        if !self.has_table("assessment")? {
            return Ok(vec![]);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, r.name, a.requirement_id, a.proposed, a.outcome, a.justification, a.comment, a.assessed_at, s.merged_at
             FROM assessment a JOIN reviewer r ON r.id = a.reviewer_id JOIN review_response s ON s.id = a.response_id
             WHERE a.bid_id = ?1 ORDER BY a.id",
        )?;
        let rows = st.query_map([bid_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let parse = |s: &str| Outcome::parse(s).ok_or_else(|| StoreError::Corrupt(format!("utfall {s}")));
        let mut out = Vec::new();
        for row in rows {
            let (id, reviewer, requirement_id, proposed, outcome, justification, comment, assessed_at, merged_at) = row?;
            out.push(AssessmentRow {
                id,
                reviewer,
                requirement_id,
                proposed: parse(&proposed)?,
                outcome: parse(&outcome)?,
                justification,
                comment,
                assessed_at,
                merged_at,
            });
        }
        Ok(out)
    }

    /// Every assessment of the procurement's bids, in the order merged, with the bid it concerns.
    pub fn assessment_rows(&self, procurement_id: &str) -> Result<Vec<AssessmentOfBid>> {
        let mut out = Vec::new();
        for b in self.bids(procurement_id, false)? {
            for a in self.assessments(b.id)? {
                out.push(AssessmentOfBid { bid_id: b.id, row: a });
            }
        }
        out.sort_by_key(|a| a.row.id);
        Ok(out)
    }

    /// The id of the latest assessment stored (0 when none): a decision records it, so that the
    /// judgements it rests on can be read again later.
    pub fn last_assessment_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(id), 0) FROM assessment", [], |r| r.get(0))?)
    }

    /// People's judgements of a bid, in the order they were made: the overrides, and the working
    /// group's assessments (each as a judgement by its member, at the time the member wrote it).
    /// Without assessments this is exactly the override history.
    pub fn judgements(&self, bid_id: i64) -> Result<Vec<Override>> {
        self.judgements_up_to(bid_id, i64::MAX, i64::MAX)
    }

    /// [`Store::judgements`] as they stood when the override `last_override` and the assessment
    /// `last_assessment` were the latest.
    pub fn judgements_up_to(&self, bid_id: i64, last_override: i64, last_assessment: i64) -> Result<Vec<Override>> {
        let overrides = self.overrides_up_to(bid_id, last_override)?;
        let assessments: Vec<AssessmentRow> = self.assessments(bid_id)?.into_iter().filter(|a| a.id <= last_assessment).collect();
        if assessments.is_empty() {
            return Ok(overrides);
        }
        let mut all: Vec<Override> = overrides;
        all.extend(assessments.into_iter().map(|a| Override {
            requirement_id: a.requirement_id,
            outcome: a.outcome,
            justification: if a.justification.trim().is_empty() {
                format!("Instämmer i förslaget ({}).", a.proposed.label_sv().to_lowercase())
            } else {
                a.justification
            },
            decided_by: a.reviewer,
            decided_at: a.assessed_at,
        }));
        // In the order they were made: by time (times of different offsets compared as instants).
        let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).map(|t| t.timestamp()).ok();
        all.sort_by(|a, b| match (instant(&a.decided_at), instant(&b.decided_at)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => a.decided_at.cmp(&b.decided_at),
        });
        Ok(all)
    }
}
