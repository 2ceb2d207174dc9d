//! Prices by lot and zone, the price list workbook, and the cost projection with its what-if.

pub mod pricelist;
pub mod prices;
pub mod projection;
