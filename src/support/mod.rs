//! Shared helpers: Swedish messages for the OS's, SQLite's and the parser's errors, Swedish
//! holidays and Swedish local time.

pub mod holidays;
pub mod sv;
