//! Hostile and broken workbooks, built in code: the cases of issue 12 ("Hostile workbooks"), each
//! with what its rejection must say. Shared by tests/hostile_workbooks.rs (each beside a valid
//! workbook, through the reader process), tests/hostile_memory.rs (each through the command
//! line, its peak memory measured), benches/hostile.rs (time and memory per case) and
//! examples/fuzz_seeds.rs (the fuzzer's seed corpus). Include with
//! `#[path = "support/hostile.rs"] mod hostile;`.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

/// One hostile file: its name (the extension decides the reader), how to build it, and the
/// words its rejection must contain (any one of each inner list).
pub struct Case {
    pub file_name: &'static str,
    pub build: fn() -> Vec<u8>,
    pub reason: &'static [&'static [&'static str]],
}

pub fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
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

pub fn sheet_xml(body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>"#
    )
    .into_bytes()
}

/// Text that does not pack well (so a case is refused for what it is, not for its packing).
pub fn varied_text(chars: usize) -> String {
    (0..chars as u64).map(|i| char::from(b'a' + ((i * 7919 + i / 3 + (i * i) % 11) % 26) as u8)).collect()
}

pub fn a1_and_xfd1048576() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Anbudsgivare").unwrap();
    ws.write_string(0, 0, "Uppgift").unwrap();
    ws.write_string(1_048_575, 16_383, "sista cellen").unwrap();
    wb.save_to_buffer().unwrap()
}

/// 48 MB of shared strings packed into well under 1 MB.
pub fn shared_strings_bomb() -> Vec<u8> {
    let strings = format!("<sst>{}</sst>", "<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>".repeat(1_000_000));
    zip_of(&[("xl/sharedStrings.xml", strings.into_bytes()), ("xl/worksheets/sheet1.xml", sheet_xml(""))])
}

/// 4 MB of one letter, packed about 1000:1.
pub fn packed_strings() -> Vec<u8> {
    let strings = format!("<sst><si><t>{}</t></si></sst>", "a".repeat(4_000_000));
    zip_of(&[("xl/sharedStrings.xml", strings.into_bytes())])
}

pub fn million_rows() -> Vec<u8> {
    let rows: String = (1..=1_000_000).map(|r| format!(r#"<row r="{r}"><c r="A{r}"/></row>"#)).collect();
    zip_of(&[("xl/worksheets/sheet1.xml", sheet_xml(&rows))])
}

pub fn six_thousand_rows() -> Vec<u8> {
    let rows: String = (1..=6_000).map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="n"><v>{r}</v></c></row>"#)).collect();
    zip_of(&[("xl/worksheets/sheet1.xml", sheet_xml(&rows))])
}

/// One cell of 60 000 characters: within the file limits, refused for its length.
pub fn long_cell() -> Vec<u8> {
    let strings = format!("<sst><si><t>{}</t></si></sst>", varied_text(60_000));
    zip_of(&[("xl/sharedStrings.xml", strings.into_bytes())])
}

/// One cell of 20 MB of text (an inline string in the sheet).
pub fn cell_of_20_mb() -> Vec<u8> {
    let cell = format!(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row>"#, varied_text(20 * 1024 * 1024));
    zip_of(&[("xl/worksheets/sheet1.xml", sheet_xml(&cell))])
}

pub fn ten_thousand_entries() -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = (0..10_000).map(|i| (format!("tom/{i}.txt"), vec![])).collect();
    let refs: Vec<(&str, Vec<u8>)> = entries.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    zip_of(&refs)
}

/// 200 000 levels of XML, with tag names that vary so the part does not pack too well.
pub fn nested_200_000() -> Vec<u8> {
    let open: String = (0..200_000u32).map(|i| format!("<t{}>", i.wrapping_mul(2_654_435_761) % 9973)).collect();
    let close: String = (0..200_000u32).rev().map(|i| format!("</t{}>", i.wrapping_mul(2_654_435_761) % 9973)).collect();
    zip_of(&[("xl/worksheets/sheet1.xml", sheet_xml(&format!("{open}{close}")))])
}

pub fn ods_bomb() -> Vec<u8> {
    let content = format!("<office:document-content>{}</office:document-content>", "<text:p>x</text:p>".repeat(2_000_000));
    zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()), ("content.xml", content.into_bytes())])
}

/// A real .xls (tests/fixtures) as it is.
pub fn real_xls() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/03-norrlandslakarna.xls")).unwrap()
}

/// A real .xls with 512 bytes overwritten from `start` with `fill`.
pub fn xls_overwritten(start: usize, fill: u8) -> Vec<u8> {
    let mut bad = real_xls();
    for b in bad.iter_mut().skip(start).take(512) {
        *b = fill;
    }
    bad
}

/// Where the real .xls's first directory sector starts.
pub fn xls_first_directory_offset() -> usize {
    let xls = real_xls();
    (u32::from_le_bytes(xls[0x30..0x34].try_into().unwrap()) as usize + 1) * 512
}

/// An .xls whose compound-file directory is overwritten.
pub fn xls_corrupt_directory() -> Vec<u8> {
    xls_overwritten(xls_first_directory_offset(), 0x7F)
}

/// An .xls whose header's fields and DIFAT are overwritten (calamine once allocated 23 GB).
pub fn xls_corrupt_header() -> Vec<u8> {
    xls_overwritten(48, 0xFF)
}

pub fn png() -> Vec<u8> {
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde".to_vec()
}

pub fn empty() -> Vec<u8> {
    Vec::new()
}

/// The first half of a valid workbook.
pub fn truncated() -> Vec<u8> {
    let whole = valid_workbook();
    whole[..whole.len() / 2].to_vec()
}

/// The demo's first valid workbook.
pub fn valid_workbook() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let demo = anbud::usecases::demo::write_demo(dir.path()).unwrap();
    let good = demo.iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with("01-")).unwrap();
    std::fs::read(good).unwrap()
}

const UNREADABLE: &[&str] = &["kan inte läsas", "inte en kalkylbok", "skadad"];

/// The cases the issue names, in its order, then a few more near the limits.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            file_name: "hela-bladet.xlsx",
            build: a1_and_xfd1048576,
            reason: &[&["1048576 rader och 16384 kolumner"], &["XFD1048576"]],
        },
        Case {
            file_name: "strangbomb.xlsx",
            build: shared_strings_bomb,
            reason: &[&["sharedStrings.xml"], &["högst 32.0 MB"]],
        },
        Case {
            file_name: "miljon-rader.xlsx",
            build: million_rows,
            reason: &[&["1000000 rader", "packad", "packas upp till"]],
        },
        Case {
            file_name: "cell-20-mb.xlsx",
            build: cell_of_20_mb,
            reason: &[&["högst 10.0 MB", "mer än 10000 tecken", "packas upp till"]],
        },
        Case {
            file_name: "tiotusen-poster.xlsx",
            build: ten_thousand_entries,
            reason: &[&["10000 delar"], &["högst 500"]],
        },
        Case {
            file_name: "djup.xlsx",
            build: nested_200_000,
            reason: &[&["nästlad djupare än 64 nivåer"]],
        },
        Case {
            file_name: "trasig-katalog.xls",
            build: xls_corrupt_directory,
            reason: &[UNREADABLE],
        },
        Case {
            file_name: "bomb.ods",
            build: ods_bomb,
            reason: &[&["content.xml"], &["packad", "packas upp"]],
        },
        Case { file_name: "bild.xlsx", build: png, reason: &[&["inte en kalkylbok"]] },
        Case { file_name: "tom.xlsx", build: empty, reason: &[&["Filen är tom"]] },
        Case {
            file_name: "avkortad.xlsx",
            build: truncated,
            reason: &[&["skadad eller ofullständig"]],
        },
        Case { file_name: "trasigt-huvud.xls", build: xls_corrupt_header, reason: &[UNREADABLE] },
        Case {
            file_name: "packad.xlsx",
            build: packed_strings,
            reason: &[&["packad"], &["högst 200:1"]],
        },
        Case {
            file_name: "sextusen-rader.xlsx",
            build: six_thousand_rows,
            reason: &[&["6000 rader"], &["högst 5000 rader"]],
        },
        Case {
            file_name: "lang-cell.xlsx",
            build: long_cell,
            reason: &[&["mer än 10000 tecken"]],
        },
    ]
}

/// Whether `why` (a rejection's messages) says what `case` must.
pub fn says(case: &Case, why: &str) -> bool {
    case.reason.iter().all(|any| any.iter().any(|w| why.contains(w)))
}
