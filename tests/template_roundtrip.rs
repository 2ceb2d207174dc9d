//! A blank template from `anbud template`, filled in by another program (openpyxl, as a
//! bidder's script would) and imported again, evaluates.

use std::process::Command;

#[test]
fn a_template_filled_by_a_program_evaluates() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("upphandling.toml");
    std::fs::write(&toml, anbud::usecases::demo::DEMO_TOML).unwrap();
    let blank = dir.path().join("mall.xlsx");
    let filled = dir.path().join("ifylld.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_anbud"))
        .args(["template", toml.to_str().unwrap(), "-o", blank.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fill_template.py");
    let out =
        Command::new("python3").arg(&script).arg(&blank).arg(&filled).output().expect("python3 with openpyxl (installed by .ci/run)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let db = dir.path().join("db.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_anbud"))
        .args(["--db", db.to_str().unwrap(), "evaluate", toml.to_str().unwrap(), filled.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rejected"].as_array().unwrap().len(), 0, "{v:#}");
    let s = &v["suppliers"][0];
    assert_eq!(s["name"], "Skriptat Anbud AB");
    assert_eq!(s["status"], "qualified", "{s:#}");
    let lots: Vec<&str> = s["lots"].as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert_eq!(lots, ["S1", "S2"]);
    assert_eq!(s["lots"][1]["zones"], serde_json::json!([2, 3]));
    assert!(s["warnings"][0].as_str().unwrap().contains("X2"));
}
