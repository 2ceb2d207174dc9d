//! What the command line and the desktop app call. Each use case reads what it needs from the
//! store, evaluates through `rules` (the store never evaluates), stores through `store` and writes
//! through `records`. The command line's batch work (`batch`: evaluate files, decide, verify) and
//! the app's screens (one module each) share them; the Tauri commands are one line deep over
//! these, and the same logic is testable without a window (`tests/workspace.rs`).

pub mod archive;
pub mod audit;
pub mod batch;
pub mod demo;
pub mod espd;
pub mod evaluation;
pub mod forecast;
pub mod review;

mod database;
mod decision;
mod error;
mod files;
mod intake;
mod overview;
mod procurement;
mod supplier;

pub use database::*;
pub use decision::*;
pub use error::*;
pub use files::*;
pub use intake::*;
pub use overview::*;
pub use procurement::*;
pub use supplier::*;
