//! Hostile and broken workbooks (issue 12, first part): each file is built here in code and given
//! in one batch with a valid demo workbook; the hostile one is rejected with a Swedish reason that
//! names the limit, and the valid one is imported. The limits are checked before calamine builds
//! anything (`intake::limits`, docs/workbook-limits.md); a reader that panics fails alone.

use std::io::Write;
use std::path::{Path, PathBuf};

use anbud::intake::import::import_files;
use anbud::usecases::demo::{demo_procurement, write_demo};

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

/// Imports `bytes` as `name` beside the demo's qualified workbook: the hostile file's reasons, and
/// whether the valid workbook came through.
fn batch_with(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let demo: Vec<PathBuf> = write_demo(&dir.path().join("demo")).unwrap();
    let good = demo.iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with("01-")).unwrap().clone();
    let bad = dir.path().join(name);
    std::fs::write(&bad, bytes).unwrap();
    let outcome = import_files(&[bad.clone(), good], &demo_procurement());
    assert_eq!(outcome.bids.len(), 1, "the valid workbook of the batch is imported");
    let rejected = outcome.rejected.iter().find(|r| Path::new(&r.file) == bad).expect("the hostile file is rejected");
    rejected.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" | ")
}

fn sheet_xml(body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>"#
    )
    .into_bytes()
}

#[test]
fn cells_in_a1_and_xfd1048576() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Anbudsgivare").unwrap();
    ws.write_string(0, 0, "Uppgift").unwrap();
    ws.write_string(1_048_575, 16_383, "sista cellen").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let why = batch_with("hela-bladet.xlsx", &bytes);
    assert!(why.contains("1048576 rader och 16384 kolumner") && why.contains("XFD1048576"), "{why}");
}

#[test]
fn a_shared_strings_bomb() {
    // 48 MB of shared strings packed into well under 1 MB: refused by its inflated size.
    let strings = format!("<sst>{}</sst>", "<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>".repeat(1_000_000));
    let bytes = zip_of(&[("xl/sharedStrings.xml", strings.into_bytes()), ("xl/worksheets/sheet1.xml", sheet_xml(""))]);
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
    let why = batch_with("bomb.xlsx", &bytes);
    assert!(why.contains("sharedStrings.xml") && why.contains("högst 32.0 MB"), "{why}");
    // 4 MB of one letter, packed about 1000:1: refused by its packing.
    let strings = format!("<sst><si><t>{}</t></si></sst>", "a".repeat(4_000_000));
    let why = batch_with("packad.xlsx", &zip_of(&[("xl/sharedStrings.xml", strings.into_bytes())]));
    assert!(why.contains("packad") && why.contains("högst 200:1"), "{why}");
}

#[test]
fn a_sheet_of_a_million_rows_and_one_of_six_thousand() {
    let rows: String = (1..=1_000_000).map(|r| format!(r#"<row r="{r}"><c r="A{r}"/></row>"#)).collect();
    let why = batch_with("miljon.xlsx", &zip_of(&[("xl/worksheets/sheet1.xml", sheet_xml(&rows))]));
    assert!(why.contains("1000000 rader") || why.contains("packad") || why.contains("packas upp till"), "{why}");
    let rows: String = (1..=6_000).map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="n"><v>{r}</v></c></row>"#)).collect();
    let why = batch_with("sextusen.xlsx", &zip_of(&[("xl/worksheets/sheet1.xml", sheet_xml(&rows))]));
    assert!(why.contains("6000 rader") && why.contains("högst 5000 rader"), "{why}");
}

#[test]
fn a_cell_of_far_too_much_text() {
    // Varied text, so it is the length that is refused and not the packing.
    let text: String = (0..60_000u32).map(|i| char::from(b'a' + ((i * 7919 + i / 3) % 26) as u8)).collect();
    let strings = format!("<sst><si><t>{text}</t></si></sst>");
    let why = batch_with("lang.xlsx", &zip_of(&[("xl/sharedStrings.xml", strings.into_bytes())]));
    assert!(why.contains("mer än 10000 tecken"), "{why}");
}

#[test]
fn a_zip_of_ten_thousand_empty_entries() {
    let entries: Vec<(String, Vec<u8>)> = (0..10_000).map(|i| (format!("tom/{i}.txt"), vec![])).collect();
    let refs: Vec<(&str, Vec<u8>)> = entries.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let why = batch_with("poster.xlsx", &zip_of(&refs));
    assert!(why.contains("10000 delar") && why.contains("högst 500"), "{why}");
}

#[test]
fn xml_nested_two_hundred_thousand_levels() {
    // Tag names that vary, so the part is not refused for its packing first.
    let open: String = (0..200_000u32).map(|i| format!("<t{}>", i.wrapping_mul(2_654_435_761) % 9973)).collect();
    let close: String = (0..200_000u32).rev().map(|i| format!("</t{}>", i.wrapping_mul(2_654_435_761) % 9973)).collect();
    let deep = format!("{open}{close}");
    let why = batch_with("djup.xlsx", &zip_of(&[("xl/worksheets/sheet1.xml", sheet_xml(&deep))]));
    assert!(why.contains("nästlad djupare än 64 nivåer"), "{why}");
}

#[test]
fn an_ods_whose_content_is_a_bomb() {
    let content = format!("<office:document-content>{}</office:document-content>", "<text:p>x</text:p>".repeat(2_000_000));
    let bytes =
        zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()), ("content.xml", content.into_bytes())]);
    let why = batch_with("bomb.ods", &bytes);
    assert!(why.contains("content.xml") && (why.contains("packad") || why.contains("packas upp")), "{why}");
}

#[test]
fn an_xls_with_a_corrupt_directory_fails_alone() {
    let xls = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/03-norrlandslakarna.xls")).unwrap();
    assert!(anbud::intake::limits::check(&xls).is_ok(), "a real .xls passes");
    // The header's fields and DIFAT, the first sectors, and the directory, overwritten.
    let first_dir = u32::from_le_bytes(xls[0x30..0x34].try_into().unwrap()) as usize;
    for (start, fill) in
        [(48usize, 0xFFu8), (512, 0x00), (1024, 0x41), ((first_dir + 1) * 512, 0x7F), ((first_dir + 1) * 512 + 64, 0xFF)]
    {
        let mut bad = xls.clone();
        for b in bad.iter_mut().skip(start).take(512) {
            *b = fill;
        }
        // Rejected as unreadable, or (where the bytes overwritten were not used) read: never a
        // crash, never unbounded memory, and the valid workbook beside it is imported.
        let dir = tempfile::tempdir().unwrap();
        let demo: Vec<PathBuf> = write_demo(&dir.path().join("demo")).unwrap();
        let good = demo.iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with("01-")).unwrap().clone();
        let path = dir.path().join("trasig.xls");
        std::fs::write(&path, &bad).unwrap();
        let outcome = import_files(&[path, good.clone()], &demo_procurement());
        assert!(outcome.bids.iter().any(|b| Path::new(&b.bid.file) == good), "corruption at {start}");
        assert_eq!(outcome.bids.len() + outcome.rejected.len(), 2);
    }
}

#[test]
fn a_png_renamed_an_empty_file_and_a_truncated_workbook() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde".to_vec();
    let why = batch_with("bild.xlsx", &png);
    assert!(!why.is_empty());
    assert!(batch_with("tom.xlsx", b"").contains("Filen är tom"));
    let dir = tempfile::tempdir().unwrap();
    let demo = write_demo(dir.path()).unwrap();
    let whole = std::fs::read(&demo[0]).unwrap();
    let why = batch_with("avkortad.xlsx", &whole[..whole.len() / 2]);
    assert!(why.contains("skadad eller ofullständig"), "{why}");
}
