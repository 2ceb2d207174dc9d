import { describe, expect, it, vi } from "vitest";
import type { JournalEntry } from "./bindings/JournalEntry";
import type { JournalView } from "./bindings/JournalView";

const auditLog = vi.fn();
vi.mock("./ipc", () => ({ api: { auditLog: (...a: unknown[]) => auditLog(...a) } }));
const { filterFromParams, paramsOfFilter, journalTable, renderHandelselogg, shortHash, who } = await import("./screens/handelselogg");

const hash = "a3f1c09b5d7e2f4a6b8c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a";
const override: JournalEntry = {
  seq: 42,
  kind: "override",
  label: "Utfall ändrat",
  at: "2026-12-18T09:00:00Z",
  at_local: "2026-12-18 kl. 10.00",
  actor: "Anna Lindqvist",
  os_user: "anna",
  subject: "559700-8001",
  supplier_name: "Dalabemanning AB",
  summary: "Utfallet för kravet kreditvardighet ändrades. Motivering: Ny upplysning visad.",
  changes: [{ what: "Kravet kreditvardighet", before: "Bedöms manuellt", after: "Uppfyllt" }],
  diff: null,
  hash,
  payload: {},
};
const definition: JournalEntry = {
  ...override,
  seq: 2,
  kind: "definition_changed",
  label: "Definitionen ändrad",
  actor: "",
  subject: null,
  supplier_name: null,
  summary: "Upphandlingens definition ändrades",
  changes: [{ what: "Definitionens kontrollsumma (SHA-256)", before: "aaa", after: "bbb" }],
  diff: "--- före\n+++ efter\n-b = 2\n+b = 5\n",
};
const view: JournalView = {
  procurement_id: "DEMO-2026-001",
  total: 40,
  events: [definition, override],
  suppliers: [{ value: "559700-8001", label: "Dalabemanning AB (559700-8001)" }],
  people: [{ value: "Anna Lindqvist", label: "Anna Lindqvist" }],
  kinds: [{ value: "override", label: "Utfall ändrat" }],
};

describe("the journal's filter", () => {
  it("lives in the URL, and a blank value is no filter", () => {
    const f = filterFromParams(new URLSearchParams("leverantor=559700-8001&person=&typ=override"));
    expect(f).toEqual({ supplier: "559700-8001", person: null, kind: "override" });
    expect(paramsOfFilter(f)).toEqual({ leverantor: "559700-8001", typ: "override" });
  });
});

describe("the journal's table", () => {
  it("shows when in Swedish time with UTC in the tooltip, who, what changed before and after, and the hash", () => {
    const table = journalTable([definition, override]);
    const heads = [...table.querySelectorAll("thead th")].map((th) => [th.textContent, th.getAttribute("scope")]);
    expect(heads.map((x) => x[0])).toEqual(["Nr", "När", "Vem", "Händelse", "Leverantör", "Vad som ändrades", "Kontrollsumma"]);
    expect(heads.every((x) => x[1] === "col")).toBe(true);
    const row = table.querySelector('tr[data-seq="42"]') as HTMLTableRowElement;
    expect(row.querySelector("th")?.getAttribute("scope")).toBe("row");
    const time = row.querySelector("time") as HTMLTimeElement;
    expect(time.textContent).toBe("2026-12-18 kl. 10.00");
    expect(time.getAttribute("title")).toBe("UTC: 2026-12-18T09:00:00Z");
    expect(time.getAttribute("datetime")).toBe("2026-12-18T09:00:00Z");
    expect(row.textContent).toContain("Anna Lindqvist (anna)");
    expect(row.textContent).toContain("Dalabemanning AB (559700-8001)");
    const change = row.querySelector('[data-testid="event-change"]') as HTMLElement;
    expect(change.querySelector(".before")?.textContent).toBe("före Bedöms manuellt");
    expect(change.querySelector(".after")?.textContent).toBe(" efter Uppfyllt");
    const hashCell = row.querySelector('[title^="SHA-256"]') as HTMLElement;
    expect(hashCell.textContent).toBe(shortHash(hash));
    expect(hashCell.textContent).toBe("a3f1c09b5d7e…");
    expect(hashCell.getAttribute("title")).toBe(`SHA-256: ${hash}`);
    // A definition change: its diff in a <pre>, folded away; the computer's user where no name was given.
    const def = table.querySelector('tr[data-seq="2"]') as HTMLTableRowElement;
    expect(def.querySelector("details pre")?.textContent).toContain("-b = 2\n+b = 5");
    expect(def.textContent).toContain("anna (användare i datorn)");
    expect(who({ actor: "", os_user: "anna" })).toBe("anna (användare i datorn)");
  });

  it("leaves the supplier column out where it is one supplier's history", () => {
    const table = journalTable([override], { caption: "Historik", withSupplier: false });
    expect([...table.querySelectorAll("thead th")].map((th) => th.textContent)).not.toContain("Leverantör");
    expect(table.querySelector("caption")?.textContent).toBe("Historik");
  });
});

describe("the Händelselogg screen", () => {
  it("asks the core with the URL's filter, and again with what a person chooses in a labelled filter", async () => {
    document.body.innerHTML = `<div id="banner"></div><main id="innehall"></main>`;
    auditLog.mockResolvedValue(view);
    const node = await renderHandelselogg(new URLSearchParams("typ=override"));
    document.querySelector("#innehall")?.appendChild(node);
    expect(auditLog).toHaveBeenLastCalledWith({ supplier: null, person: null, kind: "override" });
    expect(document.querySelector('[data-testid="journal-count"]')?.textContent).toBe("Visar 2 av 40 händelser, äldst först.");
    for (const id of ["journal-supplier", "journal-person", "journal-kind"]) {
      expect(document.querySelector(`label[for="${id}"]`)).not.toBeNull();
    }
    const kind = document.getElementById("journal-kind") as HTMLSelectElement;
    expect(kind.value).toBe("override");
    const supplier = document.getElementById("journal-supplier") as HTMLSelectElement;
    expect([...supplier.options].map((o) => o.textContent)).toEqual(["Alla leverantörer", "Dalabemanning AB (559700-8001)"]);
    auditLog.mockResolvedValue({ ...view, events: [override] });
    supplier.value = "559700-8001";
    supplier.focus();
    supplier.dispatchEvent(new Event("change"));
    await new Promise((r) => setTimeout(r, 0));
    expect(auditLog).toHaveBeenLastCalledWith({ supplier: "559700-8001", person: null, kind: "override" });
    expect(window.location.hash).toBe("#/handelselogg?leverantor=559700-8001&typ=override");
    expect(document.querySelectorAll('[data-testid="journal-table"] tbody tr')).toHaveLength(1);
    // The filter keeps the keyboard's focus after the table is drawn again.
    expect(document.activeElement?.id).toBe("journal-supplier");
  });
});
