//! PDF/A-2a and PDF/UA-1 checks shared by the PDF tests: the file's
//! essentials read with lopdf, zpdf-document's PDF/A and PDF/UA validators,
//! and the structure tree read back against the content streams.

use std::collections::{BTreeMap, BTreeSet};

use anbud::records::pdf::{Layout, Placed};
use lopdf::Object;
use zpdf_document::structure::{parse_struct_tree, StructElem, StructKid, StructRole};

/// The PDF/A-2a and PDF/UA-1 essentials, checked structurally with lopdf.
pub fn assert_pdfa_2a_ua1(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-1.7\n%"), "header");
    assert!(bytes[10..14].iter().all(|b| *b >= 128), "binary comment after the header");
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    assert!(doc.trailer.get(b"Encrypt").is_err(), "no encryption");
    let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(id.len(), 2);
    let catalog = doc.catalog().unwrap();

    // XMP metadata, unfiltered, claiming PDF/A-2a and PDF/UA-1, consistent with Info.
    let meta_ref = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let meta = doc.get_object(meta_ref).unwrap().as_stream().unwrap();
    assert!(meta.dict.get(b"Filter").is_err(), "metadata must not be filtered");
    assert_eq!(meta.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"XML");
    let xmp = String::from_utf8(meta.content.clone()).unwrap();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"), "{xmp}");
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains("<xmp:CreateDate>2026-12-21T00:00:00+00:00</xmp:CreateDate>"), "{xmp}");
    assert!(xmp.contains("<dc:language><rdf:Bag><rdf:li>sv-SE</rdf:li></rdf:Bag></dc:language>"), "{xmp}");
    let info_ref = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_ref).unwrap();
    assert_eq!(info.get(b"CreationDate").unwrap().as_str().unwrap(), b"D:20261221000000Z");
    assert_eq!(info.get(b"ModDate").unwrap().as_str().unwrap(), b"D:20261221000000Z");
    let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert!(!title.is_empty());
    assert!(xmp.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")), "{title}");
    let producer = lopdf::decode_text_string(info.get(b"Producer").unwrap()).unwrap();
    assert!(xmp.contains(&format!("<pdf:Producer>{producer}</pdf:Producer>")));

    // Tagged, in Swedish, its title shown in the window, with bookmarks.
    let mark_info = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    assert_eq!(lopdf::decode_text_string(catalog.get(b"Lang").unwrap()).unwrap(), "sv-SE");
    let prefs = catalog.get(b"ViewerPreferences").unwrap().as_dict().unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    assert!(catalog.get(b"Outlines").is_ok(), "bookmarks from the headings");

    // Output intent GTS_PDFA1 with an embedded RGB ICC profile.
    let intents = match catalog.get(b"OutputIntents").unwrap() {
        Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap().clone(),
        o => o.as_array().unwrap().clone(),
    };
    assert_eq!(intents.len(), 1);
    let intent = match &intents[0] {
        Object::Reference(r) => doc.get_dictionary(*r).unwrap().clone(),
        o => o.as_dict().unwrap().clone(),
    };
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let icc_ref = intent.get(b"DestOutputProfile").unwrap().as_reference().unwrap();
    let icc = doc.get_object(icc_ref).unwrap().as_stream().unwrap();
    assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    let profile = icc.decompressed_content().unwrap_or_else(|_| icc.content.clone());
    assert_eq!(&profile[36..40], b"acsp", "ICC signature");
    assert_eq!(&profile[16..20], b"RGB ", "RGB profile");

    // Every font is a Type0/CIDFontType2 with an embedded subset FontFile2
    // and a ToUnicode map.
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice()) {
            continue;
        }
        match dict.get(b"Subtype").unwrap().as_name().unwrap() {
            b"Type0" => {}
            // The descendant of a Type0 font, checked through it.
            b"CIDFontType2" => continue,
            _ => panic!("unexpected font {dict:?}"),
        }
        fonts += 1;
        assert!(dict.get(b"ToUnicode").is_ok());
        let descendants = dict.get(b"DescendantFonts").unwrap().as_array().unwrap();
        let cid = match &descendants[0] {
            Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
            o => o.as_dict().unwrap(),
        };
        assert_eq!(cid.get(b"Subtype").unwrap().as_name().unwrap(), b"CIDFontType2");
        let fd = doc.get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap()).unwrap();
        let ff = fd.get(b"FontFile2").unwrap().as_reference().unwrap();
        let program = doc.get_object(ff).unwrap().as_stream().unwrap();
        assert!(!program.content.is_empty());
        let name = fd.get(b"FontName").unwrap().as_name().unwrap();
        assert_eq!(name[6], b'+', "subset tag");
    }
    assert!(fonts >= 1);

    // No wall clock, no JavaScript, nothing embedded.
    let raw = String::from_utf8_lossy(bytes);
    for forbidden in ["/JavaScript", "/JS ", "/Encrypt", "/EmbeddedFile"] {
        assert!(!raw.contains(forbidden), "{forbidden}");
    }
}

/// zpdf-document's PDF/A-2b validator (the file-level rules it knows:
/// structure, XMP, output intent, font embedding, forbidden features) and
/// its PDF/UA-1 validator (tagged, a structure tree, the language, headings,
/// standard roles, tables of rows of cells, every page in the structure).
pub fn assert_zpdf_conforms(bytes: &[u8]) {
    use zpdf_document::{pdfa, pdfua};
    let file = zpdf_parser::PdfFile::parse(bytes.to_vec()).expect("zpdf parses the file");
    let report = pdfa::validate(&file, pdfa::Profile::A2b);
    assert_eq!(report.claimed, Some(("2".to_string(), "A".to_string())));
    let violations: Vec<String> = report.violations.iter().map(|v| format!("{}: {}", v.rule, v.message)).collect();
    assert!(report.conforms(), "PDF/A-2 violations: {violations:#?}");
    let report = pdfua::validate(&file, pdfua::Profile::Ua1);
    let violations: Vec<String> = report.violations.iter().map(|v| format!("{}: {}", v.rule, v.message)).collect();
    assert!(report.conforms(), "PDF/UA-1 violations: {violations:#?}");
}

/// What the structure tree holds, read back from the file.
#[derive(Debug, Default)]
pub struct Structure {
    /// The headings in tree order: level and title.
    pub headings: Vec<(u8, String)>,
    pub paragraphs: usize,
    pub lists: usize,
    pub list_items: usize,
    pub tables: usize,
    /// Header cells of all tables.
    pub header_cells: usize,
    pub data_cells: usize,
    /// For each header cell, the pages its content is on.
    pub header_cell_pages: Vec<BTreeSet<usize>>,
}

fn heading_level(role: &StructRole) -> Option<u8> {
    Some(match role {
        StructRole::H1 => 1,
        StructRole::H2 => 2,
        StructRole::H3 => 3,
        StructRole::H4 => 4,
        StructRole::H5 => 5,
        StructRole::H6 => 6,
        _ => return None,
    })
}

/// Read the structure tree back and hold it against the pages:
/// * every table is rows of cells, its first row header cells (`TH`, column
///   scope) and only its first, the other rows data cells;
/// * every list item is a label and a body;
/// * every marked-content sequence of the pages belongs to exactly one
///   element of the tree, and every one the tree names is on its page;
/// * on every page, everything painted (text, lines, fills) is either inside
///   a marked-content sequence of the tree or an artifact.
pub fn tagged_structure(bytes: &[u8]) -> Structure {
    let file = zpdf_parser::PdfFile::parse(bytes.to_vec()).expect("zpdf parses the file");
    let catalog = zpdf_document::Catalog::from_trailer(&file).unwrap();
    let tree = parse_struct_tree(&file, &catalog).expect("a structure tree");
    assert!(tree.marked);

    let mut out = Structure::default();
    let mut in_tree: BTreeMap<(usize, i64), usize> = BTreeMap::new();
    fn walk(e: &StructElem, out: &mut Structure, in_tree: &mut BTreeMap<(usize, i64), usize>) {
        for kid in &e.kids {
            if let StructKid::MarkedContent { page, mcid } = kid {
                *in_tree.entry((page.expect("the page of a marked-content kid"), *mcid)).or_default() += 1;
            }
        }
        if let Some(level) = heading_level(&e.role) {
            out.headings.push((level, e.title.clone().unwrap_or_default()));
        }
        match e.role {
            StructRole::P => out.paragraphs += 1,
            StructRole::L => {
                out.lists += 1;
                for item in e.child_elements() {
                    assert_eq!(item.role, StructRole::Li, "a list holds list items");
                    out.list_items += 1;
                    let parts: Vec<_> = item.child_elements().map(|p| p.role.clone()).collect();
                    assert!(!parts.is_empty() && parts.iter().all(|r| matches!(r, StructRole::Lbl | StructRole::LBody)), "{parts:?}");
                }
            }
            StructRole::Table => {
                out.tables += 1;
                let rows: Vec<_> = e.child_elements().collect();
                assert!(!rows.is_empty());
                for (i, row) in rows.iter().enumerate() {
                    assert_eq!(row.role, StructRole::Tr, "a table holds rows");
                    for cell in row.child_elements() {
                        if i == 0 {
                            assert_eq!(cell.role, StructRole::Th, "the first row of a table is its header");
                            out.header_cells += 1;
                            out.header_cell_pages.push(
                                cell.kids
                                    .iter()
                                    .filter_map(|k| match k {
                                        StructKid::MarkedContent { page, .. } => *page,
                                        _ => None,
                                    })
                                    .collect(),
                            );
                        } else {
                            assert_eq!(cell.role, StructRole::Td, "row {i} holds data cells");
                            out.data_cells += 1;
                        }
                    }
                }
            }
            _ => {}
        }
        for child in e.child_elements() {
            walk(child, out, in_tree);
        }
    }
    for e in &tree.children {
        walk(e, &mut out, &mut in_tree);
    }
    for (key, n) in &in_tree {
        assert_eq!(*n, 1, "marked content {key:?} belongs to {n} elements");
    }

    // The pages: what is painted is tagged or an artifact.
    let lo = lopdf::Document::load_mem(bytes).unwrap();
    let mut on_pages: BTreeSet<(usize, i64)> = BTreeSet::new();
    for (pi, page_id) in lo.get_pages().values().enumerate() {
        let content = lopdf::content::Content::decode(&lo.get_page_content(*page_id)).unwrap();
        // The open marked-content sequences: Some(mcid) or None for an artifact.
        let mut open: Vec<Option<i64>> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let tag = op.operands[0].as_name().unwrap();
                    if tag == b"Artifact" {
                        open.push(None);
                    } else {
                        let props = op.operands.get(1).and_then(|o| o.as_dict().ok()).expect("tagged content has properties");
                        let mcid = props.get(b"MCID").unwrap().as_i64().unwrap();
                        assert!(open.is_empty(), "marked content is not nested here");
                        assert!(on_pages.insert((pi, mcid)), "MCID {mcid} twice on page {}", pi + 1);
                        open.push(Some(mcid));
                    }
                }
                "EMC" => {
                    open.pop().expect("EMC without BDC");
                }
                "Tj" | "TJ" | "'" | "\"" | "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "Do" | "sh" => {
                    assert!(!open.is_empty(), "page {}: {} painted outside tagged content and artifacts", pi + 1, op.operator);
                }
                _ => {}
            }
        }
        assert!(open.is_empty(), "page {}: marked content left open", pi + 1);
    }
    let in_tree: BTreeSet<(usize, i64)> = in_tree.into_keys().collect();
    assert_eq!(on_pages, in_tree, "the tree and the pages name the same marked content");
    out
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

/// Hold the structure read back from the file against the document's blocks:
/// every heading with its level and text, in order, every paragraph, every
/// key–value list with its rows, every table with a header cell per column
/// (empty cells have no content to tag and are left out).
pub fn assert_structure_matches(doc: &anbud::records::pdf::Document, s: &Structure) {
    use anbud::records::pdf::Block;
    let headings: Vec<(u8, String)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(level, text) => Some((*level, text.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(s.headings, headings, "the headings, in order");
    let paragraphs =
        doc.blocks.iter().filter(|b| matches!(b, Block::Paragraph(p) if p.spans.iter().any(|s| !s.text.trim().is_empty()))).count();
    assert_eq!(s.paragraphs, paragraphs, "paragraphs");
    let lists: Vec<usize> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::KeyValue(rows) => Some(rows.iter().filter(|(k, v)| !k.trim().is_empty() || !v.trim().is_empty()).count()),
            _ => None,
        })
        .collect();
    assert_eq!(s.lists, lists.len(), "key–value lists");
    assert_eq!(s.list_items, lists.iter().sum::<usize>(), "rows of key–value lists");
    let tables: Vec<&anbud::records::pdf::Table> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) if !t.columns.is_empty() => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(s.tables, tables.len(), "tables");
    let header_cells: usize = tables.iter().map(|t| t.columns.iter().filter(|c| !c.header.trim().is_empty()).count()).sum();
    assert_eq!(s.header_cells, header_cells, "header cells");
    let data_cells: usize = tables.iter().map(|t| t.rows.iter().flatten().filter(|c| !c.trim().is_empty()).count()).sum();
    assert_eq!(s.data_cells, data_cells, "data cells");
}
