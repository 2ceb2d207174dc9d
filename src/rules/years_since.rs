//! At least N years since a date (in business since).

use chrono::NaiveDate;

use crate::model::bid::Bid;
use crate::model::requirement::{Outcome, Proposal, ReasonCode};
use crate::rules::answers::{answer_evidence, as_date, missing};
use crate::rules::dates::years_before;

pub(crate) fn eval_years_since(bid: &Bid, deadline: NaiveDate, question: &str, years: u32) -> Proposal {
    let evidence = vec![answer_evidence(bid, question)];
    let Some(since) = as_date(bid.value(question)) else {
        return missing(question, evidence);
    };
    let latest = years_before(deadline, years);
    if since <= latest {
        Proposal {
            outcome: Outcome::Pass,
            code: ReasonCode::ExperienceMeetsMinimum,
            reason: format!(
                "Verksamhet sedan {since}, senast {latest} ({years} år före sista anbudsdag {deadline}) som kravet anger."
            ),
            evidence,
        }
    } else {
        Proposal {
            outcome: Outcome::Fail,
            code: ReasonCode::ExperienceTooShort,
            reason: format!(
                "Verksamhet sedan {since}, senare än {latest}; kravet är minst {years} års verksamhet före sista anbudsdag {deadline}."
            ),
            evidence,
        }
    }
}
