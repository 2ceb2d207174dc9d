//! The shipped fonts (DejaVu Sans, regular and bold): metrics for layout,
//! parsed once per process, and per-document subsetting for embedding.

use std::collections::HashMap;
use std::sync::OnceLock;

use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

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
    pub units_per_em: f32,
    /// hhea ascender and descender (positive, below the baseline) in em.
    pub ascent_em: f32,
    pub descent_em: f32,
    fast_gid: Vec<u16>,
    other_gid: HashMap<char, u16>,
    advances: Vec<u16>,
    /// The face for the PDF writer (krilla subsets it per document).
    pub pdf: krilla::text::Font,
}

impl Face {
    fn parse(name: &'static str, bytes: &'static [u8]) -> Result<Face, PdfError> {
        let bad = |e: &dyn std::fmt::Display| PdfError::Font(format!("cannot parse {name}: {e}"));
        let font = FontRef::new(bytes).map_err(|e| bad(&e))?;
        let mut fast_gid = vec![0u16; FAST_RANGE];
        let mut other_gid = HashMap::new();
        for (cp, gid) in font.charmap().mappings() {
            let Ok(gid) = u16::try_from(gid.to_u32()) else { continue };
            if (cp as usize) < FAST_RANGE {
                fast_gid[cp as usize] = gid;
            } else if let Some(c) = char::from_u32(cp) {
                other_gid.insert(c, gid);
            }
        }
        let hmtx = font.hmtx().map_err(|e| bad(&e))?;
        let glyphs = font.maxp().map_err(|e| bad(&e))?.num_glyphs();
        let advances = (0..glyphs).map(|g| hmtx.advance(skrifa::GlyphId::new(u32::from(g))).unwrap_or(0)).collect();
        let units_per_em = f32::from(font.head().map_err(|e| bad(&e))?.units_per_em());
        let hhea = font.hhea().map_err(|e| bad(&e))?;
        let ascent_em = f32::from(hhea.ascender().to_i16()) / units_per_em;
        let descent_em = -f32::from(hhea.descender().to_i16()) / units_per_em;
        let pdf = krilla::text::Font::new(bytes.into(), 0).ok_or_else(|| bad(&"krilla"))?;
        Ok(Face { units_per_em, ascent_em, descent_em, fast_gid, other_gid, advances, pdf })
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
        for (name, face) in [("regular", &f.regular), ("bold", &f.bold)] {
            for c in "åäöÅÄÖéÉüÜ–—§½€ 0123456789,.:;()%/".chars() {
                assert!(face.glyph(c).is_some(), "{name} lacks {c:?}");
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
}
