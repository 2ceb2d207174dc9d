//! The `anbud` command as a user runs it: the demo, evaluate (text and JSON against the
//! schema), template, override, exit codes.

use std::path::Path;
use std::process::Command;

fn anbud(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_anbud")).args(args).env("ANBUD_DB", "/nonexistent/should-not-be-used").output().unwrap()
}

fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = anbud(&["demo", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

fn bids(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir.join("anbud")).unwrap().map(|e| e.unwrap().path().to_string_lossy().to_string()).collect();
    v.sort();
    v
}

fn evaluate_json(dir: &Path, db: &Path) -> serde_json::Value {
    let toml = dir.join("upphandling.toml");
    let mut args = vec!["--db", db.to_str().unwrap(), "evaluate", toml.to_str().unwrap()];
    let b = bids(dir);
    args.extend(b.iter().map(|s| s.as_str()));
    args.push("--json");
    let out = anbud(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn demo_evaluates_to_every_outcome_and_matches_the_schema() {
    let dir = demo_dir();
    let v = evaluate_json(dir.path(), &dir.path().join("db.sqlite"));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/evaluate.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let suppliers = v["suppliers"].as_array().unwrap();
    let status = |s: &str| suppliers.iter().filter(|x| x["status"] == s).count();
    assert_eq!((status("qualified"), status("not_qualified"), status("needs_review")), (3, 7, 5));
    // Every requirement fails for some supplier; review and missing both occur.
    for req in ["anbudsdag", "uteslutning", "fast-pris", "kreditvardighet", "omsattning", "erfarenhet", "levererade-timmar"] {
        assert!(
            suppliers.iter().any(|s| s["requirements"].as_array().unwrap().iter().any(|r| r["id"] == req && r["outcome"] == "fail")),
            "no supplier fails {req}"
        );
    }
    for outcome in ["review", "missing"] {
        assert!(suppliers.iter().any(|s| s["requirements"].as_array().unwrap().iter().any(|r| r["outcome"] == outcome)));
    }
    // Every requirement appears for every evaluated supplier; a late bid lists only anbudsdag.
    for s in suppliers {
        let n = s["requirements"].as_array().unwrap().len();
        if s["name"] == "Sena Anbud Bemanning AB" {
            assert_eq!(n, 1);
        } else {
            assert_eq!(n, 7, "{}", s["name"]);
        }
    }
    // The shortage speciality is a warning, not a failure.
    let jouren = suppliers.iter().find(|s| s["name"] == "Sjuksköterskejouren i Mälardalen AB").unwrap();
    assert_eq!(jouren["status"], "qualified");
    assert!(jouren["warnings"][0].as_str().unwrap().contains("X1"));
    assert!(!jouren["lots"].as_array().unwrap().iter().any(|l| l["code"] == "X1"));
    // Rejected: the bad workbook with three cell errors, the replaced bid with a message.
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2);
    let bad = rejected.iter().find(|r| r["file"].as_str().unwrap().ends_with("17-slarvigt-ifyllt.xlsx")).unwrap();
    assert_eq!(bad["errors"].as_array().unwrap().len(), 3);
    assert_eq!(bad["errors"][2]["cell"], "B14");
    let replaced = rejected.iter().find(|r| r["file"].as_str().unwrap().ends_with("02-vardkraft-tidigare.xlsx")).unwrap();
    assert!(replaced["errors"][0]["message"].as_str().unwrap().contains("ersatts"));
}

#[test]
fn text_summary_is_swedish() {
    let dir = demo_dir();
    let toml = dir.path().join("upphandling.toml");
    let db = dir.path().join("db.sqlite");
    let b = bids(dir.path());
    let mut args = vec!["--db", db.to_str().unwrap(), "evaluate", toml.to_str().unwrap()];
    args.extend(b.iter().map(|s| s.as_str()));
    let out = anbud(&args);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Kvalificerade: 3   Ej kvalificerade: 7   Behöver granskas: 5"), "{text}");
    assert!(text.contains("Kvalificering!B14: \"tiotusen\" är inte ett tal"));
}

#[test]
fn unusable_definition_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, anbud::usecases::demo::DEMO_TOML.replace("code = \"25\"", "code = \"26\"")).unwrap();
    let out = anbud(&["evaluate", bad.to_str().unwrap(), "x.xlsx", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("region[20].code") && err.contains("26"), "{err}");
    let out = anbud(&["prices", "/nonexistent.toml"]);
    assert_eq!(out.status.code(), Some(2));
    // The argument parser's errors too: one Swedish line.
    for args in [&["evaluate"][..], &[][..], &["utvardera"][..], &["prices", "x.toml", "--jsonn"][..]] {
        let out = anbud(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("anbud: ") && !err.contains("error:") && !err.contains("Usage"), "{err}");
    }
    // A bid workbook that does not exist, or a folder, is an unusable argument.
    let good = dir.path().join("good.toml");
    std::fs::write(&good, anbud::usecases::demo::DEMO_TOML).unwrap();
    let out = anbud(&[
        "--db",
        dir.path().join("db.sqlite").to_str().unwrap(),
        "evaluate",
        good.to_str().unwrap(),
        "saknas.xlsx",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("filen saknas.xlsx finns inte") && err.contains("är en mapp"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn a_rejected_workbook_is_a_result_not_an_error() {
    let dir = demo_dir();
    let toml = dir.path().join("upphandling.toml");
    let bad = dir.path().join("anbud/17-slarvigt-ifyllt.xlsx");
    let db = dir.path().join("db.sqlite");
    let out = anbud(&["--db", db.to_str().unwrap(), "evaluate", toml.to_str().unwrap(), bad.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["suppliers"].as_array().unwrap().len(), 0);
    assert_eq!(v["rejected"].as_array().unwrap().len(), 1);
}

#[test]
fn override_settles_a_review_and_keeps_the_proposal() {
    let dir = demo_dir();
    let db = dir.path().join("db.sqlite");
    let toml = dir.path().join("upphandling.toml");
    evaluate_json(dir.path(), &db);
    let out = anbud(&[
        "--db",
        db.to_str().unwrap(),
        "override",
        toml.to_str().unwrap(),
        "559800-9008",
        "kreditvardighet",
        "--outcome",
        "pass",
        "--justification",
        "Moderbolagsgarantin är granskad och godtas.",
        "--by",
        "Anna Lindqvist",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = evaluate_json(dir.path(), &db);
    let s = v["suppliers"].as_array().unwrap().iter().find(|s| s["org_nr"] == "559800-9008").unwrap();
    assert_eq!(s["status"], "qualified");
    let r = s["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "kreditvardighet").unwrap();
    assert_eq!((r["outcome"].as_str(), r["proposed"].as_str()), (Some("pass"), Some("review")));
    assert_eq!(r["override"]["decided_by"], "Anna Lindqvist");
    // An override without justification is refused.
    let out = anbud(&[
        "--db",
        db.to_str().unwrap(),
        "override",
        toml.to_str().unwrap(),
        "559700-8001",
        "kreditvardighet",
        "--outcome",
        "pass",
        "--justification",
        "  ",
        "--by",
        "Anna Lindqvist",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("motivering"));
}

#[test]
fn template_is_written_and_reads_back_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("u.toml");
    std::fs::write(&toml, anbud::usecases::demo::DEMO_TOML).unwrap();
    let xlsx = dir.path().join("mall.xlsx");
    let out = anbud(&["template", toml.to_str().unwrap(), "-o", xlsx.to_str().unwrap()]);
    assert!(out.status.success());
    // A blank template is not a bid: the required fields are reported, each with its cell.
    let p = anbud::usecases::demo::demo_procurement();
    let errors = anbud::intake::parse_workbook("mall.xlsx", &std::fs::read(&xlsx).unwrap(), &p).unwrap_err();
    let cells: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        cells,
        [
            "Anbudsgivare!B5: Organisationsnummer saknas",
            "Anbudsgivare!B6: Företagsnamn saknas",
            "Anbudsgivare!B10: Anbudsdatum saknas"
        ]
    );
}
