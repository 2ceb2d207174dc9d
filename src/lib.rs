//! Anbud: qualification of bids for the national framework agreement for hired healthcare staff.
//!
//! The core knows nothing of Tauri, windows or terminals. See `docs/architecture.md` for the
//! layers and what each must never do.

pub mod bid;
pub mod eval;
pub mod holidays;
pub mod money;
pub mod orgnr;
pub mod pdf;
pub mod prices;
pub mod procurement;
pub mod regions;
pub mod rules;
pub mod store;
pub mod sv;
pub mod workbook;
pub mod zones;
pub mod decision;
pub mod definition_edit;
pub mod demo;
pub mod record;
pub mod report;
pub mod service;
pub mod pricelist;
pub mod projection;
pub mod workspace;
