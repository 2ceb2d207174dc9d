//! The rule engine on pure data: every boundary of DOMAIN.md's rule table ("The requirements, as
//! rules") as a table of `check(rule, answers, expect)` cases. A case starts from a bid built in
//! memory that meets every requirement of the demo, changes what the case names, and expects an
//! outcome and its reason code (docs/reason-codes.md). No files and no workbooks: the whole table
//! runs in milliseconds. A few round trips through real workbooks are in tests/rules_boundaries.rs.
//!
//! The demo: deadline D = 2026-12-15, reference year R = 2025.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use anbud::model::bid::{Answer, Assignment, Bid, CellRef, LotOffer, StatedPrice, Value};
use anbud::model::evaluation::Status;
use anbud::model::orgnr::OrgNr;
use anbud::model::procurement::Procurement;
use anbud::model::requirement::{Outcome, ReasonCode, Requirement, Rule};
use anbud::rules::{evaluate, propose, Context};
use anbud::usecases::demo::demo_procurement;

use Outcome::*;
use ReasonCode::*;

const EXCLUSION: &str = "Inga uteslutningsgrunder föreligger";
const FIXED: &str = "Accepterar avtalets fasta priser";
const PROVIDER: &str = "Kreditupplysningsföretag";
const CLASS: &str = "Riskklass (UC, 1–5)";
const REPORT: &str = "Datum för kreditupplysning";
const GUARANTEE: &str = "Moderbolagsgaranti bifogas";
const TURNOVER: &str = "Omsättning senaste avslutade räkenskapsår (SEK)";
const FY_END: &str = "Räkenskapsårets slutdatum";
const SINCE: &str = "Bemanning inom hälso- och sjukvård sedan";
const HOURS: &str = "Levererade timmar referensåret";

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|_| panic!("date {s}"))
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|_| panic!("decimal {s}"))
}

fn asg(from: &str, to: &str, hours: &str) -> Assignment {
    Assignment {
        customer: "Region X".into(),
        profession: "Sjuksköterska".into(),
        from: day(from),
        to: day(to),
        hours: dec(hours),
        row: 2,
    }
}

fn lot_offer(code: &str, zones: &[u8]) -> LotOffer {
    LotOffer { code: code.into(), offered: true, zones: zones.to_vec(), row: 2 }
}

const ALL_ZONES: &[u8] = &[1, 2, 3, 4, 5, 6];

/// A bid that meets every requirement of the demo, as the importer would have read it.
fn good_bid() -> Bid {
    let answers = [
        (EXCLUSION, Value::YesNo(true)),
        (FIXED, Value::YesNo(true)),
        (PROVIDER, Value::Text("UC AB".into())),
        (CLASS, Value::Integer(4)),
        (REPORT, Value::Date(day("2026-11-02"))),
        (GUARANTEE, Value::YesNo(false)),
        (TURNOVER, Value::Number(dec("48250000"))),
        (FY_END, Value::Date(day("2025-12-31"))),
        (SINCE, Value::Date(day("2012-03-01"))),
        (HOURS, Value::Number(dec("14200"))),
    ];
    Bid {
        file: "test.xlsx".into(),
        org_nr: OrgNr::parse("556012-5790").unwrap(),
        name: "Test AB".into(),
        contact: None,
        email: None,
        phone: None,
        bid_date: day("2026-12-01"),
        bid_date_cell: CellRef::new("Anbudsgivare", 5, 1),
        answers: answers
            .into_iter()
            .enumerate()
            .map(|(i, (q, value))| Answer {
                question: q.into(),
                value,
                cell: Some(CellRef::new("Kvalificering", i as u32 + 3, 1)),
                source: None,
            })
            .collect(),
        assignments: vec![
            asg("2025-01-01", "2025-06-30", "6200"),
            asg("2025-03-01", "2025-12-31", "5000"),
            asg("2025-08-01", "2025-11-30", "3000"),
        ],
        lots: vec![
            lot_offer("L1", ALL_ZONES),
            lot_offer("S1", ALL_ZONES),
            LotOffer { code: "L2".into(), offered: false, zones: vec![], row: 4 },
        ],
        prices: vec![],
        espd: None,
    }
}

/// One change to the good bid.
enum Given {
    Answer(&'static str, Value),
    /// The question's row is not in the workbook at all.
    Absent(&'static str),
    BidDate(NaiveDate),
    Assignments(Vec<Assignment>),
    Lots(Vec<LotOffer>),
    Prices(Vec<StatedPrice>),
}

fn yes(q: &'static str) -> Given {
    Given::Answer(q, Value::YesNo(true))
}
fn no(q: &'static str) -> Given {
    Given::Answer(q, Value::YesNo(false))
}
fn empty(q: &'static str) -> Given {
    Given::Answer(q, Value::Empty)
}
fn absent(q: &'static str) -> Given {
    Given::Absent(q)
}
fn date(q: &'static str, d: &str) -> Given {
    Given::Answer(q, Value::Date(day(d)))
}
fn int(q: &'static str, i: i64) -> Given {
    Given::Answer(q, Value::Integer(i))
}
fn number(q: &'static str, n: &str) -> Given {
    Given::Answer(q, Value::Number(dec(n)))
}
fn bid_date(d: &str) -> Given {
    Given::BidDate(day(d))
}
/// The sheet Referensuppdrag: (first day, last day, hours).
fn work(list: &[(&str, &str, &str)]) -> Given {
    Given::Assignments(list.iter().map(|(f, t, h)| asg(f, t, h)).collect())
}
/// The sheet Anbudsområden: the lots offered, each with its zones.
fn offers(list: &[(&str, &[u8])]) -> Given {
    Given::Lots(list.iter().map(|(c, z)| lot_offer(c, z)).collect())
}
/// The sheet Priser: (lot, zone, price).
fn prices(list: &[(&str, u8, &str)]) -> Given {
    Given::Prices(
        list.iter()
            .enumerate()
            .map(|(i, (lot, zone, price))| StatedPrice {
                lot: lot.to_string(),
                zone: *zone,
                price: dec(price),
                cell: CellRef::new("Priser", i as u32 + 1, *zone as u32 + 1),
            })
            .collect(),
    )
}

impl Given {
    fn apply(self, bid: &mut Bid) {
        match self {
            Given::Answer(q, value) => match bid.answers.iter_mut().find(|a| a.question == q) {
                Some(a) => a.value = value,
                None => bid.answers.push(Answer {
                    question: q.into(),
                    value,
                    cell: Some(CellRef::new("Kvalificering", 20, 1)),
                    source: None,
                }),
            },
            Given::Absent(q) => bid.answers.retain(|a| a.question != q),
            Given::BidDate(d) => bid.bid_date = d,
            Given::Assignments(a) => bid.assignments = a,
            Given::Lots(l) => bid.lots = l,
            Given::Prices(p) => bid.prices = p,
        }
    }
}

struct Case {
    name: String,
    rule: Requirement,
    given: Vec<Given>,
    expect: (Outcome, ReasonCode),
}

fn check(name: impl Into<String>, rule: &Requirement, given: Vec<Given>, expect: (Outcome, ReasonCode)) -> Case {
    Case { name: name.into(), rule: rule.clone(), given, expect }
}

fn demo() -> Procurement {
    demo_procurement()
}

fn demo_rule(p: &Procurement, id: &str) -> Requirement {
    p.requirement(id).unwrap_or_else(|| panic!("the demo has no requirement {id}")).clone()
}

fn own_rule(id: &str, rule: Rule) -> Requirement {
    Requirement { id: id.into(), title: id.into(), description: None, rule, espd: None }
}

/// Runs a table against the demo's context; every case that does not give what it expects is
/// named, with what it gave and the Swedish sentence, in one failure.
fn run(table: Vec<Case>) -> Vec<(Outcome, ReasonCode)> {
    let p = demo();
    let context = Context::of(&p);
    let mut failures = Vec::new();
    let mut got_all = Vec::new();
    for case in table {
        let mut bid = good_bid();
        for g in case.given {
            g.apply(&mut bid);
        }
        let proposal = propose(&case.rule, &context, &bid);
        let got = (proposal.outcome, proposal.code);
        if got != case.expect {
            failures.push(format!(
                "{} [{}]: expected {:?} {}, got {:?} {}: {}",
                case.name,
                case.rule.id,
                case.expect.0,
                case.expect.1.as_str(),
                got.0,
                got.1.as_str(),
                proposal.reason
            ));
        } else if proposal.evidence.is_empty() || proposal.reason.trim().is_empty() {
            failures.push(format!("{} [{}]: an outcome without its evidence or reason: {proposal:?}", case.name, case.rule.id));
        }
        got_all.push(got);
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
    got_all
}

// ---- the tables, one per rule kind ----

fn deadline_table(p: &Procurement) -> Vec<Case> {
    let r = demo_rule(p, "anbudsdag");
    let own = own_rule("egen-dag", Rule::Deadline { deadline: Some(day("2026-12-20")) });
    vec![
        check("bid dated the day before the deadline 2026-12-14", &r, vec![bid_date("2026-12-14")], (Pass, DeadlineOnTime)),
        check("bid dated on the deadline 2026-12-15", &r, vec![bid_date("2026-12-15")], (Pass, DeadlineOnTime)),
        check("bid dated the day after the deadline 2026-12-16", &r, vec![bid_date("2026-12-16")], (Fail, DeadlineLate)),
        check("bid dated long after the deadline", &r, vec![bid_date("2027-06-01")], (Fail, DeadlineLate)),
        check("own deadline 2026-12-20: bid on it", &own, vec![bid_date("2026-12-20")], (Pass, DeadlineOnTime)),
        check("own deadline 2026-12-20: bid the day after", &own, vec![bid_date("2026-12-21")], (Fail, DeadlineLate)),
    ]
}

fn yes_no_table(p: &Procurement) -> Vec<Case> {
    let r = demo_rule(p, "uteslutning");
    let nej = own_rule("nej-kravet", Rule::YesNo { question: EXCLUSION.into(), expected: false });
    vec![
        check("exclusion: Ja", &r, vec![yes(EXCLUSION)], (Pass, DeclarationExpected)),
        check("exclusion: Nej", &r, vec![no(EXCLUSION)], (Fail, DeclarationOther)),
        check("exclusion: empty", &r, vec![empty(EXCLUSION)], (Missing, AnswerMissing)),
        check("exclusion: row absent", &r, vec![absent(EXCLUSION)], (Missing, AnswerMissing)),
        check(
            "exclusion: text that is not Ja/Nej",
            &r,
            vec![Given::Answer(EXCLUSION, Value::Text("kanske".into()))],
            (Missing, AnswerMissing),
        ),
        check("expected Nej: Nej", &nej, vec![no(EXCLUSION)], (Pass, DeclarationExpected)),
        check("expected Nej: Ja", &nej, vec![yes(EXCLUSION)], (Fail, DeclarationOther)),
        check("expected Nej: empty", &nej, vec![empty(EXCLUSION)], (Missing, AnswerMissing)),
    ]
}

fn fixed_price_table(p: &Procurement) -> Vec<Case> {
    let r = demo_rule(p, "fast-pris");
    let l2_zone2 = || offers(&[("L2", &[2])]);
    vec![
        check("accepted, no prices stated", &r, vec![yes(FIXED)], (Pass, FixedPriceAccepted)),
        check("declined", &r, vec![no(FIXED)], (Fail, FixedPriceDeclined)),
        check("empty", &r, vec![empty(FIXED)], (Missing, AnswerMissing)),
        check("row absent", &r, vec![absent(FIXED)], (Missing, AnswerMissing)),
        // L1 zone 2 = 1 400 × 1,05 = 1 470.
        check("L1 zone 2 at the fixed price 1 470,00", &r, vec![prices(&[("L1", 2, "1470.00")])], (Pass, FixedPriceAccepted)),
        check("L1 zone 2 one öre under, 1 469,99", &r, vec![prices(&[("L1", 2, "1469.99")])], (Fail, FixedPriceDeviation)),
        check("L1 zone 2 one öre over, 1 470,01", &r, vec![prices(&[("L1", 2, "1470.01")])], (Fail, FixedPriceDeviation)),
        // L1 zone 1 and zone 6, the ends of the zone scale: 1 400 and 1 400 × 1,30 = 1 820.
        check("L1 zone 1 at the base price 1 400", &r, vec![prices(&[("L1", 1, "1400")])], (Pass, FixedPriceAccepted)),
        check("L1 zone 1 one öre under, 1 399,99", &r, vec![prices(&[("L1", 1, "1399.99")])], (Fail, FixedPriceDeviation)),
        check("L1 zone 6 at 1 820", &r, vec![prices(&[("L1", 6, "1820")])], (Pass, FixedPriceAccepted)),
        check("L1 zone 6 one öre over, 1 820,01", &r, vec![prices(&[("L1", 6, "1820.01")])], (Fail, FixedPriceDeviation)),
        check("S1 zone 4 at 720 × 1,15 = 828", &r, vec![prices(&[("S1", 4, "828")])], (Pass, FixedPriceAccepted)),
        check("S1 zone 4 one öre under, 827,99", &r, vec![prices(&[("S1", 4, "827.99")])], (Fail, FixedPriceDeviation)),
        // L2 zone 2: 1 450 × 1,05 = 1 522,5, rounded half away from zero to 1 523.
        check("L2 zone 2 at the rounded price 1 523", &r, vec![l2_zone2(), prices(&[("L2", 2, "1523")])], (Pass, FixedPriceAccepted)),
        check("L2 zone 2 one öre under, 1 522,99", &r, vec![l2_zone2(), prices(&[("L2", 2, "1522.99")])], (Fail, FixedPriceDeviation)),
        check("L2 zone 2 one öre over, 1 523,01", &r, vec![l2_zone2(), prices(&[("L2", 2, "1523.01")])], (Fail, FixedPriceDeviation)),
        check(
            "L2 zone 2 at the unrounded 1 522,50",
            &r,
            vec![l2_zone2(), prices(&[("L2", 2, "1522.50")])],
            (Fail, FixedPriceDeviation),
        ),
        check(
            "every zone of L1 and S1 at the fixed price",
            &r,
            vec![prices(&[
                ("L1", 1, "1400"),
                ("L1", 2, "1470"),
                ("L1", 3, "1540"),
                ("L1", 4, "1610"),
                ("L1", 5, "1680"),
                ("L1", 6, "1820"),
                ("S1", 1, "720"),
                ("S1", 2, "756"),
                ("S1", 3, "792"),
                ("S1", 4, "828"),
                ("S1", 5, "864"),
                ("S1", 6, "936"),
            ])],
            (Pass, FixedPriceAccepted),
        ),
        check(
            "one deviation among equal prices",
            &r,
            vec![prices(&[("L1", 1, "1400"), ("S1", 2, "756.01"), ("S1", 3, "792")])],
            (Fail, FixedPriceDeviation),
        ),
        // Prices for what the bid does not offer are not assessed (a warning, not an outcome).
        check("a deviating price for a lot not offered (L2 Nej)", &r, vec![prices(&[("L2", 1, "999")])], (Pass, FixedPriceAccepted)),
        check(
            "a deviating price for a zone the offered lot does not name",
            &r,
            vec![offers(&[("L1", &[1, 2])]), prices(&[("L1", 3, "999")])],
            (Pass, FixedPriceAccepted),
        ),
        check(
            "a deviating price in a named zone of a lot offered in few zones",
            &r,
            vec![offers(&[("L1", &[1, 2])]), prices(&[("L1", 2, "999")])],
            (Fail, FixedPriceDeviation),
        ),
        check(
            "a price for a shortage speciality offered (X1)",
            &r,
            vec![offers(&[("L1", ALL_ZONES), ("X1", &[1])]), prices(&[("X1", 1, "1")])],
            (Pass, FixedPriceAccepted),
        ),
        check(
            "a price for a lot the procurement does not have",
            &r,
            vec![offers(&[("L1", ALL_ZONES), ("Q9", &[1])]), prices(&[("Q9", 1, "1")])],
            (Pass, FixedPriceAccepted),
        ),
        check(
            "the lot code in lower case is the same lot",
            &r,
            vec![offers(&[("l1", ALL_ZONES)]), prices(&[("l1", 2, "1469")])],
            (Fail, FixedPriceDeviation),
        ),
        // A deviation fails whatever was answered.
        check("a deviation with the answer Nej", &r, vec![no(FIXED), prices(&[("L1", 2, "1469")])], (Fail, FixedPriceDeviation)),
        check("a deviation with the answer empty", &r, vec![empty(FIXED), prices(&[("L1", 2, "1469")])], (Fail, FixedPriceDeviation)),
        check("equal prices with the answer Nej", &r, vec![no(FIXED), prices(&[("L1", 2, "1470")])], (Fail, FixedPriceDeclined)),
        check("equal prices with the answer empty", &r, vec![empty(FIXED), prices(&[("L1", 2, "1470")])], (Missing, AnswerMissing)),
    ]
}

fn min_class_table(p: &Procurement) -> Vec<Case> {
    let r = demo_rule(p, "kreditvardighet");
    // Creditsafe's 0–100 without a guarantee or provider: at least 50, a report at most 6 months old.
    let creditsafe = own_rule(
        "creditsafe",
        Rule::MinClass {
            provider_question: None,
            class_question: CLASS.into(),
            date_question: REPORT.into(),
            alternative_question: None,
            min_class: 50,
            scale_min: 0,
            scale_max: 100,
            max_age_months: 6,
        },
    );
    let mut cases = Vec::new();
    for class in 1..=5 {
        let expect = if class >= 3 { (Pass, CreditMeetsMinimum) } else { (Fail, CreditBelowMinimum) };
        cases.push(check(format!("class {class}, guarantee Nej"), &r, vec![int(CLASS, class), no(GUARANTEE)], expect));
        let expect = if class >= 3 { (Pass, CreditMeetsMinimum) } else { (Review, CreditGuaranteeToAssess) };
        cases.push(check(format!("class {class}, guarantee Ja"), &r, vec![int(CLASS, class), yes(GUARANTEE)], expect));
        let expect = if class >= 3 { (Pass, CreditMeetsMinimum) } else { (Fail, CreditBelowMinimum) };
        cases.push(check(format!("class {class}, guarantee empty"), &r, vec![int(CLASS, class), empty(GUARANTEE)], expect));
    }
    cases.extend([
        // 3 months before 2026-12-15 is 2026-09-15.
        check(
            "class 3, report the day before the limit 2026-09-14",
            &r,
            vec![int(CLASS, 3), date(REPORT, "2026-09-14")],
            (Review, CreditReportTooOld),
        ),
        check(
            "class 3, report on the limit 2026-09-15",
            &r,
            vec![int(CLASS, 3), date(REPORT, "2026-09-15")],
            (Pass, CreditMeetsMinimum),
        ),
        check(
            "class 3, report the day after the limit 2026-09-16",
            &r,
            vec![int(CLASS, 3), date(REPORT, "2026-09-16")],
            (Pass, CreditMeetsMinimum),
        ),
        check(
            "class 3, report the day before the deadline 2026-12-14",
            &r,
            vec![int(CLASS, 3), date(REPORT, "2026-12-14")],
            (Pass, CreditMeetsMinimum),
        ),
        check(
            "class 3, report on the deadline 2026-12-15",
            &r,
            vec![int(CLASS, 3), date(REPORT, "2026-12-15")],
            (Pass, CreditMeetsMinimum),
        ),
        check(
            "class 3, report the day after the deadline 2026-12-16",
            &r,
            vec![int(CLASS, 3), date(REPORT, "2026-12-16")],
            (Review, CreditReportAfterDeadline),
        ),
        check(
            "class 5, an old report, guarantee Ja",
            &r,
            vec![int(CLASS, 5), date(REPORT, "2025-01-01"), yes(GUARANTEE)],
            (Review, CreditReportTooOld),
        ),
        // The report's date does not matter below the minimum class.
        check("class 2, an old report, no guarantee", &r, vec![int(CLASS, 2), date(REPORT, "2020-01-01")], (Fail, CreditBelowMinimum)),
        check(
            "class 2, no report date, guarantee Ja",
            &r,
            vec![int(CLASS, 2), empty(REPORT), yes(GUARANTEE)],
            (Review, CreditGuaranteeToAssess),
        ),
        // Empty answers.
        check("class empty", &r, vec![empty(CLASS)], (Missing, AnswerMissing)),
        check("class row absent", &r, vec![absent(CLASS)], (Missing, AnswerMissing)),
        check("class empty, guarantee Ja", &r, vec![empty(CLASS), yes(GUARANTEE)], (Missing, AnswerMissing)),
        check("class 3, report date empty", &r, vec![int(CLASS, 3), empty(REPORT)], (Missing, CreditReportDateMissing)),
        check("class 3, report date row absent", &r, vec![int(CLASS, 3), absent(REPORT)], (Missing, CreditReportDateMissing)),
        check("class 3, provider empty", &r, vec![int(CLASS, 3), empty(PROVIDER)], (Pass, CreditMeetsMinimum)),
        check("class 3 read as the number 3,0", &r, vec![number(CLASS, "3.0")], (Pass, CreditMeetsMinimum)),
        // Another scale, no alternative evidence.
        check("scale 0–100: class 50", &creditsafe, vec![int(CLASS, 50)], (Pass, CreditMeetsMinimum)),
        check(
            "scale 0–100: class 49, guarantee Ja is not asked",
            &creditsafe,
            vec![int(CLASS, 49), yes(GUARANTEE)],
            (Fail, CreditBelowMinimum),
        ),
        // 6 months before 2026-12-15 is 2026-06-15.
        check(
            "scale 0–100: report 2026-06-14",
            &creditsafe,
            vec![int(CLASS, 50), date(REPORT, "2026-06-14")],
            (Review, CreditReportTooOld),
        ),
        check(
            "scale 0–100: report 2026-06-15",
            &creditsafe,
            vec![int(CLASS, 50), date(REPORT, "2026-06-15")],
            (Pass, CreditMeetsMinimum),
        ),
    ]);
    cases
}

fn min_amount_table(p: &Procurement) -> Vec<Case> {
    let r = demo_rule(p, "omsattning");
    let no_period = own_rule(
        "utan-period",
        Rule::MinAmount {
            amount_question: TURNOVER.into(),
            period_end_question: None,
            min_amount: dec("5000000"),
            max_period_age_months: None,
        },
    );
    let no_age = own_rule(
        "utan-aktualitet",
        Rule::MinAmount {
            amount_question: TURNOVER.into(),
            period_end_question: Some(FY_END.into()),
            min_amount: dec("5000000"),
            max_period_age_months: None,
        },
    );
    vec![
        check("one öre under 5 000 000: 4 999 999,99", &r, vec![number(TURNOVER, "4999999.99")], (Fail, TurnoverBelowMinimum)),
        check("exactly 5 000 000,00", &r, vec![number(TURNOVER, "5000000.00")], (Pass, TurnoverMeetsMinimum)),
        check("one öre over 5 000 000: 5 000 000,01", &r, vec![number(TURNOVER, "5000000.01")], (Pass, TurnoverMeetsMinimum)),
        check(
            "half an öre under: 4 999 999,995, not rounded up",
            &r,
            vec![number(TURNOVER, "4999999.995")],
            (Fail, TurnoverBelowMinimum),
        ),
        check("5 000 000 as a whole number", &r, vec![int(TURNOVER, 5_000_000)], (Pass, TurnoverMeetsMinimum)),
        check("zero", &r, vec![number(TURNOVER, "0")], (Fail, TurnoverBelowMinimum)),
        check("amount empty", &r, vec![empty(TURNOVER)], (Missing, AnswerMissing)),
        check("amount row absent", &r, vec![absent(TURNOVER)], (Missing, AnswerMissing)),
        check("amount empty, fiscal year end empty", &r, vec![empty(TURNOVER), empty(FY_END)], (Missing, AnswerMissing)),
        check("amount given, fiscal year end empty", &r, vec![empty(FY_END)], (Missing, TurnoverPeriodEndMissing)),
        check("amount given, fiscal year end row absent", &r, vec![absent(FY_END)], (Missing, TurnoverPeriodEndMissing)),
        // 18 months before 2026-12-15 is 2025-06-15.
        check(
            "fiscal year ended the day before the limit 2025-06-14",
            &r,
            vec![date(FY_END, "2025-06-14")],
            (Review, TurnoverPeriodTooOld),
        ),
        check("fiscal year ended on the limit 2025-06-15", &r, vec![date(FY_END, "2025-06-15")], (Pass, TurnoverMeetsMinimum)),
        check(
            "fiscal year ended the day after the limit 2025-06-16",
            &r,
            vec![date(FY_END, "2025-06-16")],
            (Pass, TurnoverMeetsMinimum),
        ),
        check(
            "short amount, fiscal year ended before the limit",
            &r,
            vec![number(TURNOVER, "4999999.99"), date(FY_END, "2025-06-14")],
            (Review, TurnoverPeriodTooOld),
        ),
        check(
            "short amount, fiscal year on the limit",
            &r,
            vec![number(TURNOVER, "4999999.99"), date(FY_END, "2025-06-15")],
            (Fail, TurnoverBelowMinimum),
        ),
        check("fiscal year ended on the deadline 2026-12-15", &r, vec![date(FY_END, "2026-12-15")], (Pass, TurnoverMeetsMinimum)),
        check(
            "fiscal year ends the day after the deadline 2026-12-16",
            &r,
            vec![date(FY_END, "2026-12-16")],
            (Review, TurnoverPeriodAfterDeadline),
        ),
        check(
            "short amount, fiscal year ends after the deadline",
            &r,
            vec![number(TURNOVER, "1"), date(FY_END, "2026-12-31")],
            (Review, TurnoverPeriodAfterDeadline),
        ),
        // Without a period question, or without a freshness limit.
        check(
            "no period asked: 5 000 000",
            &no_period,
            vec![number(TURNOVER, "5000000"), empty(FY_END)],
            (Pass, TurnoverMeetsMinimum),
        ),
        check("no period asked: 4 999 999,99", &no_period, vec![number(TURNOVER, "4999999.99")], (Fail, TurnoverBelowMinimum)),
        check("no freshness limit: fiscal year 2020", &no_age, vec![date(FY_END, "2020-12-31")], (Pass, TurnoverMeetsMinimum)),
        check(
            "no freshness limit: after the deadline",
            &no_age,
            vec![date(FY_END, "2026-12-16")],
            (Review, TurnoverPeriodAfterDeadline),
        ),
    ]
}

fn years_since_table(p: &Procurement) -> Vec<Case> {
    let r = demo_rule(p, "erfarenhet");
    let none = own_rule("noll-ar", Rule::YearsSince { question: SINCE.into(), years: 0 });
    vec![
        // 2 years before 2026-12-15 is 2024-12-15.
        check(
            "in business since the day before the limit 2024-12-14",
            &r,
            vec![date(SINCE, "2024-12-14")],
            (Pass, ExperienceMeetsMinimum),
        ),
        check("in business since the limit 2024-12-15", &r, vec![date(SINCE, "2024-12-15")], (Pass, ExperienceMeetsMinimum)),
        check("in business since the day after the limit 2024-12-16", &r, vec![date(SINCE, "2024-12-16")], (Fail, ExperienceTooShort)),
        check("in business since the deadline", &r, vec![date(SINCE, "2026-12-15")], (Fail, ExperienceTooShort)),
        check("since empty", &r, vec![empty(SINCE)], (Missing, AnswerMissing)),
        check("since row absent", &r, vec![absent(SINCE)], (Missing, AnswerMissing)),
        check("0 years: since the deadline", &none, vec![date(SINCE, "2026-12-15")], (Pass, ExperienceMeetsMinimum)),
        check("0 years: since the day after the deadline", &none, vec![date(SINCE, "2026-12-16")], (Fail, ExperienceTooShort)),
    ]
}

fn reference_hours_table(p: &Procurement) -> Vec<Case> {
    let r = demo_rule(p, "levererade-timmar");
    let year_2026 =
        own_rule("ar-2026", Rule::ReferenceHours { question: HOURS.into(), min_hours: dec("10000"), reference_year: Some(2026) });
    let whole = |h: &'static str| work(&[("2025-01-01", "2025-12-31", h)]);
    vec![
        // Counted, one hour and one hundredth either side of 10 000 (declared short, so the count decides).
        check("counted 9 999,99, declared 9 999,99", &r, vec![whole("9999.99"), number(HOURS, "9999.99")], (Fail, HoursBelowMinimum)),
        check("counted 10 000, declared 9 999", &r, vec![whole("10000"), number(HOURS, "9999")], (Pass, HoursMeetMinimum)),
        check("counted 10 000,01, declared 0", &r, vec![whole("10000.01"), number(HOURS, "0")], (Pass, HoursMeetMinimum)),
        check("counted 10 001, declared 0", &r, vec![whole("10001"), number(HOURS, "0")], (Pass, HoursMeetMinimum)),
        // Declared, either side of 10 000, with 9 999 counted.
        check("counted 9 999, declared 9 999", &r, vec![whole("9999"), number(HOURS, "9999")], (Fail, HoursBelowMinimum)),
        check("counted 9 999, declared 9 999,99", &r, vec![whole("9999"), number(HOURS, "9999.99")], (Fail, HoursBelowMinimum)),
        check("counted 9 999, declared 10 000", &r, vec![whole("9999"), number(HOURS, "10000")], (Review, HoursDeclaredNotSupported)),
        check(
            "counted 9 999, declared 10 000 as a whole number",
            &r,
            vec![whole("9999"), int(HOURS, 10_000)],
            (Review, HoursDeclaredNotSupported),
        ),
        check("counted 9 999, declared 10 001", &r, vec![whole("9999"), number(HOURS, "10001")], (Review, HoursDeclaredNotSupported)),
        check("counted 9 999, declared empty", &r, vec![whole("9999"), empty(HOURS)], (Missing, HoursDeclaredMissing)),
        check("counted 9 999, declared row absent", &r, vec![whole("9999"), absent(HOURS)], (Missing, HoursDeclaredMissing)),
        check("counted 10 000, declared empty", &r, vec![whole("10000"), empty(HOURS)], (Pass, HoursMeetMinimum)),
        check("no assignments, declared empty", &r, vec![work(&[]), empty(HOURS)], (Missing, HoursDeclaredMissing)),
        check("no assignments, declared 10 000", &r, vec![work(&[]), number(HOURS, "10000")], (Review, HoursDeclaredNotSupported)),
        // One-day assignments at the year's edges: only the days inside 2025 count.
        check(
            "10 000 h on 2024-12-31 only",
            &r,
            vec![work(&[("2024-12-31", "2024-12-31", "10000")]), number(HOURS, "9000")],
            (Fail, HoursBelowMinimum),
        ),
        check(
            "10 000 h on 2025-01-01 only",
            &r,
            vec![work(&[("2025-01-01", "2025-01-01", "10000")]), number(HOURS, "9000")],
            (Pass, HoursMeetMinimum),
        ),
        check(
            "10 000 h on 2025-12-31 only",
            &r,
            vec![work(&[("2025-12-31", "2025-12-31", "10000")]), number(HOURS, "9000")],
            (Pass, HoursMeetMinimum),
        ),
        check(
            "10 000 h on 2026-01-01 only",
            &r,
            vec![work(&[("2026-01-01", "2026-01-01", "10000")]), number(HOURS, "9000")],
            (Fail, HoursBelowMinimum),
        ),
        // Straddling the start: 2024-12-31..2025-01-01, one of two days inside, both ends inclusive.
        check(
            "20 000 h over 2024-12-31..2025-01-01 gives 10 000",
            &r,
            vec![work(&[("2024-12-31", "2025-01-01", "20000")]), number(HOURS, "0")],
            (Pass, HoursMeetMinimum),
        ),
        check(
            "19 999,99 h over 2024-12-31..2025-01-01 gives 9 999,995",
            &r,
            vec![work(&[("2024-12-31", "2025-01-01", "19999.99")]), number(HOURS, "9999.995")],
            (Fail, HoursBelowMinimum),
        ),
        check(
            "19 999,99 h over 2024-12-31..2025-01-01, declared 10 000",
            &r,
            vec![work(&[("2024-12-31", "2025-01-01", "19999.99")]), number(HOURS, "10000")],
            (Review, HoursDeclaredNotSupported),
        ),
        // Straddling the end: 2025-12-31..2026-01-01.
        check(
            "20 000 h over 2025-12-31..2026-01-01 gives 10 000",
            &r,
            vec![work(&[("2025-12-31", "2026-01-01", "20000")]), number(HOURS, "0")],
            (Pass, HoursMeetMinimum),
        ),
        check(
            "19 999,98 h over 2025-12-31..2026-01-01 gives 9 999,99",
            &r,
            vec![work(&[("2025-12-31", "2026-01-01", "19999.98")]), number(HOURS, "0")],
            (Fail, HoursBelowMinimum),
        ),
        // 2024-12-01..2025-01-30 is 61 days, 30 in 2025: 1 220 × 30/61 = 600 exactly.
        check(
            "1 220 h over 61 days, 30 in 2025, and 9 400 h",
            &r,
            vec![work(&[("2024-12-01", "2025-01-30", "1220"), ("2025-02-01", "2025-12-31", "9400")]), number(HOURS, "10000")],
            (Pass, HoursMeetMinimum),
        ),
        check(
            "1 219 h over 61 days, 30 in 2025, and 9 400 h: 9 999,508…",
            &r,
            vec![work(&[("2024-12-01", "2025-01-30", "1219"), ("2025-02-01", "2025-12-31", "9400")]), number(HOURS, "9999")],
            (Fail, HoursBelowMinimum),
        ),
        // Exact fractions: 3 days, one of them in 2025.
        check(
            "29 999,999 h over 2025-12-31..2026-01-02 is 29 999 999/3000, under 10 000",
            &r,
            vec![work(&[("2025-12-31", "2026-01-02", "29999.999")]), number(HOURS, "9999")],
            (Fail, HoursBelowMinimum),
        ),
        check(
            "29 999 999/3000 counted, declared 10 000",
            &r,
            vec![work(&[("2025-12-31", "2026-01-02", "29999.999")]), number(HOURS, "10000")],
            (Review, HoursDeclaredNotSupported),
        ),
        check(
            "30 000 h over 3 days, one in 2025, is 10 000",
            &r,
            vec![work(&[("2025-12-31", "2026-01-02", "30000")]), number(HOURS, "0")],
            (Pass, HoursMeetMinimum),
        ),
        check(
            "three thirds of 10 000 h make exactly 10 000",
            &r,
            vec![
                work(&[
                    ("2025-12-31", "2026-01-02", "10000"),
                    ("2025-12-31", "2026-01-02", "10000"),
                    ("2025-12-31", "2026-01-02", "10000"),
                ]),
                number(HOURS, "0"),
            ],
            (Pass, HoursMeetMinimum),
        ),
        check(
            "three thirds, one of 9 999,99 h, fall short",
            &r,
            vec![
                work(&[
                    ("2025-12-31", "2026-01-02", "10000"),
                    ("2025-12-31", "2026-01-02", "10000"),
                    ("2025-12-31", "2026-01-02", "9999.99"),
                ]),
                number(HOURS, "0"),
            ],
            (Fail, HoursBelowMinimum),
        ),
        // Spanning 2024..2026 (1 096 days, 365 in 2025): 30 028 → 10 000,2…; 30 027 → 9 999,87….
        check(
            "30 028 h over 2024-01-01..2026-12-31",
            &r,
            vec![work(&[("2024-01-01", "2026-12-31", "30028")]), number(HOURS, "0")],
            (Pass, HoursMeetMinimum),
        ),
        check(
            "30 027 h over 2024-01-01..2026-12-31",
            &r,
            vec![work(&[("2024-01-01", "2026-12-31", "30027")]), number(HOURS, "0")],
            (Fail, HoursBelowMinimum),
        ),
        // An assignment ending before it starts is refused at import; here it counts nothing.
        check(
            "an assignment ending before it starts counts nothing",
            &r,
            vec![work(&[("2025-12-31", "2025-01-01", "20000")]), number(HOURS, "0")],
            (Fail, HoursBelowMinimum),
        ),
        // The requirement's own reference year.
        check(
            "reference year 2026: hours in 2025 do not count",
            &year_2026,
            vec![whole("20000"), number(HOURS, "0")],
            (Fail, HoursBelowMinimum),
        ),
        check(
            "reference year 2026: hours in 2026 count",
            &year_2026,
            vec![work(&[("2026-01-01", "2026-12-31", "10000")]), number(HOURS, "0")],
            (Pass, HoursMeetMinimum),
        ),
    ]
}

#[test]
fn deadline() {
    run(deadline_table(&demo()));
}

#[test]
fn yes_no() {
    run(yes_no_table(&demo()));
}

#[test]
fn fixed_price() {
    run(fixed_price_table(&demo()));
}

#[test]
fn min_class() {
    run(min_class_table(&demo()));
}

#[test]
fn min_amount() {
    run(min_amount_table(&demo()));
}

#[test]
fn years_since() {
    run(years_since_table(&demo()));
}

#[test]
fn reference_hours() {
    run(reference_hours_table(&demo()));
}

/// The tables reach every reason code there is: a code no case expects is a boundary untested.
#[test]
fn every_reason_code_is_reached() {
    let p = demo();
    let mut tables = deadline_table(&p);
    tables.extend(yes_no_table(&p));
    tables.extend(fixed_price_table(&p));
    tables.extend(min_class_table(&p));
    tables.extend(min_amount_table(&p));
    tables.extend(years_since_table(&p));
    tables.extend(reference_hours_table(&p));
    let reached: std::collections::BTreeSet<ReasonCode> = run(tables).into_iter().map(|(_, code)| code).collect();
    // `bid.conflicting_bids` is no rule kind's (src/rules/conflict.rs tests it); `espd.*` are
    // proposed from a bid's ESPD response, which these tables do not give (tests/espd_mapping.rs
    // reaches each of them).
    let unreached: Vec<&str> = ReasonCode::ALL
        .iter()
        .filter(|c| !reached.contains(c) && **c != ReasonCode::BidConflictingBids && !c.as_str().starts_with("espd."))
        .map(|c| c.as_str())
        .collect();
    assert!(unreached.is_empty(), "no case reaches {unreached:?}");
}

// ---- a whole bid ----

#[test]
fn the_good_bid_meets_every_requirement() {
    let p = demo();
    let e = evaluate(&p, &good_bid(), &[]);
    assert_eq!(e.status, Status::Qualified, "{e:#?}");
    let got: Vec<(&str, Outcome, ReasonCode)> = e.requirements.iter().map(|r| (r.id.as_str(), r.outcome, r.reason_code)).collect();
    assert_eq!(
        got,
        [
            ("anbudsdag", Pass, DeadlineOnTime),
            ("uteslutning", Pass, DeclarationExpected),
            ("fast-pris", Pass, FixedPriceAccepted),
            ("kreditvardighet", Pass, CreditMeetsMinimum),
            ("omsattning", Pass, TurnoverMeetsMinimum),
            ("erfarenhet", Pass, ExperienceMeetsMinimum),
            ("levererade-timmar", Pass, HoursMeetMinimum),
        ]
    );
}

#[test]
fn a_late_bid_is_not_assessed_further() {
    let p = demo();
    let mut bid = good_bid();
    bid.bid_date = day("2026-12-16");
    bid.answers.clear();
    let e = evaluate(&p, &bid, &[]);
    assert!(e.late);
    assert_eq!(e.status, Status::NotQualified);
    let got: Vec<(&str, Outcome, ReasonCode)> = e.requirements.iter().map(|r| (r.id.as_str(), r.outcome, r.reason_code)).collect();
    assert_eq!(got, [("anbudsdag", Fail, DeadlineLate)]);
    // On the deadline with every answer empty: assessed, and every question missing.
    bid.bid_date = day("2026-12-15");
    bid.assignments.clear();
    let e = evaluate(&p, &bid, &[]);
    assert!(!e.late);
    assert_eq!(e.status, Status::NeedsReview);
    let got: Vec<(&str, Outcome, ReasonCode)> = e.requirements.iter().map(|r| (r.id.as_str(), r.outcome, r.reason_code)).collect();
    assert_eq!(
        got,
        [
            ("anbudsdag", Pass, DeadlineOnTime),
            ("uteslutning", Missing, AnswerMissing),
            ("fast-pris", Missing, AnswerMissing),
            ("kreditvardighet", Missing, AnswerMissing),
            ("omsattning", Missing, AnswerMissing),
            ("erfarenhet", Missing, AnswerMissing),
            ("levererade-timmar", Missing, HoursDeclaredMissing),
        ]
    );
}
