//! The deadline: a bid dated after it is late and not evaluated further.

use chrono::NaiveDate;

use crate::model::bid::Bid;
use crate::model::requirement::{Outcome, Proposal, ReasonCode};
use crate::rules::answers::ev;

pub(crate) fn eval_deadline(deadline: NaiveDate, bid: &Bid) -> Proposal {
    let evidence = vec![
        ev("Anbudsdatum", bid.bid_date.to_string(), Some(bid.bid_date_cell.to_string())),
        ev("Sista anbudsdag", deadline.to_string(), None),
    ];
    if bid.bid_date > deadline {
        Proposal {
            outcome: Outcome::Fail,
            code: ReasonCode::DeadlineLate,
            reason: format!(
                "Anbudsdatum {} är efter sista anbudsdag {}; ett för sent inkommet anbud prövas inte och övriga krav har inte bedömts.",
                bid.bid_date, deadline
            ),
            evidence,
        }
    } else {
        Proposal {
            outcome: Outcome::Pass,
            code: ReasonCode::DeadlineOnTime,
            reason: format!("Anbudsdatum {} är senast sista anbudsdag {}.", bid.bid_date, deadline),
            evidence,
        }
    }
}
