//! Requirements as data: the catalogue's rule kinds and their parameters, the questions they put
//! to the bidder, and what the engine proposes (an outcome, its evidence, a Swedish sentence and a
//! stable reason code). Plain data: the evaluation itself is in `crate::rules`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
    /// The reason as a stable code for machines (`turnover.below_minimum`).
    pub code: ReasonCode,
    /// The reason as a Swedish sentence for people, quoting the evidence.
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
    Integer {
        min: i64,
        max: i64,
    },
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
    /// The part of a bid's ESPD response that answers it, when one does (`espd = "…"` in the
    /// definition, or by its kind: docs/espd.md). Resolved when the definition is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub espd: Option<crate::model::espd::EspdMapping>,
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

impl Rule {
    /// The rating scheme of a `min_class` rule as the ESPD request states it, and as a response
    /// must give it back: the class question's label ("Riskklass (UC, 1–5)"), the scale when the
    /// label does not already say it, and the alternative evidence when there is one
    /// ("Riskklass (UC, 1–5); alternativt: Moderbolagsgaranti bifogas"). None for other kinds.
    pub fn rating_scheme(&self) -> Option<String> {
        let Rule::MinClass { class_question, alternative_question, scale_min, scale_max, .. } = self else {
            return None;
        };
        let scale = format!("{scale_min}–{scale_max}");
        let mut s = class_question.trim().to_string();
        if !s.contains(&scale) {
            s.push_str(&format!(", skala {scale}"));
        }
        if let Some(a) = alternative_question.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            s.push_str(&format!("; alternativt: {a}"));
        }
        Some(s)
    }
}

impl Requirement {
    /// The questions this requirement puts in the sheet Kvalificering, in order.
    pub fn questions(&self, deadline: NaiveDate) -> Vec<Question> {
        let q = |label: &str, kind: AnswerKind| Question { label: label.to_string(), kind, requirement: self.id.clone() };
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
}

/// Why the engine proposed what it did, as a stable code beside the Swedish sentence. The names
/// are a contract (`evaluate --json` writes them as `reason_code`, the store keeps them, tests
/// assert them); the list with meanings is in docs/reason-codes.md. Never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub enum ReasonCode {
    #[serde(rename = "deadline.on_time")]
    DeadlineOnTime,
    #[serde(rename = "deadline.late")]
    DeadlineLate,
    #[serde(rename = "answer.missing")]
    AnswerMissing,
    #[serde(rename = "declaration.expected_answer")]
    DeclarationExpected,
    #[serde(rename = "declaration.other_answer")]
    DeclarationOther,
    #[serde(rename = "fixed_price.accepted")]
    FixedPriceAccepted,
    #[serde(rename = "fixed_price.declined")]
    FixedPriceDeclined,
    #[serde(rename = "fixed_price.deviating_price")]
    FixedPriceDeviation,
    #[serde(rename = "credit.meets_minimum")]
    CreditMeetsMinimum,
    #[serde(rename = "credit.report_date_missing")]
    CreditReportDateMissing,
    #[serde(rename = "credit.report_after_deadline")]
    CreditReportAfterDeadline,
    #[serde(rename = "credit.report_too_old")]
    CreditReportTooOld,
    #[serde(rename = "credit.guarantee_to_assess")]
    CreditGuaranteeToAssess,
    #[serde(rename = "credit.below_minimum")]
    CreditBelowMinimum,
    #[serde(rename = "turnover.meets_minimum")]
    TurnoverMeetsMinimum,
    #[serde(rename = "turnover.below_minimum")]
    TurnoverBelowMinimum,
    #[serde(rename = "turnover.period_end_missing")]
    TurnoverPeriodEndMissing,
    #[serde(rename = "turnover.period_after_deadline")]
    TurnoverPeriodAfterDeadline,
    #[serde(rename = "turnover.period_too_old")]
    TurnoverPeriodTooOld,
    #[serde(rename = "experience.meets_minimum")]
    ExperienceMeetsMinimum,
    #[serde(rename = "experience.too_short")]
    ExperienceTooShort,
    #[serde(rename = "hours.meets_minimum")]
    HoursMeetMinimum,
    #[serde(rename = "hours.declared_missing")]
    HoursDeclaredMissing,
    #[serde(rename = "hours.declared_not_supported")]
    HoursDeclaredNotSupported,
    #[serde(rename = "hours.below_minimum")]
    HoursBelowMinimum,
    /// Not a rule kind's: the supplier sent several bids with the same date (`anbudskonflikt`).
    #[serde(rename = "bid.conflicting_bids")]
    BidConflictingBids,
    /// ESPD (docs/espd.md): every exclusion ground answered no.
    #[serde(rename = "espd.no_exclusion_grounds")]
    EspdNoExclusionGrounds,
    #[serde(rename = "espd.exclusion_ground")]
    EspdExclusionGround,
    #[serde(rename = "espd.exclusion_unanswered")]
    EspdExclusionUnanswered,
    #[serde(rename = "espd.conflict")]
    EspdConflict,
    #[serde(rename = "espd.currency_without_rate")]
    EspdCurrencyWithoutRate,
    #[serde(rename = "espd.turnover_no_completed_year")]
    EspdTurnoverNoCompletedYear,
    #[serde(rename = "espd.rating_other_scheme")]
    EspdRatingOtherScheme,
    #[serde(rename = "espd.rating_not_on_scale")]
    EspdRatingNotOnScale,
}

impl ReasonCode {
    /// Every code, in the order of the rule kinds.
    pub const ALL: [ReasonCode; 34] = [
        ReasonCode::DeadlineOnTime,
        ReasonCode::DeadlineLate,
        ReasonCode::AnswerMissing,
        ReasonCode::DeclarationExpected,
        ReasonCode::DeclarationOther,
        ReasonCode::FixedPriceAccepted,
        ReasonCode::FixedPriceDeclined,
        ReasonCode::FixedPriceDeviation,
        ReasonCode::CreditMeetsMinimum,
        ReasonCode::CreditReportDateMissing,
        ReasonCode::CreditReportAfterDeadline,
        ReasonCode::CreditReportTooOld,
        ReasonCode::CreditGuaranteeToAssess,
        ReasonCode::CreditBelowMinimum,
        ReasonCode::TurnoverMeetsMinimum,
        ReasonCode::TurnoverBelowMinimum,
        ReasonCode::TurnoverPeriodEndMissing,
        ReasonCode::TurnoverPeriodAfterDeadline,
        ReasonCode::TurnoverPeriodTooOld,
        ReasonCode::ExperienceMeetsMinimum,
        ReasonCode::ExperienceTooShort,
        ReasonCode::HoursMeetMinimum,
        ReasonCode::HoursDeclaredMissing,
        ReasonCode::HoursDeclaredNotSupported,
        ReasonCode::HoursBelowMinimum,
        ReasonCode::BidConflictingBids,
        ReasonCode::EspdNoExclusionGrounds,
        ReasonCode::EspdExclusionGround,
        ReasonCode::EspdExclusionUnanswered,
        ReasonCode::EspdConflict,
        ReasonCode::EspdCurrencyWithoutRate,
        ReasonCode::EspdTurnoverNoCompletedYear,
        ReasonCode::EspdRatingOtherScheme,
        ReasonCode::EspdRatingNotOnScale,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::DeadlineOnTime => "deadline.on_time",
            ReasonCode::DeadlineLate => "deadline.late",
            ReasonCode::AnswerMissing => "answer.missing",
            ReasonCode::DeclarationExpected => "declaration.expected_answer",
            ReasonCode::DeclarationOther => "declaration.other_answer",
            ReasonCode::FixedPriceAccepted => "fixed_price.accepted",
            ReasonCode::FixedPriceDeclined => "fixed_price.declined",
            ReasonCode::FixedPriceDeviation => "fixed_price.deviating_price",
            ReasonCode::CreditMeetsMinimum => "credit.meets_minimum",
            ReasonCode::CreditReportDateMissing => "credit.report_date_missing",
            ReasonCode::CreditReportAfterDeadline => "credit.report_after_deadline",
            ReasonCode::CreditReportTooOld => "credit.report_too_old",
            ReasonCode::CreditGuaranteeToAssess => "credit.guarantee_to_assess",
            ReasonCode::CreditBelowMinimum => "credit.below_minimum",
            ReasonCode::TurnoverMeetsMinimum => "turnover.meets_minimum",
            ReasonCode::TurnoverBelowMinimum => "turnover.below_minimum",
            ReasonCode::TurnoverPeriodEndMissing => "turnover.period_end_missing",
            ReasonCode::TurnoverPeriodAfterDeadline => "turnover.period_after_deadline",
            ReasonCode::TurnoverPeriodTooOld => "turnover.period_too_old",
            ReasonCode::ExperienceMeetsMinimum => "experience.meets_minimum",
            ReasonCode::ExperienceTooShort => "experience.too_short",
            ReasonCode::HoursMeetMinimum => "hours.meets_minimum",
            ReasonCode::HoursDeclaredMissing => "hours.declared_missing",
            ReasonCode::HoursDeclaredNotSupported => "hours.declared_not_supported",
            ReasonCode::HoursBelowMinimum => "hours.below_minimum",
            ReasonCode::BidConflictingBids => "bid.conflicting_bids",
            ReasonCode::EspdNoExclusionGrounds => "espd.no_exclusion_grounds",
            ReasonCode::EspdExclusionGround => "espd.exclusion_ground",
            ReasonCode::EspdExclusionUnanswered => "espd.exclusion_unanswered",
            ReasonCode::EspdConflict => "espd.conflict",
            ReasonCode::EspdCurrencyWithoutRate => "espd.currency_without_rate",
            ReasonCode::EspdTurnoverNoCompletedYear => "espd.turnover_no_completed_year",
            ReasonCode::EspdRatingOtherScheme => "espd.rating_other_scheme",
            ReasonCode::EspdRatingNotOnScale => "espd.rating_not_on_scale",
        }
    }

    /// What the code means, in Swedish, for the documentation and the screens.
    pub fn meaning_sv(self) -> &'static str {
        match self {
            ReasonCode::DeadlineOnTime => "Anbudsdatum är senast sista anbudsdag.",
            ReasonCode::DeadlineLate => "Anbudsdatum är efter sista anbudsdag; övriga krav prövas inte.",
            ReasonCode::AnswerMissing => "Frågan kravet vilar på är obesvarad.",
            ReasonCode::DeclarationExpected => "Försäkran är besvarad med det svar som uppfyller kravet.",
            ReasonCode::DeclarationOther => "Försäkran är besvarad med det svar som inte uppfyller kravet.",
            ReasonCode::FixedPriceAccepted => "De fasta priserna är accepterade och inget angivet pris avviker.",
            ReasonCode::FixedPriceDeclined => "De fasta priserna är inte accepterade.",
            ReasonCode::FixedPriceDeviation => {
                "Ett angivet pris för ett erbjudet anbudsområde och zon avviker från avtalets fasta pris."
            }
            ReasonCode::CreditMeetsMinimum => "Riskklassen når lägsta klass och kreditupplysningen är tillräckligt aktuell.",
            ReasonCode::CreditReportDateMissing => "Riskklassen når lägsta klass men kreditupplysningens datum saknas.",
            ReasonCode::CreditReportAfterDeadline => "Kreditupplysningen är daterad efter sista anbudsdag; datumet bedöms manuellt.",
            ReasonCode::CreditReportTooOld => "Kreditupplysningen är äldre än kravet tillåter; aktualiteten bedöms manuellt.",
            ReasonCode::CreditGuaranteeToAssess => {
                "Riskklassen är under lägsta klass men en moderbolagsgaranti anges; den bedöms manuellt."
            }
            ReasonCode::CreditBelowMinimum => "Riskklassen är under lägsta klass och ingen alternativ garanti anges.",
            ReasonCode::TurnoverMeetsMinimum => "Omsättningen når lägsta belopp.",
            ReasonCode::TurnoverBelowMinimum => "Omsättningen understiger lägsta belopp.",
            ReasonCode::TurnoverPeriodEndMissing => "Beloppet är angivet men räkenskapsårets slutdatum saknas.",
            ReasonCode::TurnoverPeriodAfterDeadline => "Räkenskapsåret slutar efter sista anbudsdag; det bedöms manuellt.",
            ReasonCode::TurnoverPeriodTooOld => "Räkenskapsåret slutade för länge före sista anbudsdag; det bedöms manuellt.",
            ReasonCode::ExperienceMeetsMinimum => "Verksamheten har pågått minst det antal år kravet anger.",
            ReasonCode::ExperienceTooShort => "Verksamheten har pågått kortare tid än kravet anger.",
            ReasonCode::HoursMeetMinimum => "Referensuppdragen styrker minst det antal timmar kravet anger inom referensåret.",
            ReasonCode::HoursDeclaredMissing => "Levererade timmar är obesvarat och referensuppdragen räcker inte.",
            ReasonCode::HoursDeclaredNotSupported => {
                "Angivna timmar når kravet men referensuppdragen styrker dem inte; bedöms manuellt."
            }
            ReasonCode::HoursBelowMinimum => "Både referensuppdragen och angivna timmar understiger kravet.",
            ReasonCode::BidConflictingBids => {
                "Leverantören har lämnat flera anbud med samma anbudsdatum; en person avgör vilket som gäller, tills dess behöver leverantören granskas."
            }
            ReasonCode::EspdNoExclusionGrounds => "ESPD-svaret besvarar varje uteslutningsgrund med nej.",
            ReasonCode::EspdExclusionGround => "ESPD-svaret anger att en eller flera uteslutningsgrunder föreligger.",
            ReasonCode::EspdExclusionUnanswered => "ESPD-svaret lämnar en eller flera uteslutningsgrunder obesvarade; bedöms manuellt.",
            ReasonCode::EspdConflict => "ESPD-svaret och anbudsfilen svarar olika på samma fråga; bedöms manuellt.",
            ReasonCode::EspdCurrencyWithoutRate => {
                "ESPD-svaret anger omsättningen i en annan valuta än SEK och upphandlingen anger ingen växelkurs för den; bedöms manuellt."
            }
            ReasonCode::EspdTurnoverNoCompletedYear => {
                "ESPD-svaret anger ingen omsättning för ett räkenskapsår som avslutats senast sista anbudsdag; bedöms manuellt."
            }
            ReasonCode::EspdRatingOtherScheme => "ESPD-svarets kreditbetyg är angivet enligt en annan skala än upphandlingens; bedöms manuellt.",
            ReasonCode::EspdRatingNotOnScale => "ESPD-svarets kreditbetyg är ingen klass på upphandlingens skala; bedöms manuellt.",
        }
    }

    pub fn parse(text: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes are a contract: this is the whole list, serialized. A code is never renamed or
    /// removed; a new one is added here and in docs/reason-codes.md.
    #[test]
    fn reason_codes_are_pinned() {
        let serialized = serde_json::to_value(ReasonCode::ALL.to_vec()).unwrap();
        let expected = serde_json::json!([
            "deadline.on_time",
            "deadline.late",
            "answer.missing",
            "declaration.expected_answer",
            "declaration.other_answer",
            "fixed_price.accepted",
            "fixed_price.declined",
            "fixed_price.deviating_price",
            "credit.meets_minimum",
            "credit.report_date_missing",
            "credit.report_after_deadline",
            "credit.report_too_old",
            "credit.guarantee_to_assess",
            "credit.below_minimum",
            "turnover.meets_minimum",
            "turnover.below_minimum",
            "turnover.period_end_missing",
            "turnover.period_after_deadline",
            "turnover.period_too_old",
            "experience.meets_minimum",
            "experience.too_short",
            "hours.meets_minimum",
            "hours.declared_missing",
            "hours.declared_not_supported",
            "hours.below_minimum",
            "bid.conflicting_bids",
            "espd.no_exclusion_grounds",
            "espd.exclusion_ground",
            "espd.exclusion_unanswered",
            "espd.conflict",
            "espd.currency_without_rate",
            "espd.turnover_no_completed_year",
            "espd.rating_other_scheme",
            "espd.rating_not_on_scale"
        ]);
        assert_eq!(serialized, expected);
        for code in ReasonCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
            assert_eq!(ReasonCode::parse(code.as_str()), Some(code));
        }
    }

    #[test]
    fn every_reason_code_is_documented_with_its_meaning() {
        let doc = include_str!("../../docs/reason-codes.md");
        for code in ReasonCode::ALL {
            let row = doc
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", code.as_str())))
                .unwrap_or_else(|| panic!("docs/reason-codes.md has no row for {}", code.as_str()));
            assert!(row.contains(code.meaning_sv()), "docs/reason-codes.md: {} should say: {}", code.as_str(), code.meaning_sv());
        }
    }
}
