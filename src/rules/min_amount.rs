//! A minimum amount for a period (turnover of the last completed fiscal year), with a freshness limit.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::bid::Bid;
use crate::model::money::format_sek;
use crate::model::requirement::{Outcome, Proposal, ReasonCode};
use crate::rules::answers::{answer_evidence, as_date, as_decimal, missing, quote};
use crate::rules::dates::months_before;

pub(crate) fn eval_min_amount(
    bid: &Bid,
    deadline: NaiveDate,
    amount_q: &str,
    period_q: Option<&str>,
    min_amount: Decimal,
    max_age: Option<u32>,
) -> Proposal {
    let mut evidence = vec![answer_evidence(bid, amount_q)];
    if let Some(p) = period_q {
        evidence.push(answer_evidence(bid, p));
    }
    let Some(amount) = as_decimal(bid.value(amount_q)) else {
        return missing(amount_q, evidence);
    };
    // Amounts are quoted as the bid stated them, in kronor with öre.
    evidence[0].value = format_sek(amount);
    let mut period_text = String::new();
    if let Some(p) = period_q {
        let Some(end) = as_date(bid.value(p)) else {
            return Proposal {
                outcome: Outcome::Missing,
                code: ReasonCode::TurnoverPeriodEndMissing,
                reason: format!(
                    "Beloppet {} är angivet men frågan {} är obesvarad; vilket år beloppet avser kan inte bedömas.",
                    format_sek(amount),
                    quote(p)
                ),
                evidence,
            };
        };
        period_text = format!(" för räkenskapsåret som slutade {end}");
        if end > deadline {
            return Proposal {
                outcome: Outcome::Review,
                code: ReasonCode::TurnoverPeriodAfterDeadline,
                reason: format!(
                    "Räkenskapsårets slutdatum {end} ligger efter sista anbudsdag {deadline}; ett avslutat räkenskapsår kan inte sluta efter anbudsdagen, så vilket år beloppet {} avser behöver bedömas.",
                    format_sek(amount)
                ),
                evidence,
            };
        }
        if let Some(months) = max_age {
            let limit = months_before(deadline, months);
            if end < limit {
                let verdict = if amount >= min_amount { "når" } else { "understiger" };
                return Proposal {
                    outcome: Outcome::Review,
                    code: ReasonCode::TurnoverPeriodTooOld,
                    reason: format!(
                        "Räkenskapsåret slutade {end}, mer än {months} månader före sista anbudsdag {deadline} (gränsen är {limit}); beloppet {} {verdict} kravet på minst {} men avser inte ett tillräckligt aktuellt räkenskapsår och behöver bedömas.",
                        format_sek(amount),
                        format_sek(min_amount)
                    ),
                    evidence,
                };
            }
        }
    }
    if amount >= min_amount {
        Proposal {
            outcome: Outcome::Pass,
            code: ReasonCode::TurnoverMeetsMinimum,
            reason: format!("Omsättningen {}{period_text} når kravet på minst {}.", format_sek(amount), format_sek(min_amount)),
            evidence,
        }
    } else {
        Proposal {
            outcome: Outcome::Fail,
            code: ReasonCode::TurnoverBelowMinimum,
            reason: format!(
                "Omsättningen {}{period_text} understiger kravet på minst {}.",
                format_sek(amount),
                format_sek(min_amount)
            ),
            evidence,
        }
    }
}
