//! `anbud prices`, `anbud price-list` and `anbud projection` through the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_anbud");

fn demo_toml() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/upphandling.toml")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("anbud runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn prices_json_is_the_spec_shape() {
    let o = run(&["prices", demo_toml().to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_object().unwrap().len(), 2);
    let zones = v["zones"].as_array().unwrap();
    let regions: Vec<Value> = zones.iter().map(|z| z["regions"].clone()).collect();
    assert_eq!(
        regions,
        vec![
            json!(["01", "12", "14"]),
            json!(["03", "05", "18"]),
            json!(["04", "06", "07", "10", "13", "19"]),
            json!(["08", "17", "20", "21"]),
            json!(["09", "22", "24"]),
            json!(["23", "25"]),
        ]
    );
    assert_eq!(zones.iter().map(|z| z["number"].as_u64().unwrap()).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(zones[5]["name"], "Zon 6 – glesbygd");
    for z in zones {
        assert_eq!(z.as_object().unwrap().len(), 3, "number, name, regions: {z}");
    }

    // The full matrix, 8 lots × 6 zones, worked out by hand (zone-1 price × factor, whole kronor,
    // half away from zero).
    let expected: [(&str, [u32; 6]); 8] = [
        ("L1", [1400, 1470, 1540, 1610, 1680, 1820]),
        ("L2", [1450, 1523, 1595, 1668, 1740, 1885]),
        ("L3", [1350, 1418, 1485, 1553, 1620, 1755]),
        ("L4", [1050, 1103, 1155, 1208, 1260, 1365]),
        ("L5", [950, 998, 1045, 1093, 1140, 1235]),
        ("S1", [720, 756, 792, 828, 864, 936]),
        ("S2", [820, 861, 902, 943, 984, 1066]),
        ("S3", [800, 840, 880, 920, 960, 1040]),
    ];
    let mut want = Vec::new();
    for (lot, row) in expected {
        for (i, price) in row.iter().enumerate() {
            want.push(json!({ "lot": lot, "zone": i + 1, "price": format!("{price}.00") }));
        }
    }
    assert_eq!(v["prices"], Value::Array(want));
}

#[test]
fn prices_table_in_swedish() {
    let o = run(&["prices", demo_toml().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let t = stdout(&o);
    assert!(t.lines().any(|l| l.starts_with("L2 Specialistläkare psykiatri") && l.contains("1 450  1 523")), "{t}");
    assert!(t.contains("Region Jämtland Härjedalen (23), Region Norrbotten (25)"), "{t}");
}

#[test]
fn unreadable_definition_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, include_str!("../assets/demo/upphandling.toml").replace("factor = \"1.30\"", "factor = \"1.10\"")).unwrap();
    for args in [
        vec!["prices", bad.to_str().unwrap(), "--json"],
        vec!["prices", "/finns/inte.toml"],
        vec!["price-list", bad.to_str().unwrap(), "-o", "x.xlsx"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        let e = stderr(&o);
        assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
        assert!(e.starts_with("anbud: upphandlingsdefinitionen"), "{e}");
    }
}

#[test]
fn price_list_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("prisbilaga.xlsx");
    let o = run(&["price-list", demo_toml().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(&out).unwrap();
    let r = wb.worksheet_range("Prisbilaga").unwrap();
    assert_eq!(r.get_value((1, 0)), Some(&calamine::Data::String("Diarienummer DEMO-2026-001".into())));
}

const INPUT: &str = r#"
[[region]]
code = "01"
personnel_cost = 200000000
hours = { L1 = 1000, S1 = 2000 }

[[region]]
code = "04"
personnel_cost = 20000000
hours = { S1 = 1000 }

[[region]]
code = "20"
personnel_cost = 46080000
hours = { S1 = 1000 }

[[region.workplace]]
name = "Vårdcentralen Idre"
hours = { S1 = 100 }
"#;

#[test]
fn projection_json_and_what_if() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("prognos.toml");
    std::fs::write(&input, INPUT).unwrap();
    let toml = demo_toml();
    let original = std::fs::read(&toml).unwrap();
    let o = run(&["projection", toml.to_str().unwrap(), input.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    // The agreement's first year, 2028: 2 840 000 + 595 081,97 + 921 600.
    assert_eq!(v["year"], 2028);
    assert_eq!(v["total"]["value"], "4356681.97");
    assert!(v.get("what_if").is_none());

    let o = run(&[
        "projection",
        toml.to_str().unwrap(),
        input.to_str().unwrap(),
        "--year",
        "2029",
        "--json",
        "--move-region",
        "20=5",
        "--move-workplace",
        "Vårdcentralen Idre=4",
        "--factor",
        "3=1.12",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["year"], 2029);
    // 2029, whole year for all: 2 840 000 + 792 000 + 921 600 = 4 553 600.
    assert_eq!(v["total"]["value"], "4553600.00");
    let w = &v["what_if"];
    assert_eq!(w["changes"].as_array().unwrap().len(), 3);
    // Dalarna in zone 5 (864) and Idre in zone 4 (828): 864 000 + 82 800 = 946 800 (+25 200).
    // Sörmland at 720 × 1,12 = 806,4 → 806: 806 000 (+14 000).
    let dalarna = w["regions"].as_array().unwrap().iter().find(|r| r["code"] == "20").unwrap();
    assert_eq!(dalarna["value_after"], "946800.00");
    assert_eq!(dalarna["change"], "25200.00");
    assert_eq!(w["total"]["change"], "39200.00");
    assert_eq!(w["projection"]["total"]["value"], "4592800.00");
    assert_eq!(std::fs::read(&toml).unwrap(), original, "the definition file is untouched");

    let o = run(&["projection", toml.to_str().unwrap(), input.to_str().unwrap(), "--move-region", "20=5"]);
    assert_eq!(o.status.code(), Some(0));
    let t = stdout(&o);
    assert!(t.starts_with("Kostnadsprognos 2028"), "{t}");
    assert!(t.contains("Tänkt ändring (den sparade upphandlingen ändras inte)"), "{t}");
    assert!(t.contains("Region Dalarna flyttas från zon 4 till zon 5"), "{t}");
}

#[test]
fn projection_bad_input_is_exit_2_with_cells() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("underlag.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Timmar").unwrap();
    for (c, h) in ["Region", "Arbetsplats", "L1"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..7u32 {
        ws.write_string(r, 0, "01").unwrap();
    }
    ws.write_string(1, 1, "Karolinska").unwrap();
    ws.write_string(2, 1, "Danderyd").unwrap();
    ws.write_string(3, 1, "Södersjukhuset").unwrap();
    ws.write_string(4, 1, "Huddinge").unwrap();
    ws.write_string(5, 1, "Solna").unwrap();
    ws.write_string(6, 2, "tio").unwrap();
    wb.add_worksheet().set_name("Personalkostnad").unwrap().write_string(0, 0, "Region").unwrap();
    wb.save(&input).unwrap();
    let o = run(&["projection", demo_toml().to_str().unwrap(), input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert_eq!(e.trim_end().lines().count(), 1, "{e}");
    assert!(e.contains("Timmar!C7: \"tio\" är inte ett tal"), "{e}");
    assert!(e.contains("Personalkostnad!A1: rubrikraden ska ha kolumnerna Region och Personalkostnad (kr)"), "{e}");

    let o = run(&["projection", demo_toml().to_str().unwrap(), input.to_str().unwrap(), "--move-region", "20=x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--move-region 20=x: \"x\" är inget zonnummer"), "{}", stderr(&o));

    let o = run(&["projection", demo_toml().to_str().unwrap(), "/finns/inte.csv"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn projection_template_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("underlag.xlsx");
    let o = run(&["projection-template", demo_toml().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["projection", demo_toml().to_str().unwrap(), out.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["total"]["value"], "0.00");
}
