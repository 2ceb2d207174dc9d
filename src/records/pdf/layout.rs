//! Layout: blocks → positioned text boxes, lines and fills on A4 pages.
//!
//! All coordinates are in points (1/72 in) from the top-left corner of the
//! page, y growing downwards; the writer flips them for PDF.
//!
//! The flow is a list of unbreakable items (a paragraph line, a heading, a
//! table row, a table header), each with the space it wants above it and a
//! "keep with next" flag. Pagination places items top to bottom; an item
//! that does not fit starts a new page, and a chain of items marked keep
//! with next moves to the next page whole when it would fit there (headings
//! and the first two lines of a paragraph, a table header and its first row,
//! the last two lines of a paragraph). A table row that continues a table on
//! a new page is preceded by a copy of the table's header.

use super::fonts::{fonts, sanitize, Face, Fonts, Weight};
use super::{Align, Block, Document, Paragraph, PdfError, Table};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// A4 width in points.
pub const PAGE_WIDTH: f32 = 210.0 * MM;
/// A4 height in points.
pub const PAGE_HEIGHT: f32 = 297.0 * MM;
pub const MARGIN_LEFT: f32 = 25.0 * MM;
pub const MARGIN_RIGHT: f32 = 20.0 * MM;
pub const MARGIN_TOP: f32 = 20.0 * MM;
pub const MARGIN_BOTTOM: f32 = 20.0 * MM;

pub const BODY_SIZE: f32 = 10.0;
const BODY_LEADING: f32 = 13.5;
pub const SMALL_SIZE: f32 = 8.5;
const SMALL_LEADING: f32 = 11.0;
pub const TABLE_SIZE: f32 = 10.0;
const TABLE_LEADING: f32 = 13.0;
const HEADER_SIZE: f32 = 8.5;
const HEADER_LEADING: f32 = 11.0;

const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.5;
const KV_GAP: f32 = 10.0;
const KV_PAD_Y: f32 = 1.5;
const RULE_WIDTH: f32 = 0.5;
const RULE_GRAY: f32 = 0.45;
const HEADER_FILL_GRAY: f32 = 0.9;
const PARAGRAPH_SPACE: f32 = 6.0;
const TABLE_SPACE: f32 = 8.0;
const SPACER: f32 = 12.0;
const EPS: f32 = 0.01;

/// What a text box belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The running header at the top of every page.
    Header,
    /// The footer ("Sida N av M").
    Footer,
    Heading,
    Body,
    /// The key of row `row` of a key–value list.
    Key {
        row: usize,
    },
    /// The value of row `row` of a key–value list.
    Value {
        row: usize,
    },
    /// A table's header row; `table` counts the tables of the document from 0.
    TableHeader {
        table: usize,
        col: usize,
    },
    /// A table cell; `row` counts the table's data rows from 0.
    Cell {
        table: usize,
        row: usize,
        col: usize,
    },
    /// The label in the first column of a row continued from the previous
    /// page ("Omsättning (forts.)").
    RowContinued {
        table: usize,
        row: usize,
    },
}

/// One line of text in one face, placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// Left edge of the text.
    pub x: f32,
    /// Top of the line box.
    pub top: f32,
    /// Baseline of the text.
    pub baseline: f32,
    /// Advance width of the text.
    pub width: f32,
    /// Height of the line box.
    pub height: f32,
    pub size: f32,
    pub weight: Weight,
    pub text: String,
    pub role: Role,
    /// The index in [`Document::blocks`](super::Document::blocks) of the
    /// block the text belongs to (0 for the running header and footer).
    pub block: usize,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed {
    Text(TextBox),
    /// A stroked line segment.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        gray: f32,
    },
    /// A filled rectangle (top-left corner, size).
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        gray: f32,
    },
}

impl Placed {
    fn shifted(&self, dy: f32) -> Placed {
        match self {
            Placed::Text(t) => {
                let mut t = t.clone();
                t.top += dy;
                t.baseline += dy;
                Placed::Text(t)
            }
            Placed::Line { x1, y1, x2, y2, width, gray } => {
                Placed::Line { x1: *x1, y1: y1 + dy, x2: *x2, y2: y2 + dy, width: *width, gray: *gray }
            }
            Placed::Fill { x, y, width, height, gray } => {
                Placed::Fill { x: *x, y: y + dy, width: *width, height: *height, gray: *gray }
            }
        }
    }
}

/// One laid-out page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LayoutPage {
    pub items: Vec<Placed>,
}

impl LayoutPage {
    /// The text boxes of the page.
    pub fn texts(&self) -> impl Iterator<Item = &TextBox> {
        self.items.iter().filter_map(|p| match p {
            Placed::Text(t) => Some(t),
            _ => None,
        })
    }
}

/// The result of layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub page_width: f32,
    pub page_height: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    /// Top and bottom of the body area (between running header and footer).
    pub body_top: f32,
    pub body_bottom: f32,
    /// For each table (in document order): the left and right edge of each
    /// column (cell borders).
    pub tables: Vec<Vec<(f32, f32)>>,
    pub pages: Vec<LayoutPage>,
}

// ---------------------------------------------------------------------------
// Line breaking

/// A run of text of one weight within a line.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    weight: Weight,
    x: f32,
    width: f32,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct WrappedLine {
    runs: Vec<Run>,
    width: f32,
}

enum Tok {
    Word(Vec<(String, Weight)>),
    Space(Weight),
    Break,
}

/// Units that stay on the line of the number before them.
const UNITS: &[&str] = &["kr", "h", "%", "SEK", "st", "timmar", "kronor", "dagar", "mån"];

/// Whether the space at `chars[i]` joins a number to what follows: digit
/// groups (`1 234 567,50`) and units (`10 000 h`, `50 kr`) are not split
/// across lines.
fn glued_space(chars: &[char], i: usize) -> bool {
    if i == 0 || !chars[i - 1].is_ascii_digit() {
        return false;
    }
    let rest = &chars[i + 1..];
    let end = rest.iter().position(|c| c.is_whitespace()).unwrap_or(rest.len());
    let next: String = rest[..end].iter().collect();
    if next.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let bare = next.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    UNITS.contains(&bare)
}

fn tokenize(spans: &[(String, Weight)]) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut word: Vec<(String, Weight)> = Vec::new();
    for (text, weight) in spans {
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let c = if c == ' ' && glued_space(&chars, i) { '\u{0}' } else { c };
            match c {
                '\u{0}' => match word.last_mut() {
                    Some((s, w)) if w == weight => s.push(' '),
                    _ => word.push((" ".to_string(), *weight)),
                },
                ' ' | '\n' => {
                    if !word.is_empty() {
                        toks.push(Tok::Word(std::mem::take(&mut word)));
                    }
                    toks.push(if c == ' ' { Tok::Space(*weight) } else { Tok::Break });
                }
                c => match word.last_mut() {
                    Some((s, w)) if w == weight => s.push(c),
                    _ => word.push((c.to_string(), *weight)),
                },
            }
        }
    }
    if !word.is_empty() {
        toks.push(Tok::Word(word));
    }
    toks
}

struct LineBuilder<'a> {
    fonts: &'a Fonts,
    size: f32,
    max: f32,
    lines: Vec<WrappedLine>,
    frags: Vec<(String, Weight)>,
    width: f32,
}

impl LineBuilder<'_> {
    fn w(&self, s: &str, weight: Weight) -> f32 {
        self.fonts.face(weight).text_width(s, self.size)
    }

    fn push(&mut self, s: &str, weight: Weight, width: f32) {
        match self.frags.last_mut() {
            Some((t, w)) if *w == weight => t.push_str(s),
            _ => self.frags.push((s.to_string(), weight)),
        }
        self.width += width;
    }

    fn finish_line(&mut self) {
        let mut runs = Vec::with_capacity(self.frags.len());
        let mut x = 0.0;
        for (text, weight) in self.frags.drain(..) {
            let width = self.fonts.face(weight).text_width(&text, self.size);
            runs.push(Run { text, weight, x, width });
            x += width;
        }
        self.lines.push(WrappedLine { runs, width: x });
        self.width = 0.0;
    }

    /// Place a word at the start of a line, breaking it where it is wider
    /// than the line: after a hyphen, a dash or a slash, or before an
    /// opening parenthesis; only as a last resort inside a run of letters,
    /// and then with a visible hyphen at the end of the line.
    fn place_word_at_start(&mut self, word: &[(String, Weight)], word_width: f32) {
        if word_width <= self.max + EPS {
            for (s, w) in word {
                let ww = self.w(s, *w);
                self.push(s, *w, ww);
            }
            return;
        }
        let chars: Vec<(char, Weight)> = word.iter().flat_map(|(s, w)| s.chars().map(move |c| (c, *w))).collect();
        // Segments between break opportunities.
        let mut segments: Vec<&[(char, Weight)]> = Vec::new();
        let mut start = 0;
        for i in 1..chars.len() {
            let after = matches!(chars[i - 1].0, '-' | '–' | '/');
            let before = chars[i].0 == '(';
            if after || before {
                segments.push(&chars[start..i]);
                start = i;
            }
        }
        segments.push(&chars[start..]);
        for seg in segments {
            let seg_w: f32 = seg.iter().map(|&(c, w)| self.char_w(c, w)).sum();
            if self.width + seg_w <= self.max + EPS {
                self.push_chars(seg);
                continue;
            }
            if !self.frags.is_empty() {
                self.finish_line();
            }
            if seg_w <= self.max + EPS {
                self.push_chars(seg);
                continue;
            }
            // The last resort: break inside the segment, with a visible hyphen.
            for (k, &(c, w)) in seg.iter().enumerate() {
                let cw = self.char_w(c, w);
                let last = k + 1 == seg.len();
                let hyphen = if last { 0.0 } else { self.char_w('-', w) };
                if self.width + cw + hyphen > self.max + EPS && !self.frags.is_empty() {
                    let hw = self.char_w('-', w);
                    self.push("-", w, hw);
                    self.finish_line();
                }
                let mut buf = [0u8; 4];
                self.push(c.encode_utf8(&mut buf), w, cw);
            }
        }
    }

    fn char_w(&self, c: char, weight: Weight) -> f32 {
        self.fonts.face(weight).char_width_em(c) * self.size
    }

    fn push_chars(&mut self, chars: &[(char, Weight)]) {
        for &(c, w) in chars {
            let cw = self.char_w(c, w);
            let mut buf = [0u8; 4];
            self.push(c.encode_utf8(&mut buf), w, cw);
        }
    }
}

/// Break `spans` (already sanitized) into lines no wider than `max`.
/// Always returns at least one (possibly empty) line.
fn wrap(fonts: &Fonts, spans: &[(String, Weight)], size: f32, max: f32) -> Vec<WrappedLine> {
    let mut b = LineBuilder { fonts, size, max, lines: Vec::new(), frags: Vec::new(), width: 0.0 };
    let mut pending: Vec<Weight> = Vec::new();
    for tok in tokenize(spans) {
        match tok {
            Tok::Space(w) => {
                if !b.frags.is_empty() {
                    pending.push(w);
                }
            }
            Tok::Break => {
                b.finish_line();
                pending.clear();
            }
            Tok::Word(word) => {
                let ww: f32 = word.iter().map(|(s, w)| b.w(s, *w)).sum();
                if b.frags.is_empty() {
                    b.place_word_at_start(&word, ww);
                } else {
                    let sw: f32 = pending.iter().map(|w| b.w(" ", *w)).sum();
                    if b.width + sw + ww <= max + EPS {
                        for w in &pending {
                            let spw = b.w(" ", *w);
                            b.push(" ", *w, spw);
                        }
                        for (s, w) in &word {
                            let fw = b.w(s, *w);
                            b.push(s, *w, fw);
                        }
                    } else {
                        b.finish_line();
                        b.place_word_at_start(&word, ww);
                    }
                }
                pending.clear();
            }
        }
    }
    if !b.frags.is_empty() || b.lines.is_empty() {
        b.finish_line();
    }
    b.lines
}

// ---------------------------------------------------------------------------
// Flow items

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Normal,
    TableHeader(usize),
    TableRow(usize),
    PageBreak,
}

#[derive(Debug, Clone)]
struct Item {
    height: f32,
    space_before: f32,
    keep_with_next: bool,
    kind: Kind,
    /// Contents relative to the item's top (y = 0).
    prims: Vec<Placed>,
    /// A table row too tall for a page of its own: it is split where the
    /// page ends, its first part holding at least [`RowSplit::min_first`]
    /// lines (the whole first column, the start of the others).
    split: Option<std::rc::Rc<RowSplit>>,
}

impl Item {
    /// The height that must fit for the item to start on a page: a row that
    /// will be split needs only its first part.
    fn keep_height(&self) -> f32 {
        match &self.split {
            Some(s) => s.height(s.min_first.min(s.lines)),
            None => self.height,
        }
    }
}

/// A table row laid out in lines, to be cut into parts at page ends.
#[derive(Debug)]
struct RowSplit {
    cells: Vec<Vec<WrappedLine>>,
    /// The first column's label on a continued part ("Krav (forts.)").
    continued: Vec<WrappedLine>,
    edges: Vec<(f32, f32)>,
    aligns: Vec<Align>,
    table: usize,
    row: usize,
    lines: usize,
    /// The first part holds at least this many lines.
    min_first: usize,
}

impl RowSplit {
    fn height(&self, lines: usize) -> f32 {
        lines as f32 * TABLE_LEADING + 2.0 * CELL_PAD_Y
    }

    /// Lines `from..to` as a row of its own; a continued part shows the
    /// continuation label in the first column.
    fn part(&self, fonts: &Fonts, from: usize, to: usize) -> Item {
        let first = from == 0;
        let mut prims = Vec::new();
        let mut lines = to - from;
        for (ci, (cell, (l, r))) in self.cells.iter().zip(&self.edges).enumerate() {
            let (slice, role): (&[WrappedLine], Role) = if ci == 0 && !first {
                (&self.continued, Role::RowContinued { table: self.table, row: self.row })
            } else {
                (&cell[from.min(cell.len())..to.min(cell.len())], Role::Cell { table: self.table, row: self.row, col: ci })
            };
            lines = lines.max(slice.len());
            text_lines(
                fonts,
                slice,
                l + CELL_PAD_X,
                r - l - 2.0 * CELL_PAD_X,
                CELL_PAD_Y,
                Set { size: TABLE_SIZE, leading: TABLE_LEADING, align: self.aligns[ci], role },
                &mut prims,
            );
        }
        let h = self.height(lines);
        grid(&self.edges, h, &mut prims);
        Item {
            height: h,
            space_before: 0.0,
            keep_with_next: false,
            kind: Kind::TableRow(self.table),
            prims,
            split: None,
        }
    }
}

/// Vertical placement of a line of text of `size` in a line box of `leading`.
fn baseline_in_box(face: &Face, size: f32, leading: f32) -> f32 {
    let content = (face.ascent_em + face.descent_em) * size;
    (leading - content) / 2.0 + face.ascent_em * size
}

/// How lines of text are set: font size, line height, alignment, role.
#[derive(Clone, Copy)]
struct Set {
    size: f32,
    leading: f32,
    align: Align,
    role: Role,
}

/// Body text set left, the most common setting.
const BODY_LEFT: Set = Set { size: BODY_SIZE, leading: BODY_LEADING, align: Align::Left, role: Role::Body };

/// Place wrapped `lines` in the column `x0 .. x0 + avail`, the first line
/// box starting at `y0`.
fn text_lines(fonts: &Fonts, lines: &[WrappedLine], x0: f32, avail: f32, y0: f32, set: Set, out: &mut Vec<Placed>) {
    let Set { size, leading, align, role } = set;
    let base = baseline_in_box(&fonts.regular, size, leading);
    for (i, line) in lines.iter().enumerate() {
        let top = y0 + i as f32 * leading;
        let shift = match align {
            Align::Left => 0.0,
            Align::Right => (avail - line.width).max(0.0),
        };
        for run in &line.runs {
            out.push(Placed::Text(TextBox {
                x: x0 + shift + run.x,
                top,
                baseline: top + base,
                width: run.width,
                height: leading,
                size,
                weight: run.weight,
                text: run.text.clone(),
                role,
                block: 0,
            }));
        }
    }
}

struct Builder<'a> {
    fonts: &'a Fonts,
    left: f32,
    width: f32,
    body_height: f32,
    items: Vec<Item>,
    headers: Vec<Option<Item>>,
    tables: Vec<Vec<(f32, f32)>>,
    extra_space: f32,
}

impl Builder<'_> {
    fn spans(&self, spans: &[(String, Weight)]) -> Vec<(String, Weight)> {
        spans.iter().map(|(s, w)| (sanitize(self.fonts.face(*w), s), *w)).collect()
    }

    fn push(&mut self, mut item: Item) {
        item.space_before += self.extra_space;
        self.extra_space = 0.0;
        self.items.push(item);
    }

    fn heading(&mut self, level: u8, text: &str) {
        let (size, space_before, space_after) = match level {
            0 | 1 => (15.0, 18.0, 6.0),
            2 => (12.0, 14.0, 4.0),
            _ => (10.5, 10.0, 3.0),
        };
        let leading = size * 1.25;
        let spans = self.spans(&[(text.to_string(), Weight::Bold)]);
        let lines = wrap(self.fonts, &spans, size, self.width);
        let mut prims = Vec::new();
        text_lines(
            self.fonts,
            &lines,
            self.left,
            self.width,
            0.0,
            Set { size, leading, align: Align::Left, role: Role::Heading },
            &mut prims,
        );
        self.push(Item {
            height: lines.len() as f32 * leading + space_after,
            space_before,
            keep_with_next: true,
            kind: Kind::Normal,
            prims,
            split: None,
        });
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let (size, leading) = if p.small { (SMALL_SIZE, SMALL_LEADING) } else { (BODY_SIZE, BODY_LEADING) };
        let spans: Vec<(String, Weight)> =
            p.spans.iter().map(|s| (s.text.clone(), if s.bold { Weight::Bold } else { Weight::Regular })).collect();
        let spans = self.spans(&spans);
        let lines = wrap(self.fonts, &spans, size, self.width);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let mut prims = Vec::new();
            text_lines(
                self.fonts,
                std::slice::from_ref(line),
                self.left,
                self.width,
                0.0,
                Set { size, leading, align: Align::Left, role: Role::Body },
                &mut prims,
            );
            // Orphans and widows: the first two and the last two lines of a
            // paragraph stay together.
            let keep = (i == 0 && n >= 2) || (n >= 3 && i == n - 2) || (i + 1 == n && p.keep_with_next);
            self.push(Item {
                height: leading,
                space_before: if i == 0 { PARAGRAPH_SPACE } else { 0.0 },
                keep_with_next: keep,
                kind: Kind::Normal,
                prims,
                split: None,
            });
        }
    }

    fn key_value(&mut self, rows: &[(String, String)]) {
        let key_w = (self.width * 0.3).min(170.0);
        let cols = [(self.left, self.left + key_w), (self.left + key_w + KV_GAP, self.left + self.width)];
        for (i, (k, v)) in rows.iter().enumerate() {
            let key = wrap(self.fonts, &self.spans(&[(k.clone(), Weight::Bold)]), BODY_SIZE, cols[0].1 - cols[0].0);
            let val = wrap(self.fonts, &self.spans(&[(v.clone(), Weight::Regular)]), BODY_SIZE, cols[1].1 - cols[1].0);
            let lines = key.len().max(val.len());
            let key_set = Set { role: Role::Key { row: i }, ..BODY_LEFT };
            let value_set = Set { role: Role::Value { row: i }, ..BODY_LEFT };
            let mut prims = Vec::new();
            text_lines(self.fonts, &key, cols[0].0, key_w, KV_PAD_Y, key_set, &mut prims);
            text_lines(self.fonts, &val, cols[1].0, cols[1].1 - cols[1].0, KV_PAD_Y, value_set, &mut prims);
            let height = lines as f32 * BODY_LEADING + 2.0 * KV_PAD_Y;
            if height > self.body_height {
                // A value longer than a page: continue it as paragraph lines.
                let mut first = Vec::new();
                text_lines(self.fonts, &key, cols[0].0, key_w, KV_PAD_Y, key_set, &mut first);
                for (j, line) in val.iter().enumerate() {
                    let mut prims = if j == 0 { std::mem::take(&mut first) } else { Vec::new() };
                    text_lines(self.fonts, std::slice::from_ref(line), cols[1].0, cols[1].1 - cols[1].0, 0.0, value_set, &mut prims);
                    self.push(Item {
                        height: BODY_LEADING,
                        space_before: if j == 0 && i == 0 { PARAGRAPH_SPACE } else { 0.0 },
                        keep_with_next: false,
                        kind: Kind::Normal,
                        prims,
                        split: None,
                    });
                }
                continue;
            }
            self.push(Item {
                height,
                space_before: if i == 0 { PARAGRAPH_SPACE } else { 0.0 },
                keep_with_next: false,
                kind: Kind::Normal,
                prims,
                split: None,
            });
        }
    }

    fn table(&mut self, t: &Table) {
        let index = self.tables.len();
        let ncols = t.columns.len().max(1);
        let total: f32 = t.columns.iter().map(|c| c.width.max(0.0)).sum();
        let mut edges = Vec::with_capacity(ncols);
        let mut x = self.left;
        for (i, c) in t.columns.iter().enumerate() {
            let share = if total > 0.0 { c.width.max(0.0) / total } else { 1.0 / ncols as f32 };
            let right = if i + 1 == t.columns.len() { self.left + self.width } else { x + share * self.width };
            edges.push((x, right));
            x = right;
        }
        if edges.is_empty() {
            return;
        }
        self.tables.push(edges.clone());
        let aligns: Vec<Align> = t.columns.iter().map(|c| c.align).collect();

        // Header row.
        let header_cells: Vec<Vec<WrappedLine>> = t
            .columns
            .iter()
            .zip(&edges)
            .map(|(c, (l, r))| {
                let spans = self.spans(&[(c.header.clone(), Weight::Bold)]);
                wrap(self.fonts, &spans, TABLE_SIZE, r - l - 2.0 * CELL_PAD_X)
            })
            .collect();
        let header_lines = header_cells.iter().map(Vec::len).max().unwrap_or(1);
        let header_h = header_lines as f32 * TABLE_LEADING + 2.0 * CELL_PAD_Y;
        let mut prims = vec![Placed::Fill {
            x: edges[0].0,
            y: 0.0,
            width: edges[edges.len() - 1].1 - edges[0].0,
            height: header_h,
            gray: HEADER_FILL_GRAY,
        }];
        for (col, (cell, (l, r))) in header_cells.iter().zip(&edges).enumerate() {
            text_lines(
                self.fonts,
                cell,
                l + CELL_PAD_X,
                r - l - 2.0 * CELL_PAD_X,
                CELL_PAD_Y,
                Set {
                    size: TABLE_SIZE,
                    leading: TABLE_LEADING,
                    align: aligns[col],
                    role: Role::TableHeader { table: index, col },
                },
                &mut prims,
            );
        }
        grid(&edges, header_h, &mut prims);
        let header = Item {
            height: header_h,
            space_before: TABLE_SPACE,
            keep_with_next: !t.rows.is_empty(),
            kind: Kind::TableHeader(index),
            prims,
            split: None,
        };
        self.headers.push(Some(header.clone()));
        self.push(header);

        // Rows. A row taller than a page (below a repeated header) is split
        // by the paginator where the page ends.
        let room = self.body_height - header_h;
        for (ri, row) in t.rows.iter().enumerate() {
            let cells: Vec<Vec<WrappedLine>> = edges
                .iter()
                .enumerate()
                .map(|(ci, (l, r))| {
                    let text = row.get(ci).cloned().unwrap_or_default();
                    let spans = self.spans(&[(text, Weight::Regular)]);
                    wrap(self.fonts, &spans, TABLE_SIZE, r - l - 2.0 * CELL_PAD_X)
                })
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let last_row = ri + 1 == t.rows.len();
            let first_col = row.first().map(|c| c.lines().next().unwrap_or("").trim().to_string()).unwrap_or_default();
            let continued = wrap(
                self.fonts,
                &self.spans(&[(format!("{first_col} (forts.)"), Weight::Regular)]),
                TABLE_SIZE,
                edges[0].1 - edges[0].0 - 2.0 * CELL_PAD_X,
            );
            let split = RowSplit {
                min_first: cells[0].len().max(MIN_FIRST_LINES),
                cells,
                continued,
                edges: edges.clone(),
                aligns: aligns.clone(),
                table: index,
                row: ri,
                lines,
            };
            let mut item = split.part(self.fonts, 0, lines);
            item.keep_with_next = t.keep_rows_together && !last_row;
            if item.height > room + EPS {
                item.split = Some(std::rc::Rc::new(split));
            }
            self.push(item);
        }
    }
}

/// A split row's first part holds at least this many lines (and the whole
/// first column): the requirement stays with the start of its reason.
const MIN_FIRST_LINES: usize = 3;
/// A split row's later parts hold at least this many lines.
const MIN_LATER_LINES: usize = 2;

/// Cell borders of one row: top, bottom and every column edge.
fn grid(edges: &[(f32, f32)], h: f32, out: &mut Vec<Placed>) {
    let x_left = edges[0].0;
    let x_right = edges[edges.len() - 1].1;
    for y in [0.0, h] {
        out.push(Placed::Line { x1: x_left, y1: y, x2: x_right, y2: y, width: RULE_WIDTH, gray: RULE_GRAY });
    }
    let mut xs: Vec<f32> = edges.iter().map(|e| e.0).collect();
    xs.push(x_right);
    for x in xs {
        out.push(Placed::Line { x1: x, y1: 0.0, x2: x, y2: h, width: RULE_WIDTH, gray: RULE_GRAY });
    }
}

// ---------------------------------------------------------------------------
// Pagination

struct Paginator<'a> {
    fonts: &'a Fonts,
    items: &'a [Item],
    headers: &'a [Option<Item>],
    body_top: f32,
    body_bottom: f32,
    pages: Vec<LayoutPage>,
    y: f32,
    at_top: bool,
}

impl Paginator<'_> {
    fn new_page(&mut self) {
        self.pages.push(LayoutPage::default());
        self.y = self.body_top;
        self.at_top = true;
    }

    /// A new page, with the header of table `t` repeated when a row of it
    /// continues there.
    fn new_page_for(&mut self, kind: Kind) {
        self.new_page();
        if let Kind::TableRow(t) = kind {
            if let Some(h) = &self.headers[t] {
                let h = h.clone();
                self.place(&h, 0.0);
            }
        }
    }

    fn place(&mut self, item: &Item, space_before: f32) {
        let top = self.y + space_before;
        let page = self.pages.last_mut().expect("a page");
        page.items.extend(item.prims.iter().map(|p| p.shifted(top)));
        self.y = top + item.height;
        self.at_top = false;
    }

    /// Whole lines of a table row that fit below `y` on this page.
    fn lines_left(&self) -> usize {
        let room = self.body_bottom - self.y - 2.0 * CELL_PAD_Y + EPS;
        if room <= 0.0 {
            0
        } else {
            (room / TABLE_LEADING).floor() as usize
        }
    }

    /// Places a row too tall for a page in parts: the first part where the
    /// row starts (at least `min_first` lines), the rest on the following
    /// pages below the repeated header, the last part never a single line.
    fn place_split(&mut self, split: &RowSplit, kind: Kind) {
        let mut from = 0;
        let mut fresh = false;
        while from < split.lines {
            let remaining = split.lines - from;
            let need = if from == 0 {
                split.min_first.min(remaining)
            } else {
                MIN_LATER_LINES.max(split.continued.len()).min(remaining.max(split.continued.len()))
            };
            let left = self.lines_left();
            if left < need && !fresh {
                self.new_page_for(kind);
                fresh = true;
                continue;
            }
            let mut take = left.max(1).min(remaining);
            if remaining - take > 0 && remaining - take < MIN_LATER_LINES && take > need {
                take -= (MIN_LATER_LINES - (remaining - take)).min(take - need);
            }
            let part = split.part(self.fonts, from, from + take);
            self.place(&part, 0.0);
            from += take;
            if from < split.lines {
                self.new_page_for(kind);
                fresh = true;
            }
        }
    }

    fn run(mut self) -> Vec<LayoutPage> {
        let body_h = self.body_bottom - self.body_top;
        let n = self.items.len();
        for i in 0..n {
            let item = &self.items[i];
            if item.kind == Kind::PageBreak {
                if !self.at_top {
                    self.new_page();
                }
                continue;
            }
            let repeat_h = match item.kind {
                Kind::TableRow(t) => self.headers[t].as_ref().map_or(0.0, |h| h.height),
                _ => 0.0,
            };
            let sb = if self.at_top { 0.0 } else { item.space_before };
            // The chain of items that should stay on one page with this one
            // (of a row that will be split, its first part).
            let mut chain = item.keep_height();
            let mut j = i;
            while self.items[j].keep_with_next && j + 1 < n && self.items[j + 1].kind != Kind::PageBreak {
                j += 1;
                chain += self.items[j].space_before + self.items[j].keep_height();
            }
            if !self.at_top && self.y + sb + chain > self.body_bottom + EPS {
                let item_fits = self.y + sb + item.keep_height() <= self.body_bottom + EPS;
                let chain_fits_fresh = repeat_h + chain <= body_h + EPS;
                if !item_fits || chain_fits_fresh {
                    self.new_page_for(item.kind);
                }
            }
            match &item.split {
                Some(split) => {
                    let split = split.clone();
                    self.place_split(&split, item.kind);
                }
                None => {
                    let sb = if self.at_top { 0.0 } else { item.space_before };
                    self.place(item, sb);
                }
            }
        }
        self.pages
    }
}

// ---------------------------------------------------------------------------
// Running header and footer

fn running_header(fonts: &Fonts, doc: &Document, left: f32, width: f32) -> (Vec<Placed>, f32) {
    let left_w = width * 0.62;
    let right_w = width - left_w - 12.0;
    let mut prims = Vec::new();
    let mut y = MARGIN_TOP;
    for (i, line) in doc.header_left.iter().enumerate() {
        let weight = if i == 0 { Weight::Bold } else { Weight::Regular };
        let text = sanitize(fonts.face(weight), line);
        let lines = wrap(fonts, &[(text, weight)], HEADER_SIZE, left_w);
        text_lines(
            fonts,
            &lines,
            left,
            left_w,
            y,
            Set {
                size: HEADER_SIZE,
                leading: HEADER_LEADING,
                align: Align::Left,
                role: Role::Header,
            },
            &mut prims,
        );
        y += lines.len() as f32 * HEADER_LEADING;
    }
    let left_bottom = y;
    let mut y = MARGIN_TOP;
    for line in &doc.header_right {
        let text = sanitize(&fonts.regular, line);
        let lines = wrap(fonts, &[(text, Weight::Regular)], HEADER_SIZE, right_w);
        text_lines(
            fonts,
            &lines,
            left + width - right_w,
            right_w,
            y,
            Set {
                size: HEADER_SIZE,
                leading: HEADER_LEADING,
                align: Align::Right,
                role: Role::Header,
            },
            &mut prims,
        );
        y += lines.len() as f32 * HEADER_LEADING;
    }
    let bottom = left_bottom.max(y);
    if bottom > MARGIN_TOP {
        let rule = bottom + 3.0;
        prims.push(Placed::Line {
            x1: left,
            y1: rule,
            x2: left + width,
            y2: rule,
            width: RULE_WIDTH,
            gray: RULE_GRAY,
        });
        (prims, rule + 14.0)
    } else {
        (prims, MARGIN_TOP)
    }
}

/// Top of the footer rule.
fn footer_rule_y() -> f32 {
    PAGE_HEIGHT - MARGIN_BOTTOM - HEADER_LEADING - 3.0
}

fn footer(fonts: &Fonts, page: usize, pages: usize, left: f32, width: f32) -> Vec<Placed> {
    let mut prims = Vec::new();
    let rule = footer_rule_y();
    prims.push(Placed::Line {
        x1: left,
        y1: rule,
        x2: left + width,
        y2: rule,
        width: RULE_WIDTH,
        gray: RULE_GRAY,
    });
    let text = format!("Sida {page} av {pages}");
    let lines = wrap(fonts, &[(text, Weight::Regular)], HEADER_SIZE, width);
    text_lines(
        fonts,
        &lines,
        left,
        width,
        PAGE_HEIGHT - MARGIN_BOTTOM - HEADER_LEADING,
        Set {
            size: HEADER_SIZE,
            leading: HEADER_LEADING,
            align: Align::Right,
            role: Role::Footer,
        },
        &mut prims,
    );
    prims
}

/// Lay out `doc`.
pub fn layout(doc: &Document) -> Result<Layout, PdfError> {
    let fonts = fonts()?;
    let left = MARGIN_LEFT;
    let width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    let (header_prims, body_top) = running_header(fonts, doc, left, width);
    let body_bottom = footer_rule_y() - 10.0;
    let body_height = body_bottom - body_top;

    let mut b = Builder {
        fonts,
        left,
        width,
        body_height,
        items: Vec::new(),
        headers: Vec::new(),
        tables: Vec::new(),
        extra_space: 0.0,
    };
    for (index, block) in doc.blocks.iter().enumerate() {
        let first_item = b.items.len();
        match block {
            Block::Heading(level, text) => b.heading(*level, text),
            Block::Paragraph(p) => b.paragraph(p),
            Block::KeyValue(rows) => b.key_value(rows),
            Block::Table(t) => b.table(t),
            Block::Spacer => b.extra_space += SPACER,
            Block::PageBreak => {
                b.extra_space = 0.0;
                b.items.push(Item {
                    height: 0.0,
                    space_before: 0.0,
                    keep_with_next: false,
                    kind: Kind::PageBreak,
                    prims: Vec::new(),
                    split: None,
                });
            }
        }
        // Tell the writer which block each line belongs to (the structure
        // tree of the tagged PDF follows the blocks).
        for item in &mut b.items[first_item..] {
            for prim in &mut item.prims {
                if let Placed::Text(t) = prim {
                    t.block = index;
                }
            }
        }
    }
    let Builder { items, headers, tables, .. } = b;

    let mut pages = Paginator {
        fonts,
        items: &items,
        headers: &headers,
        body_top,
        body_bottom,
        pages: vec![LayoutPage::default()],
        y: body_top,
        at_top: true,
    }
    .run();

    // Second pass: now that the page count is known, add header and footer.
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let mut items = header_prims.clone();
        items.extend(footer(fonts, i + 1, total, left, width));
        items.append(&mut page.items);
        page.items = items;
    }

    Ok(Layout {
        page_width: PAGE_WIDTH,
        page_height: PAGE_HEIGHT,
        margin_left: MARGIN_LEFT,
        margin_right: MARGIN_RIGHT,
        margin_top: MARGIN_TOP,
        margin_bottom: MARGIN_BOTTOM,
        body_top,
        body_bottom,
        tables,
        pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::pdf::{Column, Document};
    use chrono::NaiveDate;

    fn doc() -> Document {
        let mut d = Document::new("Test", NaiveDate::from_ymd_opt(2026, 12, 21).unwrap());
        d.header_left = vec!["Upphandling".into()];
        d.header_right = vec!["Dnr X-1".into()];
        d
    }

    fn line_texts(lines: &[WrappedLine]) -> Vec<String> {
        lines.iter().map(|l| l.runs.iter().map(|r| r.text.as_str()).collect()).collect()
    }

    #[test]
    fn wrap_breaks_at_spaces_within_width() {
        let f = fonts().unwrap();
        let text = "Leverantören har inte styrkt att omsättningen för det senaste räkenskapsåret uppgår till minst 5 000 000 kr.";
        let lines = wrap(f, &[(text.to_string(), Weight::Regular)], 10.0, 150.0);
        assert!(lines.len() >= 4, "{:?}", line_texts(&lines));
        for l in &lines {
            assert!(l.width <= 150.0 + EPS, "{l:?}");
            assert!(!l.runs[0].text.starts_with(' '));
        }
        assert_eq!(line_texts(&lines).join(" "), text);
    }

    #[test]
    fn wrap_breaks_long_words_with_a_visible_hyphen_as_a_last_resort() {
        let f = fonts().unwrap();
        let word = "x".repeat(200);
        let lines = wrap(f, &[(word.clone(), Weight::Regular)], 10.0, 100.0);
        assert!(lines.len() > 5);
        let texts = line_texts(&lines);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.width <= 100.0 + EPS);
            assert_eq!(texts[i].ends_with('-'), i + 1 < lines.len(), "{texts:?}");
        }
        let joined: String = texts.iter().map(|t| t.trim_end_matches('-')).collect();
        assert_eq!(joined, word);
    }

    #[test]
    fn long_words_break_after_hyphens_and_before_parentheses_first() {
        let f = fonts().unwrap();
        let width = |s: &str| f.face(Weight::Regular).text_width(s, 10.0);
        // "(levererade-timmar)" in a column narrower than it: after the hyphen.
        let max = width("(levererade-timmar)") - 1.0;
        let lines = line_texts(&wrap(f, &[("Krav (levererade-timmar)".into(), Weight::Regular)], 10.0, max));
        assert_eq!(lines, vec!["Krav", "(levererade-", "timmar)"]);
        // A title glued to its id: before the parenthesis.
        let max = width("(kreditvardighet)") + 1.0;
        let lines = line_texts(&wrap(f, &[("Kreditvärdighet(kreditvardighet)".into(), Weight::Regular)], 10.0, max));
        assert_eq!(lines, vec!["Kreditvärdighet", "(kreditvardighet)"]);
        // A word that fits a line of its own moves there whole, never broken.
        let max = width("Barnmorskeförmedlingen") + 1.0;
        let lines = line_texts(&wrap(f, &[("Barnmorskeförmedlingen AB".into(), Weight::Regular)], 10.0, max));
        assert_eq!(lines, vec!["Barnmorskeförmedlingen", "AB"]);
        // Only a word longer than the line is broken inside, with a hyphen.
        let max = width("Barnmorske") + 0.5;
        let lines = line_texts(&wrap(f, &[("Barnmorskeförmedlingen".into(), Weight::Regular)], 10.0, max));
        assert!(lines.len() >= 2 && lines[..lines.len() - 1].iter().all(|l| l.ends_with('-')), "{lines:?}");
    }

    #[test]
    fn wrap_keeps_hard_breaks_and_mixed_weights() {
        let f = fonts().unwrap();
        let lines = wrap(f, &[("Beslut: ".into(), Weight::Bold), ("kvalificerad\nrad två".into(), Weight::Regular)], 10.0, 400.0);
        assert_eq!(line_texts(&lines), vec!["Beslut: kvalificerad", "rad två"]);
        assert_eq!(lines[0].runs.len(), 2);
        assert_eq!(lines[0].runs[0].weight, Weight::Bold);
        assert!((lines[0].runs[1].x - lines[0].runs[0].width).abs() < 1e-3);
    }

    #[test]
    fn numbers_and_units_are_not_split() {
        let f = fonts().unwrap();
        let text = "Omsättningen 4 999 999,99 kr understiger 5 000 000 kr och 10 000 h krävs.";
        for width in [80.0, 100.0, 120.0, 150.0] {
            let lines = line_texts(&wrap(f, &[(text.to_string(), Weight::Regular)], 10.0, width));
            let joined = lines.join("|");
            for group in ["4 999 999,99 kr", "5 000 000 kr", "10 000 h"] {
                assert!(lines.iter().any(|l| l.contains(group)), "{width}: {joined}");
            }
        }
        // A space not between numbers still breaks.
        let lines = line_texts(&wrap(f, &[("zon 1 och zon 2".into(), Weight::Regular)], 10.0, 40.0));
        assert!(lines.len() > 1);
    }

    #[test]
    fn empty_doc_has_one_page_with_footer() {
        let l = layout(&doc()).unwrap();
        assert_eq!(l.pages.len(), 1);
        assert!(l.pages[0].texts().any(|t| t.text == "Sida 1 av 1"));
    }

    #[test]
    fn heading_is_not_orphaned() {
        let mut d = doc();
        // Fill the page nearly to the bottom, then a heading and a paragraph.
        let l0 = layout(&d).unwrap();
        let avail = l0.body_bottom - l0.body_top;
        let lines = ((avail - 20.0) / BODY_LEADING) as usize;
        d.blocks.push(Block::paragraph(vec!["rad"; lines].join("\n")));
        d.blocks.push(Block::heading(2, "Rubrik"));
        d.blocks.push(Block::paragraph("Första raden.\nAndra raden.\nTredje raden."));
        let l = layout(&d).unwrap();
        assert_eq!(l.pages.len(), 2);
        assert!(l.pages[1].texts().any(|t| t.text == "Rubrik"));
        assert!(!l.pages[0].texts().any(|t| t.text == "Rubrik"));
    }

    #[test]
    fn table_header_repeats_and_rows_stay_whole() {
        let mut d = doc();
        let rows: Vec<Vec<String>> = (0..120)
            .map(|i| vec![format!("Rad {i}"), "Ett skäl som är så långt att det måste radbrytas i sin kolumn flera gånger om.".into()])
            .collect();
        d.blocks.push(Block::Table(Table::new(vec![Column::new("Krav", 0.25), Column::new("Skäl", 0.75)], rows)));
        let l = layout(&d).unwrap();
        assert!(l.pages.len() >= 3);
        for page in &l.pages {
            let headers = page.texts().filter(|t| matches!(t.role, Role::TableHeader { col: 0, .. })).count();
            assert_eq!(headers, 1);
            // Every row on the page has all its lines on the page.
            let mut rows: Vec<usize> = page
                .texts()
                .filter_map(|t| match t.role {
                    Role::Cell { row, col: 1, .. } => Some(row),
                    _ => None,
                })
                .collect();
            rows.dedup();
            for r in rows {
                let on_page = page.texts().filter(|t| t.role == (Role::Cell { table: 0, row: r, col: 1 })).count();
                let total: usize =
                    l.pages.iter().map(|p| p.texts().filter(|t| t.role == (Role::Cell { table: 0, row: r, col: 1 })).count()).sum();
                assert_eq!(on_page, total, "row {r} split");
            }
        }
    }

    #[test]
    fn a_row_taller_than_a_page_starts_where_its_heading_is_and_continues_marked() {
        let mut d = doc();
        let l0 = layout(&d).unwrap();
        let avail = l0.body_bottom - l0.body_top;
        // Half a page of text, then a heading and a table whose only row is longer than a page.
        let lines = (avail / 2.0 / BODY_LEADING) as usize;
        d.blocks.push(Block::paragraph(vec!["rad"; lines].join("\n")));
        d.blocks.push(Block::heading(3, "Leverantör AB"));
        let huge = vec!["motivering"; 1500].join(" ");
        d.blocks.push(Block::Table(Table::new(
            vec![Column::new("Krav", 0.3), Column::new("Skäl", 0.7)],
            vec![vec!["Omsättning\n(omsattning)".into(), huge]],
        )));
        let l = layout(&d).unwrap();
        assert!(l.pages.len() >= 3);
        let first = &l.pages[0];
        assert!(first.texts().any(|t| t.text == "Leverantör AB"));
        assert!(first.texts().any(|t| t.text == "(omsattning)"), "the whole first column starts with the row");
        assert!(first.texts().filter(|t| t.role == (Role::Cell { table: 0, row: 0, col: 1 })).count() >= MIN_FIRST_LINES);
        for p in &l.pages[1..] {
            assert!(p.texts().any(|t| t.role == Role::TableHeader { table: 0, col: 0 }), "the header repeats");
            assert!(p.texts().any(|t| t.role == Role::RowContinued { table: 0, row: 0 } && t.text == "Omsättning (forts.)"));
            assert!(!p.texts().any(|t| t.role == (Role::Cell { table: 0, row: 0, col: 0 })));
        }
        // The last part is never a single line.
        let last = l.pages.last().unwrap().texts().filter(|t| t.role == (Role::Cell { table: 0, row: 0, col: 1 })).count();
        assert!(last >= MIN_LATER_LINES, "{last}");
    }

    #[test]
    fn a_row_that_fits_a_page_of_its_own_is_moved_whole() {
        let mut d = doc();
        let l0 = layout(&d).unwrap();
        let avail = l0.body_bottom - l0.body_top;
        let lines = ((avail - 60.0) / BODY_LEADING) as usize;
        d.blocks.push(Block::paragraph(vec!["rad"; lines].join("\n")));
        d.blocks.push(Block::Table(Table::new(
            vec![Column::new("Krav", 0.3), Column::new("Skäl", 0.7)],
            vec![vec!["Omsättning".into(), vec!["ord"; 60].join(" ")]],
        )));
        let l = layout(&d).unwrap();
        assert_eq!(l.pages.len(), 2);
        assert!(!l.pages[0].texts().any(|t| matches!(t.role, Role::Cell { .. } | Role::TableHeader { .. })));
    }

    #[test]
    fn giant_row_is_split_as_last_resort() {
        let mut d = doc();
        let huge = vec!["ord"; 3000].join(" ");
        d.blocks.push(Block::Table(Table::new(vec![Column::new("A", 0.2), Column::new("B", 0.8)], vec![vec!["a".into(), huge]])));
        let l = layout(&d).unwrap();
        assert!(l.pages.len() >= 2);
        for p in &l.pages {
            for t in p.texts() {
                assert!(t.top + t.height <= l.page_height - l.margin_bottom + EPS);
            }
        }
    }
}
