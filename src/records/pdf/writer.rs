//! Layout → printpdf pages → lopdf document → PDF/A-2b bytes.

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfParseErrorSeverity,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::fonts::{fonts, Weight};
use super::layout::{Layout, Placed};
use super::{pdfa, Document, PdfError};

const REGULAR_ID: &str = "F1";
const BOLD_ID: &str = "F2";

fn font_id(w: Weight) -> FontId {
    FontId(
        match w {
            Weight::Regular => REGULAR_ID,
            Weight::Bold => BOLD_ID,
        }
        .to_string(),
    )
}

fn gray(g: f32) -> Color {
    Color::Rgb(Rgb { r: g, g, b: g, icc_profile: None })
}

/// Build the printpdf document for `layout`, with per-document font subsets.
fn to_printpdf(doc: &Document, layout: &Layout) -> Result<PdfDocument, PdfError> {
    let fonts = fonts()?;
    let mut pdf = PdfDocument::new(&doc.title);

    // Subset each face to the characters this document uses.
    let mut used: [BTreeSet<char>; 2] = [BTreeSet::new(), BTreeSet::new()];
    for page in &layout.pages {
        for t in page.texts() {
            let set = match t.weight {
                Weight::Regular => &mut used[0],
                Weight::Bold => &mut used[1],
            };
            set.extend(t.text.chars());
        }
    }
    for (weight, chars) in [(Weight::Regular, &used[0]), (Weight::Bold, &used[1])] {
        if chars.is_empty() {
            continue;
        }
        let parsed = fonts.face(weight).subset_for(chars)?;
        pdf.resources.fonts.map.insert(font_id(weight), PdfFont::new(parsed));
    }

    let h = layout.page_height;
    let mut pages = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut ops = Vec::with_capacity(page.items.len() * 3 + 8);
        // Fills first, then rules, then all text in one text object.
        let mut fill: Option<f32> = None;
        for item in &page.items {
            if let Placed::Fill { x, y, width, height, gray: g } = item {
                if fill != Some(*g) {
                    ops.push(Op::SetFillColor { col: gray(*g) });
                    fill = Some(*g);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(h - y - height),
                        width: Pt(*width),
                        height: Pt(*height),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
        }
        let mut stroke: Option<(f32, f32)> = None;
        for item in &page.items {
            if let Placed::Line { x1, y1, x2, y2, width, gray: g } = item {
                if stroke != Some((*width, *g)) {
                    ops.push(Op::SetOutlineColor { col: gray(*g) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    stroke = Some((*width, *g));
                }
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint { p: Point { x: Pt(*x1), y: Pt(h - y1) }, bezier: false },
                            LinePoint { p: Point { x: Pt(*x2), y: Pt(h - y2) }, bezier: false },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor { col: gray(0.0) });
        let mut font: Option<(Weight, f32)> = None;
        for t in page.texts() {
            if t.text.is_empty() {
                continue;
            }
            if font != Some((t.weight, t.size)) {
                ops.push(Op::SetFont { font: PdfFontHandle::External(font_id(t.weight)), size: Pt(t.size) });
                font = Some((t.weight, t.size));
            }
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(t.x), Pt(h - t.baseline)) });
            ops.push(Op::ShowText { items: vec![TextItem::Text(t.text.clone())] });
        }
        ops.push(Op::EndTextSection);
        pages.push(PdfPage::new(Mm(layout.page_width * 25.4 / 72.0), Mm(layout.page_height * 25.4 / 72.0), ops));
    }
    pdf.with_pages(pages);
    Ok(pdf)
}

/// Write `layout` as PDF/A-2b bytes.
pub(crate) fn write(doc: &Document, layout: &Layout) -> Result<Vec<u8>, PdfError> {
    let pdf = to_printpdf(doc, layout)?;
    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings.iter().find(|w| w.severity == PdfParseErrorSeverity::Error) {
        return Err(PdfError::Write(w.msg.clone()));
    }
    pdfa::make_pdfa(&mut lo, doc)?;
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}
