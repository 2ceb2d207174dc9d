//! A minimum class on a dated report (credit rating), with alternative evidence (a guarantee).

use chrono::NaiveDate;

use crate::model::bid::{Bid, Value};
use crate::model::requirement::{Outcome, Proposal, ReasonCode};
use crate::rules::answers::{answer_evidence, as_bool, as_date, as_integer, missing, quote};
use crate::rules::dates::months_before;

#[allow(clippy::too_many_arguments)]
pub(crate) fn eval_min_class(
    bid: &Bid,
    deadline: NaiveDate,
    provider_q: Option<&str>,
    class_q: &str,
    date_q: &str,
    alt_q: Option<&str>,
    min_class: i64,
    max_age_months: u32,
) -> Proposal {
    let mut evidence = Vec::new();
    if let Some(p) = provider_q {
        evidence.push(answer_evidence(bid, p));
    }
    evidence.push(answer_evidence(bid, class_q));
    evidence.push(answer_evidence(bid, date_q));
    if let Some(a) = alt_q {
        evidence.push(answer_evidence(bid, a));
    }
    let oldest = months_before(deadline, max_age_months);
    let Some(class) = as_integer(bid.value(class_q)) else {
        return missing(class_q, evidence);
    };
    let provider = provider_q
        .and_then(|p| match bid.value(p) {
            Value::Text(t) if !t.trim().is_empty() => Some(format!(" ({})", t.trim())),
            _ => None,
        })
        .unwrap_or_default();
    if class >= min_class {
        let Some(date) = as_date(bid.value(date_q)) else {
            return Proposal {
                outcome: Outcome::Missing,
                code: ReasonCode::CreditReportDateMissing,
                reason: format!(
                    "Riskklass {class}{provider} är angiven men frågan {} är obesvarad; kreditupplysningens aktualitet kan inte bedömas.",
                    quote(date_q)
                ),
                evidence,
            };
        };
        if date > deadline {
            Proposal {
                outcome: Outcome::Review,
                code: ReasonCode::CreditReportAfterDeadline,
                reason: format!(
                    "Riskklass {class}{provider} når kravet på lägst {min_class}, men kreditupplysningen är daterad {date}, efter sista anbudsdag {deadline}; kravet avser en kreditupplysning från de {max_age_months} månaderna före sista anbudsdag ({oldest}–{deadline}), och datumet behöver bedömas."
                ),
                evidence,
            }
        } else if date >= oldest {
            Proposal {
                outcome: Outcome::Pass,
                code: ReasonCode::CreditMeetsMinimum,
                reason: format!(
                    "Riskklass {class}{provider} når kravet på lägst {min_class}, och kreditupplysningen är daterad {date}, inom {max_age_months} månader före sista anbudsdag {deadline} (tidigast {oldest})."
                ),
                evidence,
            }
        } else {
            Proposal {
                outcome: Outcome::Review,
                code: ReasonCode::CreditReportTooOld,
                reason: format!(
                    "Riskklass {class}{provider} når kravet på lägst {min_class}, men kreditupplysningen är daterad {date}, före {oldest} (mer än {max_age_months} månader före sista anbudsdag {deadline}); aktualiteten behöver bedömas."
                ),
                evidence,
            }
        }
    } else {
        let guarantee = alt_q.and_then(|a| as_bool(bid.value(a)));
        if guarantee == Some(true) {
            let a = alt_q.unwrap_or_default();
            Proposal {
                outcome: Outcome::Review,
                code: ReasonCode::CreditGuaranteeToAssess,
                reason: format!(
                    "Riskklass {class}{provider} är lägre än kravet på lägst {min_class}, men anbudsgivaren har svarat Ja på {}; garantin behöver bedömas.",
                    quote(a)
                ),
                evidence,
            }
        } else {
            let alt = match alt_q {
                Some(a) => format!(" och {} är inte besvarad med Ja", quote(a)),
                None => String::new(),
            };
            Proposal {
                outcome: Outcome::Fail,
                code: ReasonCode::CreditBelowMinimum,
                reason: format!("Riskklass {class}{provider} är lägre än kravet på lägst {min_class}{alt}."),
                evidence,
            }
        }
    }
}
