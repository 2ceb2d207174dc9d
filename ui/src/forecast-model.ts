// Kostnadsprognos's pure parts: the chart's scale and bars, and the what-if's changes as the
// person reads them. Amounts stay decimal strings from Rust; the chart only compares shares.

import type { Change } from "./bindings/Change";
import type { RegionProjection } from "./bindings/RegionProjection";

export interface Bar {
  code: string;
  name: string;
  /** The share of the counted personnel cost, in percent (for drawing only). */
  share: number;
  /** As Rust decided it, exactly: above the indicator. */
  above: boolean;
  /** The bar's height as a fraction of the chart's height. */
  height: number;
}

/** The chart's bars (regions with a share), and where the indicator's line lies (a fraction of
 *  the height): the scale runs to 1.5 × the indicator or a little above the highest share. */
export function chartBars(regions: RegionProjection[], indicatorPercent: string): { bars: Bar[]; line: number; top: number } {
  const indicator = Number(indicatorPercent);
  const withShare = regions.filter((r) => r.share_percent !== null);
  const highest = Math.max(indicator * 1.5, ...withShare.map((r) => Number(r.share_percent) * 1.1));
  const top = Math.ceil(highest * 2) / 2;
  return {
    top,
    line: indicator / top,
    bars: withShare.map((r) => ({
      code: r.code,
      name: r.name,
      share: Number(r.share_percent),
      above: r.above_indicator === true,
      height: Math.min(1, Number(r.share_percent) / top),
    })),
  };
}

/** A change as the list of changes shows it. */
export function changeText(c: Change, regionName: (code: string) => string): string {
  switch (c.kind) {
    case "move_region":
      return `${regionName(c.region)} till zon ${c.zone}`;
    case "move_workplace":
      return `${c.name}${c.region ? ` (${regionName(c.region)})` : ""} till zon ${c.zone}`;
    case "factor":
      return `Zon ${c.zone}: faktor ${c.factor.replace(".", ",")}`;
  }
}

/** Adds a change to the list: a later change of the same thing replaces the earlier one. */
export function withChange(changes: Change[], c: Change): Change[] {
  const same = (a: Change): boolean =>
    a.kind === c.kind &&
    ((a.kind === "move_region" && c.kind === "move_region" && a.region === c.region) ||
      (a.kind === "factor" && c.kind === "factor" && a.zone === c.zone) ||
      (a.kind === "move_workplace" && c.kind === "move_workplace" && a.name === c.name && a.region === c.region));
  return [...changes.filter((a) => !same(a)), c];
}
