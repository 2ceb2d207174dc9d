//! Layout and archival checks of `anbud::records::pdf`.
//!
//! Some tests shell out to poppler-utils (`pdftotext`, `pdffonts`) and
//! `qpdf`; CI installs them. Rendered samples are written to
//! `$CARGO_TARGET_TMPDIR/pdf-samples/` for looking at (`pdftoppm -png`).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use anbud::records::pdf::layout::Role;
use anbud::records::pdf::{render, render_with_layout, Block, Column, Document, Paragraph, Table};
use chrono::NaiveDate;

mod common;
use common::pdfa::{all_within_margins, assert_pdfa_2a_ua1, assert_structure_matches, assert_zpdf_conforms, tagged_structure};

const LONG_REASON: &str = "Anbudet anger en omsättning för det senaste avslutade räkenskapsåret \
     (2025-01-01–2025-12-31) på 4 999 999,99 kr. Kravet är att omsättningen uppgår till minst \
     5 000 000 kr. Omsättningen understiger kravet med 0,01 kr och kravet är därför inte uppfyllt. \
     Någon moderbolagsgaranti har inte bifogats, och anbudsgivaren har inte på annat sätt visat \
     att den ekonomiska kapaciteten är tillräcklig för uppdraget.";

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 21).unwrap()
}

/// A document shaped like a decision record: `suppliers` qualified rows and
/// a table of rejections with long reasons.
fn record(suppliers: usize) -> Document {
    let mut doc = Document::new("Kvalificeringsbeslut – Bemanningstjänster inom hälso- och sjukvård 2028", date());
    doc.author = "Region Östergötland".into();
    doc.subject = "Kvalificeringsbeslut dnr DEMO-2026-001".into();
    doc.header_left = vec!["Bemanningstjänster inom hälso- och sjukvård 2028".into(), "Region Östergötland".into()];
    doc.header_right = vec!["Dnr DEMO-2026-001".into(), "Beslutsdatum 2026-12-21".into()];
    doc.push(Block::heading(1, "Kvalificeringsbeslut"));
    doc.push(
        Paragraph::lead(
            "Beslut. ",
            "Region Östergötland beslutar att anta följande leverantörer till ramavtalet \
             Bemanningstjänster inom hälso- och sjukvård 2028 för de anbudsområden och zoner som anges nedan.",
        )
        .into(),
    );
    doc.push(Block::key_value([
        ("Beslutsfattare", "Åsa Öberg, upphandlingschef"),
        ("Beslutsdatum", "2026-12-21"),
        ("Avtalsspärr", "Beslutet skickas 2026-12-21. Avtalsspärren löper till och med 2027-01-04."),
    ]));
    doc.push(Block::heading(2, "Kvalificerade leverantörer"));
    let rows = (0..suppliers)
        .map(|i| {
            vec![
                format!("Vårdbemanning Ärlig {i} AB"),
                format!("556{:03}-{:04}", i % 1000, (i * 37) % 10000),
                "L1, L2, S1, S3".into(),
                "1, 2, 3, 4, 5, 6".into(),
            ]
        })
        .collect();
    doc.push(Block::Table(Table::new(
        vec![
            Column::new("Leverantör", 0.36),
            Column::new("Organisationsnummer", 0.30),
            Column::new("Områden", 0.18),
            Column::new("Zoner", 0.16),
        ],
        rows,
    )));
    doc.push(Block::heading(2, "Leverantörer som inte kvalificerats"));
    let rejected = (0..12)
        .map(|i| {
            vec![
                format!("Ej Kvalificerad {i} AB\n559999-{:04}", i),
                "omsattning – Omsättning senaste avslutade räkenskapsår".into(),
                "4 999 999,99 kr (räkenskapsåret slut 2025-12-31)".into(),
                LONG_REASON.into(),
            ]
        })
        .collect();
    doc.push(Block::Table(Table::new(
        vec![
            Column::new("Leverantör", 0.2),
            Column::new("Krav", 0.2),
            Column::new("Uppgift i anbudet", 0.2),
            Column::new("Skäl", 0.4),
        ],
        rejected,
    )));
    doc.push(Block::Spacer);
    doc.push(Block::small("Kontrollsumma (SHA-256): 3f2a…; kontrollera med `anbud verify`."));
    doc.push(Block::PageBreak);
    doc.push(Block::heading(1, "Bilaga: Prislista"));
    let prices = ["L1", "L2", "S1"]
        .iter()
        .map(|l| {
            let mut r = vec![format!("{l} Specialistläkare allmänmedicin")];
            r.extend((1..=6).map(|z| format!("{} kr", 1400 + z * 70)));
            r
        })
        .collect();
    let mut cols = vec![Column::new("Anbudsområde", 0.34)];
    cols.extend((1..=6).map(|z| Column::new(format!("Zon {z}"), 0.11).right()));
    let mut t = Table::new(cols, prices);
    t.keep_rows_together = true;
    doc.push(Block::Table(t));
    doc
}

fn sample_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf-samples");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_sample(name: &str, bytes: &[u8]) -> PathBuf {
    let path = sample_dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn tool(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd} must be installed (poppler-utils, qpdf): {e}"));
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn pdftotext_pages(path: &std::path::Path) -> Vec<String> {
    let (ok, text) = tool("pdftotext", &["-layout", "-enc", "UTF-8", path.to_str().unwrap(), "-"]);
    assert!(ok, "{text}");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn everything_lies_within_the_margins() {
    let (_, layout) = render_with_layout(&record(150)).unwrap();
    all_within_margins(&layout);
    assert!(layout.margin_left >= 20.0 * 72.0 / 25.4 - 0.01);
    assert!(layout.margin_right >= 20.0 * 72.0 / 25.4 - 0.01);
    assert!(layout.margin_top >= 20.0 * 72.0 / 25.4 - 0.01);
    assert!(layout.margin_bottom >= 20.0 * 72.0 / 25.4 - 0.01);
}

#[test]
fn body_text_does_not_overlap() {
    let (_, layout) = render_with_layout(&record(150)).unwrap();
    for page in &layout.pages {
        let boxes: Vec<_> = page.texts().filter(|t| !t.text.trim().is_empty()).collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let overlap_x = a.x < b.x + b.width - 0.01 && b.x < a.x + a.width - 0.01;
                let overlap_y = a.top < b.top + b.height - 0.01 && b.top < a.top + a.height - 0.01;
                assert!(!(overlap_x && overlap_y), "{a:?} overlaps {b:?}");
            }
        }
    }
}

#[test]
fn long_reason_wraps_within_its_column() {
    let (bytes, layout) = render_with_layout(&record(10)).unwrap();
    // The rejection table is the second table; its reason column is 3.
    let (left, right) = layout.tables[1][3];
    let mut lines = 0;
    for page in &layout.pages {
        for t in page.texts() {
            if let Role::Cell { table: 1, col: 3, row: 0 } = t.role {
                lines += 1;
                assert!(t.x >= left && t.x + t.width <= right, "{t:?} outside {left}..{right}");
            }
        }
    }
    assert!(lines >= 6, "the reason should wrap over several lines, got {lines}");

    // The same through the PDF: pdftotext -bbox gives each word's box.
    let path = write_sample("wrap.pdf", &bytes);
    let (ok, html) = tool("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    assert!(ok, "{html}");
    let right_edge = layout.page_width - layout.margin_right;
    let mut words = 0;
    for line in html.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attr = |name: &str| -> f32 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + line[start..].find('"').unwrap();
            line[start..end].parse().unwrap()
        };
        let (x_min, x_max) = (attr("xMin"), attr("xMax"));
        assert!(x_min >= layout.margin_left - 0.5, "{line}");
        assert!(x_max <= right_edge + 0.5, "{line}");
        words += 1;
    }
    assert!(words > 200);
    // Words of the reason stay between the reason column's borders.
    for word in ["understiger", "moderbolagsgaranti", "kapaciteten"] {
        let hits: Vec<_> = html.lines().filter(|l| l.contains(&format!(">{word}<"))).collect();
        assert!(!hits.is_empty(), "{word} not found");
        for line in hits {
            let start = line.find("xMin=\"").unwrap() + 6;
            let x_min: f32 = line[start..start + line[start..].find('"').unwrap()].parse().unwrap();
            assert!(x_min >= left, "{word} at {x_min}, column starts at {left}");
        }
    }
}

#[test]
fn table_spanning_pages_repeats_its_header() {
    let doc = record(150);
    let (bytes, layout) = render_with_layout(&doc).unwrap();
    let pages_with_rows: Vec<usize> = layout
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.texts().any(|t| matches!(t.role, Role::Cell { table: 0, .. })))
        .map(|(i, _)| i)
        .collect();
    assert!(pages_with_rows.len() >= 3, "{pages_with_rows:?}");
    for &i in &pages_with_rows {
        let header_cols: BTreeSet<usize> = layout.pages[i]
            .texts()
            .filter_map(|t| match t.role {
                Role::TableHeader { table: 0, col } => Some(col),
                _ => None,
            })
            .collect();
        assert_eq!(header_cols.len(), 4, "page {}", i + 1);
    }
    let path = write_sample("record-150.pdf", &bytes);
    let pages = pdftotext_pages(&path);
    for &i in &pages_with_rows {
        assert!(pages[i].contains("Organisationsnummer"), "page {} lacks the header", i + 1);
    }
}

#[test]
fn rows_are_never_split_and_headings_not_orphaned() {
    let (_, layout) = render_with_layout(&record(150)).unwrap();
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut last_page: Vec<((usize, usize), usize)> = Vec::new();
    for (pi, page) in layout.pages.iter().enumerate() {
        let rows: BTreeSet<(usize, usize)> = page
            .texts()
            .filter_map(|t| match t.role {
                Role::Cell { table, row, .. } => Some((table, row)),
                _ => None,
            })
            .collect();
        for r in rows {
            assert!(seen.insert(r), "row {r:?} continues on page {}", pi + 1);
            last_page.push((r, pi));
        }
        // A heading is never the last thing in the body of a page.
        let body: Vec<_> = page.texts().filter(|t| !matches!(t.role, Role::Header | Role::Footer)).collect();
        if let Some(last) = body.iter().max_by(|a, b| a.top.total_cmp(&b.top)) {
            assert_ne!(last.role, Role::Heading, "orphaned heading on page {}: {}", pi + 1, last.text);
        }
    }
}

#[test]
fn page_count_for_known_input() {
    let doc = record(150);
    let layout = anbud::records::pdf::layout(&doc).unwrap();
    let bytes = render(&doc).unwrap();
    let lo = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(lo.get_pages().len(), layout.pages.len());
    // 150 rows of two lines at 10 pt (~21 rows per page), the rejection
    // table (three of its tall rows per page) and a forced page break
    // before the appendix; looked at with pdftoppm.
    assert_eq!(layout.pages.len(), 14, "page count changed: look at the pages");
    let small = record(3);
    assert_eq!(anbud::records::pdf::layout(&small).unwrap().pages.len(), 6);
}

#[test]
fn every_page_says_sida_n_av_m() {
    let bytes = render(&record(150)).unwrap();
    let path = write_sample("footer.pdf", &bytes);
    let pages = pdftotext_pages(&path);
    let n = pages.len();
    assert!(n > 1);
    for (i, text) in pages.iter().enumerate() {
        assert!(text.contains(&format!("Sida {} av {n}", i + 1)), "page {}:\n{text}", i + 1);
        assert!(text.contains("Dnr DEMO-2026-001"), "page {}", i + 1);
        assert!(text.contains("Bemanningstjänster inom hälso- och sjukvård 2028"), "page {}", i + 1);
    }
}

#[test]
fn same_input_gives_same_bytes() {
    let a = render(&record(40)).unwrap();
    let b = render(&record(40)).unwrap();
    assert_eq!(a, b);
    let mut other = record(40);
    other.date = NaiveDate::from_ymd_opt(2026, 12, 22).unwrap();
    assert_ne!(a, render(&other).unwrap());
}

#[test]
fn text_is_extractable_with_swedish_characters() {
    let mut doc = record(3);
    doc.push(Block::paragraph("Tecken: å ä ö Å Ä Ö é – § € ½ «citat» 10 000 h 1 234 567,50 kr"));
    let bytes = render(&doc).unwrap();
    let path = write_sample("chars.pdf", &bytes);
    let text = pdftotext_pages(&path).join("\n");
    assert!(text.contains("Tecken: å ä ö Å Ä Ö é – § € ½ «citat» 10 000 h 1 234 567,50 kr"), "{text}");
    assert!(text.contains("Åsa Öberg, upphandlingschef"));
    assert!(text.contains("Leverantörer som inte kvalificerats"));
}

#[test]
fn fonts_are_embedded_subsets() {
    let bytes = render(&record(150)).unwrap();
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let path = write_sample("fonts.pdf", &bytes);
    let (ok, out) = tool("pdffonts", &[path.to_str().unwrap()]);
    assert!(ok, "{out}");
    let rows: Vec<&str> = out.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(rows.len(), 2, "{out}");
    for row in rows {
        // name type encoding emb sub uni object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols[0].contains("+DejaVuSans"), "{row}");
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "emb/sub/uni: {row}");
    }
}

#[test]
fn qpdf_check_passes() {
    let bytes = render(&record(150)).unwrap();
    let path = write_sample("qpdf.pdf", &bytes);
    let (ok, out) = tool("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(out.contains("No syntax or stream encoding errors found"), "{out}");
}

/// PDF/A-2a and PDF/UA-1: the essentials, both validators, and the
/// structure tree read back against the document and the pages.
#[test]
fn tagged_pdfa_2a_and_ua1() {
    let mut empty = Document::new("Tomt", date());
    empty.header_left.clear();
    empty.push(Block::heading(1, "Tomt"));
    for doc in [record(150), record(0), empty] {
        let bytes = render(&doc).unwrap();
        assert_pdfa_2a_ua1(&bytes);
        assert_zpdf_conforms(&bytes);
        let structure = tagged_structure(&bytes);
        assert_structure_matches(&doc, &structure);
    }
    let s = tagged_structure(&render(&record(150)).unwrap());
    assert!(s.tables >= 2 && s.header_cells >= 6 && s.data_cells > 300, "{s:?}");
    assert!(s.lists >= 1 && s.paragraphs >= 1, "{s:?}");
}

/// A document without a heading cannot be PDF/UA (a screen reader's user
/// finds their way by the headings): it is refused, not written untagged.
#[test]
fn a_document_without_a_heading_is_refused() {
    let mut doc = Document::new("Utan rubrik", date());
    doc.push(Block::paragraph("Text."));
    assert!(render(&doc).is_err());
}

/// What pagination repeats (a table's header row on the pages it continues
/// on) and the running header and footer are artifacts, not read twice.
#[test]
fn repeated_table_headers_are_artifacts() {
    let doc = record(150);
    let (bytes, layout) = anbud::records::pdf::render_with_layout(&doc).unwrap();
    let repeated = layout.pages.iter().filter(|p| p.texts().any(|t| matches!(t.role, Role::TableHeader { table: 0, col: 0 }))).count();
    assert!(repeated > 1, "the first table spans pages");
    let s = tagged_structure(&bytes);
    // Each header cell is read once: its content in the tree is on one page.
    assert!(s.header_cell_pages.iter().all(|pages| pages.len() == 1), "{:?}", s.header_cell_pages);
    assert_structure_matches(&doc, &s);
}

#[test]
fn renders_500_rows_quickly() {
    let doc = record(500);
    let start = std::time::Instant::now();
    let bytes = render(&doc).unwrap();
    let elapsed = start.elapsed();
    eprintln!("500-row record: {elapsed:?}, {} bytes", bytes.len());
    write_sample("record-500.pdf", &bytes);
    // Generous bound for unoptimised test builds; release is much faster.
    assert!(elapsed.as_secs_f32() < 10.0, "{elapsed:?}");
}

/// ISO 19005-2 6.2.11.5 and 6.2.11.8: the widths in /W equal the advances in
/// the embedded (subset) font program, every glyph shown exists in it, and
/// .notdef (glyph 0) is never shown.
#[test]
fn embedded_fonts_match_widths_and_glyphs() {
    use skrifa::raw::TableProvider;
    use std::collections::BTreeMap;

    let mut doc = record(30);
    doc.push(Block::paragraph("Tecken: å ä ö Å Ä Ö é – § € ½"));
    let bytes = render(&doc).unwrap();
    let lo = lopdf::Document::load_mem(&bytes).unwrap();

    // Resource name -> (widths by code, number of glyphs in the program).
    let mut fonts: BTreeMap<Vec<u8>, (BTreeMap<u16, f64>, u16)> = BTreeMap::new();
    let first_page = *lo.get_pages().values().next().unwrap();
    for (name, font) in lo.get_page_fonts(first_page).unwrap() {
        let descendants = font.get(b"DescendantFonts").unwrap().as_array().unwrap();
        let cid = match &descendants[0] {
            lopdf::Object::Reference(r) => lo.get_dictionary(*r).unwrap(),
            o => o.as_dict().unwrap(),
        };
        // /W: [first [w1 w2 ...] ...] or [first last w ...], mixed.
        let mut widths = BTreeMap::new();
        let w = cid.get(b"W").unwrap().as_array().unwrap();
        let mut i = 0;
        while i < w.len() {
            let first = w[i].as_i64().unwrap() as u16;
            if let Ok(list) = w[i + 1].as_array() {
                for (k, v) in list.iter().enumerate() {
                    widths.insert(first + k as u16, v.as_float().unwrap() as f64);
                }
                i += 2;
            } else {
                let last = w[i + 1].as_i64().unwrap() as u16;
                let width = w[i + 2].as_float().unwrap() as f64;
                for g in first..=last {
                    widths.insert(g, width);
                }
                i += 3;
            }
        }
        let fd = lo.get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap()).unwrap();
        let stream = lo.get_object(fd.get(b"FontFile2").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
        let program = stream.decompressed_content().unwrap();
        let program = skrifa::FontRef::new(&program).unwrap();
        let units_per_em = f64::from(program.head().unwrap().units_per_em());
        let num_glyphs = program.maxp().unwrap().num_glyphs();
        let hmtx = program.hmtx().unwrap();
        assert!(num_glyphs < 200, "a subset, not the whole font: {num_glyphs}");
        for (&gid, &w) in &widths {
            let advance = f64::from(hmtx.advance(skrifa::GlyphId::new(u32::from(gid))).unwrap()) * 1000.0 / units_per_em;
            assert!((advance - w).abs() <= 1.0, "glyph {gid}: /W {w}, font {advance}");
        }
        fonts.insert(name, (widths, num_glyphs));
    }
    assert_eq!(fonts.len(), 2);

    let mut shown = 0;
    for page in lo.get_pages().values() {
        let content = lopdf::content::Content::decode(&lo.get_page_content(*page)).unwrap();
        let mut current: Option<Vec<u8>> = None;
        for op in content.operations {
            match op.operator.as_str() {
                "Tf" => current = Some(op.operands[0].as_name().unwrap().to_vec()),
                "Tj" | "TJ" => {
                    let (widths, num_glyphs) = &fonts[current.as_ref().unwrap()];
                    let parts = match op.operator.as_str() {
                        "Tj" => vec![op.operands[0].clone()],
                        _ => op.operands[0].as_array().unwrap().clone(),
                    };
                    for part in parts {
                        let Ok(s) = part.as_str() else {
                            // No adjustment between glyphs: what is drawn is what the layout measured.
                            let adjust = part.as_float().unwrap_or(0.0);
                            assert!(adjust.abs() < 0.5, "a glyph moved by {adjust}");
                            continue;
                        };
                        for pair in s.chunks(2) {
                            let gid = u16::from_be_bytes([pair[0], pair[1]]);
                            assert_ne!(gid, 0, ".notdef shown");
                            assert!(gid < *num_glyphs);
                            assert!(widths.contains_key(&gid), "glyph {gid} has no /W entry");
                            shown += 1;
                        }
                    }
                }
                "'" | "\"" => panic!("unexpected text operator {}", op.operator),
                _ => {}
            }
        }
    }
    assert!(shown > 1000);
}
