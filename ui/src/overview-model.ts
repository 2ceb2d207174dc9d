// The overview's filtering and sorting: pure functions over the rows the core sends, run in
// memory in the UI (1 000 suppliers filter in a few milliseconds; see docs/performance.md).
// The filter lives in the URL (#/oversikt?status=needs_review&q=dala), so it survives going to a
// supplier and back, and can be linked to.

import type { OverviewRow } from "./bindings/OverviewRow";
import { OUTCOME_ORDER, STATUS_ORDER } from "./labels";

export type SortKey = "name" | "org_nr" | "status" | `req:${number}`;

export interface OverviewFilter {
  status: string;
  lot: string;
  /** A requirement id; with `outcome`, rows whose outcome for it is that. */
  requirement: string;
  outcome: string;
  /** Name or organisation number (with or without the dash). */
  search: string;
  sort: SortKey;
  descending: boolean;
}

export const EMPTY_FILTER: OverviewFilter = {
  status: "",
  lot: "",
  requirement: "",
  outcome: "",
  search: "",
  sort: "name",
  descending: false,
};

const PARAMS: Record<keyof OverviewFilter, string> = {
  status: "status",
  lot: "lot",
  requirement: "krav",
  outcome: "utfall",
  search: "q",
  sort: "sort",
  descending: "fallande",
};

export function filterFromParams(params: URLSearchParams): OverviewFilter {
  const sort = params.get(PARAMS.sort) ?? "name";
  return {
    status: params.get(PARAMS.status) ?? "",
    lot: params.get(PARAMS.lot) ?? "",
    requirement: params.get(PARAMS.requirement) ?? "",
    outcome: params.get(PARAMS.outcome) ?? "",
    search: params.get(PARAMS.search) ?? "",
    sort: /^(name|org_nr|status|req:\d+)$/.test(sort) ? (sort as SortKey) : "name",
    descending: params.get(PARAMS.descending) === "1",
  };
}

export function filterToParams(f: OverviewFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.status) out[PARAMS.status] = f.status;
  if (f.lot) out[PARAMS.lot] = f.lot;
  if (f.requirement) out[PARAMS.requirement] = f.requirement;
  if (f.outcome) out[PARAMS.outcome] = f.outcome;
  if (f.search) out[PARAMS.search] = f.search;
  if (f.sort !== "name") out[PARAMS.sort] = f.sort;
  if (f.descending) out[PARAMS.descending] = "1";
  return out;
}

/** What filtering needs of a row, computed once per overview. */
export interface IndexedRow {
  row: OverviewRow;
  name: string;
  digits: string;
  lots: Set<string>;
}

export function indexRows(rows: OverviewRow[]): IndexedRow[] {
  return rows.map((row) => ({
    row,
    name: row.name.toLocaleLowerCase("sv"),
    digits: row.org_nr.replace(/\D/g, ""),
    lots: new Set(row.lots.map((l) => l.code)),
  }));
}

const collator = new Intl.Collator("sv", { sensitivity: "base", numeric: true });
const statusRank = (s: string) => {
  const i = (STATUS_ORDER as readonly string[]).indexOf(s);
  return i < 0 ? 99 : i;
};
const outcomeRank = (o: string | null) => {
  if (o === null) return 99;
  const i = (OUTCOME_ORDER as readonly string[]).indexOf(o);
  return i < 0 ? 98 : i;
};

/**
 * The rows matching the filter, sorted. `requirementIds` is the overview's column order (the
 * rows' outcomes align with it).
 */
export function applyFilter(rows: IndexedRow[], f: OverviewFilter, requirementIds: string[]): IndexedRow[] {
  const query = f.search.trim().toLocaleLowerCase("sv");
  const queryDigits = query.replace(/[\s-]/g, "");
  const byDigits = queryDigits.length > 0 && /^\d+$/.test(queryDigits);
  const reqIndex = f.requirement ? requirementIds.indexOf(f.requirement) : -1;
  const out = rows.filter((r) => {
    if (f.status && r.row.status !== f.status) return false;
    if (f.lot && !r.lots.has(f.lot)) return false;
    if (f.requirement) {
      if (reqIndex < 0) return false;
      const o = r.row.outcomes[reqIndex] ?? null;
      if (o === null) return false;
      if (f.outcome && o !== f.outcome) return false;
    } else if (f.outcome && !r.row.outcomes.includes(f.outcome as never)) {
      return false;
    }
    if (query) {
      const hit = r.name.includes(query) || (byDigits && r.digits.includes(queryDigits));
      if (!hit) return false;
    }
    return true;
  });
  const sign = f.descending ? -1 : 1;
  let cmp: (a: IndexedRow, b: IndexedRow) => number;
  if (f.sort === "org_nr") cmp = (a, b) => a.digits.localeCompare(b.digits);
  else if (f.sort === "status") cmp = (a, b) => statusRank(a.row.status) - statusRank(b.row.status);
  else if (f.sort.startsWith("req:")) {
    const i = Number(f.sort.slice(4));
    cmp = (a, b) => outcomeRank(a.row.outcomes[i] ?? null) - outcomeRank(b.row.outcomes[i] ?? null);
  } else cmp = () => 0;
  // Ties (and the name sort) by name, then org nr: a stable, predictable order.
  return out.sort((a, b) => sign * cmp(a, b) || sign * collator.compare(a.row.name, b.row.name) || a.digits.localeCompare(b.digits));
}

/** Counts per status among rows. */
export function countByStatus(rows: IndexedRow[]): Record<string, number> {
  const counts: Record<string, number> = { qualified: 0, needs_review: 0, not_qualified: 0 };
  for (const r of rows) counts[r.row.status] = (counts[r.row.status] ?? 0) + 1;
  return counts;
}
