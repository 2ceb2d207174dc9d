//! PDF/A-2b checks shared by the PDF tests.

use anbud::records::pdf::{Layout, Placed};
use lopdf::Object;

/// The PDF/A-2b essentials, checked structurally with lopdf.
pub fn assert_pdfa_2b(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-1.7\n%"), "header");
    assert!(bytes[10..14].iter().all(|b| *b >= 128), "binary comment after the header");
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    assert!(doc.trailer.get(b"Encrypt").is_err(), "no encryption");
    let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(id.len(), 2);
    let catalog = doc.catalog().unwrap();

    // XMP metadata, unfiltered, claiming PDF/A-2b, consistent with Info.
    let meta_ref = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let meta = doc.get_object(meta_ref).unwrap().as_stream().unwrap();
    assert!(meta.dict.get(b"Filter").is_err(), "metadata must not be filtered");
    assert_eq!(meta.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"XML");
    let xmp = String::from_utf8(meta.content.clone()).unwrap();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(xmp.contains("<xmp:CreateDate>2026-12-21T00:00:00+00:00</xmp:CreateDate>"));
    let info_ref = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_ref).unwrap();
    assert_eq!(info.get(b"CreationDate").unwrap().as_str().unwrap(), b"D:20261221000000+00'00'");
    assert_eq!(info.get(b"ModDate").unwrap().as_str().unwrap(), b"D:20261221000000+00'00'");
    let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert!(xmp.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")));
    let producer = lopdf::decode_text_string(info.get(b"Producer").unwrap()).unwrap();
    assert!(xmp.contains(&format!("<pdf:Producer>{producer}</pdf:Producer>")));

    // Output intent GTS_PDFA1 with an embedded RGB ICC profile.
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let intent = intents[0].as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let icc_ref = intent.get(b"DestOutputProfile").unwrap().as_reference().unwrap();
    let icc = doc.get_object(icc_ref).unwrap().as_stream().unwrap();
    assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    let profile = icc.decompressed_content().unwrap_or_else(|_| icc.content.clone());
    assert_eq!(&profile[36..40], b"acsp", "ICC signature");
    assert_eq!(&profile[16..20], b"RGB ", "RGB profile");

    // Every font is a Type0/CIDFontType2 with an embedded FontFile2, a
    // ToUnicode map and CIDToGIDMap.
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice()) {
            continue;
        }
        if dict.get(b"Subtype").unwrap().as_name().unwrap() != b"Type0" {
            panic!("unexpected font {dict:?}");
        }
        fonts += 1;
        assert!(dict.get(b"ToUnicode").is_ok());
        let descendants = dict.get(b"DescendantFonts").unwrap().as_array().unwrap();
        let cid = match &descendants[0] {
            Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
            o => o.as_dict().unwrap(),
        };
        assert_eq!(cid.get(b"Subtype").unwrap().as_name().unwrap(), b"CIDFontType2");
        assert_eq!(cid.get(b"CIDToGIDMap").unwrap().as_name().unwrap(), b"Identity");
        let fd = doc.get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap()).unwrap();
        let ff = fd.get(b"FontFile2").unwrap().as_reference().unwrap();
        let program = doc.get_object(ff).unwrap().as_stream().unwrap();
        assert!(!program.content.is_empty());
        let name = fd.get(b"FontName").unwrap().as_name().unwrap();
        assert_eq!(name[6], b'+', "subset tag");
    }
    assert!(fonts >= 1);

    // No wall clock, no transparency groups, no JavaScript.
    let raw = String::from_utf8_lossy(bytes);
    for forbidden in ["/JavaScript", "/JS ", "/Encrypt", "/EmbeddedFile"] {
        assert!(!raw.contains(forbidden), "{forbidden}");
    }
}

/// The zpdf-document PDF/A-2b validator (best effort: structure, XMP,
/// output intent, font embedding, forbidden features).
pub fn assert_zpdf_conforms(bytes: &[u8]) {
    use zpdf_document::pdfa::{validate, Profile};
    let file = zpdf_parser::PdfFile::parse(bytes.to_vec()).expect("zpdf parses the file");
    let report = validate(&file, Profile::A2b);
    assert_eq!(report.claimed, Some(("2".to_string(), "B".to_string())));
    let violations: Vec<String> = report.violations.iter().map(|v| format!("{}: {}", v.rule, v.message)).collect();
    assert!(report.conforms(), "PDF/A-2b violations: {violations:#?}");
}

/// Every placed text box, line and fill lies inside the page margins.
pub fn all_within_margins(layout: &Layout) {
    let right = layout.page_width - layout.margin_right;
    let bottom = layout.page_height - layout.margin_bottom;
    for (i, page) in layout.pages.iter().enumerate() {
        for item in &page.items {
            match item {
                Placed::Text(t) => {
                    assert!(t.x >= layout.margin_left - 0.01, "page {}: {t:?}", i + 1);
                    assert!(t.x + t.width <= right + 0.01, "page {}: {t:?}", i + 1);
                    assert!(t.top >= layout.margin_top - 0.01, "page {}: {t:?}", i + 1);
                    assert!(t.top + t.height <= bottom + 0.01, "page {}: {t:?}", i + 1);
                }
                Placed::Line { x1, y1, x2, y2, .. } => {
                    for (x, y) in [(x1, y1), (x2, y2)] {
                        assert!(*x >= layout.margin_left - 0.01 && *x <= right + 0.01);
                        assert!(*y >= layout.margin_top - 0.01 && *y <= bottom + 0.01);
                    }
                }
                Placed::Fill { x, y, width, height, .. } => {
                    assert!(*x >= layout.margin_left - 0.01 && x + width <= right + 0.01);
                    assert!(*y >= layout.margin_top - 0.01 && y + height <= bottom + 0.01);
                }
            }
        }
    }
}
