//! From what was read to what the rules carry over: [`answers_of`] keeps, of an ESPD response,
//! the exclusion grounds (with their Swedish names and 4.x codes whatever the version), the
//! general yearly turnover and the ratings (`model::espd::EspdAnswers`, which a bid carries);
//! [`mapping_report`] says for a person what was read, what is carried over to which requirement
//! of the procurement, and what is not and why. Both pure.

use serde::Serialize;

use super::criteria::{known, GENERAL_YEARLY_TURNOVER};
use super::{EspdDocument, Kind};
use crate::model::espd::{source, EspdAnswers, EspdGround, EspdMapping, EspdRating, EspdTurnover};
use crate::model::procurement::Procurement;

/// The Swedish name of an exclusion ground (LOU 13 kap.; the names of the Swedish ESPD service),
/// by its 4.x code.
pub fn ground_name_sv(code_v4: &str) -> &'static str {
    match code_v4 {
        "crime-org" => "Deltagande i en kriminell organisation",
        "corruption" => "Korruption",
        "fraud" => "Bedrägeri",
        "terr-offence" => "Terroristbrott eller brott med anknytning till terroristverksamhet",
        "finan-laund" => "Penningtvätt eller finansiering av terrorism",
        "human-traffic" => "Barnarbete och andra former av människohandel",
        "tax-pay" => "Betalning av skatter",
        "socsec-pay" => "Betalning av socialförsäkringsavgifter",
        "envir-law" => "Åsidosättande av miljörättsliga skyldigheter",
        "socsec-law" => "Åsidosättande av socialrättsliga skyldigheter",
        "labour-law" => "Åsidosättande av arbetsrättsliga skyldigheter",
        "bankruptcy" => "Konkurs",
        "insolvency" => "Insolvens",
        "cred-arran" => "Ackord med borgenärer",
        "bankr-nat" => "Situation liknande konkurs enligt nationell rätt",
        "liq-admin" => "Tillgångarna förvaltas av en likvidator",
        "susp-act" => "Näringsverksamheten har avbrutits",
        "prof-misconduct" => "Allvarligt fel i yrkesutövningen",
        "distorsion" => "Avtal med andra ekonomiska aktörer i syfte att snedvrida konkurrensen",
        "partic-confl" => "Intressekonflikt på grund av deltagande i upphandlingen",
        "prep-confl" => "Direkt eller indirekt deltagande i förberedelserna av upphandlingen",
        "sanction" => "Tidigare kontrakt som sagts upp i förtid, skadestånd eller andra jämförbara sanktioner",
        "misrepresent" => "Allvarligt vilseledande uppgifter, undanhållen information eller otillbörlig påverkan",
        "nati-ground" => "Rent nationella uteslutningsgrunder",
        _ => "Uteslutningsgrund",
    }
}

/// The 4.x code of a known criterion (the file's code when the UUID is not in the table).
fn code_of(criterion: &str, written: Option<&str>) -> String {
    known(criterion).map(|k| k.code_v4.to_string()).or_else(|| written.map(str::to_string)).unwrap_or_else(|| criterion.to_string())
}

/// What the rules may carry over from a response (`file` is its name, `sha256` its fingerprint).
pub fn answers_of(doc: &EspdDocument, file: &str, sha256: &str) -> EspdAnswers {
    EspdAnswers {
        file: file.to_string(),
        sha256: sha256.to_string(),
        version: doc.version.clone(),
        name: doc.economic_operator.as_ref().and_then(|e| e.name.clone()),
        exclusion: doc
            .exclusion
            .iter()
            .map(|e| {
                let code = code_of(&e.criterion, e.code.as_deref());
                EspdGround {
                    criterion: e.criterion.clone(),
                    name: ground_name_sv(&code).to_string(),
                    code,
                    answer: e.answer,
                }
            })
            .collect(),
        turnover: doc
            .turnover
            .iter()
            .filter(|t| t.criterion == GENERAL_YEARLY_TURNOVER)
            .map(|t| EspdTurnover {
                criterion: t.criterion.clone(),
                code: code_of(&t.criterion, t.code.as_deref()),
                amount: t.amount.clone(),
                currency: t.currency.clone(),
                start: t.start.clone(),
                end: t.end.clone(),
            })
            .collect(),
        rating: doc
            .rating
            .iter()
            .map(|r| EspdRating {
                criterion: r.criterion.clone(),
                code: code_of(&r.criterion, r.code.as_deref()),
                rating: r.rating.clone(),
                scheme: r.scheme.clone(),
            })
            .collect(),
    }
}

/// A mapping report: what was read, what is carried over to which requirement, what is not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct MappingReport {
    /// "ESPD-svar, ESPD-EDM 4.1.0".
    pub document: String,
    /// "Vårdkraft Bemanning AB, 556012-5790".
    pub economic_operator: String,
    /// What was read, one line per part ("24 uteslutningsgrunder: 24 nej").
    pub read: Vec<String>,
    pub carried: Vec<Carried>,
    pub not_carried: Vec<NotCarried>,
}

/// One part of the ESPD carried over onto a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Carried {
    /// The source as the evidence shows it: `ESPD gen-year-to`.
    pub source: String,
    /// The criterion's UUID (several for the exclusion grounds: the first, and how many).
    pub criterion: String,
    /// The requirement's id and title: "omsattning (Omsättning)".
    pub requirement: String,
    /// What the ESPD says, for people.
    pub value: String,
}

/// A part of the ESPD not carried over, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct NotCarried {
    /// `aver-year-to (Average yearly turnover)`, or a count of criteria.
    pub what: String,
    pub why: String,
}

/// The report for a document, against a procurement's catalogue when one is given (without one,
/// each part names the `espd = "…"` mapping that would receive it).
pub fn mapping_report(doc: &EspdDocument, procurement: Option<&Procurement>) -> MappingReport {
    let target = |m: EspdMapping| -> Result<String, String> {
        match procurement {
            None => Ok(format!("kravet med espd = \"{}\"", m.as_str())),
            Some(p) => {
                p.requirements.iter().find(|r| r.espd == Some(m)).map(|r| format!("{} ({})", r.id, r.title)).ok_or_else(|| {
                    format!("upphandlingen har inget krav som besvaras av {} (espd = \"{}\")", m.label_sv(), m.as_str())
                })
            }
        }
    };
    let eo = doc.economic_operator.as_ref();
    let economic_operator = match eo {
        None => "anges inte (en begäran)".to_string(),
        Some(e) => format!(
            "{}, {}",
            e.name.as_deref().unwrap_or("(namn saknas)"),
            e.org_nr.as_ref().map(|n| n.to_string()).unwrap_or_else(|| "inget svenskt organisationsnummer".to_string())
        ),
    };
    let answers = answers_of(doc, "", "");
    let yes = answers.exclusion.iter().filter(|g| g.answer == Some(true)).count();
    let no = answers.exclusion.iter().filter(|g| g.answer == Some(false)).count();
    let none = answers.exclusion.len() - yes - no;
    let mut read = vec![
        format!("{} uteslutningsgrunder: {no} nej, {yes} ja, {none} obesvarade", answers.exclusion.len()),
        format!("{} omsättningsbelopp ({} allmän årsomsättning)", doc.turnover.len(), answers.turnover.len()),
        format!("{} kreditbetyg", doc.rating.len()),
        format!("{} kriterier som inte förstås", doc.not_understood.len()),
    ];
    if doc.kind == Kind::Request {
        read.insert(0, "En begäran: kriterierna efterfrågas, inga svar ges; inget förs över.".to_string());
    }
    let mut carried = Vec::new();
    let mut not_carried = Vec::new();
    let mut part = |m: EspdMapping, src: String, criterion: String, value: String, what: String| match target(m) {
        Ok(requirement) if doc.kind == Kind::Response => carried.push(Carried { source: src, criterion, requirement, value }),
        Ok(_) => {}
        Err(why) => not_carried.push(NotCarried { what, why }),
    };
    if let Some(first) = answers.exclusion.first() {
        let value = if yes > 0 {
            format!(
                "{yes} grunder föreligger: {}",
                answers.exclusion.iter().filter(|g| g.answer == Some(true)).map(|g| g.code.as_str()).collect::<Vec<_>>().join(", ")
            )
        } else if none > 0 {
            format!("{none} grunder obesvarade, ingen föreligger")
        } else {
            format!("ingen av {} grunder föreligger", answers.exclusion.len())
        };
        let criterion = format!("{} (och {} till)", first.criterion, answers.exclusion.len() - 1);
        part(EspdMapping::Exclusion, source("uteslutningsgrunder"), criterion, value, "uteslutningsgrunderna".to_string());
    }
    if let Some(first) = answers.turnover.first() {
        let value = answers
            .turnover
            .iter()
            .map(|t| {
                format!(
                    "{} {} ({})",
                    t.amount.as_deref().unwrap_or("inget belopp"),
                    t.currency.as_deref().unwrap_or("utan valuta"),
                    match (&t.start, &t.end) {
                        (Some(s), Some(e)) => format!("{s} – {e}"),
                        (_, Some(e)) => format!("t.o.m. {e}"),
                        _ => "ingen period".to_string(),
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let value = format!("{value}; det senaste räkenskapsår som avslutats senast sista anbudsdag prövas");
        part(
            EspdMapping::Turnover,
            source(&first.code),
            first.criterion.clone(),
            value,
            "allmän årsomsättning (gen-year-to)".to_string(),
        );
    }
    if let Some(first) = answers.rating.first() {
        let value = format!(
            "{} enligt {}",
            first.rating.as_deref().unwrap_or("inget betyg"),
            first.scheme.as_deref().map(|s| format!("skalan \"{s}\"")).unwrap_or_else(|| "ingen angiven skala".to_string())
        );
        part(EspdMapping::Rating, source(&first.code), first.criterion.clone(), value, "kreditbetyget (finan-requ)".to_string());
    }
    for t in doc.turnover.iter().filter(|t| t.criterion != GENERAL_YEARLY_TURNOVER) {
        let code = code_of(&t.criterion, t.code.as_deref());
        not_carried.push(NotCarried {
            what: format!("{code} ({})", t.name.as_deref().unwrap_or("omsättning")),
            why: "bara allmän årsomsättning (gen-year-to) prövas mot omsättningskravet".to_string(),
        });
    }
    for n in &doc.not_understood {
        not_carried.push(NotCarried {
            what: format!("{} ({})", n.code.as_deref().unwrap_or(&n.criterion), n.name.as_deref().unwrap_or("kriterium")),
            why: n.why.clone(),
        });
    }
    MappingReport {
        document: format!("{}, ESPD-EDM {}", doc.kind.label_sv(), doc.version),
        economic_operator,
        read,
        carried,
        not_carried,
    }
}

/// The report as text, after the reading's own (`anbud espd read`).
pub fn mapping_text(report: &MappingReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "Överförs till kravkatalogen ({})", report.carried.len());
    for c in &report.carried {
        let _ = writeln!(out, "  {} → {}: {}", c.source, c.requirement, c.value);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Överförs inte ({})", report.not_carried.len());
    for n in &report.not_carried {
        let _ = writeln!(out, "  {}: {}", n.what, n.why);
    }
    out
}
