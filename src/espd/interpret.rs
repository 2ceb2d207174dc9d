//! From what the pass kept to what is read: each response tied to its criterion through the
//! property it answers (`cbc:ValidatedCriterionPropertyID` names the `cbc:ID` of a
//! `cac:TenderingCriterionProperty`, in 2.x a UUID, in 4.x a path such as
//! `C29_SC_gen-year-to/RG1/RSG1/QSG2/Q2`; both versions do it the same way), then each criterion
//! read by its family, which its UUID gives (`criteria`).
//!
//! Inside a criterion, what answers what is found by the structure of the ESPD taxonomy (the
//! property's type and value type, its group), never by a label:
//! - an exclusion ground's answer is the first QUESTION of value type INDICATOR in the
//!   criterion's first property group ("Your answer"; the later groups hold "Is this information
//!   available electronically?" and the like);
//! - a turnover's amounts are the AMOUNT answers, each paired with the PERIOD answer of the same
//!   property group (the group's `cbc:ID`; a group repeated once per year pairs the first amount
//!   with the first period, the second with the second, …);
//! - a rating is the answer to a QUESTION of value type QUANTITY, its scheme the
//!   `cbc:ExpectedDescription` of a REQUIREMENT in the question's group or the nearest group
//!   around it ("Rating scheme description").
//!
//! Everything is linear in the size of the document: responses and properties are grouped by
//! criterion once, never searched per criterion.

use std::collections::HashMap;

use super::criteria::{self, Family};
use super::xml::{Raw, RawOperator, RawResponse};
use super::{org_nr_from_identifier, EconomicOperator, EspdDocument, Exclusion, Kind, NotUnderstood, PartyId, Rating, Turnover};

/// An answer as the file writes it: xs:boolean.
fn indicator(v: &str) -> Option<bool> {
    match v.trim() {
        t if t.eq_ignore_ascii_case("true") || t == "1" => Some(true),
        t if t.eq_ignore_ascii_case("false") || t == "0" => Some(false),
        _ => None,
    }
}

fn operator(raw: Option<RawOperator>) -> Option<EconomicOperator> {
    raw.map(|o| {
        let org_nr = o.ids.iter().find_map(|(id, _)| org_nr_from_identifier(id));
        EconomicOperator {
            name: o.name,
            ids: o.ids.into_iter().map(|(id, scheme)| PartyId { id, scheme }).collect(),
            org_nr,
        }
    })
}

/// Why a criterion of the file is not read.
fn why_not(uuid: &str) -> String {
    if uuid.is_empty() {
        "kriteriet saknar UUID (cbc:ID) och kan därför inte kännas igen".to_string()
    } else if uuid == criteria::FINANCIAL_RATIO {
        "ett finansiellt nyckeltal (till exempel soliditet), inte ett kreditbetyg; nyckeltal läses inte ännu".to_string()
    } else {
        "läses inte ännu: kriteriet är varken en uteslutningsgrund, en omsättning eller ett kreditbetyg".to_string()
    }
}

pub(super) fn interpret(kind: Kind, raw: Raw) -> EspdDocument {
    // Property id → property; an id that two criteria use is ambiguous and ties nothing.
    let mut by_id: HashMap<&str, Option<usize>> = HashMap::with_capacity(raw.properties.len());
    for (i, p) in raw.properties.iter().enumerate() {
        by_id
            .entry(p.id.as_str())
            .and_modify(|e| {
                if e.is_some_and(|j| raw.properties[j].criterion != p.criterion) {
                    *e = None;
                }
            })
            .or_insert(Some(i));
    }
    // Each criterion's properties, and each criterion's responses with the property answered,
    // in the order of the file.
    let mut properties_of: Vec<Vec<usize>> = vec![Vec::new(); raw.criteria.len()];
    for (i, p) in raw.properties.iter().enumerate() {
        properties_of[p.criterion].push(i);
    }
    let mut responses_of: Vec<Vec<(usize, &RawResponse)>> = vec![Vec::new(); raw.criteria.len()];
    let mut answers_to: HashMap<usize, Vec<&RawResponse>> = HashMap::new();
    for r in &raw.responses {
        if let Some(Some(i)) = by_id.get(r.property_id.as_str()) {
            responses_of[raw.properties[*i].criterion].push((*i, r));
            answers_to.entry(*i).or_default().push(r);
        }
    }
    let answers = |q: usize| answers_to.get(&q).map(Vec::as_slice).unwrap_or_default().iter();
    let top_group = |mut g: usize| {
        while let Some(p) = raw.groups[g].parent {
            g = p;
        }
        g
    };

    let mut doc = EspdDocument {
        kind,
        version: raw.version.clone(),
        economic_operator: None,
        exclusion: Vec::new(),
        turnover: Vec::new(),
        rating: Vec::new(),
        not_understood: Vec::new(),
    };
    for (ci, c) in raw.criteria.iter().enumerate() {
        let criterion = c.uuid.trim().to_lowercase();
        let (code, name) = (c.code.clone(), c.name.clone());
        match criteria::known(&criterion).map(|k| k.family) {
            Some(Family::Exclusion) => {
                let question = properties_of[ci].iter().copied().find(|&i| {
                    let p = &raw.properties[i];
                    c.first_group == Some(top_group(p.group)) && p.is("QUESTION", "INDICATOR")
                });
                let answer = question.and_then(|q| answers(q).flat_map(|r| &r.indicators).find_map(|v| indicator(v)));
                doc.exclusion.push(Exclusion { criterion, code, answer, name });
            }
            Some(Family::Turnover) => {
                // Amounts and periods per property group, keyed by the group's cbc:ID.
                type Given<'r> = (Vec<&'r (String, Option<String>)>, Vec<&'r (Option<String>, Option<String>)>);
                let mut groups: Vec<Given> = Vec::new();
                let mut group_at: HashMap<String, usize> = HashMap::new();
                for (i, r) in &responses_of[ci] {
                    if r.amounts.is_empty() && r.periods.is_empty() {
                        continue;
                    }
                    let g = raw.properties[*i].group;
                    let key = raw.groups[g].id.clone().unwrap_or_else(|| format!("#{g}"));
                    let at = *group_at.entry(key).or_insert_with(|| {
                        groups.push((Vec::new(), Vec::new()));
                        groups.len() - 1
                    });
                    groups[at].0.extend(&r.amounts);
                    groups[at].1.extend(&r.periods);
                }
                let before = doc.turnover.len();
                for (amounts, periods) in &groups {
                    for k in 0..amounts.len().max(periods.len()) {
                        let (amount, currency) = amounts.get(k).map(|(a, c)| (Some(a.clone()), c.clone())).unwrap_or_default();
                        let (start, end) = periods.get(k).map(|&p| p.clone()).unwrap_or_default();
                        let (criterion, code, name) = (criterion.clone(), code.clone(), name.clone());
                        doc.turnover.push(Turnover { criterion, code, amount, currency, start, end, name });
                    }
                }
                if doc.turnover.len() == before {
                    // Asked (a request) or not answered: the criterion is listed, with nothing given.
                    doc.turnover.push(Turnover { criterion, code, amount: None, currency: None, start: None, end: None, name });
                }
            }
            Some(Family::Rating) => {
                let questions: Vec<usize> =
                    properties_of[ci].iter().copied().filter(|&i| raw.properties[i].is("QUESTION", "QUANTITY")).collect();
                if questions.is_empty() {
                    let why = "frågar här inte efter något kreditbetyg (bara fritext om andra ekonomiska eller finansiella krav)";
                    doc.not_understood.push(NotUnderstood { criterion, code, why: why.to_string(), name });
                    continue;
                }
                // The rating scheme of each group: a requirement's expected description.
                let mut scheme_of_group: HashMap<usize, &str> = HashMap::new();
                for &i in &properties_of[ci] {
                    let p = &raw.properties[i];
                    if let (true, Some(d)) =
                        (p.type_code.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("REQUIREMENT")), &p.expected_description)
                    {
                        scheme_of_group.entry(p.group).or_insert(d.as_str());
                    }
                }
                for q in questions {
                    let mut g = Some(raw.properties[q].group);
                    let mut scheme = None;
                    while let (None, Some(at)) = (&scheme, g) {
                        scheme = scheme_of_group.get(&at).map(|s| s.to_string());
                        g = raw.groups[at].parent;
                    }
                    let given: Vec<&String> = answers(q).flat_map(|r| &r.quantities).collect();
                    let (criterion, code, name) = (criterion.clone(), code.clone(), name.clone());
                    if given.is_empty() {
                        doc.rating.push(Rating { criterion, code, rating: None, scheme, name });
                    } else {
                        for v in given {
                            let (criterion, code, name) = (criterion.clone(), code.clone(), name.clone());
                            doc.rating.push(Rating { criterion, code, rating: Some(v.clone()), scheme: scheme.clone(), name });
                        }
                    }
                }
            }
            None => {
                let why = why_not(&criterion);
                doc.not_understood.push(NotUnderstood { criterion, code, why, name });
            }
        }
    }
    // Sub-criteria (national additions in 2.x extended files): once per UUID.
    let mut subs: Vec<(String, Option<String>, usize)> = Vec::new();
    let mut sub_at: HashMap<String, usize> = HashMap::new();
    for s in &raw.sub_criteria {
        let uuid = s.uuid.trim().to_lowercase();
        let at = *sub_at.entry(uuid.clone()).or_insert_with(|| {
            subs.push((uuid, s.code.clone(), 0));
            subs.len() - 1
        });
        subs[at].2 += 1;
    }
    for (criterion, code, n) in subs {
        let under = if n == 1 { "ett av filens kriterier".to_string() } else { format!("{n} av filens kriterier") };
        let why =
            format!("underkriterium (cac:SubTenderingCriterion, ett nationellt tillägg) under {under}; underkriterier läses inte");
        doc.not_understood.push(NotUnderstood { criterion, code, why, name: None });
    }
    doc.economic_operator = operator(raw.operator);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_are_xs_boolean() {
        assert_eq!(indicator(" true "), Some(true));
        assert_eq!(indicator("1"), Some(true));
        assert_eq!(indicator("false"), Some(false));
        assert_eq!(indicator("0"), Some(false));
        assert_eq!(indicator("ja"), None);
        assert_eq!(indicator(""), None);
    }
}
