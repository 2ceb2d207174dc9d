import { describe, expect, it } from "vitest";
import { EditQueue, factorForInput, moneyForInput, numberForInput } from "./definition-editor";
import type { Edit } from "./bindings/Edit";
import type { EditedDefinition } from "./bindings/EditedDefinition";

const NBSP = "\u00a0";

describe("values in the structured editor's inputs", () => {
  it("shows money Swedish style, kronor and öre", () => {
    expect(moneyForInput("1400")).toBe(`1${NBSP}400,00`);
    expect(moneyForInput("1450.5")).toBe(`1${NBSP}450,50`);
    expect(moneyForInput("720.555")).toBe("720,555");
    expect(moneyForInput("5000000", true)).toBe(`5${NBSP}000${NBSP}000`);
    expect(moneyForInput("5000000.50", true)).toBe(`5${NBSP}000${NBSP}000,50`);
    expect(moneyForInput(null)).toBe("");
  });

  it("shows factors with two decimals or more, and hours as they are", () => {
    expect(factorForInput("1.10")).toBe("1,10");
    expect(factorForInput("1")).toBe("1,00");
    expect(factorForInput("1.125")).toBe("1,125");
    expect(factorForInput(null)).toBe("");
    expect(numberForInput("10000")).toBe(`10${NBSP}000`);
    expect(numberForInput("9999.50")).toBe(`9${NBSP}999,5`);
  });
});

function result(toml: string): EditedDefinition {
  return { toml, check: { ok: true, saved: false, procurement_id: "X", issues: [] }, procurement: null, catalogue: [] };
}

describe("the edit queue", () => {
  it("sends each edit to the text the previous one left, in order", async () => {
    let text = "a";
    const sent: string[] = [];
    const done: string[] = [];
    const release: (() => void)[] = [];
    const queue = new EditQueue({
      edit: (toml, edits) =>
        new Promise((ok) => {
          sent.push(toml);
          release.push(() => ok(result(`${toml}+${(edits[0] as Extract<Edit, { edit: "set_zone_name" }>).name}`)));
        }),
      text: () => text,
      done: (r) => {
        text = r.toml;
        done.push(r.toml);
      },
      failed: (e) => {
        throw e;
      },
    });
    const first = queue.submit([{ edit: "set_zone_name", zone: 1, name: "x" }]);
    const second = queue.submit([{ edit: "set_zone_name", zone: 2, name: "y" }]);
    expect(queue.busy).toBe(true);
    await Promise.resolve();
    expect(sent).toEqual(["a"]); // the second waits for the first
    release[0]?.();
    await first;
    await Promise.resolve();
    expect(sent).toEqual(["a", "a+x"]);
    release[1]?.();
    await second;
    expect(done).toEqual(["a+x", "a+x+y"]);
    expect(queue.busy).toBe(false);
  });

  it("reports an edit that fails and goes on with the next", async () => {
    const failed: unknown[] = [];
    let calls = 0;
    const queue = new EditQueue({
      edit: async (toml) => {
        calls++;
        if (calls === 1) throw { code: "invalid_input", message: "zone: zon 9 finns inte i definitionen" };
        return result(`${toml}!`);
      },
      text: () => "t",
      done: () => {},
      failed: (e) => failed.push(e),
    });
    await queue.submit([{ edit: "set_zone_name", zone: 9, name: "x" }]);
    await queue.submit([]);
    expect(failed).toHaveLength(1);
    expect(calls).toBe(2);
    await expect(queue.settled()).resolves.toBeUndefined();
  });
});
