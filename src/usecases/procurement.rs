//! The procurement screen (Upphandling): the catalogue in Swedish, the definition checked, edited and saved.

use serde::{Deserialize, Serialize};

use crate::definition::edit::{apply_edits, Edit, EditError};
use crate::definition::locate::{key_at_line, locate_key};
use crate::definition::parse::DefinitionError;
use crate::model::money::{format_number, format_sek};
use crate::model::procurement::Procurement;
use crate::model::requirement::Rule;
use crate::store::{AmendmentInput, Store, StoreError};

use super::error::Result;

/// One parameter of a requirement, for people: `Lägsta riskklass` = `3`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Parameter {
    pub label: String,
    pub value: String,
}

/// A requirement of the catalogue as the procurement screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct CatalogueEntry {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub kind_label: String,
    pub description: Option<String>,
    pub questions: Vec<String>,
    pub parameters: Vec<Parameter>,
}

/// The procurement with its definition text and the catalogue in Swedish.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ProcurementView {
    pub procurement: Procurement,
    pub definition_toml: String,
    pub catalogue: Vec<CatalogueEntry>,
    /// Region names by county code, for the zones.
    pub region_names: Vec<(String, String)>,
    /// The procurement has received workbooks: its definition changes only by an amendment
    /// (rättelse), with a justification and the person's name.
    pub frozen: bool,
}

/// The procurement, its definition and its catalogue.
pub fn procurement_view(store: &Store, procurement_id: &str) -> Result<ProcurementView> {
    let (p, toml) = load(store, procurement_id)?;
    let catalogue = catalogue(&p);
    let region_names = crate::model::regions::REGIONS.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect();
    let frozen = store.is_frozen(procurement_id)?;
    Ok(ProcurementView { procurement: p, definition_toml: toml, catalogue, region_names, frozen })
}

pub(crate) fn load(store: &Store, procurement_id: &str) -> Result<(Procurement, String)> {
    store.procurement(procurement_id)?.ok_or_else(|| StoreError::NoProcurement(procurement_id.to_string()).into())
}

/// The catalogue's requirements with their parameters in Swedish.
pub fn catalogue(p: &Procurement) -> Vec<CatalogueEntry> {
    let param = |label: &str, value: String| Parameter { label: label.to_string(), value };
    p.requirements
        .iter()
        .map(|r| {
            let (kind_label, parameters) = match &r.rule {
                Rule::Deadline { deadline } => {
                    ("Sista anbudsdag", vec![param("Sista anbudsdag", deadline.unwrap_or(p.deadline).to_string())])
                }
                Rule::YesNo { expected, .. } => {
                    ("Ja/Nej-försäkran", vec![param("Svar som uppfyller kravet", if *expected { "Ja" } else { "Nej" }.into())])
                }
                Rule::FixedPrice { .. } => (
                    "Fasta priser",
                    vec![param("Villkor", "Ja, och varje angivet pris lika med avtalets pris för anbudsområde och zon".into())],
                ),
                Rule::MinClass { min_class, scale_min, scale_max, max_age_months, alternative_question, .. } => {
                    let oldest = p.deadline.checked_sub_months(chrono::Months::new(*max_age_months));
                    let mut v = vec![
                        param("Lägsta klass", format!("{min_class} (skala {scale_min}–{scale_max})")),
                        param(
                            "Upplysningen högst",
                            format!(
                                "{max_age_months} månader gammal{}",
                                oldest.map(|d| format!(" (daterad {d} eller senare)")).unwrap_or_default()
                            ),
                        ),
                    ];
                    if alternative_question.is_some() {
                        v.push(param("Lägre klass med garanti", "bedöms manuellt".into()));
                    }
                    ("Lägsta klass (kreditvärdighet)", v)
                }
                Rule::MinAmount { min_amount, max_period_age_months, .. } => {
                    let mut v = vec![param("Lägsta belopp", format_sek(*min_amount))];
                    if let Some(m) = max_period_age_months {
                        let limit = p.deadline.checked_sub_months(chrono::Months::new(*m));
                        v.push(param(
                            "Räkenskapsåret slut senast",
                            format!(
                                "{m} månader före sista anbudsdag{}",
                                limit.map(|d| format!(" ({d} eller senare)")).unwrap_or_default()
                            ),
                        ));
                    }
                    ("Lägsta belopp (omsättning)", v)
                }
                Rule::YearsSince { years, .. } => {
                    let limit = p.deadline.checked_sub_months(chrono::Months::new(years * 12));
                    (
                        "Antal år i verksamhet",
                        vec![param(
                            "Minst",
                            format!("{years} år{}", limit.map(|d| format!(" (sedan {d} eller tidigare)")).unwrap_or_default()),
                        )],
                    )
                }
                Rule::ReferenceHours { min_hours, reference_year, .. } => (
                    "Levererade timmar",
                    vec![
                        param("Lägst antal timmar", format!("{} h", format_number(*min_hours))),
                        param("Referensår", reference_year.unwrap_or(p.reference_year).to_string()),
                    ],
                ),
            };
            let mut questions: Vec<String> = r.questions(p.deadline).into_iter().map(|q| q.label).collect();
            if matches!(r.rule, Rule::Deadline { .. }) {
                questions.push("Anbudsdatum (bladet Anbudsgivare)".into());
            }
            if matches!(r.rule, Rule::ReferenceHours { .. }) {
                questions.push("Bladet Referensuppdrag".into());
            }
            CatalogueEntry {
                id: r.id.clone(),
                title: r.title.clone(),
                kind: r.rule.kind_name().to_string(),
                kind_label: kind_label.to_string(),
                description: r.description.clone(),
                questions,
                parameters,
            }
        })
        .collect()
}

/// One problem in a definition, with the line of the TOML it concerns where it can be found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct KeyedIssue {
    pub key: String,
    /// What is wrong, in Swedish, to follow the key; never with the line in it (that is `line`).
    pub message: String,
    /// 1-based line in the TOML text.
    pub line: Option<u32>,
}

/// The result of checking (and saving) a definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DefinitionCheck {
    pub ok: bool,
    pub saved: bool,
    pub procurement_id: Option<String>,
    pub issues: Vec<KeyedIssue>,
}

/// A definition to start a new procurement from: the demo's, with a note to change it.
pub fn starter_definition() -> String {
    format!(
        "# Utgå från demots definition: ändra diarienummer, namn, datum, zoner, priser och krav.\n# Formatet beskrivs i docs/procurement-format.md.\n\n{}",
        crate::usecases::demo::DEMO_TOML.find("[procurement]").map(|i| &crate::usecases::demo::DEMO_TOML[i..]).unwrap_or(crate::usecases::demo::DEMO_TOML)
    )
}

/// Checks a definition without saving it.
pub fn check_definition(toml: &str) -> DefinitionCheck {
    match Procurement::from_toml(toml) {
        Ok(p) => DefinitionCheck { ok: true, saved: false, procurement_id: Some(p.id), issues: vec![] },
        Err(e) => DefinitionCheck { ok: false, saved: false, procurement_id: None, issues: issues_of(&e, toml) },
    }
}

/// A definition after a structured edit: the new text (never saved here; saving stays
/// [`update_definition`]), its check by key and line, and, when it is valid, the procurement it
/// defines with its catalogue, from which the screen draws the tables, the price matrix and the
/// charts again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct EditedDefinition {
    pub toml: String,
    pub check: DefinitionCheck,
    pub procurement: Option<Procurement>,
    pub catalogue: Vec<CatalogueEntry>,
}

/// Applies structured edits to a definition text, in order, keeping everything else as written
/// ([`crate::definition::edit`]), and checks the result as [`check_definition`] does. No edit
/// just checks the text and gives its procurement. Text that is not TOML comes back unchanged
/// with its syntax problem; an edit naming what is not in the definition (a zone, a lot, a
/// workplace) is refused as invalid input.
pub fn edit_definition(toml: &str, edits: &[Edit]) -> Result<EditedDefinition> {
    let text = match apply_edits(toml, edits) {
        Ok(t) => t,
        Err(EditError::Syntax) => {
            let mut check = check_definition(toml);
            if check.ok {
                // The two parsers disagree on the text (never expected): refuse rather than guess.
                check.ok = false;
                check.procurement_id = None;
                check.issues = vec![KeyedIssue { key: "toml".into(), message: EditError::Syntax.to_string(), line: None }];
            }
            return Ok(EditedDefinition { toml: toml.to_string(), check, procurement: None, catalogue: vec![] });
        }
        Err(e @ EditError::NotFound { .. }) => return Err(e.into()),
    };
    match Procurement::from_toml(&text) {
        Ok(p) => Ok(EditedDefinition {
            check: DefinitionCheck { ok: true, saved: false, procurement_id: Some(p.id.clone()), issues: vec![] },
            catalogue: catalogue(&p),
            procurement: Some(p),
            toml: text,
        }),
        Err(e) => Ok(EditedDefinition {
            check: DefinitionCheck { ok: false, saved: false, procurement_id: None, issues: issues_of(&e, &text) },
            procurement: None,
            catalogue: vec![],
            toml: text,
        }),
    }
}

/// Saves a definition as a new procurement of the database ("Ny upphandling"). As
/// [`update_definition`], except that an id (diarienummer) already in the database is refused
/// as a problem of `procurement.id`, so an existing procurement is never replaced by mistake.
pub fn create_procurement(store: &mut Store, toml: &str, now: &str) -> Result<DefinitionCheck> {
    let p = match Procurement::from_toml(toml) {
        Ok(p) => p,
        Err(e) => return Ok(DefinitionCheck { ok: false, saved: false, procurement_id: None, issues: issues_of(&e, toml) }),
    };
    if store.procurement(&p.id)?.is_some() {
        return Ok(DefinitionCheck {
            ok: false,
            saved: false,
            procurement_id: None,
            issues: vec![KeyedIssue {
                key: "procurement.id".into(),
                message: format!(
                    "diarienumret {} finns redan i databasen; ange ett nytt för den nya upphandlingen (eller ändra den befintliga under Upphandling)",
                    p.id
                ),
                line: locate_key(toml, "procurement.id"),
            }],
        });
    }
    update_definition(store, toml, now)
}

/// Checks a definition and, when valid, saves it (a new procurement, or the same id updated)
/// and evaluates the bids in force again under it. An invalid definition is not saved; its
/// problems come back by key, with their lines. Once the procurement has received workbooks, a
/// change is refused (code `definition_frozen`): see [`update_definition_amended`].
pub fn update_definition(store: &mut Store, toml: &str, now: &str) -> Result<DefinitionCheck> {
    update_definition_amended(store, toml, now, None)
}

/// As [`update_definition`], with an amendment (rättelse): once the procurement has received
/// workbooks, a change is saved only as an amendment with a justification and the person's name.
pub fn update_definition_amended(
    store: &mut Store,
    toml: &str,
    now: &str,
    amendment: Option<&AmendmentInput>,
) -> Result<DefinitionCheck> {
    let p = match Procurement::from_toml(toml) {
        Ok(p) => p,
        Err(e) => return Ok(DefinitionCheck { ok: false, saved: false, procurement_id: None, issues: issues_of(&e, toml) }),
    };
    crate::usecases::evaluation::save_definition_amended(store, &p, toml, now, amendment)?;
    crate::usecases::evaluation::evaluate_all(store, &p)?;
    Ok(DefinitionCheck { ok: true, saved: true, procurement_id: Some(p.id), issues: vec![] })
}

fn issues_of(e: &DefinitionError, toml: &str) -> Vec<KeyedIssue> {
    match e {
        DefinitionError::Invalid(list) => list
            .iter()
            .map(|i| KeyedIssue { key: i.key.clone(), message: i.message.clone(), line: locate_key(toml, &i.key) })
            .collect(),
        DefinitionError::Syntax { message, line } => {
            // The key is the field on the parser's line where there is one
            // (`procurement.refrence_year` for an unknown field), else "toml".
            let key = line.and_then(|l| key_at_line(toml, l)).unwrap_or_else(|| "toml".into());
            vec![KeyedIssue { key, message: message.clone(), line: *line }]
        }
        DefinitionError::Io(m) => vec![KeyedIssue { key: "fil".into(), message: m.clone(), line: None }],
    }
}
