//! Acceptance of the fixed prices, and every stated price equal to the agreement's.

use crate::model::bid::Bid;
use crate::model::money::format_price;
use crate::model::requirement::{Outcome, Proposal, ReasonCode};
use crate::rules::answers::{answer_evidence, as_bool, ev, missing, quote};
use crate::rules::Context;

pub(crate) fn eval_fixed_price(question: &str, context: &Context, bid: &Bid) -> Proposal {
    let mut evidence = vec![answer_evidence(bid, question)];
    // Prices stated for an offered lot of the agreement, in a zone the bidder names, that differ
    // from the agreement's fixed price.
    let mut deviations = Vec::new();
    for sp in &bid.prices {
        let offered = bid.lots.iter().any(|l| l.offered && l.code.eq_ignore_ascii_case(&sp.lot) && l.zones.contains(&sp.zone));
        if !offered {
            continue;
        }
        let Some(lot) = context.lot(&sp.lot) else { continue };
        if lot.shortage {
            continue;
        }
        if let Some(fixed) = context.prices.get(&lot.code, sp.zone) {
            if sp.price != fixed {
                deviations.push(format!(
                    "{} zon {}: angivet {}, avtalets pris {}",
                    lot.code,
                    sp.zone,
                    format_price(sp.price),
                    format_price(fixed)
                ));
                evidence.push(ev(&format!("Timpris {} zon {}", lot.code, sp.zone), format_price(sp.price), Some(sp.cell.to_string())));
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
            code: ReasonCode::FixedPriceDeviation,
            reason: format!("{} anbudet anger priser som avviker från avtalets fasta priser: {}.", lead, deviations.join("; ")),
            evidence,
        };
    }
    match answer {
        None => missing(question, evidence),
        Some(true) => Proposal {
            outcome: Outcome::Pass,
            code: ReasonCode::FixedPriceAccepted,
            reason: format!(
                "Anbudsgivaren har svarat Ja på {} och inga angivna priser avviker från avtalets fasta priser.",
                quote(question)
            ),
            evidence,
        },
        Some(false) => Proposal {
            outcome: Outcome::Fail,
            code: ReasonCode::FixedPriceDeclined,
            reason: format!("Anbudsgivaren har svarat Nej på {}; avtalets priser är fasta och måste accepteras.", quote(question)),
            evidence,
        },
    }
}
