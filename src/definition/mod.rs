//! The definition text (`upphandling.toml`): read and validated into a procurement (`parse`),
//! edited in place keeping it as written (`edit`), and keys located in it.

pub mod edit;
pub mod locate;
pub mod parse;

pub use parse::{DefinitionError, DefinitionIssue};
