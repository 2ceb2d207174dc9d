//! Layout → a tagged PDF/A-2a and PDF/UA-1 file, written with krilla.
//!
//! The layout engine places every line of text; here each line is drawn
//! with the glyphs and advances the layout measured (no shaping, so what is
//! drawn is exactly what was measured) inside its own marked-content
//! sequence, and the structure tree is built from the document's blocks, in
//! their order (the reading order):
//!
//! | block                 | structure                                         |
//! |-----------------------|---------------------------------------------------|
//! | `Heading(n, …)`       | `H1`–`H3`, with the heading's text as its title  |
//! | `Paragraph`           | `P`                                               |
//! | `KeyValue`            | `L` of `LI`, each an `Lbl` (key) and `LBody`      |
//! | `Table`               | `Table` of `TR`: one of `TH` (column scope), then one of `TD` per row |
//!
//! What is not content is an artifact: the running header (`Header`), the
//! page number (`Footer`), rules, borders and the shading of header rows
//! (`Layout`), and what pagination repeats: a table's header row on the pages
//! it continues on and the "(forts.)" label of a continued row
//! (`PaginationOther`). Headings also make the outline (bookmarks).
//!
//! krilla checks the file against PDF/A-2a and PDF/UA-1 as it writes it and
//! refuses to finish one that breaks a rule it can check; it subsets the
//! fonts, writes the XMP metadata, the sRGB output intent and a file ID
//! derived from the content. The document's date is the only date in the
//! file, so the same document always gives the same bytes.

use std::collections::HashMap;
use std::num::NonZeroU16;

use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, PdfVersion};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope, Tag, TagGroup, TagTree,
};
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::{Document as PdfDocument, SerializeSettings};

use super::fonts::{fonts, Fonts};
use super::layout::{Layout, Placed, Role, TextBox};
use super::{Block, Document, PdfError};

/// Info /Creator and xmp:CreatorTool.
pub const CREATOR: &str = "Anbud";
/// Info /Producer and pdf:Producer.
pub const PRODUCER: &str = "Anbud PDF with krilla 0.8";

/// The leaf of the structure tree a line of text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Leaf {
    /// A heading or a paragraph: the block itself.
    Block(usize),
    Key {
        block: usize,
        row: usize,
    },
    Value {
        block: usize,
        row: usize,
    },
    Header {
        table: usize,
        col: usize,
    },
    Cell {
        table: usize,
        row: usize,
        col: usize,
    },
}

/// How a line of text is marked.
enum Mark {
    Content(Leaf),
    Artifact(ArtifactType),
}

fn gray(g: f32) -> rgb::Color {
    let v = (g.clamp(0.0, 1.0) * 255.0).round() as u8;
    rgb::Color::new(v, v, v)
}

/// Write `layout` as a tagged PDF/A-2a, PDF/UA-1 file.
pub(crate) fn write(doc: &Document, layout: &Layout) -> Result<Vec<u8>, PdfError> {
    // PDF/UA: a reader finds their way by the headings; a document without
    // one is a programming error, not a file to write untagged.
    if !doc.blocks.iter().any(|b| matches!(b, Block::Heading(..))) {
        return Err(PdfError::Write("an accessible document needs at least one heading".into()));
    }
    if doc.title.trim().is_empty() || doc.language.trim().is_empty() {
        return Err(PdfError::Write("an accessible document needs a title and a language".into()));
    }
    let fonts = fonts()?;
    let configuration = ConfigurationBuilder::new()
        .with_version(PdfVersion::Pdf17)
        .with_archival_validator(Archival::A2_A)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))?;
    let settings = SerializeSettings { configuration, enable_tagging: true, ..SerializeSettings::default() };
    let mut pdf = PdfDocument::new_with(settings);

    // Which page a table's header row was first drawn on: there it is
    // content, on the pages the table continues on it is repeated.
    let mut header_page: HashMap<usize, usize> = HashMap::new();
    let mut ids: HashMap<Leaf, Vec<Identifier>> = HashMap::new();
    // Where each heading starts, for the outline.
    let mut heading_at: HashMap<usize, (usize, f32)> = HashMap::new();

    for (pi, page) in layout.pages.iter().enumerate() {
        let settings =
            PageSettings::from_wh(layout.page_width, layout.page_height).ok_or_else(|| PdfError::Write("page size".into()))?;
        let mut p = pdf.start_page_with(settings);
        let mut surface = p.surface();

        // Rules, borders and shading first: decoration, not content.
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
        draw_graphics(&mut surface, &page.items)?;
        surface.end_tagged();

        // Text in reading order: the running header, the body, the footer.
        let texts: Vec<&TextBox> = page.texts().filter(|t| !t.text.is_empty()).collect();
        let ordered = texts
            .iter()
            .filter(|t| t.role == Role::Header)
            .chain(texts.iter().filter(|t| !matches!(t.role, Role::Header | Role::Footer)))
            .chain(texts.iter().filter(|t| t.role == Role::Footer));
        surface.set_fill(Some(Fill { paint: gray(0.0).into(), ..Fill::default() }));
        surface.set_stroke(None);
        for t in ordered {
            let mark = match t.role {
                Role::Header => Mark::Artifact(ArtifactType::Header),
                Role::Footer => Mark::Artifact(ArtifactType::Footer),
                Role::Heading => {
                    heading_at.entry(t.block).or_insert((pi, t.top));
                    Mark::Content(Leaf::Block(t.block))
                }
                Role::Body => Mark::Content(Leaf::Block(t.block)),
                Role::Key { row } => Mark::Content(Leaf::Key { block: t.block, row }),
                Role::Value { row } => Mark::Content(Leaf::Value { block: t.block, row }),
                Role::TableHeader { table, col } => {
                    if *header_page.entry(table).or_insert(pi) == pi {
                        Mark::Content(Leaf::Header { table, col })
                    } else {
                        Mark::Artifact(ArtifactType::PaginationOther)
                    }
                }
                Role::Cell { table, row, col } => Mark::Content(Leaf::Cell { table, row, col }),
                Role::RowContinued { .. } => Mark::Artifact(ArtifactType::PaginationOther),
            };
            match mark {
                Mark::Artifact(kind) => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
                    draw_text(&mut surface, fonts, t);
                    surface.end_tagged();
                }
                Mark::Content(leaf) => {
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    draw_text(&mut surface, fonts, t);
                    surface.end_tagged();
                    ids.entry(leaf).or_default().push(id);
                }
            }
        }
        surface.finish();
        p.finish();
    }

    let (tree, outline) = structure(doc, &mut ids, &heading_at)?;
    if let Some(leaf) = ids.keys().next() {
        return Err(PdfError::Write(format!("text outside the structure tree: {leaf:?}")));
    }
    pdf.set_tag_tree(tree);
    pdf.set_outline(outline);
    pdf.set_metadata(metadata(doc));
    pdf.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

fn metadata(doc: &Document) -> Metadata {
    use chrono::Datelike;
    let date = DateTime::new(doc.date.year().clamp(0, 9999) as u16)
        .month(doc.date.month() as u8)
        .day(doc.date.day() as u8)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let mut m =
        Metadata::new().title(doc.title.clone()).creator(CREATOR.to_string()).producer(PRODUCER.to_string()).creation_date(date);
    if !doc.language.is_empty() {
        m = m.language(doc.language.clone());
    }
    if !doc.author.is_empty() {
        m = m.authors(vec![doc.author.clone()]);
    }
    if !doc.subject.is_empty() {
        m = m.description(doc.subject.clone());
    }
    m
}

fn draw_graphics(surface: &mut Surface<'_>, items: &[Placed]) -> Result<(), PdfError> {
    for item in items {
        if let Placed::Fill { x, y, width, height, gray: g } = item {
            let rect = Rect::from_xywh(*x, *y, *width, *height).ok_or_else(|| PdfError::Write("fill".into()))?;
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            let path = pb.finish().ok_or_else(|| PdfError::Write("fill".into()))?;
            surface.set_stroke(None);
            surface.set_fill(Some(Fill { paint: gray(*g).into(), ..Fill::default() }));
            surface.draw_path(&path);
        }
    }
    surface.set_fill(None);
    for item in items {
        if let Placed::Line { x1, y1, x2, y2, width, gray: g } = item {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            let path = pb.finish().ok_or_else(|| PdfError::Write("rule".into()))?;
            surface.set_stroke(Some(Stroke { paint: gray(*g).into(), width: *width, ..Stroke::default() }));
            surface.draw_path(&path);
        }
    }
    surface.set_stroke(None);
    Ok(())
}

/// Draw one line of text with the glyphs and advances the layout measured.
fn draw_text(surface: &mut Surface<'_>, fonts: &Fonts, t: &TextBox) {
    let face = fonts.face(t.weight);
    let question = face.glyph('?').unwrap_or(0);
    let glyphs: Vec<KrillaGlyph> = t
        .text
        .char_indices()
        .map(|(i, c)| {
            let gid = face.glyph(c).unwrap_or(question);
            let advance = f32::from(face.advance(gid)) / face.units_per_em;
            KrillaGlyph::new(GlyphId::new(u32::from(gid)), advance, 0.0, 0.0, 0.0, i..i + c.len_utf8(), None)
        })
        .collect();
    surface.draw_glyphs(Point::from_xy(t.x, t.baseline), &glyphs, face.pdf.clone(), &t.text, t.size, false);
}

/// The structure tree and the outline, from the blocks in their order. Takes
/// the identifiers it places out of `ids`.
fn structure(
    doc: &Document,
    ids: &mut HashMap<Leaf, Vec<Identifier>>,
    heading_at: &HashMap<usize, (usize, f32)>,
) -> Result<(TagTree, Outline), PdfError> {
    let mut tree = TagTree::new().with_lang(Some(doc.language.clone()).filter(|l| !l.is_empty()));
    let mut leaf = |key: Leaf, group: &mut TagGroup| {
        for id in ids.remove(&key).unwrap_or_default() {
            group.push(id);
        }
    };
    // (level, title, page, y) of every heading, for the outline.
    let mut headings: Vec<(u8, String, usize, f32)> = Vec::new();
    let mut table = 0usize;
    for (bi, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading(level, text) => {
                let level = NonZeroU16::new(u16::from((*level).clamp(1, 6))).unwrap_or(NonZeroU16::MIN);
                let mut g = TagGroup::new(Tag::Hn(level, Some(text.clone())));
                leaf(Leaf::Block(bi), &mut g);
                if let Some((page, y)) = heading_at.get(&bi) {
                    headings.push((level.get() as u8, text.clone(), *page, *y));
                }
                tree.push(g);
            }
            Block::Paragraph(_) => {
                let mut g = TagGroup::new(Tag::P);
                leaf(Leaf::Block(bi), &mut g);
                tree.push(g);
            }
            Block::KeyValue(rows) => {
                let mut list = TagGroup::new(Tag::L(ListNumbering::None));
                for row in 0..rows.len() {
                    let mut item = TagGroup::new(Tag::LI);
                    let mut label = TagGroup::new(Tag::Lbl);
                    leaf(Leaf::Key { block: bi, row }, &mut label);
                    let mut body = TagGroup::new(Tag::LBody);
                    leaf(Leaf::Value { block: bi, row }, &mut body);
                    item.push(label);
                    item.push(body);
                    list.push(item);
                }
                tree.push(list);
            }
            Block::Table(t) => {
                if t.columns.is_empty() {
                    continue;
                }
                let mut g = TagGroup::new(Tag::Table);
                let mut header = TagGroup::new(Tag::TR);
                for col in 0..t.columns.len() {
                    let mut th = TagGroup::new(Tag::TH(TableHeaderScope::Column));
                    leaf(Leaf::Header { table, col }, &mut th);
                    header.push(th);
                }
                g.push(header);
                for row in 0..t.rows.len() {
                    let mut tr = TagGroup::new(Tag::TR);
                    for col in 0..t.columns.len() {
                        let mut td = TagGroup::new(Tag::TD);
                        leaf(Leaf::Cell { table, row, col }, &mut td);
                        tr.push(td);
                    }
                    g.push(tr);
                }
                tree.push(g);
                table += 1;
            }
            Block::Spacer | Block::PageBreak => {}
        }
    }
    Ok((tree, outline(&headings)))
}

/// Bookmarks from the headings: each under the nearest heading before it of
/// a higher level.
fn outline(headings: &[(u8, String, usize, f32)]) -> Outline {
    fn children(headings: &[(u8, String, usize, f32)], i: &mut usize, above: u8) -> Vec<OutlineNode> {
        let mut out = Vec::new();
        while let Some((level, title, page, y)) = headings.get(*i) {
            if *level <= above {
                break;
            }
            *i += 1;
            let mut node = OutlineNode::new(title.clone(), XyzDestination::new(*page, Point::from_xy(0.0, *y)));
            for child in children(headings, i, *level) {
                node.push_child(child);
            }
            out.push(node);
        }
        out
    }
    let mut outline = Outline::new();
    let mut i = 0;
    while i < headings.len() {
        let level = headings[i].0;
        for node in children(headings, &mut i, level.saturating_sub(1)) {
            outline.push_child(node);
        }
    }
    outline
}
