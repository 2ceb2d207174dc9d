//! What is written down: the decision's canonical data and fingerprint, the record and the
//! notices as documents, the `evaluate` report, and the PDF writer.

pub mod decision;
pub mod pdf;
pub mod record;
pub mod report;
