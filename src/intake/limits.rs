//! What a bid workbook can need, checked before calamine builds anything (issue 12, "Checked
//! before it is parsed"). calamine reads a sheet into a dense grid from its first to its last used
//! cell and inflates every shared string; a hostile or broken file (a cell in A1 and one in
//! XFD1048576, a shared-strings bomb, ten thousand zip entries) would make it allocate gigabytes.
//! These checks read only the zip directory and stream each sheet's XML with a cap on what is
//! inflated, so no input makes them, or the parser after them, allocate more than the limits
//! below allow. Every limit is a constant here, documented in docs/workbook-limits.md, and a
//! refusal says which limit and by how much, in Swedish.

use std::io::{Cursor, Read};

/// The largest workbook file accepted (a filled bid workbook is 20–60 kB).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The most entries a workbook's zip may hold (the template has about 15).
pub const MAX_ZIP_ENTRIES: usize = 500;
/// The largest a single entry may inflate to.
pub const MAX_ENTRY_BYTES: u64 = 32 * 1024 * 1024;
/// The largest all entries together may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// The highest compression ratio of an entry larger than [`RATIO_FLOOR_BYTES`] when inflated
/// (XML compresses about 10:1; a bomb about 1000:1).
pub const MAX_RATIO: u64 = 200;
pub const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;
/// The used range of a sheet: rows and columns (the template's longest sheet has a few hundred
/// rows and a dozen columns).
pub const MAX_ROWS: u64 = 5_000;
pub const MAX_COLUMNS: u64 = 100;
/// The cells of all an .xls's sheets' used ranges together: calamine builds every sheet's grid
/// when it opens an .xls (about 32 bytes a cell), so many sheets, or one sheet named many times,
/// must not add up (the template has a handful of sheets).
pub const MAX_XLS_GRID_CELLS: u64 = 2_000_000;
/// The most characters in one cell's text (shared string or inline).
pub const MAX_CELL_CHARS: usize = 10_000;
/// The deepest XML nesting accepted (a worksheet is about 6 deep).
pub const MAX_XML_DEPTH: usize = 64;

/// Why a workbook is refused before it is parsed: one Swedish sentence naming the limit.
pub type LimitError = String;

fn mb(n: u64) -> String {
    format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
}

/// Checks a workbook's bytes against the limits. `Ok` says nothing about whether it is a valid
/// bid workbook, only that reading it stays within bounds.
pub fn check(bytes: &[u8]) -> Result<(), LimitError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "Filen är {} stor; en anbudsfil får vara högst {} (gränsen överskrids med {}).",
            mb(bytes.len() as u64),
            mb(MAX_FILE_BYTES),
            mb(bytes.len() as u64 - MAX_FILE_BYTES)
        ));
    }
    if bytes.is_empty() {
        return Err("Filen är tom (0 byte).".into());
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return check_zip(bytes);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        return check_cfb(bytes);
    }
    Ok(())
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector numbers at or above this are markers (free, end of chain, FAT, DIFAT), not sectors.
const CFB_MAX_REG: u32 = 0xFFFF_FFFA;
/// The end of a chain.
const CFB_ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// DIFAT entries at or above this name no FAT sector.
const CFB_DIFSECT: u32 = 0xFFFF_FFFC;
/// A stream shorter than this lives in the mini stream (calamine's cutoff, the format's 4096).
const CFB_MINI_CUTOFF: usize = 4096;
/// The size of a mini sector.
const CFB_MINI_SECTOR: usize = 64;

fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]])).unwrap_or(u32::MAX)
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

fn broken_xls(what: &str) -> LimitError {
    format!("Filen är en skadad .xls-fil ({what}); den kan inte läsas.")
}

/// An .xls is a compound file (CFB), and calamine's reader (0.38: `cfb::Cfb::new`, then
/// `get_stream("Workbook")`) trusts its header, FAT and directory: it reads the directory's chain
/// "to its end" and a stream's chain for as long as the directory says the stream is, so a chain
/// that loops makes it grow a buffer without end (a fuzz finding, docs/fuzzing.md: the root
/// entry's mini stream, said to be gigabytes long, on a chain that points back at itself). So the compound file is
/// read here the way calamine reads it: the FAT from the header's 109 DIFAT entries and the DIFAT
/// chain (calamine ignores the header's count), the directory's chain, the root's mini stream and
/// the mini FAT, the first entry named Workbook (else Book) as calamine finds it; with every chain
/// walked within as many steps as the file has sectors (more is a loop), every sector number at
/// most the one calamine reads up to, and every mini sector inside the mini stream (past it
/// calamine reads on in the file). What calamine then builds from the workbook stream is checked
/// record by record ([`check_biff_cells`]). Nothing here holds more than a few times the file.
fn check_cfb(bytes: &[u8]) -> Result<(), LimitError> {
    if bytes.len() < 512 {
        return Err(broken_xls("huvudet är avkortat"));
    }
    let size = match u16::from_le_bytes([bytes[0x1E], bytes[0x1F]]) {
        9 => 512,
        12 => 4096,
        _ => return Err(broken_xls("okänd sektorstorlek")),
    };
    if bytes.len() < size {
        return Err(broken_xls("huvudet är avkortat"));
    }
    // calamine reads sectors 0 to len / size (the last may be short or empty).
    let maxid = (bytes.len() / size) as u32;
    let steps = maxid as usize + 1;
    let sector = |id: u32| -> Result<&[u8], LimitError> {
        if id > maxid {
            return Err(broken_xls("en sektor pekar utanför filen"));
        }
        let start = (id as usize + 1) * size;
        Ok(bytes.get(start..bytes.len().min(start + size)).unwrap_or(&[]))
    };

    // The DIFAT: the header's 109 entries, then its chain (a sector's last entry is the next).
    let mut difat: Vec<u32> = words(&bytes[76..512]).collect();
    let mut id = le32(bytes, 0x44);
    let mut walked = 0;
    while id < CFB_MAX_REG {
        walked += 1;
        if walked > steps {
            return Err(broken_xls("DIFAT-tabellens kedja går i ring"));
        }
        difat.extend(words(sector(id)?));
        id = difat.pop().ok_or_else(|| broken_xls("DIFAT-tabellen är tom"))?;
    }
    // The FAT: every DIFAT entry that names a sector is a FAT sector.
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|s| *s < CFB_DIFSECT).collect();
    if fat_sectors.len() > steps {
        return Err(broken_xls("FAT-tabellen är större än filen"));
    }
    let mut fat: Vec<u32> = Vec::with_capacity(fat_sectors.len() * size / 4);
    for s in fat_sectors {
        fat.extend(words(sector(s)?));
    }
    let chain = |start: u32, len: usize, what: &str| read_chain(start, &fat, len, steps, &sector, what);

    // The directory, 128 bytes an entry.
    let directory = chain(le32(bytes, 0x30), usize::MAX, "katalogen")?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let version = u16::from_le_bytes([bytes[0x1A], bytes[0x1B]]);
    let Some(root) = entries.first().filter(|root| version == 3 || le32(root, 116) != CFB_ENDOFCHAIN) else {
        return Err(broken_xls("rotkatalogen saknas"));
    };
    if entries.iter().any(|e| e[66] > 5) {
        return Err(broken_xls("okänd katalogpost"));
    }
    let stream_len = |entry: &[u8]| -> usize {
        if size == 512 {
            le32(entry, 120) as usize
        } else {
            usize::try_from(u64::from_le_bytes(entry[120..128].try_into().expect("8 bytes"))).unwrap_or(usize::MAX)
        }
    };
    // The mini stream (the root entry's stream) and the mini FAT, when the header has one.
    let mini_fat_len = le32(bytes, 0x40) as usize;
    let (mini_stream, mini_fat): (Vec<u8>, Vec<u32>) = if mini_fat_len > 0 {
        let mini_stream = chain(le32(root, 116), stream_len(root), "ministrömmen")?;
        let mini_fat = chain(le32(bytes, 0x3C), mini_fat_len.saturating_mul(size), "minitabellen")?;
        (mini_stream, words(&mini_fat).collect())
    } else {
        (Vec::new(), Vec::new())
    };

    // The workbook stream, from the first entry calamine finds by name.
    let named = |name: &str| entries.iter().find(|e| entry_name(e).eq_ignore_ascii_case(name));
    let Some(workbook) = named("Workbook").or_else(|| named("Book")) else { return Ok(()) };
    let (start, len) = (le32(workbook, 116), stream_len(workbook));
    let stream = if len < CFB_MINI_CUTOFF {
        let mini_sector = |id: u32| -> Result<&[u8], LimitError> {
            let at = id as usize * CFB_MINI_SECTOR;
            mini_stream.get(at..at + CFB_MINI_SECTOR).ok_or_else(|| broken_xls("en minisektor ligger utanför ministrömmen"))
        };
        read_chain(start, &mini_fat, len, mini_stream.len() / CFB_MINI_SECTOR + 1, &mini_sector, "arbetsbokens ström")?
    } else {
        chain(start, len, "arbetsbokens ström")?
    };
    check_biff_cells(&stream)
}

/// A directory entry's name as calamine reads it: its 64 bytes as UTF-16 up to the first NUL
/// (the length field at offset 64 is not used).
fn entry_name(entry: &[u8]) -> String {
    let units: Vec<u16> = entry[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|u| *u != 0).collect();
    String::from_utf16_lossy(&units)
}

/// A chain as calamine's `get_chain` reads it: sectors from `start` along `fat` until the end of
/// the chain or `len` bytes, refused when it takes more than `steps` sectors (it loops), names a
/// sector past the file (`sector` says) or a number past the FAT.
fn read_chain<'a>(
    start: u32,
    fat: &[u32],
    len: usize,
    steps: usize,
    sector: &dyn Fn(u32) -> Result<&'a [u8], LimitError>,
    what: &str,
) -> Result<Vec<u8>, LimitError> {
    let mut out = Vec::new();
    let mut id = start;
    let mut walked = 0;
    while id != CFB_ENDOFCHAIN {
        walked += 1;
        if walked > steps {
            return Err(broken_xls(&format!("{what}: kedjan går i ring")));
        }
        let data = sector(id)?;
        out.extend_from_slice(&data[..data.len().min(len - out.len())]);
        if out.len() >= len {
            break;
        }
        id = *fat.get(id as usize).ok_or_else(|| broken_xls(&format!("{what}: kedjan pekar utanför FAT-tabellen")))?;
    }
    Ok(out)
}

/// The records of an .xls's workbook stream, read from `stream` on as calamine reads them: a
/// CONTINUE record is part of the record before it; a record cut short ends the reading (calamine
/// then fails the workbook, having built nothing more).
fn biff_records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    const CONTINUE: u16 = 0x003C;
    let kind_at = |d: &[u8]| u16::from_le_bytes([d[0], d[1]]);
    let len_at = |d: &[u8]| u16::from_le_bytes([d[2], d[3]]) as usize;
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 || rest.len() < len_at(rest) + 4 {
            return None;
        }
        let (kind, len) = (kind_at(rest), len_at(rest));
        let data = &rest[4..4 + len];
        rest = &rest[4 + len..];
        while rest.len() > 4 && kind_at(rest) == CONTINUE {
            if rest.len() < len_at(rest) + 4 {
                rest = &[];
                return None;
            }
            rest = &rest[4 + len_at(rest)..];
        }
        Some((kind, data))
    })
}

/// The BIFF records of an .xls's workbook stream, walked as calamine walks them when it opens
/// the file (it builds every sheet's grid then): the sheets are found where the globals' BOUNDSHEET
/// records say, and in each (embedded charts skipped) the DIMENSIONS record calamine reserves
/// cells for and every cell record's row and column must make a used range within [`MAX_ROWS`] ×
/// [`MAX_COLUMNS`], and all sheets' grids together at most [`MAX_XLS_GRID_CELLS`] cells.
fn check_biff_cells(stream: &[u8]) -> Result<(), LimitError> {
    const BOF: u16 = 0x0809;
    const EOF: u16 = 0x000A;
    const FILEPASS: u16 = 0x002F;
    const BOUNDSHEET: u16 = 0x0085;
    const DIMENSIONS: u16 = 0x0200;
    let u16_at = |d: &[u8], i: usize| d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u32);
    let u32_at = |d: &[u8], i: usize| d.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let too_large = |sheet: usize, rows: u64, cols: u64, example: Option<(u64, u64)>| {
        let example = example.map(|(r, c)| format!(" (till exempel cellen {}{})", column_letters(c + 1), r + 1)).unwrap_or_default();
        format!("Blad {sheet} i .xls-filen använder {rows} rader och {cols} kolumner{example}; högst {MAX_ROWS} rader och {MAX_COLUMNS} kolumner godtas.")
    };

    // The globals: where each sheet begins. An encrypted file is not read further by calamine.
    let mut positions = Vec::new();
    for (kind, data) in biff_records(stream) {
        match kind {
            FILEPASS if u16_at(data, 0) != Some(0) => return Ok(()),
            BOUNDSHEET => positions.extend(u32_at(data, 0).map(|p| p as usize)),
            EOF => break,
            _ => {}
        }
    }

    let mut grid_cells = 0u64;
    for (n, pos) in positions.into_iter().enumerate() {
        let sheet = n + 1;
        // A position past the stream's end is calamine's panic (contained): no grid.
        let Some(records) = stream.get(pos..) else { continue };
        let (mut min_row, mut max_row, mut min_col, mut max_col) = (u64::MAX, 0u64, u64::MAX, 0u64);
        let (mut seen_bof, mut depth) = (false, 0usize);
        for (kind, data) in biff_records(records) {
            if depth > 0 {
                match kind {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let cells: Option<(u32, u32, u32)> = match kind {
                BOF if seen_bof => {
                    depth += 1;
                    None
                }
                BOF => {
                    seen_bof = true;
                    None
                }
                EOF => break,
                DIMENSIONS => {
                    // As calamine's parse_dimensions: first row, last row + 1, first column, last
                    // column + 1; the grid it reserves is (last − first + 1) in each, in u32.
                    let (rf, rl, cf, cl) = match data.len() {
                        10 => (u16_at(data, 0).unwrap(), u16_at(data, 2).unwrap(), u16_at(data, 4).unwrap(), u16_at(data, 6).unwrap()),
                        14 | 16 => {
                            (u32_at(data, 0).unwrap(), u32_at(data, 4).unwrap(), u16_at(data, 8).unwrap(), u16_at(data, 10).unwrap())
                        }
                        _ => break,
                    };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    let (start, end) = if rl >= 1 && cl >= 1 { ((rf, cf), (rl - 1, cl - 1)) } else { ((0, 0), (0, 0)) };
                    let rows = end.0.wrapping_sub(start.0).wrapping_add(1) as u64;
                    let cols = end.1.wrapping_sub(start.1).wrapping_add(1) as u64;
                    if rows > MAX_ROWS || cols > MAX_COLUMNS {
                        return Err(too_large(sheet, rows, cols, None));
                    }
                    None
                }
                // NUMBER, RK, LABELSST, LABEL, FORMULA, BLANK, BOOLERR, RSTRING: row, column.
                0x0203 | 0x027E | 0x00FD | 0x0204 | 0x0006 | 0x0201 | 0x0205 | 0x00D6 => {
                    u16_at(data, 0).zip(u16_at(data, 2)).map(|(r, c)| (r, c, c))
                }
                // MULRK, MULBLANK: row, first column, …, last column.
                0x00BD | 0x00BE => match (u16_at(data, 0), u16_at(data, 2), data.len().checked_sub(2).and_then(|i| u16_at(data, i))) {
                    (Some(r), Some(first), Some(last)) => Some((r, first.min(last), first.max(last))),
                    _ => None,
                },
                _ => None,
            };
            if let Some((row, first, last)) = cells {
                (min_row, max_row) = (min_row.min(row as u64), max_row.max(row as u64));
                (min_col, max_col) = (min_col.min(first as u64), max_col.max(last as u64));
            }
        }
        if min_row == u64::MAX {
            continue;
        }
        let (rows, cols) = (max_row - min_row + 1, max_col - min_col + 1);
        if rows > MAX_ROWS || cols > MAX_COLUMNS {
            return Err(too_large(sheet, rows, cols, Some((max_row, max_col))));
        }
        grid_cells += rows * cols;
        if grid_cells > MAX_XLS_GRID_CELLS {
            return Err(format!(
                "Bladen i .xls-filen använder tillsammans fler än {MAX_XLS_GRID_CELLS} celler (till och med blad {sheet}); högst {MAX_XLS_GRID_CELLS} godtas."
            ));
        }
    }
    Ok(())
}

fn check_zip(bytes: &[u8]) -> Result<(), LimitError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "Filen är en skadad eller ofullständig zip-fil (arbetsboken är trasig eller avkortad).".to_string())?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(format!(
            "Arbetsboken innehåller {} delar (zip-poster); högst {} godtas (gränsen överskrids med {}).",
            zip.len(),
            MAX_ZIP_ENTRIES,
            zip.len() - MAX_ZIP_ENTRIES
        ));
    }
    let mut total: u64 = 0;
    let mut xml_parts = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| "Arbetsbokens innehållsförteckning (zip) är skadad.".to_string())?;
        let name: String = entry.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("nr {}", i + 1));
        let (size, packed) = (entry.size(), entry.compressed_size());
        if size > MAX_ENTRY_BYTES {
            return Err(format!(
                "Delen {name} i arbetsboken packas upp till {}; högst {} godtas (gränsen överskrids med {}).",
                mb(size),
                mb(MAX_ENTRY_BYTES),
                mb(size - MAX_ENTRY_BYTES)
            ));
        }
        if size > RATIO_FLOOR_BYTES && size / packed.max(1) > MAX_RATIO {
            return Err(format!(
                "Delen {name} i arbetsboken är packad {}:1; högst {MAX_RATIO}:1 godtas (en så hårt packad del är inte ett ifyllt anbudsformulär).",
                size / packed.max(1)
            ));
        }
        total += size;
        if total > MAX_TOTAL_BYTES {
            return Err(format!("Arbetsbokens delar packas upp till mer än {}; högst {} godtas.", mb(total), mb(MAX_TOTAL_BYTES)));
        }
        let lower = name.to_ascii_lowercase();
        let is_sheet = lower.starts_with("xl/worksheets/") && lower.ends_with(".xml");
        if is_sheet || lower == "xl/sharedstrings.xml" || lower == "content.xml" {
            xml_parts.push((i, name, is_sheet || lower == "content.xml"));
        }
    }
    for (i, name, is_sheet) in xml_parts {
        let entry = zip.by_index(i).map_err(|_| format!("Delen {name} i arbetsboken kan inte packas upp."))?;
        // The declared size was checked; the stream is capped as well, in case it lies.
        let mut xml = Vec::new();
        entry
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut xml)
            .map_err(|_| format!("Delen {name} i arbetsboken kan inte packas upp (skadad eller avkortad)."))?;
        if xml.len() as u64 > MAX_ENTRY_BYTES {
            return Err(format!("Delen {name} i arbetsboken packas upp till mer än {}.", mb(MAX_ENTRY_BYTES)));
        }
        check_xml(&name, &xml, is_sheet)?;
    }
    Ok(())
}

/// A cell reference's column and row, 1-based ("XFD1048576" → (16384, 1048576)).
fn cell_ref(r: &[u8]) -> Option<(u64, u64)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters].iter().fold(0u64, |acc, b| acc * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u64);
    let row: u64 = std::str::from_utf8(&r[letters..]).ok()?.parse().ok()?;
    Some((col, row))
}

/// Streams one XML part: its nesting depth, the used range of a sheet (from the cells actually
/// present, never from `<dimension>` alone), the length of each cell's text.
fn check_xml(name: &str, xml: &[u8], is_sheet: bool) -> Result<(), LimitError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let (mut min_row, mut max_row, mut min_col, mut max_col) = (u64::MAX, 0u64, u64::MAX, 0u64);
    // ODS: rows and columns counted with their repeat attributes, up to the last row and column
    // with content (a sheet is padded to its end with repeated empty rows and cells).
    let (mut row_pos, mut row_repeat, mut row_content, mut ods_row) = (0u64, 1u64, false, 0u64);
    let (mut ods_col, mut ods_max_col) = (0u64, 0u64);
    let mut text_len = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|_| format!("Delen {name} i arbetsboken är inte giltig XML."))?;
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                if !empty {
                    depth += 1;
                    if depth > MAX_XML_DEPTH {
                        return Err(format!(
                            "Delen {name} i arbetsboken är nästlad djupare än {MAX_XML_DEPTH} nivåer; en anbudsfil är det inte."
                        ));
                    }
                }
                let local = e.local_name();
                let local = local.as_ref();
                if local == "c" && is_sheet {
                    if let Some(a) = e.try_get_attribute("r").ok().flatten() {
                        if let Some((col, row)) = cell_ref(a.value.as_bytes()) {
                            (min_row, max_row, min_col, max_col) =
                                (min_row.min(row), max_row.max(row), min_col.min(col), max_col.max(col));
                        }
                    }
                } else if local == "table-row" {
                    let repeat = repeated(e, "number-rows-repeated");
                    if empty {
                        row_pos = row_pos.saturating_add(repeat);
                    } else {
                        (row_repeat, row_content, ods_col) = (repeat, false, 0);
                    }
                } else if local == "table-cell" || local == "covered-table-cell" {
                    let repeat = repeated(e, "number-columns-repeated");
                    ods_col = ods_col.saturating_add(repeat);
                    let content = !empty || e.attributes().flatten().any(|a| a.key.local_name().as_ref() == "value-type");
                    if content {
                        row_content = true;
                        ods_max_col = ods_max_col.max(ods_col);
                    }
                }
                if local == "si" || local == "is" || local == "p" {
                    text_len = 0;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == "table-row" {
                    row_pos = row_pos.saturating_add(row_repeat);
                    if row_content {
                        ods_row = row_pos;
                    }
                }
            }
            Event::Text(t) => {
                text_len += t.len();
                if text_len > MAX_CELL_CHARS * 4 {
                    return Err(format!(
                        "En cell i delen {name} har mer än {MAX_CELL_CHARS} tecken text; en anbudsfil behöver inte så långa svar."
                    ));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if is_sheet && max_row > 0 {
        let rows = max_row - min_row + 1;
        let cols = max_col - min_col + 1;
        if rows > MAX_ROWS || cols > MAX_COLUMNS {
            return Err(format!(
                "Bladet {name} använder {rows} rader och {cols} kolumner (till exempel cellen {}{max_row}); högst {MAX_ROWS} rader och {MAX_COLUMNS} kolumner godtas.",
                column_letters(max_col)
            ));
        }
    }
    if ods_row > MAX_ROWS || ods_max_col > MAX_COLUMNS {
        return Err(format!(
            "Kalkylbladet i {name} använder {ods_row} rader och {ods_max_col} kolumner; högst {MAX_ROWS} rader och {MAX_COLUMNS} kolumner godtas."
        ));
    }
    Ok(())
}

fn repeated(e: &quick_xml::events::BytesStart<'_>, local: &str) -> u64 {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local).and_then(|a| a.value.parse().ok()).unwrap_or(1)
}

fn column_letters(mut col: u64) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let r = ((col - 1) % 26) as u8;
        out.push(b'A' + r);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_and_letters() {
        assert_eq!(cell_ref(b"A1"), Some((1, 1)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((16384, 1_048_576)));
        assert_eq!(column_letters(16384), "XFD");
        assert_eq!(column_letters(28), "AB");
    }

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    #[test]
    fn an_xls_sheets_cells_make_its_used_range() {
        let bof = record(0x0809, &[0; 16]);
        let eof = record(0x000A, &[]);
        let number = |row: u16, col: u16| record(0x0203, &[row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat());
        // A workbook stream: the globals (BOF, a BOUNDSHEET per sheet giving where it begins, EOF),
        // then each sheet's records between its BOF and EOF.
        let book = |sheets: &[Vec<Vec<u8>>]| -> Vec<u8> {
            let sheets: Vec<Vec<u8>> =
                sheets.iter().map(|s| [vec![bof.clone()], s.clone(), vec![eof.clone()]].concat().concat()).collect();
            let globals_len = bof.len() + sheets.len() * record(0x0085, &[0; 8]).len() + eof.len();
            let mut out = bof.clone();
            let mut at = globals_len;
            for sheet in &sheets {
                out.extend(record(0x0085, &[(at as u32).to_le_bytes().as_slice(), &[0, 0, 1, 0]].concat()));
                at += sheet.len();
            }
            out.extend(&eof);
            out.extend(sheets.concat());
            out
        };
        // Rows 60 000–60 010 only: a small grid, accepted.
        assert!(check_biff_cells(&book(&[vec![number(60_000, 3), number(60_010, 5)]])).is_ok());
        // A1 and IV65536 in one sheet: refused, naming the cell.
        let why = check_biff_cells(&book(&[vec![number(0, 0), number(65_535, 255)]])).unwrap_err();
        assert!(why.contains("Blad 1 ") && why.contains("65536 rader och 256 kolumner") && why.contains("IV65536"), "{why}");
        // The same cells in two sheets: each sheet's range is its own.
        assert!(check_biff_cells(&book(&[vec![number(0, 0)], vec![number(65_535, 255)]])).is_ok());
        // An embedded chart's records (a nested BOF … EOF) are not the sheet's cells, as in calamine.
        let chart = [bof.clone(), number(0, 0), number(65_535, 255), eof.clone()].concat();
        assert!(check_biff_cells(&book(&[vec![number(3, 3), chart.clone(), number(4, 4)]])).is_ok());
        // MULBLANK's last column counts; a record cut short is not read past its end.
        let mul = record(0x00BE, &[0, 0, 0, 0, 0, 0, 200, 0]);
        let why = check_biff_cells(&book(&[vec![mul]])).unwrap_err();
        assert!(why.contains("201 kolumner"), "{why}");
        assert!(check_biff_cells(&book(&[vec![record(0x0203, &[0xFF])]])).is_ok());
        // The DIMENSIONS record calamine reserves cells for: rows 0–65 535 of 2 columns, and a
        // range whose last row is before its first (calamine's u32 arithmetic wraps).
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            record(0x0200, &[rf.to_le_bytes().as_slice(), &rl.to_le_bytes(), &cf.to_le_bytes(), &cl.to_le_bytes(), &[0, 0]].concat())
        };
        assert!(check_biff_cells(&book(&[vec![dims(0, 300, 0, 12), number(299, 11)]])).is_ok());
        let why = check_biff_cells(&book(&[vec![dims(0, 65_536, 0, 2)]])).unwrap_err();
        assert!(why.contains("65536 rader och 2 kolumner"), "{why}");
        assert!(check_biff_cells(&book(&[vec![dims(9, 3, 0, 2)]])).unwrap_err().contains("rader"));
        // One sheet named many times is built as many times: the grids add up.
        let sheet = [bof.clone(), number(0, 0), number(4_999, 99), eof.clone()].concat();
        let mut globals = bof.clone();
        let at = bof.len() + 5 * record(0x0085, &[0; 8]).len() + eof.len();
        for _ in 0..5 {
            globals.extend(record(0x0085, &[(at as u32).to_le_bytes().as_slice(), &[0, 0, 1, 0]].concat()));
        }
        let many = [globals, eof.clone(), sheet].concat();
        let why = check_biff_cells(&many).unwrap_err();
        assert!(why.contains("fler än 2000000 celler") && why.contains("blad 5"), "{why}");
        // A sheet position past the stream's end builds nothing (calamine's panic, contained).
        let lost = [bof.clone(), record(0x0085, &[0xFF, 0xFF, 0xFF, 0x0F, 0, 0, 1, 0]), eof.clone()].concat();
        assert!(check_biff_cells(&lost).is_ok());
    }

    /// A real .xls (512-byte sectors), with `edit` applied.
    fn xls(edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut b = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/03-norrlandslakarna.xls")).unwrap();
        edit(&mut b);
        b
    }

    fn put32(b: &mut [u8], at: usize, v: u32) {
        b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }

    #[test]
    fn an_xls_compound_file_is_read_as_calamine_reads_it_and_a_loop_is_refused() {
        assert_eq!(check(&xls(|_| ())), Ok(()));
        let at_sector = |id: u32| (id as usize + 1) * 512;
        // The directory's chain points back at itself: calamine reads it "to its end" forever.
        let looped = xls(|b| {
            let (fat0, dir) = (le32(b, 0x4C), le32(b, 0x30));
            put32(b, at_sector(fat0) + 4 * dir as usize, dir);
        });
        assert!(check(&looped).unwrap_err().contains("katalogen: kedjan går i ring"), "{:?}", check(&looped));
        // A DIFAT chain whose last sector names itself as the next.
        let difat_loop = xls(|b| {
            let last = (b.len() / 512 - 2) as u32;
            put32(b, 0x44, last);
            let end = at_sector(last) + 508;
            put32(b, end, last);
        });
        assert!(check(&difat_loop).unwrap_err().contains("DIFAT-tabellens kedja går i ring"), "{:?}", check(&difat_loop));
        // 109 FAT sectors in a file of 58: calamine would copy sector 0 109 times.
        let fat_too_big = xls(|b| (0..109).for_each(|i| put32(b, 0x4C + 4 * i, 0)));
        assert!(check(&fat_too_big).unwrap_err().contains("FAT-tabellen är större än filen"));
        // A directory past the file's end.
        let far = xls(|b| put32(b, 0x30, 1_000_000));
        assert!(check(&far).unwrap_err().contains("utanför filen"));
        // The workbook stream made small (so in the mini stream) and starting past the mini stream's
        // end, where calamine would read on in the file.
        let mini = xls(|b| {
            let wb = at_sector(le32(b, 0x30)) + 128;
            put32(b, wb + 116, 0xFFFF);
            put32(b, wb + 120, 100);
        });
        assert!(check(&mini).unwrap_err().contains("minisektor ligger utanför ministrömmen"), "{:?}", check(&mini));
        // The name is found as calamine finds it, ignoring case and the length field: a
        // "WORKBOOK" whose stream starts past the file is still the workbook stream.
        let renamed = xls(|b| {
            let wb = at_sector(le32(b, 0x30)) + 128;
            for (i, u) in "WORKBOOK".encode_utf16().enumerate() {
                b[wb + 2 * i..wb + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
            b[wb + 64] = 0;
            put32(b, wb + 116, 1_000_000);
        });
        assert!(check(&renamed).unwrap_err().contains("utanför filen"), "{:?}", check(&renamed));
    }

    #[test]
    fn empty_and_oversized_files_are_refused_by_name() {
        assert!(check(b"").unwrap_err().contains("tom"));
        let big = vec![0u8; (MAX_FILE_BYTES + 1) as usize];
        assert!(check(&big).unwrap_err().contains("högst 10.0 MB"));
    }
}
