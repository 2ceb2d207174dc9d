//! Plain data: the procurement and its requirement catalogue, bids as read, zones and prices,
//! regions, organisation numbers, money, outcomes and rejections, and the error codes every part
//! names its errors with. The model reaches nothing of
//! the crate but itself: no rule is evaluated, no file read, no message composed for a screen.

pub mod bid;
pub mod error_code;
pub mod espd;
pub mod evaluation;
pub mod money;
pub mod orgnr;
pub mod procurement;
pub mod regions;
pub mod rejection;
pub mod requirement;
pub mod zones;
