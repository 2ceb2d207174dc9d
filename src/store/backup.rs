//! A checked copy of the database that can never cost the last good copy (`docs/database.md`,
//! "Copies"): written to a hidden temporary file in the target's folder, made durable, opened
//! and checked (SQLite's integrity check, the schema version, an Anbud database, the rows of
//! every table as many as in the database), and only then renamed over the target. The file
//! under the target's name is never deleted, truncated or written in place: it is the old copy
//! or the new, whole one. On any failure the temporary file is removed.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{is_foreign_database, Result, StoreError};

/// The rows of every table, by name: what a copy must hold as many of as the database.
pub(super) fn table_counts(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM \"{}\"", name.replace('"', "\"\"")), [], |r| r.get(0))?;
            Ok((name, n))
        })
        .collect()
}

/// The hidden temporary file a copy to `target` is written to first: in the same folder (so
/// the rename is atomic), named after the target, this process and a random number.
fn temporary_name(dir: &Path, target_name: &str) -> PathBuf {
    dir.join(format!(".{target_name}.tmp-{}-{:08x}", std::process::id(), rand::random::<u32>()))
}

/// Copies the database of `conn` to `target` as described in the module's text. `tamper` is
/// for tests: it is called with the temporary file after it is written, before it is checked.
pub(crate) fn checked_copy(conn: &Connection, target: &Path, tamper: Option<&dyn Fn(&Path)>) -> Result<()> {
    let shown = target.display();
    let write = |why: String| StoreError::Write(format!("Kopian kan inte sparas till {shown}: {why}."));
    let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(StoreError::Write(format!("Kopian kan inte sparas: mappen {} finns inte.", dir.display())));
    }
    if target.is_dir() {
        return Err(write("det är en mapp".into()));
    }
    let name = target.file_name().map(|n| n.to_string_lossy().to_string()).ok_or_else(|| write("det är inget filnamn".into()))?;
    let tmp = temporary_name(&dir, &name);
    let tmp_text = tmp.to_str().ok_or_else(|| write("mappens namn kan inte ges till SQLite (ogiltiga tecken)".into()))?;
    let result = (|| -> Result<()> {
        let before = table_counts(conn)?;
        conn.execute("VACUUM INTO ?1", [tmp_text]).map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied | rusqlite::ErrorCode::ReadOnly) => {
                write("behörighet saknas för mappen, eller den är skrivskyddad".into())
            }
            Some(rusqlite::ErrorCode::DiskFull) => write("disken är full".into()),
            _ => StoreError::Sql(e),
        })?;
        if let Some(tamper) = tamper {
            tamper(&tmp);
        }
        // On disk before it is checked and takes the target's name.
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| write(format!("kopian kunde inte skrivas till disken ({})", crate::support::sv::io_error(&e))))?;
        check(&tmp, conn, &before).map_err(|why| write(format!("kopian klarade inte kontrollen ({why}); ingen fil har ersatts")))?;
        std::fs::rename(&tmp, target)
            .map_err(|e| write(format!("kopian kunde inte få sitt namn ({})", crate::support::sv::io_error(&e))))?;
        sync_folder(&dir);
        remove_abandoned(&dir, &name);
        Ok(())
    })();
    if result.is_err() {
        for suffix in ["", "-journal"] {
            let mut p = tmp.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    result
}

/// Opens the written copy read-only and checks it: SQLite's integrity check, the schema version
/// and that it is an Anbud database, and the rows of every table against the database's (read
/// before the copy was made; if another connection wrote meanwhile, read again after).
fn check(copy: &Path, source: &Connection, before: &[(String, i64)]) -> std::result::Result<(), String> {
    let conn = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| crate::support::sv::sqlite_error(&e))?;
    let sql = |e: rusqlite::Error| crate::support::sv::sqlite_error(&e);
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .map_err(sql)?
        .query_map([], |r| r.get(0))
        .map_err(sql)?
        .collect::<rusqlite::Result<_>>()
        .map_err(sql)?;
    if integrity != ["ok"] {
        return Err(format!("SQLite:s integritetskontroll: {}", integrity.first().cloned().unwrap_or_default()));
    }
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    let (theirs, ours) = (version(&conn).map_err(sql)?, version(source).map_err(sql)?);
    if theirs != ours {
        return Err(format!("schemaversion {theirs}, databasens är {ours}"));
    }
    let has_procurement: i64 = conn
        .query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'procurement'", [], |r| r.get(0))
        .map_err(sql)?;
    if is_foreign_database(&conn).map_err(sql)? || (ours > 0 && has_procurement == 0) {
        return Err("den är inte en Anbud-databas".into());
    }
    let copied = table_counts(&conn).map_err(sql)?;
    if copied != before {
        let after = table_counts(source).map_err(sql)?;
        if copied != after {
            let differs = after
                .iter()
                .find(|t| !copied.contains(t))
                .map(|(name, n)| {
                    let theirs =
                        copied.iter().find(|c| &c.0 == name).map(|c| c.1.to_string()).unwrap_or_else(|| "ingen tabell".into());
                    format!("tabellen {name} har {theirs} rader i kopian och {n} i databasen")
                })
                .unwrap_or_else(|| "kopian har andra tabeller än databasen".into());
            return Err(differs);
        }
    }
    Ok(())
}

/// Removes the temporary files that earlier copies to the same name left when their process was
/// killed (`.<name>.tmp-<pid>-<random>` of a process that no longer runs). Linux only (where a
/// running process is seen in `/proc`); elsewhere they stay, hidden, until a person removes them.
fn remove_abandoned(dir: &Path, target_name: &str) {
    #[cfg(target_os = "linux")]
    {
        let prefix = format!(".{target_name}.tmp-");
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().to_string();
            let Some(pid) = file.strip_prefix(&prefix).and_then(|rest| rest.split('-').next()) else { continue };
            let Ok(pid) = pid.parse::<u32>() else { continue };
            if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (dir, target_name);
}

/// Makes a rename in `dir` durable (Unix: fsync of the folder). A failure is logged, not an
/// error: the copy itself is already whole on disk.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Err(e) = std::fs::File::open(dir).and_then(|f| f.sync_all()) {
        tracing::warn!("fsync av mappen {}: {e}", dir.display());
    }
    #[cfg(not(unix))]
    let _ = dir;
}
