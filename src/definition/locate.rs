//! Where a definition key (`zone[2].factor`, `requirement[kreditvardighet].min_class`) stands in
//! the definition text, and which key a line holds: so a problem is shown at its line.

/// The definition key of a 1-based line of the TOML text, in the form [`locate_key`] reads
/// (`procurement.deadline`, `zone[2].factor`, `requirement[kreditvardighet].min_class`,
/// `lot[3]` for a table's header): `None` where the line is outside any table or is not a
/// well-formed `key = value` or header.
pub fn key_at_line(toml: &str, line: u32) -> Option<String> {
    let lines: Vec<&str> = toml.lines().collect();
    let index = (line as usize).checked_sub(1).filter(|&i| i < lines.len())?;
    let header_of = |l: &str| -> Option<(String, bool)> {
        let l = l.trim();
        if let Some(inner) = l.strip_prefix("[[").and_then(|r| r.split_once("]]").map(|(a, _)| a)) {
            return Some((inner.trim().to_string(), true));
        }
        let inner = l.strip_prefix('[').and_then(|r| r.split_once(']').map(|(a, _)| a))?;
        Some((inner.trim().to_string(), false))
    };
    let bare = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
    // The table the line belongs to: the nearest header at or above it.
    let start = (0..=index).rev().find(|&i| header_of(lines[i]).is_some())?;
    let (table, array) = header_of(lines[start])?;
    if !bare(&table) {
        return None;
    }
    let head = if array {
        let end = (start + 1..lines.len()).find(|&i| header_of(lines[i]).is_some()).unwrap_or(lines.len());
        let id = (start + 1..end).find_map(|i| {
            let (k, v) = lines[i].split_once('=')?;
            (k.trim() == "id").then(|| v.trim().trim_matches('"').to_string())
        });
        match id.filter(|id| !id.is_empty() && table == "requirement") {
            Some(id) => format!("{table}[{id}]"),
            None => {
                let n = (0..start).filter(|&i| header_of(lines[i]).is_some_and(|(t, a)| a && t == table)).count();
                format!("{table}[{n}]")
            }
        }
    } else {
        table
    };
    if index == start {
        return Some(head);
    }
    let field = lines[index].split_once('=').map(|(k, _)| k.trim()).filter(|k| bare(k));
    Some(match field {
        Some(f) => format!("{head}.{f}"),
        None => head,
    })
}

/// The 1-based line of a definition key (`procurement.deadline`, `zone[2].regions`,
/// `requirement[kreditvardighet].min_class`, `lot[3]`, `zone`) in the TOML text, where it can
/// be found: the key's own line, else its table's header.
pub fn locate_key(toml: &str, key: &str) -> Option<u32> {
    let lines: Vec<&str> = toml.lines().collect();
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
    let is_header = |l: &str| l.trim_start().starts_with('[');
    let header_name = |l: &str| l.trim().trim_start_matches('[').trim_end_matches(']').trim().to_string();
    // Start lines of each [table] / [[table]] named `table`.
    let starts: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| is_header(l) && header_name(l) == table).map(|(i, _)| i).collect();
    let section_end = |start: usize| (start + 1..lines.len()).find(|&i| is_header(lines[i])).unwrap_or(lines.len());
    let start = match &selector {
        None => starts.first().copied(),
        Some(s) => match s.parse::<usize>() {
            Ok(n) => starts.get(n).copied(),
            Err(_) => starts.iter().copied().find(|&st| {
                (st + 1..section_end(st)).any(|i| {
                    let l = lines[i].trim();
                    l.starts_with("id") && l.split_once('=').is_some_and(|(k, v)| k.trim() == "id" && v.trim().trim_matches('"') == s)
                })
            }),
        },
    };
    let Some(start) = start else {
        // A top-level array key (`zone`, `region`): the first of its tables.
        return starts.first().map(|&i| i as u32 + 1);
    };
    if let Some(f) = field {
        let end = section_end(start);
        if let Some(i) = (start + 1..end).find(|&i| lines[i].split_once('=').is_some_and(|(k, _)| k.trim() == f)) {
            return Some(i as u32 + 1);
        }
    }
    Some(start as u32 + 1)
}

/// The 1-based line of a byte offset in `text` (an offset past the end is on the last line).
pub fn line_of(text: &str, offset: usize) -> u32 {
    let before = &text.as_bytes()[..offset.min(text.len())];
    before.iter().filter(|&&b| b == b'\n').count() as u32 + 1
}
