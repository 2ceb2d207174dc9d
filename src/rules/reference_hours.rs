//! Hours delivered in the reference year, counted from the assignments and compared with the declared total.

use chrono::Datelike;
use num_traits::Signed;
use rust_decimal::Decimal;

use crate::model::bid::Bid;
use crate::model::money::format_hours;
use crate::model::requirement::{Outcome, Proposal, ReasonCode};
use crate::rules::answers::{answer_evidence, as_decimal, ev, quote};
use crate::rules::hours::{display_rational_hours, hours_in_year, to_rational};

pub(crate) fn eval_reference_hours(bid: &Bid, question: &str, min_hours: Decimal, year: i32) -> Proposal {
    let counted = hours_in_year(&bid.assignments, year);
    let in_year = bid.assignments.iter().filter(|a| a.from.year() <= year && a.to.year() >= year && a.to >= a.from).count();
    let counted_text = display_rational_hours(&counted);
    let mut evidence = vec![
        answer_evidence(bid, question),
        ev(&format!("Timmar {year} enligt Referensuppdrag ({in_year} uppdrag)"), counted_text.clone(), None),
    ];
    let declared = as_decimal(bid.value(question));
    if let Some(d) = declared {
        evidence[0].value = format_hours(d);
    }
    let min = to_rational(min_hours);
    let min_text = format_hours(min_hours);
    if counted >= min && !counted.is_negative() {
        return Proposal {
            outcome: Outcome::Pass,
            code: ReasonCode::HoursMeetMinimum,
            reason: format!("Referensuppdragen ger {counted_text} inom referensåret {year}, vilket når kravet på minst {min_text}."),
            evidence,
        };
    }
    match declared {
        None => Proposal {
            outcome: Outcome::Missing,
            code: ReasonCode::HoursDeclaredMissing,
            reason: format!(
                "Frågan {} är obesvarad, och referensuppdragen ger {counted_text} inom referensåret {year}, under kravet på minst {min_text}.",
                quote(question)
            ),
            evidence,
        },
        Some(d) if d >= min_hours => Proposal {
            outcome: Outcome::Review,
            code: ReasonCode::HoursDeclaredNotSupported,
            reason: format!(
                "Anbudsgivaren anger {} levererade timmar {year}, men referensuppdragen styrker endast {counted_text} (kravet är minst {min_text}); den angivna summan behöver bedömas.",
                format_hours(d)
            ),
            evidence,
        },
        Some(d) => Proposal {
            outcome: Outcome::Fail,
            code: ReasonCode::HoursBelowMinimum,
            reason: format!(
                "Referensuppdragen ger {counted_text} inom referensåret {year} och anbudsgivaren anger {}, båda under kravet på minst {min_text}.",
                format_hours(d)
            ),
            evidence,
        },
    }
}
