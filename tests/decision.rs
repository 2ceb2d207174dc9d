//! The decision: refusal while reviews remain, the record and the notices as a lawyer reads them
//! (pdftotext), determinism, the fingerprint verified and tampering detected, PDF/A checks.

mod common;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::pdfa::{assert_pdfa_2a_ua1, assert_zpdf_conforms, tagged_structure};

fn anbud(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_anbud")).args(args).env("ANBUD_DB", "/nonexistent/should-not-be-used").output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

struct Demo {
    dir: tempfile::TempDir,
}

impl Demo {
    fn new() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        assert!(anbud(&["demo", s(dir.path())]).status.success());
        Demo { dir }
    }
    fn p(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn bids(&self) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(self.p("anbud")).unwrap().map(|e| e.unwrap().path().to_string_lossy().to_string()).collect();
        v.sort();
        v
    }
    fn run(&self, args: &[&str]) -> std::process::Output {
        let db = self.p("db.sqlite");
        let mut all = vec!["--db", s(&db)];
        all.extend_from_slice(args);
        anbud(&all)
    }
    fn decide(&self, out: &str, notices: Option<&str>) -> std::process::Output {
        let toml = self.p("upphandling.toml");
        let out = self.p(out);
        let bids = self.bids();
        let mut args = vec!["decision", s(&toml)];
        args.extend(bids.iter().map(|b| b.as_str()));
        args.extend(["--date", "2026-12-21", "--decided-by", "Karin Berg", "--role", "upphandlingschef", "-o", s(&out)]);
        let n = notices.map(|n| self.p(n));
        if let Some(n) = &n {
            args.extend(["--notices", s(n)]);
        }
        self.run(&args)
    }
    fn settle_reviews(&self) {
        let toml = self.p("upphandling.toml");
        let bids = self.bids();
        let mut args = vec!["evaluate", s(&toml)];
        args.extend(bids.iter().map(|b| b.as_str()));
        assert!(self.run(&args).status.success());
        for (org, req, outcome) in [
            ("559700-8001", "kreditvardighet", "pass"),
            ("559800-9008", "kreditvardighet", "pass"),
            ("559901-0005", "levererade-timmar", "fail"),
            ("556111-2227", "uteslutning", "pass"),
            ("556222-3338", "omsattning", "pass"),
        ] {
            let out = self.run(&[
                "override",
                s(&toml),
                org,
                req,
                "--outcome",
                outcome,
                "--justification",
                "Granskat av arbetsgruppen; underlaget finns i ärendet.",
                "--by",
                "Anna Lindqvist",
            ]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

/// `anbud` run in the folder `cwd`.
fn anbud_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_anbud"))
        .args(args)
        .current_dir(cwd)
        .env("ANBUD_DB", "/nonexistent/should-not-be-used")
        .output()
        .unwrap()
}

/// A consistent copy of a database file (the store runs in WAL mode).
fn copy_db(from: &Path, to: &Path) {
    let conn = rusqlite::Connection::open(from).unwrap();
    conn.execute("VACUUM INTO ?1", [s(to)]).unwrap();
}

fn fingerprint_of(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().find_map(|l| l.strip_prefix("Kontrollsumma (SHA-256): ")).unwrap().to_string()
}

/// The text of a layout in the order it was placed, words separated by single spaces.
fn layout_text(layout: &anbud::records::pdf::Layout) -> String {
    let mut words = Vec::new();
    for page in &layout.pages {
        for t in page.texts() {
            if !matches!(t.role, anbud::records::pdf::Role::Header | anbud::records::pdf::Role::Footer) {
                words.push(t.text.clone());
            }
        }
    }
    words.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every line break in every table cell of `doc` as laid out falls at a space, after a hyphen,
/// dash or slash, or before a parenthesis, or is marked with a visible hyphen; returns the
/// number of visible-hyphen breaks. Body text is at least 10 pt.
fn check_breaks_and_sizes(doc: &anbud::records::pdf::Document, layout: &anbud::records::pdf::Layout) -> usize {
    use anbud::records::pdf::{Block, Role};
    for page in &layout.pages {
        for t in page.texts() {
            if !matches!(t.role, Role::Header | Role::Footer) {
                assert!(t.size >= 10.0 - 1e-3, "{} pt: {:?}", t.size, t.text);
            }
        }
    }
    let tables: Vec<&anbud::records::pdf::Table> =
        doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
    let mut hyphenated = 0;
    for (ti, table) in tables.iter().enumerate() {
        // The header row (its first copy), then the rows: (row, col, text, lines).
        let mut cells: Vec<(Option<usize>, usize, &str, Vec<String>)> = Vec::new();
        let first_page =
            layout.pages.iter().find(|p| p.texts().any(|t| matches!(t.role, Role::TableHeader { table, .. } if table == ti)));
        for (ci, c) in table.columns.iter().enumerate() {
            let lines = first_page
                .map(|p| p.texts().filter(|t| t.role == Role::TableHeader { table: ti, col: ci }).map(|t| t.text.clone()).collect())
                .unwrap_or_default();
            cells.push((None, ci, c.header.as_str(), lines));
        }
        for (ri, row) in table.rows.iter().enumerate() {
            for (ci, cell) in row.iter().enumerate() {
                let lines: Vec<String> = layout
                    .pages
                    .iter()
                    .flat_map(|p| p.texts())
                    .filter(|t| t.role == Role::Cell { table: ti, row: ri, col: ci })
                    .map(|t| t.text.clone())
                    .collect();
                cells.push((Some(ri), ci, cell.as_str(), lines));
            }
        }
        for (ri, ci, cell, lines) in cells {
            let src: Vec<char> = cell.chars().collect();
            let mut at = 0;
            for (li, line) in lines.iter().enumerate() {
                while at < src.len() && src[at].is_whitespace() {
                    at += 1;
                }
                let chars: Vec<char> = line.chars().collect();
                let mut added_hyphen = false;
                for (k, &c) in chars.iter().enumerate() {
                    if at < src.len() && c == src[at] {
                        at += 1;
                    } else if k + 1 == chars.len() && c == '-' {
                        added_hyphen = true;
                    } else {
                        panic!("table {ti} row {ri:?} col {ci}: line {li} {line:?} does not follow {cell:?}");
                    }
                }
                if li + 1 == lines.len() {
                    continue;
                }
                if added_hyphen {
                    hyphenated += 1;
                } else {
                    let ok = at >= src.len() || src[at].is_whitespace() || matches!(src[at - 1], '-' | '–' | '/') || src[at] == '(';
                    assert!(ok, "table {ti} row {ri:?} col {ci}: a word broken without a hyphen: {line:?} | {:?}", lines[li + 1]);
                }
            }
        }
    }
    hyphenated
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext").args(["-layout", s(path), "-"]).output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn refused_while_reviews_remain_naming_the_suppliers() {
    let demo = Demo::new();
    let out = demo.decide("beslut.pdf", None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    for name in [
        "Dalabemanning AB (559700-8001)",
        "Vårdpartner Norden AB",
        "Barnmorskeförmedlingen AB",
        "Akutläkarna i Sverige AB",
        "Gotlandsvård Bemanning AB",
    ] {
        assert!(err.contains(name), "{err}");
    }
    assert!(!demo.p("beslut.pdf").exists());
}

#[test]
fn record_notices_fingerprint_and_tampering() {
    let demo = Demo::new();
    demo.settle_reviews();
    let out = demo.decide("beslut.pdf", Some("underrattelser"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Avtalsspärren löper ut 2027-01-04"), "{stdout}");
    let fingerprint = stdout.lines().find_map(|l| l.strip_prefix("Kontrollsumma (SHA-256): ")).unwrap().to_string();
    assert_eq!(fingerprint.len(), 64);

    // The record, as a lawyer reads it.
    let pdf = demo.p("beslut.pdf");
    let text = pdftotext(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    let n = pages.len();
    assert!(n >= 5, "{n} pages");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Sida {} av {n}", i + 1)), "page {}", i + 1);
        assert!(page.contains("Dnr DEMO-2026-001") && page.contains("Bemanningstjänster inom hälso- och sjukvård 2028"));
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The fingerprint in groups of eight hex digits.
    let grouped = fingerprint.as_bytes().chunks(8).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ");
    for needle in [
        "Kvalificeringsbeslut",
        "Region Östergötland beslutar att anta följande sju leverantörer till ramavtalet",
        "och att inte anta de åtta leverantörer som anges i avsnitt 3",
        // Counts in number agreement.
        "Anbud 17 inkomna anbud: 14 prövade, 1 för sent inkommet, 1 ersatt eller tvetydigt, 1 anbudsformulär som inte kunde läsas",
        "Utfall 7 kvalificerade leverantörer, 8 leverantörer som inte kvalificerats (7 efter prövning, 1 för sent inkommet anbud)",
        "Karin Berg, upphandlingschef",
        "Beslutsdatum 2026-12-21",
        // Qualified, by lot.
        "L1 Specialistläkare allmänmedicin",
        "Vårdkraft Bemanning AB 556012-5790 1–6",
        // Not qualified: evidence quoted with unit and cell, and the rule.
        "Lilla Vårdbolaget AB (559400-5000)",
        "4 999 999,99 kr",
        "5 000 000,00 kr",
        "Nystart Vård AB (559500-6007)",
        "2024-12-16",
        "L2 zon 2: angivet 1 500,00 kr/h, avtalets pris 1 523,00 kr/h",
        "9 999,99 h",
        // Judgements with who and the justification.
        "Motivering: Granskat av arbetsgruppen;",
        "Anna Lindqvist",
        // Bids not evaluated.
        "Sena Anbud Bemanning AB",
        "02-vardkraft-tidigare.xlsx",
        "17-slarvigt-ifyllt.xlsx",
        "Kvalificering!B14: \"tiotusen\" är inte ett tal",
        "X1 Specialistläkare ögonsjukdomar",
        // The legal basis: exclusion (13 kap.), qualification (14 kap.), notice (12 kap.), standstill and review (20 kap.).
        "13 kap. om uteslutning av leverantörer, 14 kap. om kvalificering av leverantörer, 12 kap. om underrättelse om beslut och 20 kap. om avtalsspärr och överprövning",
        // Standstill.
        "Avtalsspärren löper ut 2027-01-04",
        "Ramavtal ingås tidigast 2027-01-05",
        "den tionde dagen efter utskicket, 2026-12-31, är nyårsafton, 2027-01-01 är nyårsdagen, 2027-01-02 är en lördag och 2027-01-03 är en söndag, så avtalsspärren löper ut närmast följande vardag",
        "Ramavtal ingås inte förrän avtalsspärren har löpt ut, tidigast 2027-01-05",
        // Appendix and fingerprint.
        "Bilaga: Prislista",
        "1 523,00",
        // The zones as the definition names them, and the workplaces with their own zone.
        "Zon 6 – glesbygd",
        "Vårdcentralen Idre Region Dalarna zon 4 zon 6",
        "Hälsocentralen Sorsele Region Västerbotten zon 5 zon 6",
        &grouped,
        &format!("--decision 1 --fingerprint \"{grouped}\" DEMO-2026-001"),
    ] {
        assert!(flat.contains(needle), "record lacks {needle:?}");
    }
    // The overridden-to-fail supplier is listed as not qualified with the judgement.
    assert!(flat.contains("Barnmorskeförmedlingen AB (559901-0005)"));

    // Archival checks.
    let bytes = std::fs::read(&pdf).unwrap();
    assert_pdfa_2a_ua1(&bytes);
    assert_zpdf_conforms(&bytes);
    // Accessible: the structure a screen reader follows, read back.
    let structure = tagged_structure(&bytes);
    assert_eq!(structure.headings.first(), Some(&(1, "Kvalificeringsbeslut".to_string())));
    for heading in ["1. Upphandlingen i korthet", "3. Leverantörer som inte kvalificerats", "6. Avtalsspärr och överprövning"] {
        assert!(structure.headings.contains(&(2, heading.to_string())), "{heading}: {:?}", structure.headings);
    }
    assert!(structure.tables >= 5 && structure.header_cells >= 10 && structure.lists >= 2, "{structure:?}");
    assert!(structure.header_cell_pages.iter().all(|p| p.len() == 1), "a repeated header row is read once");
    let fonts = String::from_utf8(Command::new("pdffonts").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(fonts.lines().skip(2).all(|l| l.contains(" yes yes yes ")), "{fonts}");
    let qpdf = Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
    assert!(String::from_utf8_lossy(&qpdf.stdout).contains("No syntax or stream encoding errors found"));

    // Notices: one per evaluated supplier, each with its outcome and how to appeal, and one for
    // the bidder whose workbook could not be read (named in it, its organisation number invalid).
    let notices: Vec<PathBuf> = std::fs::read_dir(demo.p("underrattelser")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(notices.len(), 16);
    for notice in &notices {
        let bytes = std::fs::read(notice).unwrap();
        assert_pdfa_2a_ua1(&bytes);
        assert_zpdf_conforms(&bytes);
        let structure = tagged_structure(&bytes);
        assert_eq!(structure.headings.first().map(|h| h.1.as_str()), Some("Underrättelse om beslut"), "{}", notice.display());
    }
    let slarvigt = notices.iter().find(|p| p.to_string_lossy().contains("utan-orgnr-slarvigt-ifyllt-ab")).unwrap();
    let t = pdftotext(slarvigt).split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Till Slarvigt Ifyllt AB",
        "har beslutat att inte anta Slarvigt Ifyllt AB till ramavtalet",
        "17-slarvigt-ifyllt.xlsx",
        "Kvalificering!B14: \"tiotusen\" är inte ett tal",
        "får ansöka om överprövning",
        "2027-01-04",
    ] {
        assert!(t.contains(needle), "notice lacks {needle:?}: {t}");
    }
    assert_pdfa_2a_ua1(&std::fs::read(slarvigt).unwrap());
    let lilla = notices.iter().find(|p| p.to_string_lossy().contains("559400-5000")).unwrap();
    let t = pdftotext(lilla).split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Underrättelse om beslut",
        "Underrättelse enligt 12 kap. 12 § lagen (2016:1145) om offentlig upphandling",
        "Lilla Vårdbolaget AB (559400-5000)",
        "att inte anta Lilla Vårdbolaget AB",
        "4 999 999,99 kr",
        "2027-01-04",
        "Beslut nr 1",
        "får ansöka om överprövning av upphandlingen hos Förvaltningsrätten i Linköping (20 kap. LOU)",
        "Ansökan ska ha kommit in till förvaltningsrätten innan avtalsspärren har löpt ut den 2027-01-04; en upphandling kan inte överprövas sedan ramavtalet har ingåtts",
        "förlängs den (förlängd avtalsspärr): ramavtal ingås då inte förrän tio dagar har gått från det att förvaltningsrätten har avgjort målet",
        "Ramavtal ingås inte förrän avtalsspärren har löpt ut, tidigast 2027-01-05",
        "Anna Lindqvist, upphandlare",
        &grouped[..35],
        &grouped[36..],
    ] {
        assert!(t.contains(needle), "notice lacks {needle:?}: {t}");
    }
    let jouren = notices.iter().find(|p| p.to_string_lossy().contains("556677-8899")).unwrap();
    let t = pdftotext(jouren).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        t.contains("Anbudet för X1 Specialistläkare ögonsjukdomar avser en bristspecialitet som ligger utanför ramavtalet"),
        "{t}"
    );
    let vardkraft = notices.iter().find(|p| p.to_string_lossy().contains("556012-5790")).unwrap();
    let t = pdftotext(vardkraft).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(t.contains("att anta Vårdkraft Bemanning AB") && t.contains("L3 Specialistläkare övriga specialiteter 1–3"), "{t}");
    assert_pdfa_2a_ua1(&std::fs::read(vardkraft).unwrap());

    // Verify: the fingerprint matches the store and the printed copy, typed whole or in groups.
    let toml = demo.p("upphandling.toml");
    let out = demo.run(&["verify", s(&toml), "--fingerprint", &fingerprint]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let out = demo.run(&["verify", s(&toml), "--decision", "1", "--fingerprint", &grouped.to_uppercase()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Kontrollsumman stämmer:"));
    let out = demo.run(&["verify", "DEMO-2026-001", "--fingerprint", &"0".repeat(64)]);
    assert_eq!(out.status.code(), Some(1));

    // Tampering with an override behind the decision is detected (the history's triggers
    // dropped first, as an attacker with write access to the file would).
    let conn = rusqlite::Connection::open(demo.p("db.sqlite")).unwrap();
    assert!(common::drop_triggers(&conn) > 0);
    conn.execute("UPDATE override SET justification = 'Ändrad i efterhand.' WHERE id = 1", []).unwrap();
    let out = demo.run(&["verify", s(&toml)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("stämmer INTE"));
    conn.execute("UPDATE override SET justification = 'Granskat av arbetsgruppen; underlaget finns i ärendet.' WHERE id = 1", [])
        .unwrap();
    assert_eq!(demo.run(&["verify", s(&toml)]).status.code(), Some(0));
    // Tampering with the stored decision data is detected.
    conn.execute("UPDATE decision SET canonical_json = replace(canonical_json, 'Karin Berg', 'Karl Berg')", []).unwrap();
    assert_eq!(demo.run(&["verify", s(&toml)]).status.code(), Some(1));
    // An override recorded after the decision does not change what it was taken on.
    conn.execute("UPDATE decision SET canonical_json = replace(canonical_json, 'Karl Berg', 'Karin Berg')", []).unwrap();
    let out = demo.run(&[
        "override",
        s(&toml),
        "559700-8001",
        "kreditvardighet",
        "--outcome",
        "fail",
        "--justification",
        "Senare omprövning.",
        "--by",
        "Bo",
    ]);
    assert!(out.status.success());
    assert_eq!(demo.run(&["verify", s(&toml)]).status.code(), Some(0));
}

#[test]
fn same_decision_gives_same_bytes() {
    let demo = Demo::new();
    demo.settle_reviews();
    assert!(demo.decide("a.pdf", None).status.success());
    assert!(demo.decide("b.pdf", None).status.success());
    let a = std::fs::read(demo.p("a.pdf")).unwrap();
    let b = std::fs::read(demo.p("b.pdf")).unwrap();
    assert!(a == b, "two runs of the same decision differ");
    // Another decision date gives another record.
    let toml = demo.p("upphandling.toml");
    let c = demo.p("c.pdf");
    let bids = demo.bids();
    let mut args = vec!["decision", s(&toml)];
    args.extend(bids.iter().map(|b| b.as_str()));
    args.extend(["--date", "2026-12-22", "--decided-by", "Karin Berg", "--role", "upphandlingschef", "-o", s(&c)]);
    assert!(demo.run(&args).status.success());
    assert_ne!(a, std::fs::read(&c).unwrap());
}

#[test]
fn standstill_moves_past_new_year() {
    // Sent 2026-12-21: day ten is 2026-12-31 (nyårsafton), then 1 January, then a weekend.
    // No working group registered: one person's judgement settles (docs/review.md).
    let mut p = anbud::usecases::demo::demo_procurement();
    p.review.four_eyes = false;
    let input = anbud::records::decision::DecisionInput {
        date: "2026-12-21".parse().unwrap(),
        decided_by: "Karin Berg".into(),
        role: None,
        sent: None,
    };
    let d = anbud::records::decision::build_decision(&p, &[], &[], &input).unwrap();
    assert_eq!(d.standstill_end.to_string(), "2027-01-04");
    // A later sending date moves it: sent 2027-01-08 → 2027-01-18 (a Monday).
    let later = anbud::records::decision::DecisionInput { sent: Some("2027-01-08".parse().unwrap()), ..input.clone() };
    let d = anbud::records::decision::build_decision(&p, &[], &[], &later).unwrap();
    assert_eq!((d.sent.to_string(), d.standstill_end.to_string()), ("2027-01-08".into(), "2027-01-18".into()));
    let before = anbud::records::decision::DecisionInput { sent: Some("2026-12-20".parse().unwrap()), ..input };
    assert!(anbud::records::decision::build_decision(&p, &[], &[], &before).is_err());
}

/// The demo decision taken on the demo's bids and `extra` workbooks, the demo's reviews settled,
/// with `more` overrides; numbered 1. Built through the pure core, as the record is rendered.
fn demo_decision(
    extra: &[(String, anbud::intake::template::Filled)],
    more: &dyn Fn(&str) -> Vec<anbud::model::evaluation::Override>,
) -> anbud::records::decision::Decision {
    use anbud::model::evaluation::Override;
    use anbud::model::requirement::Outcome;
    use anbud::rules::evaluate;
    let dir = tempfile::tempdir().unwrap();
    let mut paths = anbud::usecases::demo::write_demo(dir.path()).unwrap();
    // No working group registered: one person's judgement settles (docs/review.md).
    let mut p = anbud::usecases::demo::demo_procurement();
    p.review.four_eyes = false;
    for (name, filled) in extra {
        let path = dir.path().join("anbud").join(name);
        std::fs::write(&path, anbud::intake::template::write_workbook(&p, Some(filled)).unwrap()).unwrap();
        paths.push(path);
    }
    let batch =
        anbud::usecases::batch::import_and_evaluate(None, &p, "", &paths, "2026-12-16T09:00:00+01:00", &mut |_, _, _| {}).unwrap();
    let settle = |org: &str| -> Vec<Override> {
        let (req, outcome) = match org {
            "559700-8001" | "559800-9008" => ("kreditvardighet", Outcome::Pass),
            "559901-0005" => ("levererade-timmar", Outcome::Fail),
            "556111-2227" => ("uteslutning", Outcome::Pass),
            "556222-3338" => ("omsattning", Outcome::Pass),
            _ => return more(org),
        };
        let (by, at) = match org {
            // Recorded in UTC: 19.35 Swedish time.
            "559901-0005" => ("Per Ek", "2026-12-01T18:35:10+00:00"),
            _ => ("Anna Lindqvist", "2026-12-18T10:00:00+01:00"),
        };
        vec![Override {
            requirement_id: req.into(),
            outcome,
            justification: "Granskat av arbetsgruppen; underlaget finns i ärendet.".into(),
            decided_by: by.into(),
            decided_at: at.into(),
        }]
    };
    let bids: Vec<_> =
        paths.iter().filter_map(|path| anbud::intake::import::import_file(path, &path.to_string_lossy(), &p).ok()).collect();
    let evaluations: Vec<_> = batch
        .suppliers
        .iter()
        .map(|e| {
            let bid = &bids.iter().find(|b| b.bid.file == e.file).unwrap().bid;
            evaluate(&p, bid, &settle(&e.org_nr))
        })
        .collect();
    let input = anbud::records::decision::DecisionInput {
        date: "2026-12-21".parse().unwrap(),
        decided_by: "Karin Berg".into(),
        role: Some("upphandlingschef".into()),
        sent: None,
    };
    let mut d = anbud::records::decision::build_decision(&p, &evaluations, &batch.rejected, &input).unwrap();
    d.number = 1;
    d
}

/// With ANBUD_RENDER_DIR set, writes the record and every notice there, to look at
/// (`pdftoppm -png -r 60`).
fn render_for_looking(name: &str, d: &anbud::records::decision::Decision) {
    let Some(dir) = std::env::var_os("ANBUD_RENDER_DIR") else { return };
    let dir = PathBuf::from(dir).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("beslut.pdf"),
        anbud::records::pdf::render(&anbud::records::record::record_document(d, &d.fingerprint())).unwrap(),
    )
    .unwrap();
    for s in &d.suppliers {
        let bytes = anbud::records::pdf::render(&anbud::records::record::notice_document(d, &d.fingerprint(), s)).unwrap();
        std::fs::write(dir.join(format!("underrattelse-{}.pdf", s.org_nr)), bytes).unwrap();
    }
}

#[test]
fn demo_record_stays_within_the_margins_on_a_known_page_count() {
    let d = demo_decision(&[], &|_| vec![]);
    render_for_looking("demo", &d);
    let record = anbud::records::record::record_document(&d, &d.fingerprint());
    let layout = anbud::records::pdf::layout(&record).unwrap();
    common::pdfa::all_within_margins(&layout);
    assert_eq!(check_breaks_and_sizes(&record, &layout), 0, "a word broken inside in the demo record");
    // A person's decision: in Swedish time, in a Swedish sentence, leading the reason; the
    // engine's proposal after it.
    let text = layout_text(&layout);
    let judged = "Det föreslagna utfallet ”Bedöms manuellt” har ändrats till ”Ej uppfyllt” av Per Ek den 2026-12-01 kl. 19.35. Motivering: Granskat av arbetsgruppen; underlaget finns i ärendet. Maskinens förslag: Anbudsgivaren anger 12 000 h";
    assert!(text.contains(&format!("(Kvalificering!B14) Timmar 2025 enligt Referensuppdrag (1 uppdrag): 8 000 h {judged}")), "{text}");
    assert!(text.contains("Svar saknas → Uppfyllt") && text.contains("Anna Lindqvist, 2026-12-18 kl. 10.00"), "{text}");
    assert!(!text.contains("18:35") && !text.contains("Föreslaget utfall"), "{text}");
    // The appendix names the zones as the definition does, and the workplaces in their own zone.
    for needle in [
        "Zon 1 – storstadsregioner med universitetssjukhus Region Stockholm, Region Skåne, Västra Götalandsregionen",
        "Zon 6 – glesbygd Region Jämtland Härjedalen, Region Norrbotten",
        "Vårdcentralen Idre (Region Dalarna) → zon 6, Hälsocentralen Sorsele (Region Västerbotten) → zon 6",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    let barnmorske = d.suppliers.iter().find(|s| s.org_nr == "559901-0005").unwrap();
    let notice =
        layout_text(&anbud::records::pdf::layout(&anbud::records::record::notice_document(&d, &d.fingerprint(), barnmorske)).unwrap());
    assert_eq!(notice.matches("har ändrats till ”Ej uppfyllt” av Per Ek").count(), 1, "{notice}");
    assert_eq!(layout.pages.len(), 9, "the demo record was 9 pages when last looked at (pdftoppm)");
    // Each notice fits on one page.
    for s in &d.suppliers {
        let notice = anbud::records::record::notice_document(&d, &d.fingerprint(), s);
        let l = anbud::records::pdf::layout(&notice).unwrap();
        common::pdfa::all_within_margins(&l);
        assert_eq!(check_breaks_and_sizes(&notice, &l), 0, "{}", s.name);
        assert!(l.pages.len() <= 2, "{}: {} pages", s.name, l.pages.len());
    }
}

/// The latest decision stored in a database, as its canonical data.
fn stored_decision(db: &Path) -> anbud::records::decision::Decision {
    let conn = rusqlite::Connection::open(db).unwrap();
    let json: String = conn.query_row("SELECT canonical_json FROM decision ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// How the bids were given (absolute or relative paths, copies in another folder, a file renamed)
/// changes nothing the decision states. Its fingerprint also covers what it rests on, the head of
/// the database's own journal (times and users differ from one database to another), so across
/// databases the decision's data is compared apart from that basis; within one database the same
/// decision taken again by other paths is the stored one, with its number and the same bytes.
#[test]
fn fingerprint_and_record_do_not_depend_on_how_the_bids_were_given() {
    let demo = Demo::new();
    demo.settle_reviews();
    let db = demo.p("db.sqlite");
    for n in ["db2.sqlite", "db3.sqlite", "db4.sqlite"] {
        copy_db(&db, &demo.p(n));
    }
    let toml = demo.p("upphandling.toml");
    let names: Vec<String> = demo.bids().iter().map(|b| Path::new(b).file_name().unwrap().to_string_lossy().to_string()).collect();
    let tail = ["--date", "2026-12-21", "--decided-by", "Karin Berg", "--role", "upphandlingschef"];
    let rel: Vec<String> = names.iter().map(|n| format!("anbud/{n}")).collect();
    let other = demo.p("other/x");
    std::fs::create_dir_all(&other).unwrap();
    let copies: Vec<String> = names
        .iter()
        .map(|n| {
            std::fs::copy(demo.p("anbud").join(n), other.join(n)).unwrap();
            other.join(n).to_string_lossy().to_string()
        })
        .collect();
    // The decision by relative paths, run from the demo folder, into `db` (relative to it).
    let by_relative = |db: &str, pdf: &str| {
        let mut args = vec!["--db", db, "decision", "upphandling.toml"];
        args.extend(rel.iter().map(String::as_str));
        args.extend(tail);
        args.extend(["-o", pdf]);
        anbud_in(demo.dir.path(), &args)
    };
    // The decision on copies of the same files in another folder, run from there.
    let by_copies = |db: &Path, pdf: &Path| {
        let mut args = vec!["--db", s(db), "decision", s(&toml)];
        args.extend(copies.iter().map(String::as_str));
        args.extend(tail);
        args.extend(["-o", s(pdf)]);
        anbud_in(&other, &args)
    };

    // 1. Absolute paths; 2. relative paths into another copy of the database; 3. copies in
    // another folder into a third.
    let a = fingerprint_of(&demo.decide("a.pdf", None));
    let b = fingerprint_of(&by_relative("db2.sqlite", "b.pdf"));
    let db3 = demo.p("db3.sqlite");
    let c = fingerprint_of(&by_copies(&db3, &demo.p("c.pdf")));

    // The decision's data apart from what it rests on is the same whichever way the bids were
    // given; what it rests on lists the same workbooks, by file name and never by a path.
    let without_basis = |db: &Path| {
        let mut d = stored_decision(db);
        let basis = d.basis.take().expect("a decision taken with the journal has its basis");
        (d, basis)
    };
    let (da, basis_a) = without_basis(&db);
    assert_eq!(
        da.fingerprint(),
        without_basis(&demo.p("db2.sqlite")).0.fingerprint(),
        "relative paths from another folder give another decision"
    );
    assert_eq!(da.fingerprint(), without_basis(&db3).0.fingerprint(), "copies in another folder give another decision");
    assert_eq!(da.number, 1);
    let mut received: Vec<String> = basis_a.workbooks.iter().map(|w| w.file.clone()).collect();
    received.sort();
    assert_eq!(received, names, "the basis lists every workbook received, by its file name");
    for db in ["db2.sqlite", "db3.sqlite"] {
        let (_, basis) = without_basis(&demo.p(db));
        assert_eq!(basis.workbooks, basis_a.workbooks, "{db}");
        assert_eq!(
            (basis.definition_sha256.as_str(), basis.overrides),
            (basis_a.definition_sha256.as_str(), basis_a.overrides),
            "{db}"
        );
    }
    for fingerprint in [&a, &b, &c] {
        assert_eq!(fingerprint.len(), 64);
    }

    // In one database, the same decision taken again by other paths is the stored decision: the
    // same number, the same fingerprint, the same bytes, nothing new stored.
    let out = by_relative("db.sqlite", "a-relative.pdf");
    assert_eq!(fingerprint_of(&out), a, "relative paths from another folder give another fingerprint");
    assert!(String::from_utf8_lossy(&out.stdout).contains("samma beslut som det redan lagrade beslut nr 1"));
    let out = by_copies(&db, &demo.p("a-copies.pdf"));
    assert_eq!(fingerprint_of(&out), a, "copies in another folder give another fingerprint");
    let pdf = std::fs::read(demo.p("a.pdf")).unwrap();
    assert!(
        pdf == std::fs::read(demo.p("a-relative.pdf")).unwrap() && pdf == std::fs::read(demo.p("a-copies.pdf")).unwrap(),
        "the records differ"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(conn.query_row("SELECT COUNT(*) FROM decision", [], |r| r.get::<_, i64>(0)).unwrap(), 1);
    drop(conn);

    // An untouched decision verifies whichever way its bids were given.
    for (db, fingerprint) in [("db.sqlite", &a), ("db2.sqlite", &b), ("db3.sqlite", &c)] {
        let out = anbud(&["--db", s(&demo.p(db)), "verify", "DEMO-2026-001", "--fingerprint", fingerprint]);
        assert_eq!(out.status.code(), Some(0), "{db}: {}", String::from_utf8_lossy(&out.stdout));
    }

    // A file renamed since it was first imported: the decision names it as given, and verifies.
    let renamed = demo.p("other/lilla-vardbolaget-ny.xlsx");
    std::fs::copy(demo.p("anbud/08-lilla-vardbolaget.xlsx"), &renamed).unwrap();
    let mut given: Vec<String> = demo.bids().into_iter().filter(|b| !b.ends_with("08-lilla-vardbolaget.xlsx")).collect();
    given.push(renamed.to_string_lossy().to_string());
    let db4 = demo.p("db4.sqlite");
    let d_pdf = demo.p("d.pdf");
    let mut args = vec!["--db", s(&db4), "decision", s(&toml)];
    args.extend(given.iter().map(String::as_str));
    args.extend(tail);
    args.extend(["-o", s(&d_pdf)]);
    fingerprint_of(&anbud(&args));
    let out = anbud(&["--db", s(&db4), "verify", "DEMO-2026-001"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));

    // The record names files, never folders, and names the supplier of a replaced bid.
    for pdf in ["a.pdf", "b.pdf", "c.pdf"] {
        let text = pdftotext(&demo.p(pdf)).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!text.contains(s(demo.dir.path())) && !text.contains("anbud/") && !text.contains("other/"), "a folder in {pdf}");
        assert!(
            text.contains("anbudet från Vårdkraft Bemanning AB (556012-5790) daterat 2026-11-20 har ersatts av anbudet i 01-vardkraft.xlsx med anbudsdatum 2026-12-10"),
            "{pdf}: {text}"
        );
    }
}

#[test]
fn decisions_are_numbered_and_a_retaken_decision_supersedes_the_earlier() {
    let demo = Demo::new();
    demo.settle_reviews();
    let out = demo.decide("nr1.pdf", None);
    let first = fingerprint_of(&out);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Beslut nr 1.\n"), "{}", String::from_utf8_lossy(&out.stdout));
    let text = pdftotext(&demo.p("nr1.pdf")).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Beslut nr 1") && text.contains("--decision 1 --fingerprint"), "{text}");

    // The very same decision again: the same number, nothing new stored, the same bytes.
    let out = demo.decide("nr1-igen.pdf", None);
    assert_eq!(fingerprint_of(&out), first);
    assert!(String::from_utf8_lossy(&out.stdout).contains("samma beslut som det redan lagrade beslut nr 1"));
    assert_eq!(std::fs::read(demo.p("nr1.pdf")).unwrap(), std::fs::read(demo.p("nr1-igen.pdf")).unwrap());
    let conn = rusqlite::Connection::open(demo.p("db.sqlite")).unwrap();
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM decision", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 1);

    // Re-taken with another date: decision 2, which says it replaces decision 1.
    let toml = demo.p("upphandling.toml");
    let nr2 = demo.p("nr2.pdf");
    let bids = demo.bids();
    let mut args = vec!["decision", s(&toml)];
    args.extend(bids.iter().map(|b| b.as_str()));
    args.extend(["--date", "2026-12-22", "--decided-by", "Karin Berg", "-o", s(&nr2)]);
    let out = demo.run(&args);
    let second = fingerprint_of(&out);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Beslut nr 2. Beslutet ersätter beslut nr 1"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = pdftotext(&nr2).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Beslut nr 2"), "{text}");
    assert!(text.contains("ersätter beslut nr 1 av den 2026-12-21 i samma upphandling"), "{text}");
    assert!(text.contains("--decision 2 --fingerprint"), "{text}");
    let superseded: Option<i64> = conn.query_row("SELECT superseded_by FROM decision WHERE number = 1", [], |r| r.get(0)).unwrap();
    let second_id: i64 = conn.query_row("SELECT id FROM decision WHERE number = 2", [], |r| r.get(0)).unwrap();
    assert_eq!(superseded, Some(second_id));

    // verify without --decision checks the latest; the earlier one by its number.
    let out = demo.run(&["verify", "DEMO-2026-001", "--fingerprint", &second]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Beslut nr 2 (2026-12-22)"));
    let out = demo.run(&["verify", "DEMO-2026-001", "--decision", "1", "--fingerprint", &first]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Beslut nr 1 (2026-12-21)") && stdout.contains("har ersatts av beslut nr 2"), "{stdout}");
    // The earlier record's fingerprint is not the latest decision's.
    assert_eq!(demo.run(&["verify", "DEMO-2026-001", "--fingerprint", &first]).status.code(), Some(1));
    // A decision number that does not exist is an unusable argument.
    let out = demo.run(&["verify", "DEMO-2026-001", "--decision", "3"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "anbud: upphandlingen DEMO-2026-001 har inget lagrat beslut nr 3\n");
}

#[test]
fn verify_detects_tampering_with_the_decision_columns_and_the_tables_beside_the_bids() {
    let demo = Demo::new();
    demo.settle_reviews();
    let fingerprint = fingerprint_of(&demo.decide("beslut.pdf", None));
    let db = demo.p("db.sqlite");
    let verify = |db: &Path| anbud(&["--db", s(db), "verify", "DEMO-2026-001", "--fingerprint", &fingerprint]);
    let out = verify(&db);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let lilla = "(SELECT id FROM bid WHERE org_nr = '559400-5000')";
    let cases = [
        "UPDATE decision SET decision_date = '2026-12-01'".to_string(),
        "UPDATE decision SET standstill_end = '2027-01-05'".into(),
        "UPDATE decision SET decided_by = 'Karl Berg'".into(),
        "UPDATE decision SET role = 'praktikant'".into(),
        "UPDATE decision SET sent_date = '2026-12-22'".into(),
        "UPDATE decision SET number = 7".into(),
        format!("UPDATE answer SET value = '5000000' WHERE question LIKE 'Omsättning%' AND bid_id = {lilla}"),
        "UPDATE answer SET value = 'Nej' WHERE value = 'Ja' AND rowid = (SELECT MIN(rowid) FROM answer WHERE value = 'Ja')".into(),
        "UPDATE assignment SET hours = '20000' WHERE rowid = (SELECT MIN(rowid) FROM assignment)".into(),
        "DELETE FROM assignment WHERE rowid = (SELECT MIN(rowid) FROM assignment)".into(),
        "UPDATE stated_price SET price = '9999' WHERE rowid = (SELECT MIN(rowid) FROM stated_price)".into(),
        "UPDATE lot_offer SET zones = '9' WHERE rowid = (SELECT MIN(rowid) FROM lot_offer)".into(),
        "INSERT INTO lot_offer (bid_id, code, offered, zones) SELECT MIN(id), 'L4', 1, '1' FROM bid".into(),
        "UPDATE outcome SET reason = 'Ändrad i efterhand.' WHERE rowid = (SELECT MIN(rowid) FROM outcome)".into(),
        format!("UPDATE outcome SET proposed = 'pass' WHERE requirement_id = 'omsattning' AND bid_id = {lilla}"),
        "DELETE FROM outcome WHERE requirement_id = 'uteslutning' AND bid_id = (SELECT MIN(id) FROM bid)".into(),
        "UPDATE bid SET name = 'Annat Namn AB' WHERE org_nr = '559400-5000'".into(),
        "UPDATE bid SET state = 'replaced' WHERE org_nr = '559400-5000'".into(),
        "UPDATE bid SET state = 'active', replaced_by = NULL WHERE state = 'replaced'".into(),
        "UPDATE bid SET bid_date = '2026-12-14' WHERE org_nr = '559400-5000'".into(),
        "UPDATE procurement SET definition_json = replace(definition_json, '5000000', '4000000')".into(),
    ];
    for (i, sql) in cases.iter().enumerate() {
        let copy = demo.p(&format!("t{i}.sqlite"));
        copy_db(&db, &copy);
        let conn = rusqlite::Connection::open(&copy).unwrap();
        // The history's triggers dropped first, as an attacker with write access would.
        common::drop_triggers(&conn);
        assert!(conn.execute(sql, []).unwrap() > 0, "{sql} changed nothing");
        drop(conn);
        let out = verify(&copy);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "not detected: {sql}\n{stdout}");
        assert!(stdout.contains("stämmer INTE"), "{sql}: {stdout}");
    }
    // The decision as printed by verify is the decision data, not a column beside it.
    let copy = demo.p("date.sqlite");
    copy_db(&db, &copy);
    let conn = rusqlite::Connection::open(&copy).unwrap();
    common::drop_triggers(&conn);
    conn.execute("UPDATE decision SET decision_date = '2026-12-01'", []).unwrap();
    drop(conn);
    let stdout = String::from_utf8_lossy(&verify(&copy).stdout).to_string();
    assert!(stdout.starts_with("Beslut nr 1 (2026-12-21)"), "{stdout}");
    assert!(
        stdout.contains("kolumnen decision.decision_date (\"2026-12-01\") stämmer inte med beslutsunderlaget (\"2026-12-21\")"),
        "{stdout}"
    );
}

#[test]
fn unusable_decision_arguments_exit_2_with_one_line_and_store_nothing() {
    let demo = Demo::new();
    demo.settle_reviews();
    let toml = demo.p("upphandling.toml");
    let bids = demo.bids();
    let try_decide = |extra: &[&str]| {
        let out = demo.p("beslut.pdf");
        let mut args = vec!["decision", s(&toml)];
        args.extend(bids.iter().map(|b| b.as_str()));
        args.extend_from_slice(extra);
        args.extend(["-o", s(&out)]);
        demo.run(&args)
    };
    for (extra, message) in [
        (
            &["--date", "2026-12-10", "--decided-by", "Karin Berg"][..],
            "beslutsdatumet 2026-12-10 ligger före sista anbudsdag 2026-12-15",
        ),
        (&["--date", "2026-11-01", "--decided-by", "Karin Berg"][..], "beslutsdatumet 2026-11-01 ligger före sista anbudsdag"),
        (
            &["--date", "2026-12-21", "--decided-by", "Karin Berg", "--sent", "2026-12-20"][..],
            "utskicksdagen 2026-12-20 ligger före beslutsdagen 2026-12-21",
        ),
        (&["--date", "2026-12-21", "--decided-by", "  "][..], "beslutsfattarens namn saknas"),
    ] {
        let out = try_decide(extra);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("anbud: ") && stderr.contains(message), "{stderr}");
        assert!(!demo.p("beslut.pdf").exists());
    }
    let conn = rusqlite::Connection::open(demo.p("db.sqlite")).unwrap();
    assert_eq!(conn.query_row("SELECT COUNT(*) FROM decision", [], |r| r.get::<_, i64>(0)).unwrap(), 0);
    // On the deadline day itself the tender period has ended.
    let out = try_decide(&["--date", "2026-12-15", "--decided-by", "Karin Berg"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The QA stress case: a bid failing all seven requirements (48 price deviations, three shortage
/// lots, a very long name) and a rejection with a justification of about 2 000 characters.
fn stress_decision() -> anbud::records::decision::Decision {
    use anbud::intake::template::Cell;
    use anbud::model::evaluation::Override;
    use anbud::model::requirement::Outcome;
    // No working group registered: one person's judgement settles (docs/review.md).
    let mut p = anbud::usecases::demo::demo_procurement();
    p.review.four_eyes = false;
    let n = |s: &str| Cell::Number(s.parse().unwrap());
    let date = |s: &str| Cell::Date(s.parse().unwrap());
    let all = anbud::usecases::demo::org("559111222");
    let mut s1 =
        anbud::usecases::demo::good_bid(&all, "Fullständigt Underkänd Bemanningsgrupp i Norra och Södra Sverige Aktiebolag (publ)");
    for (q, v) in [
        ("Inga uteslutningsgrunder föreligger", Cell::from("Nej")),
        ("Accepterar avtalets fasta priser", Cell::from("Nej")),
        ("Riskklass (UC, 1–5)", n("1")),
        ("Omsättning senaste avslutade räkenskapsår (SEK)", n("1000000")),
        ("Bemanning inom hälso- och sjukvård sedan", date("2025-06-01")),
        ("Levererade timmar referensåret", n("500")),
    ] {
        s1.answers.iter_mut().find(|(k, _)| k == q).unwrap().1 = v;
    }
    s1.assignments = vec![("Region Gotland".into(), "Sjuksköterska".into(), date("2025-01-01"), date("2025-12-31"), n("500"))];
    s1.lots = ["L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "X1", "X2", "X3"]
        .iter()
        .map(|c| (c.to_string(), true, "1-6".to_string()))
        .collect();
    s1.prices = p
        .agreement_lots()
        .flat_map(|l| (1..=6u8).map(move |z| (l.code.clone(), z)))
        .map(|(code, z)| {
            let fixed = p.prices.get(&code, z).unwrap();
            (code, z, Cell::Number(fixed + rust_decimal::Decimal::ONE))
        })
        .collect();
    let long = anbud::usecases::demo::org("559333444");
    let mut s2 = anbud::usecases::demo::good_bid(
        &long,
        "Barnmorskor och Specialistsjuksköterskor i Västra Götaland, Halland och Skåne Bemanning Aktiebolag",
    );
    s2.lots = vec![("S2".into(), true, "1-6".into()), ("S3".into(), true, "1-6".into())];
    s2.assignments = vec![("Region Halland".into(), "Barnmorska".into(), date("2025-01-01"), date("2025-12-31"), n("8000"))];
    s2.answers.iter_mut().find(|(k, _)| k == "Levererade timmar referensåret").unwrap().1 = n("12000");
    let paragraph = "Arbetsgruppen har gått igenom referensuppdragen rad för rad och jämfört dem med den angivna summan för referensåret. Anbudsgivaren anger 12 000 h men de redovisade uppdragen styrker endast 8 000 h, och inget av de uppdrag som nämns i anbudets bilagor kan hänföras till referensåret. Enligt upphandlingsdokumenten ska uppgiften styrkas med referensuppdrag; en komplettering som tillför nya uppdrag skulle innebära en otillåten ändring av anbudet (jfr 4 kap. 9 § LOU om förtydligande och komplettering).";
    let justification = [paragraph; 4].join(" ");
    assert!(justification.chars().count() > 1900);
    let all2 = all.clone();
    let long2 = long.clone();
    let more = move |org: &str| -> Vec<Override> {
        if org == all2 {
            vec![Override {
                requirement_id: "anbudsdag".into(),
                outcome: Outcome::Fail,
                justification: "Anbudet kom in via e-post efter sista anbudsdag; anbudsdatumet i formuläret är felaktigt.".into(),
                decided_by: "Per Ek".into(),
                decided_at: "2026-12-01T18:39:00+00:00".into(),
            }]
        } else if org == long2 {
            vec![Override {
                requirement_id: "levererade-timmar".into(),
                outcome: Outcome::Fail,
                justification: justification.clone(),
                decided_by: "Per Ek och Maria Sandberg (fyra ögon)".into(),
                decided_at: "2026-12-01T18:39:00+00:00".into(),
            }]
        } else {
            vec![]
        }
    };
    let d = demo_decision(&[("s1.xlsx".into(), s1), ("s2.xlsx".into(), s2)], &more);
    let s1 = d.not_qualified.iter().find(|s| s.org_nr == all).unwrap();
    assert_eq!(s1.failed.len(), 7, "{:?}", s1.failed.iter().map(|f| &f.id).collect::<Vec<_>>());
    d
}

/// Pagination as a reader sees it: no heading ends a page, a table header is never the last
/// thing on a page, a heading directly before a table has the table's header and first row (or
/// its first part) on its page, a row split over pages starts with its whole first column, and
/// no page before the last (or before a forced page break) is less than half full.
fn check_pagination(doc: &anbud::records::pdf::Document, layout: &anbud::records::pdf::Layout, what: &str) {
    use anbud::records::pdf::{Block, Role};
    let body_h = layout.body_bottom - layout.body_top;
    let n = layout.pages.len();
    // Pages that end before a forced page break.
    let breaks = doc.blocks.iter().filter(|b| matches!(b, Block::PageBreak)).count();
    let mut short_pages = 0;
    for (pi, page) in layout.pages.iter().enumerate() {
        let body: Vec<_> = page.texts().filter(|t| !matches!(t.role, Role::Header | Role::Footer)).collect();
        let last = body.iter().max_by(|a, b| (a.top, a.x).partial_cmp(&(b.top, b.x)).unwrap()).unwrap();
        assert_ne!(last.role, Role::Heading, "{what}: page {} ends with the heading {:?}", pi + 1, last.text);
        assert!(!matches!(last.role, Role::TableHeader { .. }), "{what}: page {} ends with a table header", pi + 1);
        // Headings followed on the page by a table header have a row of the table below.
        for h in body.iter().filter(|t| matches!(t.role, Role::TableHeader { col: 0, .. })) {
            let Role::TableHeader { table, .. } = h.role else { unreachable!() };
            assert!(
                body.iter().any(|t| t.top > h.top
                    && matches!(t.role, Role::Cell { table: tt, .. } | Role::RowContinued { table: tt, .. } if tt == table)),
                "{what}: page {}: the header of table {table} has no row below it",
                pi + 1
            );
        }
        let bottom = body.iter().map(|t| t.top + t.height).fold(layout.body_top, f32::max);
        if (bottom - layout.body_top) < body_h * 0.5 && pi + 1 < n {
            short_pages += 1;
        }
    }
    assert!(short_pages <= breaks, "{what}: {short_pages} pages less than half full");
    // A row continued on a later page has its whole first column on the page it starts on.
    let mut seen: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    for (pi, page) in layout.pages.iter().enumerate() {
        for t in page.texts() {
            if let Role::Cell { table, row, col: 0 } = t.role {
                let first = *seen.entry((table, row)).or_insert(pi);
                assert_eq!(first, pi, "{what}: the first column of row {row} of table {table} is split over pages");
            }
        }
    }
}

#[test]
fn stress_record_and_notices_keep_headings_with_what_follows_and_split_only_what_does_not_fit() {
    let d = stress_decision();
    render_for_looking("stress", &d);
    let record = anbud::records::record::record_document(&d, &d.fingerprint());
    let layout = anbud::records::pdf::layout(&record).unwrap();
    common::pdfa::all_within_margins(&layout);
    check_breaks_and_sizes(&record, &layout);
    check_pagination(&record, &layout, "record");
    // The 2 000-character justification is split, continued under the repeated header.
    let continued: Vec<usize> = layout
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.texts().any(|t| matches!(t.role, anbud::records::pdf::Role::RowContinued { .. })))
        .map(|(i, _)| i)
        .collect();
    assert!(!continued.is_empty());
    assert!(layout_text(&layout).contains("Levererade timmar under referensåret (forts.)"));
    for s in &d.suppliers {
        let notice = anbud::records::record::notice_document(&d, &d.fingerprint(), s);
        let l = anbud::records::pdf::layout(&notice).unwrap();
        common::pdfa::all_within_margins(&l);
        check_breaks_and_sizes(&notice, &l);
        check_pagination(&notice, &l, &s.name);
    }
}

#[test]
fn demo_pages_are_paginated_as_a_reader_expects() {
    let d = demo_decision(&[], &|_| vec![]);
    let record = anbud::records::record::record_document(&d, &d.fingerprint());
    check_pagination(&record, &anbud::records::pdf::layout(&record).unwrap(), "record");
}

#[test]
fn bidders_whose_bids_were_not_evaluated_are_named_and_notified_once() {
    // Two workbooks of one organisation number with the same date (in conflict), and one that
    // cannot be read. The conflict holds the decision until a person settles it; then the bid
    // kept is evaluated (and its bidder notified as a supplier), the other is listed as replaced
    // with who settled it and why, and the bidder of the unreadable workbook gets one notice.
    let demo = Demo::new();
    // No working group registered: one person's judgement settles (docs/review.md).
    let mut p = anbud::usecases::demo::demo_procurement();
    p.review.four_eyes = false;
    let dir = demo.p("egna");
    std::fs::create_dir_all(&dir).unwrap();
    let mut a = anbud::usecases::demo::good_bid("559012-3450", "Dubbelt AB");
    a.bid_date = Some(anbud::intake::template::Cell::Date("2026-12-10".parse().unwrap()));
    let mut b = a.clone();
    b.contact = Some("Någon annan".into());
    let mut bad = anbud::usecases::demo::good_bid("556012-5790", "Oläsligt AB");
    bad.answers.retain(|(q, _)| !q.starts_with("Omsättning"));
    bad.answers.push(("Omsättning senaste avslutade räkenskapsår (SEK)".into(), "fem miljoner".into()));
    for (name, f) in [("a.xlsx", &a), ("b.xlsx", &b), ("c.xlsx", &bad)] {
        std::fs::write(dir.join(name), anbud::intake::template::write_workbook(&p, Some(f)).unwrap()).unwrap();
    }
    let toml = demo.p("upphandling.toml");
    let files: Vec<String> = ["a.xlsx", "b.xlsx", "c.xlsx"].iter().map(|n| dir.join(n).to_string_lossy().to_string()).collect();
    let mut args = vec!["decision", s(&toml)];
    args.extend(files.iter().map(|f| f.as_str()));
    let out_pdf = demo.p("beslut.pdf");
    let notices = demo.p("n");
    args.extend(["--date", "2026-12-21", "--decided-by", "Karin Berg", "-o", s(&out_pdf), "--notices", s(&notices)]);
    let out = demo.run(&args);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Dubbelt AB (559012-3450)"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!out_pdf.exists());
    let settle = demo.run(&[
        "settle-conflict",
        s(&toml),
        "559012-3450",
        "--keep",
        &files[0],
        "--justification",
        "Anbudsgivaren har bekräftat att a.xlsx är deras anbud.",
        "--by",
        "Anna Lindqvist",
    ]);
    assert!(settle.status.success(), "{}", String::from_utf8_lossy(&settle.stderr));
    let out = demo.run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut names: Vec<String> =
        std::fs::read_dir(&notices).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        ["underrattelse-demo-2026-001-nr1-556012-5790-olasligt-ab.pdf", "underrattelse-demo-2026-001-nr1-559012-3450-dubbelt-ab.pdf"]
    );
    let t = pdftotext(&notices.join(&names[1])).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(t.contains("Dubbelt AB") && t.contains("att anta Dubbelt AB"), "{t}");
    let t = pdftotext(&notices.join(&names[0])).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(t.contains("Oläsligt AB (556012-5790)") && t.contains("\"fem miljoner\" är inte ett tal"), "{t}");
    // The record names the bidder of the unreadable workbook, and the bid set aside with why.
    let r = pdftotext(&out_pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(r.contains("c.xlsx Oläsligt AB") && r.contains("(556012-5790)"), "{r}");
    assert!(r.contains("b.xlsx") && r.contains("Anna Lindqvist har avgjort att anbudet i a.xlsx gäller"), "{r}");
    // And the decision verifies from the store, bidders and all.
    let out = demo.run(&["verify", s(&toml)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

/// Every file of a folder by name, with its bytes.
fn folder(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn a_decision_is_printed_again_from_the_database_alone_byte_for_byte() {
    let demo = Demo::new();
    demo.settle_reviews();
    let out = demo.decide("nr1/beslut.pdf", Some("nr1"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let first = fingerprint_of(&out);
    // The record itself tells how to appeal: the court, the time limit in days and the date it
    // ends, and what can be done once the agreement is concluded.
    let text = pdftotext(&demo.p("nr1/beslut.pdf")).split_whitespace().collect::<Vec<_>>().join(" ");
    for said in [
        "6. Avtalsspärr och överprövning",
        "Avtalsspärren är tio dagar från den dag beslutet skickades (20 kap. 1 § LOU) och löper ut 2027-01-04",
        "får ansöka om överprövning av upphandlingen hos Förvaltningsrätten i Linköping",
        "innan avtalsspärren har löpt ut den 2027-01-04",
        "en upphandling kan inte överprövas sedan ramavtalet har ingåtts",
        "Sedan ramavtalet har ingåtts kan en leverantör ansöka hos förvaltningsrätten om överprövning av ramavtalets giltighet",
        "skadestånd",
    ] {
        assert!(text.contains(said), "the record says \"{said}\": {text}");
    }
    // Re-taken the next day: decision 2 replaces decision 1.
    let toml = demo.p("upphandling.toml");
    let (nr2, nr2_dir) = (demo.p("nr2/beslut.pdf"), demo.p("nr2"));
    let bids = demo.bids();
    let mut args = vec!["decision", s(&toml)];
    args.extend(bids.iter().map(|b| b.as_str()));
    args.extend(["--date", "2026-12-22", "--decided-by", "Karin Berg", "-o", s(&nr2), "--notices", s(&nr2_dir)]);
    let out = demo.run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let second = fingerprint_of(&out);
    assert_ne!(first, second);

    // The workbooks and the definition are gone: the database alone.
    std::fs::remove_dir_all(demo.p("anbud")).unwrap();
    std::fs::remove_file(&toml).unwrap();
    let db_before = std::fs::read(demo.p("db.sqlite")).unwrap();
    for (n, fingerprint) in [(1, &first), (2, &second)] {
        let again = demo.p(&format!("igen{n}"));
        let record = again.join("beslut.pdf");
        let out = demo.run(&["record", "DEMO-2026-001", "--decision", &n.to_string(), "-o", s(&record), "--notices", s(&again)]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.starts_with(&format!("Beslut nr {n} (2026-12-2")), "{stdout}");
        assert!(stdout.contains(&format!("Kontrollsumma (SHA-256): {fingerprint}")), "{stdout}");
        assert_eq!(stdout.contains("har ersatts av beslut nr 2"), n == 1, "{stdout}");
        // The same files, byte for byte: the record and every notice.
        let (original, reprinted) = (folder(&demo.p(&format!("nr{n}"))), folder(&again));
        assert!(original.len() > 10, "the record and the notices: {:?}", original.keys());
        assert_eq!(original.keys().collect::<Vec<_>>(), reprinted.keys().collect::<Vec<_>>());
        for (name, bytes) in &original {
            assert!(bytes == &reprinted[name], "{name} differs when printed again");
        }
    }
    // Printing again reads only: the database file is as it was.
    assert!(std::fs::read(demo.p("db.sqlite")).unwrap() == db_before, "the database was written");

    // A decision that does not exist is an unusable argument.
    let out = demo.run(&["record", "DEMO-2026-001", "--decision", "3", "-o", s(&demo.p("nr3.pdf"))]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "anbud: upphandlingen DEMO-2026-001 har inget lagrat beslut nr 3\n");
    assert!(!demo.p("nr3.pdf").exists());

    // A stored decision whose data was changed after it was taken (its triggers dropped first,
    // as by someone with write access to the file) is not printed as if it held.
    let conn = rusqlite::Connection::open(demo.p("db.sqlite")).unwrap();
    assert!(common::drop_triggers(&conn) > 0);
    conn.execute("UPDATE decision SET canonical_json = replace(canonical_json, 'Karin Berg', 'Karin Borg') WHERE number = 1", [])
        .unwrap();
    drop(conn);
    let out = demo.run(&["record", "DEMO-2026-001", "--decision", "1", "-o", s(&demo.p("andrat.pdf"))]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Beslut nr 1 i DEMO-2026-001 kan inte skrivas ut på nytt") && stderr.contains("anbud verify"), "{stderr}");
    assert!(!demo.p("andrat.pdf").exists());
}
