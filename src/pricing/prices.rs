//! `anbud prices`: the zone model and the fixed price matrix, as the JSON of
//! `spec/cli.md` and as a readable Swedish table.

use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::model::money::{format_decimal, to_money_string};
use crate::model::procurement::Procurement;
use crate::model::regions::region_name;

/// The JSON of `anbud prices --json` (spec/cli.md):
/// `{"zones":[{"number","name","regions":["01",…]}], "prices":[{"lot","zone","price":"1400.00"}]}`.
///
/// Zones in number order, each with its regions' county codes as the definition lists them.
/// Prices for every lot of the agreement (in the definition's lot order) and every zone (in zone
/// order), as strings with two decimals. Shortage lots are outside the agreement and have none.
pub fn prices_json(p: &Procurement) -> Value {
    let mut zones: Vec<_> = p.zones.zones.iter().collect();
    zones.sort_by_key(|z| z.number);
    let zones_json: Vec<Value> = zones.iter().map(|z| json!({ "number": z.number, "name": z.name, "regions": z.regions })).collect();
    let mut prices = Vec::new();
    for lot in p.agreement_lots() {
        for z in &zones {
            if let Some(price) = p.prices.get(&lot.code, z.number) {
                prices.push(json!({ "lot": lot.code, "zone": z.number, "price": to_money_string(price) }));
            }
        }
    }
    json!({ "zones": zones_json, "prices": prices })
}

/// An amount as in the tables: whole kronor without decimals (`1 523`), otherwise two (`1 522,50`).
pub fn format_amount(value: Decimal) -> String {
    if value.fract().is_zero() {
        format_decimal(value, 0)
    } else {
        format_decimal(value, 2)
    }
}

fn pad_right(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

fn pad_left(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{}{s}", " ".repeat(width.saturating_sub(n)))
}

/// The region's name for the tables: the participant's name, else the register's, else the code.
pub(crate) fn region_label(p: &Procurement, code: &str) -> String {
    p.region(code)
        .map(|r| r.name.clone())
        .filter(|n| !n.is_empty())
        .or_else(|| region_name(code).map(str::to_string))
        .unwrap_or_else(|| code.to_string())
}

/// The readable Swedish table of `anbud prices`: lots down, zones across, prices in kronor per
/// hour excluding VAT (`1 523`), then each zone with its name and its regions' names, the
/// workplaces with a zone of their own and the shortage lots outside the agreement.
pub fn prices_table(p: &Procurement) -> String {
    let mut zones: Vec<_> = p.zones.zones.iter().collect();
    zones.sort_by_key(|z| z.number);
    let mut out = String::new();
    out.push_str(&format!("{} ({})\n", p.name, p.id));
    out.push_str("Fasta timpriser i kronor exklusive moms, per anbudsområde och zon\n\n");

    let lot_label = |code: &str, name: &str| format!("{code} {name}");
    let first_header = "Anbudsområde";
    let first_width = p
        .agreement_lots()
        .map(|l| lot_label(&l.code, &l.name).chars().count())
        .chain(std::iter::once(first_header.chars().count()))
        .max()
        .unwrap_or(0);
    let headers: Vec<String> = zones.iter().map(|z| format!("Zon {}", z.number)).collect();
    let cells: Vec<Vec<String>> = p
        .agreement_lots()
        .map(|l| zones.iter().map(|z| p.prices.get(&l.code, z.number).map(format_amount).unwrap_or_else(|| "–".to_string())).collect())
        .collect();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| cells.iter().map(|r| r[i].chars().count()).chain([h.chars().count()]).max().unwrap_or(0))
        .collect();

    let mut line = pad_right(first_header, first_width);
    for (h, w) in headers.iter().zip(&widths) {
        line.push_str("  ");
        line.push_str(&pad_left(h, *w));
    }
    out.push_str(line.trim_end());
    out.push('\n');
    for (lot, row) in p.agreement_lots().zip(&cells) {
        let mut line = pad_right(&lot_label(&lot.code, &lot.name), first_width);
        for (c, w) in row.iter().zip(&widths) {
            line.push_str("  ");
            line.push_str(&pad_left(c, *w));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }

    out.push_str("\nZoner\n");
    for z in &zones {
        let factor = z.factor.map(|f| format!(" (faktor {})", format_decimal(f, f.scale().max(2)))).unwrap_or_default();
        let name = if z.name.trim().is_empty() { format!("Zon {}", z.number) } else { z.name.clone() };
        let name = if name.starts_with(&format!("Zon {}", z.number)) { name } else { format!("Zon {}: {name}", z.number) };
        out.push_str(&format!("{name}{factor}\n"));
        let regions: Vec<String> = z.regions.iter().map(|c| format!("{} ({c})", region_label(p, c))).collect();
        out.push_str(&format!("  {}\n", if regions.is_empty() { "ingen region".to_string() } else { regions.join(", ") }));
    }

    if !p.zones.workplaces.is_empty() {
        out.push_str("\nArbetsplatser med egen zon\n");
        for w in &p.zones.workplaces {
            let regular = p.zones.zone_for(&w.region, None).map(|z| format!(", regionen i övrigt zon {z}")).unwrap_or_default();
            out.push_str(&format!("  {} ({}): zon {}{regular}\n", w.name, region_label(p, &w.region), w.zone));
        }
    }

    let shortage: Vec<String> = p.lots.iter().filter(|l| l.shortage).map(|l| lot_label(&l.code, &l.name)).collect();
    if !shortage.is_empty() {
        out.push_str("\nBristområden utanför avtalet (inga priser)\n");
        for s in shortage {
            out.push_str(&format!("  {s}\n"));
        }
    }
    if let Some(r) = p.rounding {
        let how = match r {
            crate::model::zones::Rounding::WholeKronor => "hela kronor",
            crate::model::zones::Rounding::Ore => "hela ören",
        };
        if p.lots.iter().any(|l| l.base_price.is_some()) {
            out.push_str(&format!(
                "\nPriserna är zon 1-priset gånger zonens faktor, avrundat till {how} (avrundning från noll vid jämnt hälften).\n"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../assets/demo/upphandling.toml");

    fn demo() -> Procurement {
        Procurement::from_toml(DEMO).unwrap()
    }

    /// The demo matrix worked out by hand: zone-1 price × 1.00, 1.05, 1.10, 1.15, 1.20, 1.30,
    /// whole kronor, half away from zero.
    const DEMO_MATRIX: [(&str, [u32; 6]); 8] = [
        // 1400: 1470, 1540, 1610, 1680, 1820
        ("L1", [1400, 1470, 1540, 1610, 1680, 1820]),
        // 1450: 1522.5 → 1523, 1595, 1667.5 → 1668, 1740, 1885
        ("L2", [1450, 1523, 1595, 1668, 1740, 1885]),
        // 1350: 1417.5 → 1418, 1485, 1552.5 → 1553, 1620, 1755
        ("L3", [1350, 1418, 1485, 1553, 1620, 1755]),
        // 1050: 1102.5 → 1103, 1155, 1207.5 → 1208, 1260, 1365
        ("L4", [1050, 1103, 1155, 1208, 1260, 1365]),
        // 950: 997.5 → 998, 1045, 1092.5 → 1093, 1140, 1235
        ("L5", [950, 998, 1045, 1093, 1140, 1235]),
        // 720: 756, 792, 828, 864, 936
        ("S1", [720, 756, 792, 828, 864, 936]),
        // 820: 861, 902, 943, 984, 1066
        ("S2", [820, 861, 902, 943, 984, 1066]),
        // 800: 840, 880, 920, 960, 1040
        ("S3", [800, 840, 880, 920, 960, 1040]),
    ];

    #[test]
    fn demo_matrix_in_full() {
        let p = demo();
        let mut n = 0;
        for (lot, row) in DEMO_MATRIX {
            for (i, want) in row.iter().enumerate() {
                let zone = (i + 1) as u8;
                assert_eq!(p.prices.get(lot, zone), Some(Decimal::from(*want)), "{lot} zon {zone}");
                n += 1;
            }
            assert_eq!(p.prices.get(lot, 7), None);
        }
        assert_eq!(n, 48);
        assert_eq!(p.prices.iter().count(), 48, "shortage lots have no prices");
    }

    #[test]
    fn json_is_the_spec_shape() {
        let p = demo();
        let v = prices_json(&p);
        let obj = v.as_object().unwrap();
        assert_eq!(obj.keys().collect::<Vec<_>>(), vec!["zones", "prices"]);
        let zones = v["zones"].as_array().unwrap();
        assert_eq!(zones.len(), 6);
        assert_eq!(
            zones[0],
            json!({ "number": 1, "name": "Zon 1 – storstadsregioner med universitetssjukhus", "regions": ["01", "12", "14"] })
        );
        assert_eq!(zones[5]["regions"], json!(["23", "25"]));
        let prices = v["prices"].as_array().unwrap();
        assert_eq!(prices.len(), 48);
        assert_eq!(prices[0], json!({ "lot": "L1", "zone": 1, "price": "1400.00" }));
        assert!(prices.contains(&json!({ "lot": "L2", "zone": 2, "price": "1523.00" })));
        assert!(prices.contains(&json!({ "lot": "S1", "zone": 6, "price": "936.00" })));
        assert!(prices.iter().all(|e| !e["lot"].as_str().unwrap().starts_with('X')));
        // Every price a string with exactly two decimals.
        assert!(prices.iter().all(|e| e["price"].as_str().unwrap().split('.').nth(1).map(str::len) == Some(2)));
    }

    #[test]
    fn ore_rounding_shows_in_json() {
        let t = DEMO.replace("rounding = \"whole_kronor\"", "rounding = \"ore\"");
        let p = Procurement::from_toml(&t).unwrap();
        let v = prices_json(&p);
        assert!(v["prices"].as_array().unwrap().contains(&json!({ "lot": "L2", "zone": 2, "price": "1522.50" })));
        assert!(prices_table(&p).contains("1 522,50"));
    }

    #[test]
    fn table_is_swedish_and_complete() {
        let t = prices_table(&demo());
        assert!(t.starts_with("Bemanningstjänster inom hälso- och sjukvård 2028 (DEMO-2026-001)\n"), "{t}");
        let l2 = t.lines().find(|l| l.starts_with("L2 Specialistläkare psykiatri")).unwrap();
        let cols: Vec<&str> = l2.split("  ").map(str::trim).filter(|s| !s.is_empty()).collect();
        assert_eq!(cols, ["L2 Specialistläkare psykiatri", "1 450", "1 523", "1 595", "1 668", "1 740", "1 885"]);
        let s1 = t.lines().find(|l| l.starts_with("S1 Sjuksköterska")).unwrap();
        assert!(s1.ends_with("936"), "{s1}");
        assert!(t.contains("Region Stockholm (01), Region Skåne (12), Västra Götalandsregionen (14)"), "{t}");
        assert!(t.contains("Zon 6 – glesbygd (faktor 1,30)"), "{t}");
        assert!(t.contains("Vårdcentralen Idre (Region Dalarna): zon 6, regionen i övrigt zon 4"), "{t}");
        assert!(t.contains("X1 Specialistläkare ögonsjukdomar"), "{t}");
        assert!(!t.lines().any(|l| l.starts_with("X1") && l.contains("1 ")), "no prices for shortage lots");
        // Columns line up: every row of the matrix has the same width.
        let header = t.lines().find(|l| l.starts_with("Anbudsområde")).unwrap();
        assert_eq!(header.chars().count(), l2.chars().count());
    }

    #[test]
    fn amounts_format() {
        assert_eq!(format_amount(Decimal::from(1523)), "1 523");
        assert_eq!(format_amount("936".parse().unwrap()), "936");
        assert_eq!(format_amount("1522.5".parse().unwrap()), "1 522,50");
    }
}
