//! A declaration answered Ja/Nej.

use crate::model::bid::Bid;
use crate::model::requirement::{Outcome, Proposal, ReasonCode};
use crate::rules::answers::{answer_evidence, as_bool, missing, quote, yes_no};

pub(crate) fn eval_yes_no(question: &str, expected: bool, bid: &Bid) -> Proposal {
    let evidence = vec![answer_evidence(bid, question)];
    match as_bool(bid.value(question)) {
        None => missing(question, evidence),
        Some(answer) if answer == expected => Proposal {
            outcome: Outcome::Pass,
            code: ReasonCode::DeclarationExpected,
            reason: format!("Anbudsgivaren har svarat {} på {}.", yes_no(answer), quote(question)),
            evidence,
        },
        Some(answer) => Proposal {
            outcome: Outcome::Fail,
            code: ReasonCode::DeclarationOther,
            reason: format!(
                "Anbudsgivaren har svarat {} på {}; kravet är uppfyllt endast med svaret {}.",
                yes_no(answer),
                quote(question),
                yes_no(expected)
            ),
            evidence,
        },
    }
}
