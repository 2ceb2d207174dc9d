//! The store against a real SQLite file in a temp folder.

mod common;
use anbud::intake::import::import_file;
use anbud::intake::template::{write_workbook, Cell};
use anbud::model::requirement::Outcome;
use anbud::store::{Imported, Store};
use anbud::usecases::batch::import_and_evaluate;
use common::*;

const NOW: &str = "2026-12-16T09:00:00+01:00";

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_bid_is_stored_with_every_answer_outcome_and_exact_money() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("anbud.sqlite");
    let mut b = good_bid("556012-5790", "Exakt AB");
    set(&mut b, "Omsättning senaste avslutade räkenskapsår (SEK)", "4 999 999,99".into());
    b.prices = vec![("L1".into(), 1, num("1400"))];
    let path = write_file(dir.path(), "a.xlsx", &write_workbook(&p, Some(&b)).unwrap());
    {
        let mut store = Store::open(&db).unwrap();
        store.save_procurement(&p, anbud::usecases::demo::DEMO_TOML, NOW).unwrap();
        let read = import_file(&path, "a.xlsx", &p).unwrap();
        assert!(matches!(anbud::usecases::evaluation::import_read_bid(&mut store, &p, &read, NOW).unwrap(), Imported::New { .. }));
        assert!(matches!(
            anbud::usecases::evaluation::import_read_bid(&mut store, &p, &read, NOW).unwrap(),
            Imported::Unchanged { .. }
        ));
    }
    // Reopen the file: everything is there.
    let store = Store::open(&db).unwrap();
    assert_eq!(count(&store, "SELECT COUNT(*) FROM bid"), 1);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM answer"), 13);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM outcome"), 7);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM assignment"), 3);
    let money: (String, String) = store
        .connection()
        .query_row("SELECT value, typeof(value) FROM answer WHERE question LIKE 'Omsättning%'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(money, ("4999999.99".to_string(), "text".to_string()));
    let price: String = store.connection().query_row("SELECT price FROM stated_price", [], |r| r.get(0)).unwrap();
    assert_eq!(price, "1400");
    let proposed: String =
        store.connection().query_row("SELECT proposed FROM outcome WHERE requirement_id = 'omsattning'", [], |r| r.get(0)).unwrap();
    assert_eq!(proposed, "fail");
    let (loaded, toml) = store.procurement("DEMO-2026-001").unwrap().unwrap();
    assert_eq!(loaded, p);
    assert_eq!(toml, anbud::usecases::demo::DEMO_TOML);
}

#[test]
fn a_rejected_workbook_stores_nothing_but_its_rejection() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let mut bad = good_bid("556012-5790", "Trasig AB");
    set(&mut bad, "Levererade timmar referensåret", "tiotusen".into());
    let good = good_bid(&org("559111222"), "Hel AB");
    let paths = vec![
        write_file(dir.path(), "bad.xlsx", &write_workbook(&p, Some(&bad)).unwrap()),
        write_file(dir.path(), "good.xlsx", &write_workbook(&p, Some(&good)).unwrap()),
    ];
    let batch = import_and_evaluate(Some(&mut store), &p, anbud::usecases::demo::DEMO_TOML, &paths, NOW, &mut |_, _, _| {}).unwrap();
    assert_eq!(batch.suppliers.len(), 1);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM bid"), 1);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM bid WHERE name = 'Trasig AB'"), 0);
    let rejections = store.rejections(&p.id).unwrap();
    assert_eq!(rejections.len(), 1);
    assert_eq!(rejections[0].errors[0].to_string(), "Kvalificering!B14: \"tiotusen\" är inte ett tal");
}

#[test]
fn replacement_across_imports() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    store.save_procurement(&p, anbud::usecases::demo::DEMO_TOML, NOW).unwrap();
    let write = |name: &str, day: &str, hours: &str| {
        let mut b = good_bid("556012-5790", "Omlämnat AB");
        b.bid_date = Some(Cell::Date(date(day)));
        set(&mut b, "Levererade timmar referensåret", num(hours));
        let path = write_file(dir.path(), name, &write_workbook(&p, Some(&b)).unwrap());
        import_file(&path, name, &p).unwrap()
    };
    let first = write("first.xlsx", "2026-12-01", "14000");
    let second = write("second.xlsx", "2026-12-05", "14100");
    let older = write("older.xlsx", "2026-11-01", "14200");
    let twin = write("twin.xlsx", "2026-12-05", "14300");
    assert!(matches!(anbud::usecases::evaluation::import_read_bid(&mut store, &p, &first, NOW).unwrap(), Imported::New { .. }));
    match anbud::usecases::evaluation::import_read_bid(&mut store, &p, &second, NOW).unwrap() {
        Imported::Replacing { replaced, .. } => assert_eq!(replaced, ["first.xlsx"]),
        other => panic!("{other:?}"),
    }
    match anbud::usecases::evaluation::import_read_bid(&mut store, &p, &older, NOW).unwrap() {
        Imported::Superseded { by, .. } => assert_eq!(by, "second.xlsx"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.bids(&p.id, true).unwrap()[0].bid.file, "second.xlsx");
    match anbud::usecases::evaluation::import_read_bid(&mut store, &p, &twin, NOW).unwrap() {
        Imported::Ambiguous { with, .. } => assert_eq!(with, ["second.xlsx"]),
        other => panic!("{other:?}"),
    }
    assert!(store.bids(&p.id, true).unwrap().is_empty());
    assert_eq!(count(&store, "SELECT COUNT(*) FROM bid WHERE state = 'ambiguous'"), 2);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM bid WHERE state = 'replaced'"), 2);
}

#[test]
fn overrides_keep_the_proposal_and_the_history() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let mut b = good_bid("556012-5790", "Granskas AB");
    set(&mut b, "Datum för kreditupplysning", Cell::Date(date("2026-09-01")));
    let paths = vec![write_file(dir.path(), "g.xlsx", &write_workbook(&p, Some(&b)).unwrap())];
    import_and_evaluate(Some(&mut store), &p, anbud::usecases::demo::DEMO_TOML, &paths, NOW, &mut |_, _, _| {}).unwrap();
    let bid_id = store.active_bid_for(&p.id, "556012-5790").unwrap().unwrap();
    assert!(store.add_override(&p, bid_id, "kreditvardighet", Outcome::Pass, " ", "Anna", NOW).is_err());
    assert!(store.add_override(&p, bid_id, "finns-inte", Outcome::Pass, "x", "Anna", NOW).is_err());
    store
        .add_override(&p, bid_id, "kreditvardighet", Outcome::Fail, "Inledande bedömning.", "Anna", "2026-12-16T10:00:00+01:00")
        .unwrap();
    let rec = store
        .add_override(
            &p,
            bid_id,
            "kreditvardighet",
            Outcome::Pass,
            "Ny kreditupplysning daterad 2026-12-01 har visats.",
            "Bo",
            "2026-12-17T10:00:00+01:00",
        )
        .unwrap();
    assert_eq!(rec.original, Outcome::Review);
    let history = store.override_history(bid_id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].decision.decided_by, "Anna");
    let evals = anbud::usecases::evaluation::evaluate_all(&mut store, &p).unwrap();
    let r = evals[0].1.requirement("kreditvardighet").unwrap().clone();
    assert_eq!((r.proposed, r.outcome), (Outcome::Review, Outcome::Pass));
    assert_eq!(r.override_.unwrap().decided_by, "Bo");
    assert_eq!(evals[0].1.status, anbud::model::evaluation::Status::Qualified);
    // The proposal in the store is still the engine's.
    let proposed: String = store
        .connection()
        .query_row("SELECT proposed FROM outcome WHERE requirement_id = 'kreditvardighet'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(proposed, "review");
}

#[test]
fn a_changed_definition_refreshes_the_stored_proposals_and_the_store_agrees_with_itself() {
    let p = demo();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let paths = anbud::usecases::demo::write_demo(dir.path()).unwrap();
    import_and_evaluate(Some(&mut store), &p, anbud::usecases::demo::DEMO_TOML, &paths, NOW, &mut |_, _, _| {}).unwrap();
    assert_eq!(store.integrity_problems(&p.id).unwrap(), Vec::<String>::new());
    // The turnover threshold raised: Vårdkraft's 48 250 000 kr still passes, Sjuksköterskejouren's 5 000 000 kr no longer.
    let toml = anbud::usecases::demo::DEMO_TOML.replace("min_amount = \"5 000 000\"", "min_amount = \"6 000 000\"");
    let changed = anbud::model::procurement::Procurement::from_toml(&toml).unwrap();
    let amendment = anbud::store::AmendmentInput { justification: "Beloppet rättat.".into(), by: "Anna".into() };
    anbud::usecases::evaluation::save_definition_amended(&mut store, &changed, &toml, NOW, Some(&amendment)).unwrap();
    let proposed: String = store
        .connection()
        .query_row(
            "SELECT proposed FROM outcome WHERE requirement_id = 'omsattning' AND bid_id = (SELECT id FROM bid WHERE org_nr = '556677-8899')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(proposed, "fail");
    assert_eq!(store.integrity_problems(&p.id).unwrap(), Vec::<String>::new());
    // A row changed behind the store's back is named.
    store.connection().execute("UPDATE assignment SET hours = '1' WHERE rowid = 1", []).unwrap();
    let problems = store.integrity_problems(&p.id).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].ends_with("tabellen assignment stämmer inte med anbudet som det lästes in"), "{problems:?}");
}
