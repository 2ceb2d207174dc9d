//! The 21 Swedish regions with their county codes (länskoder).

/// (code, name)
pub const REGIONS: [(&str, &str); 21] = [
    ("01", "Region Stockholm"),
    ("03", "Region Uppsala"),
    ("04", "Region Sörmland"),
    ("05", "Region Östergötland"),
    ("06", "Region Jönköpings län"),
    ("07", "Region Kronoberg"),
    ("08", "Region Kalmar län"),
    ("09", "Region Gotland"),
    ("10", "Region Blekinge"),
    ("12", "Region Skåne"),
    ("13", "Region Halland"),
    ("14", "Västra Götalandsregionen"),
    ("17", "Region Värmland"),
    ("18", "Region Örebro län"),
    ("19", "Region Västmanland"),
    ("20", "Region Dalarna"),
    ("21", "Region Gävleborg"),
    ("22", "Region Västernorrland"),
    ("23", "Region Jämtland Härjedalen"),
    ("24", "Region Västerbotten"),
    ("25", "Region Norrbotten"),
];

/// The region's name for a county code, if the code is one of the 21.
pub fn region_name(code: &str) -> Option<&'static str> {
    REGIONS.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

pub fn is_region_code(code: &str) -> bool {
    region_name(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_one_unique_codes() {
        let mut codes: Vec<_> = REGIONS.iter().map(|(c, _)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 21);
        assert_eq!(region_name("05"), Some("Region Östergötland"));
        assert!(!is_region_code("02"));
        assert!(!is_region_code("26"));
    }
}
