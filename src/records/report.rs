//! The evaluation as the command line shows it: JSON pinned by spec/evaluate.schema.json, and a
//! readable Swedish summary.

use serde_json::{json, Value};

use crate::model::evaluation::{Status, SupplierEvaluation};
use crate::model::procurement::Procurement;
use crate::model::rejection::Rejection;
use crate::model::requirement::Outcome;

/// `anbud evaluate --json`.
pub fn evaluation_json(p: &Procurement, suppliers: &[SupplierEvaluation], rejected: &[Rejection]) -> Value {
    json!({
        "procurement": { "id": p.id, "name": p.name },
        "suppliers": suppliers.iter().map(|s| { let mut v = json!({
            "org_nr": s.org_nr,
            "name": s.name,
            "file": s.file,
            "status": s.status.as_str(),
            "requirements": s.requirements.iter().map(|r| {
                let mut v = json!({
                    "id": r.id,
                    "title": r.title,
                    "outcome": r.outcome.as_str(),
                    "proposed": r.proposed.as_str(),
                    "reason_code": r.reason_code.as_str(),
                    "reason": r.reason,
                    "evidence": r.evidence,
                });
                if let Some(o) = &r.override_ {
                    v["override"] = json!({
                        "outcome": o.outcome.as_str(),
                        "justification": o.justification,
                        "decided_by": o.decided_by,
                        "decided_at": o.decided_at,
                    });
                }
                v
            }).collect::<Vec<_>>(),
            "lots": s.lots.iter().map(|l| json!({ "code": l.code, "status": l.status.as_str(), "zones": l.zones })).collect::<Vec<_>>(),
            "warnings": s.warnings,
        });
        // The ESPD response evaluated with the workbook (spec/espd.md), when there was one.
        if let Some(e) = &s.espd {
            v["espd"] = json!(e);
        }
        v }).collect::<Vec<_>>(),
        "rejected": rejected.iter().map(|r| json!({
            "file": r.file,
            "errors": r.errors.iter().map(|e| json!({ "sheet": e.sheet, "cell": e.cell, "message": e.message })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn mark(o: Outcome) -> &'static str {
    match o {
        Outcome::Pass => "[OK]",
        Outcome::Fail => "[EJ]",
        Outcome::Review => "[GRANSKA]",
        Outcome::Missing => "[SAKNAS]",
    }
}

/// Zones as people write them: `1–6`, `1, 2, 5`.
pub fn zones_text(zones: &[u8]) -> String {
    if zones.len() > 2 && zones.windows(2).all(|w| w[1] == w[0] + 1) {
        return format!("{}–{}", zones[0], zones[zones.len() - 1]);
    }
    zones.iter().map(|z| z.to_string()).collect::<Vec<_>>().join(", ")
}

/// `anbud evaluate` without --json.
pub fn evaluation_text(p: &Procurement, suppliers: &[SupplierEvaluation], rejected: &[Rejection]) -> String {
    let mut out = String::new();
    let count = |s: Status| suppliers.iter().filter(|x| x.status == s).count();
    out.push_str(&format!("{} ({})\n", p.name, p.id));
    out.push_str(&format!("Sista anbudsdag {}, referensår {}\n\n", p.deadline, p.reference_year));
    out.push_str(&format!(
        "Kvalificerade: {}   Ej kvalificerade: {}   Behöver granskas: {}   Ej prövade filer: {}\n",
        count(Status::Qualified),
        count(Status::NotQualified),
        count(Status::NeedsReview),
        rejected.len()
    ));
    for s in suppliers {
        out.push_str(&format!("\n{} ({}) – {}\n", s.name, s.org_nr, s.status.label_sv()));
        out.push_str(&format!("  Fil: {}\n", s.file));
        for r in &s.requirements {
            out.push_str(&format!("  {:<10} {} ({}): {}\n", mark(r.outcome), r.title, r.id, r.reason));
            if let Some(o) = &r.override_ {
                out.push_str(&format!(
                    "             Ändrat från {} till {} av {} {}: {}\n",
                    r.proposed.label_sv(),
                    o.outcome.label_sv(),
                    o.decided_by,
                    o.decided_at,
                    o.justification
                ));
            }
        }
        if !s.lots.is_empty() {
            let lots: Vec<String> = s.lots.iter().map(|l| format!("{} (zon {})", l.code, zones_text(&l.zones))).collect();
            out.push_str(&format!("  Anbudsområden: {}\n", lots.join(", ")));
        }
        for w in &s.warnings {
            out.push_str(&format!("  Varning: {w}\n"));
        }
    }
    if !rejected.is_empty() {
        out.push_str("\nArbetsböcker som inte prövats:\n");
        for r in rejected {
            out.push_str(&format!("  {}\n", r.file));
            for e in &r.errors {
                out.push_str(&format!("    {e}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_lists() {
        assert_eq!(zones_text(&[1, 2, 3, 4, 5, 6]), "1–6");
        assert_eq!(zones_text(&[1, 2, 5]), "1, 2, 5");
        assert_eq!(zones_text(&[4]), "4");
        assert_eq!(zones_text(&[5, 6]), "5, 6");
    }
}
