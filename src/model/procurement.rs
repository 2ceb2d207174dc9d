//! A procurement: identity, regions, zones, lots, prices and the requirement catalogue, as plain
//! data. It is read from its definition text (`upphandling.toml`) by `crate::definition`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::requirement::{Question, Requirement};
use crate::model::zones::{PriceMatrix, Rounding, ZoneModel};

/// A validated procurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Procurement {
    /// The case number (diarienummer), also the procurement's id.
    pub id: String,
    pub name: String,
    /// The coordinating region, as named in documents ("Region Östergötland").
    pub coordinator: String,
    /// Contact person at the coordinating region, for the notices.
    pub contact: Option<String>,
    /// The administrative court that hears applications for review, as named in the notices
    /// ("Förvaltningsrätten i Linköping"); the notices say "förvaltningsrätten" without it.
    #[serde(default)]
    pub court: Option<String>,
    #[ts(type = "string")]
    pub deadline: NaiveDate,
    pub reference_year: i32,
    #[ts(type = "string | null")]
    pub agreement_start: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub agreement_end: Option<NaiveDate>,
    pub regions: Vec<Participant>,
    pub zones: ZoneModel,
    pub rounding: Option<Rounding>,
    pub lots: Vec<Lot>,
    #[ts(type = "Array<import('./PriceEntry').PriceEntry>")]
    pub prices: PriceMatrix,
    pub requirements: Vec<Requirement>,
    /// `[review]`: how people's judgements settle an outcome.
    #[serde(default, skip_serializing_if = "ReviewSettings::is_default")]
    #[ts(as = "Option<ReviewSettings>", optional)]
    pub review: ReviewSettings,
    /// `[[exchange_rate]]`: the rates at which an amount an ESPD response gives in another
    /// currency is converted to SEK (docs/espd.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<ExchangeRate>>", optional)]
    pub exchange_rates: Vec<ExchangeRate>,
}

/// A rate the procurement documents state: one unit of `currency` is `sek` kronor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ExchangeRate {
    /// ISO 4217, upper case ("EUR").
    pub currency: String,
    #[ts(type = "string")]
    pub sek: Decimal,
    /// The day the rate is of.
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// Where it is from ("Riksbanken").
    pub source: Option<String>,
}

/// How people's judgements settle an outcome (`[review]` in the definition, docs/review.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ReviewSettings {
    /// Four eyes: a `review` outcome, or any outcome other than the engine's proposal, is settled
    /// only when two different people concur.
    #[serde(default)]
    pub four_eyes: bool,
}

impl ReviewSettings {
    pub fn is_default(&self) -> bool {
        !self.four_eyes
    }
}

/// A participating region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Participant {
    pub code: String,
    pub name: String,
    /// The date from which the region calls off under the agreement (successiv anslutning).
    #[ts(type = "string | null")]
    pub joins: Option<NaiveDate>,
}

/// A lot (anbudsområde): one profession category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Lot {
    pub code: String,
    pub name: String,
    /// A shortage speciality outside the agreement (bristområde): bids for it are ignored.
    pub shortage: bool,
    /// The zone-1 price the zone prices are derived from (`base_price`); `None` when the prices
    /// are stated explicitly, and for shortage lots. Kept so prices can be derived again when a
    /// factor changes ([`Procurement::rederive_prices`]).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub base_price: Option<Decimal>,
}

impl Procurement {
    pub fn lot(&self, code: &str) -> Option<&Lot> {
        self.lots.iter().find(|l| l.code.eq_ignore_ascii_case(code.trim()))
    }

    /// Lots that are part of the agreement (not shortage specialities).
    pub fn agreement_lots(&self) -> impl Iterator<Item = &Lot> {
        self.lots.iter().filter(|l| !l.shortage)
    }

    pub fn region(&self, code: &str) -> Option<&Participant> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// Every question of the catalogue in order, for the sheet Kvalificering.
    pub fn questions(&self) -> Vec<Question> {
        self.requirements.iter().flat_map(|r| r.questions(self.deadline)).collect()
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// The zone and fixed price that apply to a lot at a workplace in a region (the workplace's
    /// own zone where it overrides its region's).
    pub fn resolve_price(&self, region: &str, workplace: Option<&str>, lot: &str) -> Option<(u8, Decimal)> {
        let zone = self.zones.zone_for(region, workplace)?;
        let price = self.prices.get(lot, zone)?;
        Some((zone, price))
    }

    /// Derives the price matrix again from each lot's base price and the zones' current factors,
    /// rounded as the definition says (the one rounding point), for what-if calculations on a
    /// copy. Lots with explicit prices keep theirs. Returns "lot zone" pairs that could not be
    /// derived because the zone has no factor (their old price is removed).
    pub fn rederive_prices(&mut self) -> Vec<(String, u8)> {
        let rounding = self.rounding.unwrap_or(Rounding::WholeKronor);
        let mut missing = Vec::new();
        for lot in self.lots.iter().filter(|l| !l.shortage) {
            let Some(base) = lot.base_price else { continue };
            for zone in &self.zones.zones {
                match zone.factor {
                    Some(f) => self.prices.set(&lot.code, zone.number, PriceMatrix::derive(base, f, rounding)),
                    None => {
                        self.prices.remove(&lot.code, zone.number);
                        missing.push((lot.code.clone(), zone.number));
                    }
                }
            }
        }
        missing
    }
}
