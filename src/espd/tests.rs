//! Unit tests of the reader on small documents written here (the published examples are read in
//! `tests/espd.rs`).

use super::*;

const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const RESPONSE: &str = "urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2";
const REQUEST: &str = "urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationRequest-2";

const CRIME_ORG: &str = "005eb9ed-1347-4ca3-bb29-9bc0db64e1ab";
const FRAUD: &str = "297d2323-3ede-424e-94bc-a91561e6f320";
const OTHER_REQUIREMENTS: &str = "ab0e7f2e-6418-40e2-8870-6713123e41ad";

/// A 4.x response with the given body after the header (prefixes cac: and cbc:).
fn response(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<QualificationApplicationResponse xmlns="{RESPONSE}" xmlns:cac="{CAC}" xmlns:cbc="{CBC}">
  <cbc:ProfileExecutionID>ESPD-EDMv4.1.0</cbc:ProfileExecutionID>
  <cbc:VersionID>4.1.0</cbc:VersionID>
{body}
</QualificationApplicationResponse>"#
    )
}

/// A criterion whose first group asks "Your answer" (property `{id}/Q1`) and whose second group
/// asks whether the information is available electronically (`{id}/Q2`).
fn exclusion_criterion(uuid: &str, code: &str, id: &str) -> String {
    format!(
        r#"<cac:TenderingCriterion>
    <cbc:ID>{uuid}</cbc:ID>
    <cbc:CriterionTypeCode>{code}</cbc:CriterionTypeCode>
    <cbc:Name>Namn</cbc:Name>
    <cac:TenderingCriterionPropertyGroup>
      <cbc:ID>{id}/QG1</cbc:ID>
      <cac:TenderingCriterionProperty>
        <cbc:ID>{id}/Q1</cbc:ID><cbc:TypeCode>QUESTION</cbc:TypeCode><cbc:ValueDataTypeCode>INDICATOR</cbc:ValueDataTypeCode>
      </cac:TenderingCriterionProperty>
    </cac:TenderingCriterionPropertyGroup>
    <cac:TenderingCriterionPropertyGroup>
      <cbc:ID>{id}/QG2</cbc:ID>
      <cac:TenderingCriterionProperty>
        <cbc:ID>{id}/Q2</cbc:ID><cbc:TypeCode>QUESTION</cbc:TypeCode><cbc:ValueDataTypeCode>INDICATOR</cbc:ValueDataTypeCode>
      </cac:TenderingCriterionProperty>
    </cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>"#
    )
}

fn indicator_response(property: &str, value: &str) -> String {
    format!(
        r#"<cac:TenderingCriterionResponse>
    <cbc:ValidatedCriterionPropertyID>{property}</cbc:ValidatedCriterionPropertyID>
    <cac:ResponseValue><cbc:ResponseIndicator>{value}</cbc:ResponseIndicator></cac:ResponseValue>
  </cac:TenderingCriterionResponse>"#
    )
}

fn turnover_criterion() -> String {
    format!(
        r#"<cac:TenderingCriterion>
    <cbc:ID>{GENERAL_YEARLY_TURNOVER}</cbc:ID>
    <cbc:CriterionTypeCode>gen-year-to</cbc:CriterionTypeCode>
    <cac:TenderingCriterionPropertyGroup>
      <cbc:ID>T/RG1</cbc:ID>
      <cac:SubsidiaryTenderingCriterionPropertyGroup>
        <cbc:ID>T/RG1/QSG2</cbc:ID>
        <cac:TenderingCriterionProperty>
          <cbc:ID>T/Q-period</cbc:ID><cbc:TypeCode>QUESTION</cbc:TypeCode><cbc:ValueDataTypeCode>PERIOD</cbc:ValueDataTypeCode>
        </cac:TenderingCriterionProperty>
        <cac:TenderingCriterionProperty>
          <cbc:ID>T/Q-amount</cbc:ID><cbc:TypeCode>QUESTION</cbc:TypeCode><cbc:ValueDataTypeCode>AMOUNT</cbc:ValueDataTypeCode>
        </cac:TenderingCriterionProperty>
      </cac:SubsidiaryTenderingCriterionPropertyGroup>
    </cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>"#
    )
}

fn period_response(start: &str, end: &str) -> String {
    format!(
        r#"<cac:TenderingCriterionResponse>
    <cbc:ValidatedCriterionPropertyID>T/Q-period</cbc:ValidatedCriterionPropertyID>
    <cac:ApplicablePeriod><cbc:StartDate>{start}</cbc:StartDate><cbc:EndDate>{end}</cbc:EndDate></cac:ApplicablePeriod>
  </cac:TenderingCriterionResponse>"#
    )
}

fn amount_response(amount: &str, currency: &str) -> String {
    format!(
        r#"<cac:TenderingCriterionResponse>
    <cbc:ValidatedCriterionPropertyID>T/Q-amount</cbc:ValidatedCriterionPropertyID>
    <cac:ResponseValue><cbc:ResponseAmount currencyID="{currency}">{amount}</cbc:ResponseAmount></cac:ResponseValue>
  </cac:TenderingCriterionResponse>"#
    )
}

fn read_str(xml: &str) -> Result<EspdDocument, EspdError> {
    read(xml.as_bytes())
}

#[test]
fn an_exclusion_answer_is_the_indicator_of_the_first_group() {
    let body = [
        exclusion_criterion(CRIME_ORG, "crime-org", "C1"),
        exclusion_criterion(FRAUD, "fraud", "C3"),
        // "Available electronically?" answered yes for both, "Your answer" no for crime-org only.
        indicator_response("C1/Q2", "true"),
        indicator_response("C1/Q1", "false"),
        indicator_response("C3/Q2", "true"),
    ]
    .join("\n");
    let doc = read_str(&response(&body)).unwrap();
    assert_eq!(doc.kind, Kind::Response);
    assert_eq!(doc.version, "4.1.0");
    let answers: Vec<(&str, Option<&str>, Option<bool>)> =
        doc.exclusion.iter().map(|e| (e.criterion.as_str(), e.code.as_deref(), e.answer)).collect();
    assert_eq!(answers, vec![(CRIME_ORG, Some("crime-org"), Some(false)), (FRAUD, Some("fraud"), None)]);
    assert!(doc.turnover.is_empty() && doc.rating.is_empty() && doc.not_understood.is_empty());
}

#[test]
fn elements_are_matched_by_namespace_not_prefix() {
    // Other prefixes, the default namespace rebound, and a look-alike in a foreign namespace.
    let xml = format!(
        r#"<r:QualificationApplicationResponse xmlns:r="{RESPONSE}" xmlns:a="{CAC}" xmlns:b="{CBC}" xmlns:x="urn:x">
  <b:VersionID>2.1.1</b:VersionID>
  <x:TenderingCriterion><b:ID>{FRAUD}</b:ID></x:TenderingCriterion>
  <a:TenderingCriterion xmlns="{CBC}">
    <ID> {} </ID>
    <CriterionTypeCode>CRITERION.EXCLUSION.CONVICTIONS.FRAUD</CriterionTypeCode>
    <a:TenderingCriterionPropertyGroup>
      <a:TenderingCriterionProperty><ID>p1</ID><TypeCode>QUESTION</TypeCode><ValueDataTypeCode>INDICATOR</ValueDataTypeCode></a:TenderingCriterionProperty>
    </a:TenderingCriterionPropertyGroup>
  </a:TenderingCriterion>
  <a:TenderingCriterionResponse><b:ValidatedCriterionPropertyID>p1</b:ValidatedCriterionPropertyID>
    <a:ResponseValue><b:ResponseIndicator>true</b:ResponseIndicator></a:ResponseValue></a:TenderingCriterionResponse>
</r:QualificationApplicationResponse>"#,
        FRAUD.to_uppercase()
    );
    let doc = read_str(&xml).unwrap();
    assert_eq!(doc.version, "2.1.1");
    assert_eq!(doc.exclusion.len(), 1, "{:?}", doc);
    assert_eq!(doc.exclusion[0].criterion, FRAUD, "the UUID is lower-cased");
    assert_eq!(doc.exclusion[0].code.as_deref(), Some("CRITERION.EXCLUSION.CONVICTIONS.FRAUD"));
    assert_eq!(doc.exclusion[0].answer, Some(true));
}

#[test]
fn several_turnover_years_keep_their_periods_and_exact_amounts() {
    let body = [
        turnover_criterion(),
        period_response("2023-01-01", "2023-12-31"),
        amount_response("1234.560", "SEK"),
        period_response("2024-01-01", "2024-12-31"),
        amount_response("98765432109876543210.01", "SEK"),
        period_response("2025-01-01", "2025-12-31"),
    ]
    .join("\n");
    let doc = read_str(&response(&body)).unwrap();
    type Year<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    let years: Vec<Year> =
        doc.turnover.iter().map(|t| (t.amount.as_deref(), t.currency.as_deref(), t.start.as_deref(), t.end.as_deref())).collect();
    assert_eq!(
        years,
        vec![
            (Some("1234.560"), Some("SEK"), Some("2023-01-01"), Some("2023-12-31")),
            (Some("98765432109876543210.01"), Some("SEK"), Some("2024-01-01"), Some("2024-12-31")),
            (None, None, Some("2025-01-01"), Some("2025-12-31")),
        ]
    );
    assert_eq!(doc.turnover[0].amount_decimal(), Some(rust_decimal::Decimal::new(1_234_560, 3)));
    assert!(doc.turnover.iter().all(|t| t.criterion == GENERAL_YEARLY_TURNOVER && t.code.as_deref() == Some("gen-year-to")));
}

#[test]
fn a_turnover_group_repeated_with_its_own_properties_pairs_within_each_repetition() {
    let group = |n: u32| {
        format!(
            r#"<cac:TenderingCriterionPropertyGroup><cbc:ID>G{n}</cbc:ID>
      <cac:TenderingCriterionProperty><cbc:ID>A{n}</cbc:ID><cbc:TypeCode>QUESTION</cbc:TypeCode><cbc:ValueDataTypeCode>AMOUNT</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty>
      <cac:TenderingCriterionProperty><cbc:ID>P{n}</cbc:ID><cbc:TypeCode>QUESTION</cbc:TypeCode><cbc:ValueDataTypeCode>PERIOD</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty>
    </cac:TenderingCriterionPropertyGroup>"#
        )
    };
    let answer = |id: &str, inner: &str| {
        format!("<cac:TenderingCriterionResponse><cbc:ValidatedCriterionPropertyID>{id}</cbc:ValidatedCriterionPropertyID>{inner}</cac:TenderingCriterionResponse>")
    };
    let amount =
        |a: &str| format!(r#"<cac:ResponseValue><cbc:ResponseAmount currencyID="EUR">{a}</cbc:ResponseAmount></cac:ResponseValue>"#);
    let period = |y: &str| {
        format!("<cac:ApplicablePeriod><cbc:StartDate>{y}-01-01</cbc:StartDate><cbc:EndDate>{y}-12-31</cbc:EndDate></cac:ApplicablePeriod>")
    };
    let body = format!(
        "<cac:TenderingCriterion><cbc:ID>{GENERAL_YEARLY_TURNOVER}</cbc:ID><cbc:CriterionTypeCode>CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.TURNOVER.GENERAL_YEARLY</cbc:CriterionTypeCode>{}{}</cac:TenderingCriterion>{}{}{}{}",
        group(1),
        group(2),
        answer("A2", &amount("200")),
        answer("P1", &period("2021")),
        answer("A1", &amount("100")),
        answer("P2", &period("2022")),
    );
    let doc = read_str(&response(&body)).unwrap();
    let years: Vec<(&str, &str)> = doc.turnover.iter().map(|t| (t.amount.as_deref().unwrap(), t.start.as_deref().unwrap())).collect();
    assert_eq!(years, vec![("200", "2022-01-01"), ("100", "2021-01-01")]);
}

#[test]
fn a_request_lists_what_it_asks_with_nothing_given() {
    let xml = format!(
        r#"<QualificationApplicationRequest xmlns="{REQUEST}" xmlns:cac="{CAC}" xmlns:cbc="{CBC}">
  <cbc:VersionID>3.3.0</cbc:VersionID>
  {}
  {}
  <cac:TenderingCriterion><cbc:ID>00000000-0000-0000-0000-000000000000</cbc:ID><cbc:CriterionTypeCode>x-y</cbc:CriterionTypeCode></cac:TenderingCriterion>
  <cac:TenderingCriterion><cbc:ID>{FINANCIAL_RATIO}</cbc:ID><cbc:CriterionTypeCode>finan-rat</cbc:CriterionTypeCode></cac:TenderingCriterion>
</QualificationApplicationRequest>"#,
        exclusion_criterion(CRIME_ORG, "crime-org", "C1"),
        turnover_criterion()
    );
    let doc = read_str(&xml).unwrap();
    assert_eq!((doc.kind, doc.version.as_str()), (Kind::Request, "3.3.0"));
    assert_eq!(doc.economic_operator, None);
    assert_eq!(doc.exclusion.len(), 1);
    assert_eq!(doc.exclusion[0].answer, None);
    assert_eq!(doc.turnover.len(), 1);
    assert_eq!((doc.turnover[0].amount.as_deref(), doc.turnover[0].start.as_deref()), (None, None));
    let not: Vec<(&str, Option<&str>)> = doc.not_understood.iter().map(|n| (n.criterion.as_str(), n.code.as_deref())).collect();
    assert_eq!(not, vec![("00000000-0000-0000-0000-000000000000", Some("x-y")), (FINANCIAL_RATIO, Some("finan-rat"))]);
    assert!(doc.not_understood[1].why.contains("inte ett kreditbetyg"), "{}", doc.not_understood[1].why);
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["kind"], "request");
    assert_eq!(json["economic_operator"], serde_json::Value::Null);
    assert_eq!(json["exclusion"][0]["answer"], serde_json::Value::Null);
}

#[test]
fn a_rating_and_its_scheme_with_the_predefined_entities() {
    let body = format!(
        r#"<cac:TenderingCriterion><cbc:ID>{OTHER_REQUIREMENTS}</cbc:ID><cbc:CriterionTypeCode>finan-requ</cbc:CriterionTypeCode>
    <cac:TenderingCriterionPropertyGroup><cbc:ID>R</cbc:ID>
      <cac:SubsidiaryTenderingCriterionPropertyGroup><cbc:ID>R/RSG2</cbc:ID>
        <cac:TenderingCriterionProperty><cbc:ID>R/RQ1</cbc:ID><cbc:TypeCode>REQUIREMENT</cbc:TypeCode><cbc:ValueDataTypeCode>DESCRIPTION</cbc:ValueDataTypeCode>
          <cbc:ExpectedDescription>Riskklass &gt;= 3 &amp; &#x55;C&apos;s &quot;skala&quot; &lt;5</cbc:ExpectedDescription></cac:TenderingCriterionProperty>
        <cac:SubsidiaryTenderingCriterionPropertyGroup><cbc:ID>R/RSG2/QSG1</cbc:ID>
          <cac:TenderingCriterionProperty><cbc:ID>R/Q1</cbc:ID><cbc:TypeCode>QUESTION</cbc:TypeCode><cbc:ValueDataTypeCode>QUANTITY</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty>
        </cac:SubsidiaryTenderingCriterionPropertyGroup>
      </cac:SubsidiaryTenderingCriterionPropertyGroup>
    </cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>
  <cac:TenderingCriterionResponse><cbc:ValidatedCriterionPropertyID>R/Q1</cbc:ValidatedCriterionPropertyID>
    <cac:ResponseValue><cbc:ResponseQuantity unitCode="x">4<![CDATA[.5]]>0</cbc:ResponseQuantity></cac:ResponseValue></cac:TenderingCriterionResponse>"#
    );
    let doc = read_str(&response(&body)).unwrap();
    assert_eq!(doc.rating.len(), 1);
    assert_eq!(doc.rating[0].rating.as_deref(), Some("4.50"));
    assert_eq!(doc.rating[0].scheme.as_deref(), Some("Riskklass >= 3 & UC's \"skala\" <5"));
    assert_eq!(doc.rating[0].code.as_deref(), Some("finan-requ"));
}

#[test]
fn a_rating_criterion_without_a_rating_question_is_not_understood() {
    let body = format!(
        r#"<cac:TenderingCriterion><cbc:ID>{OTHER_REQUIREMENTS}</cbc:ID><cbc:CriterionTypeCode>CRITERION.SELECTION.ECONOMIC_FINANCIAL_STANDING.OTHER_REQUIREMENTS</cbc:CriterionTypeCode>
    <cac:TenderingCriterionPropertyGroup><cbc:ID>G</cbc:ID>
      <cac:TenderingCriterionProperty><cbc:ID>D</cbc:ID><cbc:TypeCode>QUESTION</cbc:TypeCode><cbc:ValueDataTypeCode>DESCRIPTION</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty>
    </cac:TenderingCriterionPropertyGroup></cac:TenderingCriterion>"#
    );
    let doc = read_str(&response(&body)).unwrap();
    assert!(doc.rating.is_empty());
    assert_eq!(doc.not_understood.len(), 1);
    assert_eq!(doc.not_understood[0].criterion, OTHER_REQUIREMENTS);
}

#[test]
fn the_economic_operator_and_its_organisation_number() {
    let body = r#"<cac:EconomicOperatorParty><cac:Party>
    <cac:PartyIdentification><cbc:ID schemeAgencyID="VIES">DE153301871</cbc:ID></cac:PartyIdentification>
    <cac:PartyIdentification><cbc:ID schemeID="VAT" schemeAgencyID="SKV">SE556012579001</cbc:ID></cac:PartyIdentification>
    <cac:PartyIdentification><cbc:ID>556012-5790</cbc:ID></cac:PartyIdentification>
    <cac:PartyName><cbc:Name>Vårdkraft Bemanning AB</cbc:Name></cac:PartyName>
    <cac:PowerOfAttorney><cac:AgentParty><cac:PartyIdentification><cbc:ID>5560125790</cbc:ID></cac:PartyIdentification>
      <cac:PartyName><cbc:Name>Ombudet</cbc:Name></cac:PartyName></cac:AgentParty></cac:PowerOfAttorney>
  </cac:Party></cac:EconomicOperatorParty>"#;
    let doc = read_str(&response(body)).unwrap();
    let eo = doc.economic_operator.unwrap();
    assert_eq!(eo.name.as_deref(), Some("Vårdkraft Bemanning AB"));
    let ids: Vec<(&str, Option<&str>)> = eo.ids.iter().map(|i| (i.id.as_str(), i.scheme.as_deref())).collect();
    assert_eq!(ids, vec![("DE153301871", Some("VIES")), ("SE556012579001", Some("VAT")), ("556012-5790", None)]);
    assert_eq!(eo.org_nr.map(|o| o.to_string()).as_deref(), Some("556012-5790"));
}

#[test]
fn organisation_numbers_from_identifiers() {
    let org = |s: &str| org_nr_from_identifier(s).map(|o| o.to_string());
    assert_eq!(org("SE556012579001").as_deref(), Some("556012-5790"));
    assert_eq!(org("se 5560125790 01").as_deref(), Some("556012-5790"));
    assert_eq!(org("5560125790").as_deref(), Some("556012-5790"));
    assert_eq!(org(" 556012-5790 ").as_deref(), Some("556012-5790"));
    for not in [
        "SE556012579101", // wrong check digit
        "SE556012579002", // not 01
        "5560125791",     // wrong check digit
        "55601-25790",
        "DE153301871",
        "AD123456789",
        "SEÅ56012579001",
        "",
    ] {
        assert_eq!(org(not), None, "{not}");
    }
}

#[test]
fn a_dtd_is_refused_and_never_expanded() {
    let laughs = format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<QualificationApplicationResponse xmlns="{RESPONSE}"><x>&lol9;</x></QualificationApplicationResponse>"#
    );
    let e = read_str(&laughs).unwrap_err();
    assert_eq!(e, EspdError::Dtd);
    assert_eq!(e.to_string(), "innehåller en DTD (entitetsdeklarationer), som inte läses");
    // An entity that no DTD declares is not well-formed.
    let e = read_str(&response("<cbc:Note>&lol9;</cbc:Note>")).unwrap_err();
    assert_eq!(e.code(), "malformed_xml");
    assert!(e.to_string().contains("&lol9;"), "{e}");
    let e = read_str(&response(r#"<cbc:Note a="&lol9;"/>"#)).unwrap_err();
    assert_eq!(e.code(), "malformed_xml", "{e}");
}

#[test]
fn malformed_xml_is_refused_with_its_line() {
    let xml = response("  <cac:TenderingCriterion>\n  </cac:TenderingCriterionResponse>");
    let e = read_str(&xml).unwrap_err();
    match &e {
        EspdError::Malformed { line, .. } => assert_eq!(*line, 6, "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().starts_with("är inte välformad XML (rad 6, kolumn "), "{e}");
    assert!(e.to_string().contains("</cac:TenderingCriterionResponse>"), "{e}");
    for bad in [
        "",
        "   ",
        "<",
        "not xml at all",
        "<QualificationApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2\">",
        "<a><b></a>",
        "<?xml version=\"1.0\"?><x:a/>",
    ] {
        let e = read_str(bad).unwrap_err();
        assert!(matches!(e.code(), "malformed_xml" | "not_espd"), "{bad:?}: {e:?}");
    }
    let two_roots = format!("{}<QualificationApplicationResponse xmlns=\"{RESPONSE}\"/>", response(""));
    assert_eq!(read_str(&two_roots).unwrap_err().code(), "malformed_xml");
    let trailing = format!("{}text", response(""));
    assert_eq!(read_str(&trailing).unwrap_err().code(), "malformed_xml");
    let mut latin1 = response("<cbc:Note>X</cbc:Note>").into_bytes();
    let x = latin1.iter().position(|&b| b == b'X').unwrap();
    latin1[x] = 0xE5; // "å" in ISO-8859-1
    assert_eq!(read(&latin1).unwrap_err().code(), "malformed_xml");
    let declared = response("").replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
    assert_eq!(read_str(&declared).unwrap_err(), EspdError::Encoding { declared: "iso-8859-1".into() });
}

#[test]
fn nesting_beyond_the_limit_is_refused() {
    let deep = |n: usize| response(&format!("{}{}", "<cbc:x>".repeat(n), "</cbc:x>".repeat(n)));
    // The root is level 1: 255 more levels are read, 256 more are not.
    assert!(read_str(&deep(MAX_DEPTH - 1)).is_ok());
    let e = read_str(&deep(MAX_DEPTH)).unwrap_err();
    assert_eq!(e, EspdError::TooDeep { line: 5 });
    // Refused at the limit: what lies beyond is never looked at, well-formed or not.
    let e = read_str(&format!("{}<", "<a>".repeat(100_000))).unwrap_err();
    assert!(matches!(e, EspdError::NotEspd { .. }), "{e:?}");
    let e = read_str(&response(&"<cbc:x>".repeat(100_000))).unwrap_err();
    assert_eq!(e.code(), "too_deep");
}

#[test]
fn a_document_over_32_mib_is_refused_before_it_is_parsed() {
    let mut big = response("").into_bytes();
    big.resize(MAX_BYTES + 1, b' ');
    let e = read(&big).unwrap_err();
    assert_eq!(e, EspdError::TooLarge { bytes: MAX_BYTES as u64 + 1 });
    assert_eq!(e.to_string(), "är 32,0 MiB stor; en ESPD-fil får vara högst 32 MiB");
    // Exactly 32 MiB is read (white space after the root is allowed).
    big.truncate(MAX_BYTES);
    assert!(read(&big).is_ok());
}

#[test]
fn what_is_not_espd_is_refused() {
    let e = read_str("<?xml version=\"1.0\"?><html><body/></html>").unwrap_err();
    assert_eq!(e.code(), "not_espd");
    assert!(e.to_string().starts_with("är inte ett ESPD-dokument: rotelementet är <html>"), "{e}");
    // The right name in the wrong namespace, or the request's name in the response's namespace.
    let e = read_str("<QualificationApplicationResponse xmlns=\"urn:x\"/>").unwrap_err();
    assert_eq!(e, EspdError::NotEspd { root: "QualificationApplicationResponse".into(), namespace: Some("urn:x".into()) });
    let e = read_str(&format!("<QualificationApplicationRequest xmlns=\"{RESPONSE}\"/>")).unwrap_err();
    assert_eq!(e.code(), "not_espd");
    let e = read_str("<QualificationApplicationResponse/>").unwrap_err();
    assert_eq!(e.code(), "not_espd");
    // ESPD-EDM 1.x has roots of its own.
    let e = read_str("<espd:ESPDResponse xmlns:espd=\"urn:grow:names:specification:ubl:schema:xsd:ESPDResponse-1\"/>").unwrap_err();
    assert_eq!(e, EspdError::UnknownVersion { version: "1".into() });
}

#[test]
fn only_versions_2_3_and_4_are_read() {
    let with = |pe: &str, v: &str| {
        format!(
            "<QualificationApplicationResponse xmlns=\"{RESPONSE}\" xmlns:cbc=\"{CBC}\" xmlns:cac=\"{CAC}\"><cbc:ProfileExecutionID>{pe}</cbc:ProfileExecutionID><cbc:VersionID>{v}</cbc:VersionID><cac:X/></QualificationApplicationResponse>"
        )
    };
    assert_eq!(read_str(&with("ESPD-EDMv3.1.0", "3.1.0")).unwrap().version, "3.1.0");
    let e = read_str(&with("ESPD-EDMv9.0.0", "9.0.0")).unwrap_err();
    assert_eq!(e, EspdError::UnknownVersion { version: "9.0.0".into() });
    assert_eq!(e.to_string(), "är ESPD version 9.0.0, som inte läses (versionerna 2.x, 3.x och 4.x läses)");
    assert_eq!(read_str(&with("", "1.0")).unwrap_err(), EspdError::NoVersion);
    // Refused as soon as the header is over: what follows is never read.
    let early = with("ESPD-EDMv5.0.0", "5.0.0").replace("<cac:X/></QualificationApplicationResponse>", "<cac:X><broken");
    assert_eq!(read_str(&early).unwrap_err(), EspdError::UnknownVersion { version: "5.0.0".into() });
}

#[test]
fn every_error_has_its_own_code_and_is_refused() {
    let all = [
        EspdError::TooLarge { bytes: 1 },
        EspdError::Dtd,
        EspdError::Malformed { line: 1, column: 1, byte: 0, detail: String::new() },
        EspdError::TooDeep { line: 1 },
        EspdError::Encoding { declared: "x".into() },
        EspdError::NotEspd { root: "x".into(), namespace: None },
        EspdError::UnknownVersion { version: "9".into() },
        EspdError::NoVersion,
    ];
    let codes: std::collections::HashSet<&str> = all.iter().map(EspdError::code).collect();
    assert_eq!(codes.len(), all.len());
    for e in &all {
        assert!(e.code().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", e.code());
        assert_eq!(e.error_code(), ErrorCode::Refused);
    }
}

#[test]
fn the_text_report_names_each_ground_answered_yes() {
    let body = [
        exclusion_criterion(CRIME_ORG, "crime-org", "C1"),
        exclusion_criterion(FRAUD, "fraud", "C3"),
        indicator_response("C1/Q1", "false"),
        indicator_response("C3/Q1", "true"),
        turnover_criterion(),
        period_response("2024-01-01", "2024-12-31"),
        amount_response("1000000", "SEK"),
    ]
    .join("\n");
    let text = text_report(&read_str(&response(&body)).unwrap());
    assert!(text.starts_with("ESPD-svar, ESPD-EDM version 4.1.0\n"), "{text}");
    assert!(text.contains("Svarat nej (grunden föreligger inte): 1\n"), "{text}");
    assert!(text.contains("Svarat ja (grunden föreligger): 1\n    fraud (Namn)\n"), "{text}");
    assert!(text.contains("gen-year-to: 1000000 SEK, 2024-01-01 – 2024-12-31\n"), "{text}");
    assert!(text.contains("Inte förstått (0)"), "{text}");
}
