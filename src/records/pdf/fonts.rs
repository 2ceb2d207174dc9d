//! The shipped fonts (DejaVu Sans, regular and bold): metrics for layout,
//! parsed once per process, and per-document subsetting for embedding.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use sha2::{Digest, Sha256};

use super::PdfError;

static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Which of the two shipped faces a run of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

/// Glyphs below this code point are looked up in a flat table.
const FAST_RANGE: usize = 0x2200;

/// One face, parsed once: what layout needs (character → glyph, glyph
/// advances) and what the PDF font descriptor needs.
pub(crate) struct Face {
    pub name: &'static str,
    pub bytes: &'static [u8],
    pub units_per_em: f32,
    /// hhea ascender and descender (positive, below the baseline) in em.
    pub ascent_em: f32,
    pub descent_em: f32,
    fast_gid: Vec<u16>,
    other_gid: HashMap<char, u16>,
    advances: Vec<u16>,
    /// Metrics printpdf writes into the font descriptor; its glyph maps are
    /// replaced per document by those of the subset.
    proto: printpdf::ParsedFont,
}

impl Face {
    fn parse(name: &'static str, bytes: &'static [u8]) -> Result<Face, PdfError> {
        let mut warnings = Vec::new();
        let mut parsed = printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| PdfError::Font(format!("cannot parse {name}: {warnings:?}")))?;
        let mut fast_gid = vec![0u16; FAST_RANGE];
        let mut other_gid = HashMap::new();
        for (&cp, &gid) in &parsed.codepoint_to_glyph {
            if (cp as usize) < FAST_RANGE {
                fast_gid[cp as usize] = gid;
            } else if let Some(c) = char::from_u32(cp) {
                other_gid.insert(c, gid);
            }
        }
        let max_gid = parsed.glyph_widths.keys().next_back().copied().unwrap_or(0);
        let mut advances = vec![0u16; max_gid as usize + 1];
        for (&gid, &w) in &parsed.glyph_widths {
            advances[gid as usize] = w;
        }
        let units_per_em = parsed.units_per_em as f32;
        let ascent_em = parsed.font_metrics.ascent as f32 / units_per_em;
        let descent_em = -(parsed.font_metrics.descent as f32) / units_per_em;
        // Keep only the descriptor metrics in the prototype.
        parsed.original_bytes = Vec::new();
        parsed.codepoint_to_glyph = BTreeMap::new();
        parsed.glyph_widths = BTreeMap::new();
        Ok(Face {
            name,
            bytes,
            units_per_em,
            ascent_em,
            descent_em,
            fast_gid,
            other_gid,
            advances,
            proto: parsed,
        })
    }

    /// The glyph for `c`, if the face has one (never .notdef).
    pub fn glyph(&self, c: char) -> Option<u16> {
        let gid = if (c as usize) < FAST_RANGE { self.fast_gid[c as usize] } else { self.other_gid.get(&c).copied().unwrap_or(0) };
        (gid != 0).then_some(gid)
    }

    /// Advance width of glyph `gid` in font units.
    pub fn advance(&self, gid: u16) -> u16 {
        self.advances.get(gid as usize).copied().unwrap_or(0)
    }

    /// Width of `c` in em (1.0 = font size). Characters the face lacks count
    /// as the replacement they will be drawn with.
    pub fn char_width_em(&self, c: char) -> f32 {
        match self.glyph(c) {
            Some(gid) => self.advance(gid) as f32 / self.units_per_em,
            None => self.glyph('?').map(|g| self.advance(g) as f32 / self.units_per_em).unwrap_or(0.5),
        }
    }

    /// Width of `text` in points at `size`.
    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| match self.glyph(c) {
                Some(gid) => self.advance(gid) as u32,
                None => self.glyph('?').map(|g| self.advance(g) as u32).unwrap_or(0),
            })
            .sum();
        units as f32 / self.units_per_em * size
    }

    /// Build a subset of this face holding exactly the glyphs for `chars`
    /// (plus .notdef and composite components), and a printpdf font whose
    /// character map and widths refer to the subset's renumbered glyphs.
    pub fn subset_for(&self, chars: &BTreeSet<char>) -> Result<printpdf::ParsedFont, PdfError> {
        let mut by_gid: BTreeMap<u16, Vec<char>> = BTreeMap::new();
        for &c in chars {
            if let Some(gid) = self.glyph(c) {
                by_gid.entry(gid).or_default().push(c);
            }
        }
        let mut glyphs: Vec<u16> = Vec::with_capacity(by_gid.len() + 1);
        glyphs.push(0);
        glyphs.extend(by_gid.keys().copied());

        let font_data =
            ReadScope::new(self.bytes).read::<FontData<'_>>().map_err(|e| PdfError::Font(format!("{}: {e}", self.name)))?;
        let provider = font_data.table_provider(0).map_err(|e| PdfError::Font(format!("{}: {e}", self.name)))?;
        let bytes = subset(&provider, &glyphs, &SubsetProfile::Pdf, CmapTarget::Unrestricted)
            .map_err(|e| PdfError::Font(format!("subsetting {}: {e}", self.name)))?;

        // allsorts numbers the subset's glyphs in the order given (components
        // of composite glyphs are appended after them).
        let mut codepoint_to_glyph = BTreeMap::new();
        let mut glyph_widths = BTreeMap::new();
        for (new_gid, &old_gid) in glyphs.iter().enumerate() {
            let new_gid = new_gid as u16;
            glyph_widths.insert(new_gid, self.advance(old_gid));
            if let Some(cs) = by_gid.get(&old_gid) {
                for &c in cs {
                    codepoint_to_glyph.insert(c as u32, new_gid);
                }
            }
        }

        // The subset tag (ISO 32000-1, 9.6.4): six capitals derived from the
        // glyph set, so the same text gives the same name.
        let mut hasher = Sha256::new();
        hasher.update(self.name.as_bytes());
        for g in &glyphs {
            hasher.update(g.to_be_bytes());
        }
        let digest = hasher.finalize();
        let tag: String = digest[..6].iter().map(|b| (b'A' + b % 26) as char).collect();

        let mut font = self.proto.clone();
        font.original_bytes = bytes;
        font.font_name = Some(format!("{tag}+{}", self.name));
        font.codepoint_to_glyph = codepoint_to_glyph;
        font.glyph_widths = glyph_widths;
        Ok(font)
    }
}

pub(crate) struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn face(&self, w: Weight) -> &Face {
        match w {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

static FONTS: OnceLock<Result<Fonts, PdfError>> = OnceLock::new();

/// The shipped faces, parsed on first use.
pub(crate) fn fonts() -> Result<&'static Fonts, PdfError> {
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: Face::parse("DejaVuSans", REGULAR_TTF)?,
                bold: Face::parse("DejaVuSans-Bold", BOLD_TTF)?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Make `text` drawable with `face`: tabs become spaces, other control
/// characters are dropped, characters the face lacks are replaced by a
/// close equivalent or `?` (a PDF/A file must not show .notdef).
pub(crate) fn sanitize(face: &Face, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\r' => {}
            c if c.is_control() => {}
            // Zero-width characters and soft hyphens are not drawn.
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            c if face.glyph(c).is_some() => out.push(c),
            c => out.push(fallback(face, c)),
        }
    }
    out
}

fn fallback(face: &Face, c: char) -> char {
    let candidates: &[char] = match c {
        '\u{202F}' | '\u{2007}' | '\u{2009}' | '\u{200A}' => &['\u{00A0}', ' '],
        '\u{2000}'..='\u{2006}' | '\u{2008}' | '\u{3000}' => &[' '],
        '\u{2010}' | '\u{2011}' | '\u{2012}' => &['-'],
        '\u{2212}' => &['-'],
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => &['\''],
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => &['"'],
        _ => &[],
    };
    candidates.iter().copied().find(|&r| r == ' ' || face.glyph(r).is_some()).unwrap_or('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_coverage() {
        let f = fonts().unwrap();
        for face in [&f.regular, &f.bold] {
            for c in "åäöÅÄÖéÉüÜ–—§½€ 0123456789,.:;()%/".chars() {
                assert!(face.glyph(c).is_some(), "{} lacks {c:?}", face.name);
            }
        }
    }

    #[test]
    fn widths_are_positive_and_bold_is_wider() {
        let f = fonts().unwrap();
        let r = f.regular.text_width("Kvalificeringsbeslut", 10.0);
        let b = f.bold.text_width("Kvalificeringsbeslut", 10.0);
        assert!(r > 50.0 && r < 150.0, "{r}");
        assert!(b > r);
    }

    #[test]
    fn sanitize_replaces_missing_and_control() {
        let f = fonts().unwrap();
        assert_eq!(sanitize(&f.regular, "a\tb\u{0007}c"), "a bc");
        assert_eq!(sanitize(&f.regular, "x\u{6F22}y"), "x?y");
    }

    #[test]
    fn subset_maps_chars_to_new_glyphs() {
        let f = fonts().unwrap();
        let chars: BTreeSet<char> = "Åsa är här".chars().collect();
        let sub = f.regular.subset_for(&chars).unwrap();
        assert!(sub.original_bytes.len() < 40_000, "{}", sub.original_bytes.len());
        assert!(sub.font_name.as_deref().unwrap().ends_with("+DejaVuSans"));
        for c in chars {
            let gid = sub.codepoint_to_glyph[&(c as u32)];
            assert!(gid > 0);
            let orig = f.regular.glyph(c).unwrap();
            assert_eq!(sub.glyph_widths[&gid], f.regular.advance(orig));
        }
    }
}
