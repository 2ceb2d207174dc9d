//! The outcome of evaluating a bid: each requirement's proposal beside the judgement in force,
//! the supplier's status and its lots. Plain data, made by `crate::rules::evaluate`.

use serde::{Deserialize, Serialize};

use crate::model::requirement::{Evidence, Outcome, ReasonCode};

/// A supplier's overall status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    Qualified,
    NotQualified,
    NeedsReview,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Qualified => "qualified",
            Status::NotQualified => "not_qualified",
            Status::NeedsReview => "needs_review",
        }
    }

    pub fn label_sv(self) -> &'static str {
        match self {
            Status::Qualified => "Kvalificerad",
            Status::NotQualified => "Ej kvalificerad",
            Status::NeedsReview => "Behöver granskas",
        }
    }

    /// Any fail → not qualified; else any review or missing → needs review; else qualified.
    pub fn from_outcomes(outcomes: impl IntoIterator<Item = Outcome>) -> Status {
        let mut status = Status::Qualified;
        for o in outcomes {
            match o {
                Outcome::Fail => return Status::NotQualified,
                Outcome::Review | Outcome::Missing => status = Status::NeedsReview,
                Outcome::Pass => {}
            }
        }
        status
    }
}

/// A person's decision on one requirement, replacing the proposed outcome. The proposal stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Override {
    pub requirement_id: String,
    pub outcome: Outcome,
    pub justification: String,
    pub decided_by: String,
    /// ISO 8601 date and time the person recorded it (given, never read from a clock here).
    pub decided_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RequirementResult {
    pub id: String,
    pub title: String,
    /// The engine's proposal.
    pub proposed: Outcome,
    /// The outcome in force: the override's where there is one, else the proposal.
    pub outcome: Outcome,
    /// Why the engine proposed what it did, as a stable code (docs/reason-codes.md).
    pub reason_code: ReasonCode,
    pub reason: String,
    pub evidence: Vec<Evidence>,
    #[serde(rename = "override")]
    pub override_: Option<Override>,
    /// With four eyes: every person's latest judgement, in the order they were made (empty
    /// without four eyes, or when nobody has judged the requirement).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<Override>>", optional)]
    pub judgements: Vec<Override>,
    /// With four eyes: why the outcome in force is `review` although people have judged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub open: Option<OpenJudgement>,
}

/// A requirement people have judged that four eyes has not yet settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OpenJudgement {
    /// Two or more people judged it differently: shown side by side until settled.
    Disagreement,
    /// One person's judgement (or several people's that are not two alike) awaits a second.
    AwaitingSecond,
}

impl OpenJudgement {
    pub fn label_sv(self) -> &'static str {
        match self {
            OpenJudgement::Disagreement => "Oenighet",
            OpenJudgement::AwaitingSecond => "Väntar på en andra bedömning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LotResult {
    pub code: String,
    pub name: String,
    pub status: Status,
    pub zones: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SupplierEvaluation {
    pub org_nr: String,
    pub name: String,
    pub file: String,
    pub status: Status,
    /// True when the bid came in after the deadline and was not evaluated further.
    pub late: bool,
    pub requirements: Vec<RequirementResult>,
    pub lots: Vec<LotResult>,
    pub warnings: Vec<String>,
    /// The ESPD response evaluated with the workbook (its file name), when one was paired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub espd: Option<String>,
}

impl SupplierEvaluation {
    pub fn requirement(&self, id: &str) -> Option<&RequirementResult> {
        self.requirements.iter().find(|r| r.id == id)
    }
}
