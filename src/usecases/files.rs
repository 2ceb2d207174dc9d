//! Where the app keeps its files, and the recent files list.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::database::open_demo;
use super::error::Result;

/// The app's data folder: beside the default database (`ANBUD_DB`'s folder when it is set, else
/// the OS data directory's `anbud/`). The recent-files list and the demo live here.
pub fn data_dir() -> PathBuf {
    let db = crate::store::default_db_path();
    db.parent().map(Path::to_path_buf).unwrap_or_else(std::env::temp_dir)
}

/// Where the demo is written and which database it opens: always a database of its own,
/// `<data dir>/demo/anbud-demo.sqlite`, never the user's (`ANBUD_DB`'s file is not touched).
pub fn demo_paths() -> (PathBuf, PathBuf) {
    let dir = data_dir().join("demo");
    (dir.join("anbud-demo.sqlite"), dir)
}

/// Opens the demo as the app does, from `--demo` and from "Öppna demoupphandlingen" alike: the
/// demo written to `<data dir>/demo/` unless it is there, its own database opened (kept between
/// sessions, so what a person did in the demo stays; remove the `demo` folder to start over),
/// the demo procurement saved and its bids imported unless they are in. Returns the database
/// and the procurement's id.
pub fn open_app_demo(now: &str) -> Result<(PathBuf, String)> {
    let (db, dir) = demo_paths();
    let id = open_demo(&db, &dir, false, now)?;
    Ok((db, id))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RecentFile {
    pub path: String,
    pub exists: bool,
}

const RECENT_MAX: usize = 8;

fn recent_list_path(dir: &Path) -> PathBuf {
    dir.join("senaste.json")
}

/// The recently opened database files, newest first.
pub fn recent_files(dir: &Path) -> Vec<RecentFile> {
    let list: Vec<String> =
        std::fs::read_to_string(recent_list_path(dir)).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    list.into_iter().map(|p| RecentFile { exists: Path::new(&p).exists(), path: p }).collect()
}

/// Puts a file first in the recent list (at most eight). A list that cannot be written is not
/// an error: it is a convenience.
pub fn remember_recent(dir: &Path, path: &Path) -> Vec<RecentFile> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string();
    let mut list: Vec<String> = recent_files(dir).into_iter().map(|r| r.path).filter(|p| *p != path).collect();
    list.insert(0, path);
    list.truncate(RECENT_MAX);
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(recent_list_path(dir), serde_json::to_string_pretty(&list).unwrap_or_default());
    recent_files(dir)
}
