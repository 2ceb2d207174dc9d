//! Writes the small hostile cases of tests/support/hostile.rs (those under 100 kB) into a folder,
//! as seeds for the fuzzer's corpus (docs/fuzzing.md):
//! `cargo run --example fuzz_seeds -- fuzz/corpus/workbook`. The demo's workbooks, the template and
//! the fixtures are the other seeds.

#[path = "../tests/support/hostile.rs"]
mod hostile;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("a folder"));
    std::fs::create_dir_all(&dir).unwrap();
    for case in hostile::cases() {
        let bytes = (case.build)();
        if bytes.len() <= 100 * 1024 {
            std::fs::write(dir.join(format!("fientlig-{}", case.file_name)), &bytes).unwrap();
            println!("{} ({} byte)", case.file_name, bytes.len());
        }
    }
}
