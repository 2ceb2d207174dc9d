//! A supplier whose bids conflict: several workbooks from one organisation number with the same
//! (latest) bid date, and no person has yet chosen which one stands. The earliest received is
//! evaluated as the supplier's bid, with the pseudo-requirement `anbudskonflikt` added: outcome
//! `review`, reason code `bid.conflicting_bids`, evidence naming every conflicting workbook in
//! order of receipt with its SHA-256. Which bid stands is not known, so no outcome of the supplier
//! stands: the supplier and each of its lots need review, even where a requirement fails.
//! Pure: what the bids are and when they were received is given.

use chrono::NaiveDate;

use crate::model::evaluation::{RequirementResult, Status, SupplierEvaluation};
use crate::model::requirement::{Evidence, Outcome, ReasonCode};

/// The id of the pseudo-requirement. No requirement of a definition has it; it is never stored
/// as a proposal and cannot be overridden.
pub const CONFLICT_REQUIREMENT: &str = "anbudskonflikt";

/// One of the conflicting workbooks, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictingBid {
    /// The workbook's file name (never its folder).
    pub file: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// When it was received, as recorded.
    pub received_at: String,
}

/// Flags a supplier's evaluation (of the earliest received of `bids`, which are in order of
/// receipt) as in conflict.
pub fn flag_conflict(evaluation: &mut SupplierEvaluation, bid_date: NaiveDate, bids: &[ConflictingBid]) {
    let files: Vec<&str> = bids.iter().map(|b| b.file.as_str()).collect();
    let listed = match files.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} och {last}", rest.join(", ")),
        _ => files.join(", "),
    };
    let evaluated = crate::model::bid::file_name(&evaluation.file).to_string();
    let which = if files.first().is_some_and(|f| *f == evaluated) {
        format!("det först mottagna ({evaluated})")
    } else {
        format!("anbudet i {evaluated}")
    };
    let reason = format!(
        "{} ({}) har lämnat {} anbud med samma anbudsdatum {bid_date}: {listed}, i den ordning de togs emot. Vilket anbud som gäller avgörs av en person; tills dess prövas {which} och leverantören behöver granskas.",
        evaluation.name,
        evaluation.org_nr,
        bids.len(),
    );
    let evidence = bids
        .iter()
        .enumerate()
        .map(|(i, b)| Evidence {
            label: format!("Anbudsfil mottagen som nr {}", i + 1),
            value: format!("{}, mottagen {}, SHA-256 {}", b.file, b.received_at, b.sha256),
            cell: None,
        })
        .collect();
    evaluation.requirements.retain(|r| r.id != CONFLICT_REQUIREMENT);
    evaluation.requirements.push(RequirementResult {
        id: CONFLICT_REQUIREMENT.to_string(),
        title: "Anbudskonflikt".to_string(),
        proposed: Outcome::Review,
        outcome: Outcome::Review,
        reason_code: ReasonCode::BidConflictingBids,
        reason,
        evidence,
        override_: None,
        judgements: vec![],
        open: None,
    });
    evaluation.status = Status::NeedsReview;
    for lot in &mut evaluation.lots {
        lot.status = Status::NeedsReview;
    }
}

/// Whether an evaluation is flagged as in conflict.
pub fn in_conflict(evaluation: &SupplierEvaluation) -> bool {
    evaluation.requirements.iter().any(|r| r.id == CONFLICT_REQUIREMENT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::evaluation::LotResult;

    fn failing() -> SupplierEvaluation {
        SupplierEvaluation {
            org_nr: "556012-5790".into(),
            name: "Dubbel AB".into(),
            file: "a.xlsx".into(),
            status: Status::NotQualified,
            late: false,
            requirements: vec![RequirementResult {
                id: "omsattning".into(),
                title: "Omsättning".into(),
                proposed: Outcome::Fail,
                outcome: Outcome::Fail,
                reason_code: ReasonCode::TurnoverBelowMinimum,
                reason: "för låg".into(),
                evidence: vec![],
                override_: None,
                judgements: vec![],
                open: None,
            }],
            lots: vec![LotResult {
                code: "L1".into(),
                name: "x".into(),
                status: Status::NotQualified,
                zones: vec![1],
            }],
            warnings: vec![],
            espd: None,
        }
    }

    #[test]
    fn a_conflict_holds_the_supplier_for_review_even_where_a_requirement_fails() {
        let mut e = failing();
        let bids = [
            ConflictingBid {
                file: "a.xlsx".into(),
                sha256: "aa".into(),
                received_at: "2026-12-16T09:00:00+01:00".into(),
            },
            ConflictingBid {
                file: "b.xlsx".into(),
                sha256: "bb".into(),
                received_at: "2026-12-16T09:05:00+01:00".into(),
            },
        ];
        flag_conflict(&mut e, "2026-12-10".parse().unwrap(), &bids);
        assert_eq!(e.status, Status::NeedsReview);
        assert_eq!(e.lots[0].status, Status::NeedsReview);
        let r = e.requirements.last().unwrap();
        assert_eq!((r.id.as_str(), r.outcome, r.reason_code), (CONFLICT_REQUIREMENT, Outcome::Review, ReasonCode::BidConflictingBids));
        assert!(r.reason.contains("a.xlsx och b.xlsx") && r.reason.contains("2026-12-10"), "{}", r.reason);
        assert!(r.reason.contains("prövas det först mottagna (a.xlsx)"), "{}", r.reason);
        assert_eq!(r.evidence[1].label, "Anbudsfil mottagen som nr 2");
        assert!(r.evidence[1].value.starts_with("b.xlsx, mottagen 2026-12-16T09:05:00+01:00, SHA-256 bb"), "{}", r.evidence[1].value);
        assert!(in_conflict(&e));
        // Flagged twice, listed once.
        flag_conflict(&mut e, "2026-12-10".parse().unwrap(), &bids);
        assert_eq!(e.requirements.iter().filter(|r| r.id == CONFLICT_REQUIREMENT).count(), 1);
    }
}
