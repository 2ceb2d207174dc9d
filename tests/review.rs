//! The working group's offline review through the command line, as the coordinator and two
//! members would run it on the demo procurement (four eyes on): jäv refused at assignment,
//! packages (a wrong passphrase, a tampered package), responses (a disagreement, a concurrence
//! that settles a review, a response merged twice, a tampered one, another procurement's, one to
//! a package this database never exported, one assessing a supplier no longer assigned), an
//! override by a member with jäv refused; then the decision and its record.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const P: &str = "DEMO-2026-001";
const DALA: &str = "559700-8001"; // kreditvardighet: review
const VARDPARTNER: &str = "559800-9008"; // kreditvardighet: review
const BARNMORSKE: &str = "559901-0005"; // levererade-timmar: review
const AKUT: &str = "556111-2227"; // uteslutning: missing
const GOTLAND: &str = "556222-3338"; // omsattning: review

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let out = run(&["demo", dir.path().join("demo").to_str().unwrap()]);
        assert!(out.status.success());
        let env = Env { dir };
        let out = env.evaluate(&env.db(), &env.path("demo/upphandling.toml"));
        assert!(out.status.success(), "{}", stderr(&out));
        env
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn db(&self) -> PathBuf {
        self.path("db.sqlite")
    }
    fn bids(&self) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(self.path("demo/anbud")).unwrap().map(|e| e.unwrap().path().to_string_lossy().to_string()).collect();
        v.sort();
        v
    }
    fn evaluate(&self, db: &Path, toml: &Path) -> Output {
        let mut args = vec!["--db".to_string(), db.display().to_string(), "evaluate".into(), toml.display().to_string()];
        args.extend(self.bids());
        run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    }
    /// `anbud --db DB args…`
    fn cli(&self, args: &[&str]) -> Output {
        let db = self.db();
        let mut all = vec!["--db", db.to_str().unwrap()];
        all.extend_from_slice(args);
        run(&all)
    }
    fn write(&self, rel: &str, text: &str) -> String {
        let p = self.path(rel);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }
    fn status(&self) -> serde_json::Value {
        let out = self.cli(&["review", "status", P, "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anbud")).args(args).env("ANBUD_DB", "/nonexistent/should-not-be-used").output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn refused(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(1), "expected exit 1; stdout {} stderr {}", stdout(o), stderr(o));
    assert!(stderr(o).contains(needle), "expected «{needle}» in: {}", stderr(o));
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "stdout {} stderr {}", stdout(o), stderr(o));
    stdout(o)
}

fn requirement<'a>(status: &'a serde_json::Value, org: &str, req: &str) -> &'a serde_json::Value {
    status["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["org_nr"] == org)
        .and_then(|s| s["requirements"].as_array().unwrap().iter().find(|r| r["id"] == req))
        .unwrap_or_else(|| panic!("{org} {req} not in {status:#}"))
}

fn flip(path: &Path, at_fraction: f64) -> PathBuf {
    let mut bytes = std::fs::read(path).unwrap();
    let i = ((bytes.len() as f64) * at_fraction) as usize;
    bytes[i] ^= 0x01;
    let out = path.with_extension("andrad");
    std::fs::write(&out, bytes).unwrap();
    out
}

#[test]
fn the_working_group_round_trip_through_the_command_line() {
    let env = Env::new();
    // People.
    ok(&env.cli(&["reviewer", "add", P, "--name", "Anna Berg", "--region", "05"]));
    ok(&env.cli(&["reviewer", "add", P, "--name", "Karl Ek", "--region", "20"]));
    refused(&env.cli(&["reviewer", "add", P, "--name", "  anna BERG "]), "redan registrerad");
    ok(&env.cli(&["reviewer", "conflict", P, "--name", "Karl Ek", VARDPARTNER, "--reason", "Tidigare anställd hos leverantören"]));
    // Jäv refused at assignment, and nothing of that call assigned.
    refused(&env.cli(&["reviewer", "assign", P, "--name", "Karl Ek", DALA, VARDPARTNER]), "jäv");
    let list: serde_json::Value = serde_json::from_slice(&env.cli(&["reviewer", "list", P, "--json"]).stdout).unwrap();
    assert_eq!(list["reviewers"][1]["assigned"], serde_json::json!([]), "{list:#}");
    ok(&env.cli(&["reviewer", "assign", P, "--name", "Karl Ek", DALA, GOTLAND, BARNMORSKE]));
    ok(&env.cli(&["reviewer", "assign", P, "--name", "Anna Berg", DALA, VARDPARTNER, GOTLAND, BARNMORSKE, AKUT]));
    let list: serde_json::Value = serde_json::from_slice(&env.cli(&["reviewer", "list", P, "--json"]).stdout).unwrap();
    assert_eq!(
        list,
        serde_json::json!({"reviewers": [
            {"name": "Anna Berg", "region": "05", "assigned": [AKUT, GOTLAND, DALA, VARDPARTNER, BARNMORSKE], "conflicts": []},
            {"name": "Karl Ek", "region": "20", "assigned": [GOTLAND, DALA, BARNMORSKE],
             "conflicts": [{"org_nr": VARDPARTNER, "reason": "Tidigare anställd hos leverantören"}]}
        ]})
    );

    // Packages: Anna's with a passphrase of her own, Karl's with a generated one.
    let anna_pass = env.write("anna.pass", "blå hav och gröna skogar\n");
    let anna_pkg = env.path("anna.paket");
    ok(&env.cli(&["review", "export", P, "--name", "Anna Berg", "-o", anna_pkg.to_str().unwrap(), "--passphrase-file", &anna_pass]));
    let karl_pkg = env.path("karl.paket");
    let out = ok(&env.cli(&["review", "export", P, "--name", "Karl Ek", "-o", karl_pkg.to_str().unwrap()]));
    let last = out.lines().last().unwrap();
    let phrase = last.strip_prefix("Lösenfras: ").unwrap_or_else(|| panic!("last line: {last}"));
    assert!(phrase.split('-').count() >= 6, "{phrase}");
    let karl_pass = env.write("karl.pass", phrase);
    // Nothing of the bids in clear in a package.
    let bytes = std::fs::read(&anna_pkg).unwrap();
    for name in ["Dalabemanning", "Gotlandsvård", "kreditvardighet"] {
        assert!(!bytes.windows(name.len()).any(|w| w == name.as_bytes()), "{name} in clear");
    }

    // The member's side, no database: a wrong passphrase, a tampered package, then the package.
    let wrong = env.write("wrong.pass", "inte rätt fras alls");
    refused(&run(&["review", "show", anna_pkg.to_str().unwrap(), "--passphrase-file", &wrong]), "Lösenfrasen stämmer inte");
    let tampered = flip(&anna_pkg, 0.6);
    refused(&run(&["review", "show", tampered.to_str().unwrap(), "--passphrase-file", &anna_pass]), "har ändrats");
    let shown: serde_json::Value = serde_json::from_slice(
        &run(&["review", "show", karl_pkg.to_str().unwrap(), "--passphrase-file", &karl_pass, "--json"]).stdout,
    )
    .unwrap();
    assert_eq!(shown["procurement"]["id"], P);
    assert_eq!(shown["reviewer"], "Karl Ek");
    let orgs: Vec<&str> = shown["suppliers"].as_array().unwrap().iter().map(|s| s["org_nr"].as_str().unwrap()).collect();
    assert_eq!(orgs.len(), 3);
    for o in [DALA, GOTLAND, BARNMORSKE] {
        assert!(orgs.contains(&o), "{orgs:?}");
    }
    assert!(!orgs.contains(&VARDPARTNER), "what the member needs and nothing more");
    let dala = shown["suppliers"].as_array().unwrap().iter().find(|s| s["org_nr"] == DALA).unwrap();
    let kredit = dala["requirements"].as_array().unwrap().iter().find(|r| r["id"] == "kreditvardighet").unwrap();
    assert_eq!(kredit["proposed"], "review");
    assert!(kredit["reason"].as_str().unwrap().len() > 10);

    // An assessment of a supplier not in the package: refused, no response written.
    let bad = env.write(
        "bad.toml",
        &format!("[[assessment]]\norg_nr = \"{VARDPARTNER}\"\nrequirement = \"kreditvardighet\"\noutcome = \"pass\"\njustification = \"x\"\n"),
    );
    let bad_out = env.path("bad.svar");
    refused(
        &run(&[
            "review",
            "respond",
            karl_pkg.to_str().unwrap(),
            "--passphrase-file",
            &karl_pass,
            "--assessments",
            &bad,
            "-o",
            bad_out.to_str().unwrap(),
        ]),
        "finns inte i granskningspaketet",
    );
    assert!(!bad_out.exists());
    // A review proposal assessed without a justification: refused.
    let nojust = env.write(
        "nojust.toml",
        &format!("[[assessment]]\norg_nr = \"{DALA}\"\nrequirement = \"kreditvardighet\"\noutcome = \"pass\"\n"),
    );
    refused(
        &run(&[
            "review",
            "respond",
            karl_pkg.to_str().unwrap(),
            "--passphrase-file",
            &karl_pass,
            "--assessments",
            &nojust,
            "-o",
            bad_out.to_str().unwrap(),
        ]),
        "motivering krävs",
    );

    let karl = env.write(
        "karl.toml",
        &format!(
            r#"[[assessment]]
org_nr = "{DALA}"
requirement = "kreditvardighet"
outcome = "pass"
justification = "Moderbolagets borgen styrker kreditvärdigheten."
comment = "Borgen daterad i år."

[[assessment]]
org_nr = "{GOTLAND}"
requirement = "omsattning"
outcome = "fail"
justification = "Omsättningen avser ett för gammalt räkenskapsår."

[[assessment]]
org_nr = "{BARNMORSKE}"
requirement = "levererade-timmar"
outcome = "pass"
justification = "Referensuppdragen styrker timmarna."

[[assessment]]
org_nr = "{DALA}"
requirement = "anbudsdag"
outcome = "pass"
"#
        ),
    );
    let karl_svar = env.path("karl.svar");
    ok(&run(&[
        "review",
        "respond",
        karl_pkg.to_str().unwrap(),
        "--passphrase-file",
        &karl_pass,
        "--assessments",
        &karl,
        "-o",
        karl_svar.to_str().unwrap(),
    ]));
    let anna = env.write(
        "anna.toml",
        &format!(
            r#"[[assessment]]
org_nr = "{DALA}"
requirement = "kreditvardighet"
outcome = "pass"
justification = "Kreditupplysningen och borgen räcker."

[[assessment]]
org_nr = "{GOTLAND}"
requirement = "omsattning"
outcome = "pass"
justification = "Omsättningen räcker."

[[assessment]]
org_nr = "{BARNMORSKE}"
requirement = "levererade-timmar"
outcome = "pass"
justification = "Timmarna styrks."

[[assessment]]
org_nr = "{VARDPARTNER}"
requirement = "kreditvardighet"
outcome = "fail"
justification = "Ingen moderbolagsgaranti bifogad."

[[assessment]]
org_nr = "{AKUT}"
requirement = "uteslutning"
outcome = "fail"
justification = "Försäkran om uteslutningsgrunder saknas."
"#
        ),
    );
    let anna_svar = env.path("anna.svar");
    ok(&run(&[
        "review",
        "respond",
        anna_pkg.to_str().unwrap(),
        "--passphrase-file",
        &anna_pass,
        "--assessments",
        &anna,
        "-o",
        anna_svar.to_str().unwrap(),
    ]));

    // Merged in any order, Anna's twice: nothing duplicated.
    let out =
        ok(&env.cli(&["review", "merge", P, karl_svar.to_str().unwrap(), anna_svar.to_str().unwrap(), anna_svar.to_str().unwrap()]));
    assert!(
        out.contains("4 bedömningar från Karl Ek") && out.contains("5 bedömningar från Anna Berg") && out.contains("redan"),
        "{out}"
    );
    let s = env.status();
    // A concurrence settles a review …
    let kredit = requirement(&s, DALA, "kreditvardighet");
    assert_eq!(kredit["settled"], "pass", "{kredit:#}");
    assert_eq!(kredit["judgements"].as_array().unwrap().len(), 2, "{kredit:#}");
    // … a disagreement leaves it open, both judgements side by side.
    let oms = requirement(&s, GOTLAND, "omsattning");
    assert_eq!(oms["settled"], serde_json::Value::Null);
    let by: Vec<(&str, &str)> =
        oms["judgements"].as_array().unwrap().iter().map(|j| (j["by"].as_str().unwrap(), j["outcome"].as_str().unwrap())).collect();
    assert!(by.contains(&("Karl Ek", "fail")) && by.contains(&("Anna Berg", "pass")), "{by:?}");
    // One judgement of a review awaits a second.
    assert_eq!(requirement(&s, VARDPARTNER, "kreditvardighet")["settled"], serde_json::Value::Null);
    // Agreeing with a clear proposal stands.
    assert_eq!(requirement(&s, DALA, "anbudsdag")["settled"], "pass");

    // Refused, and nothing of the file merged.
    let before = env.status();
    refused(&env.cli(&["review", "merge", P, flip(&anna_svar, 0.7).to_str().unwrap()]), "har ändrats");
    refused(&env.cli(&["review", "merge", P, flip(&karl_svar, 0.05).to_str().unwrap()]), "karl.andrad");
    // Another procurement's response: a second procurement in the same database.
    let other_toml = std::fs::read_to_string(env.path("demo/upphandling.toml")).unwrap().replace(P, "DEMO-2026-002");
    let other = env.write("other.toml", &other_toml);
    assert!(env.evaluate(&env.db(), Path::new(&other)).status.success());
    refused(&env.cli(&["review", "merge", "DEMO-2026-002", anna_svar.to_str().unwrap()]), "hör till upphandlingen DEMO-2026-001");
    // A response to a package another database exported.
    let env2 = Env::new();
    ok(&env2.cli(&["reviewer", "add", P, "--name", "Anna Berg"]));
    ok(&env2.cli(&["reviewer", "assign", P, "--name", "Anna Berg", DALA]));
    let pkg2 = env2.path("p.paket");
    ok(&env2.cli(&["review", "export", P, "--name", "Anna Berg", "-o", pkg2.to_str().unwrap(), "--passphrase-file", &anna_pass]));
    let a2 = env2.write(
        "a.toml",
        &format!(
            "[[assessment]]\norg_nr = \"{DALA}\"\nrequirement = \"kreditvardighet\"\noutcome = \"fail\"\njustification = \"Nej.\"\n"
        ),
    );
    let svar2 = env2.path("a.svar");
    ok(&run(&[
        "review",
        "respond",
        pkg2.to_str().unwrap(),
        "--passphrase-file",
        &anna_pass,
        "--assessments",
        &a2,
        "-o",
        svar2.to_str().unwrap(),
    ]));
    refused(&env.cli(&["review", "merge", P, svar2.to_str().unwrap()]), "aldrig har skapat");
    // A response assessing a supplier the member has since declared jäv against.
    let anna_pkg_again = env.path("anna2.paket");
    ok(&env.cli(&[
        "review",
        "export",
        P,
        "--name",
        "Anna Berg",
        "-o",
        anna_pkg_again.to_str().unwrap(),
        "--passphrase-file",
        &anna_pass,
    ]));
    let late = env.write("late.toml", &format!("[[assessment]]\norg_nr = \"{AKUT}\"\nrequirement = \"uteslutning\"\noutcome = \"pass\"\njustification = \"Försäkran kom in senare.\"\n"));
    let late_svar = env.path("late.svar");
    ok(&run(&[
        "review",
        "respond",
        anna_pkg_again.to_str().unwrap(),
        "--passphrase-file",
        &anna_pass,
        "--assessments",
        &late,
        "-o",
        late_svar.to_str().unwrap(),
    ]));
    ok(&env.cli(&["reviewer", "conflict", P, "--name", "Anna Berg", AKUT, "--reason", "Make är delägare"]));
    refused(&env.cli(&["review", "merge", P, late_svar.to_str().unwrap()]), "jäv");
    assert_eq!(env.status(), before, "nothing of a refused file is merged");

    // An override by a member with jäv against the supplier: refused.
    let toml = env.path("demo/upphandling.toml");
    let toml = toml.to_str().unwrap();
    refused(
        &env.cli(&[
            "override",
            toml,
            VARDPARTNER,
            "kreditvardighet",
            "--outcome",
            "pass",
            "--justification",
            "Ok.",
            "--by",
            "karl ek",
        ]),
        "jäv",
    );

    // The decision is refused while a disagreement is open, naming it.
    let record = env.path("beslut.pdf");
    let decide = |env: &Env| {
        let mut args = vec!["decision", toml];
        let bids = env.bids();
        args.extend(bids.iter().map(String::as_str));
        args.extend(["--date", "2026-12-20", "--decided-by", "Eva Strand", "-o", record.to_str().unwrap()]);
        env.cli(&args)
    };
    let out = decide(&env);
    refused(&out, "Gotlandsvård Bemanning AB (556222-3338): oenighet om kravet omsattning");
    // The coordinator settles: siding with one member makes two who concur.
    for (org, req, outcome) in
        [(GOTLAND, "omsattning", "fail"), (VARDPARTNER, "kreditvardighet", "fail"), (AKUT, "uteslutning", "fail")]
    {
        ok(&env.cli(&[
            "override",
            toml,
            org,
            req,
            "--outcome",
            outcome,
            "--justification",
            "Samordnarens avgörande.",
            "--by",
            "Eva Strand",
        ]));
    }
    let s = env.status();
    assert_eq!(requirement(&s, GOTLAND, "omsattning")["settled"], "fail");
    ok(&decide(&env));
    let text = String::from_utf8(Command::new("pdftotext").args([record.to_str().unwrap(), "-"]).output().unwrap().stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Anna Berg",
        "Karl Ek",
        "Eva Strand",
        "Anmält jäv",
        "Tidigare anställd hos leverantören",
        "Make är delägare",
        "Bedömare per leverantör",
    ] {
        assert!(flat.contains(needle), "«{needle}» not in the record:\n{text}");
    }
    // Every step is in the journal, and the journal holds.
    let log = ok(&env.cli(&["audit", "log", P]));
    for needle in
        ["Granskare registrerad", "Jäv anmält", "Granskningspaket skapat", "Granskningssvar inläst", "Bedömning från granskare"]
    {
        assert!(log.contains(needle), "«{needle}» not in the journal");
    }
    ok(&env.cli(&["audit", "verify", P]));
    ok(&env.cli(&["verify", P]));
    // A member's assessment changed afterwards (the triggers dropped first) is found by the audit.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("DROP TRIGGER assessment_no_update; UPDATE assessment SET outcome = 'fail' WHERE id = 1;").unwrap();
    drop(conn);
    let out = env.cli(&["audit", "verify", P]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("är inte den som journalen registrerade"), "{}", stdout(&out));
}

/// Four eyes takes effect once the working group exists (DOMAIN.md: "on in the demo once the
/// working group exists"): before a member is registered one override settles, as the
/// coordinator's path always had it; afterwards that one judgement awaits a second.
#[test]
fn four_eyes_takes_effect_once_the_working_group_exists() {
    let env = Env::new();
    let toml = env.path("demo/upphandling.toml");
    ok(&env.cli(&[
        "override",
        toml.to_str().unwrap(),
        DALA,
        "kreditvardighet",
        "--outcome",
        "pass",
        "--justification",
        "Ny kreditupplysning.",
        "--by",
        "Eva Strand",
    ]));
    assert_eq!(requirement(&env.status(), DALA, "kreditvardighet")["settled"], "pass");
    ok(&env.cli(&["reviewer", "add", P, "--name", "Anna Berg"]));
    let s = env.status();
    let r = requirement(&s, DALA, "kreditvardighet");
    assert_eq!(r["settled"], serde_json::Value::Null, "{r:#}");
    assert_eq!(r["judgements"][0]["by"], "Eva Strand");
}

/// A response assessing a supplier taken from the member after the package was made is refused
/// whole, naming why; merged after the supplier is given back, it is taken in once.
#[test]
fn a_response_for_a_supplier_no_longer_assigned_is_refused_whole() {
    use anbud::usecases::review as rv;
    let env = Env::new();
    let mut store = anbud::store::Store::open(&env.db()).unwrap();
    let now = "2026-12-18T10:00:00+01:00";
    rv::add_reviewer(&mut store, P, "Anna Berg", Some("05"), now).unwrap();
    rv::assign(&mut store, P, "Anna Berg", &[DALA.to_string(), GOTLAND.to_string()], now).unwrap();
    let pkg = rv::export_package(&mut store, P, "Anna Berg", Some("en lång lösenfras för test"), now).unwrap();
    let content = rv::open_package(&pkg.bytes, "en lång lösenfras för test").unwrap();
    let assess = |org: &str, req: &str| rv::AssessmentInput {
        org_nr: org.into(),
        requirement: req.into(),
        outcome: anbud::model::requirement::Outcome::Pass,
        justification: "Styrkt.".into(),
        comment: String::new(),
    };
    let response = rv::respond(&content, &[assess(DALA, "kreditvardighet"), assess(GOTLAND, "omsattning")], now).unwrap();
    assert!(rv::unassign(&mut store, P, "Anna Berg", GOTLAND, now).unwrap());
    let e = rv::merge_response(&mut store, P, &response, now).unwrap_err();
    assert_eq!(e.code(), anbud::model::error_code::ErrorCode::Refused);
    assert!(e.to_string().contains(&format!("Anna Berg är inte tilldelad {GOTLAND}")), "{e}");
    assert_eq!(store.last_assessment_id().unwrap(), 0, "nothing of the file merged");
    rv::assign(&mut store, P, "Anna Berg", &[GOTLAND.to_string()], now).unwrap();
    assert_eq!(rv::merge_response(&mut store, P, &response, now).unwrap().assessments, 2);
    assert!(rv::merge_response(&mut store, P, &response, now).unwrap().already_merged.is_some());
    assert_eq!(store.last_assessment_id().unwrap(), 2, "merged once");
}
