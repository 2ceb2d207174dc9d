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
      warnings: i === 2 ? ["Anbudet avser även bristspecialiteten X1."] : [],
    })),
    counts: { qualified: 334, needs_review: 333, not_qualified: 333, not_evaluated: 0 },
    not_evaluated: [],
  };
}

vi.mock("./ipc", () => ({ api: { overview: () => Promise.resolve(overview(1000)) } }));
const { renderOversikt, reconcile } = await import("./screens/oversikt");

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
    // Still only a window of the 333 is in the document (speed is measured by bench/app.sh,
    // not here: a timed unit test would fail on a busy machine).
    expect(rendered()).toBeLessThan(100);
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

describe("keyboard in the overview with 1 000 suppliers", () => {
  async function screen(): Promise<{ root: HTMLElement; table: HTMLTableElement; scroller: HTMLElement }> {
    document.body.innerHTML = "";
    const root = (await renderOversikt(new URLSearchParams())) as HTMLElement;
    document.body.appendChild(root);
    const table = root.querySelector('[data-testid="overview-table"]') as HTMLTableElement;
    return { root, table, scroller: root.querySelector(".virtual-scroll") as HTMLElement };
  }
  const focusedName = () => document.activeElement?.closest("tr[data-bid]")?.querySelector("a")?.textContent ?? document.activeElement?.tagName;
  const press = (key: string) =>
    document.activeElement?.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(null)));

  it("Arrow Down walks every row past the first window, with focus on the same row throughout", async () => {
    const { table } = await screen();
    (table.querySelector("tbody tr[data-bid] a") as HTMLAnchorElement).focus();
    expect(focusedName()).toBe("Bolag 0000 AB");
    for (let i = 1; i <= 150; i++) {
      press("ArrowDown");
      expect(focusedName()).toBe(`Bolag ${String(i).padStart(4, "0")} AB`);
      // The scroll the move caused re-renders the window on the next frame: focus stays put.
      if (i % 25 === 0) {
        table.closest(".virtual-scroll")?.dispatchEvent(new Event("scroll"));
        await nextFrame();
        expect(focusedName()).toBe(`Bolag ${String(i).padStart(4, "0")} AB`);
      }
    }
    expect(table.querySelectorAll("tbody tr[data-bid]").length).toBeLessThan(100);
    press("ArrowUp");
    expect(focusedName()).toBe("Bolag 0149 AB");
  });

  it("End, Home, Page Down and Page Up jump, and the row is rendered and focused", async () => {
    const { table } = await screen();
    (table.querySelector("tbody tr[data-bid] a") as HTMLAnchorElement).focus();
    press("End");
    expect(focusedName()).toBe("Bolag 0999 AB");
    expect(document.activeElement?.closest("tr")?.getAttribute("aria-rowindex")).toBe("1001");
    press("Home");
    expect(focusedName()).toBe("Bolag 0000 AB");
    press("PageDown");
    const afterPage = Number(document.activeElement?.closest("tr")?.getAttribute("aria-rowindex"));
    expect(afterPage).toBeGreaterThan(5);
    press("PageUp");
    expect(focusedName()).toBe("Bolag 0000 AB");
    press("ArrowUp"); // stays on the first row
    expect(focusedName()).toBe("Bolag 0000 AB");
  });

  it("a row that keeps focus while the window moves under it (Tab, or scrolling) is not detached", async () => {
    const { table, scroller } = await screen();
    const links = [...table.querySelectorAll<HTMLAnchorElement>("tbody tr[data-bid] a")];
    const link = links[20] as HTMLAnchorElement;
    link.focus();
    // The browser scrolls the focused row into view; the window follows on the next frame.
    scroller.scrollTop = 20 * 37;
    scroller.dispatchEvent(new Event("scroll"));
    await nextFrame();
    expect(table.querySelector("tbody tr[data-bid]")?.getAttribute("aria-rowindex")).not.toBe("2"); // the window moved
    expect(document.activeElement).toBe(link);
    expect(link.isConnected).toBe(true);
  });

  it("shows the focused row's warnings as text, not only as a tooltip", async () => {
    const { table, root } = await screen();
    (table.querySelector('tbody tr[data-bid="3"] a') as HTMLAnchorElement).focus();
    expect(root.querySelector('[data-testid="row-detail"]')?.textContent).toBe("⚠ Bolag 0002 AB: Anbudet avser även bristspecialiteten X1.");
  });
});

describe("reconcile", () => {
  it("keeps the nodes that stay in place and only adds and removes at the edges", () => {
    const parent = document.createElement("tbody");
    const rows = Array.from({ length: 6 }, (_, i) => Object.assign(document.createElement("tr"), { id: `r${i}` }));
    reconcile(parent, rows.slice(0, 4));
    const kept = rows[2] as HTMLTableRowElement;
    const removals: Node[] = [];
    new MutationObserver((m) => m.forEach((x) => removals.push(...x.removedNodes))).observe(parent, { childList: true });
    reconcile(parent, rows.slice(2, 6));
    expect([...parent.children].map((c) => c.id)).toEqual(["r2", "r3", "r4", "r5"]);
    expect(kept.parentNode).toBe(parent);
    return new Promise<void>((done) =>
      setTimeout(() => {
        expect(removals.map((n) => (n as Element).id)).toEqual(["r0", "r1"]);
        done();
      }, 0),
    );
  });
});

describe("listeners", () => {
  it("the overview adds one resize listener for the app's lifetime, not one per visit", async () => {
    const add = vi.spyOn(window, "addEventListener");
    for (let i = 0; i < 3; i++) await renderOversikt(new URLSearchParams());
    expect(add.mock.calls.filter(([type]) => type === "resize").length).toBeLessThanOrEqual(1);
    add.mockRestore();
  });
});
