//! Writing the bid workbook for a procurement with rust_xlsxwriter: blank (the template handed to
//! bidders) or filled (demo bids, tests, benchmarks) by the same code, so a filled template
//! always follows the layout the importer reads.

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::*;
use crate::model::procurement::Procurement;
use crate::model::requirement::AnswerKind;

/// A value to put in an answer cell when filling a workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(Decimal),
    Date(NaiveDate),
    Bool(bool),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Cell {
        Cell::Date(d)
    }
}
impl From<Decimal> for Cell {
    fn from(d: Decimal) -> Cell {
        Cell::Number(d)
    }
}
impl From<i64> for Cell {
    fn from(i: i64) -> Cell {
        Cell::Number(Decimal::from(i))
    }
}

/// A filled-in bid, in the terms of the workbook.
#[derive(Debug, Clone, Default)]
pub struct Filled {
    pub org_nr: String,
    pub name: String,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub bid_date: Option<Cell>,
    /// Answers by question label; questions not listed stay empty.
    pub answers: Vec<(String, Cell)>,
    /// (Beställare, Yrkeskategori, Från, Till, Timmar)
    pub assignments: Vec<(String, String, Cell, Cell, Cell)>,
    /// (lot code, Lämnar anbud, Zoner)
    pub lots: Vec<(String, bool, String)>,
    /// (lot code, zone, price)
    pub prices: Vec<(String, u8, Cell)>,
}

struct Formats {
    title: Format,
    note: Format,
    header: Format,
    label: Format,
    input: Format,
    input_date: Format,
    input_number: Format,
    input_amount: Format,
    marked: Format,
}

fn formats() -> Formats {
    let input = Format::new().set_unlocked().set_border(FormatBorder::Thin).set_background_color("#FFFBE6");
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        note: Format::new().set_text_wrap().set_align(FormatAlign::Top).set_font_color("#333333"),
        header: Format::new().set_bold().set_background_color("#DCE6F1").set_border(FormatBorder::Thin),
        label: Format::new().set_border(FormatBorder::Thin).set_text_wrap(),
        input_date: input.clone().set_num_format("yyyy-mm-dd"),
        input_number: input.clone().set_num_format("# ##0.##"),
        input_amount: input.clone().set_num_format("# ##0.00"),
        marked: Format::new().set_border(FormatBorder::Thin).set_italic().set_font_color("#7F0000"),
        input,
    }
}

fn protect(ws: &mut Worksheet, allow_rows: bool) {
    let options = ProtectionOptions {
        insert_rows: allow_rows,
        delete_rows: allow_rows,
        format_columns: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// Adds the sheet `name`: its title and instruction above the table, printed on A4 one page wide,
/// and the table's columns (header, width) on row 4.
fn start_sheet<'w>(
    wb: &'w mut Workbook,
    f: &Formats,
    name: &str,
    title: &str,
    text: &str,
    columns: &[(&str, f64)],
) -> Result<&'w mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet().set_name(name)?;
    ws.write_string_with_format(0, 0, title, &f.title)?;
    ws.merge_range(1, 0, 1, columns.len() as u16 - 1, text, &f.note)?;
    ws.set_row_height(1, 48)?;
    // Printed on A4, one page wide.
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    for (c, (h, w)) in columns.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
        ws.write_string_with_format(3, c as u16, *h, &f.header)?;
    }
    Ok(ws)
}

fn write_cell(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell, f: &Formats, date_fmt: bool) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {
            ws.write_blank(row, col, if date_fmt { &f.input_date } else { &f.input })?;
        }
        Cell::Text(t) => {
            ws.write_string_with_format(row, col, t, &f.input)?;
        }
        Cell::Number(n) => {
            ws.write_number_with_format(row, col, n.to_f64().unwrap_or_default(), &f.input_amount)?;
        }
        Cell::Date(d) => {
            ws.write_date_with_format(row, col, d, &f.input_date)?;
        }
        Cell::Bool(b) => {
            ws.write_boolean_with_format(row, col, *b, &f.input)?;
        }
    }
    Ok(())
}

fn yes_no_validation() -> Result<DataValidation, XlsxError> {
    DataValidation::new().allow_list_strings(&["Ja", "Nej"])?.set_error_title("Ja eller Nej")?.set_error_message("Svara Ja eller Nej.")
}

const ASSIGNMENT_ROWS: u32 = 300;

/// What each sheet is written from: the procurement, the bid when the workbook is filled, and
/// the formats.
struct Book<'a> {
    procurement: &'a Procurement,
    fill: Option<&'a Filled>,
    f: Formats,
}

/// Anbudsgivare: the bidder's items and the bid's date, one a row.
fn write_bidder_sheet(wb: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let (p, fill, f) = (book.procurement, book.fill, &book.f);
    let ws = start_sheet(
        wb,
        f,
        SHEET_BIDDER,
        &format!("Anbudsformulär – {} ({})", p.name, p.id),
        &format!(
            "Fyll i de gula cellerna. Organisationsnummer skrivs NNNNNN-NNNN. Anbudsdatum skrivs ÅÅÅÅ-MM-DD. Sista anbudsdag är {}. Ändra inte rubrikerna eller bladens namn.",
            p.deadline
        ),
        &[(H_ITEM, 28.0), (H_ANSWER, 48.0)],
    )?;
    let rows: [(&str, Option<Cell>, bool); 6] = [
        (L_ORGNR, fill.map(|b| Cell::Text(b.org_nr.clone())), false),
        (L_NAME, fill.map(|b| Cell::Text(b.name.clone())), false),
        (L_CONTACT, fill.and_then(|b| b.contact.clone()).map(Cell::Text), false),
        (L_EMAIL, fill.and_then(|b| b.email.clone()).map(Cell::Text), false),
        (L_PHONE, fill.and_then(|b| b.phone.clone()).map(Cell::Text), false),
        (L_DATE, fill.and_then(|b| b.bid_date.clone()), true),
    ];
    for (i, (label, value, is_date)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string_with_format(r, 0, *label, &f.label)?;
        write_cell(ws, r, 1, value.as_ref().unwrap_or(&Cell::Empty), f, *is_date)?;
    }
    protect(ws, false);
    Ok(())
}

/// Kvalificering: each question of the procurement with its answer cell, validated by its kind.
fn write_qualification_sheet(wb: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let (p, fill, f) = (book.procurement, book.fill, &book.f);
    let ws = start_sheet(
        wb,
        f,
        SHEET_QUALIFICATION,
        "Kvalificering (skall-krav)",
        "Besvara varje fråga i kolumnen Svar. Ja/Nej väljs i listan. Belopp i kronor, datum ÅÅÅÅ-MM-DD. En obesvarad fråga kan leda till att anbudet inte kvalificeras.",
        &[(H_QUESTION, 52.0), (H_ANSWER, 28.0)],
    )?;
    for (i, q) in p.questions().iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string_with_format(r, 0, &q.label, &f.label)?;
        let value = fill
            .and_then(|b| {
                b.answers.iter().find(|(l, _)| crate::model::bid::normalize_label(l) == crate::model::bid::normalize_label(&q.label))
            })
            .map(|(_, v)| v.clone())
            .unwrap_or(Cell::Empty);
        write_answer(ws, r, &q.kind, value, f)?;
    }
    protect(ws, false);
    Ok(())
}

/// An answer cell on row `r` of Kvalificering, with the validation and format of its kind.
fn write_answer(ws: &mut Worksheet, r: u32, kind: &AnswerKind, value: Cell, f: &Formats) -> Result<(), XlsxError> {
    match kind {
        AnswerKind::YesNo => {
            ws.add_data_validation(r, 1, r, 1, &yes_no_validation()?)?;
            write_cell(ws, r, 1, &value, f, false)?;
        }
        AnswerKind::Date { .. } => write_cell(ws, r, 1, &value, f, true)?,
        AnswerKind::Integer { min, max } => {
            let dv = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(*min as i32, *max as i32))
                .set_error_message(format!("Ange ett heltal {min}–{max}."))?;
            ws.add_data_validation(r, 1, r, 1, &dv)?;
            match value {
                Cell::Empty => {
                    ws.write_blank(r, 1, &f.input_number)?;
                }
                Cell::Number(n) => {
                    ws.write_number_with_format(r, 1, n.to_f64().unwrap_or_default(), &f.input_number)?;
                }
                other => write_cell(ws, r, 1, &other, f, false)?,
            }
        }
        AnswerKind::Amount | AnswerKind::Number => match value {
            Cell::Empty => {
                ws.write_blank(r, 1, &f.input_amount)?;
            }
            other => write_cell(ws, r, 1, &other, f, false)?,
        },
        AnswerKind::Text => write_cell(ws, r, 1, &value, f, false)?,
    }
    Ok(())
}

/// Referensuppdrag: the assignments filled in, then blank rows up to [`ASSIGNMENT_ROWS`].
fn write_assignments_sheet(wb: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let (p, fill, f) = (book.procurement, book.fill, &book.f);
    let ws = start_sheet(
        wb,
        f,
        SHEET_ASSIGNMENTS,
        &format!("Referensuppdrag {}", p.reference_year),
        &format!(
            "En rad per levererat uppdrag: beställare, yrkeskategori, första och sista dag (ÅÅÅÅ-MM-DD) och antal levererade timmar. Uppdrag som delvis ligger utanför referensåret {} räknas i proportion till antalet kalenderdagar inom året.",
            p.reference_year
        ),
        &[(H_CUSTOMER, 30.0), (H_PROFESSION, 28.0), (H_FROM, 13.0), (H_TO, 13.0), (H_HOURS, 12.0)],
    )?;
    let filled = fill.map(|b| b.assignments.as_slice()).unwrap_or(&[]);
    let rows = (filled.len() as u32).max(ASSIGNMENT_ROWS);
    for i in 0..rows {
        let r = 4 + i;
        match filled.get(i as usize) {
            Some((cust, prof, from, to, hours)) => {
                write_cell(ws, r, 0, &Cell::Text(cust.clone()), f, false)?;
                write_cell(ws, r, 1, &Cell::Text(prof.clone()), f, false)?;
                write_cell(ws, r, 2, from, f, true)?;
                write_cell(ws, r, 3, to, f, true)?;
                write_cell(ws, r, 4, hours, f, false)?;
            }
            None => {
                ws.write_blank(r, 0, &f.input)?;
                ws.write_blank(r, 1, &f.input)?;
                ws.write_blank(r, 2, &f.input_date)?;
                ws.write_blank(r, 3, &f.input_date)?;
                ws.write_blank(r, 4, &f.input_number)?;
            }
        }
    }
    protect(ws, true);
    Ok(())
}

/// Anbudsområden: every lot, shortage specialities marked, with Lämnar anbud and Zoner to fill in.
fn write_lots_sheet(wb: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let (p, fill, f) = (book.procurement, book.fill, &book.f);
    let zone_hint = format!("1-{}", p.zones.zones.len());
    let ws = start_sheet(
        wb,
        f,
        SHEET_LOTS,
        "Anbudsområden",
        &format!(
            "Ange Ja för varje anbudsområde som anbudet avser och vilka zoner: t.ex. {zone_hint}, 1, 2, 5 eller alla. Bristspecialiteter är markerade och ligger utanför ramavtalet; anbud för dem prövas inte."
        ),
        &[(H_CODE, 8.0), (H_LOT, 58.0), (H_OFFERED, 14.0), (H_ZONES, 16.0)],
    )?;
    for (i, lot) in p.lots.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string_with_format(r, 0, &lot.code, &f.label)?;
        if lot.shortage {
            ws.write_string_with_format(r, 1, format!("{} (bristspecialitet – utanför ramavtalet)", lot.name), &f.marked)?;
        } else {
            ws.write_string_with_format(r, 1, &lot.name, &f.label)?;
        }
        ws.add_data_validation(r, 2, r, 2, &yes_no_validation()?)?;
        let offer = fill.and_then(|b| b.lots.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(&lot.code)));
        match offer {
            Some((_, offered, zones)) => {
                ws.write_string_with_format(r, 2, if *offered { "Ja" } else { "Nej" }, &f.input)?;
                ws.write_string_with_format(r, 3, zones, &f.input)?;
            }
            None => {
                ws.write_blank(r, 2, &f.input)?;
                ws.write_blank(r, 3, &f.input)?;
            }
        }
    }
    protect(ws, false);
    Ok(())
}

/// Priser: a row per lot of the agreement and zone, then the prices filled in outside that grid.
fn write_prices_sheet(wb: &mut Workbook, book: &Book) -> Result<(), XlsxError> {
    let (p, fill, f) = (book.procurement, book.fill, &book.f);
    let ws = start_sheet(
        wb,
        f,
        SHEET_PRICES,
        "Priser",
        "Avtalets priser är fasta per anbudsområde och zon. Fyll i ett timpris (kronor per timme exkl. moms) bara om du vill bekräfta det; ett angivet pris måste vara lika med avtalets pris.",
        &[(H_CODE, 8.0), (H_ZONE, 8.0), (H_PRICE, 16.0)],
    )?;
    let mut r = 4u32;
    let stated = fill.map(|b| b.prices.as_slice()).unwrap_or(&[]);
    for lot in p.agreement_lots() {
        for zone in p.zones.numbers() {
            ws.write_string_with_format(r, 0, &lot.code, &f.label)?;
            ws.write_number_with_format(r, 1, zone as f64, &f.label)?;
            match stated.iter().find(|(c, z, _)| c.eq_ignore_ascii_case(&lot.code) && *z == zone) {
                Some((_, _, v)) => write_cell(ws, r, 2, v, f, false)?,
                None => {
                    ws.write_blank(r, 2, &f.input_amount)?;
                }
            }
            r += 1;
        }
    }
    // Prices for lots or zones outside the grid (e.g. a bidder's own rows) go below it.
    for (code, zone, v) in stated {
        let in_grid = p.agreement_lots().any(|l| l.code.eq_ignore_ascii_case(code)) && p.zones.has_zone(*zone);
        if !in_grid {
            ws.write_string_with_format(r, 0, code, &f.input)?;
            ws.write_number_with_format(r, 1, *zone as f64, &f.input)?;
            write_cell(ws, r, 2, v, f, false)?;
            r += 1;
        }
    }
    protect(ws, true);
    Ok(())
}

/// Writes the workbook for `procurement`, blank or filled.
pub fn write_workbook(procurement: &Procurement, fill: Option<&Filled>) -> Result<Vec<u8>, XlsxError> {
    let book = Book { procurement, fill, f: formats() };
    let mut wb = Workbook::new();
    write_bidder_sheet(&mut wb, &book)?;
    write_qualification_sheet(&mut wb, &book)?;
    write_assignments_sheet(&mut wb, &book)?;
    write_lots_sheet(&mut wb, &book)?;
    write_prices_sheet(&mut wb, &book)?;
    wb.save_to_buffer()
}

/// Writes the blank bid workbook for a procurement.
pub fn write_template(procurement: &Procurement, path: &std::path::Path) -> Result<(), XlsxError> {
    let bytes = write_workbook(procurement, None)?;
    std::fs::write(path, bytes).map_err(XlsxError::IoError)
}
