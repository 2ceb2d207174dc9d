//! Reading filled bid workbooks (.xlsx, .xls, .ods) with calamine.
//!
//! A workbook is read and checked whole before anything is stored: either it yields a [`Bid`],
//! or every problem found, each with its sheet and cell, in Swedish. Sheets are found by name,
//! columns by header text, labels by text (trimmed, case-insensitive, trailing ':' ignored).

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, ExcelDateTime, Ods, Range, Reader, Xls, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::*;
use crate::model::bid::{file_name, normalize_label, Answer, Assignment, Bid, CellRef, LotOffer, StatedPrice, Value};
use crate::model::money::{decimal_from_f64, format_number, parse_swedish_number};
use crate::model::orgnr::OrgNr;
use crate::model::procurement::Procurement;
pub use crate::model::rejection::{BidderIdentity, CellError, ReceivedFile, Rejection, RejectionKind};
use crate::model::requirement::AnswerKind;

/// A workbook read whole and found valid.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadBid {
    pub bid: Bid,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// The file's bytes as received, kept by the store beside the bid.
    pub bytes: Vec<u8>,
    /// The bytes of the ESPD response paired with it (`bid.espd`), kept beside it too.
    pub espd_bytes: Option<Vec<u8>>,
}

/// The result of importing a batch of workbooks: the bids that stand, and those rejected,
/// replaced or ambiguous.
#[derive(Debug, Clone, Default)]
pub struct ImportOutcome {
    pub bids: Vec<ReadBid>,
    pub rejected: Vec<Rejection>,
    /// The file of each replaced bid, with the file that replaced it.
    pub replaced: Vec<(String, String)>,
}

pub use crate::model::bid::sha256_hex;

/// Reads one workbook file. `label` is the name reported for it (usually the path as given).
/// For many files, use one [`WorkbookReader`] (one reader process for the batch).
pub fn import_file(path: &Path, label: &str, procurement: &Procurement) -> Result<ReadBid, Rejection> {
    WorkbookReader::new(procurement).read_file(path, label)
}

/// Reads one workbook's bytes (see [`WorkbookReader::read_bytes`]).
pub fn read_bytes(label: &str, bytes: Vec<u8>, procurement: &Procurement) -> Result<ReadBid, Rejection> {
    WorkbookReader::new(procurement).read_bytes(label, bytes)
}

/// What reading a workbook's bytes gives: the bid, or every problem and, when a name can be read,
/// whom the file seems to be from. What crosses from the reader process (`intake::isolate`).
#[allow(clippy::large_enum_variant, reason = "one per workbook, moved once or twice: boxing saves nothing")]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Parsed {
    Bid(Bid),
    Errors { errors: Vec<CellError>, bidder: Option<BidderIdentity> },
}

/// The limits (`intake::limits`), then calamine and the bid parser. Unguarded: a reader that
/// panics panics here; the callers guard it (`catch_unwind` in process, the process boundary in
/// `intake::isolate`), and the fuzz target calls it bare so that a panic is a finding.
pub fn check_and_parse(label: &str, bytes: &[u8], procurement: &Procurement) -> Parsed {
    if let Err(limit) = super::limits::check(bytes) {
        return Parsed::Errors { errors: vec![CellError::file(limit)], bidder: None };
    }
    match parse_workbook(label, bytes, procurement) {
        Ok(bid) => Parsed::Bid(bid),
        Err(errors) => Parsed::Errors { errors, bidder: bidder_identity_unchecked(bytes) },
    }
}

/// Reads workbooks for one procurement, file after file. Where the program enabled it
/// (`intake::isolate::main_hook`: the command line and the app), the parsing happens in a reader
/// process with a memory and time limit, started once for all the files read through this value
/// and again after a file kills it; otherwise in process, behind `catch_unwind`. Either way every
/// file is first checked against `intake::limits`, so most hostile files never reach a parser.
use super::isolate::Failure;

pub struct WorkbookReader<'a> {
    procurement: &'a Procurement,
    isolated: Option<super::isolate::Reader>,
}

impl<'a> WorkbookReader<'a> {
    pub fn new(procurement: &'a Procurement) -> Self {
        WorkbookReader { procurement, isolated: super::isolate::Reader::new(procurement) }
    }

    /// Reads one workbook file: only a regular file, and never more than the largest workbook
    /// accepted (`limits::MAX_FILE_BYTES`), so a folder, a device such as /dev/zero or a pipe is
    /// refused before anything is read.
    pub fn read_file(&mut self, path: &Path, label: &str) -> Result<ReadBid, Rejection> {
        let refused = |message: String| Rejection {
            file: label.to_string(),
            errors: vec![CellError::file(message)],
            bidder: None,
            kind: Some(RejectionKind::Unreadable),
            received: None,
        };
        let cannot = |e: &std::io::Error| format!("Filen kan inte läsas: {}", crate::support::sv::io_error(e));
        let meta = std::fs::metadata(path).map_err(|e| refused(cannot(&e)))?;
        if meta.is_dir() {
            return Err(refused("Det här är en mapp, inte en fil; välj anbudsfilerna i mappen.".to_string()));
        }
        if !meta.is_file() {
            return Err(refused(
                "Det här är ingen vanlig fil (utan en enhet, en pipe eller liknande) och läses inte som anbud.".to_string(),
            ));
        }
        let file = std::fs::File::open(path).map_err(|e| refused(cannot(&e)))?;
        let mut bytes = Vec::with_capacity(meta.len().min(super::limits::MAX_FILE_BYTES) as usize + 1);
        std::io::Read::read_to_end(&mut std::io::Read::take(file, super::limits::MAX_FILE_BYTES + 1), &mut bytes)
            .map_err(|e| refused(cannot(&e)))?;
        if bytes.len() as u64 > super::limits::MAX_FILE_BYTES {
            // Grown past the limit since it was looked at: refused by the limit, and not kept.
            return Err(refused(super::limits::check(&bytes).expect_err("larger than the limit")));
        }
        self.read_bytes(label, bytes)
    }

    /// Reads one workbook's bytes: the bid, or every problem. Either way the bytes go with it, to
    /// be kept as received.
    pub fn read_bytes(&mut self, label: &str, bytes: Vec<u8>) -> Result<ReadBid, Rejection> {
        let sha256 = sha256_hex(&bytes);
        let unreadable = |errors: Vec<CellError>, bidder: Option<BidderIdentity>, sha256: String, bytes: Vec<u8>| Rejection {
            file: label.to_string(),
            errors,
            bidder,
            kind: Some(RejectionKind::Unreadable),
            received: Some(Box::new(ReceivedFile { sha256, bytes })),
        };
        // The limits first, here: a file refused by them never starts a reader.
        if let Err(limit) = super::limits::check(&bytes) {
            return Err(unreadable(vec![CellError::file(limit)], None, sha256, bytes));
        }
        let parsed = match self.isolated.as_mut().map(|r| r.parse(label, &bytes)) {
            Some(Ok(parsed)) => Ok(parsed),
            // No reader could be started: read in process, behind the limits (logged).
            Some(Err(Failure::Unavailable(e))) => {
                tracing::warn!(error = %e, "no workbook reader process; reading in process");
                self.isolated = None;
                in_process(label, &bytes, self.procurement)
            }
            Some(Err(failure)) => Err(failure.message()),
            None => in_process(label, &bytes, self.procurement),
        };
        match parsed {
            Ok(Parsed::Bid(bid)) => Ok(ReadBid { bid, sha256, bytes, espd_bytes: None }),
            Ok(Parsed::Errors { errors, bidder }) => Err(unreadable(errors, bidder, sha256, bytes)),
            Err(message) => Err(unreadable(vec![CellError::file(message)], None, sha256, bytes)),
        }
    }
}

fn in_process(label: &str, bytes: &[u8], procurement: &Procurement) -> Result<Parsed, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_and_parse(label, bytes, procurement)))
        .map_err(|_| "Filen kan inte läsas: läsaren för kalkylblad avbröt på innehållet (filen är skadad).".to_string())
}

/// Best effort: the company name (and organisation number, when valid) in the sheet
/// Anbudsgivare of a workbook that was rejected; `None` when no name can be read.
pub fn bidder_identity(bytes: &[u8]) -> Option<BidderIdentity> {
    if super::limits::check(bytes).is_err() {
        return None;
    }
    std::panic::catch_unwind(|| bidder_identity_unchecked(bytes)).ok().flatten()
}

fn bidder_identity_unchecked(bytes: &[u8]) -> Option<BidderIdentity> {
    let (names, mut range_of) = open_sheets(bytes).ok()?;
    let sheet = Sheet { name: SHEET_BIDDER, range: range_of(sheet_name(&names, SHEET_BIDDER)?)? };
    let (hrow, cols) = find_headers(&sheet, &[H_ITEM, H_ANSWER], &mut Vec::new())?;
    let items = Labels::new(&sheet, hrow, cols[0], cols[1]);
    let name = items.value(L_NAME).and_then(read_text)?;
    let org_nr = items.value(L_ORGNR).map(org_nr_text).and_then(|t| OrgNr::parse(&t).ok()).map(|o| o.to_string());
    Some(BidderIdentity { name, org_nr })
}

/// Why a bid was replaced by a later one from the same organisation number. Names the supplier
/// and the replacing workbook by file name.
pub fn replaced_message(name: &str, org_nr: &str, date: NaiveDate, by: Option<(&str, NaiveDate)>) -> String {
    match by {
        Some((file, by_date)) => format!(
            "Ersatt: anbudet från {name} ({org_nr}) daterat {date} har ersatts av anbudet i {} med anbudsdatum {by_date}.",
            file_name(file)
        ),
        None => format!("Ersatt: anbudet från {name} ({org_nr}) daterat {date} har ersatts av ett senare anbud."),
    }
}

/// Why a bid is ambiguous: several from one organisation number share the latest date.
pub fn ambiguous_message(name: &str, org_nr: &str, date: NaiveDate) -> String {
    format!("Tvetydigt anbud: {name} ({org_nr}) har flera anbud med samma anbudsdatum {date}; inget av dem prövas.")
}

/// Why a bid in conflict is not evaluated while the conflict is open: several from one
/// organisation number share the latest date, the earliest received (`evaluated`) is evaluated
/// meanwhile and the supplier needs review.
pub fn conflict_message(name: &str, org_nr: &str, date: NaiveDate, evaluated: &str) -> String {
    format!(
        "Anbud i konflikt: {name} ({org_nr}) har flera anbud med samma anbudsdatum {date}. En person avgör vilket som gäller; tills dess prövas det först mottagna, {}, och leverantören behöver granskas.",
        file_name(evaluated)
    )
}

/// Why a bid in conflict was set aside when a person settled the conflict.
pub fn settled_message(name: &str, org_nr: &str, date: NaiveDate, kept: &str, decided_by: &str, justification: &str) -> String {
    format!(
        "Ersatt: {name} ({org_nr}) lämnade flera anbud med samma anbudsdatum {date}; {decided_by} har avgjort att anbudet i {} gäller. Motivering: {justification}",
        file_name(kept)
    )
}

/// Reads many workbooks and settles bids from one organisation number: the later Anbudsdatum
/// replaces the earlier; two with the same (latest) date are both rejected as ambiguous.
pub fn import_files(paths: &[PathBuf], procurement: &Procurement) -> ImportOutcome {
    let mut out = ImportOutcome::default();
    let mut read = Vec::new();
    let mut reader = WorkbookReader::new(procurement);
    for p in paths {
        let label = p.to_string_lossy().to_string();
        match reader.read_file(p, &label) {
            Ok(b) => read.push(b),
            Err(r) => out.rejected.push(r),
        }
    }
    let (bids, rejected, replaced) = settle_duplicates(read);
    out.bids = bids;
    out.rejected.extend(rejected);
    out.replaced = replaced;
    out
}

/// Keeps one bid per organisation number (see [`import_files`]). Order of the kept bids follows
/// the input.
pub fn settle_duplicates(read: Vec<ReadBid>) -> (Vec<ReadBid>, Vec<Rejection>, Vec<(String, String)>) {
    let settled = settle_read_bids(read);
    (settled.kept, settled.rejected, settled.replaced)
}

/// What [`settle_read_bids`] made of a batch of read workbooks.
#[derive(Debug, Clone, Default)]
pub struct SettledBids {
    /// One bid per organisation number, in the order of the input.
    pub kept: Vec<ReadBid>,
    /// The bids replaced or ambiguous, each with its reason.
    pub rejected: Vec<Rejection>,
    /// The file of each replaced bid, with the file that replaced it.
    pub replaced: Vec<(String, String)>,
    /// The ambiguous bids themselves (several of one organisation number with the same latest
    /// date), in the order of the input: with a store, a person may have settled which stands.
    pub ambiguous: Vec<ReadBid>,
}

/// As [`settle_duplicates`], keeping the ambiguous bids themselves.
pub fn settle_read_bids(read: Vec<ReadBid>) -> SettledBids {
    let mut by_org: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, b) in read.iter().enumerate() {
        by_org.entry(b.bid.org_nr.digits().to_string()).or_default().push(i);
    }
    let mut keep = vec![true; read.len()];
    let mut rejected = Vec::new();
    let mut replaced = Vec::new();
    for idxs in by_org.values().filter(|v| v.len() > 1) {
        // The same file given twice counts once.
        let latest = idxs.iter().map(|&i| read[i].bid.bid_date).max().expect("non-empty");
        let mut at_latest: Vec<usize> = idxs.iter().copied().filter(|&i| read[i].bid.bid_date == latest).collect();
        let mut seen_hash = Vec::new();
        at_latest.retain(|&i| {
            if seen_hash.contains(&read[i].sha256) {
                keep[i] = false;
                false
            } else {
                seen_hash.push(read[i].sha256.clone());
                true
            }
        });
        if at_latest.len() > 1 {
            for &i in &at_latest {
                keep[i] = false;
                let b = &read[i].bid;
                rejected.push(Rejection {
                    file: b.file.clone(),
                    errors: vec![CellError::file(ambiguous_message(&b.name, &b.org_nr.to_string(), latest))],
                    bidder: Some(BidderIdentity { name: b.name.clone(), org_nr: Some(b.org_nr.to_string()) }),
                    kind: Some(RejectionKind::Ambiguous),
                    received: None,
                });
            }
        }
        let winner = if at_latest.len() == 1 { Some(at_latest[0]) } else { None };
        for &i in idxs {
            if read[i].bid.bid_date < latest && keep[i] {
                keep[i] = false;
                let b = &read[i].bid;
                let by = winner.map(|w| (read[w].bid.file.as_str(), latest));
                replaced.push((b.file.clone(), winner.map(|w| read[w].bid.file.clone()).unwrap_or_default()));
                rejected.push(Rejection {
                    file: b.file.clone(),
                    errors: vec![CellError::file(replaced_message(&b.name, &b.org_nr.to_string(), b.bid_date, by))],
                    bidder: Some(BidderIdentity { name: b.name.clone(), org_nr: Some(b.org_nr.to_string()) }),
                    kind: Some(RejectionKind::Replaced),
                    received: None,
                });
            }
        }
    }
    let ambiguous_files: Vec<String> =
        rejected.iter().filter(|r| r.kind == Some(RejectionKind::Ambiguous)).map(|r| r.file.clone()).collect();
    let mut out = SettledBids { rejected, replaced, ..SettledBids::default() };
    for (b, k) in read.into_iter().zip(keep) {
        if k {
            out.kept.push(b);
        } else if ambiguous_files.contains(&b.bid.file) && !out.ambiguous.iter().any(|a| a.sha256 == b.sha256) {
            out.ambiguous.push(b);
        }
    }
    out
}

// ---- reading the spreadsheet ----

struct Sheet {
    name: &'static str,
    range: Range<Data>,
}

static EMPTY: Data = Data::Empty;

impl Sheet {
    fn get(&self, row: u32, col: u32) -> &Data {
        self.range.get_value((row, col)).unwrap_or(&EMPTY)
    }
    /// What was read from the cell at `row`, `col`; where it could not be read, `None`, and the
    /// problem reported at the cell.
    fn checked<T>(&self, row: u32, col: u32, read: Result<T, String>, errors: &mut Vec<CellError>) -> Option<T> {
        match read {
            Ok(v) => Some(v),
            Err(m) => {
                errors.push(CellError::at(self.name, row, col, m));
                None
            }
        }
    }
    #[allow(clippy::reversed_empty_ranges)] // 1..=0: the empty range of an empty sheet
    fn rows(&self) -> std::ops::RangeInclusive<u32> {
        match (self.range.start(), self.range.end()) {
            (Some(s), Some(e)) => s.0..=e.0,
            _ => 1..=0,
        }
    }
    #[allow(clippy::reversed_empty_ranges)]
    fn cols(&self) -> std::ops::RangeInclusive<u32> {
        match (self.range.start(), self.range.end()) {
            (Some(s), Some(e)) => s.1..=e.1,
            _ => 1..=0,
        }
    }
}

/// A workbook's sheet names, and a way to read a sheet by name.
type OpenBook = (Vec<String>, Box<dyn FnMut(&str) -> Option<Range<Data>>>);

fn open_sheets(bytes: &[u8]) -> Result<OpenBook, CellError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let not_spreadsheet = || CellError::file("Filen är inte en kalkylbok som kan läsas (.xlsx, .xls eller .ods).");
    let encrypted = || {
        CellError::file("Filen är krypterad eller lösenordsskyddad och kan inte läsas. Spara den utan lösenord och lämna in den igen.")
    };
    if bytes.starts_with(CFB) {
        // An encrypted .xlsx is an OLE container with an EncryptionInfo stream.
        let marker: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(encrypted());
        }
        return match open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes.to_vec())) {
            Ok(mut wb) => {
                let names = wb.sheet_names().to_vec();
                Ok((names, Box::new(move |n| wb.worksheet_range(n).ok())))
            }
            Err(calamine::XlsError::Password) => Err(encrypted()),
            Err(_) => Err(not_spreadsheet()),
        };
    }
    if bytes.starts_with(ZIP) {
        if let Ok(mut wb) = open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes.to_vec())) {
            let names = wb.sheet_names().to_vec();
            return Ok((names, Box::new(move |n| wb.worksheet_range(n).ok())));
        }
        if let Ok(mut wb) = open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes.to_vec())) {
            let names = wb.sheet_names().to_vec();
            return Ok((names, Box::new(move |n| wb.worksheet_range(n).ok())));
        }
    }
    Err(not_spreadsheet())
}

/// The text of a header or label cell.
fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Finds the header row holding all `headers`; returns the row and each header's column.
fn find_headers(sheet: &Sheet, headers: &[&str], errors: &mut Vec<CellError>) -> Option<(u32, Vec<u32>)> {
    let wanted: Vec<String> = headers.iter().map(|h| normalize_label(h)).collect();
    let mut best: (usize, Vec<Option<u32>>) = (0, vec![None; headers.len()]);
    for row in sheet.rows() {
        let mut found = vec![None; headers.len()];
        for col in sheet.cols() {
            let t = normalize_label(&cell_text(sheet.get(row, col)));
            if t.is_empty() {
                continue;
            }
            if let Some(i) = wanted.iter().position(|w| *w == t) {
                if found[i].is_none() {
                    found[i] = Some(col);
                }
            }
        }
        let n = found.iter().filter(|f| f.is_some()).count();
        if n == headers.len() {
            return Some((row, found.into_iter().map(|f| f.expect("all found")).collect()));
        }
        if n > best.0 {
            best = (n, found);
        }
    }
    let missing: Vec<String> =
        headers.iter().zip(best.1.iter()).filter(|(_, f)| f.is_none()).map(|(h, _)| format!("\"{h}\"")).collect();
    errors.push(CellError::sheet(
        sheet.name,
        if missing.len() == 1 {
            format!("kolumnrubriken {} saknas", missing[0])
        } else {
            format!("kolumnrubrikerna {} saknas", missing.join(", "))
        },
    ));
    None
}

fn show(d: &Data) -> String {
    match d {
        Data::String(s) => format!("\"{}\"", s.trim()),
        Data::Float(f) => decimal_from_f64(*f).map(format_number).unwrap_or_else(|| f.to_string()),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => {
            if *b {
                "SANT".into()
            } else {
                "FALSKT".into()
            }
        }
        Data::DateTime(dt) => excel_datetime(dt).map(|d| d.date().to_string()).unwrap_or_else(|| dt.to_string()),
        other => format!("\"{other}\""),
    }
}

/// The largest serial a date cell can hold: 9999-12-31 in Excel's 1900 system.
const MAX_EXCEL_SERIAL: f64 = 2_958_465.0;

/// A date cell's date and time, for the serials a date can have (0 to 9999-12-31). calamine's
/// `as_datetime` hands any number to chrono, which panics on one far outside (a fuzz finding: a
/// date cell of −1.0e300 in an .xls, docs/fuzzing.md); such a cell is not a valid date.
fn excel_datetime(dt: &ExcelDateTime) -> Option<NaiveDateTime> {
    let serial = dt.as_f64();
    if serial.is_finite() && (0.0..MAX_EXCEL_SERIAL + 1.0).contains(&serial) {
        dt.as_datetime()
    } else {
        None
    }
}

fn read_date(d: &Data) -> Result<Option<NaiveDate>, String> {
    match d {
        _ if is_blank(d) => Ok(None),
        // Match the date cell first: a plain number must never silently become a date.
        Data::DateTime(dt) if !dt.is_duration() => {
            excel_datetime(dt).map(|x| Some(x.date())).ok_or_else(|| format!("{} är inte ett giltigt datum", show(d)))
        }
        Data::DateTimeIso(s) => {
            parse_iso_date(s.get(..10).unwrap_or(s)).map(Some).ok_or_else(|| format!("\"{s}\" är inte ett datum (ÅÅÅÅ-MM-DD)"))
        }
        Data::String(s) => {
            parse_iso_date(s.trim()).map(Some).ok_or_else(|| format!("\"{}\" är inte ett datum (ÅÅÅÅ-MM-DD)", s.trim()))
        }
        _ => Err(format!("{} är inte ett datum (ÅÅÅÅ-MM-DD)", show(d))),
    }
}

fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn read_decimal(d: &Data) -> Result<Option<Decimal>, String> {
    match d {
        _ if is_blank(d) => Ok(None),
        Data::Int(i) => Ok(Some(Decimal::from(*i))),
        Data::Float(f) => decimal_from_f64(*f).map(Some).ok_or_else(|| format!("{} är inte ett tal", show(d))),
        Data::String(s) => parse_swedish_number(s).map(Some).ok_or_else(|| format!("\"{}\" är inte ett tal", s.trim())),
        Data::DateTime(_) | Data::DateTimeIso(_) => Err(format!("{} är ett datum, inte ett tal", show(d))),
        _ => Err(format!("{} är inte ett tal", show(d))),
    }
}

fn read_yes_no(d: &Data) -> Result<Option<bool>, String> {
    match d {
        _ if is_blank(d) => Ok(None),
        Data::Bool(b) => Ok(Some(*b)),
        Data::String(s) => match s.trim().to_lowercase().as_str() {
            "ja" => Ok(Some(true)),
            "nej" => Ok(Some(false)),
            _ => Err(format!("\"{}\" är inte Ja eller Nej", s.trim())),
        },
        _ => Err(format!("{} är inte Ja eller Nej", show(d))),
    }
}

fn read_text(d: &Data) -> Option<String> {
    match d {
        _ if is_blank(d) => None,
        Data::String(s) => Some(s.trim().to_string()),
        Data::Float(f) => decimal_from_f64(*f).map(|x| x.to_string()),
        Data::DateTime(dt) => excel_datetime(dt).map(|x| x.date().to_string()),
        other => Some(other.to_string()),
    }
}

/// Reads a value for a question of the catalogue.
fn read_answer(d: &Data, kind: &AnswerKind, deadline: NaiveDate) -> Result<Value, String> {
    Ok(match kind {
        AnswerKind::YesNo => read_yes_no(d)?.map(Value::YesNo).unwrap_or(Value::Empty),
        AnswerKind::Text => read_text(d).map(Value::Text).unwrap_or(Value::Empty),
        AnswerKind::Integer { min, max } => match read_decimal(d)? {
            None => Value::Empty,
            Some(n) => {
                if !n.fract().is_zero() {
                    return Err(format!("{} är inte ett heltal", show(d)));
                }
                let i = i64::try_from(n).map_err(|_| format!("{} är för stort", show(d)))?;
                if i < *min || i > *max {
                    return Err(format!("{i} ligger utanför det tillåtna intervallet {min}–{max}"));
                }
                Value::Integer(i)
            }
        },
        AnswerKind::Amount | AnswerKind::Number => match read_decimal(d)? {
            None => Value::Empty,
            Some(n) if n < Decimal::ZERO => return Err(format!("{} är negativt; värdet får inte vara negativt", format_number(n))),
            Some(n) => Value::Number(n),
        },
        AnswerKind::Date { not_after } => match read_date(d)? {
            None => Value::Empty,
            Some(date) => {
                let limit = not_after.unwrap_or(deadline);
                if not_after.is_some() && date > limit {
                    return Err(format!("{date} är efter sista anbudsdag {limit}; datumet kan inte ligga efter sista anbudsdag"));
                }
                Value::Date(date)
            }
        },
    })
}

/// Parses `1-6`, `1–6`, `1, 2, 5`, `alla`, or a single number.
fn read_zones(d: &Data, zone_numbers: &[u8]) -> Result<Vec<u8>, String> {
    let max = zone_numbers.iter().copied().max().unwrap_or(0);
    let range_text = format!("zonerna är 1–{max}");
    let text = match d {
        _ if is_blank(d) => return Ok(vec![]),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => decimal_from_f64(*f).map(|x| x.to_string()).unwrap_or_default(),
        Data::String(s) => s.trim().to_string(),
        _ => return Err(format!("{} är inte en zonlista (t.ex. 1-6, 1, 2, 5 eller alla)", show(d))),
    };
    let lower = text.to_lowercase();
    if lower == "alla" || lower == "alla zoner" {
        return Ok(zone_numbers.to_vec());
    }
    let bad = || format!("\"{text}\" är inte en zonlista (t.ex. 1-6, 1, 2, 5 eller alla)");
    let mut zones = Vec::new();
    for part in lower.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let part = part.strip_prefix("zon").map(str::trim).unwrap_or(part);
        let (lo, hi) = match part.split_once(['-', '–', '—']) {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let lo: u8 = lo.parse().map_err(|_| bad())?;
        let hi: u8 = hi.parse().map_err(|_| bad())?;
        if lo > hi {
            return Err(bad());
        }
        for z in lo..=hi {
            if !zone_numbers.contains(&z) {
                return Err(format!("zon {z} finns inte ({range_text})"));
            }
            if !zones.contains(&z) {
                zones.push(z);
            }
        }
    }
    if zones.is_empty() {
        return Err(bad());
    }
    zones.sort_unstable();
    Ok(zones)
}

/// A label/value sheet below its header row (Anbudsgivare, Kvalificering): the rows each label
/// stands on, and the columns of the labels and of their values.
struct Labels<'a> {
    sheet: &'a Sheet,
    rows: HashMap<String, Vec<u32>>,
    label_col: u32,
    value_col: u32,
}

impl<'a> Labels<'a> {
    fn new(sheet: &'a Sheet, header_row: u32, label_col: u32, value_col: u32) -> Labels<'a> {
        let mut rows: HashMap<String, Vec<u32>> = HashMap::new();
        for row in sheet.rows().filter(|r| *r > header_row) {
            let label = normalize_label(&cell_text(sheet.get(row, label_col)));
            if !label.is_empty() {
                rows.entry(label).or_default().push(row);
            }
        }
        Labels { sheet, rows, label_col, value_col }
    }

    /// The rows `label` stands on (trimmed, case-insensitive, trailing ':' ignored), top down.
    fn rows(&self, label: &str) -> &[u32] {
        self.rows.get(&normalize_label(label)).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// The value beside `label`, where the label stands on exactly one row.
    fn value(&self, label: &str) -> Option<&Data> {
        match self.rows(label) {
            [row] => Some(self.sheet.get(*row, self.value_col)),
            _ => None,
        }
    }
}

/// The text of an organisation number's cell: a number typed without its dash as its digits.
fn org_nr_text(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => decimal_from_f64(*f).map(|x| x.to_string()).unwrap_or_default(),
        other => cell_text(other),
    }
}

/// The name of the sheet `name` as the workbook spells it (trimmed, case-insensitive).
fn sheet_name<'a>(names: &'a [String], name: &str) -> Option<&'a String> {
    let key = normalize_label(name);
    names.iter().find(|n| normalize_label(n) == key)
}

/// The five sheets of a bid workbook, each `None` where it is missing or cannot be read.
struct Sheets {
    bidder: Option<Sheet>,
    qualification: Option<Sheet>,
    assignments: Option<Sheet>,
    lots: Option<Sheet>,
    prices: Option<Sheet>,
}

/// Finds the five sheets by name; a required sheet missing, or any sheet that cannot be read, is
/// an error.
fn open_bid_sheets(names: &[String], range_of: &mut dyn FnMut(&str) -> Option<Range<Data>>, errors: &mut Vec<CellError>) -> Sheets {
    let mut sheet = |name: &'static str, required: bool| -> Option<Sheet> {
        match sheet_name(names, name) {
            Some(actual) => match range_of(actual) {
                Some(range) => Some(Sheet { name, range }),
                None => {
                    errors.push(CellError::sheet(name, "bladet kan inte läsas"));
                    None
                }
            },
            None => {
                if required {
                    errors.push(CellError::sheet(name, format!("bladet \"{name}\" saknas i arbetsboken")));
                }
                None
            }
        }
    };
    Sheets {
        bidder: sheet(SHEET_BIDDER, true),
        qualification: sheet(SHEET_QUALIFICATION, true),
        assignments: sheet(SHEET_ASSIGNMENTS, true),
        lots: sheet(SHEET_LOTS, true),
        // Priser holds optional rows only: a workbook without the sheet states no prices.
        prices: sheet(SHEET_PRICES, false),
    }
}

/// What the sheet Anbudsgivare states: who bids, and when.
struct BidderPart {
    org_nr: Option<OrgNr>,
    name: Option<String>,
    contact: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    bid_date: Option<NaiveDate>,
    bid_date_cell: CellRef,
}

impl Default for BidderPart {
    fn default() -> BidderPart {
        BidderPart {
            org_nr: None,
            name: None,
            contact: None,
            email: None,
            phone: None,
            bid_date: None,
            bid_date_cell: CellRef { sheet: SHEET_BIDDER.into(), cell: "B1".into() },
        }
    }
}

/// The row of an item of Anbudsgivare; an item given twice, or a required one missing or left
/// blank, is an error.
fn item_row(items: &Labels, label: &str, required: bool, errors: &mut Vec<CellError>) -> Option<u32> {
    let s = items.sheet;
    match items.rows(label) {
        [row] => {
            if required && is_blank(s.get(*row, items.value_col)) {
                errors.push(CellError::at(s.name, *row, items.value_col, format!("{label} saknas")));
                return None;
            }
            Some(*row)
        }
        [first, second, ..] => {
            errors.push(CellError::at(
                s.name,
                *second,
                items.label_col,
                format!("uppgiften \"{label}\" finns redan på rad {}", first + 1),
            ));
            None
        }
        _ => {
            if required {
                errors.push(CellError::sheet(s.name, format!("uppgiften \"{label}\" saknas")));
            }
            None
        }
    }
}

/// Reads the sheet Anbudsgivare: organisation number, company name, contact, and the bid's date.
fn read_bidder_sheet(s: &Sheet, errors: &mut Vec<CellError>) -> BidderPart {
    let mut part = BidderPart::default();
    let Some((hrow, cols)) = find_headers(s, &[H_ITEM, H_ANSWER], errors) else { return part };
    let items = Labels::new(s, hrow, cols[0], cols[1]);
    let vc = items.value_col;
    if let Some(row) = item_row(&items, L_ORGNR, true, errors) {
        let text = org_nr_text(s.get(row, vc));
        match OrgNr::parse(&text) {
            Ok(o) => part.org_nr = Some(o),
            Err(e) => errors.push(CellError::at(
                s.name,
                row,
                vc,
                format!("\"{}\" är inte ett giltigt organisationsnummer: {e}", text.trim()),
            )),
        }
    }
    if let Some(row) = item_row(&items, L_NAME, true, errors) {
        part.name = read_text(s.get(row, vc));
    }
    if let Some(row) = item_row(&items, L_CONTACT, false, errors) {
        part.contact = read_text(s.get(row, vc));
    }
    if let Some(row) = item_row(&items, L_EMAIL, false, errors) {
        part.email = read_text(s.get(row, vc));
    }
    if let Some(row) = item_row(&items, L_PHONE, false, errors) {
        part.phone = read_text(s.get(row, vc));
    }
    if let Some(row) = item_row(&items, L_DATE, true, errors) {
        part.bid_date_cell = CellRef::new(s.name, row, vc);
        part.bid_date = s.checked(row, vc, read_date(s.get(row, vc)), errors).flatten();
    }
    part
}

/// Reads the sheet Kvalificering: an answer to each question of the procurement, in the
/// catalogue's order. A question left out is an unanswered question.
fn read_qualification_sheet(s: &Sheet, procurement: &Procurement, errors: &mut Vec<CellError>) -> Vec<Answer> {
    let mut answers = Vec::new();
    let Some((hrow, cols)) = find_headers(s, &[H_QUESTION, H_ANSWER], errors) else { return answers };
    let questions = Labels::new(s, hrow, cols[0], cols[1]);
    let (lc, vc) = (questions.label_col, questions.value_col);
    for q in procurement.questions() {
        match questions.rows(&q.label) {
            [row] => {
                if let Some(value) = s.checked(*row, vc, read_answer(s.get(*row, vc), &q.kind, procurement.deadline), errors) {
                    answers.push(Answer {
                        question: q.label.clone(),
                        value,
                        cell: Some(CellRef::new(s.name, *row, vc)),
                        source: None,
                    });
                }
            }
            [first, second, ..] => {
                errors.push(CellError::at(s.name, *second, lc, format!("frågan \"{}\" finns redan på rad {}", q.label, first + 1)))
            }
            // A question left out is an unanswered question: its outcome is `missing`.
            _ => answers.push(Answer { question: q.label.clone(), value: Value::Empty, cell: None, source: None }),
        }
    }
    answers
}

/// A date that must be given: a blank cell is `what` missing.
fn read_required_date(d: &Data, what: &str) -> Result<NaiveDate, String> {
    read_date(d)?.ok_or_else(|| format!("{what} saknas"))
}

/// An assignment's hours: given, and not negative.
fn read_hours(d: &Data) -> Result<Decimal, String> {
    match read_decimal(d)? {
        Some(h) if h < Decimal::ZERO => Err(format!("{} timmar är negativt; timmar får inte vara negativa", format_number(h))),
        Some(h) => Ok(h),
        None => Err("antal timmar saknas".into()),
    }
}

/// Reads the sheet Referensuppdrag: one assignment per row that is not blank.
fn read_assignments_sheet(s: &Sheet, errors: &mut Vec<CellError>) -> Vec<Assignment> {
    let mut assignments = Vec::new();
    let Some((hrow, c)) = find_headers(s, &[H_CUSTOMER, H_PROFESSION, H_FROM, H_TO, H_HOURS], errors) else { return assignments };
    for row in s.rows().filter(|r| *r > hrow) {
        if c.iter().all(|&col| is_blank(s.get(row, col))) {
            continue;
        }
        if let Some(a) = read_assignment(s, row, &c, errors) {
            assignments.push(a);
        }
    }
    assignments
}

/// One row of Referensuppdrag (`c`: the columns of Beställare, Yrkeskategori, Från, Till and
/// Timmar); `None` where anything on it is wrong.
fn read_assignment(s: &Sheet, row: u32, c: &[u32], errors: &mut Vec<CellError>) -> Option<Assignment> {
    let mut row_ok = true;
    let from = s.checked(row, c[2], read_required_date(s.get(row, c[2]), "startdatum (Från)"), errors);
    let to = s.checked(row, c[3], read_required_date(s.get(row, c[3]), "slutdatum (Till)"), errors);
    let hours = s.checked(row, c[4], read_hours(s.get(row, c[4])), errors);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            errors.push(CellError::at(s.name, row, c[3], format!("uppdraget slutar {t}, före sitt startdatum {f}")));
            row_ok = false;
        }
    }
    match (from, to, hours, row_ok) {
        (Some(from), Some(to), Some(hours), true) => Some(Assignment {
            customer: read_text(s.get(row, c[0])).unwrap_or_default(),
            profession: read_text(s.get(row, c[1])).unwrap_or_default(),
            from,
            to,
            hours,
            row: row + 1,
        }),
        _ => None,
    }
}

/// Reads the sheet Anbudsområden: for each lot named, whether a bid is made for it and in which
/// zones.
fn read_lots_sheet(s: &Sheet, procurement: &Procurement, errors: &mut Vec<CellError>) -> Vec<LotOffer> {
    let zone_numbers: Vec<u8> = procurement.zones.numbers().collect();
    let mut lots: Vec<LotOffer> = Vec::new();
    let Some((hrow, c)) = find_headers(s, &[H_CODE, H_LOT, H_OFFERED, H_ZONES], errors) else { return lots };
    for row in s.rows().filter(|r| *r > hrow) {
        let Some(code) = read_text(s.get(row, c[0])) else { continue };
        let Some(lot) = procurement.lot(&code) else {
            errors.push(CellError::at(s.name, row, c[0], format!("\"{code}\" är inte ett anbudsområde i upphandlingen")));
            continue;
        };
        if let Some(prev) = lots.iter().find(|l| l.code == lot.code) {
            errors.push(CellError::at(s.name, row, c[0], format!("anbudsområdet {} finns redan på rad {}", lot.code, prev.row)));
            continue;
        }
        let Some(offered) = s.checked(row, c[2], read_yes_no(s.get(row, c[2])).map(|v| v.unwrap_or(false)), errors) else { continue };
        let zones = if offered {
            let zones = read_zones(s.get(row, c[3]), &zone_numbers).and_then(|z| {
                if z.is_empty() {
                    Err(format!("zoner saknas för {}, som anbudet lämnas för", lot.code))
                } else {
                    Ok(z)
                }
            });
            let Some(zones) = s.checked(row, c[3], zones, errors) else { continue };
            zones
        } else {
            vec![]
        };
        lots.push(LotOffer { code: lot.code.clone(), offered, zones, row: row + 1 });
    }
    lots
}

/// Reads the sheet Priser: the prices stated, one per lot and zone; rows without a price are
/// passed over.
fn read_prices_sheet(s: &Sheet, procurement: &Procurement, errors: &mut Vec<CellError>) -> Vec<StatedPrice> {
    let mut prices: Vec<StatedPrice> = Vec::new();
    let Some((hrow, c)) = find_headers(s, &[H_CODE, H_ZONE, H_PRICE], errors) else { return prices };
    for row in s.rows().filter(|r| *r > hrow) {
        if is_blank(s.get(row, c[2])) {
            continue; // no price stated on this row
        }
        let Some(price) = read_price(s, row, &c, procurement, errors) else { continue };
        if let Some(prev) = prices.iter().find(|p| p.lot == price.lot && p.zone == price.zone) {
            errors.push(CellError::at(
                s.name,
                row,
                c[2],
                format!("pris för {} zon {} anges redan i {}", price.lot, price.zone, prev.cell.cell),
            ));
            continue;
        }
        prices.push(price);
    }
    prices
}

/// One row of Priser (`c`: the columns of Kod, Zon and Timpris); `None` where anything on it is
/// wrong.
fn read_price(s: &Sheet, row: u32, c: &[u32], procurement: &Procurement, errors: &mut Vec<CellError>) -> Option<StatedPrice> {
    let lot = s.checked(row, c[0], read_price_lot(s.get(row, c[0]), procurement), errors);
    let zone = s.checked(row, c[1], read_price_zone(s.get(row, c[1]), procurement), errors);
    let price = s.checked(row, c[2], read_price_value(s.get(row, c[2])), errors).flatten();
    Some(StatedPrice { lot: lot?, zone: zone?, price: price?, cell: CellRef::new(s.name, row, c[2]) })
}

/// A price's lot: its code given, and a lot of the procurement.
fn read_price_lot(d: &Data, procurement: &Procurement) -> Result<String, String> {
    let code = read_text(d).ok_or("anbudsområdets kod saknas för priset")?;
    match procurement.lot(&code) {
        Some(l) => Ok(l.code.clone()),
        None => Err(format!("\"{code}\" är inte ett anbudsområde i upphandlingen")),
    }
}

/// A price's zone: given, and a zone of the procurement.
fn read_price_zone(d: &Data, procurement: &Procurement) -> Result<u8, String> {
    let zone_numbers: Vec<u8> = procurement.zones.numbers().collect();
    match read_decimal(d)? {
        Some(z) if z.fract().is_zero() && z > Decimal::ZERO && zone_numbers.iter().any(|n| Decimal::from(*n) == z) => {
            Ok(u8::try_from(z).expect("small zone number"))
        }
        Some(z) => Err(format!("zon {} finns inte (zonerna är 1–{})", format_number(z), zone_numbers.len())),
        None => Err("zon saknas för priset".into()),
    }
}

/// A price stated: not negative.
fn read_price_value(d: &Data) -> Result<Option<Decimal>, String> {
    match read_decimal(d)? {
        Some(p) if p < Decimal::ZERO => Err(format!("{} är negativt; priset får inte vara negativt", format_number(p))),
        p => Ok(p),
    }
}

/// Parses a workbook's bytes into a bid, or every problem found. Pure apart from calamine's
/// in-memory reading. Every sheet is read, whatever the others hold, so that every problem is
/// reported at once.
pub fn parse_workbook(file: &str, bytes: &[u8], procurement: &Procurement) -> Result<Bid, Vec<CellError>> {
    let (names, mut range_of) = open_sheets(bytes).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let sheets = open_bid_sheets(&names, &mut range_of, &mut errors);
    let bidder = sheets.bidder.as_ref().map(|s| read_bidder_sheet(s, &mut errors)).unwrap_or_default();
    let answers = sheets.qualification.as_ref().map(|s| read_qualification_sheet(s, procurement, &mut errors)).unwrap_or_default();
    let assignments = sheets.assignments.as_ref().map(|s| read_assignments_sheet(s, &mut errors)).unwrap_or_default();
    let lots = sheets.lots.as_ref().map(|s| read_lots_sheet(s, procurement, &mut errors)).unwrap_or_default();
    let prices = sheets.prices.as_ref().map(|s| read_prices_sheet(s, procurement, &mut errors)).unwrap_or_default();

    let BidderPart { org_nr, name, contact, email, phone, bid_date, bid_date_cell } = bidder;
    match (errors.is_empty(), org_nr, name, bid_date) {
        (true, Some(org_nr), Some(name), Some(bid_date)) => Ok(Bid {
            file: file.to_string(),
            org_nr,
            name,
            contact,
            email,
            phone,
            bid_date,
            bid_date_cell,
            answers,
            assignments,
            lots,
            prices,
            espd: None,
        }),
        _ => {
            if errors.is_empty() {
                errors.push(CellError::sheet(SHEET_BIDDER, "obligatoriska uppgifter saknas"));
            }
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_stored_without_its_kind_is_known_by_its_message() {
        let old = |message: &str, sheet: Option<&str>| Rejection {
            file: "a.xlsx".into(),
            errors: vec![CellError { sheet: sheet.map(str::to_string), cell: None, message: message.into() }],
            bidder: None,
            kind: None,
            received: None,
        };
        assert_eq!(old("Ersatt: anbudet från A …", None).kind(), RejectionKind::Replaced);
        assert_eq!(old("Tvetydigt anbud: A …", None).kind(), RejectionKind::Ambiguous);
        assert_eq!(old("Ersatt", Some("Kvalificering")).kind(), RejectionKind::Unreadable);
        // A kind that was kept is the kind, whatever the message.
        let mut kept = old("Ersatt: …", None);
        kept.kind = Some(RejectionKind::Unreadable);
        assert_eq!(kept.kind(), RejectionKind::Unreadable);
    }

    #[test]
    fn zones_parse() {
        let z = [1, 2, 3, 4, 5, 6];
        assert_eq!(read_zones(&Data::String("1-6".into()), &z), Ok(vec![1, 2, 3, 4, 5, 6]));
        assert_eq!(read_zones(&Data::String("1, 2, 5".into()), &z), Ok(vec![1, 2, 5]));
        assert_eq!(read_zones(&Data::String("Alla".into()), &z), Ok(vec![1, 2, 3, 4, 5, 6]));
        assert_eq!(read_zones(&Data::String("2–3; 6".into()), &z), Ok(vec![2, 3, 6]));
        assert_eq!(read_zones(&Data::Float(3.0), &z), Ok(vec![3]));
        assert!(read_zones(&Data::String("1-9".into()), &z).unwrap_err().contains("zon 7 finns inte"));
        assert!(read_zones(&Data::String("norr".into()), &z).is_err());
    }

    #[test]
    fn dates_never_from_plain_numbers() {
        assert!(read_date(&Data::Float(46006.0)).is_err());
        assert!(read_date(&Data::Int(46006)).is_err());
        assert_eq!(read_date(&Data::String(" 2026-12-15 ".into())), Ok(NaiveDate::from_ymd_opt(2026, 12, 15)));
        assert!(read_date(&Data::String("15/12/2026".into())).is_err());
        assert!(read_date(&Data::String("2026-02-30".into())).is_err());
        assert_eq!(read_date(&Data::DateTimeIso("2026-12-15T00:00:00".into())), Ok(NaiveDate::from_ymd_opt(2026, 12, 15)));
    }

    #[test]
    fn numbers_from_cells() {
        assert_eq!(read_decimal(&Data::Float(7.000000000000001)), Ok(Some(Decimal::from(7))));
        assert_eq!(read_decimal(&Data::String("1 234 567,50 kr".into())), Ok(Some("1234567.50".parse().unwrap())));
        assert_eq!(read_decimal(&Data::String("tiotusen".into())), Err("\"tiotusen\" är inte ett tal".into()));
        assert_eq!(read_yes_no(&Data::String(" JA ".into())), Ok(Some(true)));
        assert_eq!(read_yes_no(&Data::Bool(false)), Ok(Some(false)));
        assert!(read_yes_no(&Data::String("kanske".into())).is_err());
    }

    #[test]
    fn a_date_cell_far_outside_the_calendar_is_not_a_date_and_does_not_panic() {
        use calamine::ExcelDateTimeType::DateTime;
        let cell = |v: f64, is_1904: bool| Data::DateTime(ExcelDateTime::new(v, DateTime, is_1904));
        // calamine hands these to chrono, which panics on the large negative ones.
        for v in [-1.0e300, -1.0e15, f64::NEG_INFINITY, f64::NAN, 1.0e300, f64::INFINITY, -0.5, MAX_EXCEL_SERIAL + 1.0] {
            for is_1904 in [false, true] {
                let read = std::panic::catch_unwind(|| read_date(&cell(v, is_1904)));
                let read = read.unwrap_or_else(|_| panic!("read_date panicked on {v}"));
                assert!(read.is_err(), "{v} is not a date: {read:?}");
                assert_eq!(std::panic::catch_unwind(|| read_text(&cell(v, is_1904))).expect("no panic"), None);
                assert!(std::panic::catch_unwind(|| show(&cell(v, is_1904))).is_ok());
            }
        }
        assert_eq!(read_date(&cell(46_023.0, false)), Ok(NaiveDate::from_ymd_opt(2026, 1, 1)));
        assert_eq!(read_date(&cell(MAX_EXCEL_SERIAL, false)), Ok(NaiveDate::from_ymd_opt(9999, 12, 31)));
    }
}
