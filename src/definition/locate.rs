//! Where a definition key (`zone[2].factor`, `requirement[kreditvardighet].min_class`) stands in
//! the definition text, and which key a line holds: so a problem is shown at its line.
//!
//! Both parse the text with `toml_edit`'s immutable [`Document`], which keeps where each table
//! header, key and value stands (its span), and walk its tables, arrays of tables and keys: no
//! line is scanned for brackets or `=`, but for the one line left out of text that is not TOML
//! (see [`key_at_line`]).

use toml_edit::{Document, Item, Table};

/// One table as written: a `[table]`, or one `[[table]]` of an array of tables.
struct Section {
    /// The header's name: its keys joined by dots (`procurement`, `zone`, `pricing.rounding`).
    name: String,
    array: bool,
    /// The 1-based line of the header.
    line: u32,
    /// The value of its `id` field: a string as such, anything else as written.
    id: Option<String>,
    /// Its fields, in text order: the key (dotted keys joined by dots) and the lines from the
    /// key to the end of its value.
    fields: Vec<Field>,
}

struct Field {
    name: String,
    first: u32,
    last: u32,
}

/// The text's tables in text order, from the spans of a parsed document.
fn sections(text: &str, doc: &Document<String>) -> Vec<Section> {
    fn walk(text: &str, table: &Table, path: &mut Vec<String>, out: &mut Vec<Section>) {
        for (key, item) in table.iter() {
            path.push(key.to_string());
            match item {
                Item::Table(t) => {
                    if !t.is_implicit() && !t.is_dotted() {
                        out.extend(section(text, t, path, false));
                    }
                    walk(text, t, path, out);
                }
                Item::ArrayOfTables(a) => {
                    for t in a.iter() {
                        out.extend(section(text, t, path, true));
                        walk(text, t, path, out);
                    }
                }
                Item::Value(_) | Item::None => {}
            }
            path.pop();
        }
    }
    fn section(text: &str, t: &Table, path: &[String], array: bool) -> Option<Section> {
        let header = t.span()?;
        let fields = t
            .get_values()
            .into_iter()
            .filter_map(|(keys, value)| {
                let start = keys.first()?.span()?.start;
                let end = value.span().map_or(start, |s| s.end.saturating_sub(1).max(start));
                let name = keys.iter().map(|k| k.get()).collect::<Vec<_>>().join(".");
                Some(Field { name, first: line_of(text, start), last: line_of(text, end) })
            })
            .collect();
        let id = t.get("id").and_then(Item::as_value).map(|v| match v.as_str() {
            Some(s) => s.to_string(),
            None => v.span().and_then(|s| text.get(s)).unwrap_or_default().trim().to_string(),
        });
        Some(Section { name: path.join("."), array, line: line_of(text, header.start), id, fields })
    }
    let mut out = Vec::new();
    walk(text, doc.as_table(), &mut Vec::new(), &mut out);
    out.sort_by_key(|s| s.line);
    out
}

/// What could be read of a text: its tables, the line the parser stopped at where it is not
/// TOML (left out), and the last line the tables answer for.
struct Reading {
    sections: Vec<Section>,
    left_out: Option<u32>,
    last: u32,
}

/// Reads the text with spans. Text that is not TOML is read again with the line the parser
/// stopped at left out (its bytes turned to spaces, so every other line keeps its place and its
/// spans); where that is not enough, or the line is a table header, only the lines before it
/// are read. The line left out stays a field of the table above it by the key before its `=`
/// where it has one; it starts with `[` where it was meant as a header. `None` when not even the
/// lines before it can be read (a bracket or quote left open above it).
fn read(toml: &str) -> Option<Reading> {
    let lines = toml.lines().count() as u32;
    let error = match Document::parse(toml.to_string()) {
        Ok(doc) => return Some(Reading { sections: sections(toml, &doc), left_out: None, last: lines }),
        Err(e) => line_of(toml, e.span()?.start),
    };
    let text = toml.lines().nth(error as usize - 1).unwrap_or_default();
    let header = text.trim_start().starts_with('[');
    let without = |from: u32, to: u32| -> Option<Document<String>> {
        let bytes: Vec<u8> = toml
            .split_inclusive('\n')
            .enumerate()
            .flat_map(|(i, l)| {
                let blank = (from..=to).contains(&(i as u32 + 1));
                l.bytes().map(move |b| if blank && b != b'\n' && b != b'\r' { b' ' } else { b })
            })
            .collect();
        Document::parse(String::from_utf8(bytes).ok()?).ok()
    };
    let (doc, last) = match (!header).then(|| without(error, error)).flatten() {
        Some(doc) => (doc, lines),
        None => (without(error, u32::MAX)?, error),
    };
    let mut sections = sections(doc.raw(), &doc);
    let field = text.split_once('=').and_then(|(key, _)| toml_edit::Key::parse(key.trim()).ok());
    if let (Some(keys), false) = (field, header) {
        let name = keys.iter().map(|k| k.get()).collect::<Vec<_>>().join(".");
        if let Some(s) = sections.iter_mut().rev().find(|s| s.line <= error) {
            let at = s.fields.partition_point(|f| f.first < error);
            s.fields.insert(at, Field { name, first: error, last: error });
        }
    }
    Some(Reading { sections, left_out: Some(error), last })
}

fn bare(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// The definition key of a table: `procurement`, `zone[2]` (by its place among the tables of that
/// name), `requirement[kreditvardighet]` (a requirement by its id).
fn head(sections: &[Section], s: &Section) -> String {
    if !s.array {
        return s.name.clone();
    }
    match s.id.as_deref().filter(|id| !id.is_empty() && s.name == "requirement") {
        Some(id) => format!("{}[{id}]", s.name),
        None => {
            let n = sections.iter().take_while(|o| o.line < s.line).filter(|o| o.array && o.name == s.name).count();
            format!("{}[{n}]", s.name)
        }
    }
}

/// The definition key of a 1-based line of the TOML text, in the form [`locate_key`] reads
/// (`procurement.deadline`, `zone[2].factor`, `requirement[kreditvardighet].min_class`,
/// `lot[3]` for a table's header): `None` where the line is outside any table or the table's
/// name is not a plain one. A line within a field's value that runs over several lines (an
/// array) is that field's; a blank line or a comment is its table's.
///
/// Text that is not TOML (the line asked for is then usually the one the parser stopped at) is
/// read without that line, so the tables and fields of the others are found as in valid text;
/// where the rest cannot be read without it, or it was meant as a table header, only the lines
/// before it are, and the lines after it are `None`. The line left out is named as the
/// line-by-line reading before it named it: by its table and the key before its `=`
/// (`procurement.deadline` for `deadline = 2026-13-45`), by its table where it has no `=`, and
/// not at all where it starts with `[` (a broken table header). Where not even the lines before
/// it can be read (a bracket or quote left open above it), every line is `None`.
pub fn key_at_line(toml: &str, line: u32) -> Option<String> {
    let text = toml.lines().nth((line as usize).checked_sub(1)?)?;
    let Reading { sections, left_out, last } = read(toml)?;
    if line > last {
        return None;
    }
    let s = sections.iter().rev().find(|s| s.line <= line)?;
    if !bare(&s.name) {
        return None;
    }
    let head = head(&sections, s);
    if line == s.line {
        return Some(head);
    }
    // The field that starts on the line, else the one whose value runs over it.
    let field = s.fields.iter().find(|f| f.first == line).or_else(|| s.fields.iter().find(|f| f.first <= line && line <= f.last));
    if field.is_none() && left_out == Some(line) && text.trim_start().starts_with('[') {
        return None;
    }
    Some(match field.map(|f| f.name.as_str()).filter(|f| bare(f)) {
        Some(f) => format!("{head}.{f}"),
        None => head,
    })
}

/// The 1-based line of a definition key (`procurement.deadline`, `zone[2].regions`,
/// `requirement[kreditvardighet].min_class`, `lot[3]`, `zone`) in the TOML text, where it can
/// be found: the key's own line, else its table's header. A table is chosen by its place among
/// the tables of its name (`zone[2]`) or by its `id` (`requirement[kreditvardighet]`); one that is
/// not there gives the first table of the name. Text that is not TOML is read as in
/// [`key_at_line`]: a `key = …` on the line left out is still found there, and a key after it
/// only where the lines after it could be read.
pub fn locate_key(toml: &str, key: &str) -> Option<u32> {
    // Split "zone[2].regions" into table "zone", selector "2", field "regions".
    let (head, field) = match key.split_once("].") {
        Some((h, f)) => (format!("{h}]"), Some(f.to_string())),
        None => match key.split_once('.') {
            Some((h, f)) if !h.contains('[') => (h.to_string(), Some(f.to_string())),
            _ => (key.to_string(), None),
        },
    };
    let (table, selector) = match head.split_once('[') {
        Some((t, s)) => (t.to_string(), Some(s.trim_end_matches(']').to_string())),
        None => (head.clone(), None),
    };
    let sections = read(toml)?.sections;
    let named: Vec<&Section> = sections.iter().filter(|s| s.name == table).collect();
    let section = match &selector {
        None => named.first().copied(),
        Some(s) => match s.parse::<usize>() {
            Ok(n) => named.get(n).copied(),
            Err(_) => named.iter().copied().find(|t| t.id.as_deref() == Some(s.as_str())),
        },
    };
    let Some(section) = section else {
        // A top-level array key (`zone`, `region`): the first of its tables.
        return named.first().map(|s| s.line);
    };
    if let Some(f) = field {
        if let Some(found) = section.fields.iter().find(|x| x.name == f) {
            return Some(found.first);
        }
    }
    Some(section.line)
}

/// The 1-based line of a byte offset in `text` (an offset past the end is on the last line).
pub fn line_of(text: &str, offset: usize) -> u32 {
    let before = &text.as_bytes()[..offset.min(text.len())];
    before.iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Prov\n[procurement]\nid = \"X\"\nname = \"\"\"\nrad = ett\n\"\"\"\n\n[[zone]]\nnumber = 1\nregions = [\n  \"01\", # a = b\n  \"03\",\n]\nfactor = \"1.10\"\n\n[[requirement]]\nkind = \"yes_no\"\nid = \"b\"\nparams.min = 3\n";

    #[test]
    fn a_value_over_several_lines_is_its_fields_on_each() {
        assert_eq!(key_at_line(TEXT, 1), None, "before any table");
        assert_eq!(key_at_line(TEXT, 2).as_deref(), Some("procurement"));
        // A multi-line string: its lines are the field's, not keys of their own.
        for line in 4..=6 {
            assert_eq!(key_at_line(TEXT, line).as_deref(), Some("procurement.name"), "line {line}");
        }
        assert_eq!(key_at_line(TEXT, 7).as_deref(), Some("procurement"), "a blank line is its table's");
        for line in 10..=13 {
            assert_eq!(key_at_line(TEXT, line).as_deref(), Some("zone[0].regions"), "line {line}");
        }
        assert_eq!(key_at_line(TEXT, 14).as_deref(), Some("zone[0].factor"));
        // A requirement by its id, even where the id comes after the line; a dotted key.
        assert_eq!(key_at_line(TEXT, 17).as_deref(), Some("requirement[b].kind"));
        assert_eq!(key_at_line(TEXT, 19).as_deref(), Some("requirement[b].params.min"));
        assert_eq!(key_at_line(TEXT, 20), None, "past the end");
        assert_eq!(locate_key(TEXT, "procurement.rad"), Some(2), "text in a string is not a key");
        assert_eq!(locate_key(TEXT, "zone[0].factor"), Some(14));
        assert_eq!(locate_key(TEXT, "requirement[b].params.min"), Some(19));
        assert_eq!(locate_key(TEXT, "requirement[0]"), Some(16));
    }

    #[test]
    fn text_that_is_not_toml_is_read_without_the_line_the_parser_stops_at() {
        // A value that is not TOML: the line is still its field's, and the rest is read.
        let t = TEXT.replace("factor = \"1.10\"", "factor = 1,10");
        assert_eq!(key_at_line(&t, 14).as_deref(), Some("zone[0].factor"));
        assert_eq!(locate_key(&t, "zone[0].factor"), Some(14));
        assert_eq!(key_at_line(&t, 17).as_deref(), Some("requirement[b].kind"));
        // A key without a value is its table's.
        let t = TEXT.replace("factor = \"1.10\"", "factor");
        assert_eq!(key_at_line(&t, 14).as_deref(), Some("zone[0]"));
        // A duplicate key: the second is left out and still named.
        let t = TEXT.replace("factor = \"1.10\"", "factor = \"1.10\"\nfactor = \"1.20\"");
        assert_eq!(key_at_line(&t, 15).as_deref(), Some("zone[0].factor"));
        assert_eq!(locate_key(&t, "zone[0].factor"), Some(14));
        // A bracket left open: the parser stops on the next line, which is left out; the array
        // then runs on as the parser reads it.
        let t = TEXT.replace("number = 1", "number = [1,");
        assert_eq!(key_at_line(&t, 9).as_deref(), Some("zone[0].number"));
        assert_eq!(key_at_line(&t, 10).as_deref(), Some("zone[0].regions"));
        assert_eq!(key_at_line(&t, 14).as_deref(), Some("zone[0].factor"));
        // A table header not closed has no key, and only the lines before it are read.
        let t = TEXT.replace("[[requirement]]", "[[requirement]");
        assert_eq!(key_at_line(&t, 16), None);
        assert_eq!(key_at_line(&t, 14).as_deref(), Some("zone[0].factor"));
        assert_eq!(key_at_line(&t, 17), None);
        assert_eq!(locate_key(&t, "requirement[b].kind"), None);
        // A bracket left open that swallows the rest: nothing is named.
        let t = TEXT.replace("factor = \"1.10\"", "factor = [\"1.10\",");
        assert_eq!((1..=20).filter_map(|l| key_at_line(&t, l)).count(), 0);
        assert_eq!(locate_key(&t, "procurement.id"), None);
    }

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
        assert_eq!(line_of("å\nb", 2), 1, "a byte offset, not a char offset");
    }
}
