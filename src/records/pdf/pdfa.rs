//! Completing printpdf's output to PDF/A-2b (ISO 19005-2, level B).
//!
//! printpdf 0.12 (without its `text_layout` feature) writes a plain PDF 1.3:
//! no XMP metadata, no PDF/A output intent (it only knows a CMYK FOGRA39
//! intent with `/S /GTS_PDFX`, meant for PDF/X), a random file /ID, an Info
//! dictionary with PDF/X keys, and whole fonts. Here the lopdf document it
//! produces is finished:
//!
//! * header `%PDF-1.7` (lopdf writes the binary comment line after it);
//! * an Info dictionary with Title, Author, Subject, Creator, Producer,
//!   CreationDate and ModDate only, the dates taken from the document;
//! * an XMP metadata stream (uncompressed) with `pdfaid:part` 2 and
//!   `pdfaid:conformance` B and the same title, author, subject, tool,
//!   producer and dates as the Info dictionary;
//! * an output intent `/GTS_PDFA1` with an embedded sRGB ICC profile (all
//!   colours are DeviceRGB);
//! * a file /ID derived from the content (SHA-256), so equal input gives
//!   equal bytes;
//! * every stream but the metadata Flate-compressed.
//!
//! Font subsetting happens before printpdf sees the fonts (see `fonts.rs`):
//! the embedded `/FontFile2` programs hold only the glyphs used.

use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{Dictionary, Object, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::{Document, PdfError};

static SRGB_ICC: &[u8] = include_bytes!("icc/sRGB-v2-magic.icc");
const SRGB_IDENTIFIER: &str = "sRGB IEC61966-2.1";
/// Info /Creator and xmp:CreatorTool.
pub const CREATOR: &str = "Anbud";
/// Info /Producer and pdf:Producer.
pub const PRODUCER: &str = "Anbud PDF with printpdf 0.12 and lopdf 0.44";

/// A PDF text string: PDFDocEncoding-compatible ASCII as a literal,
/// anything else as UTF-16BE with a byte order mark.
fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet for `doc`.
pub(crate) fn xmp_packet(doc: &Document) -> String {
    let date = xmp_date(doc);
    let mut props = String::new();
    props.push_str("   <dc:format>application/pdf</dc:format>\n");
    props.push_str(&format!(
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        xml_escape(&doc.title)
    ));
    if !doc.author.is_empty() {
        props.push_str(&format!("   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n", xml_escape(&doc.author)));
    }
    if !doc.subject.is_empty() {
        props.push_str(&format!(
            "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            xml_escape(&doc.subject)
        ));
    }
    if !doc.language.is_empty() {
        props.push_str(&format!("   <dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n", xml_escape(&doc.language)));
    }
    props.push_str(&format!("   <xmp:CreateDate>{date}</xmp:CreateDate>\n"));
    props.push_str(&format!("   <xmp:ModifyDate>{date}</xmp:ModifyDate>\n"));
    props.push_str(&format!("   <xmp:MetadataDate>{date}</xmp:MetadataDate>\n"));
    props.push_str(&format!("   <xmp:CreatorTool>{}</xmp:CreatorTool>\n", xml_escape(CREATOR)));
    props.push_str(&format!("   <pdf:Producer>{}</pdf:Producer>\n", xml_escape(PRODUCER)));
    props.push_str("   <pdfaid:part>2</pdfaid:part>\n");
    props.push_str("   <pdfaid:conformance>B</pdfaid:conformance>\n");
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         \x20<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         \x20 <rdf:Description rdf:about=\"\"\n\
         \x20   xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
         \x20   xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
         \x20   xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n\
         \x20   xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
         {props}\
         \x20 </rdf:Description>\n\
         \x20</rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"w\"?>"
    )
}

fn xmp_date(doc: &Document) -> String {
    format!("{}T00:00:00+00:00", doc.date.format("%Y-%m-%d"))
}

fn pdf_date(doc: &Document) -> String {
    format!("D:{}000000+00'00'", doc.date.format("%Y%m%d"))
}

fn deflate(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut enc = ZlibEncoder::new(Vec::with_capacity(data.len() / 2), Compression::default());
    enc.write_all(data).map_err(|e| PdfError::Write(e.to_string()))?;
    enc.finish().map_err(|e| PdfError::Write(e.to_string()))
}

/// Turn printpdf's output into a PDF/A-2b document (see the module docs).
pub(crate) fn make_pdfa(lo: &mut lopdf::Document, doc: &Document) -> Result<(), PdfError> {
    lo.version = "1.7".to_string();

    // A content fingerprint for the file identifier, taken before anything
    // is compressed: every stream's bytes plus the metadata.
    let mut hasher = Sha256::new();
    for (id, obj) in &lo.objects {
        if let Object::Stream(s) = obj {
            hasher.update(id.0.to_be_bytes());
            hasher.update((s.content.len() as u64).to_be_bytes());
            hasher.update(&s.content);
        }
    }
    let xmp = xmp_packet(doc);
    hasher.update(xmp.as_bytes());
    let digest = hasher.finalize();
    let file_id = digest[..16].to_vec();

    // Info dictionary: only keys with an XMP equivalent, dates from the document.
    let date = pdf_date(doc);
    let mut info = Dictionary::new();
    info.set("Title", text_string(&doc.title));
    if !doc.author.is_empty() {
        info.set("Author", text_string(&doc.author));
    }
    if !doc.subject.is_empty() {
        info.set("Subject", text_string(&doc.subject));
    }
    info.set("Creator", text_string(CREATOR));
    info.set("Producer", text_string(PRODUCER));
    info.set("CreationDate", Object::String(date.clone().into_bytes(), StringFormat::Literal));
    info.set("ModDate", Object::String(date.into_bytes(), StringFormat::Literal));
    let info_id = match lo.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            lo.objects.insert(id, Object::Dictionary(info));
            id
        }
        Err(_) => lo.add_object(info),
    };
    lo.trailer.set("Info", Object::Reference(info_id));

    // XMP metadata: must stay unfiltered.
    let mut meta_dict = Dictionary::new();
    meta_dict.set("Type", Object::Name(b"Metadata".to_vec()));
    meta_dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let metadata_id = lo.add_object(Stream::new(meta_dict, xmp.into_bytes()).with_compression(false));

    // sRGB output intent.
    let mut icc_dict = Dictionary::new();
    icc_dict.set("N", Object::Integer(3));
    let icc_id = lo.add_object(Stream::new(icc_dict, SRGB_ICC.to_vec()));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set("OutputConditionIdentifier", text_string(SRGB_IDENTIFIER));
    intent.set("RegistryName", text_string("http://www.color.org"));
    intent.set("Info", text_string(SRGB_IDENTIFIER));
    intent.set("DestOutputProfile", Object::Reference(icc_id));

    let root_id = lo.trailer.get(b"Root").and_then(Object::as_reference).map_err(|e| PdfError::Write(format!("no catalog: {e}")))?;
    let catalog = lo.get_object_mut(root_id).and_then(Object::as_dict_mut).map_err(|e| PdfError::Write(format!("no catalog: {e}")))?;
    catalog.set("Metadata", Object::Reference(metadata_id));
    catalog.set("OutputIntents", Object::Array(vec![Object::Dictionary(intent)]));
    if !doc.language.is_empty() {
        catalog.set("Lang", text_string(&doc.language));
    }
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));

    // Deterministic file identifier (both parts equal: first version).
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(file_id.clone(), StringFormat::Hexadecimal),
            Object::String(file_id, StringFormat::Hexadecimal),
        ]),
    );

    // Compress every stream except the metadata.
    for (id, obj) in lo.objects.iter_mut() {
        if *id == metadata_id {
            continue;
        }
        if let Object::Stream(s) = obj {
            if s.dict.has(b"Filter") || s.content.len() < 64 {
                continue;
            }
            let packed = deflate(&s.content)?;
            if packed.len() < s.content.len() {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(packed);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn text_strings() {
        assert_eq!(text_string("abc"), Object::String(b"abc".to_vec(), StringFormat::Literal));
        match text_string("Å") {
            Object::String(b, StringFormat::Hexadecimal) => {
                assert_eq!(b, vec![0xFE, 0xFF, 0x00, 0xC5])
            }
            o => panic!("{o:?}"),
        }
    }

    #[test]
    fn xmp_escapes_and_claims_pdfa_2b() {
        let mut d = Document::new("A & B <Östergötland>", NaiveDate::from_ymd_opt(2026, 12, 21).unwrap());
        d.author = "Region Östergötland".into();
        let x = xmp_packet(&d);
        assert!(x.contains("A &amp; B &lt;Östergötland&gt;"));
        assert!(x.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(x.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(x.contains("<xmp:CreateDate>2026-12-21T00:00:00+00:00</xmp:CreateDate>"));
        assert_eq!(pdf_date(&d), "D:20261221000000+00'00'");
    }
}
