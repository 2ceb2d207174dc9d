//! A requirement an ESPD response answers (`Requirement::espd`): what the ESPD declares is
//! carried over onto the requirement's questions, with the ESPD criterion as the answer's source,
//! and the rule kind evaluates it as it would the workbook's answer. What only the ESPD can say is
//! proposed here: an exclusion ground that applies (`fail`) or is not answered, a turnover in a
//! currency the procurement states no rate for, no completed fiscal year, a rating in another
//! scheme or off the scale (`review`); and where the ESPD and the workbook answer the same question
//! differently, `review`, quoting both with their sources. docs/espd.md says why each is so.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::bid::{normalize_label, Answer, Bid, Value};
use crate::model::espd::{source, EspdAnswers, EspdMapping, EspdTurnover};
use crate::model::money::format_sek;
use crate::model::requirement::{Evidence, Outcome, Proposal, ReasonCode, Requirement, Rule};
use crate::rules::answers::{answer_evidence, display_value, ev, quote, yes_no};
use crate::rules::Context;

/// The proposal for a requirement the bid's ESPD answers; `None` when the ESPD gives nothing for
/// it (the workbook's answer is evaluated as usual).
pub(crate) fn propose(requirement: &Requirement, context: &Context, bid: &Bid, espd: &EspdAnswers) -> Option<Proposal> {
    let mapping = requirement.espd?;
    match (mapping, &requirement.rule) {
        (EspdMapping::Exclusion, Rule::YesNo { question, expected }) => exclusion(question, *expected, bid, espd),
        (EspdMapping::Turnover, Rule::MinAmount { amount_question, period_end_question, .. }) => {
            turnover(requirement, context, bid, espd, amount_question, period_end_question.as_deref())
        }
        (EspdMapping::Rating, rule @ Rule::MinClass { class_question, scale_min, scale_max, .. }) => {
            rating(requirement, context, bid, espd, rule, class_question, *scale_min, *scale_max)
        }
        _ => None,
    }
}

fn proposal(outcome: Outcome, code: ReasonCode, reason: String, evidence: Vec<Evidence>) -> Option<Proposal> {
    Some(Proposal { outcome, code, reason, evidence })
}

/// The workbook's answer to a question, as evidence, when it gave one.
fn workbook_evidence(bid: &Bid, question: &str) -> Option<Evidence> {
    (!bid.value(question).is_empty()).then(|| answer_evidence(bid, question))
}

/// "ESPD (gen-year-to) anger X, anbudsfilen (Kvalificering!B14) anger Y".
fn conflict(question: &str, espd_code: &str, espd_value: &str, bid: &Bid, mut evidence: Vec<Evidence>) -> Option<Proposal> {
    let cell = bid.cell_of(question).unwrap_or_else(|| "anbudsfilen".to_string());
    // Evidence as the rule kinds quote it: an amount in kronor with öre.
    let workbook_value =
        match (evidence.iter().any(|e| e.value.contains(" kr")), crate::rules::answers::as_decimal(bid.value(question))) {
            (true, Some(amount)) => format_sek(amount),
            _ => display_value(bid.value(question)),
        };
    if let Some(mut w) = workbook_evidence(bid, question) {
        w.value = workbook_value.clone();
        evidence.push(w);
    }
    proposal(
        Outcome::Review,
        ReasonCode::EspdConflict,
        format!(
            "ESPD-svaret och anbudsfilen svarar olika på {}: ESPD-svaret ({}) anger {espd_value}, anbudsfilen ({cell}) anger {workbook_value}; vilket svar som gäller behöver bedömas.",
            quote(question),
            source(espd_code)
        ),
        evidence,
    )
}

fn names(grounds: &[&crate::model::espd::EspdGround]) -> String {
    grounds.iter().map(|g| format!("{} ({})", g.name, g.code)).collect::<Vec<_>>().join(", ")
}

/// All grounds answered no → the expected answer; any yes → `fail`, the grounds named; a ground
/// not answered (and none yes) → `review`.
fn exclusion(question: &str, expected: bool, bid: &Bid, espd: &EspdAnswers) -> Option<Proposal> {
    if espd.exclusion.is_empty() {
        return None;
    }
    let applies: Vec<_> = espd.exclusion.iter().filter(|g| g.answer == Some(true)).collect();
    let unanswered: Vec<_> = espd.exclusion.iter().filter(|g| g.answer.is_none()).collect();
    let n = espd.exclusion.len();
    let src = source("uteslutningsgrunder");
    let workbook = match bid.value(question) {
        Value::YesNo(b) => Some(*b),
        _ => None,
    };
    if !applies.is_empty() {
        let mut evidence: Vec<Evidence> = applies
            .iter()
            .map(|g| ev(&format!("Uteslutningsgrund: {}", g.name), "Ja (föreligger)".to_string(), Some(source(&g.code))))
            .collect();
        if workbook == Some(expected) {
            let espd_value = format!("{} (grunden föreligger: {})", yes_no(!expected), names(&applies));
            return conflict(question, "uteslutningsgrunder", &espd_value, bid, evidence);
        }
        if let Some(w) = workbook_evidence(bid, question) {
            evidence.push(w);
        }
        let grounds = if applies.len() == 1 { "grund" } else { "grunder" };
        return proposal(
            Outcome::Fail,
            ReasonCode::EspdExclusionGround,
            format!(
                "Enligt ESPD-svaret föreligger {} uteslutnings{grounds}: {}; kravet {} är inte uppfyllt.",
                applies.len(),
                names(&applies),
                quote(question)
            ),
            evidence,
        );
    }
    if !unanswered.is_empty() {
        let mut evidence: Vec<Evidence> = unanswered
            .iter()
            .map(|g| ev(&format!("Uteslutningsgrund: {}", g.name), "(obesvarad)".to_string(), Some(source(&g.code))))
            .collect();
        if let Some(w) = workbook_evidence(bid, question) {
            evidence.push(w);
        }
        return proposal(
            Outcome::Review,
            ReasonCode::EspdExclusionUnanswered,
            format!(
                "ESPD-svaret besvarar inte {} av {n} uteslutningsgrunder ({}) och anger ingen som föreligger; om någon grund föreligger behöver bedömas.",
                unanswered.len(),
                names(&unanswered)
            ),
            evidence,
        );
    }
    let espd_value = format!("{} (ingen av {n} uteslutningsgrunder föreligger)", yes_no(expected));
    let evidence = vec![ev(question, espd_value.clone(), Some(src))];
    if workbook == Some(!expected) {
        return conflict(question, "uteslutningsgrunder", &espd_value, bid, evidence);
    }
    let mut evidence = evidence;
    if let Some(w) = workbook_evidence(bid, question) {
        evidence.push(w);
    }
    proposal(
        Outcome::Pass,
        ReasonCode::EspdNoExclusionGrounds,
        format!("ESPD-svaret besvarar alla {n} uteslutningsgrunder med nej; {} är uppfyllt.", quote(question)),
        evidence,
    )
}

fn date(text: Option<&str>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok())
}

fn amount_text(t: &EspdTurnover) -> String {
    let currency = t.currency.as_deref().unwrap_or("(valuta saknas)");
    let period = match (t.start.as_deref(), t.end.as_deref()) {
        (Some(s), Some(e)) => format!(", {s} – {e}"),
        (None, Some(e)) => format!(", t.o.m. {e}"),
        _ => ", ingen period angiven".to_string(),
    };
    format!("{} {currency}{period}", t.amount.as_deref().unwrap_or("(inget belopp)"))
}

/// The latest fiscal year that ended on or before the deadline is the one assessed; an amount
/// in another currency is converted at the rate the definition states.
fn turnover(
    requirement: &Requirement,
    context: &Context,
    bid: &Bid,
    espd: &EspdAnswers,
    amount_q: &str,
    period_q: Option<&str>,
) -> Option<Proposal> {
    let given: Vec<&EspdTurnover> = espd.turnover.iter().filter(|t| t.amount.is_some()).collect();
    if given.is_empty() {
        return None;
    }
    let quoted = || given.iter().map(|t| ev(amount_q, amount_text(t), Some(source(&t.code)))).collect::<Vec<_>>();
    let completed = given
        .iter()
        .filter_map(|t| date(t.end.as_deref()).filter(|e| *e <= context.deadline).map(|e| (e, *t)))
        .max_by_key(|(e, _)| *e);
    let Some((end, year)) = completed else {
        return proposal(
            Outcome::Review,
            ReasonCode::EspdTurnoverNoCompletedYear,
            format!(
                "ESPD-svaret anger omsättning ({}) men inget räkenskapsår som avslutats senast sista anbudsdag {}; vilket år beloppet avser behöver bedömas.",
                given.iter().map(|t| amount_text(t)).collect::<Vec<_>>().join("; "),
                context.deadline
            ),
            quoted(),
        );
    };
    let Some(amount) = year.amount.as_deref().and_then(|a| Decimal::from_str_exact(a.trim()).ok()) else {
        return proposal(
            Outcome::Review,
            ReasonCode::EspdTurnoverNoCompletedYear,
            format!(
                "ESPD-svarets omsättning för räkenskapsåret som slutade {end} är inget belopp ({}); den behöver bedömas.",
                amount_text(year)
            ),
            quoted(),
        );
    };
    let currency = year.currency.as_deref().map(str::trim).unwrap_or("").to_ascii_uppercase();
    let mut extra = Vec::new();
    let sek = if currency == "SEK" {
        amount
    } else {
        let Some(rate) = context.exchange_rate(&currency) else {
            let shown = if currency.is_empty() { "utan angiven valuta".to_string() } else { format!("i {currency}") };
            return proposal(
                Outcome::Review,
                ReasonCode::EspdCurrencyWithoutRate,
                format!(
                    "ESPD-svaret anger omsättningen {} för räkenskapsåret som slutade {end} {shown}; upphandlingen anger ingen växelkurs för {}, så beloppet kan inte jämföras med kravet och behöver bedömas.",
                    amount_text(year),
                    if currency.is_empty() { "beloppet" } else { currency.as_str() }
                ),
                vec![ev(amount_q, amount_text(year), Some(source(&year.code)))],
            );
        };
        let sek = amount * rate.sek;
        let from = rate.source.as_deref().map(|s| format!("{s}, ")).unwrap_or_default();
        extra.push(ev(
            &format!("Omräknat till SEK (växelkurs {currency})"),
            format!("{amount} {currency} × {} kr ({from}{}) = {}", rate.sek, rate.date, format_sek(sek)),
            None,
        ));
        sek
    };
    let code = &year.code;
    let mut stated = vec![ev(amount_q, format!("{} ({})", format_sek(sek), amount_text(year)), Some(source(code)))];
    stated.extend(extra.iter().cloned());
    // Conflicts with what the workbook answers to the same questions.
    let workbook_amount = crate::rules::answers::as_decimal(bid.value(amount_q));
    if workbook_amount.is_some_and(|w| w != sek) {
        return conflict(amount_q, code, &format!("{} ({})", format_sek(sek), amount_text(year)), bid, stated);
    }
    if let Some(p) = period_q {
        let workbook_end = crate::rules::answers::as_date(bid.value(p));
        if workbook_end.is_some_and(|w| w != end) {
            return conflict(p, code, &end.to_string(), bid, stated);
        }
    }
    let mut carried = bid.clone();
    carry(&mut carried, amount_q, Value::Number(sek), code);
    if let Some(p) = period_q {
        carry(&mut carried, p, Value::Date(end), code);
    }
    let mut p = crate::rules::propose_from_answers(requirement, context, &carried);
    p.evidence.extend(extra);
    Some(p)
}

/// A rating in the procurement's scheme (the one the request states) and on its scale is the
/// class; another scheme, or a rating that is no class of the scale, → `review`.
#[allow(clippy::too_many_arguments)]
fn rating(
    requirement: &Requirement,
    context: &Context,
    bid: &Bid,
    espd: &EspdAnswers,
    rule: &Rule,
    class_q: &str,
    scale_min: i64,
    scale_max: i64,
) -> Option<Proposal> {
    let given = espd.rating.iter().find(|r| r.rating.as_deref().is_some_and(|t| !t.trim().is_empty()))?;
    let text = given.rating.as_deref().unwrap_or_default().trim();
    let code = &given.code;
    let scheme = given.scheme.as_deref().unwrap_or("").trim();
    let ours = rule.rating_scheme().unwrap_or_default();
    let evidence =
        vec![ev(class_q, format!("{text} (skala: {})", if scheme.is_empty() { "ej angiven" } else { scheme }), Some(source(code)))];
    let same_scheme = !scheme.is_empty() && [ours.as_str(), class_q].iter().any(|s| normalize_label(s) == normalize_label(scheme));
    if !same_scheme {
        return proposal(
            Outcome::Review,
            ReasonCode::EspdRatingOtherScheme,
            format!(
                "ESPD-svaret anger kreditbetyget {text} enligt {}, inte upphandlingens skala ”{ours}”; betyget behöver bedömas.",
                if scheme.is_empty() { "ingen angiven skala".to_string() } else { format!("skalan ”{scheme}”") }
            ),
            evidence,
        );
    }
    let class = Decimal::from_str_exact(text).ok().filter(|d| d.fract().is_zero()).and_then(|d| i64::try_from(d).ok());
    let Some(class) = class.filter(|c| (scale_min..=scale_max).contains(c)) else {
        return proposal(
            Outcome::Review,
            ReasonCode::EspdRatingNotOnScale,
            format!("ESPD-svarets kreditbetyg {text} är ingen klass på skalan {scale_min}–{scale_max}; betyget behöver bedömas."),
            evidence,
        );
    };
    let workbook_class = crate::rules::answers::as_integer(bid.value(class_q));
    if workbook_class.is_some_and(|w| w != class) {
        return conflict(class_q, code, &class.to_string(), bid, evidence);
    }
    let mut carried = bid.clone();
    carry(&mut carried, class_q, Value::Integer(class), code);
    Some(crate::rules::propose_from_answers(requirement, context, &carried))
}

/// Puts the ESPD's answer in place of the workbook's (which is empty or the same), its source the
/// criterion.
/// Where the workbook gave the same answer, both sources are named ("ESPD gen-year-to och
/// Kvalificering!B16").
fn carry(bid: &mut Bid, question: &str, value: Value, code: &str) {
    let key = normalize_label(question);
    let same_in_workbook = bid
        .answers
        .iter()
        .find(|a| normalize_label(&a.question) == key && !a.value.is_empty())
        .and_then(|a| a.cell.as_ref().map(|c| c.to_string()));
    let from = match same_in_workbook {
        Some(cell) => format!("{} och {cell}", source(code)),
        None => source(code),
    };
    bid.answers.retain(|a| normalize_label(&a.question) != key);
    bid.answers.push(Answer { question: question.to_string(), value, cell: None, source: Some(from) });
}
