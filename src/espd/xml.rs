//! One streaming pass over the XML (quick-xml's namespace-aware reader): the root and version
//! checked as soon as they are seen, then only what the reading needs is kept: the economic
//! operator, each criterion with its property groups and properties, and each response with its
//! values. No tree of the document is built; the stack of open elements is at most
//! [`MAX_DEPTH`] deep, and what is kept is a small part of the text read.
//!
//! Elements are matched on namespace and local name, never on prefixes. A DTD is refused as soon
//! as it is met, and no entity is expanded but XML's five predefined ones and character
//! references: anything else is not well-formed (there is no DTD to declare it).

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use quick_xml::XmlVersion;

use super::{EspdError, Kind, MAX_DEPTH};

const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const NS_REQUEST: &str = "urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationRequest-2";
const NS_RESPONSE: &str = "urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2";

/// What one pass keeps of the document.
#[derive(Debug, Default)]
pub(super) struct Raw {
    pub version: String,
    pub operator: Option<RawOperator>,
    pub criteria: Vec<RawCriterion>,
    pub sub_criteria: Vec<RawSubCriterion>,
    pub groups: Vec<RawGroup>,
    /// Every property of every criterion, in document order.
    pub properties: Vec<RawProperty>,
    /// Every response, in document order.
    pub responses: Vec<RawResponse>,
}

#[derive(Debug, Default)]
pub(super) struct RawOperator {
    pub name: Option<String>,
    /// Each `cac:PartyIdentification/cbc:ID`: the identifier and its scheme (`schemeID`, else
    /// `schemeAgencyID`).
    pub ids: Vec<(String, Option<String>)>,
}

#[derive(Debug, Default)]
pub(super) struct RawCriterion {
    /// `cbc:ID` as written (trimmed).
    pub uuid: String,
    pub code: Option<String>,
    pub name: Option<String>,
    /// The first `cac:TenderingCriterionPropertyGroup` directly under the criterion.
    pub first_group: Option<usize>,
}

/// A `cac:SubTenderingCriterion` (2.x extended files: a national addition to a criterion).
#[derive(Debug, Default)]
pub(super) struct RawSubCriterion {
    pub uuid: String,
    pub code: Option<String>,
}

/// One property group as it stands in the file (a repeated group is several of these).
#[derive(Debug)]
pub(super) struct RawGroup {
    pub parent: Option<usize>,
    /// The group's `cbc:ID`.
    pub id: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct RawProperty {
    pub id: String,
    pub criterion: usize,
    pub group: usize,
    /// `cbc:TypeCode`: QUESTION, REQUIREMENT, CAPTION.
    pub type_code: Option<String>,
    /// `cbc:ValueDataTypeCode`: INDICATOR, AMOUNT, PERIOD, QUANTITY, …
    pub value_type: Option<String>,
    /// `cbc:ExpectedDescription` (a requirement's text, e.g. a rating scheme).
    pub expected_description: Option<String>,
}

impl RawProperty {
    pub fn is(&self, type_code: &str, value_type: &str) -> bool {
        self.type_code.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(type_code))
            && self.value_type.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(value_type))
    }
}

#[derive(Debug, Default)]
pub(super) struct RawResponse {
    /// `cbc:ValidatedCriterionPropertyID` (trimmed).
    pub property_id: String,
    /// `cac:ResponseValue/cbc:ResponseIndicator`, as written.
    pub indicators: Vec<String>,
    /// `cac:ResponseValue/cbc:ResponseAmount` and its `currencyID`, as written.
    pub amounts: Vec<(String, Option<String>)>,
    /// `cac:ResponseValue/cbc:ResponseQuantity` or `cbc:ResponseNumeric`, as written.
    pub quantities: Vec<String>,
    /// `cac:ApplicablePeriod`: start and end date, as written.
    pub periods: Vec<(Option<String>, Option<String>)>,
}

/// Where an element stands, as far as the reading cares. Anything else is `Other` and its whole
/// subtree is passed over (but still parsed: it must be well-formed and within the depth).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Root,
    Other,
    Header(Header),
    Operator,
    OperatorParty,
    PartyIdentification,
    PartyId,
    PartyName,
    PartyNameName,
    Criterion,
    CriterionField(CriterionField),
    SubCriterion,
    SubCriterionField(CriterionField),
    Group(usize),
    GroupId(usize),
    Property,
    PropertyField(PropertyField),
    Response,
    ResponsePropertyId,
    ResponseValue,
    ResponseField(ResponseField),
    Period,
    PeriodField(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    VersionId,
    ProfileExecutionId,
    CustomizationId,
    TypeCode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CriterionField {
    Id,
    Code,
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PropertyField {
    Id,
    TypeCode,
    ValueType,
    ExpectedDescription,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResponseField {
    Indicator,
    Amount,
    Quantity,
}

impl Ctx {
    /// Whether the element's text is kept.
    fn captures(self) -> bool {
        matches!(
            self,
            Ctx::Header(_)
                | Ctx::PartyId
                | Ctx::PartyNameName
                | Ctx::CriterionField(_)
                | Ctx::SubCriterionField(_)
                | Ctx::GroupId(_)
                | Ctx::PropertyField(_)
                | Ctx::ResponsePropertyId
                | Ctx::ResponseField(_)
                | Ctx::PeriodField(_)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Cac,
    Cbc,
    Request,
    Response,
    Other,
}

/// The candidates for the ESPD-EDM version found in the header (`docs/espd.md`, "Version").
#[derive(Debug, Default)]
struct VersionCandidates {
    profile_execution_id: Option<String>,
    version_id: Option<String>,
    version_id_scheme: Option<String>,
    customization_scheme: Option<String>,
    type_code_list: Option<String>,
}

impl VersionCandidates {
    /// The version the header declares, by the first candidate that is one: the
    /// `cbc:ProfileExecutionID` "ESPD-EDMv4.1.0" (3.x and 4.x), then the first of
    /// `cbc:VersionID`, its `schemeVersionID`, the `schemeVersionID` of `cbc:CustomizationID` and
    /// the `listVersionID` of `cbc:QualificationApplicationTypeCode` (2.x) that is a version of
    /// three numbers ("2.1.1"). A `cbc:VersionID` of two numbers ("1.0", as the 2.1.1 extended
    /// example writes) is the version of the document's content, not of the ESPD-EDM.
    fn version(&self) -> Option<String> {
        if let Some(p) = &self.profile_execution_id {
            let p = p.trim();
            let lower = p.to_ascii_lowercase();
            if let Some(rest) = lower.strip_prefix("espd-edm") {
                let v = rest.trim_start_matches(['v', 'V', '-', ' ']);
                if is_version(v) {
                    return Some(v.to_string());
                }
            }
        }
        [&self.version_id, &self.version_id_scheme, &self.customization_scheme, &self.type_code_list]
            .into_iter()
            .flatten()
            .map(|v| v.trim())
            .find(|v| is_version(v) && v.split('.').count() == 3)
            .map(str::to_string)
    }
}

/// Digits separated by dots, at least two parts ("4.1.0", "2.0").
fn is_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The version's major number must be 2, 3 or 4.
fn check_version(v: &str) -> Result<(), EspdError> {
    match v.split('.').next() {
        Some("2" | "3" | "4") => Ok(()),
        _ => Err(EspdError::UnknownVersion { version: v.to_string() }),
    }
}

/// Line and column (1-based) of a byte position.
fn line_column(bytes: &[u8], pos: u64) -> (usize, usize) {
    let pos = (pos as usize).min(bytes.len());
    let before = &bytes[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

fn malformed(bytes: &[u8], pos: u64, detail: impl Into<String>) -> EspdError {
    let (line, column) = line_column(bytes, pos);
    EspdError::Malformed { line, column, byte: pos, detail: detail.into() }
}

/// quick-xml's error, said in Swedish (its own English never reaches a person).
fn describe(e: &quick_xml::Error) -> String {
    use quick_xml::errors::{IllFormedError, SyntaxError};
    match e {
        quick_xml::Error::Syntax(s) => match s {
            SyntaxError::InvalidBangMarkup => "felaktig markering efter \"<!\"".to_string(),
            SyntaxError::UnclosedPI | SyntaxError::UnclosedXmlDecl => "en bearbetningsinstruktion (<?…?>) avslutas aldrig".to_string(),
            SyntaxError::UnclosedComment => "en kommentar (<!-- … -->) avslutas aldrig".to_string(),
            SyntaxError::UnclosedDoctype => "en DOCTYPE avslutas aldrig".to_string(),
            SyntaxError::UnclosedCData => "ett CDATA-avsnitt avslutas aldrig".to_string(),
            SyntaxError::UnclosedTag => "en tagg avslutas aldrig (\">\" saknas)".to_string(),
            _ => "ett attributvärde avslutas aldrig (citattecken saknas)".to_string(),
        },
        quick_xml::Error::IllFormed(i) => match i {
            IllFormedError::MissingEndTag(name) => format!("elementet <{name}> avslutas aldrig"),
            IllFormedError::UnmatchedEndTag(name) => format!("sluttaggen </{name}> hör inte till något öppet element"),
            IllFormedError::MismatchedEndTag { expected, found } => {
                format!("sluttaggen </{found}> passar inte till <{expected}>")
            }
            IllFormedError::DoubleHyphenInComment => "en kommentar innehåller \"--\"".to_string(),
            _ => "dokumentet följer inte XML:s regler".to_string(),
        },
        quick_xml::Error::InvalidAttr(_) => "ett attribut är felaktigt skrivet (eller förekommer två gånger)".to_string(),
        quick_xml::Error::Encoding(_) => "texten är inte giltig UTF-8".to_string(),
        quick_xml::Error::Escape(_) => "en entitet eller teckenreferens är felaktig".to_string(),
        quick_xml::Error::Namespace(_) => "en namnrymd är felaktigt deklarerad eller ett prefix är inte deklarerat".to_string(),
        quick_xml::Error::Io(_) => "dokumentet kan inte läsas".to_string(),
    }
}

/// The text of an entity reference: a character reference or one of XML's five predefined
/// entities. Anything else is refused: no DTD is read, so no other entity is declared.
fn resolve_reference(r: &BytesRef<'_>) -> Result<char, String> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c),
            _ => Err(format!("teckenreferensen &{}; är felaktig", &**r)),
        };
    }
    match &**r {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        other => {
            Err(format!("entiteten &{other}; är inte deklarerad (bara XML:s fem fördefinierade entiteter och teckenreferenser läses)"))
        }
    }
}

/// Every attribute of an element: well-formed, its entities known. Returns the values of the
/// unprefixed attributes asked for, in their order.
fn attributes<const N: usize>(e: &BytesStart<'_>, wanted: [&str; N]) -> Result<[Option<String>; N], String> {
    let mut out: [Option<String>; N] = std::array::from_fn(|_| None);
    for a in e.attributes() {
        let a = a.map_err(|_| "ett attribut är felaktigt skrivet (eller förekommer två gånger)".to_string())?;
        let value = a.normalized_value(XmlVersion::Implicit1_0).map_err(|_| {
            "ett attributvärde använder en entitet som inte är deklarerad (bara XML:s fem fördefinierade entiteter och teckenreferenser läses)"
                .to_string()
        })?;
        if let Some(i) = wanted.iter().position(|w| a.key.0 == *w) {
            out[i] = Some(value.into_owned());
        }
    }
    Ok(out)
}

fn trimmed(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The state of the pass.
struct Scan<'a> {
    bytes: &'a [u8],
    raw: Raw,
    stack: Vec<Ctx>,
    /// The text of the capturing element open at the top of the stack.
    text: String,
    /// Attributes kept with a capturing element (scheme of an identifier, currency of an amount,
    /// the version attributes of the header).
    attrs: [Option<String>; 2],
    header: VersionCandidates,
    version_checked: bool,
    kind: Option<Kind>,
    root_namespace: Option<String>,
    root_closed: bool,
    /// The operator being read (only the first `cac:EconomicOperatorParty` is read).
    operator: Option<RawOperator>,
    operator_done: bool,
    criterion: Option<usize>,
    property: Option<RawProperty>,
    sub_criterion: Option<RawSubCriterion>,
    response: Option<RawResponse>,
    period: (Option<String>, Option<String>),
}

/// Reads the document in one pass (the length is checked by the caller).
pub(super) fn scan(bytes: &[u8]) -> Result<(Kind, Raw), EspdError> {
    let mut reader = NsReader::from_reader(bytes);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = true;
    config.expand_empty_elements = false;
    let mut scan = Scan {
        bytes,
        raw: Raw::default(),
        stack: Vec::with_capacity(MAX_DEPTH),
        text: String::new(),
        attrs: [None, None],
        header: VersionCandidates::default(),
        version_checked: false,
        kind: None,
        root_namespace: None,
        root_closed: false,
        operator: None,
        operator_done: false,
        criterion: None,
        property: None,
        sub_criterion: None,
        response: None,
        period: (None, None),
    };
    let mut buf = Vec::new();
    loop {
        let pos = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok((ns, event)) => {
                let ns = match ns {
                    ResolveResult::Bound(n) => {
                        if scan.stack.is_empty() && scan.root_namespace.is_none() {
                            scan.root_namespace = Some(n.0.chars().take(200).collect());
                        }
                        match n.0 {
                            NS_CAC => Ns::Cac,
                            NS_CBC => Ns::Cbc,
                            NS_REQUEST => Ns::Request,
                            NS_RESPONSE => Ns::Response,
                            _ => Ns::Other,
                        }
                    }
                    ResolveResult::Unknown(_) => {
                        return Err(malformed(bytes, pos, "ett prefix används utan att dess namnrymd är deklarerad"));
                    }
                    ResolveResult::Unbound => Ns::Other,
                };
                (ns, event)
            }
            Err(e) => {
                // quick-xml does not say where the bytes that are not UTF-8 are: the first of them.
                let at = match (&e, std::str::from_utf8(bytes)) {
                    (quick_xml::Error::Encoding(_), Err(u)) => u.valid_up_to() as u64,
                    _ => reader.error_position(),
                };
                return Err(malformed(bytes, at, describe(&e)));
            }
        };
        match event {
            Event::DocType(_) => return Err(EspdError::Dtd),
            Event::Decl(d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    let enc = enc.trim().to_ascii_lowercase();
                    if !matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                        return Err(EspdError::Encoding { declared: enc });
                    }
                }
            }
            Event::Start(e) => scan.start(&e, ns, pos)?,
            Event::Empty(e) => {
                scan.start(&e, ns, pos)?;
                scan.end(pos)?;
            }
            Event::End(_) => scan.end(pos)?,
            Event::Text(t) => scan.text(&t.xml10_content(), pos)?,
            Event::CData(c) => scan.text(&c.into_inner(), pos)?,
            Event::GeneralRef(r) => {
                let c = resolve_reference(&r).map_err(|detail| malformed(bytes, pos, detail))?;
                scan.text(c.encode_utf8(&mut [0; 4]), pos)?;
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
        buf.clear();
    }
    let end = reader.buffer_position();
    if !scan.stack.is_empty() {
        return Err(malformed(bytes, end, "dokumentet tar slut innan alla element är avslutade"));
    }
    let Some(kind) = scan.kind else {
        return Err(malformed(bytes, end, "dokumentet har inget rotelement"));
    };
    scan.check_version()?;
    let mut raw = scan.raw;
    raw.operator = scan.operator;
    Ok((kind, raw))
}

impl Scan<'_> {
    fn top(&self) -> Ctx {
        self.stack.last().copied().unwrap_or(Ctx::Other)
    }

    /// The version, as soon as the header is over (at the first `cac:` element under the root)
    /// or at the end: refused at once when it is not one that is read.
    fn check_version(&mut self) -> Result<(), EspdError> {
        if self.version_checked {
            return Ok(());
        }
        self.version_checked = true;
        let version = self.header.version().ok_or(EspdError::NoVersion)?;
        check_version(&version)?;
        self.raw.version = version;
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>, ns: Ns, pos: u64) -> Result<(), EspdError> {
        if self.stack.len() >= MAX_DEPTH {
            let (line, _) = line_column(self.bytes, pos);
            return Err(EspdError::TooDeep { line });
        }
        let local_name = e.local_name();
        let local: &str = local_name.as_ref();
        if self.stack.is_empty() {
            if self.root_closed {
                return Err(malformed(self.bytes, pos, "dokumentet har mer än ett rotelement"));
            }
            self.kind = match (ns, local) {
                (Ns::Request, "QualificationApplicationRequest") => Some(Kind::Request),
                (Ns::Response, "QualificationApplicationResponse") => Some(Kind::Response),
                // ESPD-EDM 1.x: its own root elements, not UBL's QualificationApplication.
                (_, "ESPDRequest" | "ESPDResponse") => return Err(EspdError::UnknownVersion { version: "1".to_string() }),
                _ => {
                    let name = e.name();
                    let name: &str = name.as_ref();
                    return Err(EspdError::NotEspd { root: name.chars().take(100).collect(), namespace: self.root_namespace.take() });
                }
            };
            attributes(e, []).map_err(|d| malformed(self.bytes, pos, d))?;
            self.stack.push(Ctx::Root);
            return Ok(());
        }
        let parent = self.top();
        let ctx = self.child(parent, ns, local);
        let wanted: [&str; 2] = match ctx {
            Ctx::PartyId => ["schemeID", "schemeAgencyID"],
            Ctx::ResponseField(ResponseField::Amount) => ["currencyID", ""],
            Ctx::Header(Header::VersionId | Header::CustomizationId) => ["schemeVersionID", ""],
            Ctx::Header(Header::TypeCode) => ["listVersionID", ""],
            _ => ["", ""],
        };
        self.attrs = attributes(e, wanted).map_err(|d| malformed(self.bytes, pos, d))?;
        if parent == Ctx::Root && ns == Ns::Cac && !self.version_checked {
            // The header (cbc:…) is over: the version is known, or is not given where UBL puts it.
            if self.header.version().is_some() {
                self.check_version()?;
            }
        }
        self.text.clear();
        self.stack.push(ctx);
        Ok(())
    }

    /// The context of a child element.
    fn child(&mut self, parent: Ctx, ns: Ns, local: &str) -> Ctx {
        let cac = |name: &str| ns == Ns::Cac && local == name;
        let cbc = |name: &str| ns == Ns::Cbc && local == name;
        match parent {
            Ctx::Root => {
                if cbc("VersionID") {
                    Ctx::Header(Header::VersionId)
                } else if cbc("ProfileExecutionID") {
                    Ctx::Header(Header::ProfileExecutionId)
                } else if cbc("CustomizationID") {
                    Ctx::Header(Header::CustomizationId)
                } else if cbc("QualificationApplicationTypeCode") {
                    Ctx::Header(Header::TypeCode)
                } else if cac("EconomicOperatorParty") && !self.operator_done {
                    self.operator = Some(RawOperator::default());
                    Ctx::Operator
                } else if cac("TenderingCriterion") {
                    self.raw.criteria.push(RawCriterion::default());
                    self.criterion = Some(self.raw.criteria.len() - 1);
                    Ctx::Criterion
                } else if cac("TenderingCriterionResponse") {
                    self.response = Some(RawResponse::default());
                    Ctx::Response
                } else {
                    Ctx::Other
                }
            }
            Ctx::Operator if cac("Party") => Ctx::OperatorParty,
            Ctx::OperatorParty if cac("PartyIdentification") => Ctx::PartyIdentification,
            Ctx::OperatorParty if cac("PartyName") => Ctx::PartyName,
            Ctx::PartyIdentification if cbc("ID") => Ctx::PartyId,
            Ctx::PartyName if cbc("Name") => Ctx::PartyNameName,
            Ctx::Criterion | Ctx::SubCriterion => {
                let sub = parent == Ctx::SubCriterion;
                let field = |f| if sub { Ctx::SubCriterionField(f) } else { Ctx::CriterionField(f) };
                if cbc("ID") {
                    field(CriterionField::Id)
                } else if cbc("CriterionTypeCode") {
                    field(CriterionField::Code)
                } else if cbc("Name") {
                    field(CriterionField::Name)
                } else if sub {
                    // A sub-criterion's own groups and properties are not read.
                    Ctx::Other
                } else if cac("TenderingCriterionPropertyGroup") {
                    let group = self.new_group(None);
                    if let Some(c) = self.criterion {
                        self.raw.criteria[c].first_group.get_or_insert(group);
                    }
                    Ctx::Group(group)
                } else if cac("SubTenderingCriterion") {
                    self.sub_criterion = Some(RawSubCriterion::default());
                    Ctx::SubCriterion
                } else {
                    Ctx::Other
                }
            }
            Ctx::Group(g) => {
                if cbc("ID") {
                    Ctx::GroupId(g)
                } else if cac("TenderingCriterionProperty") {
                    let criterion = self.criterion.unwrap_or_default();
                    self.property = Some(RawProperty { criterion, group: g, ..RawProperty::default() });
                    Ctx::Property
                } else if cac("SubsidiaryTenderingCriterionPropertyGroup") {
                    Ctx::Group(self.new_group(Some(g)))
                } else {
                    Ctx::Other
                }
            }
            Ctx::Property => {
                if cbc("ID") {
                    Ctx::PropertyField(PropertyField::Id)
                } else if cbc("TypeCode") {
                    Ctx::PropertyField(PropertyField::TypeCode)
                } else if cbc("ValueDataTypeCode") {
                    Ctx::PropertyField(PropertyField::ValueType)
                } else if cbc("ExpectedDescription") {
                    Ctx::PropertyField(PropertyField::ExpectedDescription)
                } else {
                    Ctx::Other
                }
            }
            Ctx::Response => {
                if cbc("ValidatedCriterionPropertyID") {
                    Ctx::ResponsePropertyId
                } else if cac("ResponseValue") {
                    Ctx::ResponseValue
                } else if cac("ApplicablePeriod") {
                    self.period = (None, None);
                    Ctx::Period
                } else {
                    Ctx::Other
                }
            }
            Ctx::ResponseValue => {
                if cbc("ResponseIndicator") {
                    Ctx::ResponseField(ResponseField::Indicator)
                } else if cbc("ResponseAmount") {
                    Ctx::ResponseField(ResponseField::Amount)
                } else if cbc("ResponseQuantity") || cbc("ResponseNumeric") {
                    Ctx::ResponseField(ResponseField::Quantity)
                } else {
                    Ctx::Other
                }
            }
            Ctx::Period if cbc("StartDate") => Ctx::PeriodField(true),
            Ctx::Period if cbc("EndDate") => Ctx::PeriodField(false),
            _ => Ctx::Other,
        }
    }

    fn new_group(&mut self, parent: Option<usize>) -> usize {
        self.raw.groups.push(RawGroup { parent, id: None });
        self.raw.groups.len() - 1
    }

    fn text(&mut self, text: &str, pos: u64) -> Result<(), EspdError> {
        match self.top() {
            ctx if ctx.captures() => self.text.push_str(text),
            Ctx::Other if self.stack.is_empty() && !text.trim().is_empty() => {
                let detail = if self.root_closed { "text efter rotelementet" } else { "text före rotelementet" };
                return Err(malformed(self.bytes, pos, detail));
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, pos: u64) -> Result<(), EspdError> {
        let Some(ctx) = self.stack.pop() else {
            return Err(malformed(self.bytes, pos, "en sluttagg utan starttagg"));
        };
        let text = std::mem::take(&mut self.text);
        let value = trimmed(&text);
        match ctx {
            Ctx::Root => self.root_closed = true,
            Ctx::Header(h) => {
                let [attr, _] = std::mem::take(&mut self.attrs);
                let c = &mut self.header;
                match h {
                    Header::VersionId => (c.version_id, c.version_id_scheme) = (value, attr),
                    Header::ProfileExecutionId => c.profile_execution_id = value,
                    Header::CustomizationId => c.customization_scheme = attr,
                    Header::TypeCode => c.type_code_list = attr,
                }
            }
            Ctx::Operator => self.operator_done = true,
            Ctx::PartyId => {
                let [scheme_id, agency] = std::mem::take(&mut self.attrs);
                if let (Some(op), Some(id)) = (self.operator.as_mut(), value) {
                    let scheme = scheme_id.and_then(|s| trimmed(&s)).or_else(|| agency.and_then(|s| trimmed(&s)));
                    op.ids.push((id, scheme));
                }
            }
            Ctx::PartyNameName => {
                if let Some(op) = self.operator.as_mut() {
                    if op.name.is_none() {
                        op.name = value;
                    }
                }
            }
            Ctx::Criterion => self.criterion = None,
            Ctx::CriterionField(f) => {
                if let Some(c) = self.criterion {
                    let c = &mut self.raw.criteria[c];
                    match f {
                        CriterionField::Id => c.uuid = value.unwrap_or_default(),
                        CriterionField::Code => c.code = value,
                        CriterionField::Name => c.name = value,
                    }
                }
            }
            Ctx::SubCriterion => {
                if let Some(s) = self.sub_criterion.take() {
                    self.raw.sub_criteria.push(s);
                }
            }
            Ctx::SubCriterionField(f) => {
                if let Some(s) = self.sub_criterion.as_mut() {
                    match f {
                        CriterionField::Id => s.uuid = value.unwrap_or_default(),
                        CriterionField::Code => s.code = value,
                        CriterionField::Name => {}
                    }
                }
            }
            Ctx::GroupId(g) => self.raw.groups[g].id = value,
            Ctx::Property => {
                if let Some(p) = self.property.take() {
                    if !p.id.is_empty() {
                        self.raw.properties.push(p);
                    }
                }
            }
            Ctx::PropertyField(f) => {
                if let Some(p) = self.property.as_mut() {
                    match f {
                        PropertyField::Id => p.id = value.unwrap_or_default(),
                        PropertyField::TypeCode => p.type_code = value,
                        PropertyField::ValueType => p.value_type = value,
                        PropertyField::ExpectedDescription => p.expected_description = value,
                    }
                }
            }
            Ctx::Response => {
                if let Some(r) = self.response.take() {
                    self.raw.responses.push(r);
                }
            }
            Ctx::ResponsePropertyId => {
                if let Some(r) = self.response.as_mut() {
                    r.property_id = value.unwrap_or_default();
                }
            }
            Ctx::ResponseField(f) => {
                let [currency, _] = std::mem::take(&mut self.attrs);
                if let (Some(r), Some(v)) = (self.response.as_mut(), value) {
                    match f {
                        ResponseField::Indicator => r.indicators.push(v),
                        ResponseField::Amount => r.amounts.push((v, currency.and_then(|c| trimmed(&c)))),
                        ResponseField::Quantity => r.quantities.push(v),
                    }
                }
            }
            Ctx::Period => {
                let period = std::mem::take(&mut self.period);
                if let Some(r) = self.response.as_mut() {
                    r.periods.push(period);
                }
            }
            Ctx::PeriodField(start) => {
                if start {
                    self.period.0 = value;
                } else {
                    self.period.1 = value;
                }
            }
            Ctx::Other | Ctx::OperatorParty | Ctx::PartyIdentification | Ctx::PartyName | Ctx::Group(_) | Ctx::ResponseValue => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(
        pe: Option<&str>,
        vid: Option<&str>,
        vid_scheme: Option<&str>,
        cust: Option<&str>,
        list: Option<&str>,
    ) -> Option<String> {
        VersionCandidates {
            profile_execution_id: pe.map(str::to_string),
            version_id: vid.map(str::to_string),
            version_id_scheme: vid_scheme.map(str::to_string),
            customization_scheme: cust.map(str::to_string),
            type_code_list: list.map(str::to_string),
        }
        .version()
    }

    #[test]
    fn the_version_comes_from_the_first_candidate_that_is_one() {
        // 4.1.0: ProfileExecutionID and VersionID agree.
        assert_eq!(candidates(Some("ESPD-EDMv4.1.0"), Some("4.1.0"), Some("4.1.0"), None, None).as_deref(), Some("4.1.0"));
        // ProfileExecutionID wins.
        assert_eq!(candidates(Some("ESPD-EDMv3.3.0"), Some("9.9.9"), None, None, None).as_deref(), Some("3.3.0"));
        // 2.1.1 basic: VersionID.
        assert_eq!(candidates(None, Some("2.1.1"), Some("2.1.1"), Some("2.1.1"), Some("2.1.1")).as_deref(), Some("2.1.1"));
        // 2.1.1 extended: VersionID 1.0 (the content's version) and schemeVersionID 2.0 are not
        // ESPD-EDM versions; CustomizationID's 3.0 is CEN BII's; the type code's list gives 2.1.1.
        assert_eq!(candidates(None, Some("1.0"), Some("2.0"), Some("3.0"), Some("2.1.1")).as_deref(), Some("2.1.1"));
        assert_eq!(candidates(None, Some("1.0"), None, None, None), None);
        assert_eq!(candidates(Some("something"), Some("abc"), None, None, None), None);
    }

    #[test]
    fn versions_2_3_and_4_are_read() {
        for ok in ["2.0.2", "2.1.1", "3.3.0", "4.1.0"] {
            assert!(check_version(ok).is_ok(), "{ok}");
        }
        for bad in ["1.0.0", "5.0.0", "9.0.0", "10.0.0"] {
            assert_eq!(check_version(bad).unwrap_err().code(), "unknown_version", "{bad}");
        }
    }

    #[test]
    fn references_are_the_five_and_characters_only() {
        assert_eq!(resolve_reference(&BytesRef::new("lt")), Ok('<'));
        assert_eq!(resolve_reference(&BytesRef::new("#x41")), Ok('A'));
        assert_eq!(resolve_reference(&BytesRef::new("#229")), Ok('å'));
        assert!(resolve_reference(&BytesRef::new("lol9")).unwrap_err().contains("&lol9;"));
        assert!(resolve_reference(&BytesRef::new("#0")).is_err());
    }

    #[test]
    fn positions_are_lines_and_columns() {
        let text = "ab\ncdé\nf".as_bytes();
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 7), (2, 4));
        assert_eq!(line_column(text, 8), (3, 1));
    }
}
