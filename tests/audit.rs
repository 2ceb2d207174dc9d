//! The journal under attack: each attack of the journal issue on a copy of a decided demo
//! database, by someone with write access to the file who drops the history's triggers and
//! rebuilds what they can with the library, is detected by `anbud audit verify` (exit 1, naming
//! the event or what changed) or by `anbud verify --fingerprint` with the fingerprint printed on
//! the record (exit 1). The untampered copy passes both; neither changes the file; every trigger
//! refuses with its Swedish message.

mod common;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use anbud::records::decision::{build_decision, fingerprint_of, Decision};
use anbud::store::Store;
use anbud::usecases::batch::DecisionInputs;
use rusqlite::{params, Connection};

const ID: &str = "DEMO-2026-001";
const JUSTIFICATION: &str = "Granskat av arbetsgruppen; underlaget finns i ärendet.";

fn anbud(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anbud")).args(args).env("ANBUD_DB", "/nonexistent/should-not-be-used").output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The decided demo database, built once with the real binary: the demo, `evaluate`, an
/// override for every open review, a second override on one requirement (the first is then
/// superseded), the decision with its notices. Never written to after: every test works on a
/// copy.
struct Base {
    dir: PathBuf,
    /// The fingerprint printed by `anbud decision` (and on the record).
    fingerprint: String,
    /// How many events its journal holds.
    events: i64,
}

impl Base {
    fn p(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }
    fn db(&self) -> PathBuf {
        self.p("db.sqlite")
    }
    fn bids(&self) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(self.p("anbud")).unwrap().map(|e| e.unwrap().path().to_string_lossy().to_string()).collect();
        v.sort();
        v
    }
    fn run(&self, db: &Path, args: &[&str]) -> Output {
        let mut all = vec!["--db", s(db)];
        all.extend_from_slice(args);
        anbud(&all)
    }
    /// `anbud decision` on the demo's bids into `db`; the fingerprint printed.
    fn decide(&self, db: &Path, date: &str, out: &Path, notices: Option<&Path>) -> String {
        let toml = self.p("upphandling.toml");
        let bids = self.bids();
        let mut args = vec!["decision", s(&toml)];
        args.extend(bids.iter().map(String::as_str));
        args.extend(["--date", date, "--decided-by", "Karin Berg", "--role", "upphandlingschef", "-o", s(out)]);
        if let Some(n) = notices {
            args.extend(["--notices", s(n)]);
        }
        let out = self.run(db, &args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        stdout(&out).lines().find_map(|l| l.strip_prefix("Kontrollsumma (SHA-256): ")).expect("the fingerprint is printed").to_string()
    }
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("audit-base");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        assert!(anbud(&["demo", s(&dir)]).status.success());
        let mut base = Base { dir, fingerprint: String::new(), events: 0 };
        let db = base.db();
        let toml = base.p("upphandling.toml");
        let bids = base.bids();
        let mut args = vec!["evaluate", s(&toml)];
        args.extend(bids.iter().map(String::as_str));
        assert!(base.run(&db, &args).status.success());
        for (org, req, outcome, justification) in [
            ("559700-8001", "kreditvardighet", "pass", JUSTIFICATION),
            ("559800-9008", "kreditvardighet", "pass", JUSTIFICATION),
            ("559901-0005", "levererade-timmar", "fail", JUSTIFICATION),
            ("556111-2227", "uteslutning", "pass", JUSTIFICATION),
            ("556222-3338", "omsattning", "pass", JUSTIFICATION),
            // The same requirement judged again: the first judgement is superseded, kept.
            ("556222-3338", "omsattning", "pass", "Omprövat: årsredovisningen för 2025 styrker omsättningen."),
        ] {
            let out = base.run(
                &db,
                &["override", s(&toml), org, req, "--outcome", outcome, "--justification", justification, "--by", "Anna Lindqvist"],
            );
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        base.fingerprint = base.decide(&db, "2026-12-21", &base.p("beslut.pdf"), Some(&base.p("underrattelser")));
        // The program closed the file cleanly: no write-ahead log left with content, so the file
        // alone is the whole database and a plain copy of it is a consistent one.
        assert!(std::fs::metadata(base.p("db.sqlite-wal")).map_or(true, |m| m.len() == 0));
        let conn = Connection::open_with_flags(base.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        base.events = conn.query_row("SELECT COUNT(*) FROM event", [], |r| r.get(0)).unwrap();
        base
    })
}

/// A copy of the decided database in a folder of its own.
struct Copy {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

fn copy() -> Copy {
    let b = base();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    std::fs::copy(b.db(), &db).unwrap();
    Copy { _dir: dir, db }
}

impl Copy {
    fn p(&self, rel: &str) -> PathBuf {
        self.db.parent().unwrap().join(rel)
    }
    /// A connection as the attacker has it: the history's triggers dropped.
    fn attacker(&self) -> Connection {
        let conn = Connection::open(&self.db).unwrap();
        assert_eq!(common::drop_triggers(&conn), 22);
        conn
    }
    /// The attacker's connection once the triggers are gone already.
    fn attacker_again(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }
    /// `anbud audit verify`: (exit code, stdout).
    fn audit(&self) -> (Option<i32>, String) {
        let out = base().run(&self.db, &["audit", "verify", ID]);
        (out.status.code(), stdout(&out))
    }
    /// `anbud verify --fingerprint <printed>`: (exit code, stdout).
    fn verify_printed(&self, fingerprint: &str) -> (Option<i32>, String) {
        let out = base().run(&self.db, &["verify", ID, "--fingerprint", fingerprint]);
        (out.status.code(), stdout(&out))
    }
    /// `anbud verify` without a printed fingerprint: the database against itself.
    fn verify_self(&self) -> (Option<i32>, String) {
        let out = base().run(&self.db, &["verify", ID]);
        (out.status.code(), stdout(&out))
    }
}

/// The number of the event of `kind` whose payload has `key` = `id`.
fn seq_of(conn: &Connection, kind: &str, key: &str, id: i64) -> i64 {
    conn.query_row(
        &format!("SELECT seq FROM event WHERE procurement_id = ?1 AND kind = ?2 AND json_extract(payload_json, '$.{key}') = ?3"),
        params![ID, kind, id],
        |r| r.get(0),
    )
    .unwrap()
}

/// The id of the override of `requirement` for `org_nr`: the first recorded, or the last.
fn override_id(conn: &Connection, org_nr: &str, requirement: &str, last: bool) -> i64 {
    let order = if last { "DESC" } else { "ASC" };
    conn.query_row(
        &format!("SELECT o.id FROM override o JOIN bid b ON b.id = o.bid_id WHERE b.org_nr = ?1 AND o.requirement_id = ?2 ORDER BY o.id {order} LIMIT 1"),
        params![org_nr, requirement],
        |r| r.get(0),
    )
    .unwrap()
}

/// What a thorough attacker does after rewriting what a decision rests on: the latest decision
/// rebuilt with the library from the database as it now is, exactly as `verify` recomputes it
/// (bids, overrides up to the decision, what it rests on), its canonical data and SHA-256 stored.
/// Returns the new fingerprint.
fn rebuild_latest_decision(db: &Path) -> String {
    let store = Store::open_read_only(db).unwrap();
    let d = store.decision(ID, None).unwrap().unwrap();
    let stored: Decision = serde_json::from_str(&d.canonical_json).unwrap();
    let inputs: DecisionInputs = serde_json::from_str(&d.inputs_json).unwrap();
    let mut p = anbud::model::procurement::Procurement::from_toml(&inputs.definition_toml).unwrap();
    p.review.four_eyes = inputs.four_eyes;
    let mut evaluations = Vec::new();
    for (i, sha) in inputs.bid_sha256.iter().enumerate() {
        let mut b = store.bid_with_sha(ID, sha).unwrap().unwrap();
        if let Some(name) = inputs.bid_files.get(i) {
            b.bid.file = name.clone();
        }
        let overrides = store.judgements_up_to(b.id, inputs.last_override_id, inputs.last_assessment_id).unwrap();
        evaluations.push(anbud::rules::evaluate(&p, &b.bid, &overrides));
    }
    let mut rebuilt = build_decision(&p, &evaluations, &inputs.not_evaluated, &inputs.input).unwrap();
    rebuilt.number = stored.number;
    rebuilt.supersedes = stored.supersedes.clone();
    rebuilt.basis =
        Some(anbud::usecases::audit::recompute_basis(&store, d.id, ID, &inputs.definition_toml, inputs.last_override_id).unwrap());
    let canonical = rebuilt.canonical_json();
    let sha = fingerprint_of(&canonical);
    drop(store);
    let conn = Connection::open(db).unwrap();
    assert_eq!(
        conn.execute("UPDATE decision SET canonical_json = ?1, sha256 = ?2 WHERE id = ?3", params![canonical, sha, d.id]).unwrap(),
        1
    );
    sha
}

/// Asserts that `audit verify` fails, its first problem naming event `seq`, and that its output
/// holds every one of `names`.
fn assert_audit_names(copy: &Copy, seq: i64, names: &[&str]) {
    let (code, out) = copy.audit();
    assert_eq!(code, Some(1), "audit verify did not detect it:\n{out}");
    assert!(out.contains(&format!("Första avvikelse: händelse nr {seq}")), "the first problem is not event {seq}:\n{out}");
    for name in names {
        assert!(out.contains(name), "audit verify does not name {name:?}:\n{out}");
    }
    assert!(out.contains("Journalen och databasen stämmer INTE överens."), "{out}");
}

/// Asserts that `verify --fingerprint <printed>` fails.
fn assert_printed_fingerprint_fails(copy: &Copy) -> String {
    let (code, out) = copy.verify_printed(&base().fingerprint);
    assert_eq!(code, Some(1), "verify --fingerprint did not detect it:\n{out}");
    assert!(out.contains("Kontrollsumman stämmer INTE"), "{out}");
    out
}

#[test]
fn the_untampered_copy_passes_both() {
    let c = copy();
    let (code, out) = c.audit();
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Kedjan håller.") && out.contains("Journalen och databasen stämmer överens."), "{out}");
    let (code, out) = c.verify_printed(&base().fingerprint);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Kontrollsumman stämmer:"), "{out}");
    // The journal as data: one event per change, the decision last.
    let out = base().run(&c.db, &["audit", "log", ID, "--json"]);
    assert!(out.status.success());
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = log["events"].as_array().unwrap();
    assert_eq!(events.iter().filter(|e| e["kind"] == "override").count(), 6);
    assert_eq!(events.last().unwrap()["kind"], "decision_taken");
    assert_eq!(events.last().unwrap()["actor"], "Karin Berg");
}

#[test]
fn an_override_edited_with_the_decision_rebuilt_is_detected() {
    // The outcome of an override in force, and (in another copy) its justification; each time the
    // decision rebuilt so that the database agrees with itself.
    for (what, sql) in [
        ("outcome", "UPDATE override SET outcome = 'fail' WHERE id = ?1"),
        ("justification", "UPDATE override SET justification = 'Kreditupplysningen visar riskklass 1.' WHERE id = ?1"),
    ] {
        let c = copy();
        let conn = c.attacker();
        let id = override_id(&conn, "559700-8001", "kreditvardighet", true);
        let seq = seq_of(&conn, "override", "override_id", id);
        assert_eq!(conn.execute(sql, [id]).unwrap(), 1);
        drop(conn);
        let rebuilt = rebuild_latest_decision(&c.db);
        assert_ne!(rebuilt, base().fingerprint, "{what}: the rewrite changes what the decision states");
        // Consistent: the database agrees with itself, as it did before the journal.
        let (code, out) = c.verify_self();
        assert_eq!(code, Some(0), "{what}: the rewrite is not consistent:\n{out}");
        // The printed fingerprint and the journal do not.
        let out = assert_printed_fingerprint_fails(&c);
        assert!(out.contains(&format!("Angiven (utskrift):       {}", base().fingerprint)), "{out}");
        let decision_seq = seq_of(&Connection::open(&c.db).unwrap(), "decision_taken", "decision_id", 1);
        assert_audit_names(
            &c,
            seq,
            &[
                "ändringen av kravet kreditvardighet för 559700-8001 stämmer inte med det som registrerades",
                &format!("Avvikelse vid händelse nr {decision_seq}: beslut nr 1 stämmer inte med beslutet som fattades"),
            ],
        );
    }
}

#[test]
fn a_superseded_override_edited_is_detected() {
    let c = copy();
    let conn = c.attacker();
    let first = override_id(&conn, "556222-3338", "omsattning", false);
    assert_ne!(first, override_id(&conn, "556222-3338", "omsattning", true), "two overrides on the requirement");
    let seq = seq_of(&conn, "override", "override_id", first);
    assert_eq!(
        conn.execute("UPDATE override SET justification = 'Omsättningen styrks inte.', outcome = 'fail' WHERE id = ?1", [first])
            .unwrap(),
        1
    );
    drop(conn);
    // Without the rebuild the database no longer agrees with the decision's basis; rebuilt, it
    // does, and only the printed fingerprint and the journal tell.
    assert_eq!(c.verify_self().0, Some(1));
    assert_ne!(rebuild_latest_decision(&c.db), base().fingerprint);
    assert_eq!(c.verify_self().0, Some(0));
    assert_printed_fingerprint_fails(&c);
    assert_audit_names(&c, seq, &["ändringen av kravet omsattning för 556222-3338 stämmer inte med det som registrerades"]);
}

#[test]
fn an_overrides_original_edited_is_detected() {
    let c = copy();
    let conn = c.attacker();
    let id = override_id(&conn, "559901-0005", "levererade-timmar", true);
    let seq = seq_of(&conn, "override", "override_id", id);
    let original: String = conn.query_row("SELECT original FROM override WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(original, "review");
    assert_eq!(conn.execute("UPDATE override SET original = 'fail' WHERE id = ?1", [id]).unwrap(), 1);
    drop(conn);
    assert_ne!(rebuild_latest_decision(&c.db), base().fingerprint);
    assert_eq!(c.verify_self().0, Some(0));
    assert_printed_fingerprint_fails(&c);
    assert_audit_names(&c, seq, &["ändringen av kravet levererade-timmar för 559901-0005 stämmer inte med det som registrerades"]);
}

#[test]
fn the_latest_decision_deleted_is_detected() {
    let b = base();
    let c = copy();
    let second = b.decide(&c.db, "2026-12-22", &c.p("nr2.pdf"), None);
    assert_ne!(second, b.fingerprint);
    let conn = c.attacker();
    let taken = seq_of(&conn, "decision_taken", "decision_id", 2);
    let superseded = seq_of(&conn, "decision_superseded", "decision_id", 1);
    assert_eq!(conn.execute("UPDATE decision SET superseded_by = NULL WHERE number = 1", []).unwrap(), 1);
    assert_eq!(conn.execute("DELETE FROM decision WHERE number = 2", []).unwrap(), 1);
    drop(conn);
    // Decision 1 is whole again and verifies against its own record; the record of decision 2 does
    // not verify, and the journal names the decision that is gone.
    assert_eq!(c.verify_printed(&b.fingerprint).0, Some(0));
    let (code, out) = c.verify_printed(&second);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.starts_with("Beslut nr 1 (2026-12-21)"), "{out}");
    assert_audit_names(
        &c,
        taken,
        &[
            "beslut nr 2 saknas i databasen",
            &format!("Avvikelse vid händelse nr {superseded}: att beslut nr 1 ersattes stämmer inte med databasen"),
        ],
    );

    // The most thorough attacker also cuts the journal after decision 1, and the rows those
    // events recorded: the tail of a chain can be cut without a trace inside the file, so the
    // journal now agrees with the database. What is printed outside it does not: the record of
    // decision 2 carries its fingerprint (and the journal's head).
    let conn = c.attacker_again();
    let last_of_1 = seq_of(&conn, "decision_taken", "decision_id", 1);
    let rejected: Vec<i64> = conn
        .prepare("SELECT json_extract(payload_json, '$.rejected_id') FROM event WHERE procurement_id = ?1 AND seq > ?2 AND kind = 'workbook_rejected'")
        .unwrap()
        .query_map(params![ID, last_of_1], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!rejected.is_empty());
    for id in rejected {
        conn.execute("DELETE FROM rejected_import WHERE id = ?1", [id]).unwrap();
    }
    assert!(conn.execute("DELETE FROM event WHERE procurement_id = ?1 AND seq > ?2", params![ID, last_of_1]).unwrap() >= 2);
    drop(conn);
    assert_eq!(c.audit().0, Some(0), "{}", c.audit().1);
    let (code, out) = c.verify_printed(&second);
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn a_qualified_suppliers_answer_changed_consistently_is_detected() {
    let c = copy();
    let conn = c.attacker();
    // Vårdkraft Bemanning AB is qualified; its turnover is changed in the bid as read, in the
    // answer beside it and in the stored proposals, as the store would have derived them.
    let (bid_id, content): (i64, String) = conn
        .query_row("SELECT id, content_json FROM bid WHERE org_nr = '556012-5790' AND state = 'active'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let seq = seq_of(&conn, "bid_stored", "bid_id", bid_id);
    let mut bid: anbud::model::bid::Bid = serde_json::from_str(&content).unwrap();
    let question = "Omsättning senaste avslutade räkenskapsår (SEK)";
    let answer = bid.answers.iter_mut().find(|a| a.question == question).unwrap();
    assert_eq!(answer.value, anbud::model::bid::Value::Number("48250000".parse().unwrap()));
    answer.value = anbud::model::bid::Value::Number("6250000".parse().unwrap());
    conn.execute("UPDATE bid SET content_json = ?1 WHERE id = ?2", params![serde_json::to_string(&bid).unwrap(), bid_id]).unwrap();
    assert_eq!(
        conn.execute("UPDATE answer SET value = '6250000' WHERE bid_id = ?1 AND question = ?2", params![bid_id, question]).unwrap(),
        1
    );
    let p = anbud::usecases::demo::demo_procurement();
    let evaluation = anbud::rules::evaluate(&p, &bid, &[]);
    for r in &evaluation.requirements {
        conn.execute(
            "UPDATE outcome SET proposed = ?1, reason_code = ?2, reason = ?3, evidence_json = ?4 WHERE bid_id = ?5 AND requirement_id = ?6",
            params![r.proposed.as_str(), r.reason_code.as_str(), r.reason, serde_json::to_string(&r.evidence).unwrap(), bid_id, r.id],
        )
        .unwrap();
    }
    drop(conn);
    // What the decision states does not change (the supplier stays qualified): nothing to rebuild.
    // Consistent: the copies beside the bid agree with it.
    let out = c.verify_self().1;
    assert!(!out.contains("Avvikelse i databasen"), "the rewrite is not consistent:\n{out}");
    assert_audit_names(&c, seq, &["anbudet från Vårdkraft Bemanning AB (556012-5790) stämmer inte med anbudet som det lästes in"]);
    // What the decision rests on was rewritten, though not what it states: the bid as read is not
    // the one the journal recorded before the decision.
    let out = assert_printed_fingerprint_fails(&c);
    assert!(out.contains(&format!("händelse nr {seq}: anbudet från Vårdkraft Bemanning AB (556012-5790) stämmer inte")), "{out}");
}

#[test]
fn a_journal_row_deleted_is_detected() {
    let c = copy();
    let conn = c.attacker();
    // The event that recorded the judgement on Dalabemanning's credit report.
    let id = override_id(&conn, "559700-8001", "kreditvardighet", true);
    let seq = seq_of(&conn, "override", "override_id", id);
    assert_eq!(conn.execute("DELETE FROM event WHERE procurement_id = ?1 AND seq = ?2", params![ID, seq]).unwrap(), 1);
    drop(conn);
    let (code, out) = c.audit();
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(&format!("Första avvikelse: händelse nr {} (", seq + 1)) && out.contains(&format!("händelse nr {seq} saknas")),
        "{out}"
    );
    assert!(out.contains("ändringen av kravet kreditvardighet för 559700-8001 (id"), "{out}");
    let out = assert_printed_fingerprint_fails(&c);
    assert!(out.contains(&format!("journalen bryts vid händelse nr {}", seq + 1)), "{out}");
}

#[test]
fn a_kept_workbooks_bytes_changed_are_detected() {
    let c = copy();
    let conn = c.attacker();
    let (sha, mut bytes): (String, Vec<u8>) = conn
        .query_row("SELECT sha256, bytes FROM kept_file WHERE name = '08-lilla-vardbolaget.xlsx'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let bid_id: i64 = conn.query_row("SELECT id FROM bid WHERE sha256 = ?1", [&sha], |r| r.get(0)).unwrap();
    let received: i64 = conn
        .query_row(
            "SELECT seq FROM event WHERE kind = 'workbook_received' AND json_extract(payload_json, '$.sha256') = ?1",
            [&sha],
            |r| r.get(0),
        )
        .unwrap();
    let stored = seq_of(&conn, "bid_stored", "bid_id", bid_id);
    assert!(received < stored);
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    assert_eq!(conn.execute("UPDATE kept_file SET bytes = ?1 WHERE sha256 = ?2", params![bytes, sha]).unwrap(), 1);
    drop(conn);
    assert_audit_names(
        &c,
        received,
        &[
            "den mottagna filen 08-lilla-vardbolaget.xlsx finns inte kvar som den togs emot",
            &format!(
                "Avvikelse vid händelse nr {stored}: den mottagna filen 08-lilla-vardbolaget.xlsx har ändrats efter att den togs emot"
            ),
        ],
    );
    // The decision rests on the workbooks as received: verify tells too.
    let out = assert_printed_fingerprint_fails(&c);
    assert!(out.contains("08-lilla-vardbolaget.xlsx"), "{out}");
}

/// SHA-256 of a file, or None when it does not exist.
fn hash(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|b| anbud::model::bid::sha256_hex(&b))
}

#[test]
fn verify_and_audit_leave_the_file_as_it_was() {
    let c = copy();
    let wal = c.p("db.sqlite-wal");
    let check = |what: &str| {
        let before = (hash(&c.db), hash(&wal));
        assert_eq!(c.verify_printed(&base().fingerprint).0, Some(0), "{what}");
        assert_eq!(c.audit().0, Some(0), "{what}");
        assert!(base().run(&c.db, &["audit", "log", ID, "--json"]).status.success());
        assert!(base().run(&c.db, &["audit", "log", ID]).status.success());
        let after = (hash(&c.db), hash(&wal));
        assert_eq!(before.0, after.0, "{what}: the database file changed");
        match (&before.1, &after.1) {
            // A read-only connection may leave an empty log beside the file (SQLite's own), never content.
            (None, Some(_)) => assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0, "{what}: a log with content was written"),
            (b, a) => assert_eq!(b, a, "{what}: the write-ahead log changed"),
        }
    };
    check("closed");
    // With a write-ahead log holding what another connection wrote and has not yet checkpointed:
    // another procurement saved by a program still running.
    let mut store = Store::open(&c.db).unwrap();
    store.connection().pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    let mut other = anbud::usecases::demo::demo_procurement();
    other.id = "ANNAN-2026-002".into();
    assert!(store.save_procurement(&other, "# en annan upphandling\n", "2026-12-22T10:00:00+01:00").unwrap());
    assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the log holds the write");
    check("open log");
    drop(store);
}

#[test]
fn every_trigger_refuses_update_and_delete_with_its_swedish_message() {
    let c = copy();
    let conn = Connection::open(&c.db).unwrap();
    let refused = |sql: &str, message: &str| match conn.execute(sql, []) {
        Err(rusqlite::Error::SqliteFailure(_, Some(m))) => assert_eq!(m, message, "{sql}"),
        other => panic!("{sql} was not refused: {other:?}"),
    };
    let journal = "journalen kan inte ändras";
    let kept = "en mottagen fil kan inte ändras";
    let judged = "ett ändrat utfall kan inte skrivas om";
    let decision = "ett beslut kan inte ändras";
    let bid = "ett mottaget anbud kan inte skrivas om";
    let rejected = "en avvisad fil kan inte skrivas om";
    // One row in each of the working group's tables, as the store writes them.
    conn.execute_batch(&format!(
        "INSERT INTO reviewer (procurement_id, name, name_key, region, added_at) VALUES ('{ID}', 'Anna Berg', 'anna berg', '05', '2026-12-16T09:00:00+01:00');
         INSERT INTO reviewer_conflict (reviewer_id, org_nr, reason, declared_at) VALUES (1, '559400-5000', 'Tidigare anställd', '2026-12-16T09:00:00+01:00');
         INSERT INTO review_package (id, procurement_id, reviewer_id, response_identity, suppliers_json, sha256, created_at)
           VALUES ('p1', '{ID}', 1, 'AGE-SECRET-KEY-1', '[]', '00', '2026-12-16T09:00:00+01:00');
         INSERT INTO review_response (id, package_id, sha256, written_at, merged_at) VALUES ('r1', 'p1', '00', '2026-12-16T09:00:00+01:00', '2026-12-16T09:00:00+01:00');
         INSERT INTO assessment (response_id, reviewer_id, bid_id, requirement_id, proposed, outcome, justification, comment, assessed_at)
           VALUES ('r1', 1, (SELECT min(id) FROM bid), 'kreditvardighet', 'review', 'pass', 'Styrkt.', '', '2026-12-16T09:00:00+01:00');"
    ))
    .unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        ("reviewer_no_change", "UPDATE reviewer SET name = 'Någon annan'".into(), "en registrerad granskare kan inte skrivas om"),
        ("reviewer_no_delete", "DELETE FROM reviewer".into(), "en registrerad granskare kan inte tas bort"),
        ("reviewer_conflict_no_update", "UPDATE reviewer_conflict SET reason = 'Inget'".into(), "en jävsanmälan kan inte ändras"),
        ("reviewer_conflict_no_delete", "DELETE FROM reviewer_conflict".into(), "en jävsanmälan kan inte tas bort"),
        (
            "review_package_no_update",
            "UPDATE review_package SET response_identity = 'x'".into(),
            "ett granskningspaket kan inte ändras",
        ),
        ("review_package_no_delete", "DELETE FROM review_package".into(), "ett granskningspaket kan inte tas bort"),
        ("review_response_no_update", "UPDATE review_response SET sha256 = 'x'".into(), "ett granskningssvar kan inte ändras"),
        ("review_response_no_delete", "DELETE FROM review_response".into(), "ett granskningssvar kan inte tas bort"),
        ("assessment_no_update", "UPDATE assessment SET outcome = 'fail'".into(), "en bedömning kan inte skrivas om"),
        ("assessment_no_delete", "DELETE FROM assessment".into(), "en bedömning kan inte tas bort"),
        ("event_no_update", "UPDATE event SET actor = 'Någon annan' WHERE seq = 1".into(), journal),
        ("event_no_update", "UPDATE event SET payload_json = '{}', hash = prev_hash WHERE kind = 'override'".into(), journal),
        ("event_no_delete", "DELETE FROM event WHERE seq = (SELECT MAX(seq) FROM event)".into(), journal),
        ("kept_file_no_update", "UPDATE kept_file SET bytes = x'00' WHERE name = '08-lilla-vardbolaget.xlsx'".into(), kept),
        ("kept_file_no_update", "UPDATE kept_file SET name = 'annat.xlsx'".into(), kept),
        ("kept_file_no_delete", "DELETE FROM kept_file".into(), kept),
        ("override_no_update", "UPDATE override SET justification = 'Ändrad i efterhand.'".into(), judged),
        ("override_no_update", "UPDATE override SET original = 'pass'".into(), judged),
        ("override_no_update", "UPDATE override SET outcome = 'fail' WHERE id = 1".into(), judged),
        ("override_no_delete", "DELETE FROM override WHERE id = 1".into(), judged),
        ("decision_no_delete", "DELETE FROM decision".into(), "ett beslut kan inte tas bort"),
        (
            "decision_no_update",
            "UPDATE decision SET canonical_json = replace(canonical_json, 'Karin Berg', 'Karl Berg')".into(),
            decision,
        ),
        ("decision_no_update", "UPDATE decision SET sha256 = '00'".into(), decision),
        ("decision_no_update", "UPDATE decision SET decided_by = 'Karl Berg'".into(), decision),
        ("decision_no_update", "UPDATE decision SET inputs_json = '{}'".into(), decision),
        ("decision_no_update", "UPDATE decision SET number = 7".into(), decision),
        ("decision_no_update", "UPDATE decision SET standstill_end = '2027-01-05'".into(), decision),
        ("bid_no_delete", "DELETE FROM bid WHERE org_nr = '559400-5000'".into(), "ett mottaget anbud kan inte tas bort"),
        ("bid_content_no_update", "UPDATE bid SET content_json = replace(content_json, '48250000', '6250000')".into(), bid),
        ("bid_content_no_update", "UPDATE bid SET name = 'Annat Namn AB' WHERE org_nr = '559400-5000'".into(), bid),
        ("bid_content_no_update", "UPDATE bid SET sha256 = '00' WHERE org_nr = '559400-5000'".into(), bid),
        ("bid_content_no_update", "UPDATE bid SET bid_date = '2026-12-14' WHERE org_nr = '559400-5000'".into(), bid),
        ("bid_content_no_update", "UPDATE bid SET file = 'annat.xlsx' WHERE org_nr = '559400-5000'".into(), bid),
        ("bid_content_no_update", "UPDATE bid SET org_nr = '559400-5001' WHERE org_nr = '559400-5000'".into(), bid),
        ("bid_content_no_update", "UPDATE bid SET imported_at = '2026-12-01' WHERE org_nr = '559400-5000'".into(), bid),
        ("bid_content_no_update", format!("UPDATE bid SET procurement_id = 'ANNAN' WHERE procurement_id = '{ID}'"), bid),
        ("rejected_import_no_update", "UPDATE rejected_import SET errors_json = '[]'".into(), rejected),
        ("rejected_import_no_delete", "DELETE FROM rejected_import".into(), rejected),
    ];
    for (_, sql, message) in &cases {
        refused(sql, message);
    }
    // Every trigger in the file is one of those tried.
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut tried: Vec<String> = cases.iter().map(|c| c.0.to_string()).collect();
    tried.sort();
    tried.dedup();
    assert_eq!(triggers, tried);
    // What is not history may change: a bid's state (settled again from the dates), and a
    // decision's pointer to the one that superseded it, once.
    assert_eq!(conn.execute("UPDATE bid SET state = 'active', replaced_by = NULL WHERE state = 'replaced'", []).unwrap(), 1);
    assert_eq!(conn.execute("UPDATE decision SET superseded_by = id WHERE number = 1", []).unwrap(), 1);
    refused("UPDATE decision SET superseded_by = NULL WHERE number = 1", decision);
    refused("UPDATE decision SET superseded_by = 9 WHERE number = 1", decision);
    // Nothing refused was changed.
    drop(conn);
    let conn = Connection::open(&c.db).unwrap();
    let (actor, events): (String, i64) = conn
        .query_row("SELECT actor, (SELECT COUNT(*) FROM event) FROM event WHERE seq = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(actor, "");
    assert_eq!(events, base().events);
}

/// Every event's link and hash computed again in order, as an attacker who rewrote an event would.
fn rehash_chain(conn: &Connection) {
    let mut prev = anbud::store::journal::GENESIS.to_string();
    for e in anbud::store::journal::events(conn, ID).unwrap() {
        let canonical = anbud::store::journal::canonical_bytes(&e);
        let hash = anbud::store::journal::chain_hash(&prev, &canonical);
        conn.execute("UPDATE event SET prev_hash = ?1, hash = ?2 WHERE id = ?3", params![prev, hash, e.id]).unwrap();
        prev = hash;
    }
}

#[test]
fn a_rewrite_of_the_journal_itself_is_detected_by_the_printed_fingerprint() {
    // The most thorough attacker: an override and the event that recorded it rewritten alike, the
    // chain hashed again, the decision rebuilt on it and the event of the decision set to match.
    // The file now agrees with itself in every way `audit verify` and `verify` can check; the
    // record printed at the time does not, because its fingerprint covers the journal's head.
    let c = copy();
    let conn = c.attacker();
    let id = override_id(&conn, "559700-8001", "kreditvardighet", true);
    let forged = "Kreditupplysningen visar riskklass 1.";
    assert_eq!(conn.execute("UPDATE override SET justification = ?1 WHERE id = ?2", params![forged, id]).unwrap(), 1);
    let rewritten = conn
        .execute(
            "UPDATE event SET payload_json = json_set(payload_json, '$.justification', ?1) WHERE kind = 'override' AND json_extract(payload_json, '$.override_id') = ?2",
            params![forged, id],
        )
        .unwrap();
    assert_eq!(rewritten, 1);
    rehash_chain(&conn);
    drop(conn);
    let forged_fingerprint = rebuild_latest_decision(&c.db);
    let conn = c.attacker_again();
    let head: String = conn.query_row("SELECT prev_hash FROM event WHERE kind = 'decision_taken'", [], |r| r.get(0)).unwrap();
    conn.execute(
        "UPDATE event SET payload_json = json_set(payload_json, '$.fingerprint', ?1, '$.journal_head', ?2) WHERE kind = 'decision_taken'",
        params![forged_fingerprint, head],
    )
    .unwrap();
    rehash_chain(&conn);
    drop(conn);
    let (code, out) = c.audit();
    assert_eq!(code, Some(0), "the rewrite is not thorough:\n{out}");
    let (code, out) = c.verify_self();
    assert_eq!(code, Some(0), "the rewrite is not thorough:\n{out}");
    let out = assert_printed_fingerprint_fails(&c);
    assert!(out.contains(&format!("Lagrad kontrollsumma:     {forged_fingerprint}")), "{out}");
}

#[test]
fn a_decision_marked_superseded_without_its_event_is_named() {
    let c = copy();
    let conn = c.attacker();
    assert_eq!(conn.execute("UPDATE decision SET superseded_by = id WHERE number = 1", []).unwrap(), 1);
    drop(conn);
    let (code, out) = c.audit();
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("Första avvikelse: att beslut nr 1 har ersatts finns inte i journalen"), "{out}");
}

#[test]
fn an_event_recording_a_row_twice_is_named() {
    // Appending is allowed (the journal is append-only, not closed): a second event for an
    // override already recorded, linked and hashed properly at the end of the chain, is named.
    let c = copy();
    let conn = Connection::open(&c.db).unwrap();
    let id = override_id(&conn, "559700-8001", "kreditvardighet", true);
    let first = seq_of(&conn, "override", "override_id", id);
    let events = anbud::store::journal::events(&conn, ID).unwrap();
    let original = events.iter().find(|e| e.seq == first).unwrap();
    let last = events.last().unwrap();
    let seq = last.seq + 1;
    let at = "2026-12-22T08:00:00Z";
    let mut second = original.clone();
    second.seq = seq;
    second.at = at.to_string();
    let canonical = anbud::store::journal::canonical_bytes(&second);
    let hash = anbud::store::journal::chain_hash(&last.hash, &canonical);
    conn.execute(
        "INSERT INTO event (procurement_id, seq, kind, at, actor, os_user, subject, payload_json, prev_hash, hash) VALUES (?1, ?2, 'override', ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![ID, seq, at, original.actor, original.os_user, original.subject, original.payload_json, last.hash, hash],
    )
    .unwrap();
    drop(conn);
    let (code, out) = c.audit();
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("Kedjan håller."), "{out}");
    assert!(
        out.contains(&format!("Första avvikelse: händelse nr {seq}: händelsen registrerar samma ändring (id {id}) som händelse nr {first} redan registrerade")),
        "{out}"
    );
}
