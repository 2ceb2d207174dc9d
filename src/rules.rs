//! Requirements as data, and the pure functions that propose an outcome for each.
//!
//! A requirement is an instance of one of a few generic rule kinds ([`Rule`]), with its
//! questions (the labels put to the bidder) and parameters (thresholds, dates) in the
//! procurement definition. Evaluating a rule reads only the bid and the procurement: no I/O,
//! no clock, same inputs → same outcome. Every proposal carries the evidence it rests on and a
//! Swedish sentence that quotes it.

use chrono::{Datelike, Months, NaiveDate};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::bid::{Bid, Value};
use crate::money::{format_hours, format_number, format_price, format_sek};
use crate::procurement::Procurement;

/// An outcome of one requirement for one supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    Pass,
    Fail,
    /// Needs human judgement.
    Review,
    /// No answer.
    Missing,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Review => "review",
            Outcome::Missing => "missing",
        }
    }

    /// Swedish word for people.
    pub fn label_sv(self) -> &'static str {
        match self {
            Outcome::Pass => "Uppfyllt",
            Outcome::Fail => "Ej uppfyllt",
            Outcome::Review => "Bedöms manuellt",
            Outcome::Missing => "Svar saknas",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        match text {
            "pass" => Some(Outcome::Pass),
            "fail" => Some(Outcome::Fail),
            "review" => Some(Outcome::Review),
            "missing" => Some(Outcome::Missing),
            _ => None,
        }
    }
}

/// A value the outcome rests on, as the bid stated it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Evidence {
    /// What it is (the question's label, or a computed figure's name).
    pub label: String,
    /// The value shown for people, with unit: `4 999 999,99 kr`, `2024-12-16`, `Ja`.
    pub value: String,
    /// Where it was read, `Kvalificering!B7`; `None` for computed values.
    pub cell: Option<String>,
}

/// What the engine proposes for one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub outcome: Outcome,
    pub reason: String,
    pub evidence: Vec<Evidence>,
}

/// The kind of value a question expects, with its valid range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum AnswerKind {
    YesNo,
    Text,
    /// A whole number within [min, max].
    Integer { min: i64, max: i64 },
    /// An amount of money in SEK, not negative.
    Amount,
    /// A number (hours), not negative.
    Number,
    /// A date, not after `not_after` when given.
    Date {
        #[ts(type = "string | null")]
        not_after: Option<NaiveDate>,
    },
}

/// A question put to the bidder in the sheet Kvalificering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Question {
    pub label: String,
    pub kind: AnswerKind,
    /// The requirement the question belongs to.
    pub requirement: String,
}

/// One requirement of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub rule: Rule,
}

/// The generic rule kinds. The demo's seven requirements are instances of these; a real
/// procurement adds more instances (insurance, F-skatt, collective agreement…) as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Rule {
    /// The bid date (Anbudsgivare: Anbudsdatum) must not be after the deadline. A late bid is
    /// not evaluated further.
    Deadline {
        /// Defaults to the procurement's deadline.
        #[ts(type = "string | null")]
        deadline: Option<NaiveDate>,
    },
    /// A declaration answered Ja/Nej: the expected answer passes, the other fails.
    YesNo {
        question: String,
        /// The answer that meets the requirement (default Ja).
        expected: bool,
    },
    /// Acceptance of the agreement's fixed prices (Ja/Nej), and every price the bid states for
    /// an offered lot and zone equal to the agreement's price.
    FixedPrice { question: String },
    /// A minimum class on a dated report (credit rating), with alternative evidence.
    MinClass {
        provider_question: Option<String>,
        class_question: String,
        date_question: String,
        alternative_question: Option<String>,
        min_class: i64,
        scale_min: i64,
        scale_max: i64,
        /// The report must be dated on or after the deadline minus this many months.
        max_age_months: u32,
    },
    /// A minimum amount for a period (turnover for the last completed fiscal year), with a
    /// freshness limit on the period's end.
    MinAmount {
        amount_question: String,
        period_end_question: Option<String>,
        #[ts(type = "string")]
        min_amount: Decimal,
        /// A period that ended more than this many months before the deadline needs review.
        max_period_age_months: Option<u32>,
    },
    /// At least N years since a date (in business since), on or before the deadline minus N years.
    YearsSince { question: String, years: u32 },
    /// Hours delivered inside a reference year, counted from the listed assignments (pro rata
    /// by calendar days for one that straddles the year) and compared with a declared total.
    ReferenceHours {
        question: String,
        #[ts(type = "string")]
        min_hours: Decimal,
        /// Defaults to the procurement's reference year.
        reference_year: Option<i32>,
    },
}

impl Rule {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Rule::Deadline { .. } => "deadline",
            Rule::YesNo { .. } => "yes_no",
            Rule::FixedPrice { .. } => "fixed_price",
            Rule::MinClass { .. } => "min_class",
            Rule::MinAmount { .. } => "min_amount",
            Rule::YearsSince { .. } => "years_since",
            Rule::ReferenceHours { .. } => "reference_hours",
        }
    }
}

impl Requirement {
    /// The questions this requirement puts in the sheet Kvalificering, in order.
    pub fn questions(&self, deadline: NaiveDate) -> Vec<Question> {
        let q = |label: &str, kind: AnswerKind| Question {
            label: label.to_string(),
            kind,
            requirement: self.id.clone(),
        };
        match &self.rule {
            Rule::Deadline { .. } => vec![],
            Rule::YesNo { question, .. } | Rule::FixedPrice { question } => {
                vec![q(question, AnswerKind::YesNo)]
            }
            Rule::MinClass {
                provider_question,
                class_question,
                date_question,
                alternative_question,
                scale_min,
                scale_max,
                ..
            } => {
                let mut v = Vec::new();
                if let Some(p) = provider_question {
                    v.push(q(p, AnswerKind::Text));
                }
                v.push(q(class_question, AnswerKind::Integer { min: *scale_min, max: *scale_max }));
                v.push(q(date_question, AnswerKind::Date { not_after: None }));
                if let Some(a) = alternative_question {
                    v.push(q(a, AnswerKind::YesNo));
                }
                v
            }
            Rule::MinAmount { amount_question, period_end_question, .. } => {
                let mut v = vec![q(amount_question, AnswerKind::Amount)];
                if let Some(p) = period_end_question {
                    v.push(q(p, AnswerKind::Date { not_after: None }));
                }
                v
            }
            Rule::YearsSince { question, .. } => {
                vec![q(question, AnswerKind::Date { not_after: Some(deadline) })]
            }
            Rule::ReferenceHours { question, .. } => vec![q(question, AnswerKind::Number)],
        }
    }

    /// Proposes an outcome for this requirement. Pure.
    pub fn evaluate(&self, procurement: &Procurement, bid: &Bid) -> Proposal {
        let d = procurement.deadline;
        match &self.rule {
            Rule::Deadline { deadline } => eval_deadline(deadline.unwrap_or(d), bid),
            Rule::YesNo { question, expected } => eval_yes_no(question, *expected, bid),
            Rule::FixedPrice { question } => eval_fixed_price(question, procurement, bid),
            Rule::MinClass {
                provider_question,
                class_question,
                date_question,
                alternative_question,
                min_class,
                max_age_months,
                ..
            } => eval_min_class(
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
                eval_min_amount(bid, d, amount_question, period_end_question.as_deref(), *min_amount, *max_period_age_months)
            }
            Rule::YearsSince { question, years } => eval_years_since(bid, d, question, *years),
            Rule::ReferenceHours { question, min_hours, reference_year } => {
                eval_reference_hours(bid, question, *min_hours, reference_year.unwrap_or(procurement.reference_year))
            }
        }
    }
}

/// `deadline` minus `months` calendar months (2026-12-15 − 3 → 2026-09-15; day clamped at month end).
pub fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).expect("date in range")
}

/// `date` minus whole years (2026-12-15 − 2 → 2024-12-15; 29 February → 28 February).
pub fn years_before(date: NaiveDate, years: u32) -> NaiveDate {
    months_before(date, years * 12)
}

fn ev(label: &str, value: String, cell: Option<String>) -> Evidence {
    Evidence { label: label.to_string(), value, cell }
}

fn quote(label: &str) -> String {
    format!("”{label}”")
}

fn yes_no(b: bool) -> &'static str {
    if b { "Ja" } else { "Nej" }
}

/// The evidence for a question as the bid answered it (`(tomt)` when empty).
fn answer_evidence(bid: &Bid, question: &str) -> Evidence {
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

fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::YesNo(b) => Some(*b),
        _ => None,
    }
}

fn as_date(v: &Value) -> Option<NaiveDate> {
    match v {
        Value::Date(d) => Some(*d),
        _ => None,
    }
}

fn as_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => Some(*n),
        Value::Integer(i) => Some(Decimal::from(*i)),
        _ => None,
    }
}

fn as_integer(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        Value::Number(n) if n.fract().is_zero() => n.to_i64(),
        _ => None,
    }
}

fn missing(question: &str, evidence: Vec<Evidence>) -> Proposal {
    Proposal {
        outcome: Outcome::Missing,
        reason: format!("Frågan {} är obesvarad.", quote(question)),
        evidence,
    }
}

fn eval_deadline(deadline: NaiveDate, bid: &Bid) -> Proposal {
    let evidence = vec![
        ev("Anbudsdatum", bid.bid_date.to_string(), Some(bid.bid_date_cell.to_string())),
        ev("Sista anbudsdag", deadline.to_string(), None),
    ];
    if bid.bid_date > deadline {
        Proposal {
            outcome: Outcome::Fail,
            reason: format!(
                "Anbudsdatum {} är efter sista anbudsdag {}; ett för sent inkommet anbud prövas inte och övriga krav har inte bedömts.",
                bid.bid_date, deadline
            ),
            evidence,
        }
    } else {
        Proposal {
            outcome: Outcome::Pass,
            reason: format!("Anbudsdatum {} är senast sista anbudsdag {}.", bid.bid_date, deadline),
            evidence,
        }
    }
}

fn eval_yes_no(question: &str, expected: bool, bid: &Bid) -> Proposal {
    let evidence = vec![answer_evidence(bid, question)];
    match as_bool(bid.value(question)) {
        None => missing(question, evidence),
        Some(answer) if answer == expected => Proposal {
            outcome: Outcome::Pass,
            reason: format!("Anbudsgivaren har svarat {} på {}.", yes_no(answer), quote(question)),
            evidence,
        },
        Some(answer) => Proposal {
            outcome: Outcome::Fail,
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

fn eval_fixed_price(question: &str, procurement: &Procurement, bid: &Bid) -> Proposal {
    let mut evidence = vec![answer_evidence(bid, question)];
    // Prices stated for an offered lot of the agreement, in a zone the bidder names, that differ
    // from the agreement's fixed price.
    let mut deviations = Vec::new();
    for sp in &bid.prices {
        let offered = bid
            .lots
            .iter()
            .any(|l| l.offered && l.code.eq_ignore_ascii_case(&sp.lot) && l.zones.contains(&sp.zone));
        if !offered {
            continue;
        }
        let Some(lot) = procurement.lot(&sp.lot) else { continue };
        if lot.shortage {
            continue;
        }
        if let Some(fixed) = procurement.prices.get(&lot.code, sp.zone) {
            if sp.price != fixed {
                deviations.push(format!(
                    "{} zon {}: angivet {}, avtalets pris {}",
                    lot.code,
                    sp.zone,
                    format_price(sp.price),
                    format_price(fixed)
                ));
                evidence.push(ev(
                    &format!("Timpris {} zon {}", lot.code, sp.zone),
                    format_price(sp.price),
                    Some(sp.cell.to_string()),
                ));
            }
        }
    }
    let answer = as_bool(bid.value(question));
    if !deviations.is_empty() {
        let lead = match answer {
            Some(true) => format!("Anbudsgivaren har svarat Ja på {}, men", quote(question)),
            Some(false) => format!("Anbudsgivaren har svarat Nej på {}, och", quote(question)),
            None => format!("Frågan {} är obesvarad, och", quote(question)),
        };
        return Proposal {
            outcome: Outcome::Fail,
            reason: format!(
                "{} anbudet anger priser som avviker från avtalets fasta priser: {}.",
                lead,
                deviations.join("; ")
            ),
            evidence,
        };
    }
    match answer {
        None => missing(question, evidence),
        Some(true) => Proposal {
            outcome: Outcome::Pass,
            reason: format!(
                "Anbudsgivaren har svarat Ja på {} och inga angivna priser avviker från avtalets fasta priser.",
                quote(question)
            ),
            evidence,
        },
        Some(false) => Proposal {
            outcome: Outcome::Fail,
            reason: format!(
                "Anbudsgivaren har svarat Nej på {}; avtalets priser är fasta och måste accepteras.",
                quote(question)
            ),
            evidence,
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn eval_min_class(
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
                reason: format!(
                    "Riskklass {class}{provider} når kravet på lägst {min_class}, men kreditupplysningen är daterad {date}, efter sista anbudsdag {deadline}; kravet avser en kreditupplysning från de {max_age_months} månaderna före sista anbudsdag ({oldest}–{deadline}), och datumet behöver bedömas."
                ),
                evidence,
            }
        } else if date >= oldest {
            Proposal {
                outcome: Outcome::Pass,
                reason: format!(
                    "Riskklass {class}{provider} når kravet på lägst {min_class}, och kreditupplysningen är daterad {date}, inom {max_age_months} månader före sista anbudsdag {deadline} (tidigast {oldest})."
                ),
                evidence,
            }
        } else {
            Proposal {
                outcome: Outcome::Review,
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
                reason: format!("Riskklass {class}{provider} är lägre än kravet på lägst {min_class}{alt}."),
                evidence,
            }
        }
    }
}

fn eval_min_amount(
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
            reason: format!(
                "Omsättningen {}{period_text} når kravet på minst {}.",
                format_sek(amount),
                format_sek(min_amount)
            ),
            evidence,
        }
    } else {
        Proposal {
            outcome: Outcome::Fail,
            reason: format!(
                "Omsättningen {}{period_text} understiger kravet på minst {}.",
                format_sek(amount),
                format_sek(min_amount)
            ),
            evidence,
        }
    }
}

fn eval_years_since(bid: &Bid, deadline: NaiveDate, question: &str, years: u32) -> Proposal {
    let evidence = vec![answer_evidence(bid, question)];
    let Some(since) = as_date(bid.value(question)) else {
        return missing(question, evidence);
    };
    let latest = years_before(deadline, years);
    if since <= latest {
        Proposal {
            outcome: Outcome::Pass,
            reason: format!(
                "Verksamhet sedan {since}, senast {latest} ({years} år före sista anbudsdag {deadline}) som kravet anger."
            ),
            evidence,
        }
    } else {
        Proposal {
            outcome: Outcome::Fail,
            reason: format!(
                "Verksamhet sedan {since}, senare än {latest}; kravet är minst {years} års verksamhet före sista anbudsdag {deadline}."
            ),
            evidence,
        }
    }
}

fn to_rational(d: Decimal) -> BigRational {
    let mantissa = BigInt::from(d.mantissa());
    let denom = BigInt::from(10u64).pow(d.scale());
    BigRational::new(mantissa, denom)
}

/// Days from `from` to `to`, both inclusive.
fn days_inclusive(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
}

/// The hours of the assignments that fall inside `year`, exactly: an assignment that straddles
/// the year counts pro rata by calendar days (both end dates inclusive). No rounding.
pub fn hours_in_year(assignments: &[crate::bid::Assignment], year: i32) -> BigRational {
    let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year");
    let mut total = BigRational::zero();
    for a in assignments {
        if a.to < a.from {
            continue; // invalid input, refused at import
        }
        let lo = a.from.max(start);
        let hi = a.to.min(end);
        if hi < lo {
            continue;
        }
        let inside = days_inclusive(lo, hi);
        let all = days_inclusive(a.from, a.to);
        total += to_rational(a.hours) * BigRational::new(BigInt::from(inside), BigInt::from(all));
    }
    total
}

/// Shows an exact count for people: exact when it is a finite decimal of at most 4 places,
/// otherwise truncated to 2 places with "ca" (truncation never makes a short count look enough).
pub fn display_rational_hours(r: &BigRational) -> String {
    for places in 0..=4u32 {
        let scaled = r * BigRational::from_integer(BigInt::from(10u64).pow(places));
        if scaled.is_integer() {
            if let Some(m) = scaled.to_integer().to_i128() {
                if let Ok(d) = Decimal::try_from_i128_with_scale(m, places) {
                    return format_hours(d);
                }
            }
        }
    }
    let scaled = (r * BigRational::from_integer(BigInt::from(100))).trunc().to_integer();
    let d = scaled.to_i128().and_then(|m| Decimal::try_from_i128_with_scale(m, 2).ok()).unwrap_or_default();
    format!("ca {} h", crate::money::format_decimal(d, 2))
}

fn eval_reference_hours(bid: &Bid, question: &str, min_hours: Decimal, year: i32) -> Proposal {
    let counted = hours_in_year(&bid.assignments, year);
    let in_year = bid
        .assignments
        .iter()
        .filter(|a| a.from.year() <= year && a.to.year() >= year && a.to >= a.from)
        .count();
    let counted_text = display_rational_hours(&counted);
    let mut evidence = vec![
        answer_evidence(bid, question),
        ev(
            &format!("Timmar {year} enligt Referensuppdrag ({in_year} uppdrag)"),
            counted_text.clone(),
            None,
        ),
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
            reason: format!(
                "Referensuppdragen ger {counted_text} inom referensåret {year}, vilket når kravet på minst {min_text}."
            ),
            evidence,
        };
    }
    match declared {
        None => Proposal {
            outcome: Outcome::Missing,
            reason: format!(
                "Frågan {} är obesvarad, och referensuppdragen ger {counted_text} inom referensåret {year}, under kravet på minst {min_text}.",
                quote(question)
            ),
            evidence,
        },
        Some(d) if d >= min_hours => Proposal {
            outcome: Outcome::Review,
            reason: format!(
                "Anbudsgivaren anger {} levererade timmar {year}, men referensuppdragen styrker endast {counted_text} (kravet är minst {min_text}); den angivna summan behöver bedömas.",
                format_hours(d)
            ),
            evidence,
        },
        Some(d) => Proposal {
            outcome: Outcome::Fail,
            reason: format!(
                "Referensuppdragen ger {counted_text} inom referensåret {year} och anbudsgivaren anger {}, båda under kravet på minst {min_text}.",
                format_hours(d)
            ),
            evidence,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bid::Assignment;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn asg(from: &str, to: &str, hours: &str) -> Assignment {
        Assignment {
            customer: "Region X".into(),
            profession: "Sjuksköterska".into(),
            from: date(from),
            to: date(to),
            hours: hours.parse().unwrap(),
            row: 2,
        }
    }

    #[test]
    fn date_arithmetic_matches_domain() {
        assert_eq!(months_before(date("2026-12-15"), 3), date("2026-09-15"));
        assert_eq!(months_before(date("2026-12-15"), 18), date("2025-06-15"));
        assert_eq!(years_before(date("2026-12-15"), 2), date("2024-12-15"));
        assert_eq!(years_before(date("2028-02-29"), 1), date("2027-02-28"));
    }

    #[test]
    fn hours_inside_year_count_whole() {
        let a = [asg("2025-01-01", "2025-12-31", "10000")];
        assert_eq!(hours_in_year(&a, 2025), BigRational::from_integer(10000.into()));
        assert_eq!(hours_in_year(&a, 2024), BigRational::zero());
    }

    #[test]
    fn straddling_assignment_counts_pro_rata_inclusive() {
        // 2024-12-01..2025-01-30: 31 days in 2024, 30 days in 2025, 61 days in all.
        let a = [asg("2024-12-01", "2025-01-30", "610")];
        assert_eq!(hours_in_year(&a, 2025), BigRational::from_integer(300.into()));
        assert_eq!(hours_in_year(&a, 2024), BigRational::from_integer(310.into()));
        // A one-day assignment on 2025-12-31 counts whole; on 2026-01-01 not at all.
        assert_eq!(hours_in_year(&[asg("2025-12-31", "2025-12-31", "8")], 2025), BigRational::from_integer(8.into()));
        assert_eq!(hours_in_year(&[asg("2026-01-01", "2026-01-01", "8")], 2025), BigRational::zero());
    }

    #[test]
    fn exact_thirds_are_not_rounded() {
        // 3 days, 1 inside 2025: 100/3 hours each; three of them make exactly 100.
        let one = asg("2025-12-31", "2026-01-02", "100");
        let three = [one.clone(), one.clone(), one];
        assert_eq!(hours_in_year(&three, 2025), BigRational::from_integer(100.into()));
        assert_eq!(display_rational_hours(&hours_in_year(&three[..1], 2025)), "ca 33,33 h");
        // Just short of 10 000 never shows as 10 000.
        let short = BigRational::new(BigInt::from(29_999_999), BigInt::from(3000));
        assert_eq!(display_rational_hours(&short), "ca 9 999,99 h");
    }
}
