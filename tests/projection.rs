//! The cost projection: sums against hand-computed figures, the joins rule, the rounding point,
//! the indicator, the what-if on a copy, and bad input named by sheet and cell.

use anbud::model::procurement::Procurement;
use anbud::pricing::projection::{
    apply_changes, counted_period, project, read_input_toml, read_input_xlsx, what_if, write_input_template, Change, HoursEntry,
    InputError, Projection, ProjectionInput,
};
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;

const DEMO: &str = include_str!("../assets/demo/upphandling.toml");

fn demo() -> Procurement {
    Procurement::from_toml(DEMO).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The worked example of docs/projection.md, year 2028 (a leap year, 366 days):
/// - 01 Stockholm, zone 1, joins 2028-01-01: L1 1 000 h × 1 400 + S1 2 000 h × 720 = 2 840 000,00
/// - 04 Sörmland, zone 3, joins 2028-04-01 (275 of 366 days): S1 1 000 h × 792 × 275/366
///   = 217 800 000 / 366 = 595 081,967… → 595 081,97
/// - 05 Östergötland, zone 2: S1 0,00625 h × 756 = 4,725 → 4,73 (half away from zero; banker's
///   rounding would give 4,72)
/// - 20 Dalarna, zone 4: S1 1 000 h × 828 = 828 000; Vårdcentralen Idre (zone 6) S1 100 h × 936
///   = 93 600; together 921 600,00
/// - 17 Värmland joins 2029-01-01: L1 500 h count for 0 days → 0,00
/// - 09 Gotland, zone 5, joins 2028-10-01 (92 days): L2 10 h × 1 740 × 92/366
///   = 1 600 800 / 366 = 4 373,770… → 4 373,77
///
/// Total 4 361 060,47.
const EXAMPLE_TOML: &str = r#"
year = 2028

[[region]]
code = "01"
personnel_cost = "200 000 000"
hours = { L1 = 1000, S1 = "2 000" }

[[region]]
code = "04"
personnel_cost = 20000000
hours = { S1 = 1000 }

[[region]]
code = "05"
personnel_cost = 100000000
hours = { S1 = "0,00625" }

[[region]]
code = "20"
personnel_cost = 46080000
hours = { S1 = 1000 }

[[region.workplace]]
name = "Vårdcentralen Idre"
hours = { S1 = 100 }

[[region]]
code = "17"
personnel_cost = 1000000
hours = { L1 = 500 }

[[region]]
code = "Gotland"
hours = { L2 = 10 }
"#;

fn example_input(p: &Procurement) -> ProjectionInput {
    read_input_toml(p, EXAMPLE_TOML).unwrap()
}

fn region<'a>(proj: &'a Projection, code: &str) -> &'a anbud::pricing::projection::RegionProjection {
    proj.regions.iter().find(|r| r.code == code).unwrap()
}

#[test]
fn sums_match_hand_computed_figures() {
    let p = demo();
    let input = example_input(&p);
    let proj = project(&p, &input, 2028);
    assert_eq!(proj.regions.len(), 21, "every participating region is listed");
    assert_eq!(region(&proj, "01").value, d("2840000.00"));
    assert_eq!(region(&proj, "04").value, d("595081.97"));
    assert_eq!(region(&proj, "04").counted_days, 275);
    assert_eq!(region(&proj, "04").year_days, 366);
    assert_eq!(region(&proj, "05").value, d("4.73"));
    assert_eq!(region(&proj, "20").value, d("921600.00"));
    assert_eq!(region(&proj, "17").value, d("0"));
    assert_eq!(region(&proj, "17").counted_days, 0);
    assert_eq!(region(&proj, "09").value, d("4373.77"));
    assert_eq!(region(&proj, "09").counted_days, 92);
    assert_eq!(region(&proj, "03").value, d("0"));
    assert_eq!(proj.total.value, d("4361060.47"));

    let zone = |n: u8| proj.zones.iter().find(|z| z.number == n).unwrap().value;
    assert_eq!(zone(1), d("2840000.00"));
    assert_eq!(zone(2), d("4.73"));
    assert_eq!(zone(3), d("595081.97"));
    assert_eq!(zone(4), d("828000.00"), "Dalarna outside Idre, and Värmland's 0");
    assert_eq!(zone(5), d("4373.77"));
    assert_eq!(zone(6), d("93600.00"), "Vårdcentralen Idre is zone 6");
    let zone_sum: Decimal = proj.zones.iter().map(|z| z.value).sum();
    assert_eq!(zone_sum, proj.total.value);

    // Dalarna's cells: the region's own zone 4 and the workplace's zone 6.
    let dalarna = region(&proj, "20");
    assert_eq!(dalarna.zone, Some(4));
    let cells: Vec<_> = dalarna.lots.iter().map(|l| (l.lot.as_str(), l.zone, l.price, l.value)).collect();
    assert_eq!(cells, vec![("S1", 4, d("828"), d("828000")), ("S1", 6, d("936"), d("93600"))]);
}

#[test]
fn indicator_shares_and_flags() {
    let p = demo();
    let proj = project(&p, &example_input(&p), 2028);
    assert_eq!(proj.indicator_percent, d("2"));
    // 2 840 000 / 200 000 000 = 1,42 %
    assert_eq!(region(&proj, "01").share_percent, Some(d("1.42")));
    assert_eq!(region(&proj, "01").above_indicator, Some(false));
    assert_eq!(region(&proj, "01").indicator_amount, Some(d("4000000.00")));
    // Sörmland joins 2028-04-01: its value for 275 of 366 days is set against the same part of
    // its personnel cost, 20 000 000 × 275/366 = 15 027 322,40…; 595 081,97 / that = 3,96 % → above.
    // (Against the whole year's cost it would look like 2,98 %.)
    assert_eq!(region(&proj, "04").counted_personnel_cost, Some(d("15027322.40")));
    assert_eq!(region(&proj, "04").indicator_amount, Some(d("300546.45")));
    assert_eq!(region(&proj, "04").share_percent, Some(d("3.96")));
    assert_eq!(region(&proj, "04").above_indicator, Some(true));
    // Värmland joins 2029: no day of 2028 is counted, so there is nothing to set its cost against.
    assert_eq!(region(&proj, "17").personnel_cost, Some(d("1000000")));
    assert_eq!((region(&proj, "17").counted_personnel_cost, region(&proj, "17").share_percent), (None, None));
    assert_eq!(region(&proj, "17").above_indicator, None);
    // 921 600 / 46 080 000 = exactly 2 %: at the indicator, not above it.
    assert_eq!(region(&proj, "20").share_percent, Some(d("2.00")));
    assert_eq!(region(&proj, "20").above_indicator, Some(false));
    // Gotland has hours but no personnel cost: no share, a warning.
    assert_eq!(region(&proj, "09").share_percent, None);
    assert_eq!(region(&proj, "09").above_indicator, None);
    assert!(
        proj.warnings.iter().any(|w| w.contains("Region Gotland (09) har timmar men ingen personalkostnad")),
        "{:?}",
        proj.warnings
    );
    // Total over the regions with a share: 4 356 686,70 / (200 000 000 + 15 027 322,40… +
    // 100 000 000 + 46 080 000) = 4 356 686,70 / 361 107 322,40… = 1,2064… %
    assert_eq!(proj.total.personnel_cost, Some(d("367080000")), "the costs given, whole years");
    assert_eq!(proj.total.counted_personnel_cost, Some(d("361107322.40")));
    assert_eq!(proj.total.share_percent, Some(d("1.21")));
    assert_eq!(proj.total.above_indicator, Some(false));

    // A different indicator from the input.
    let mut input = example_input(&p);
    input.indicator_percent = Some(d("1.4"));
    let proj = project(&p, &input, 2028);
    assert_eq!(region(&proj, "01").above_indicator, Some(true));
}

#[test]
fn joins_rule_counts_from_the_joins_date() {
    let p = demo();
    let date = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    // Sörmland joins 2028-04-01: 2028-04-01..=2028-12-31.
    assert_eq!(counted_period(&p, Some(date("2028-04-01")), 2028), Some((date("2028-04-01"), date("2028-12-31"))));
    // Värmland joins 2029-01-01: nothing in 2028, the whole of 2029.
    assert_eq!(counted_period(&p, Some(date("2029-01-01")), 2028), None);
    assert_eq!(counted_period(&p, Some(date("2029-01-01")), 2029), Some((date("2029-01-01"), date("2029-12-31"))));
    // No joins date: from the agreement's start. Outside the agreement: nothing.
    assert_eq!(counted_period(&p, None, 2028), Some((date("2028-01-01"), date("2028-12-31"))));
    assert_eq!(counted_period(&p, None, 2030), None);
    assert_eq!(counted_period(&p, None, 2027), None);

    // 2029 is not a leap year and every region has joined: whole years.
    let proj = project(&p, &example_input(&p), 2029);
    assert!(proj.regions.iter().all(|r| r.counted_days == 365 && r.year_days == 365));
    // Sörmland a whole year: 792 000; Värmland 500 h × 1 610 = 805 000; Gotland 17 400.
    assert_eq!(region(&proj, "04").value, d("792000"));
    assert_eq!(region(&proj, "17").value, d("805000"));
    assert_eq!(region(&proj, "09").value, d("17400"));

    let proj = project(&p, &example_input(&p), 2030);
    assert_eq!(proj.total.value, d("0"));
    assert!(proj.warnings.iter().any(|w| w.contains("utanför avtalsperioden")));
}

#[test]
fn weekly_entries_sum_before_the_single_rounding() {
    let p = demo();
    // 52 weeks of 0,00625 h S1 in Östergötland (zone 2, 756 kr): 0,325 h × 756 = 245,70 exactly;
    // rounding each week (4,725 → 4,73) would have given 245,96.
    let input = ProjectionInput {
        hours: (0..52).map(|_| HoursEntry { region: "05".into(), workplace: None, lot: "S1".into(), hours: d("0.00625") }).collect(),
        ..Default::default()
    };
    let proj = project(&p, &input, 2028);
    assert_eq!(region(&proj, "05").value, d("245.70"));
    assert_eq!(region(&proj, "05").hours, d("0.325"));
}

#[test]
fn json_shape() {
    let p = demo();
    let v = project(&p, &example_input(&p), 2028).to_json();
    assert_eq!(v["year"], 2028);
    assert_eq!(v["indicator_percent"], "2");
    assert_eq!(v["procurement"]["id"], "DEMO-2026-001");
    assert_eq!(v["total"]["value"], "4361060.47");
    let sthlm = &v["regions"][0];
    assert_eq!(sthlm["code"], "01");
    assert_eq!(sthlm["value"], "2840000.00");
    assert_eq!(sthlm["share_percent"], "1.42");
    assert_eq!(sthlm["above_indicator"], false);
    assert_eq!(sthlm["joins"], "2028-01-01");
    assert_eq!(
        sthlm["lots"][0],
        serde_json::json!({"lot": "L1", "zone": 1, "hours": "1000.00", "counted_hours": "1000.00", "price": "1400.00", "value": "1400000.00"})
    );
    let gotland = v["regions"].as_array().unwrap().iter().find(|r| r["code"] == "09").unwrap();
    assert_eq!(gotland["share_percent"], serde_json::Value::Null);
    assert_eq!(gotland["counted_hours"], "2.51", "10 h × 92/366 = 2,513…");
    assert_eq!(v["zones"][5]["value"], "93600.00");
}

#[test]
fn table_is_readable_swedish() {
    let p = demo();
    let t = project(&p, &example_input(&p), 2028).table();
    assert!(t.starts_with("Kostnadsprognos 2028 – Bemanningstjänster inom hälso- och sjukvård 2028 (DEMO-2026-001)"), "{t}");
    let sormland = t.lines().find(|l| l.starts_with("04 Region Sörmland")).unwrap();
    assert!(sormland.contains("595 081,97") && sormland.contains("3,96 %") && sormland.contains("över 2 %"), "{sormland}");
    assert!(sormland.contains("275/366") && sormland.contains("2028-04-01"), "{sormland}");
    let total = t.lines().find(|l| l.starts_with("Totalt")).unwrap();
    assert!(total.contains("4 361 060,47"), "{total}");
    assert!(t.contains("Över 2 % av personalkostnaden: Region Sörmland (3,96 %)."), "{t}");
    assert!(t.contains("Zon 6 – glesbygd"), "{t}");
}

// ---- what-if ----

#[test]
fn what_if_move_region() {
    let p = demo();
    let original = p.clone();
    let input = example_input(&p);
    let (before, wi) = what_if(&p, &input, 2028, &[Change::parse_move_region("20=5").unwrap()]).unwrap();
    assert_eq!(p, original, "the saved definition is untouched");
    assert_eq!(before, project(&p, &input, 2028));
    assert_eq!(wi.changes, vec!["Region Dalarna flyttas från zon 4 till zon 5"]);
    let dalarna = wi.regions.iter().find(|r| r.code == "20").unwrap();
    // 1 000 h × 864 + Idre (still zone 6) 100 h × 936 = 957 600: +36 000.
    assert_eq!((dalarna.zone_before, dalarna.zone_after), (Some(4), Some(5)));
    assert_eq!(dalarna.value_after, d("957600"));
    assert_eq!(dalarna.change, d("36000"));
    assert_eq!((dalarna.above_before, dalarna.above_after), (Some(false), Some(true)));
    assert!(wi.regions.iter().filter(|r| r.code != "20").all(|r| r.change.is_zero()));
    assert_eq!(wi.total.change, d("36000"));
    assert_eq!(wi.total.value_after, d("4397060.47"));
    let z = |n: u8| wi.zones.iter().find(|z| z.number == n).unwrap();
    assert_eq!(z(4).change, d("-828000"));
    assert_eq!(z(5).change, d("864000"));
    let t = wi.table();
    assert!(t.contains("den sparade upphandlingen ändras inte"), "{t}");
    assert!(t.lines().any(|l| l.starts_with("20 Region Dalarna") && l.contains("+36 000,00")), "{t}");
    assert!(t.contains("Hamnar över indikatorn: Region Dalarna."), "{t}");
    // The change per zone, too.
    assert!(t.lines().any(|l| l.trim_start().starts_with("4 ") && l.contains("−828 000,00")), "{t}");
    assert!(t.lines().any(|l| l.trim_start().starts_with("5 ") && l.contains("+864 000,00")), "{t}");
}

#[test]
fn what_if_move_workplace() {
    let p = demo();
    let original = p.clone();
    let input = example_input(&p);
    let (_, wi) = what_if(&p, &input, 2028, &[Change::parse_move_workplace("\"Vårdcentralen Idre\"=4").unwrap()]).unwrap();
    assert_eq!(p, original);
    let dalarna = wi.regions.iter().find(|r| r.code == "20").unwrap();
    // Idre 100 h × 828 instead of × 936: −10 800.
    assert_eq!(dalarna.change, d("-10800"));
    assert_eq!((dalarna.zone_before, dalarna.zone_after), (Some(4), Some(4)));
    assert_eq!(wi.total.change, d("-10800"));
    assert_eq!(wi.changes, vec!["Vårdcentralen Idre (Region Dalarna) flyttas från zon 6 till zon 4"]);

    // A workplace that the definition does not name, found in the input, or named with its region.
    let mut input2 = input.clone();
    input2.hours.push(HoursEntry {
        region: "01".into(),
        workplace: Some("Norrtälje sjukhus".into()),
        lot: "L1".into(),
        hours: d("10"),
    });
    let (_, wi) = what_if(&p, &input2, 2028, &[Change::parse_move_workplace("Norrtälje sjukhus=2").unwrap()]).unwrap();
    // 10 h × (1 470 − 1 400) = +700.
    assert_eq!(wi.total.change, d("700"));
    let (_, wi) = what_if(&p, &input2, 2028, &[Change::parse_move_workplace("01:Norrtälje sjukhus=3").unwrap()]).unwrap();
    assert_eq!(wi.total.change, d("1400"));
    assert_eq!(p, original);
}

#[test]
fn what_if_factor_rederives_prices() {
    let p = demo();
    let original = p.clone();
    let input = example_input(&p);
    let (_, wi) = what_if(&p, &input, 2028, &[Change::parse_factor("3=1,12").unwrap()]).unwrap();
    assert_eq!(p, original, "the saved definition and its prices are untouched");
    assert_eq!(p.prices.get("S1", 3), Some(d("792")));
    // S1 zone 3: 720 × 1,12 = 806,4 → 806. Sörmland 806 000 × 275/366 = 605 601,09…
    assert_eq!(wi.projection.regions.iter().find(|r| r.code == "04").unwrap().lots[0].price, d("806"));
    let s = wi.regions.iter().find(|r| r.code == "04").unwrap();
    assert_eq!(s.value_after, d("605601.09"));
    assert_eq!(s.change, d("10519.12"));
    assert_eq!(wi.total.change, d("10519.12"));
    assert!(wi.warnings.is_empty(), "{:?}", wi.warnings);
    assert_eq!(wi.changes, vec!["faktorn för zon 3 ändras från 1,10 till 1,12"]);

    // A factor that makes zone 3 dearer than zone 4 is shown, with a warning.
    let (copy, _, warnings) = apply_changes(&p, &input, &[Change::parse_factor("3=1.20").unwrap()]).unwrap();
    assert_eq!(copy.prices.get("S1", 3), Some(d("864")));
    assert_eq!(copy.prices.get("L2", 2), Some(d("1523")), "other zones keep their prices");
    assert!(warnings.iter().any(|w| w.contains("S1: priset sjunker från 864 i zon 3 till 828 i zon 4")), "{warnings:?}");
    // Rounding on re-derivation is half away from zero: L2 1 450 × 1,15 = 1 667,5 → 1 668.
    let (copy, _, _) = apply_changes(&p, &input, &[Change::parse_factor("3=1.15").unwrap()]).unwrap();
    assert_eq!(copy.prices.get("L2", 3), Some(d("1668")));
    assert_eq!(p, original);
}

#[test]
fn what_if_errors() {
    let p = demo();
    let input = example_input(&p);
    let e = what_if(&p, &input, 2028, &[Change::parse_move_region("20=9").unwrap()]).unwrap_err();
    assert_eq!(e, vec!["zon 9 finns inte"]);
    let e = what_if(&p, &input, 2028, &[Change::parse_move_workplace("Okänd vårdcentral=3").unwrap()]).unwrap_err();
    assert!(e[0].contains("finns varken i upphandlingen eller i underlaget"), "{e:?}");
    assert!(Change::parse_factor("3=0").unwrap_err().contains("större än 0"));
    assert!(Change::parse_factor("3=1e30").is_err());
    assert!(Change::parse_factor("3=100000000000000000000").unwrap_err().contains("högst 10"));
    assert!(Change::parse_factor("3=ett").is_err());
    assert!(Change::parse_move_region("Lappland=3").is_err());
    assert!(Change::parse_move_region("20").is_err());
    assert_eq!(Change::parse_move_region("Dalarna=5").unwrap(), Change::MoveRegion { region: "20".into(), zone: 5 });

    // Explicit prices cannot be re-derived from a factor.
    let t = DEMO.replace("base_price = \"1400\"", "prices = [1400, 1470, 1540, 1610, 1680, 1820]");
    let q = Procurement::from_toml(&t).unwrap();
    let e = what_if(&q, &input, 2028, &[Change::parse_factor("3=1.12").unwrap()]).unwrap_err();
    assert!(e[0].contains("priserna för L1 anges uttryckligen"), "{e:?}");
    // Moving a region leaves an empty zone: a warning, not an error.
    let (_, _, w) =
        apply_changes(&p, &input, &[Change::parse_move_region("23=5").unwrap(), Change::parse_move_region("25=5").unwrap()]).unwrap();
    assert!(w.iter().any(|w| w == "zon 6 har ingen region kvar"), "{w:?}");
}

// ---- input ----

/// Builds an input workbook from rows of cells ("" = empty; a cell starting with '#' is written
/// as a number).
fn workbook(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                if let Some(n) = cell.strip_prefix('#') {
                    ws.write_number(r as u32, c as u16, n.parse::<f64>().unwrap()).unwrap();
                } else {
                    ws.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn example_workbook() -> Vec<u8> {
    workbook(&[
        (
            "Timmar",
            vec![
                vec!["Region", "Arbetsplats", "L1 Specialistläkare allmänmedicin", "L2", "S1 Sjuksköterska", "X1"],
                vec!["01 Region Stockholm", "", "#1000", "", "2 000", ""],
                vec!["04", "", "", "", "#1000", ""],
                vec!["#5", "", "", "", "0,00625", ""],
                vec!["Region Dalarna", "", "", "", "#1000", ""],
                vec!["20", "Vårdcentralen Idre", "", "", "#100", "#0"],
                vec![],
                vec!["Värmland", "", "#500", "", "", ""],
                vec!["09 Region Gotland", "", "", "#10", "", ""],
            ],
        ),
        (
            "Personalkostnad",
            vec![
                vec!["Region", "Personalkostnad (kr)"],
                vec!["01", "200 000 000"],
                vec!["04 Region Sörmland", "#20000000"],
                vec!["05", "#100000000"],
                vec!["20", "#46080000"],
                vec!["17", "1 000 000 kr"],
                vec!["09", ""],
            ],
        ),
    ])
}

#[test]
fn xlsx_and_toml_give_the_same_projection() {
    let p = demo();
    let from_xlsx = read_input_xlsx(&p, &example_workbook()).unwrap();
    assert!(from_xlsx.warnings.is_empty(), "{:?}", from_xlsx.warnings);
    let a = project(&p, &from_xlsx, 2028);
    let b = project(&p, &example_input(&p), 2028);
    assert_eq!(a.total.value, d("4361060.47"));
    assert_eq!(a.regions, b.regions);
    assert_eq!(a.zones, b.zones);
    assert_eq!(a.total, b.total);
}

fn issues(e: InputError) -> Vec<String> {
    e.0.iter().map(|i| i.to_string()).collect()
}

#[test]
fn bad_xlsx_input_is_named_by_sheet_and_cell() {
    let p = demo();
    let bytes = workbook(&[
        (
            "Timmar",
            vec![
                vec!["Region", "Arbetsplats", "L1", "S1", "Q9 Okänd"],
                vec!["01", "", "#1000", "#-5", ""],
                vec!["02", "", "#1", "", ""],
                vec!["Lappland", "", "#1", "", ""],
                vec!["03", "", "#1", "", ""],
                vec!["03", "", "#2", "", ""],
                vec!["05", "", "tio", "", ""],
                vec!["", "", "#7", "", ""],
            ],
        ),
        ("Personalkostnad", vec![vec!["Region", "Personalkostnad (kr)"], vec!["01", "många"], vec!["03", "#0"], vec!["03", "#5"]]),
    ]);
    let e = issues(read_input_xlsx(&p, &bytes).unwrap_err());
    let expected = [
        "Timmar!E1: okänt anbudsområde \"Q9 Okänd\"",
        "Timmar!D2: -5 timmar: antalet timmar kan inte vara negativt",
        "Timmar!A3: okänd regionkod \"02\"",
        "Timmar!A4: okänd region \"Lappland\"",
        "Timmar!A6: Region Uppsala utan arbetsplats finns redan på rad 5",
        "Timmar!C7: \"tio\" är inte ett tal",
        "Timmar!A8: region saknas",
        "Personalkostnad!B2: \"många\" är inte ett tal",
        "Personalkostnad!B3: personalkostnaden måste vara större än noll, inte 0",
        "Personalkostnad!A4: Region Uppsala finns redan på rad 3",
    ];
    for want in expected {
        assert!(e.iter().any(|i| i.starts_with(want)), "missing {want:?} in {e:#?}");
    }
    assert_eq!(e.len(), expected.len(), "{e:#?}");
}

#[test]
fn missing_sheets_and_columns() {
    let p = demo();
    let bytes = workbook(&[("Blad1", vec![vec!["x"]])]);
    let e = issues(read_input_xlsx(&p, &bytes).unwrap_err());
    assert_eq!(e, vec!["Timmar: bladet saknas", "Personalkostnad: bladet saknas"]);
    let bytes =
        workbook(&[("Timmar", vec![vec!["Län?", "L1"], vec!["01", "#3"]]), ("Personalkostnad", vec![vec!["Region", "Belopp"]])]);
    let e = issues(read_input_xlsx(&p, &bytes).unwrap_err());
    assert!(e.iter().any(|i| i.starts_with("Timmar!A1: okänt anbudsområde \"Län?\"")), "{e:?}");
    assert!(e.iter().any(|i| i == "Timmar!A1: kolumnen Region saknas i rubrikraden"), "{e:?}");
    assert!(e.iter().any(|i| i.starts_with("Personalkostnad!A1: rubrikraden ska ha kolumnerna Region och Personalkostnad")), "{e:?}");
    let e = issues(read_input_xlsx(&p, b"not a workbook").unwrap_err());
    assert!(e[0].starts_with("filen är inte en läsbar .xlsx-arbetsbok"), "{e:?}");
}

#[test]
fn shortage_lot_hours_are_a_warning() {
    let p = demo();
    let bytes = workbook(&[
        ("Timmar", vec![vec!["Region", "L1", "X1 Ögon"], vec!["01", "#3", "#40"]]),
        ("Personalkostnad", vec![vec!["Region", "Personalkostnad"], vec!["01", "#1000000"]]),
    ]);
    let input = read_input_xlsx(&p, &bytes).unwrap();
    assert_eq!(input.warnings, vec!["Timmar!C2: X1 är ett bristområde utanför avtalet; timmarna räknas inte"]);
    assert_eq!(input.hours.len(), 1);
    let proj = project(&p, &input, 2028);
    assert_eq!(region(&proj, "01").value, d("4200"));
    assert!(proj.warnings.contains(&input.warnings[0]));
}

#[test]
fn bad_toml_input_is_named_by_key() {
    let p = demo();
    let text = r#"
indicator_percent = 0
[[region]]
code = "01"
personnel_cost = -1
hours = { L1 = "tio", Q9 = 3, S1 = -2 }
[[region.workplace]]
name = ""
[[region]]
code = "01"
[[region]]
code = "26"
"#;
    let e = issues(read_input_toml(&p, text).unwrap_err());
    let expected = [
        "indicator_percent: 0 % är ingen rimlig indikator",
        "region[0].personnel_cost: personalkostnaden måste vara större än noll, inte -1",
        "region[0].hours.L1: \"tio\" är inte ett tal",
        "region[0].hours.Q9: okänt anbudsområde \"Q9\"",
        "region[0].hours.S1: -2 timmar: antalet timmar kan inte vara negativt",
        "region[0].workplace[0].name: arbetsplatsens namn saknas",
        "region[1].code: Region Stockholm anges två gånger",
        "region[2].code: okänd regionkod \"26\"",
    ];
    for want in expected {
        assert!(e.iter().any(|i| i.starts_with(want)), "missing {want:?} in {e:#?}");
    }
    assert_eq!(e.len(), expected.len(), "{e:#?}");
    let e = issues(read_input_toml(&p, "year = 2028\nyeer = 1\n").unwrap_err());
    assert!(e[0].contains("inte giltig TOML") && e[0].contains("rad 2"), "{e:?}");
}

#[test]
fn template_reads_back_empty() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("underlag.xlsx");
    write_input_template(&p, &path).unwrap();
    let input = anbud::pricing::projection::read_input(&p, &path).unwrap();
    assert!(input.hours.is_empty());
    assert!(input.personnel_cost.is_empty());
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    use calamine::Reader;
    let r = wb.worksheet_range("Timmar").unwrap();
    // A row per region and one per workplace with its own zone: 21 + 2, plus the header.
    assert_eq!(r.height(), 24);
    assert_eq!(r.get_value((0, 2)), Some(&calamine::Data::String("L1 Specialistläkare allmänmedicin".into())));
}
