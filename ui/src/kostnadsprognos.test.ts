import { describe, expect, it, vi } from "vitest";
import { chartBars, changeText, withChange } from "./forecast-model";
import type { RegionProjection } from "./bindings/RegionProjection";

const forecast = vi.fn();
vi.mock("./ipc", () => ({ api: { forecast: (...a: unknown[]) => forecast(...a) }, toAppError: (e: unknown) => e, inTauri: () => false }));
const { renderKostnadsprognos } = await import("./screens/kostnadsprognos");

const region = (code: string, share: string | null, above: boolean | null): RegionProjection =>
  ({ code, name: `Region ${code}`, zone: 4, share_percent: share, above_indicator: above, value: "100.00", counted_hours: "10.00", counted_personnel_cost: share === null ? null : "1000.00", lots: [] }) as unknown as RegionProjection;

describe("the projection's chart", () => {
  it("scales to 1.5 × the indicator or above the highest share, and marks the regions Rust found above it", () => {
    const { bars, line, top } = chartBars([region("01", "1.00", false), region("20", "2.94", true), region("03", null, null)], "2");
    expect(top).toBe(3.5);
    expect(line).toBeCloseTo(2 / 3.5);
    expect(bars.map((b) => [b.code, b.above])).toEqual([["01", false], ["20", true]]);
    expect(bars[1]!.height).toBeCloseTo(2.94 / 3.5);
    expect(chartBars([region("01", "0.50", false)], "2").top).toBe(3);
  });

  it("lists changes as a person reads them, a later change of the same thing replacing the earlier", () => {
    const name = (c: string) => (c === "20" ? "Region Dalarna" : c);
    let changes = withChange([], { kind: "move_region", region: "20", zone: 3 });
    changes = withChange(changes, { kind: "factor", zone: 2, factor: "1.06" });
    changes = withChange(changes, { kind: "move_region", region: "20", zone: 5 });
    expect(changes.map((c) => changeText(c, name))).toEqual(["Zon 2: faktor 1,06", "Region Dalarna till zon 5"]);
    expect(changeText({ kind: "move_workplace", name: "Vårdcentralen Idre", region: "20", zone: 6 }, name)).toBe("Vårdcentralen Idre (Region Dalarna) till zon 6");
  });
});

describe("Kostnadsprognos", () => {
  it("asks for a file of expected hours before one is read", async () => {
    forecast.mockResolvedValue(null);
    document.body.innerHTML = `<div id="banner"></div>`;
    const node = (await renderKostnadsprognos()) as HTMLElement;
    expect(forecast).toHaveBeenCalledWith(null, []);
    expect(node.querySelector('[data-testid="forecast-empty"]')).not.toBeNull();
    expect(node.querySelector("#choose-forecast-input")).not.toBeNull();
    expect(node.querySelector("#save-projection-template")).not.toBeNull();
  });
});
