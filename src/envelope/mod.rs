//! Sealed files that leave the coordinator's database and come back: the working group's review
//! packages and their responses (docs/review.md). Encryption is `age` (scrypt passphrase for a
//! package, X25519 for a response and for the reviewer's saved work); nothing here is home-made
//! cryptography. What is inside is the use cases' business: this part seals and opens bytes.
//!
//! A sealed file is three parts:
//! ```text
//! ANBUD-GRANSKNINGSPAKET 1\n          (or ANBUD-GRANSKNINGSSVAR 1, ANBUD-GRANSKNINGSUTKAST 1)
//! {"procurement":"…","package":"…","response":"…","sha256":"…"}\n
//! <age file>
//! ```
//! The clear header says which procurement and package the file belongs to, so a file for the
//! wrong one is refused with that reason before any key is tried; its `sha256` is the digest of
//! the age file, so a file changed on the way is told apart from a wrong passphrase. Neither is
//! what protects the file: age's own authentication does, and the sealed content repeats the
//! header's ids, which the use cases compare with it after opening.
//!
//! Never here: a database, a path, a clock, a key derivation weakened below age's default.

use std::io::{Read, Write};

use age::secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::error_code::ErrorCode;

/// The kinds of sealed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A review package: the coordinator to one member, sealed with a passphrase.
    Package,
    /// A member's response: back to the coordinator, sealed to the package's response key.
    Response,
    /// A member's saved work in progress, on the member's own laptop, sealed to a key inside the
    /// package.
    Draft,
}

impl Kind {
    fn magic(self) -> &'static str {
        match self {
            Kind::Package => "ANBUD-GRANSKNINGSPAKET 1",
            Kind::Response => "ANBUD-GRANSKNINGSSVAR 1",
            Kind::Draft => "ANBUD-GRANSKNINGSUTKAST 1",
        }
    }

    fn label_sv(self) -> &'static str {
        match self {
            Kind::Package => "ett granskningspaket",
            Kind::Response => "ett granskningssvar",
            Kind::Draft => "ett sparat granskningsutkast",
        }
    }
}

/// The clear header of a sealed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The procurement's id (diarienummer).
    pub procurement: String,
    /// The package's id (32 hex digits, random).
    pub package: String,
    /// The response's id, for a response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// SHA-256 of the age file that follows, lowercase hex.
    #[serde(default)]
    pub sha256: String,
}

/// Why a sealed file could not be opened. Each message is one Swedish sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("Filen är inte {0} från Anbud.")]
    NotThisKind(&'static str),
    #[error("Filen har ändrats efter att den skrevs, eller är skadad; den kan inte användas. Be om en ny fil.")]
    Altered,
    #[error("Lösenfrasen stämmer inte för granskningspaketet.")]
    WrongPassphrase,
    #[error("Filen kan inte öppnas med den här databasens nycklar: {0}")]
    WrongKey(String),
    #[error("Filen är för stor för {0} ({1} byte, högst {2}).")]
    TooLarge(&'static str, u64, u64),
    #[error("Filen kunde inte förseglas: {0}")]
    Seal(String),
}

impl EnvelopeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            EnvelopeError::WrongPassphrase => ErrorCode::WrongPassphrase,
            EnvelopeError::Altered => ErrorCode::FileAltered,
            EnvelopeError::Seal(_) => ErrorCode::Internal,
            _ => ErrorCode::Refused,
        }
    }
}

/// The largest sealed file read (a package for 500 suppliers is a few MB).
pub const MAX_SEALED_BYTES: u64 = 256 * 1024 * 1024;
const MAX_HEADER_BYTES: usize = 4096;

/// A new random id: 32 lowercase hex digits from the operating system's random source.
pub fn new_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A passphrase of eight words from the BIP 39 English word list, drawn from the operating
/// system's random source: 88 bits, read aloud over the phone.
pub fn generate_passphrase() -> String {
    use rand::Rng;
    let words = bip39::Language::English.word_list();
    let mut rng = rand::rngs::OsRng;
    (0..8).map(|_| words[rng.gen_range(0..words.len())]).collect::<Vec<_>>().join("-")
}

/// A new key pair for sealing to: (secret identity "AGE-SECRET-KEY-1…", public recipient "age1…").
pub fn new_key_pair() -> (String, String) {
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    (identity.to_string().expose_secret().to_string(), public)
}

/// The public recipient of a secret identity.
pub fn recipient_of(identity: &str) -> Result<String, EnvelopeError> {
    let id: age::x25519::Identity = identity.parse().map_err(|e: &str| EnvelopeError::WrongKey(e.to_string()))?;
    Ok(id.to_public().to_string())
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// What is sealed: the header (without its digest) on the first line, then the content; opening
/// checks that the sealed header is the clear one, so neither can be changed alone.
fn inner(header: &Header, plaintext: &[u8]) -> Vec<u8> {
    let mut h = header.clone();
    h.sha256 = String::new();
    let mut out = serde_json::to_vec(&h).expect("a header serializes");
    out.push(b'\n');
    out.extend_from_slice(plaintext);
    out
}

fn unwrap_inner(header: &Header, opened: Vec<u8>) -> Result<Vec<u8>, EnvelopeError> {
    let end = opened.iter().position(|&b| b == b'\n').ok_or(EnvelopeError::Altered)?;
    let sealed: Header = serde_json::from_slice(&opened[..end]).map_err(|_| EnvelopeError::Altered)?;
    let mut clear = header.clone();
    clear.sha256 = String::new();
    if sealed != clear {
        return Err(EnvelopeError::Altered);
    }
    Ok(opened[end + 1..].to_vec())
}

fn assemble(kind: Kind, mut header: Header, sealed: Vec<u8>) -> Vec<u8> {
    header.sha256 = sha256_hex(&sealed);
    let mut out = Vec::with_capacity(sealed.len() + 256);
    out.extend_from_slice(kind.magic().as_bytes());
    out.push(b'\n');
    out.extend_from_slice(serde_json::to_string(&header).expect("a header serializes").as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&sealed);
    out
}

/// Reads the clear header of a sealed file of `kind` and checks the digest of what follows:
/// `Altered` when it does not match. Returns the header and the age file.
pub fn read_header(kind: Kind, bytes: &[u8]) -> Result<(Header, &[u8]), EnvelopeError> {
    if bytes.len() as u64 > MAX_SEALED_BYTES {
        return Err(EnvelopeError::TooLarge(kind.label_sv(), bytes.len() as u64, MAX_SEALED_BYTES));
    }
    let magic = kind.magic().as_bytes();
    let Some(rest) = bytes.strip_prefix(magic).and_then(|r| r.strip_prefix(b"\n")) else {
        // The magic of another kind (or of nothing from Anbud).
        let known = [Kind::Package, Kind::Response, Kind::Draft].iter().any(|k| bytes.starts_with(k.magic().as_bytes()));
        let altered = !known && bytes.len() > 12 && bytes.starts_with(b"ANBUD-GRANSKNING");
        return Err(if altered { EnvelopeError::Altered } else { EnvelopeError::NotThisKind(kind.label_sv()) });
    };
    let end = rest.iter().take(MAX_HEADER_BYTES).position(|&b| b == b'\n').ok_or(EnvelopeError::Altered)?;
    let header: Header = serde_json::from_slice(&rest[..end]).map_err(|_| EnvelopeError::Altered)?;
    let sealed = &rest[end + 1..];
    if header.sha256 != sha256_hex(sealed) {
        return Err(EnvelopeError::Altered);
    }
    Ok((header, sealed))
}

/// Seals `plaintext` as a package with a passphrase (age scrypt at its default work factor,
/// about a second on these machines: slow on purpose).
pub fn seal_with_passphrase(header: Header, passphrase: &str, plaintext: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_string()));
    let sealed = age::encrypt(&recipient, &inner(&header, plaintext)).map_err(|e| EnvelopeError::Seal(e.to_string()))?;
    Ok(assemble(Kind::Package, header, sealed))
}

/// Opens a package with its passphrase.
pub fn open_with_passphrase(bytes: &[u8], passphrase: &str) -> Result<(Header, Vec<u8>), EnvelopeError> {
    let (header, sealed) = read_header(Kind::Package, bytes)?;
    let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_string()));
    let plaintext = decrypt(&identity, sealed).map_err(|e| match e {
        // The digest held, so the file is as written: a key that does not fit is the passphrase.
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys | age::DecryptError::KeyDecryptionFailed => {
            EnvelopeError::WrongPassphrase
        }
        _ => EnvelopeError::Altered,
    })?;
    let plaintext = unwrap_inner(&header, plaintext)?;
    Ok((header, plaintext))
}

/// Seals `plaintext` to a public recipient ("age1…"): a response, or a draft.
pub fn seal_to(kind: Kind, header: Header, recipient: &str, plaintext: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let recipient: age::x25519::Recipient =
        recipient.parse().map_err(|e: &str| EnvelopeError::Seal(format!("mottagarnyckeln kan inte läsas: {e}")))?;
    let sealed = age::encrypt(&recipient, &inner(&header, plaintext)).map_err(|e| EnvelopeError::Seal(e.to_string()))?;
    Ok(assemble(kind, header, sealed))
}

/// Opens the age file of a sealed file (after [`read_header`], whose header it is) with a secret
/// identity.
pub fn open_with_identity(header: &Header, sealed: &[u8], identity: &str) -> Result<Vec<u8>, EnvelopeError> {
    unwrap_inner(header, open_age(sealed, identity)?)
}

fn open_age(sealed: &[u8], identity: &str) -> Result<Vec<u8>, EnvelopeError> {
    let identity: age::x25519::Identity = identity.parse().map_err(|e: &str| EnvelopeError::WrongKey(e.to_string()))?;
    decrypt(&identity, sealed).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => {
            EnvelopeError::WrongKey("den är inte förseglad till det granskningspaket den uppger".into())
        }
        _ => EnvelopeError::Altered,
    })
}

fn decrypt(identity: &dyn age::Identity, sealed: &[u8]) -> Result<Vec<u8>, age::DecryptError> {
    let decryptor = age::Decryptor::new_buffered(sealed)?;
    let mut reader = decryptor.decrypt(std::iter::once(identity))?;
    let mut out = Vec::new();
    reader.read_to_end(&mut out)?;
    Ok(out)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place:
/// a crash leaves the old file or the new one, never half of either.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", new_id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            procurement: "RÖ 2026-01".into(),
            package: new_id(),
            response: None,
            sha256: String::new(),
        }
    }

    #[test]
    fn a_response_round_trips_and_a_flipped_byte_anywhere_is_refused() {
        let (identity, recipient) = new_key_pair();
        let sealed = seal_to(Kind::Response, header(), &recipient, "Vårdbemanning Norr AB".as_bytes()).unwrap();
        let (h, age_file) = read_header(Kind::Response, &sealed).unwrap();
        assert_eq!(h.procurement, "RÖ 2026-01");
        assert_eq!(open_with_identity(&h, age_file, &identity).unwrap(), "Vårdbemanning Norr AB".as_bytes());
        assert!(!sealed.windows(8).any(|w| w == "Vårdbe".as_bytes()), "the content is not in clear");
        for i in (0..sealed.len()).step_by(7) {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            let result = read_header(Kind::Response, &bad).and_then(|(h, f)| open_with_identity(&h, f, &identity));
            assert!(result.is_err(), "byte {i} flipped was accepted");
        }
    }

    #[test]
    fn another_key_is_not_taken_for_tampering() {
        let (_, recipient) = new_key_pair();
        let (other, _) = new_key_pair();
        let sealed = seal_to(Kind::Response, header(), &recipient, b"x").unwrap();
        let (h, f) = read_header(Kind::Response, &sealed).unwrap();
        assert!(matches!(open_with_identity(&h, f, &other), Err(EnvelopeError::WrongKey(_))));
    }

    #[test]
    fn a_package_opens_with_its_passphrase_only_and_a_changed_one_is_altered() {
        let phrase = generate_passphrase();
        assert_eq!(phrase.split('-').count(), 8);
        let sealed = seal_with_passphrase(header(), &phrase, b"hemligt anbud").unwrap();
        assert_eq!(open_with_passphrase(&sealed, &phrase).unwrap().1, b"hemligt anbud");
        assert_eq!(open_with_passphrase(&sealed, "fel fras").unwrap_err(), EnvelopeError::WrongPassphrase);
        let mut bad = sealed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x80;
        assert_eq!(open_with_passphrase(&bad, &phrase).unwrap_err(), EnvelopeError::Altered);
        assert_eq!(open_with_passphrase(b"PK\x03\x04", &phrase).unwrap_err(), EnvelopeError::NotThisKind("ett granskningspaket"));
        let response = seal_to(Kind::Response, header(), &new_key_pair().1, b"x").unwrap();
        assert!(matches!(open_with_passphrase(&response, &phrase), Err(EnvelopeError::NotThisKind(_))));
    }

    #[test]
    fn ids_and_passphrases_are_not_repeated() {
        assert_ne!(new_id(), new_id());
        assert_eq!(new_id().len(), 32);
        assert_ne!(generate_passphrase(), generate_passphrase());
    }
}
