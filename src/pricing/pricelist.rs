//! The price list (prisbilaga) as .xlsx: part of the procurement documents.
//!
//! One sheet, "Prisbilaga": a title with the procurement's name and dnr, the fixed hourly prices
//! with lots down and zones across, then each zone with its name, factor and regions, the
//! workplaces with a zone of their own and the shortage lots outside the agreement. Printed A4
//! landscape, one page wide, the name and dnr in the header and "Sida N av M" in the footer.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::model::error_code::ErrorCode;
use crate::model::procurement::Procurement;
use crate::pricing::prices::region_label;

pub const SHEET: &str = "Prisbilaga";

/// Row (zero-based) of the price table's header; lots follow on the rows below it.
pub const HEADER_ROW: u32 = 4;

#[derive(Debug, thiserror::Error)]
#[error("prisbilagan kunde inte skrivas: {0}")]
pub struct PriceListError(String);

impl PriceListError {
    /// A stable code for machines: the workbook could not be written.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::Io
    }
}

impl From<XlsxError> for PriceListError {
    fn from(e: XlsxError) -> Self {
        PriceListError(e.to_string())
    }
}

/// Writes the price list of a procurement to `path` (.xlsx).
pub fn write_price_list(p: &Procurement, path: &Path) -> Result<(), PriceListError> {
    let mut wb = build(p)?;
    wb.save(path).map_err(|e| PriceListError(format!("{}: {e}", path.display())))
}

/// The price list as .xlsx bytes.
pub fn price_list_bytes(p: &Procurement) -> Result<Vec<u8>, PriceListError> {
    let mut wb = build(p)?;
    Ok(wb.save_to_buffer()?)
}

fn build(p: &Procurement) -> Result<Workbook, PriceListError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    fill(ws, p)?;
    Ok(wb)
}

fn fill(ws: &mut Worksheet, p: &Procurement) -> Result<(), XlsxError> {
    ws.set_name(SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_border_bottom(FormatBorder::Thin).set_text_wrap();
    let header_num = header.clone().set_align(FormatAlign::Right);
    let whole = p.prices.iter().all(|(_, _, price)| price.fract().is_zero());
    let money = Format::new().set_num_format(if whole { "#,##0" } else { "#,##0.00" });
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);

    let mut zones: Vec<_> = p.zones.zones.iter().collect();
    zones.sort_by_key(|z| z.number);
    let last_col = 1 + zones.len() as u16;

    ws.write_string_with_format(0, 0, format!("Prisbilaga – {}", p.name), &title)?;
    ws.write_string(1, 0, format!("Diarienummer {}", p.id))?;
    ws.write_string(2, 0, "Fasta timpriser i kronor exklusive moms, per anbudsområde och ersättningszon.")?;

    ws.write_string_with_format(HEADER_ROW, 0, "Kod", &header)?;
    ws.write_string_with_format(HEADER_ROW, 1, "Anbudsområde", &header)?;
    for (i, z) in zones.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, 2 + i as u16, format!("Zon {}", z.number), &header_num)?;
    }
    let mut row = HEADER_ROW + 1;
    for lot in p.agreement_lots() {
        ws.write_string(row, 0, &lot.code)?;
        ws.write_string(row, 1, &lot.name)?;
        for (i, z) in zones.iter().enumerate() {
            if let Some(price) = p.prices.get(&lot.code, z.number) {
                // The exact decimal is shown; the cell's number is for sums in a spreadsheet.
                let number: f64 = price.to_string().parse().unwrap_or(0.0);
                ws.write_number_with_format(row, 2 + i as u16, number, &money)?;
            }
        }
        row += 1;
    }

    row += 1;
    ws.write_string_with_format(row, 0, "Zoner och regioner", &bold)?;
    row += 1;
    ws.write_string_with_format(row, 0, "Zon", &header)?;
    ws.write_string_with_format(row, 1, "Namn", &header)?;
    ws.write_string_with_format(row, 2, "Regioner", &header)?;
    row += 1;
    for z in &zones {
        ws.write_string_with_format(row, 0, format!("Zon {}", z.number), &top)?;
        let mut name = z.name.clone();
        if let Some(f) = z.factor {
            name.push_str(&format!(" (faktor {})", crate::model::money::format_decimal(f, f.scale().max(2))));
        }
        ws.write_string_with_format(row, 1, name, &wrap)?;
        let regions: Vec<String> = z.regions.iter().map(|c| format!("{} ({c})", region_label(p, c))).collect();
        if last_col > 2 {
            ws.merge_range(row, 2, row, last_col, &regions.join(", "), &wrap)?;
        } else {
            ws.write_string_with_format(row, 2, regions.join(", "), &wrap)?;
        }
        // Room for the text to wrap: about 60 characters a line across the zone columns, 42 in
        // the name column.
        let lines = regions.join(", ").chars().count().div_ceil(60).max(z.name.chars().count().div_ceil(42)).max(1);
        ws.set_row_height(row, 15.0 * lines as f64)?;
        row += 1;
    }

    if !p.zones.workplaces.is_empty() {
        row += 1;
        ws.write_string_with_format(row, 0, "Arbetsplatser med egen zon", &bold)?;
        row += 1;
        ws.write_string_with_format(row, 0, "Zon", &header)?;
        ws.write_string_with_format(row, 1, "Arbetsplats", &header)?;
        ws.write_string_with_format(row, 2, "Region", &header)?;
        row += 1;
        for w in &p.zones.workplaces {
            ws.write_string(row, 0, format!("Zon {}", w.zone))?;
            ws.write_string(row, 1, &w.name)?;
            ws.write_string(row, 2, format!("{} ({})", region_label(p, &w.region), w.region))?;
            row += 1;
        }
    }

    let shortage: Vec<_> = p.lots.iter().filter(|l| l.shortage).collect();
    if !shortage.is_empty() {
        row += 1;
        ws.write_string_with_format(row, 0, "Bristområden utanför avtalet (inga priser)", &bold)?;
        row += 1;
        for l in shortage {
            ws.write_string(row, 0, &l.code)?;
            ws.write_string(row, 1, &l.name)?;
            row += 1;
        }
    }

    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 42)?;
    for i in 0..zones.len() as u16 {
        ws.set_column_width(2 + i, 11)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&L{}&R{}", escape(&p.name), escape(&p.id)));
    ws.set_footer("&CSida &P av &N");
    Ok(())
}

/// Header text with `&` doubled (Excel's header codes start with `&`).
fn escape(s: &str) -> String {
    s.replace('&', "&&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_auto, Data, DataType, Reader};
    use rust_decimal::Decimal;

    const DEMO: &str = include_str!("../../assets/demo/upphandling.toml");

    fn text(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
        match r.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("{row},{col}: {other:?}"),
        }
    }

    #[test]
    fn price_list_reads_back() {
        let p = Procurement::from_toml(DEMO).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prisbilaga.xlsx");
        write_price_list(&p, &path).unwrap();
        let mut wb = open_workbook_auto(&path).unwrap();
        assert_eq!(wb.sheet_names(), vec![SHEET.to_string()]);
        let r = wb.worksheet_range(SHEET).unwrap();
        assert_eq!(text(&r, 0, 0), "Prisbilaga – Bemanningstjänster inom hälso- och sjukvård 2028");
        assert_eq!(text(&r, 1, 0), "Diarienummer DEMO-2026-001");
        assert_eq!(text(&r, HEADER_ROW, 0), "Kod");
        for z in 1..=6u32 {
            assert_eq!(text(&r, HEADER_ROW, 1 + z), format!("Zon {z}"));
        }
        // Lots down, in definition order, every price as the matrix has it.
        let lots: Vec<_> = p.agreement_lots().collect();
        assert_eq!(lots.len(), 8);
        for (i, lot) in lots.iter().enumerate() {
            let row = HEADER_ROW + 1 + i as u32;
            assert_eq!(text(&r, row, 0), lot.code);
            assert_eq!(text(&r, row, 1), lot.name);
            for z in 1..=6u8 {
                let cell = r.get_value((row, 1 + z as u32)).unwrap();
                let got = match cell {
                    Data::Float(f) => crate::model::money::decimal_from_f64(*f).unwrap(),
                    Data::Int(i) => Decimal::from(*i),
                    other => panic!("{other:?}"),
                };
                assert_eq!(Some(got), p.prices.get(&lot.code, z), "{} zon {z}", lot.code);
            }
        }
        assert_eq!(r.get_value((HEADER_ROW + 2, 3)), Some(&Data::Float(1523.0)), "L2 zon 2");
        assert_eq!(r.get_value((HEADER_ROW + 6, 7)), Some(&Data::Float(936.0)), "S1 zon 6");
        // The zones with their regions, the workplaces and the shortage lots follow.
        let all: Vec<String> = r.rows().flatten().filter_map(|c| c.get_string().map(str::to_string)).collect();
        assert!(all.iter().any(|s| s == "Region Stockholm (01), Region Skåne (12), Västra Götalandsregionen (14)"), "{all:?}");
        assert!(all.iter().any(|s| s == "Region Jämtland Härjedalen (23), Region Norrbotten (25)"), "{all:?}");
        assert!(all.iter().any(|s| s == "Vårdcentralen Idre"));
        assert!(all.iter().any(|s| s == "Specialistläkare ögonsjukdomar"));
        assert!(!all.iter().any(|s| s.contains("X1") && s.contains("Zon")));
    }

    #[test]
    fn bytes_are_an_xlsx() {
        let p = Procurement::from_toml(DEMO).unwrap();
        let bytes = price_list_bytes(&p).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
