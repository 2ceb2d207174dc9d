import { describe, expect, it, vi } from "vitest";
import type { Overview } from "./bindings/Overview";
import type { Status } from "./bindings/Status";

const STATUSES: Status[] = ["qualified", "needs_review", "not_qualified"];

function overview(n: number): Overview {
  return {
    procurement_id: "DEMO-2026-001",
    procurement_name: "Bemanningstjänster",
    deadline: "2026-12-15",
    requirements: [
      { id: "anbudsdag", title: "Anbudet har kommit in i tid" },
      { id: "kreditvardighet", title: "Kreditvärdighet" },
    ],
    lots: [{ code: "L1", name: "Specialistläkare", shortage: false }],
    rows: Array.from({ length: n }, (_, i) => ({
      bid_id: i + 1,
      name: `Bolag ${String(i).padStart(4, "0")} AB`,
      org_nr: `55${String(i).padStart(4, "0")}-0000`,
      file: `${i}.xlsx`,
      status: STATUSES[i % 3] ?? "qualified",
      late: false,
      outcomes: ["pass", i % 3 === 1 ? "review" : "pass"],
      overridden: [false, false],
      lots: [{ code: "L1", zones: [1] }],
      warnings: [],
    })),
    counts: { qualified: 334, needs_review: 333, not_qualified: 333, not_evaluated: 0 },
    not_evaluated: [],
  };
}

vi.mock("./ipc", () => ({ api: { overview: () => Promise.resolve(overview(1000)) } }));
const { renderOversikt } = await import("./screens/oversikt");

describe("the overview screen with 1 000 suppliers", () => {
  it("renders only a window of rows, tells the whole size, and filters over all of them", async () => {
    document.body.innerHTML = "";
    const root = (await renderOversikt(new URLSearchParams())) as HTMLElement;
    document.body.appendChild(root);
    const table = root.querySelector('[data-testid="overview-table"]') as HTMLTableElement;
    const rendered = () => table.querySelectorAll("tbody tr[data-bid]").length;
    expect(table.getAttribute("aria-rowcount")).toBe("1001");
    expect(rendered()).toBeGreaterThan(10);
    expect(rendered()).toBeLessThan(100);
    expect(table.dataset.rows).toBe("1000");
    expect(table.querySelector("tbody tr.spacer")).not.toBeNull();
    expect(table.querySelector("tbody tr[data-bid]")?.getAttribute("aria-rowindex")).toBe("2");
    // Every outcome cell has text for screen readers.
    expect(table.querySelector("td.outcome-cell .visually-hidden")?.textContent).toBe("Uppfyllt");

    const status = root.querySelector("#filter-status") as HTMLSelectElement;
    status.value = "needs_review";
    status.dispatchEvent(new Event("change"));
    expect(table.dataset.rows).toBe("333");
    expect(root.querySelector('[data-testid="supplier-count"]')?.textContent).toMatch(/^Visar 333 av 1.000 leverantörer$/);
    expect([...table.querySelectorAll("tbody tr[data-bid]")].every((tr) => tr.getAttribute("data-status") === "needs_review")).toBe(true);
    expect(Number(table.dataset.filterMs)).toBeLessThan(50);
    expect(location.hash).toContain("status=needs_review");

    const search = root.querySelector("#filter-search") as HTMLInputElement;
    search.value = "bolag 0042";
    search.dispatchEvent(new Event("input"));
    expect(table.dataset.rows).toBe("0"); // 42 % 3 = 0: qualified, not among those needing review
    (root.querySelector('button.count-card[data-status="needs_review"]') as HTMLButtonElement).click();
    // (the status card toggles the status filter off again)
    expect(table.dataset.rows).toBe("1");
    expect(table.querySelector("tbody tr[data-bid] a")?.textContent).toBe("Bolag 0042 AB");
  });
});
