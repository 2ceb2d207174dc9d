//! Reading a bid's answers for the rules, and quoting them as evidence.

use chrono::NaiveDate;
use num_traits::ToPrimitive;
use rust_decimal::Decimal;

use crate::model::bid::{Bid, Value};
use crate::model::money::format_number;
use crate::model::requirement::{Evidence, Outcome, Proposal, ReasonCode};

pub(crate) fn ev(label: &str, value: String, cell: Option<String>) -> Evidence {
    Evidence { label: label.to_string(), value, cell }
}

pub(crate) fn quote(label: &str) -> String {
    format!("”{label}”")
}

pub(crate) fn yes_no(b: bool) -> &'static str {
    if b {
        "Ja"
    } else {
        "Nej"
    }
}

/// The evidence for a question as the bid answered it (`(tomt)` when empty).
pub(crate) fn answer_evidence(bid: &Bid, question: &str) -> Evidence {
    ev(question, display_value(bid.value(question)), bid.cell_of(question))
}

pub fn display_value(v: &Value) -> String {
    match v {
        Value::Empty => "(tomt)".to_string(),
        Value::YesNo(b) => yes_no(*b).to_string(),
        Value::Text(t) => t.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Number(n) => format_number(*n),
        Value::Date(d) => d.to_string(),
    }
}

pub(crate) fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::YesNo(b) => Some(*b),
        _ => None,
    }
}

pub(crate) fn as_date(v: &Value) -> Option<NaiveDate> {
    match v {
        Value::Date(d) => Some(*d),
        _ => None,
    }
}

pub(crate) fn as_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => Some(*n),
        Value::Integer(i) => Some(Decimal::from(*i)),
        _ => None,
    }
}

pub(crate) fn as_integer(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        Value::Number(n) if n.fract().is_zero() => n.to_i64(),
        _ => None,
    }
}

pub(crate) fn missing(question: &str, evidence: Vec<Evidence>) -> Proposal {
    Proposal {
        outcome: Outcome::Missing,
        code: ReasonCode::AnswerMissing,
        reason: format!("Frågan {} är obesvarad.", quote(question)),
        evidence,
    }
}
