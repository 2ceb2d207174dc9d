//! Swedish for the errors the operating system and the libraries report in English: the file
//! system (`std::io::Error`), SQLite (`rusqlite::Error`) and the TOML parser with serde. Errors
//! are for people (docs/architecture.md): what reaches a screen or a terminal is Swedish, while
//! the stable codes (`io`, `db_open`, `definition_invalid`, …) stay for machines.
//!
//! Each function gives a phrase in lower case, without a full stop, to go after a colon:
//! `Kan inte läsa mappen /x: behörighet saknas`.

/// What went wrong with a file, by the error's kind (the OS's own text is English).
pub fn io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "filen eller mappen finns inte",
        K::PermissionDenied => "behörighet saknas",
        K::AlreadyExists => "filen finns redan",
        K::IsADirectory => "det är en mapp, inte en fil",
        K::NotADirectory => "en del av sökvägen är inte en mapp",
        K::DirectoryNotEmpty => "mappen är inte tom",
        K::ReadOnlyFilesystem => "disken eller mappen är skrivskyddad",
        K::StorageFull => "disken är full",
        K::FileTooLarge => "filen är för stor",
        K::ResourceBusy | K::ExecutableFileBusy => "filen används av ett annat program",
        K::InvalidFilename => "filnamnet är ogiltigt eller för långt",
        K::CrossesDevices => "filen kan inte flyttas mellan två diskar",
        K::UnexpectedEof => "filen tog slut oväntat (trasig eller inte färdigskriven)",
        K::InvalidData => "filen innehåller ogiltiga data",
        K::InvalidInput => "ogiltig sökväg",
        K::Interrupted => "läsningen avbröts",
        K::TimedOut => "det tog för lång tid",
        K::OutOfMemory => "minnet tog slut",
        _ => {
            return match e.raw_os_error() {
                Some(n) => format!("läs- eller skrivfel (systemets felkod {n})"),
                None => "läs- eller skrivfel".to_string(),
            }
        }
    };
    text.to_string()
}

/// What SQLite refused, by its error code (SQLite's own text is English).
pub fn sqlite_error(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let Some(err) = e.sqlite_error() else {
        // Errors of the Rust side of the call: a value of an unexpected type, a missing row.
        tracing::warn!("databasfel: {e}");
        return match e {
            rusqlite::Error::QueryReturnedNoRows => "en väntad uppgift saknas i databasen".to_string(),
            rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..) => {
                "en uppgift i databasen har fel typ (databasen kan vara ändrad utanför Anbud)".to_string()
            }
            _ => "ett oväntat fel i anropet till databasen".to_string(),
        };
    };
    let text = match err.code {
        C::NotADatabase => "filen är inte en databas",
        C::DatabaseCorrupt => "databasfilen är skadad",
        C::CannotOpen => "filen kan inte öppnas (mappen finns inte, eller behörighet saknas)",
        C::PermissionDenied | C::AuthorizationForStatementDenied => "behörighet saknas",
        C::ReadOnly => "databasen är skrivskyddad",
        C::DatabaseBusy | C::DatabaseLocked => "databasen används av ett annat program just nu; försök igen",
        C::DiskFull => "disken är full",
        C::SystemIoFailure => "läs- eller skrivfel på disken",
        C::ConstraintViolation => "ändringen bryter mot ett villkor i databasen",
        C::TooBig => "ett värde är för stort för databasen",
        C::OutOfMemory => "minnet tog slut",
        C::FileLockingProtocolFailed => "databasfilen kan inte låsas (ligger den på en nätverksdisk?)",
        _ => {
            tracing::warn!("databasfel: {e}");
            return format!("databasen vägrade (SQLite-kod {})", err.extended_code);
        }
    };
    text.to_string()
}

/// The TOML parser's and serde's messages in Swedish, keeping the names they quote:
/// `unknown field `refrence_year`, expected one of `id`, `name`` →
/// `okänt fält ”refrence_year”; tillåtna fält: id, name`. A message not recognised is kept
/// after a Swedish lead (`fel i TOML-texten: …`), never dropped.
pub fn toml_message(message: &str) -> String {
    let m = message.trim();
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let (name, tail) = quoted(rest);
        return match tail.strip_prefix(", expected one of ").or_else(|| tail.strip_prefix(", expected ")) {
            Some(list) => format!("okänt fält ”{name}”; tillåtna fält: {}", names(list)),
            None => format!("okänt fält ”{name}”; här får inga fält stå"),
        };
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let (name, tail) = quoted(rest);
        return match tail.strip_prefix(", expected one of ").or_else(|| tail.strip_prefix(", expected ")) {
            Some(list) => format!("okänt värde ”{name}”; tillåtna värden: {}", names(list)),
            None => format!("okänt värde ”{name}”"),
        };
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        return format!("fältet ”{}” saknas", quoted(rest).0);
    }
    if let Some(rest) = m.strip_prefix("duplicate field ") {
        return format!("fältet ”{}” står två gånger", quoted(rest).0);
    }
    if m.starts_with("duplicate key") {
        return "nyckeln står två gånger i samma tabell".to_string();
    }
    for (lead, sv) in [("invalid type: ", "fel typ"), ("invalid value: ", "ogiltigt värde")] {
        if let Some(rest) = m.strip_prefix(lead) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                return format!("{sv}: {} där {} väntades", found_value(found), expected_value(expected));
            }
        }
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        if let Some((n, expected)) = rest.split_once(", expected ") {
            return format!("fel antal värden ({n}) där {} väntades", expected_value(expected));
        }
    }
    // The parser's own messages: "<what>, expected <a>, <b>".
    let (what, expected) = match m.split_once(", expected ") {
        Some((w, e)) => (w, Some(e)),
        None => (m, None),
    };
    let Some(what_sv) = parse_error(what) else {
        return format!("fel i TOML-texten: {m}");
    };
    match expected {
        Some(list) => format!("{what_sv}; här väntades {}", tokens(list)),
        None => what_sv.to_string(),
    }
}

/// "`name`, rest" → ("name", ", rest").
fn quoted(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    if let Some(body) = s.strip_prefix('`') {
        if let Some(end) = body.find('`') {
            return (&body[..end], &body[end + 1..]);
        }
    }
    match s.find(',') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// "`id`, `name`, `deadline`" → "id, name, deadline".
fn names(list: &str) -> String {
    list.split(", ").map(|n| n.trim().trim_matches('`')).collect::<Vec<_>>().join(", ")
}

/// serde's "string \"i morgon\"", "integer `3`" → Swedish.
fn found_value(found: &str) -> String {
    let f = found.trim();
    let value = |rest: &str| rest.trim().trim_matches('`').to_string();
    if let Some(rest) = f.strip_prefix("string ") {
        return format!("texten ”{}”", rest.trim().trim_matches('"'));
    }
    if let Some(rest) = f.strip_prefix("integer ") {
        return format!("heltalet {}", value(rest));
    }
    if let Some(rest) = f.strip_prefix("floating point ") {
        return format!("decimaltalet {}", value(rest));
    }
    if let Some(rest) = f.strip_prefix("boolean ") {
        return format!("sanningsvärdet {}", value(rest));
    }
    match f {
        "sequence" => "en lista".to_string(),
        "map" => "en tabell".to_string(),
        "unit value" | "unit" => "inget värde".to_string(),
        other => format!("”{}”", other.trim_matches('`')),
    }
}

/// serde's "a TOML datetime", "a string", "u8" → Swedish.
fn expected_value(expected: &str) -> String {
    let e = expected.trim();
    if e.contains("datetime") || e.contains("date") {
        return "ett datum (ÅÅÅÅ-MM-DD, utan citattecken)".to_string();
    }
    if let Some(n) = e.strip_prefix("an array of length ").or_else(|| e.strip_prefix("a sequence of length ")) {
        return format!("en lista med {n} värden");
    }
    let integer = ["u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize", "an integer", "integer"];
    if integer.contains(&e) {
        return "ett heltal".to_string();
    }
    match e {
        "a string" | "a borrowed string" | "string" => "en text inom citattecken".to_string(),
        "a boolean" | "bool" => "true eller false".to_string(),
        "a sequence" | "an array" | "a tuple" => "en lista [ … ]".to_string(),
        "f32" | "f64" | "a float" => "ett tal".to_string(),
        "a map" | "a table" => "en tabell".to_string(),
        "fewer elements in array" => "färre värden i listan".to_string(),
        _ if e.starts_with("struct ") || e.starts_with("a map") => "en tabell".to_string(),
        _ if e.starts_with("a string or") || e.starts_with("string or") => "en text eller ett tal".to_string(),
        other => format!("”{}”", other.trim_matches('`')),
    }
}

/// The parser's description of a syntax error, in Swedish.
fn parse_error(what: &str) -> Option<&'static str> {
    Some(match what.trim() {
        "unclosed table" => "tabellrubriken är inte stängd",
        "unclosed array table" => "tabellrubriken [[…]] är inte stängd",
        "unclosed array" => "listan är inte stängd",
        "unclosed inline table" => "tabellen { … } är inte stängd",
        "invalid table header" | "missing table open" => "ogiltig tabellrubrik",
        "string values must be quoted" => "en text ska stå inom citattecken",
        "missing value" | "missing value for key" | "key with no value" => "värdet saknas efter =",
        "missing assignment between key-value pairs" => "= saknas mellan nyckeln och värdet",
        "extra assignment between key-value pairs" | "extra `=`" => "ett = för mycket",
        "missing comma between array elements" => "komma saknas mellan listans värden",
        "missing comma between key-value pairs" => "komma saknas mellan tabellens värden",
        "extra comma in array" => "ett komma för mycket i listan",
        "extra comma in inline table" => "ett komma för mycket i tabellen",
        "missing opening quote" => "citattecknet i början saknas",
        "invalid unquoted key" | "unquoted keys cannot be empty" => "ogiltig nyckel (använd bokstäver, siffror, - och _)",
        "invalid key-value pair" => "ogiltig rad: en nyckel = värde väntades",
        "unexpected key or value" | "unexpected content" => "oväntat innehåll",
        "unexpected content between comment and newline" | "invalid comment character" => "ogiltigt tecken i kommentaren",
        "invalid value" => "ogiltigt värde",
        "unexpected leading zero" => "ett tal får inte börja med 0",
        "`_` may only go between digits" => "_ får bara stå mellan siffror",
        "redundant numeric sign" | "unexpected sign" => "tecknet + eller − står fel",
        "carriage return must be followed by newline" => "ensam vagnretur (CR) utan radbrytning",
        "missing escaped value" => "tecknet efter \\ saknas",
        "too few unicode value digits" => "för få siffror i \\u-koden",
        "invalid inline table element" | "missing key for inline table element" => "ogiltigt värde i tabellen { … }",
        "missing array opening" => "[ saknas i början av listan",
        "missing inline table opening" => "{ saknas i början av tabellen",
        "unexpected `=` in array" => "= får inte stå i en lista",
        _ => return None,
    })
}

/// The parser's list of what it expected: "`]`, newline" → "]" eller radbrytning.
fn tokens(list: &str) -> String {
    let parts: Vec<String> = list
        .split(", ")
        .map(|t| match t.trim() {
            "newline" => "radbrytning".to_string(),
            "key" => "en nyckel".to_string(),
            "value" => "ett värde".to_string(),
            "literal string" | "basic string" => "en text".to_string(),
            "numbers" => "siffror".to_string(),
            "letters" => "bokstäver".to_string(),
            "nothing" => "inget mer".to_string(),
            other => format!("”{}”", other.trim_matches('`').trim_matches('\'')),
        })
        .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} eller {last}", rest.join(", ")),
        _ => parts.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_by_kind() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_error(&e), "filen eller mappen finns inte");
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(io_error(&e), "behörighet saknas");
        let e = std::io::Error::from_raw_os_error(9999);
        assert!(io_error(&e).starts_with("läs- eller skrivfel"), "{}", io_error(&e));
    }

    #[test]
    fn serde_and_parser_messages() {
        assert_eq!(
            toml_message("unknown field `refrence_year`, expected one of `id`, `name`"),
            "okänt fält ”refrence_year”; tillåtna fält: id, name"
        );
        assert_eq!(
            toml_message("invalid type: string \"i morgon\", expected a TOML datetime"),
            "fel typ: texten ”i morgon” där ett datum (ÅÅÅÅ-MM-DD, utan citattecken) väntades"
        );
        assert_eq!(toml_message("invalid type: string \"tre\", expected u8"), "fel typ: texten ”tre” där ett heltal väntades");
        assert_eq!(toml_message("missing field `deadline`"), "fältet ”deadline” saknas");
        assert_eq!(toml_message("unclosed table, expected `]`"), "tabellrubriken är inte stängd; här väntades ”]”");
        assert_eq!(
            toml_message("string values must be quoted, expected literal string"),
            "en text ska stå inom citattecken; här väntades en text"
        );
        assert_eq!(toml_message("something new"), "fel i TOML-texten: something new");
        assert_eq!(
            toml_message("invalid length 3, expected an array of length 2"),
            "fel antal värden (3) där en lista med 2 värden väntades"
        );
    }
}
