//! Hostile and broken workbooks (issue 12): each file is built in code (tests/support/hostile.rs)
//! and given in one batch with a valid demo workbook, read as the command line and the app read
//! them: limits first (`intake::limits`, docs/workbook-limits.md), then the parser in a reader
//! process with a memory and time limit (`intake::isolate`, here the `anbud` binary). The hostile
//! file is rejected with a Swedish reason that names the limit; the valid one is imported. Peak
//! memory per case: tests/hostile_memory.rs; time and memory: benches/hostile.rs.

use std::path::{Path, PathBuf};

use anbud::intake::import::{import_files, WorkbookReader};
use anbud::usecases::demo::{demo_procurement, write_demo};

#[path = "support/hostile.rs"]
mod hostile;

fn through_reader_processes() {
    anbud::intake::isolate::enable_with(PathBuf::from(env!("CARGO_BIN_EXE_anbud")));
    assert!(anbud::intake::isolate::enabled());
}

/// Imports `bytes` as `name` beside the demo's qualified workbook: the hostile file's reasons, and
/// whether the valid workbook came through.
fn batch_with(name: &str, bytes: &[u8]) -> String {
    through_reader_processes();
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

fn case(file_name: &str) -> hostile::Case {
    hostile::cases().into_iter().find(|c| c.file_name == file_name).unwrap()
}

fn rejected_as_it_should(file_name: &str) {
    let c = case(file_name);
    let why = batch_with(c.file_name, &(c.build)());
    assert!(hostile::says(&c, &why), "{file_name}: {why}");
}

#[test]
fn cells_in_a1_and_xfd1048576() {
    rejected_as_it_should("hela-bladet.xlsx");
}

#[test]
fn a_shared_strings_bomb_and_a_part_packed_a_thousand_to_one() {
    let bytes = hostile::shared_strings_bomb();
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
    rejected_as_it_should("strangbomb.xlsx");
    rejected_as_it_should("packad.xlsx");
}

#[test]
fn a_sheet_of_a_million_rows_and_one_of_six_thousand() {
    rejected_as_it_should("miljon-rader.xlsx");
    rejected_as_it_should("sextusen-rader.xlsx");
}

#[test]
fn a_cell_of_far_too_much_text_and_one_of_20_mb() {
    rejected_as_it_should("lang-cell.xlsx");
    rejected_as_it_should("cell-20-mb.xlsx");
}

#[test]
fn a_zip_of_ten_thousand_empty_entries() {
    rejected_as_it_should("tiotusen-poster.xlsx");
}

#[test]
fn xml_nested_two_hundred_thousand_levels() {
    rejected_as_it_should("djup.xlsx");
}

#[test]
fn an_ods_whose_content_is_a_bomb() {
    rejected_as_it_should("bomb.ods");
}

#[test]
fn an_xls_with_a_corrupt_directory_or_header_is_rejected() {
    assert!(anbud::intake::limits::check(&hostile::real_xls()).is_ok(), "a real .xls passes");
    rejected_as_it_should("trasig-katalog.xls");
    rejected_as_it_should("trasigt-huvud.xls");
}

#[test]
fn an_xls_overwritten_anywhere_fails_alone() {
    through_reader_processes();
    let first_dir = hostile::xls_first_directory_offset();
    for (start, fill) in [(48usize, 0xFFu8), (512, 0x00), (1024, 0x41), (first_dir, 0x7F), (first_dir + 64, 0xFF), (4096, 0xFF)] {
        let bad = hostile::xls_overwritten(start, fill);
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
    rejected_as_it_should("bild.xlsx");
    rejected_as_it_should("tom.xlsx");
    rejected_as_it_should("avkortad.xlsx");
}

#[test]
fn a_folder_a_device_and_a_pipe_are_not_read_as_bids() {
    through_reader_processes();
    let dir = tempfile::tempdir().unwrap();
    let p = demo_procurement();
    let mut reader = WorkbookReader::new(&p);
    let folder = dir.path().join("anbud.xlsx");
    std::fs::create_dir(&folder).unwrap();
    let why = |r: Result<_, anbud::intake::Rejection>| r.unwrap_err().errors[0].message.clone();
    assert!(why(reader.read_file(&folder, "anbud.xlsx")).contains("är en mapp"));
    // /dev/zero would never end; it is refused before a byte is read.
    assert!(why(reader.read_file(Path::new("/dev/zero"), "/dev/zero")).contains("ingen vanlig fil"));
    let fifo = dir.path().join("ror.xlsx");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    assert!(why(reader.read_file(&fifo, "ror.xlsx")).contains("ingen vanlig fil"), "a pipe is refused without opening it");
    // A file larger than the limit is refused from its size, unread.
    let big = dir.path().join("stor.xlsx");
    std::fs::File::create(&big).unwrap().set_len(anbud::intake::limits::MAX_FILE_BYTES + 1).unwrap();
    assert!(why(reader.read_file(&big, "stor.xlsx")).contains("högst 10.0 MB"));
}

/// The reader process reads valid workbooks exactly as the library does in process.
#[test]
fn the_reader_process_reads_the_demo_as_in_process() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_demo(dir.path()).unwrap();
    let p = demo_procurement();
    let crossed: anbud::model::procurement::Procurement = serde_json::from_slice(&serde_json::to_vec(&p).unwrap()).unwrap();
    assert_eq!(crossed, p, "the procurement crosses to the reader unchanged");
    let in_process: Vec<_> =
        paths.iter().map(|path| anbud::intake::import::check_and_parse("x", &std::fs::read(path).unwrap(), &p)).collect();
    through_reader_processes();
    let mut reader = WorkbookReader::new(&p);
    for (path, expected) in paths.iter().zip(in_process) {
        let got = match reader.read_bytes("x", std::fs::read(path).unwrap()) {
            Ok(r) => anbud::intake::import::Parsed::Bid(r.bid),
            Err(r) => anbud::intake::import::Parsed::Errors { errors: r.errors, bidder: r.bidder },
        };
        assert_eq!(got, expected, "{}", path.display());
    }
}

/// The program started as a reader (`anbud --anbud-workbook-reader`, as the command line and the
/// app start it) caps its own memory and answers one workbook after another until its input ends.
#[test]
#[cfg(target_os = "linux")]
fn the_reader_caps_its_memory_and_answers_workbook_after_workbook() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let frame = |w: &mut dyn Write, b: &[u8]| {
        w.write_all(&(b.len() as u64).to_le_bytes()).unwrap();
        w.write_all(b).unwrap();
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_anbud"))
        .arg(anbud::intake::isolate::READER_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    frame(&mut stdin, &serde_json::to_vec(&demo_procurement()).unwrap());
    let mut reply = || {
        let mut len = [0u8; 8];
        stdout.read_exact(&mut len).unwrap();
        let mut buf = vec![0u8; u64::from_le_bytes(len) as usize];
        stdout.read_exact(&mut buf).unwrap();
        serde_json::from_slice::<serde_json::Value>(&buf).unwrap()
    };
    frame(&mut stdin, b"01-vardkraft.xlsx");
    frame(&mut stdin, &hostile::valid_workbook());
    stdin.flush().unwrap();
    assert_eq!(reply()["Parsed"]["Bid"]["org_nr"], "556012-5790", "the valid workbook is read");
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let data = limits.lines().find(|l| l.starts_with("Max data size")).unwrap();
    let cap = anbud::intake::isolate::READER_MEMORY_BYTES.to_string();
    assert_eq!(data.split_whitespace().filter(|w| *w == cap).count(), 2, "soft and hard limit: {data}");
    frame(&mut stdin, b"tom.xlsx");
    frame(&mut stdin, b"");
    stdin.flush().unwrap();
    assert!(reply()["Parsed"]["Errors"]["errors"][0]["message"].as_str().unwrap().contains("tom"));
    drop(stdin);
    assert!(child.wait().unwrap().success(), "the reader ends with its input");
}
