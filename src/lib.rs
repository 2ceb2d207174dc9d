//! Anbud: qualification of bids for the national framework agreement for hired healthcare staff.
//!
//! The core knows nothing of Tauri, windows or terminals. Each folder is one part of
//! `docs/architecture.md`, listed here from the bottom up; the arrows between them (what a part
//! may reach) are tested in `tests/architecture.rs`.

pub mod definition;
pub mod envelope;
pub mod espd;
pub mod intake;
pub mod model;
pub mod pricing;
pub mod records;
pub mod rules;
pub mod store;
pub mod support;
pub mod usecases;
