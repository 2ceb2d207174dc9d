//! Swedish organisation numbers (organisationsnummer): ten digits, NNNNNN-NNNN, Luhn check digit.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::model::error_code::ErrorCode;

/// A valid organisation number, always held as ten digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgNr(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgNrError {
    #[error("måste bestå av 10 siffror (NNNNNN-NNNN)")]
    Format,
    #[error("kontrollsiffran stämmer inte")]
    CheckDigit,
}

impl OrgNrError {
    /// A stable code for machines: the number as given is not valid.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::InvalidInput
    }
}

impl OrgNr {
    /// Accepts `5560125790` or `556012-5790` (white space around is ignored).
    pub fn parse(text: &str) -> Result<OrgNr, OrgNrError> {
        let t = text.trim();
        let digits: String = match t.len() {
            10 => t.to_string(),
            11 if t.as_bytes()[6] == b'-' => format!("{}{}", &t[..6], &t[7..]),
            _ => return Err(OrgNrError::Format),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OrgNrError::Format);
        }
        if !luhn_valid(&digits) {
            return Err(OrgNrError::CheckDigit);
        }
        Ok(OrgNr(digits))
    }

    /// The ten digits without hyphen.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// Luhn over all ten digits (the last is the check digit).
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = (b - b'0') as u32;
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Computes the check digit for nine digits (for generating test data).
pub fn check_digit(nine: &str) -> char {
    for c in '0'..='9' {
        if luhn_valid(&format!("{nine}{c}")) {
            return c;
        }
    }
    unreachable!("one of ten digits always completes a Luhn number")
}

impl fmt::Display for OrgNr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..6], &self.0[6..])
    }
}

impl TryFrom<String> for OrgNr {
    type Error = OrgNrError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        OrgNr::parse(&value)
    }
}

impl From<OrgNr> for String {
    fn from(value: OrgNr) -> String {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers() {
        assert_eq!(OrgNr::parse("556012-5790").unwrap().to_string(), "556012-5790");
        assert_eq!(OrgNr::parse("5560125790").unwrap().to_string(), "556012-5790");
        assert_eq!(OrgNr::parse(" 232100-0016 ").unwrap().to_string(), "232100-0016");
    }

    #[test]
    fn every_wrong_check_digit_is_refused() {
        for c in '0'..='9' {
            let text = format!("556012579{c}");
            let r = OrgNr::parse(&text);
            if c == '0' {
                assert!(r.is_ok());
            } else {
                assert_eq!(r, Err(OrgNrError::CheckDigit), "{text}");
            }
        }
    }

    #[test]
    fn format_errors() {
        for bad in ["", "556012579", "55601257900", "556012_5790", "55601-25790", "abcdefghij", "556012 5790"] {
            assert_eq!(OrgNr::parse(bad), Err(OrgNrError::Format), "{bad:?}");
        }
    }

    #[test]
    fn check_digit_completes() {
        assert_eq!(check_digit("556012579"), '0');
        for nine in ["559123456", "802002000", "123456789"] {
            let full = format!("{nine}{}", check_digit(nine));
            assert!(OrgNr::parse(&full).is_ok());
        }
    }
}
