//! The criteria that are read, keyed on their UUID.
//!
//! A criterion of the ESPD taxonomy has the same UUID (the `cbc:ID` of `cac:TenderingCriterion`)
//! in every version of the ESPD-EDM; its type code (`cbc:CriterionTypeCode`) changed between 2.x
//! (`CRITERION.EXCLUSION.CONVICTIONS.FRAUD`) and 3.x/4.x (`fraud`, from the EU Vocabularies'
//! criterion list). So a criterion is recognised by its UUID alone, never by its code, its name or
//! where it stands in the file; the codes below are only what the files are expected to write.
//!
//! Where the table comes from: the example documents published by the ESPD-EDM project
//! (OP-TED/ESPD-EDM, EUPL-1.2), copied unchanged into `tests/fixtures/espd/`. Every
//! UUID and its 4.x code is the one in `v4.1.0/ESPD-Request.xml`, which lists every criterion of
//! the taxonomy; its 2.x code is the one in both `v2.1.1/BASIC-ESPDResponse-2.1.1.xml` and
//! `v2.1.1/EXTENDED-ESPDResponse-2.1.1.xml`. Of the 55 criteria the 4.1.0 request shares with the
//! 2.1.1 files, the table holds the three families read: every exclusion ground
//! (`CRITERION.EXCLUSION.*`), the four turnover criteria (`CRITERION.SELECTION.
//! ECONOMIC_FINANCIAL_STANDING.TURNOVER.*` but `SET_UP`, which exists only in 2.x and holds a date)
//! and the criterion that carries a credit rating (see [`Family::Rating`]).
//! `tests/espd.rs` (`the_table_is_what_the_fixtures_say`) reads the three files and checks every
//! row against them.

/// What a criterion is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// An exclusion ground: the economic operator's yes/no (the "Your answer" indicator).
    Exclusion,
    /// A turnover: amounts with their currency and period.
    Turnover,
    /// A credit rating: the rating given and the scheme it is given in.
    ///
    /// Which criterion that is: the files have no criterion of its own for a credit rating. It is
    /// a branch of "Other economic or financial requirements" (`finan-requ`, 2.x
    /// `CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.OTHER_REQUIREMENTS`): the buyer chooses
    /// "Rating" and states the rating scheme ("Rating scheme description") and a minimum rating;
    /// the economic operator answers with its rating ("Rating", a QUANTITY). That is the
    /// criterion mapped here, and only its rating branch is read. The criterion "Financial ratio"
    /// (`finan-rat`, 2.x `...FINANCIAL_RATIO`) is a ratio of the accounts (assets to equity and
    /// the like), not a rating: it is not mapped and is reported as not understood.
    Rating,
}

/// One known criterion: its UUID (lower case), family, and type codes in 2.x and in 3.x/4.x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownCriterion {
    pub uuid: &'static str,
    pub family: Family,
    pub code_v2: &'static str,
    pub code_v4: &'static str,
}

const fn k(uuid: &'static str, family: Family, code_v2: &'static str, code_v4: &'static str) -> KnownCriterion {
    KnownCriterion { uuid, family, code_v2, code_v4 }
}

use Family::{Exclusion, Rating, Turnover};

/// The criteria read, in the order of the 4.1.0 request (see the module's documentation).
pub const KNOWN_CRITERIA: &[KnownCriterion] = &[
    // Exclusion grounds: convictions.
    k(
        "005eb9ed-1347-4ca3-bb29-9bc0db64e1ab",
        Exclusion,
        "CRITERION.EXCLUSION.CONVICTIONS.PARTICIPATION_IN_CRIMINAL_ORGANISATION",
        "crime-org",
    ),
    k("c27b7c4e-c837-4529-b867-ed55ce639db5", Exclusion, "CRITERION.EXCLUSION.CONVICTIONS.CORRUPTION", "corruption"),
    k("297d2323-3ede-424e-94bc-a91561e6f320", Exclusion, "CRITERION.EXCLUSION.CONVICTIONS.FRAUD", "fraud"),
    k("d486fb70-86b3-4e75-97f2-0d71b5697c7d", Exclusion, "CRITERION.EXCLUSION.CONVICTIONS.TERRORIST_OFFENCES", "terr-offence"),
    k("47112079-6fec-47a3-988f-e561668c3aef", Exclusion, "CRITERION.EXCLUSION.CONVICTIONS.MONEY_LAUNDERING", "finan-laund"),
    k(
        "d789d01a-fe03-4ccd-9898-73f9cfa080d1",
        Exclusion,
        "CRITERION.EXCLUSION.CONVICTIONS.CHILD_LABOUR-HUMAN_TRAFFICKING",
        "human-traffic",
    ),
    // Exclusion grounds: taxes and social security contributions.
    k("b61bbeb7-690e-4a40-bc68-d6d4ecfaa3d4", Exclusion, "CRITERION.EXCLUSION.CONTRIBUTIONS.PAYMENT_OF_TAXES", "tax-pay"),
    k("7d85e333-bbab-49c0-be8d-c36d71a72f5e", Exclusion, "CRITERION.EXCLUSION.CONTRIBUTIONS.PAYMENT_OF_SOCIAL_SECURITY", "socsec-pay"),
    // Exclusion grounds: environmental, social and labour law.
    k("a80ddb62-d25b-4e4e-ae22-3968460dc0a9", Exclusion, "CRITERION.EXCLUSION.SOCIAL.ENVIRONMENTAL_LAW", "envir-law"),
    k("a261a395-ed17-4939-9c75-b9ff1109ca6e", Exclusion, "CRITERION.EXCLUSION.SOCIAL.SOCIAL_LAW", "socsec-law"),
    k("a34b70d6-c43d-4726-9a88-8e2b438424bf", Exclusion, "CRITERION.EXCLUSION.SOCIAL.LABOUR_LAW", "labour-law"),
    // Exclusion grounds: insolvency and the like.
    k("d3732c09-7d62-4edc-a172-241da6636e7c", Exclusion, "CRITERION.EXCLUSION.BUSINESS.BANKRUPTCY", "bankruptcy"),
    k("396f288a-e267-4c20-851a-ed4f7498f137", Exclusion, "CRITERION.EXCLUSION.BUSINESS.INSOLVENCY", "insolvency"),
    k("68918c7a-f5bc-4a1a-a62f-ad8983600d48", Exclusion, "CRITERION.EXCLUSION.BUSINESS.CREDITORS_ARRANGEMENT", "cred-arran"),
    k("daffa2a9-9f8f-4568-8be8-7b8bf306d096", Exclusion, "CRITERION.EXCLUSION.BUSINESS.BANKRUPTCY_ANALOGOUS", "bankr-nat"),
    k("8fda202a-0c37-41bb-9d7d-de3f49edbfcb", Exclusion, "CRITERION.EXCLUSION.BUSINESS.LIQUIDATOR_ADMINISTERED", "liq-admin"),
    k("166536e2-77f7-455c-b018-70582474e4f6", Exclusion, "CRITERION.EXCLUSION.BUSINESS.ACTIVITIES_SUSPENDED", "susp-act"),
    // Exclusion grounds: misconduct and conflicts of interest.
    k("514d3fde-1e3e-4dcd-b02a-9f984d5bbda3", Exclusion, "CRITERION.EXCLUSION.MISCONDUCT.MC_PROFESSIONAL", "prof-misconduct"),
    k("56d13e3d-76e8-4f23-8af6-13e60a2ee356", Exclusion, "CRITERION.EXCLUSION.MISCONDUCT.MARKET_DISTORTION", "distorsion"),
    k(
        "b1b5ac18-f393-4280-9659-1367943c1a2e",
        Exclusion,
        "CRITERION.EXCLUSION.CONFLICT_OF_INTEREST.PROCEDURE_PARTICIPATION",
        "partic-confl",
    ),
    k(
        "61874050-5130-4f1c-a174-720939c7b483",
        Exclusion,
        "CRITERION.EXCLUSION.CONFLICT_OF_INTEREST.PROCEDURE_PREPARATION",
        "prep-confl",
    ),
    k("3293e92b-7f3e-42f1-bee6-a7641bb04251", Exclusion, "CRITERION.EXCLUSION.CONFLICT_OF_INTEREST.EARLY_TERMINATION", "sanction"),
    k("696a75b2-6107-428f-8b74-82affb67e184", Exclusion, "CRITERION.EXCLUSION.CONFLICT_OF_INTEREST.MISINTERPRETATION", "misrepresent"),
    // Exclusion grounds: purely national ones.
    k("63adb07d-db1b-4ef0-a14e-a99785cf8cf6", Exclusion, "CRITERION.EXCLUSION.NATIONAL.OTHER", "nati-ground"),
    // Selection: turnover.
    k(
        "499efc97-2ac1-4af2-9e84-323c2ca67747",
        Turnover,
        "CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.TURNOVER.GENERAL_YEARLY",
        "gen-year-to",
    ),
    k(
        "b16cb9fc-6cb7-4585-9302-9533b415cf48",
        Turnover,
        "CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.TURNOVER.AVERAGE_YEARLY",
        "aver-year-to",
    ),
    k(
        "d3dfb714-f558-4512-bbc5-e456fa2339de",
        Turnover,
        "CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.TURNOVER.SPECIFIC_AVERAGE",
        "spec-aver-to",
    ),
    k(
        "074f6031-55f9-4e99-b9a4-c4363e8bc315",
        Turnover,
        "CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.TURNOVER.SPECIFIC_YEARLY",
        "spec-year-to",
    ),
    // Selection: the credit rating (the "Rating" branch of other economic or financial requirements).
    k(
        "ab0e7f2e-6418-40e2-8870-6713123e41ad",
        Rating,
        "CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.OTHER_REQUIREMENTS",
        "finan-requ",
    ),
];

/// General yearly turnover (`gen-year-to`).
pub const GENERAL_YEARLY_TURNOVER: &str = "499efc97-2ac1-4af2-9e84-323c2ca67747";

/// Financial ratio (`finan-rat`): deliberately not in the table (see [`Family::Rating`]); named
/// so that the report can say why it is not read.
pub const FINANCIAL_RATIO: &str = "e4d37adc-08cd-4f4d-a8d8-32b62b0a1f46";

/// The known criterion with this UUID (compared in lower case, white space around ignored).
pub fn known(uuid: &str) -> Option<&'static KnownCriterion> {
    let uuid = uuid.trim();
    KNOWN_CRITERIA.iter().find(|c| c.uuid.eq_ignore_ascii_case(uuid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_uuid_is_lower_case_and_once() {
        let mut seen = std::collections::HashSet::new();
        for c in KNOWN_CRITERIA {
            assert_eq!(c.uuid, c.uuid.to_lowercase());
            assert_eq!(c.uuid.len(), 36, "{}", c.uuid);
            assert!(seen.insert(c.uuid), "{} twice", c.uuid);
            assert!(c.code_v2.starts_with("CRITERION."), "{}", c.code_v2);
            assert!(!c.code_v4.is_empty() && c.code_v4 == c.code_v4.to_lowercase(), "{}", c.code_v4);
        }
        let count = |f: Family| KNOWN_CRITERIA.iter().filter(|c| c.family == f).count();
        assert_eq!((count(Family::Exclusion), count(Family::Turnover), count(Family::Rating)), (24, 4, 1));
    }

    #[test]
    fn lookup_is_by_uuid_only() {
        assert_eq!(known(GENERAL_YEARLY_TURNOVER).unwrap().code_v4, "gen-year-to");
        assert_eq!(known(" 499EFC97-2AC1-4AF2-9E84-323C2CA67747 ").unwrap().family, Family::Turnover);
        assert!(known("gen-year-to").is_none());
        assert!(known(FINANCIAL_RATIO).is_none());
    }
}
