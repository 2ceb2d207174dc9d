// The price matrix as series per lot for the table and the charts. Prices arrive as decimal
// strings; `value` is a number only for drawing bar heights, never for money arithmetic.

import type { Procurement } from "./bindings/Procurement";

export interface PricePoint {
  zone: number;
  /** The decimal string from the core, or null where the matrix has no price. */
  price: string | null;
  value: number | null;
}

export interface PriceSeries {
  code: string;
  name: string;
  points: PricePoint[];
}

/** One series per lot in the agreement (shortage lots have no prices), zones in order. */
export function priceSeries(p: Pick<Procurement, "lots" | "prices" | "zones">): PriceSeries[] {
  const byKey = new Map(p.prices.map((e) => [`${e.lot}\u0000${e.zone}`, e.price]));
  return p.lots
    .filter((l) => !l.shortage)
    .map((l) => ({
      code: l.code,
      name: l.name,
      points: p.zones.zones.map((z) => {
        const price = byKey.get(`${l.code}\u0000${z.number}`) ?? null;
        return { zone: z.number, price, value: price === null ? null : Number(price) };
      }),
    }));
}
