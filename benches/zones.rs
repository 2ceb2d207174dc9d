//! Benchmark: the cost projection of 21 regions × 8 lots × 52 weeks of hours (8 736 entries),
//! every entry resolved to its zone and price through the workplace overrides.
//! Goal: well under 50 ms. Also the Kostnadsprognos screen's "Tänk om" (issue 13: under 100 ms
//! after each change): `usecases::forecast::forecast`, what the app's command does on each change
//! (the definition read from a real SQLite file, the copy changed, both projections, the lines per
//! lot and zone). `cargo bench --bench zones`; the figures are kept in docs/performance.md.

use std::hint::black_box;

use anbud::model::procurement::Procurement;
use anbud::model::zones::Workplace;
use anbud::pricing::projection::{project, what_if, Change, HoursEntry, ProjectionInput};
use criterion::{criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;

const DEMO: &str = include_str!("../assets/demo/upphandling.toml");

/// The demo with one workplace of its own zone in every region (the demo itself has two), so that
/// the overrides are really on the path: one zone up from the region's, zone 1 for zone 6.
fn with_workplaces(mut p: Procurement) -> Procurement {
    for r in p.regions.clone() {
        if p.zones.workplaces.iter().any(|w| w.region == r.code) {
            continue;
        }
        let zone = p.zones.zone_for(&r.code, None).unwrap();
        let zone = if zone == 6 { 1 } else { zone + 1 };
        p.zones.workplaces.push(Workplace {
            name: format!("Glesbygdsmottagningen i {}", r.name),
            region: r.code.clone(),
            zone,
        });
    }
    p
}

/// A week's hours per region and lot; a third of the entries name the region's workplace with
/// its own zone, a third a workplace without one, a third none.
fn weekly_input(p: &Procurement) -> ProjectionInput {
    let mut hours = Vec::new();
    for r in &p.regions {
        let own = p.zones.workplaces.iter().find(|w| w.region == r.code).map(|w| w.name.clone());
        for week in 0..52u32 {
            for lot in p.agreement_lots() {
                let workplace = match week % 3 {
                    0 => Some(own.clone().expect("every region has a workplace of its own zone")),
                    1 => Some(format!("Vårdcentralen vecka {week}")),
                    _ => None,
                };
                hours.push(HoursEntry {
                    region: r.code.clone(),
                    workplace,
                    lot: lot.code.clone(),
                    hours: Decimal::new(1000 + (week as i64 * 37) % 500, 1),
                });
            }
        }
    }
    let personnel_cost = p.regions.iter().map(|r| (r.code.clone(), Decimal::from(10_000_000_000i64))).collect();
    ProjectionInput { hours, personnel_cost, ..Default::default() }
}

fn bench(c: &mut Criterion) {
    let p = with_workplaces(Procurement::from_toml(DEMO).unwrap());
    let input = weekly_input(&p);
    assert_eq!(input.hours.len(), 21 * 8 * 52);
    let overridden = input
        .hours
        .iter()
        .filter(|h| p.zones.zone_for(&h.region, h.workplace.as_deref()) != p.zones.zone_for(&h.region, None))
        .count();
    assert_eq!(overridden, 21 * 8 * 18, "a third of the entries (weeks 0, 3, … 51) go through an override");
    c.bench_function("projection 21 regioner × 8 områden × 52 veckor", |b| {
        b.iter(|| project(black_box(&p), black_box(&input), 2028))
    });
    let changes = [Change::MoveRegion { region: "20".into(), zone: 5 }, Change::Factor { zone: 3, factor: Decimal::new(112, 2) }];
    c.bench_function("what-if (två projektioner och en kopia)", |b| {
        b.iter(|| what_if(black_box(&p), black_box(&input), 2028, &changes).unwrap())
    });
    c.bench_function("resolve_price med arbetsplats", |b| {
        b.iter(|| black_box(&p).resolve_price(black_box("20"), black_box(Some("Vårdcentralen Idre")), black_box("S1")))
    });
}

/// The Kostnadsprognos screen's what-if, as its command runs it on each change: the demo database
/// in a temporary folder, the weekly hours, one change more each time.
fn bench_screen(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let id = anbud::usecases::open_demo(&db, &dir.path().join("demo"), false, "2026-12-18T10:00:00+01:00").unwrap();
    let store = anbud::store::Store::open(&db).unwrap();
    // The stored definition is the demo's: the hours are the weekly ones above.
    let input = weekly_input(&with_workplaces(Procurement::from_toml(DEMO).unwrap()));
    let changes = [
        Change::MoveRegion { region: "20".into(), zone: 5 },
        Change::Factor { zone: 3, factor: Decimal::new(112, 2) },
        Change::MoveWorkplace { region: Some("24".into()), name: "Hälsocentralen Sorsele".into(), zone: 4 },
    ];
    for n in 1..=changes.len() {
        let view = anbud::usecases::forecast::forecast(&store, &id, &input, "timmar.xlsx", Some(2028), &changes[..n]).unwrap();
        assert!(view.what_if.is_some());
    }
    c.bench_function("Tänk om i fönstret: databasen läst, tre ändringar, två projektioner", |b| {
        b.iter(|| {
            anbud::usecases::forecast::forecast(&store, &id, black_box(&input), "timmar.xlsx", Some(2028), black_box(&changes))
                .unwrap()
        })
    });
}

criterion_group!(benches, bench, bench_screen);
criterion_main!(benches);
