//! The decision record (Kvalificeringsbeslut) and the notices (Underrättelse om beslut) as
//! documents for the PDF engine. Content per ../shared/spec/decision-record.md; the layout is
//! the engine's (src/records/pdf). Pure: a [`Decision`] and its fingerprint in, a [`Document`] out.

use crate::model::evaluation::Status;
use crate::model::money::format_decimal;
use crate::records::decision::{Counts, Decision, FailedRequirement, Judgement, SupplierOutcome, UnevaluatedBidder};
use crate::records::pdf::{Block, Column, Document, Paragraph, Table};
use crate::records::report::zones_text;

/// What the decision rests on: LOU's chapters named, none quoted.
pub const LEGAL_BASIS: &str = "Beslutet grundas på lagen (2016:1145) om offentlig upphandling (LOU): 13 kap. om uteslutning av leverantörer, 14 kap. om kvalificering av leverantörer, 12 kap. om underrättelse om beslut och 20 kap. om avtalsspärr och överprövning. Varje krav har prövats mot de uppgifter som anbudsgivaren lämnat i anbudsformuläret.";

/// `1 ersatt anbud`, `2 ersatta anbud`: the count with the singular or the plural (Swedish takes
/// the plural for 0).
fn count(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// Small numbers in running text as words (Swedish style: up to twelve), for words of either
/// gender from two up.
fn number_word(n: usize) -> String {
    const WORDS: [&str; 13] = ["noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"];
    if (2..WORDS.len()).contains(&n) {
        WORDS[n].to_string()
    } else {
        n.to_string()
    }
}

/// The one sentence of decision, in number agreement with the counts.
fn decision_sentence(d: &Decision) -> String {
    let qualified = d.suppliers.iter().filter(|s| s.status == Status::Qualified).count();
    let rejected = d.counts.not_qualified;
    let mut parts = Vec::new();
    if qualified > 0 {
        let whom = if qualified == 1 {
            "följande leverantör".to_string()
        } else {
            format!("följande {} leverantörer", number_word(qualified))
        };
        parts.push(format!(
            "att anta {whom} till ramavtalet {} för de anbudsområden och zoner som anges i avsnitt 2",
            d.procurement_name
        ));
    }
    if rejected > 0 {
        let whom = if rejected == 1 { "den leverantör".to_string() } else { format!("de {} leverantörer", number_word(rejected)) };
        let to = if qualified > 0 { String::new() } else { format!(" till ramavtalet {}", d.procurement_name) };
        parts.push(format!(
            "att inte anta {whom}{to} som anges i avsnitt 3, av de skäl som där anges för varje krav som inte är uppfyllt"
        ));
    }
    if parts.is_empty() {
        parts.push(format!("att inte anta någon leverantör till ramavtalet {}, eftersom inget anbud har prövats", d.procurement_name));
    }
    let mut sentence = format!("{} beslutar {}.", d.coordinator, parts.join(", och "));
    if let Some(prior) = &d.supersedes {
        sentence.push_str(&format!(
            " Beslutet fattas på nytt och ersätter beslut nr {} av den {} i samma upphandling.",
            prior.number, prior.date
        ));
    }
    sentence
}

fn head(doc: &mut Document, d: &Decision) {
    doc.header_left = vec![d.procurement_name.clone(), d.coordinator.clone()];
    doc.header_right = vec![format!("Dnr {}", d.procurement_id), format!("Beslut nr {}", d.number)];
    doc.author = d.coordinator.clone();
    doc.subject = format!("{} – dnr {}", d.procurement_name, d.procurement_id);
}

fn decider(d: &Decision) -> String {
    match &d.role {
        Some(role) => format!("{}, {}", d.decided_by, role),
        None => d.decided_by.clone(),
    }
}

fn evidence_text(f: &FailedRequirement) -> String {
    f.evidence
        .iter()
        .map(|e| match &e.cell {
            Some(c) => format!("{}: {} ({})", e.label, e.value, c),
            None => format!("{}: {}", e.label, e.value),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// When a person decided, in Swedish local time: `2026-12-01 kl. 19.35`.
fn when(at: &str) -> String {
    crate::support::holidays::swedish_time(at)
}

/// "Det föreslagna utfallet ”Svar saknas” har ändrats till ”Ej uppfyllt” av Per Ek den
/// 2026-12-01 kl. 19.35. Motivering: …"
fn judgement_text(j: &Judgement) -> String {
    let what = if j.proposed == j.decided {
        format!("Det föreslagna utfallet ”{}” har fastställts", j.proposed.label_sv())
    } else {
        format!("Det föreslagna utfallet ”{}” har ändrats till ”{}”", j.proposed.label_sv(), j.decided.label_sv())
    };
    format!("{what} av {} den {}. Motivering: {}", j.decided_by, when(&j.decided_at), j.justification)
}

/// The reason for a requirement not met: where a person decided, their decision and
/// justification first, then the engine's proposal.
fn reason_text(f: &FailedRequirement) -> String {
    match &f.judgement {
        Some(j) => format!("{}\nMaskinens förslag: {}", judgement_text(j), f.reason),
        None => f.reason.clone(),
    }
}

fn failed_table(failed: &[FailedRequirement]) -> Table {
    let rows = failed.iter().map(|f| vec![format!("{}\n({})", f.title, f.id), evidence_text(f), reason_text(f)]).collect();
    Table::new(vec![Column::new("Krav", 0.24), Column::new("Anbudet angav", 0.32), Column::new("Skäl", 0.44)], rows)
}

/// The first day the framework agreement may be concluded: the day after the standstill.
fn earliest_agreement(d: &Decision) -> chrono::NaiveDate {
    d.standstill_end.succ_opt().expect("date within chrono's range")
}

/// Why the standstill ends when it does, where it is not the tenth day: "den tionde dagen efter
/// utskicket, 2026-12-31, är nyårsafton, 2027-01-01 är nyårsdagen, … och 2027-01-03 är en söndag".
fn standstill_moves_text(d: &Decision) -> Option<String> {
    let moves = crate::support::holidays::standstill_moves(d.sent);
    let parts: Vec<String> = moves
        .iter()
        .enumerate()
        .map(
            |(i, (day, what))| {
                if i == 0 {
                    format!("den tionde dagen efter utskicket, {day}, är {what}")
                } else {
                    format!("{day} är {what}")
                }
            },
        )
        .collect();
    match parts.len() {
        0 => None,
        1 => Some(parts[0].clone()),
        n => Some(format!("{} och {}", parts[..n - 1].join(", "), parts[n - 1])),
    }
}

fn standstill_text(d: &Decision) -> String {
    let why = match standstill_moves_text(d) {
        Some(moves) => format!(
            " Tiden räknas enligt lagen (1930:173) om beräkning av lagstadgad tid: {moves}, så avtalsspärren löper ut närmast följande vardag."
        ),
        None => String::new(),
    };
    format!(
        "Beslutet skickas till anbudsgivarna {}. Avtalsspärren är tio dagar från den dag beslutet skickades (20 kap. 1 § LOU) och löper ut {}.{why} Ramavtal ingås inte förrän avtalsspärren har löpt ut, tidigast {}.",
        d.sent,
        d.standstill_end,
        earliest_agreement(d)
    )
}

/// Where and until when a supplier can apply for review, and the extended standstill.
fn review_text(d: &Decision) -> String {
    let court = d.court.clone().unwrap_or_else(|| "förvaltningsrätten".to_string());
    format!(
        "En leverantör som anser att den har lidit eller kan komma att lida skada får ansöka om överprövning av upphandlingen hos {court} (20 kap. LOU). Ansökan ska ha kommit in till förvaltningsrätten innan avtalsspärren har löpt ut den {}; en upphandling kan inte överprövas sedan ramavtalet har ingåtts. Kommer en ansökan in under avtalsspärren förlängs den (förlängd avtalsspärr): ramavtal ingås då inte förrän tio dagar har gått från det att förvaltningsrätten har avgjort målet.",
        d.standstill_end
    )
}

/// What a supplier can do once the framework agreement is concluded.
const CONCLUDED_TEXT: &str = "Sedan ramavtalet har ingåtts kan en leverantör ansöka hos förvaltningsrätten om överprövning av ramavtalets giltighet (20 kap. 13 § LOU); ansökan ska ha kommit in inom 30 dagar från det att myndigheten publicerat en efterannons eller underrättat anbudsgivarna om att avtalet har ingåtts, och annars inom sex månader från det att avtalet ingicks (20 kap. 16–17 §§ LOU). En leverantör som har lidit skada kan begära skadestånd genom att väcka talan vid allmän domstol inom ett år från det att avtalet ingicks (20 kap. 20–21 §§ LOU).";

/// A fingerprint in groups of eight hex digits, four groups a line: easy to compare by eye.
pub fn grouped_fingerprint(fingerprint: &str, per_line: usize) -> String {
    let groups: Vec<&str> = fingerprint.as_bytes().chunks(8).map(|c| std::str::from_utf8(c).expect("hex")).collect();
    groups.chunks(per_line.max(1)).map(|l| l.join(" ")).collect::<Vec<_>>().join("\n")
}

fn prices_table(d: &Decision) -> Table {
    // Wide enough at 10 pt for "Specialistsjuksköterska" and for "1 885,00" in six zones.
    let mut columns = vec![Column::new("Anbudsområde", 0.28)];
    for z in &d.zones {
        columns.push(Column::new(format!("Zon {}", z.number), 0.12).right());
    }
    let rows = d
        .prices
        .iter()
        .map(|p| {
            let mut row = vec![format!("{} {}", p.code, p.name)];
            for price in &p.prices {
                row.push(price.parse().map(|v| format_decimal(v, 2)).unwrap_or_default());
            }
            row
        })
        .collect();
    let mut t = Table::new(columns, rows);
    t.keep_rows_together = true;
    t
}

/// A zone as the definition names it: `Zon 1 – storstadsregioner med universitetssjukhus`;
/// `Zon 2` where the name is only the number.
fn zone_label(number: u8, name: &str) -> String {
    let plain = format!("Zon {number}");
    let name = name.trim();
    if name.is_empty() || name.eq_ignore_ascii_case(&plain) {
        plain
    } else if name.to_lowercase().starts_with(&plain.to_lowercase()) {
        name.to_string()
    } else {
        format!("{plain} – {name}")
    }
}

/// Lots as `L1 Specialistläkare allmänmedicin; L2 …`.
fn lots_text(lots: &[(String, String)]) -> String {
    lots.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join("; ")
}

/// The decision record: one function per section, in the order of
/// ../shared/spec/decision-record.md (the comments number them as the spec does; the record
/// numbers its own headings 1–6).
pub fn record_document(d: &Decision, fingerprint: &str) -> Document {
    let mut doc = Document::new(format!("Kvalificeringsbeslut – {}", d.procurement_name), d.decision_date);
    head(&mut doc, d);
    title_and_decision(&mut doc, d);
    procurement_in_brief(&mut doc, d);
    qualified_suppliers(&mut doc, d);
    suppliers_not_qualified(&mut doc, d);
    judgements_made(&mut doc, d);
    bids_not_evaluated(&mut doc, d);
    standstill(&mut doc, d);
    price_list_appendix(&mut doc, d);
    fingerprint_section(&mut doc, d, fingerprint);
    doc
}

/// 1–2. Title and decision: who decided what, when, and on what legal basis.
fn title_and_decision(doc: &mut Document, d: &Decision) {
    doc.push(Block::heading(1, "Kvalificeringsbeslut"));
    let mut title = vec![
        ("Upphandling", format!("{} (dnr {})", d.procurement_name, d.procurement_id)),
        ("Upphandlande myndighet", format!("{}, samordnande region för de deltagande regionerna", d.coordinator)),
        ("Beslut nr", d.number.to_string()),
        ("Beslutsdatum", d.decision_date.to_string()),
        ("Beslutsfattare", decider(d)),
    ];
    if let Some(prior) = &d.supersedes {
        title.push(("Ersätter", format!("beslut nr {} av den {} i samma upphandling", prior.number, prior.date)));
    }
    doc.push(Block::key_value(title));
    doc.push(Block::Spacer);
    doc.push(Paragraph::lead("Beslut. ", decision_sentence(d)).into());
    doc.push(Block::paragraph(LEGAL_BASIS));
}

/// 3. The procurement in brief: regions, lots, zones, dates, and the bids counted.
fn procurement_in_brief(doc: &mut Document, d: &Decision) {
    doc.push(Block::heading(2, "1. Upphandlingen i korthet"));
    let mut brief = vec![
        ("Deltagande regioner", format!("{} regioner: {}", d.regions.len(), d.regions.join(", "))),
        ("Anbudsområden", lots_text(&d.lots)),
    ];
    if !d.shortage_lots.is_empty() {
        brief.push(("Utanför ramavtalet", format!("{} (bristspecialiteter; anbud för dem prövas inte)", lots_text(&d.shortage_lots))));
    }
    brief.push(("Ersättningszoner", zones_in_brief(d)));
    brief.push(("Sista anbudsdag", d.deadline.to_string()));
    brief.push(("Referensår", d.reference_year.to_string()));
    if let (Some(s), Some(e)) = (d.agreement_start, d.agreement_end) {
        brief.push(("Avtalsperiod", format!("{s} – {e}")));
    }
    brief.push(("Anbud", bids_counted(&d.counts)));
    brief.push(("Utfall", outcome_counted(&d.counts)));
    doc.push(Block::key_value(brief));
    amendments(doc, d);
}

/// The amendments (rättelser) of the procurement's definition made after workbooks were
/// received, where there are any: when, by whom, why, and the definition's SHA-256 before and
/// after.
fn amendments(doc: &mut Document, d: &Decision) {
    if d.amendments.is_empty() {
        return;
    }
    doc.push(Block::heading(3, "Rättelser av upphandlingens villkor"));
    doc.push(
        Paragraph::new(
            "Upphandlingens villkor (definitionen) har rättats efter att anbud tagits emot. Varje rättelse är registrerad i upphandlingens journal med motivering, vem som gjorde den och definitionens kontrollsumma (SHA-256) före och efter; anbuden har prövats enligt villkoren efter rättelserna.",
        )
        .keep_with_next()
        .into(),
    );
    let rows = d
        .amendments
        .iter()
        .map(|a| {
            vec![
                format!("{}\n{}", when(&a.date), a.by),
                a.justification.clone(),
                format!("Före: {}\nEfter: {}", grouped_fingerprint(&a.before_sha256, 8), grouped_fingerprint(&a.after_sha256, 8)),
            ]
        })
        .collect();
    doc.push(Block::Table(Table::new(
        vec![Column::new("Registrerad", 0.28), Column::new("Motivering", 0.38), Column::new("Definitionens SHA-256", 0.34)],
        rows,
    )));
}

/// The zones and their regions, and the workplaces in another zone than their region's.
fn zones_in_brief(d: &Decision) -> String {
    let mut zones = d.zones.iter().map(|z| format!("zon {}: {}", z.number, z.regions.join(", "))).collect::<Vec<_>>().join("; ");
    if !d.workplaces.is_empty() {
        zones.push_str(&format!(
            "; arbetsplatser i en annan zon än sin regions: {} (se bilagan)",
            d.workplaces.iter().map(|w| format!("{} ({}) → zon {}", w.name, w.region, w.zone)).collect::<Vec<_>>().join(", ")
        ));
    }
    zones
}

/// `17 inkomna anbud: 14 prövade, 1 för sent inkommet, …`
fn bids_counted(c: &Counts) -> String {
    format!(
        "{}: {}, {}, {}, {}",
        count(c.received, "inkommet anbud", "inkomna anbud"),
        count(c.evaluated, "prövat", "prövade"),
        count(c.late, "för sent inkommet", "för sent inkomna"),
        count(c.replaced, "ersatt eller tvetydigt", "ersatta eller tvetydiga"),
        count(c.unreadable, "anbudsformulär som inte kunde läsas", "anbudsformulär som inte kunde läsas"),
    )
}

/// `7 kvalificerade leverantörer, 8 leverantörer som inte kvalificerats (7 efter prövning, …)`
fn outcome_counted(c: &Counts) -> String {
    let rejected_evaluated = c.not_qualified.saturating_sub(c.late);
    let rejected = if c.late > 0 {
        format!(
            "{} ({rejected_evaluated} efter prövning, {})",
            count(c.not_qualified, "leverantör som inte kvalificerats", "leverantörer som inte kvalificerats"),
            count(c.late, "för sent inkommet anbud", "för sent inkomna anbud"),
        )
    } else {
        count(c.not_qualified, "leverantör som inte kvalificerats", "leverantörer som inte kvalificerats")
    };
    format!("{}, {rejected}", count(c.qualified, "kvalificerad leverantör", "kvalificerade leverantörer"))
}

/// 4. Qualified suppliers, by lot: name, organisation number, zones.
fn qualified_suppliers(doc: &mut Document, d: &Decision) {
    doc.push(Block::heading(2, "2. Kvalificerade leverantörer per anbudsområde"));
    for lot in &d.qualified_by_lot {
        doc.push(Block::heading(3, format!("{} {}", lot.code, lot.name)));
        if lot.suppliers.is_empty() {
            doc.push(Block::paragraph("Ingen leverantör är kvalificerad för anbudsområdet."));
            continue;
        }
        let rows = lot.suppliers.iter().map(|s| vec![s.name.clone(), s.org_nr.clone(), zones_text(&s.zones)]).collect();
        doc.push(Block::Table(Table::new(
            vec![Column::new("Leverantör", 0.47), Column::new("Organisationsnummer", 0.31), Column::new("Zoner", 0.22)],
            rows,
        )));
    }
}

/// 5. Suppliers not qualified: every requirement not met, with what the bid stated and why.
fn suppliers_not_qualified(doc: &mut Document, d: &Decision) {
    doc.push(Block::heading(2, "3. Leverantörer som inte kvalificerats"));
    if !d.not_qualified.is_empty() {
        doc.push(Block::paragraph(
            "För varje leverantör anges varje krav som inte är uppfyllt, vad anbudet angav (med cell i anbudsformuläret) och skälet. Ett för sent inkommet anbud prövas inte i övrigt.",
        ));
    }
    if d.not_qualified.is_empty() {
        doc.push(Block::paragraph("Samtliga prövade leverantörer är kvalificerade."));
    }
    for s in &d.not_qualified {
        // The heading is followed directly by the table, so the two are kept together.
        doc.push(Block::heading(3, format!("{} ({})", s.name, s.org_nr)));
        doc.push(Block::Table(failed_table(&s.failed)));
    }
}

/// 6. Judgements made: every override, and the assessors of each supplier.
fn judgements_made(doc: &mut Document, d: &Decision) {
    doc.push(Block::heading(2, "4. Bedömningar som gjorts"));
    if d.judgements.is_empty() {
        doc.push(Block::paragraph(
            "Inga föreslagna utfall har ändrats; samtliga utfall är de som prövningen av anbudsformulären gav.",
        ));
        return;
    }
    let intro = if d.judgements.iter().any(|j| !j.by_person.is_empty()) {
        "Följande utfall har bedömts av arbetsgruppen med fyra ögon: ett utfall står först när två personer är ense, och varje persons bedömning redovisas. Det föreslagna utfallet står kvar i underlaget bredvid beslutet."
    } else {
        "Följande utfall har bedömts av en person. Det föreslagna utfallet står kvar i underlaget bredvid beslutet."
    };
    doc.push(Paragraph::new(intro).keep_with_next().into());
    let rows = d
        .judgements
        .iter()
        .map(|j| {
            vec![
                format!("{}\n{}", j.supplier, j.org_nr),
                format!("{}\n({})", j.requirement_title, j.requirement_id),
                if j.by_person.is_empty() {
                    format!(
                        "{} → {}\n{}, {}\nMotivering: {}",
                        j.proposed.label_sv(),
                        j.decided.label_sv(),
                        j.decided_by,
                        when(&j.decided_at),
                        j.justification
                    )
                } else {
                    // Four eyes: each person's judgement, the concurring ones settling it.
                    let mut text = format!("{} → {}", j.proposed.label_sv(), j.decided.label_sv());
                    for p in &j.by_person {
                        text.push_str(&format!("\n{}, {}: {}", p.by, when(&p.at), p.outcome.label_sv()));
                        if !p.justification.trim().is_empty() {
                            text.push_str(&format!(". Motivering: {}", p.justification.trim()));
                        }
                    }
                    text
                },
            ]
        })
        .collect();
    // Wide enough for a supplier such as "Barnmorskeförmedlingen AB" and a requirement
    // id such as "(levererade-timmar)" without breaking a word.
    doc.push(Block::Table(Table::new(
        vec![Column::new("Leverantör", 0.3), Column::new("Krav", 0.24), Column::new("Bedömning", 0.46)],
        rows,
    )));
    doc.push(Block::heading(3, "Bedömare per leverantör"));
    doc.push(Block::Table(Table::new(
        vec![Column::new("Leverantör", 0.6), Column::new("Bedömare", 0.4)],
        assessors(&d.judgements).into_iter().map(|(k, v)| vec![k, v.join(", ")]).collect(),
    )));
    conflicts_of_interest(doc, d);
}

/// The working group's declarations of jäv: who stood aside from which supplier, and why.
fn conflicts_of_interest(doc: &mut Document, d: &Decision) {
    if d.conflicts_of_interest.is_empty() {
        return;
    }
    doc.push(Block::heading(3, "Anmält jäv"));
    doc.push(
        Paragraph::new(
            "Följande ledamöter i arbetsgruppen har anmält jäv och har inte bedömt den leverantörens anbud (4 kap. 3 § LOU om intressekonflikter, 16–18 §§ förvaltningslagen om jäv).",
        )
        .keep_with_next()
        .into(),
    );
    doc.push(Block::Table(Table::new(
        vec![Column::new("Ledamot", 0.25), Column::new("Leverantör", 0.35), Column::new("Skäl", 0.4)],
        d.conflicts_of_interest
            .iter()
            .map(|c| {
                vec![
                    c.reviewer.clone(),
                    match &c.supplier {
                        Some(name) => format!("{name}\n{}", c.org_nr),
                        None => c.org_nr.clone(),
                    },
                    format!("{}\nAnmält {}", c.reason, when(&c.declared_at)),
                ]
            })
            .collect(),
    )));
}

/// Each supplier judged (`Name (orgnr)`, in the order of the judgements) with the people who
/// judged, each once.
fn assessors(judgements: &[Judgement]) -> Vec<(String, Vec<String>)> {
    let mut assessors: Vec<(String, Vec<String>)> = Vec::new();
    for j in judgements {
        let key = format!("{} ({})", j.supplier, j.org_nr);
        let people: Vec<String> =
            if j.by_person.is_empty() { vec![j.decided_by.clone()] } else { j.by_person.iter().map(|p| p.by.clone()).collect() };
        let pos = match assessors.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                assessors.push((key, vec![]));
                assessors.len() - 1
            }
        };
        for person in people {
            if !assessors[pos].1.contains(&person) {
                assessors[pos].1.push(person);
            }
        }
    }
    assessors
}

/// 7. Bids not evaluated: late, replaced or ambiguous, unreadable, and for shortage specialities.
fn bids_not_evaluated(doc: &mut Document, d: &Decision) {
    doc.push(Block::heading(2, "5. Anbud som inte prövats"));
    let mut any = false;
    if !d.late.is_empty() {
        any = true;
        doc.push(Block::heading(3, "För sent inkomna anbud"));
        let rows =
            d.late.iter().map(|l| vec![l.name.clone(), l.org_nr.clone(), l.received.to_string(), l.deadline.to_string()]).collect();
        doc.push(Block::Table(Table::new(
            vec![
                Column::new("Leverantör", 0.33),
                Column::new("Organisationsnummer", 0.29),
                Column::new("Anbudsdatum", 0.19),
                Column::new("Sista anbudsdag", 0.19),
            ],
            rows,
        )));
    }
    if !d.replaced.is_empty() {
        any = true;
        doc.push(Block::heading(3, "Ersatta och tvetydiga anbud"));
        let rows = d.replaced.iter().map(|r| vec![r.file.clone(), r.reasons.join("\n")]).collect();
        doc.push(Block::Table(Table::new(vec![Column::new("Fil", 0.35), Column::new("Skäl", 0.65)], rows)));
    }
    if !d.unreadable.is_empty() {
        any = true;
        doc.push(Block::heading(3, "Anbudsformulär som inte kunde läsas"));
        let rows = d.unreadable.iter().map(|r| vec![r.file.clone(), r.bidder_text(), r.reasons.join("\n")]).collect();
        doc.push(Block::Table(Table::new(
            vec![Column::new("Fil", 0.25), Column::new("Anbudsgivare", 0.25), Column::new("Fel (blad!cell)", 0.5)],
            rows,
        )));
    }
    if !d.shortage_bids.is_empty() {
        any = true;
        doc.push(Block::heading(3, "Anbud för bristspecialiteter utanför ramavtalet"));
        let rows =
            d.shortage_bids.iter().map(|s| vec![s.supplier.clone(), s.org_nr.clone(), format!("{} {}", s.lot, s.lot_name)]).collect();
        doc.push(Block::Table(Table::new(
            vec![Column::new("Leverantör", 0.33), Column::new("Organisationsnummer", 0.29), Column::new("Anbudsområde", 0.38)],
            rows,
        )));
    }
    if !any {
        doc.push(Block::paragraph("Samtliga inkomna anbud har prövats."));
    }
}

/// The standstill (item 8 of spec/decision-record.md): the dates, why it ends when it does, how
/// to apply for review and what can be done once the agreement is concluded (a lawyer reading
/// only the record finds it), and the signature.
fn standstill(doc: &mut Document, d: &Decision) {
    doc.push(Block::heading(2, "6. Avtalsspärr och överprövning"));
    doc.push(Block::key_value([
        ("Beslutet skickas", d.sent.to_string()),
        ("Avtalsspärren löper ut", d.standstill_end.to_string()),
        ("Ramavtal ingås tidigast", earliest_agreement(d).to_string()),
    ]));
    doc.push(Block::paragraph(standstill_text(d)));
    doc.push(Block::paragraph(review_text(d)));
    doc.push(Block::paragraph(CONCLUDED_TEXT));
    doc.push(Block::Spacer);
    doc.push(Block::key_value([("Underskrift", String::new()), ("", decider(d))]));
}

/// 9. Appendix, on a page of its own: the price list, the zones, the workplaces elsewhere.
fn price_list_appendix(doc: &mut Document, d: &Decision) {
    doc.push(Block::PageBreak);
    doc.push(Block::heading(2, "Bilaga: Prislista"));
    doc.push(
        Paragraph::new(
            "Fasta timpriser i kronor exklusive moms per anbudsområde och ersättningszon. Priserna gäller alla kvalificerade leverantörer.",
        )
        .keep_with_next()
        .into(),
    );
    doc.push(Block::Table(prices_table(d)));
    let zone_rows = d.zones.iter().map(|z| vec![zone_label(z.number, &z.name), z.regions.join(", ")]).collect();
    doc.push(Block::Table(Table::new(vec![Column::new("Zon", 0.38), Column::new("Regioner", 0.62)], zone_rows)));
    if d.workplaces.is_empty() {
        return;
    }
    doc.push(
        Paragraph::new(
            "Följande arbetsplatser hör till en annan zon än sin region; för uppdrag där gäller arbetsplatsens zon och dess priser.",
        )
        .keep_with_next()
        .into(),
    );
    let rows = d
        .workplaces
        .iter()
        .map(|w| {
            vec![
                w.name.clone(),
                w.region.clone(),
                w.region_zone.map(|z| format!("zon {z}")).unwrap_or_default(),
                format!("zon {}", w.zone),
            ]
        })
        .collect();
    doc.push(Block::Table(Table::new(
        vec![
            Column::new("Arbetsplats", 0.32),
            Column::new("Region", 0.28),
            Column::new("Regionens zon", 0.18),
            Column::new("Arbetsplatsens zon", 0.22),
        ],
        rows,
    )));
}

/// 10. Fingerprint: the SHA-256 of the decision's data, and how to check a printout.
fn fingerprint_section(doc: &mut Document, d: &Decision, fingerprint: &str) {
    doc.push(Block::heading(2, "Kontrollsumma"));
    let mut rows = vec![("Beslut nr", d.number.to_string()), ("SHA-256 för beslutsunderlaget", grouped_fingerprint(fingerprint, 4))];
    if let Some(b) = &d.basis {
        rows.push(("Journalens senaste händelse (SHA-256)", grouped_fingerprint(&b.journal_head, 4)));
        rows.push((
            "Beslutet vilar på",
            format!(
                "{} mottagna anbudsfiler, {} bedömningar (hela historiken) och definitionen med SHA-256 {}",
                b.workbooks.len(),
                b.overrides,
                grouped_fingerprint(&b.definition_sha256, 8)
            ),
        ));
    }
    doc.push(Block::key_value(rows));
    doc.push(Block::paragraph(format!(
        "En utskrift kan kontrolleras mot databasen med kommandot: anbud verify --db <databasfil> --decision {} --fingerprint \"{}\" {}. Kommandot räknar fram kontrollsumman på nytt ur de lagrade anbuden, bedömningarna och upphandlingens villkor, kontrollerar att databasen stämmer med sig själv och anger om allt stämmer.",
        d.number,
        grouped_fingerprint(fingerprint, 8),
        d.procurement_id
    )));
    if d.basis.is_some() {
        doc.push(Block::paragraph(format!(
            "Kommandot anbud audit verify --db <databasfil> {} går igenom hela händelsejournalen, kontrollerar att ingen händelse har ändrats eller tagits bort och att anbuden, de mottagna filerna, bedömningarna och besluten i databasen är de som journalen registrerade.",
            d.procurement_id
        )));
    }
}

fn notice_reasons(doc: &mut Document, d: &Decision, org_nr: &str) {
    if let Some(s) = d.not_qualified.iter().find(|s| s.org_nr == org_nr) {
        if s.late {
            doc.push(
                Paragraph::new("Anbudet kom in efter sista anbudsdag och har därför inte prövats i övrigt.").keep_with_next().into(),
            );
        } else {
            doc.push(Paragraph::new("Anbudet uppfyller inte följande krav:").keep_with_next().into());
        }
        doc.push(Block::Table(failed_table(&s.failed)));
    }
}

/// A notice's head, addressee and decision heading: the same for every bidder.
fn notice_start(d: &Decision, fingerprint: &str, name: &str, to: String) -> Document {
    let mut doc = Document::new(format!("Underrättelse om beslut – {name}"), d.decision_date);
    head(&mut doc, d);
    doc.push(Block::heading(1, "Underrättelse om beslut"));
    doc.push(Block::paragraph("Underrättelse enligt 12 kap. 12 § lagen (2016:1145) om offentlig upphandling (LOU)."));
    doc.push(Block::key_value([
        ("Till", to),
        ("Upphandling", format!("{} (dnr {})", d.procurement_name, d.procurement_id)),
        ("Beslut nr", d.number.to_string()),
        ("Beslutsdatum", d.decision_date.to_string()),
        ("Beslutsfattare", format!("{}, {}", decider(d), d.coordinator)),
        ("Kontrollsumma (SHA-256)", grouped_fingerprint(fingerprint, 4)),
    ]));
    if let Some(b) = &d.basis {
        doc.push(Block::key_value([("Journalens senaste händelse (SHA-256)", grouped_fingerprint(&b.journal_head, 4))]));
    }
    doc.push(Block::heading(2, "Beslut"));
    doc
}

/// A notice's end: the standstill, how to apply for review, whom to ask.
fn notice_end(doc: &mut Document, d: &Decision) {
    doc.push(Block::heading(2, "Avtalsspärr och överprövning"));
    doc.push(Block::paragraph(standstill_text(d)));
    doc.push(Block::paragraph(review_text(d)));
    doc.push(Block::paragraph(CONCLUDED_TEXT));
    doc.push(Block::heading(2, "Kontakt"));
    doc.push(Block::paragraph(match &d.contact {
        Some(c) => format!("Frågor om beslutet besvaras av {c}."),
        None => format!("Frågor om beslutet besvaras av {}.", d.coordinator),
    }));
}

/// The notice of the decision to one supplier.
pub fn notice_document(d: &Decision, fingerprint: &str, supplier: &SupplierOutcome) -> Document {
    let mut doc = notice_start(d, fingerprint, &supplier.name, format!("{} ({})", supplier.name, supplier.org_nr));
    match supplier.status {
        Status::Qualified => notice_qualified(&mut doc, d, supplier),
        _ => {
            doc.push(Block::paragraph(format!(
                "{} har beslutat att inte anta {} till ramavtalet, av de skäl som anges nedan.",
                d.coordinator, supplier.name
            )));
            notice_reasons(&mut doc, d, &supplier.org_nr);
        }
    }
    notice_judgements(&mut doc, d, &supplier.org_nr);
    notice_shortage_bids(&mut doc, d, &supplier.org_nr);
    notice_end(&mut doc, d);
    doc
}

/// A qualified supplier's notice: the lots and zones it is qualified for.
fn notice_qualified(doc: &mut Document, d: &Decision, supplier: &SupplierOutcome) {
    doc.push(
        Paragraph::new(format!(
            "{} har beslutat att anta {} till ramavtalet för {}:",
            d.coordinator,
            supplier.name,
            match (supplier.lots.len(), supplier.lots.iter().flat_map(|(_, _, z)| z).collect::<std::collections::BTreeSet<_>>().len())
            {
                (1, 1) => "följande anbudsområde och zon",
                (1, _) => "följande anbudsområde och zoner",
                _ => "följande anbudsområden och zoner",
            }
        ))
        .keep_with_next()
        .into(),
    );
    let rows = supplier.lots.iter().map(|(c, n, z)| vec![format!("{c} {n}"), zones_text(z)]).collect();
    doc.push(Block::Table(Table::new(vec![Column::new("Anbudsområde", 0.7), Column::new("Zoner", 0.3)], rows)));
}

/// The supplier's judgements not already shown with a requirement not met.
fn notice_judgements(doc: &mut Document, d: &Decision, org_nr: &str) {
    let shown: Vec<&str> = d
        .not_qualified
        .iter()
        .filter(|s| s.org_nr == org_nr)
        .flat_map(|s| s.failed.iter().filter(|f| f.judgement.is_some()).map(|f| f.id.as_str()))
        .collect();
    let own: Vec<&Judgement> =
        d.judgements.iter().filter(|j| j.org_nr == org_nr && !shown.contains(&j.requirement_id.as_str())).collect();
    if !own.is_empty() {
        doc.push(Block::heading(3, "Bedömningar"));
        for j in own {
            doc.push(Block::paragraph(format!("{} ({}): {}", j.requirement_title, j.requirement_id, judgement_text(j))));
        }
    }
}

/// The supplier's bids for shortage specialities, outside the agreement and not evaluated.
fn notice_shortage_bids(doc: &mut Document, d: &Decision, org_nr: &str) {
    let shortage: Vec<String> =
        d.shortage_bids.iter().filter(|s| s.org_nr == org_nr).map(|s| format!("{} {}", s.lot, s.lot_name)).collect();
    if !shortage.is_empty() {
        doc.push(Block::paragraph(format!(
            "Anbudet för {} avser {} som ligger utanför ramavtalet och har inte prövats.",
            shortage.join(", "),
            if shortage.len() == 1 { "en bristspecialitet" } else { "bristspecialiteter" }
        )));
    }
}

/// The notice of the decision to a bidder none of whose bids could be evaluated: which workbooks,
/// and why each was not evaluated.
pub fn unevaluated_notice_document(d: &Decision, fingerprint: &str, bidder: &UnevaluatedBidder) -> Document {
    let who = match &bidder.org_nr {
        Some(o) => format!("{} ({o})", bidder.name),
        None => bidder.name.clone(),
    };
    let mut doc = notice_start(d, fingerprint, &bidder.name, who);
    doc.push(Block::paragraph(format!(
        "{} har beslutat att inte anta {} till ramavtalet. Anbudet har inte kunnat prövas mot kraven, av de skäl som anges nedan.",
        d.coordinator, bidder.name
    )));
    doc.push(
        Paragraph::new(if bidder.files.len() == 1 { "Det inlämnade anbudsformuläret:" } else { "De inlämnade anbudsformulären:" })
            .keep_with_next()
            .into(),
    );
    let rows = bidder.files.iter().map(|f| vec![f.file.clone(), f.reasons.join("\n")]).collect();
    doc.push(Block::Table(Table::new(vec![Column::new("Fil", 0.3), Column::new("Skäl att anbudet inte prövats", 0.7)], rows)));
    notice_end(&mut doc, d);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::decision::{build_decision, DecisionInput, SupplierOutcome};

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, "för sent inkommet anbud", "för sent inkomna anbud"), "1 för sent inkommet anbud");
        assert_eq!(count(2, "för sent inkommet anbud", "för sent inkomna anbud"), "2 för sent inkomna anbud");
        assert_eq!(count(0, "ersatt anbud", "ersatta anbud"), "0 ersatta anbud");
        assert_eq!(number_word(7), "sju");
        assert_eq!(number_word(13), "13");
    }

    #[test]
    fn the_decision_sentence_agrees_with_its_counts() {
        let p = crate::usecases::demo::demo_procurement();
        let input = DecisionInput {
            date: "2026-12-21".parse().unwrap(),
            decided_by: "K".into(),
            role: None,
            sent: None,
        };
        let mut d = build_decision(&p, &[], &[], &input).unwrap();
        assert!(
            decision_sentence(&d).contains("beslutar att inte anta någon leverantör till ramavtalet"),
            "{}",
            decision_sentence(&d)
        );
        let one = SupplierOutcome {
            name: "A".into(),
            org_nr: "556012-5790".into(),
            status: Status::Qualified,
            lots: vec![],
        };
        d.suppliers = vec![one];
        d.counts.not_qualified = 1;
        let text = decision_sentence(&d);
        assert!(text.contains("beslutar att anta följande leverantör till ramavtalet"), "{text}");
        assert!(text.contains("och att inte anta den leverantör som anges i avsnitt 3"), "{text}");
        d.suppliers.clear();
        let text = decision_sentence(&d);
        assert!(text.contains("beslutar att inte anta den leverantör till ramavtalet Bemanningstjänster"), "{text}");
    }
}
