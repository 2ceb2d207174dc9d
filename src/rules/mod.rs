//! The pure evaluation: one file per rule kind, the whole bid (`evaluate`), the exact pro-rata
//! counting of hours (`hours`), and a supplier whose bids conflict (`conflict`).
//!
//! A requirement is an instance of one of a few generic rule kinds ([`Rule`]), with its questions
//! and parameters in the procurement definition. Evaluating a rule reads only the bid and a narrow
//! [`Context`] (the deadline, the reference year, the lots and the fixed prices): no I/O, no clock,
//! same inputs → same outcome. Every proposal carries the evidence it rests on, a Swedish sentence
//! that quotes it, and a stable reason code. The rules reach nothing of the crate but `model`.

mod answers;
pub mod conflict;
pub mod dates;
mod deadline;
mod espd;
pub mod evaluate;
mod fixed_price;
pub mod hours;
pub mod judgement;
mod min_amount;
mod min_class;
mod reference_hours;
mod years_since;
mod yes_no;

use chrono::NaiveDate;

use crate::model::bid::Bid;
use crate::model::procurement::{ExchangeRate, Lot, Procurement};
use crate::model::requirement::{Proposal, Requirement, Rule};
use crate::model::zones::PriceMatrix;

pub use answers::display_value;
pub use evaluate::evaluate;

/// What a rule may know of the procurement: no more than this.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub deadline: NaiveDate,
    pub reference_year: i32,
    pub lots: &'a [Lot],
    pub prices: &'a PriceMatrix,
    /// The rates an amount an ESPD response gives in another currency is converted at.
    pub exchange_rates: &'a [ExchangeRate],
}

impl<'a> Context<'a> {
    pub fn of(procurement: &'a Procurement) -> Context<'a> {
        Context {
            deadline: procurement.deadline,
            reference_year: procurement.reference_year,
            lots: &procurement.lots,
            prices: &procurement.prices,
            exchange_rates: &procurement.exchange_rates,
        }
    }

    /// The rate the definition states for a currency, compared without regard to case.
    pub fn exchange_rate(&self, currency: &str) -> Option<&'a ExchangeRate> {
        self.exchange_rates.iter().find(|r| r.currency.eq_ignore_ascii_case(currency.trim()))
    }

    /// A lot by its code, compared without regard to case and surrounding spaces.
    pub fn lot(&self, code: &str) -> Option<&'a Lot> {
        self.lots.iter().find(|l| l.code.eq_ignore_ascii_case(code.trim()))
    }
}

/// Proposes an outcome for one requirement. Pure. A requirement the bid's ESPD response answers
/// is proposed from it (`espd`), else from the workbook's answers.
pub fn propose(requirement: &Requirement, context: &Context, bid: &Bid) -> Proposal {
    if let Some(espd) = &bid.espd {
        if let Some(p) = espd::propose(requirement, context, bid, espd) {
            return p;
        }
    }
    propose_from_answers(requirement, context, bid)
}

/// Proposes an outcome from the bid's answers, by the requirement's rule kind.
fn propose_from_answers(requirement: &Requirement, context: &Context, bid: &Bid) -> Proposal {
    let d = context.deadline;
    match &requirement.rule {
        Rule::Deadline { deadline } => deadline::eval_deadline(deadline.unwrap_or(d), bid),
        Rule::YesNo { question, expected } => yes_no::eval_yes_no(question, *expected, bid),
        Rule::FixedPrice { question } => fixed_price::eval_fixed_price(question, context, bid),
        Rule::MinClass {
            provider_question,
            class_question,
            date_question,
            alternative_question,
            min_class,
            max_age_months,
            ..
        } => min_class::eval_min_class(
            bid,
            d,
            provider_question.as_deref(),
            class_question,
            date_question,
            alternative_question.as_deref(),
            *min_class,
            *max_age_months,
        ),
        Rule::MinAmount { amount_question, period_end_question, min_amount, max_period_age_months } => {
            min_amount::eval_min_amount(bid, d, amount_question, period_end_question.as_deref(), *min_amount, *max_period_age_months)
        }
        Rule::YearsSince { question, years } => years_since::eval_years_since(bid, d, question, *years),
        Rule::ReferenceHours { question, min_hours, reference_year } => {
            reference_hours::eval_reference_hours(bid, question, *min_hours, reference_year.unwrap_or(context.reference_year))
        }
    }
}
