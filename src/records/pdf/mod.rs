//! A small document layout engine producing archival, accessible PDFs
//! (PDF/A-2a and PDF/UA-1).
//!
//! The model ([`Document`], [`Block`]) knows nothing about procurement: a
//! title, a date, a running header and a sequence of blocks (headings,
//! paragraphs, key–value lists, tables, spacers, page breaks). [`render`]
//! lays the blocks out on A4 pages with the shipped DejaVu Sans fonts (word
//! wrapping from the glyph advance widths, table cells that wrap and grow
//! their row, table headers repeated on every page a table continues on, rows
//! kept whole unless taller than a page (then split where they start, the
//! first column whole, continued "(forts.)"), headings kept with what
//! follows, words broken at spaces, then after hyphens or before
//! parentheses, then with a visible hyphen, "Sida N av M" in the footer)
//! and writes the pages with krilla as a tagged PDF: a structure tree of
//! headings, paragraphs, lists and tables with header cells in reading
//! order, the running header and footer as artifacts, the language and the
//! title, XMP metadata, the sRGB output intent, subset fonts, the dates from
//! the document instead of the clock (see `writer.rs`). The same document
//! always gives the same bytes.
//!
//! ```
//! use anbud::records::pdf::{render, Block, Column, Document, Table};
//! use chrono::NaiveDate;
//!
//! let mut doc = Document::new("Kvalificeringsbeslut", NaiveDate::from_ymd_opt(2026, 12, 21).unwrap());
//! doc.header_left = vec!["Bemanningstjänster inom hälso- och sjukvård 2028".into()];
//! doc.header_right = vec!["Dnr DEMO-2026-001".into()];
//! doc.blocks.push(Block::heading(1, "Kvalificeringsbeslut"));
//! doc.blocks.push(Block::paragraph("Region Östergötland beslutar att …"));
//! doc.blocks.push(Block::Table(Table::new(
//!     vec![Column::new("Krav", 0.3), Column::new("Skäl", 0.7)],
//!     vec![vec!["omsattning".into(), "Omsättningen understiger 5 000 000 kr.".into()]],
//! )));
//! let bytes = render(&doc).unwrap();
//! assert!(bytes.starts_with(b"%PDF-1.7"));
//! ```

mod fonts;
pub mod layout;
mod writer;

use chrono::NaiveDate;

use crate::model::error_code::ErrorCode;

pub use fonts::Weight;
pub use layout::{Layout, LayoutPage, Placed, Role, TextBox};

/// Errors from layout or PDF writing.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PdfError {
    #[error("font: {0}")]
    Font(String),
    #[error("PDF writing: {0}")]
    Write(String),
}

impl PdfError {
    /// A stable code for machines: whatever failed, the PDF could not be made.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::PdfFailed
    }
}

/// A document to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The document title (PDF metadata: Info /Title and XMP dc:title), shown
    /// in the viewer's window.
    pub title: String,
    /// Author (Info /Author, XMP dc:creator); empty for none.
    pub author: String,
    /// Subject (Info /Subject, XMP dc:description); empty for none.
    pub subject: String,
    /// Natural language of the text (catalog /Lang), e.g. `sv-SE`. Required:
    /// PDF/UA needs it.
    pub language: String,
    /// The document's date: the PDF creation and modification dates
    /// (midnight UTC). Never the wall clock, so renders are reproducible.
    pub date: NaiveDate,
    /// Lines printed at the top left of every page.
    pub header_left: Vec<String>,
    /// Lines printed at the top right of every page (right-aligned).
    pub header_right: Vec<String>,
    /// The content.
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn new(title: impl Into<String>, date: NaiveDate) -> Document {
        Document {
            title: title.into(),
            author: String::new(),
            subject: String::new(),
            language: "sv-SE".into(),
            date,
            header_left: Vec::new(),
            header_right: Vec::new(),
            blocks: Vec::new(),
        }
    }

    /// Append a block (builder style).
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }
}

/// One element of the flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 (largest) to 3. A heading is never left alone at
    /// the bottom of a page: it is kept with the first lines of what follows.
    Heading(u8, String),
    /// A wrapped paragraph.
    Paragraph(Paragraph),
    /// Two columns without borders: a bold key and a wrapped value.
    KeyValue(Vec<(String, String)>),
    /// A table with borders, a repeated header and wrapping cells.
    Table(Table),
    /// Vertical space of about one line.
    Spacer,
    /// Start a new page (ignored at the top of a page).
    PageBreak,
}

impl Block {
    pub fn heading(level: u8, text: impl Into<String>) -> Block {
        Block::Heading(level, text.into())
    }
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph(Paragraph::new(text))
    }
    pub fn bold(text: impl Into<String>) -> Block {
        Block::Paragraph(Paragraph::new(text).bold())
    }
    pub fn small(text: impl Into<String>) -> Block {
        Block::Paragraph(Paragraph::new(text).small())
    }
    pub fn key_value<K: Into<String>, V: Into<String>>(rows: impl IntoIterator<Item = (K, V)>) -> Block {
        Block::KeyValue(rows.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

/// A run of text with one weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

/// A paragraph: one or more spans (so a bold lead-in can precede regular
/// text), wrapped to the text width. `\n` forces a line break.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    /// Small print (8.5 pt instead of 10 pt).
    pub small: bool,
    /// Keep the paragraph's last line on the page of what follows (an
    /// introduction to a table: "Anbudet uppfyller inte följande krav:").
    pub keep_with_next: bool,
}

impl Paragraph {
    pub fn new(text: impl Into<String>) -> Paragraph {
        Paragraph {
            spans: vec![Span { text: text.into(), bold: false }],
            small: false,
            keep_with_next: false,
        }
    }
    /// All spans bold.
    pub fn bold(mut self) -> Paragraph {
        for s in &mut self.spans {
            s.bold = true;
        }
        self
    }
    pub fn small(mut self) -> Paragraph {
        self.small = true;
        self
    }
    /// Keep the last line with what follows.
    pub fn keep_with_next(mut self) -> Paragraph {
        self.keep_with_next = true;
        self
    }
    /// Append a span.
    pub fn span(mut self, text: impl Into<String>, bold: bool) -> Paragraph {
        self.spans.push(Span { text: text.into(), bold });
        self
    }
    /// A paragraph starting with a bold lead-in, e.g. `("Beslut: ", "…")`.
    pub fn lead(lead: impl Into<String>, text: impl Into<String>) -> Paragraph {
        Paragraph {
            spans: vec![Span { text: lead.into(), bold: true }, Span { text: text.into(), bold: false }],
            small: false,
            keep_with_next: false,
        }
    }
}

impl From<Paragraph> for Block {
    fn from(p: Paragraph) -> Block {
        Block::Paragraph(p)
    }
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Right,
}

/// A table column: header text and share of the text width (the shares of
/// a table are normalised to sum to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(header: impl Into<String>, width: f32) -> Column {
        Column { header: header.into(), width, align: Align::Left }
    }
    /// Right-align the column (numbers).
    pub fn right(mut self) -> Column {
        self.align = Align::Right;
        self
    }
}

impl<S: Into<String>> From<(S, f32)> for Column {
    fn from((h, w): (S, f32)) -> Column {
        Column::new(h, w)
    }
}

/// A table. A row is never split across pages unless it is taller than a
/// page below the header; such a row starts where the page has room for its
/// whole first column and the first lines of the others, and continues on
/// the next pages under the repeated header, its first column marked
/// "(forts.)". The header row is repeated on every page the table continues
/// on, and always has at least the first row (or part of it) below it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Keep the whole table on one page when it fits on one.
    pub keep_rows_together: bool,
}

impl Table {
    pub fn new(columns: Vec<Column>, rows: Vec<Vec<String>>) -> Table {
        Table { columns, rows, keep_rows_together: false }
    }
}

/// Lay the document out and write it as a PDF/A-2a and PDF/UA-1 file.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let layout = layout::layout(doc)?;
    writer::write(doc, &layout)
}

/// Lay the document out and write it; also return the layout (the placed
/// text boxes and lines of every page) for inspection.
pub fn render_with_layout(doc: &Document) -> Result<(Vec<u8>, Layout), PdfError> {
    let layout = layout::layout(doc)?;
    let bytes = writer::write(doc, &layout)?;
    Ok((bytes, layout))
}

/// Lay the document out without writing it.
pub fn layout(doc: &Document) -> Result<Layout, PdfError> {
    layout::layout(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(i: usize) -> Document {
        let mut d =
            Document::new(format!("Underrättelse om beslut – Leverantör {i} AB"), NaiveDate::from_ymd_opt(2026, 12, 21).unwrap());
        d.header_left = vec!["Bemanningstjänster inom hälso- och sjukvård 2028".into(), "Region Östergötland".into()];
        d.header_right = vec!["Dnr DEMO-2026-001".into()];
        d.push(Block::heading(1, "Underrättelse om beslut"));
        d.push(Block::key_value([
            ("Leverantör", format!("Leverantör {i} AB")),
            ("Organisationsnummer", "556012-5790".to_string()),
            ("Beslut", "Ej kvalificerad".to_string()),
        ]));
        d.push(Block::heading(2, "Skäl"));
        d.push(Block::Table(Table::new(
            vec![Column::new("Krav", 0.25), Column::new("Uppgift i anbudet", 0.3), Column::new("Skäl", 0.45)],
            (0..3)
                .map(|k| {
                    vec![
                        format!("krav-{k} – Omsättning"),
                        "4 999 999,99 kr".into(),
                        "Omsättningen understiger kravet på 5 000 000 kr för det senaste räkenskapsåret.".into(),
                    ]
                })
                .collect(),
        )));
        d.push(Block::paragraph(
            "Avtalsspärren löper till och med 2027-01-04. En leverantör som anser att den lidit eller kan komma \
             att lida skada får ansöka om överprövning hos förvaltningsrätten.",
        ));
        d
    }

    #[test]
    fn notice_renders_deterministically() {
        let a = render(&notice(1)).unwrap();
        assert_eq!(a, render(&notice(1)).unwrap());
        assert!(a.len() < 60_000, "{}", a.len());
    }

    /// `cargo test --release --lib pdf::tests::timing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn timing_500_notices() {
        let docs: Vec<Document> = (0..500).map(notice).collect();
        let start = std::time::Instant::now();
        let total: usize = docs.iter().map(|d| render(d).unwrap().len()).sum();
        eprintln!("500 notices: {:?}, {} bytes", start.elapsed(), total);
        let mut big = notice(0);
        let rows: Vec<Vec<String>> = (0..4000)
            .map(|i| vec![format!("Leverantör {i} AB"), "556012-5790".into(), "L1, L2, S1".into(), "1, 2, 3, 4, 5, 6".into()])
            .collect();
        big.push(Block::Table(Table::new(
            vec![Column::new("Leverantör", 0.4), Column::new("Org.nr", 0.2), Column::new("Lots", 0.2), Column::new("Zoner", 0.2)],
            rows,
        )));
        let start = std::time::Instant::now();
        let l = layout::layout(&big).unwrap();
        let t_layout = start.elapsed();
        let bytes = writer::write(&big, &l).unwrap();
        eprintln!("4000 rows: layout {t_layout:?}, total {:?}, {} pages, {} bytes", start.elapsed(), l.pages.len(), bytes.len());
    }
}
