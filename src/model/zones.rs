//! Compensation zones (ersättningsnivåer) and the fixed price matrix.
//!
//! One function answers "which zone and which price apply to this workplace in this region":
//! [`ZoneModel::zone_for`] and [`Procurement::resolve_price`](crate::model::procurement::Procurement::resolve_price).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::model::money::round_half_away;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Zone {
    /// 1 = easiest to recruit; the highest number = sparsely populated areas.
    pub number: u8,
    pub name: String,
    /// County codes of the regions in this zone.
    pub regions: Vec<String>,
    /// Factor on the zone-1 price, when prices are derived by factors.
    #[ts(type = "string | null")]
    pub factor: Option<Decimal>,
}

/// A named workplace (a health centre, a hospital) whose zone differs from its region's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Workplace {
    pub name: String,
    pub region: String,
    pub zone: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ZoneModel {
    /// The allowed number of zones (5–7 unless the definition says otherwise).
    pub min_zones: u8,
    pub max_zones: u8,
    pub zones: Vec<Zone>,
    pub workplaces: Vec<Workplace>,
}

impl ZoneModel {
    pub fn numbers(&self) -> impl Iterator<Item = u8> + '_ {
        self.zones.iter().map(|z| z.number)
    }

    pub fn has_zone(&self, number: u8) -> bool {
        self.zones.iter().any(|z| z.number == number)
    }

    pub fn zone(&self, number: u8) -> Option<&Zone> {
        self.zones.iter().find(|z| z.number == number)
    }

    /// The zone of a region, or of a named workplace in it when that workplace overrides it.
    /// Workplace names are matched case-insensitively after trimming.
    pub fn zone_for(&self, region: &str, workplace: Option<&str>) -> Option<u8> {
        if let Some(wp) = workplace {
            let key = wp.trim().to_lowercase();
            if let Some(w) = self.workplaces.iter().find(|w| w.region == region && w.name.trim().to_lowercase() == key) {
                return Some(w.zone);
            }
        }
        self.zones.iter().find(|z| z.regions.iter().any(|r| r == region)).map(|z| z.number)
    }
}

/// How prices are stated: explicitly per lot and zone, or as the zone-1 price times each zone's
/// factor, rounded at that one point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Rounding {
    /// Whole kronor, half away from zero (1 522,50 → 1 523).
    WholeKronor,
    /// Öre, half away from zero.
    Ore,
}

impl Rounding {
    pub fn apply(self, value: Decimal) -> Decimal {
        match self {
            Rounding::WholeKronor => round_half_away(value, 0),
            Rounding::Ore => round_half_away(value, 2),
        }
    }
}

/// One cell of the price matrix, as it crosses JSON and IPC (price as a decimal string).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PriceEntry {
    pub lot: String,
    pub zone: u8,
    #[ts(type = "string")]
    #[serde(with = "rust_decimal::serde::str")]
    pub price: Decimal,
}

/// The agreement's fixed hourly price (SEK excl. VAT) per lot code and zone number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<PriceEntry>", from = "Vec<PriceEntry>")]
pub struct PriceMatrix {
    prices: BTreeMap<(String, u8), Decimal>,
}

impl PriceMatrix {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(&mut self, lot: &str, zone: u8, price: Decimal) {
        self.prices.insert((lot.to_string(), zone), price);
    }

    pub fn remove(&mut self, lot: &str, zone: u8) -> Option<Decimal> {
        self.prices.remove(&(lot.to_string(), zone))
    }

    pub fn get(&self, lot: &str, zone: u8) -> Option<Decimal> {
        self.prices.get(&(lot.to_string(), zone)).copied()
    }

    /// (lot, zone, price) in lot-code then zone order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u8, Decimal)> {
        self.prices.iter().map(|((l, z), p)| (l.as_str(), *z, *p))
    }

    /// Derives a price from the zone-1 price and a factor, rounded once.
    pub fn derive(base: Decimal, factor: Decimal, rounding: Rounding) -> Decimal {
        rounding.apply(base * factor)
    }
}

impl From<PriceMatrix> for Vec<PriceEntry> {
    fn from(m: PriceMatrix) -> Self {
        m.iter().map(|(lot, zone, price)| PriceEntry { lot: lot.to_string(), zone, price }).collect()
    }
}

impl From<Vec<PriceEntry>> for PriceMatrix {
    fn from(v: Vec<PriceEntry>) -> Self {
        let mut m = PriceMatrix::new();
        for e in v {
            m.set(&e.lot, e.zone, e.price);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn derived_prices_round_half_away() {
        assert_eq!(PriceMatrix::derive(d("1450"), d("1.05"), Rounding::WholeKronor), d("1523"));
        assert_eq!(PriceMatrix::derive(d("1350"), d("1.05"), Rounding::WholeKronor), d("1418"));
        assert_eq!(PriceMatrix::derive(d("950"), d("1.05"), Rounding::WholeKronor), d("998"));
        assert_eq!(PriceMatrix::derive(d("1450"), d("1.05"), Rounding::Ore), d("1522.50"));
    }

    #[test]
    fn workplace_overrides_region_zone() {
        let model = ZoneModel {
            min_zones: 1,
            max_zones: 7,
            zones: vec![
                Zone { number: 2, name: "Zon 2".into(), regions: vec!["20".into()], factor: None },
                Zone { number: 5, name: "Zon 5".into(), regions: vec![], factor: None },
            ],
            workplaces: vec![Workplace { name: "Vårdcentralen Idre".into(), region: "20".into(), zone: 5 }],
        };
        assert_eq!(model.zone_for("20", None), Some(2));
        assert_eq!(model.zone_for("20", Some("vårdcentralen idre ")), Some(5));
        assert_eq!(model.zone_for("20", Some("Falu lasarett")), Some(2));
        assert_eq!(model.zone_for("01", Some("Vårdcentralen Idre")), None);
    }
}
