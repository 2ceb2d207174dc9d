//! ESPD responses beside bid workbooks: reading a file within its limits, and pairing the
//! responses of a batch with the workbooks of the same organisation number (spec/espd.md). The
//! reading itself is `crate::espd` (pure); this reads the bytes, and nothing more than
//! `espd::MAX_BYTES` of them.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::espd::{self, EspdError, Kind, MappingReport};
use crate::model::bid::{file_name, sha256_hex};
use crate::model::espd::EspdAnswers;
use crate::model::orgnr::OrgNr;
use crate::model::procurement::Procurement;
use crate::model::rejection::{BidderIdentity, CellError, ReceivedFile, Rejection, RejectionKind};

/// A file that is not read: unusable as an argument (missing, a folder, unreadable), or refused
/// as a document (`EspdError`).
#[derive(Debug, thiserror::Error)]
pub enum EspdFileError {
    #[error("{0}")]
    Unusable(String),
    #[error("{file} {source}")]
    Refused { file: String, source: EspdError },
}

/// A file given among bids is taken for an ESPD document by its extension, `.xml`.
pub fn is_espd_path(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

/// The file's bytes: refused from its size (the file system's, before anything is read) when it
/// is over the limit, and never read beyond it, whatever the size claimed.
pub fn read_espd_bytes(path: &Path) -> Result<Vec<u8>, EspdFileError> {
    let shown = path.display().to_string();
    let unusable = |e: std::io::Error| EspdFileError::Unusable(format!("kan inte läsa {shown}: {}", crate::support::sv::io_error(&e)));
    let mut file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => EspdFileError::Unusable(format!("filen {shown} finns inte")),
        _ => unusable(e),
    })?;
    let meta = file.metadata().map_err(unusable)?;
    if !meta.is_file() {
        return Err(EspdFileError::Unusable(format!("{shown} är inte en fil")));
    }
    let too_large = |bytes: u64| EspdFileError::Refused { file: shown.clone(), source: EspdError::TooLarge { bytes } };
    if meta.len() > espd::MAX_BYTES as u64 {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&mut file).take(espd::MAX_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(unusable)?;
    if bytes.len() > espd::MAX_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// An ESPD response of a batch, read, waiting for its workbook.
#[derive(Debug, Clone)]
pub struct EspdFile {
    /// The file as given.
    pub label: String,
    pub org_nr: OrgNr,
    pub answers: EspdAnswers,
    pub report: MappingReport,
    pub bytes: Vec<u8>,
}

/// The ESPD files of a batch: those that can be paired by organisation number, and those
/// refused with the reason (as rejected files, named by the bidder when the file tells).
#[derive(Debug, Default)]
pub struct EspdBatch {
    pub by_org: HashMap<String, EspdFile>,
    pub rejected: Vec<(Rejection, Option<MappingReport>)>,
}

fn rejection(label: &str, message: String, bidder: Option<BidderIdentity>, bytes: Option<&[u8]>) -> Rejection {
    Rejection {
        file: label.to_string(),
        errors: vec![CellError::file(message)],
        bidder,
        kind: Some(RejectionKind::Unreadable),
        received: bytes.map(|b| Box::new(ReceivedFile { sha256: sha256_hex(b), bytes: b.to_vec() })),
    }
}

/// Reads every ESPD file of a batch. A file that cannot be read or is refused, a request, a
/// response without a Swedish organisation number, and two responses of one organisation number
/// (which one is the bidder's cannot be told) are rejected with the reason.
pub fn read_espd_batch(procurement: &Procurement, paths: &[PathBuf]) -> EspdBatch {
    let mut batch = EspdBatch::default();
    let mut read: Vec<EspdFile> = Vec::new();
    for path in paths {
        let label = path.to_string_lossy().to_string();
        let name = file_name(&label).to_string();
        let bytes = match read_espd_bytes(path) {
            Ok(b) => b,
            Err(EspdFileError::Unusable(m)) => {
                batch.rejected.push((rejection(&label, format!("ESPD-filen kan inte läsas: {m}."), None, None), None));
                continue;
            }
            Err(EspdFileError::Refused { source, .. }) => {
                batch.rejected.push((rejection(&label, format!("ESPD-filen {name} {source}."), None, None), None));
                continue;
            }
        };
        let doc = match espd::read(&bytes) {
            Ok(d) => d,
            Err(e) => {
                batch.rejected.push((rejection(&label, format!("ESPD-filen {name} {e}."), None, Some(&bytes)), None));
                continue;
            }
        };
        let report = espd::mapping_report(&doc, Some(procurement));
        if doc.kind == Kind::Request {
            let message = format!("{name} är en ESPD-begäran (upphandlarens frågor), inte ett ESPD-svar från en anbudsgivare.");
            batch.rejected.push((rejection(&label, message, None, Some(&bytes)), Some(report)));
            continue;
        }
        let eo_name = doc.economic_operator.as_ref().and_then(|e| e.name.clone());
        let Some(org_nr) = doc.economic_operator.as_ref().and_then(|e| e.org_nr.clone()) else {
            let bidder = eo_name.clone().map(|n| BidderIdentity { name: n, org_nr: None });
            let message = format!(
                "ESPD-svaret {name} anger inget svenskt organisationsnummer för den ekonomiska aktören, så det kan inte paras med en anbudsfil."
            );
            batch.rejected.push((rejection(&label, message, bidder, Some(&bytes)), Some(report)));
            continue;
        };
        let answers = espd::answers_of(&doc, &name, &sha256_hex(&bytes));
        read.push(EspdFile { label, org_nr, answers, report, bytes });
    }
    // Two responses of one organisation number: neither is paired.
    let mut count: HashMap<String, usize> = HashMap::new();
    for f in &read {
        *count.entry(f.org_nr.to_string()).or_default() += 1;
    }
    for f in read {
        let org = f.org_nr.to_string();
        if count[&org] > 1 {
            let message = format!(
                "Flera ESPD-svar i importen anger organisationsnummer {org}; vilket som hör till anbudet kan inte avgöras. Läs in det som gäller tillsammans med anbudsfilen."
            );
            let bidder = Some(BidderIdentity { name: f.answers.name.clone().unwrap_or_default(), org_nr: Some(org) });
            batch.rejected.push((rejection(&f.label, message, bidder, Some(&f.bytes)), Some(f.report)));
        } else {
            batch.by_org.insert(org, f);
        }
    }
    batch
}

/// The rejection of a response no workbook of the batch was paired with.
pub fn unpaired(f: &EspdFile) -> Rejection {
    let message = format!(
        "Ingen anbudsfil i samma import har organisationsnummer {} ({}); ett ESPD-svar läses in tillsammans med anbudsgivarens anbudsfil, som bär anbudsområden, zoner och priser.",
        f.org_nr,
        f.answers.name.as_deref().unwrap_or("namn saknas")
    );
    let bidder = Some(BidderIdentity {
        name: f.answers.name.clone().unwrap_or_default(),
        org_nr: Some(f.org_nr.to_string()),
    });
    rejection(&f.label, message, bidder, Some(&f.bytes))
}
