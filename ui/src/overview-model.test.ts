import { describe, expect, it } from "vitest";
import { applyFilter, countByStatus, EMPTY_FILTER, filterFromParams, filterToParams, indexRows, type OverviewFilter } from "./overview-model";
import type { OverviewRow } from "./bindings/OverviewRow";
import type { Outcome } from "./bindings/Outcome";
import type { Status } from "./bindings/Status";

const REQS = ["anbudsdag", "uteslutning", "kreditvardighet"];

function row(bid_id: number, name: string, org_nr: string, status: Status, outcomes: (Outcome | null)[], lots: string[] = ["L1"]): OverviewRow {
  return {
    bid_id,
    name,
    org_nr,
    file: `${bid_id}.xlsx`,
    status,
    late: outcomes.slice(1).every((o) => o === null),
    outcomes,
    overridden: outcomes.map(() => false),
    lots: lots.map((code) => ({ code, zones: [1, 2] })),
    warnings: [],
  };
}

const rows = indexRows([
  row(1, "Vårdkraft Bemanning AB", "556012-5790", "qualified", ["pass", "pass", "pass"], ["L1", "S1"]),
  row(2, "Dalabemanning AB", "559700-8001", "needs_review", ["pass", "pass", "review"], ["L5", "S1"]),
  row(3, "Akutläkarna i Sverige AB", "556111-2228", "needs_review", ["pass", "missing", "pass"]),
  row(4, "Sena Anbud Bemanning AB", "556333-4441", "not_qualified", ["fail", null, null]),
  row(5, "Ödemarkens Vård AB", "559999-0001", "not_qualified", ["pass", "fail", "pass"], ["S3"]),
  row(6, "Åre Läkarjour AB", "559999-0002", "qualified", ["pass", "pass", "pass"], ["L2"]),
]);

const names = (f: Partial<OverviewFilter>) => applyFilter(rows, { ...EMPTY_FILTER, ...f }, REQS).map((r) => r.row.name);

describe("overview filter", () => {
  it("sorts by name the Swedish way (å ä ö last) by default", () => {
    expect(names({})).toEqual([
      "Akutläkarna i Sverige AB",
      "Dalabemanning AB",
      "Sena Anbud Bemanning AB",
      "Vårdkraft Bemanning AB",
      "Åre Läkarjour AB",
      "Ödemarkens Vård AB",
    ]);
  });

  it("filters by status", () => {
    expect(names({ status: "needs_review" })).toEqual(["Akutläkarna i Sverige AB", "Dalabemanning AB"]);
  });

  it("filters by lot", () => {
    expect(names({ lot: "S1" })).toEqual(["Dalabemanning AB", "Vårdkraft Bemanning AB"]);
  });

  it("filters by requirement and outcome, together or alone", () => {
    expect(names({ requirement: "kreditvardighet", outcome: "review" })).toEqual(["Dalabemanning AB"]);
    expect(names({ outcome: "fail" })).toEqual(["Sena Anbud Bemanning AB", "Ödemarkens Vård AB"]);
    // A requirement alone: the suppliers assessed on it (not the late bid).
    expect(names({ requirement: "uteslutning" })).not.toContain("Sena Anbud Bemanning AB");
    expect(names({ requirement: "finns-inte" })).toEqual([]);
  });

  it("searches by name (case-insensitive) or organisation number with or without the dash", () => {
    expect(names({ search: "dala" })).toEqual(["Dalabemanning AB"]);
    expect(names({ search: "VÅRD" })).toEqual(["Vårdkraft Bemanning AB", "Ödemarkens Vård AB"]);
    expect(names({ search: "556012-5790" })).toEqual(["Vårdkraft Bemanning AB"]);
    expect(names({ search: "5560125790" })).toEqual(["Vårdkraft Bemanning AB"]);
    expect(names({ search: " 559999 " })).toEqual(["Åre Läkarjour AB", "Ödemarkens Vård AB"]);
  });

  it("combines filters", () => {
    expect(names({ status: "qualified", lot: "L2", search: "åre" })).toEqual(["Åre Läkarjour AB"]);
  });

  it("sorts by status, organisation number and a requirement's outcome, both ways", () => {
    expect(names({ sort: "status" }).slice(0, 2)).toEqual(["Vårdkraft Bemanning AB", "Åre Läkarjour AB"]);
    expect(names({ sort: "status", descending: true })[0]).toBe("Ödemarkens Vård AB");
    expect(names({ sort: "org_nr" })[0]).toBe("Vårdkraft Bemanning AB");
    expect(names({ sort: "org_nr", descending: true })[0]).toBe("Åre Läkarjour AB");
    // Outcome order: pass, fail, review, missing, then not assessed.
    expect(names({ sort: "req:1" }).slice(-3)).toEqual(["Ödemarkens Vård AB", "Akutläkarna i Sverige AB", "Sena Anbud Bemanning AB"]);
  });

  it("counts per status", () => {
    expect(countByStatus(rows)).toEqual({ qualified: 2, needs_review: 2, not_qualified: 2 });
  });

  it("round-trips through the URL and ignores nonsense", () => {
    const f: OverviewFilter = { status: "needs_review", lot: "S1", requirement: "kreditvardighet", outcome: "review", search: "dala", sort: "req:2", descending: true };
    const params = new URLSearchParams(filterToParams(f));
    expect(filterFromParams(params)).toEqual(f);
    expect(filterToParams(EMPTY_FILTER)).toEqual({});
    expect(filterFromParams(new URLSearchParams("sort=drop table")).sort).toBe("name");
  });

  it("filters 1 000 suppliers in well under 50 ms", () => {
    const many = indexRows(
      Array.from({ length: 1000 }, (_, i) =>
        row(i, `Leverantör ${i} AB`, `55${String(i).padStart(4, "0")}-0000`, (["qualified", "needs_review", "not_qualified"] as const)[i % 3] ?? "qualified", ["pass", i % 7 === 0 ? "review" : "pass", "pass"], i % 2 ? ["L1"] : ["S1"]),
      ),
    );
    const started = performance.now();
    for (let k = 0; k < 10; k++) applyFilter(many, { ...EMPTY_FILTER, status: "needs_review", search: "1", sort: "status" }, REQS);
    const each = (performance.now() - started) / 10;
    expect(applyFilter(many, { ...EMPTY_FILTER, status: "needs_review" }, REQS)).toHaveLength(333);
    expect(each).toBeLessThan(50);
  });
});
