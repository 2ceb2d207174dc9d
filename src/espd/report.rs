//! The readable Swedish report of `anbud espd read` (without `--json`).

use std::fmt::Write;

use super::{EspdDocument, Kind};

/// "gen-year-to (General yearly turnover)", or the UUID when the file gives no code.
fn label(criterion: &str, code: Option<&str>, name: Option<&str>) -> String {
    let code = code.unwrap_or(criterion);
    match name {
        Some(name) => format!("{code} ({name})"),
        None => code.to_string(),
    }
}

/// What was read, for a person: kind and version, the economic operator, the exclusion grounds
/// (each ground answered yes named), the turnover per period, the credit rating and what was not
/// understood.
pub fn text_report(doc: &EspdDocument) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{}, ESPD-EDM version {}", doc.kind.label_sv(), doc.version);

    let _ = writeln!(w);
    match &doc.economic_operator {
        None => {
            let _ = writeln!(w, "Ekonomisk aktör: anges inte i filen");
        }
        Some(eo) => {
            let _ = writeln!(w, "Ekonomisk aktör: {}", eo.name.as_deref().unwrap_or("(namn saknas)"));
            match &eo.org_nr {
                Some(nr) => {
                    let _ = writeln!(w, "  Organisationsnummer: {nr}");
                }
                None => {
                    let _ = writeln!(w, "  Organisationsnummer: saknas (ingen identitet i filen är ett svenskt organisationsnummer)");
                }
            }
            for id in &eo.ids {
                match &id.scheme {
                    Some(s) => {
                        let _ = writeln!(w, "  Identitet: {} ({s})", id.id);
                    }
                    None => {
                        let _ = writeln!(w, "  Identitet: {}", id.id);
                    }
                }
            }
        }
    }

    let _ = writeln!(w);
    let _ = writeln!(w, "Uteslutningsgrunder ({})", doc.exclusion.len());
    let answered = |a: Option<bool>| doc.exclusion.iter().filter(move |e| e.answer == a);
    if doc.kind == Kind::Request {
        let _ = writeln!(w, "  En begäran innehåller inga svar: grunderna efterfrågas.");
    } else {
        let _ = writeln!(w, "  Svarat nej (grunden föreligger inte): {}", answered(Some(false)).count());
        let _ = writeln!(w, "  Svarat ja (grunden föreligger): {}", answered(Some(true)).count());
        for e in answered(Some(true)) {
            let _ = writeln!(w, "    {}", label(&e.criterion, e.code.as_deref(), e.name.as_deref()));
        }
        let _ = writeln!(w, "  Utan svar i filen: {}", answered(None).count());
        for e in answered(None) {
            let _ = writeln!(w, "    {}", label(&e.criterion, e.code.as_deref(), e.name.as_deref()));
        }
    }

    let _ = writeln!(w);
    let _ = writeln!(w, "Omsättning ({})", doc.turnover.len());
    for t in &doc.turnover {
        let what = match (&t.amount, &t.currency) {
            (Some(a), Some(c)) => format!("{a} {c}"),
            (Some(a), None) => format!("{a} (valuta saknas)"),
            (None, _) => "inget belopp angivet".to_string(),
        };
        let period = match (&t.start, &t.end) {
            (Some(s), Some(e)) => format!("{s} – {e}"),
            (Some(s), None) => format!("från {s}"),
            (None, Some(e)) => format!("till {e}"),
            (None, None) => "ingen period angiven".to_string(),
        };
        let _ = writeln!(w, "  {}: {what}, {period}", label(&t.criterion, t.code.as_deref(), t.name.as_deref()));
    }

    let _ = writeln!(w);
    let _ = writeln!(w, "Kreditbetyg ({})", doc.rating.len());
    for r in &doc.rating {
        let rating = r.rating.as_deref().unwrap_or("inget betyg angivet");
        let scheme = r.scheme.as_deref().map(|s| format!(" enligt skalan \"{s}\"")).unwrap_or_default();
        let _ = writeln!(w, "  {}: {rating}{scheme}", label(&r.criterion, r.code.as_deref(), r.name.as_deref()));
    }

    let _ = writeln!(w);
    let _ = writeln!(w, "Inte förstått ({})", doc.not_understood.len());
    // Criteria with the same reason are listed under it once.
    let mut reasons: Vec<(&str, Vec<&super::NotUnderstood>)> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for n in &doc.not_understood {
        let i = *at.entry(n.why.as_str()).or_insert_with(|| {
            reasons.push((n.why.as_str(), Vec::new()));
            reasons.len() - 1
        });
        reasons[i].1.push(n);
    }
    let name = |n: &super::NotUnderstood| label(&n.criterion, n.code.as_deref(), n.name.as_deref());
    for (why, these) in reasons {
        if let [one] = these.as_slice() {
            let _ = writeln!(w, "  {}: {why}", name(one));
        } else {
            let mut chars = why.chars();
            let why: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
            let _ = writeln!(w, "  {why} ({}):", these.len());
            for n in these {
                let _ = writeln!(w, "    {}", name(n));
            }
        }
    }
    out
}
