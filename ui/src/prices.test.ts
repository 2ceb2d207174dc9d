import { describe, expect, it } from "vitest";
import { priceSeries } from "./prices";
import { formatSek, NBSP } from "./format";

const zones = { min_zones: 5, max_zones: 7, workplaces: [], zones: [1, 2, 3].map((n) => ({ number: n, name: `Zon ${n}`, regions: [], factor: null })) };

describe("price series", () => {
  it("gives one series per lot in the agreement, zones in order, prices as strings", () => {
    const s = priceSeries({
      zones,
      lots: [
        { code: "L2", name: "Psykiatri", shortage: false, base_price: "1450" },
        { code: "X1", name: "Ögon", shortage: true, base_price: null },
      ],
      prices: [
        { lot: "L2", zone: 2, price: "1523" },
        { lot: "L2", zone: 1, price: "1450" },
      ],
    });
    expect(s).toHaveLength(1);
    expect(s[0]?.points.map((p) => p.price)).toEqual(["1450", "1523", null]);
    expect(s[0]?.points[1]?.value).toBe(1523);
    expect(formatSek(s[0]?.points[1]?.price ?? "0")).toBe(`1${NBSP}523,00${NBSP}kr`);
  });
});
