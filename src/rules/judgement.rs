//! How people's judgements settle a requirement (docs/review.md, spec/review.md "Four eyes").
//! Pure: the proposal and the judgements in the order they were made, nothing else.
//!
//! Without four eyes the latest judgement settles, as an override always has. With four eyes:
//! - nobody has judged it: the proposal stands (a `review` stays open);
//! - one outcome is the latest judgement of at least two different people, and of more people
//!   than any other outcome: it is settled;
//! - everyone who judged agrees with a proposal that is not `review`: the proposal stands;
//! - otherwise the outcome in force is `review`: a disagreement (people differ) or awaiting a
//!   second judgement. A person is known by name, without regard to case and surrounding spaces;
//!   a person's later judgement replaces their earlier one.

use crate::model::evaluation::{OpenJudgement, Override};
use crate::model::requirement::Outcome;

/// How a requirement stands after people's judgements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    pub outcome: Outcome,
    /// The judgement in force (with four eyes, the concurring people's, combined).
    pub deciding: Option<Override>,
    /// With four eyes: each person's latest judgement, in order.
    pub judgements: Vec<Override>,
    pub open: Option<OpenJudgement>,
}

/// A person's key: the name without regard to case and surrounding spaces.
pub fn person_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Names as Swedish prose: "A", "A och B", "A, B och C".
fn names(list: &[&str]) -> String {
    match list {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

pub fn settle(proposal: Outcome, judgements: &[&Override], four_eyes: bool) -> Settlement {
    if !four_eyes {
        let deciding = judgements.last().map(|o| (*o).clone());
        return Settlement {
            outcome: deciding.as_ref().map(|o| o.outcome).unwrap_or(proposal),
            deciding,
            judgements: vec![],
            open: None,
        };
    }
    // Each person's latest judgement, in the order of those latest judgements.
    let mut latest: Vec<&Override> = Vec::new();
    for j in judgements {
        latest.retain(|o| person_key(&o.decided_by) != person_key(&j.decided_by));
        latest.push(j);
    }
    let all: Vec<Override> = latest.iter().map(|o| (*o).clone()).collect();
    if latest.is_empty() {
        return Settlement { outcome: proposal, deciding: None, judgements: all, open: None };
    }
    let count = |o: Outcome| latest.iter().filter(|j| j.outcome == o).count();
    let mut outcomes: Vec<Outcome> = Vec::new();
    for j in &latest {
        if !outcomes.contains(&j.outcome) {
            outcomes.push(j.outcome);
        }
    }
    let best = outcomes.iter().copied().max_by_key(|&o| count(o)).expect("not empty");
    let unique_best = outcomes.iter().filter(|&&o| count(o) == count(best)).count() == 1;
    if count(best) >= 2 && unique_best {
        let concurring: Vec<&Override> = latest.iter().copied().filter(|j| j.outcome == best).collect();
        let last = concurring.last().expect("two concur");
        let justification = concurring
            .iter()
            .filter(|j| !j.justification.trim().is_empty())
            .map(|j| format!("{}: {}", j.decided_by.trim(), j.justification.trim()))
            .collect::<Vec<_>>()
            .join(" ");
        let deciding = Override {
            requirement_id: last.requirement_id.clone(),
            outcome: best,
            justification,
            decided_by: names(&concurring.iter().map(|j| j.decided_by.trim()).collect::<Vec<_>>()),
            decided_at: last.decided_at.clone(),
        };
        return Settlement { outcome: best, deciding: Some(deciding), judgements: all, open: None };
    }
    if proposal != Outcome::Review && latest.iter().all(|j| j.outcome == proposal) {
        let last = latest.last().map(|o| (*o).clone());
        return Settlement { outcome: proposal, deciding: last, judgements: all, open: None };
    }
    let open = if outcomes.len() > 1 { OpenJudgement::Disagreement } else { OpenJudgement::AwaitingSecond };
    Settlement { outcome: Outcome::Review, deciding: None, judgements: all, open: Some(open) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Outcome::*;

    fn j(by: &str, outcome: Outcome) -> Override {
        Override {
            requirement_id: "kreditvardighet".into(),
            outcome,
            justification: format!("{by} motiverar"),
            decided_by: by.into(),
            decided_at: "2026-12-01T10:00:00+01:00".into(),
        }
    }

    fn run(proposal: Outcome, list: &[Override], four_eyes: bool) -> Settlement {
        settle(proposal, &list.iter().collect::<Vec<_>>(), four_eyes)
    }

    #[test]
    fn without_four_eyes_the_latest_judgement_settles() {
        let s = run(Review, &[j("Anna", Fail), j("Karl", Pass)], false);
        assert_eq!((s.outcome, s.deciding.unwrap().decided_by.as_str()), (Pass, "Karl"));
        assert_eq!(run(Review, &[], false).outcome, Review);
    }

    #[test]
    fn one_judgement_of_a_review_awaits_a_second() {
        let s = run(Review, &[j("Anna", Pass)], true);
        assert_eq!((s.outcome, s.open), (Review, Some(OpenJudgement::AwaitingSecond)));
        assert!(s.deciding.is_none());
    }

    #[test]
    fn the_same_person_twice_is_one_judgement() {
        let s = run(Review, &[j("Anna", Pass), j(" anna ", Pass)], true);
        assert_eq!((s.outcome, s.open), (Review, Some(OpenJudgement::AwaitingSecond)));
        assert_eq!(s.judgements.len(), 1);
    }

    #[test]
    fn two_who_concur_settle_it_and_both_are_named() {
        let s = run(Review, &[j("Anna", Pass), j("Karl", Pass)], true);
        assert_eq!((s.outcome, s.open), (Pass, None));
        let d = s.deciding.unwrap();
        assert_eq!(d.decided_by, "Anna och Karl");
        assert_eq!(d.justification, "Anna: Anna motiverar Karl: Karl motiverar");
    }

    #[test]
    fn two_who_disagree_leave_it_open_until_a_third() {
        let s = run(Review, &[j("Anna", Pass), j("Karl", Fail)], true);
        assert_eq!((s.outcome, s.open), (Review, Some(OpenJudgement::Disagreement)));
        assert_eq!(s.judgements.len(), 2);
        let s = run(Review, &[j("Anna", Pass), j("Karl", Fail), j("Samordnaren", Fail)], true);
        assert_eq!((s.outcome, s.open), (Fail, None));
        assert_eq!(s.deciding.unwrap().decided_by, "Karl och Samordnaren");
    }

    #[test]
    fn a_tie_of_two_and_two_is_open() {
        let s = run(Review, &[j("A", Pass), j("B", Fail), j("C", Pass), j("D", Fail)], true);
        assert_eq!(s.open, Some(OpenJudgement::Disagreement));
    }

    #[test]
    fn a_person_who_changes_their_mind_counts_once_with_the_latest() {
        let s = run(Review, &[j("Anna", Fail), j("Karl", Pass), j("Anna", Pass)], true);
        assert_eq!(s.outcome, Pass);
    }

    #[test]
    fn agreeing_with_a_clear_proposal_needs_no_second_but_changing_it_does() {
        let s = run(Pass, &[j("Anna", Pass)], true);
        assert_eq!((s.outcome, s.open), (Pass, None));
        let s = run(Pass, &[j("Anna", Fail)], true);
        assert_eq!((s.outcome, s.open), (Review, Some(OpenJudgement::AwaitingSecond)));
        let s = run(Pass, &[j("Anna", Pass), j("Karl", Fail)], true);
        assert_eq!((s.outcome, s.open), (Review, Some(OpenJudgement::Disagreement)));
        assert_eq!(run(Fail, &[], true).outcome, Fail);
    }
}
