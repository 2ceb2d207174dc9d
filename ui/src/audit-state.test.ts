import { describe, expect, it, vi } from "vitest";
import type { AuditState } from "./bindings/AuditState";
import type { SupplierDetail } from "./bindings/SupplierDetail";

const auditVerify = vi.fn();
const auditLog = vi.fn();
vi.mock("./ipc", () => ({ api: { auditVerify: () => auditVerify(), auditLog: (...a: unknown[]) => auditLog(...a) } }));
const { auditPanel, auditText } = await import("./screens/start");
const { journalSection } = await import("./screens/leverantor");

const whole: AuditState = { procurement_id: "DEMO-2026-001", ok: true, events: 41, head: "ab".repeat(32), first_problem: null, problems: 0 };
const broken: AuditState = {
  ...whole,
  ok: false,
  head: null,
  first_problem: "händelse nr 7 (Utfall ändrat, 2026-12-18T09:00:00Z): händelse nr 7 har ändrats efter att den skrevs (kontrollsumman stämmer inte)",
  problems: 3,
};
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("the audit state on the start screen", () => {
  it("says the journal is whole with its count, or where it first breaks", () => {
    expect(auditText(whole)).toBe("Journalen är hel (41 händelser).");
    expect(auditText(broken)).toBe(`Journalen är inte hel: ${broken.first_problem} (3 avvikelser i allt).`);
  });

  it("is checked when the screen opens, and again on the button", async () => {
    document.body.innerHTML = `<div id="banner"></div>`;
    auditVerify.mockResolvedValueOnce(whole);
    const panel = auditPanel();
    document.body.appendChild(panel);
    await tick();
    const status = panel.querySelector('[data-testid="audit-state"]') as HTMLElement;
    expect(status.getAttribute("aria-live")).toBe("polite");
    expect(status.textContent).toBe("Journalen är hel (41 händelser).");
    expect(status.dataset.ok).toBe("true");
    auditVerify.mockResolvedValueOnce(broken);
    (panel.querySelector("#audit-recheck") as HTMLButtonElement).click();
    await tick();
    expect(auditVerify).toHaveBeenCalledTimes(2);
    expect(status.textContent).toContain("händelse nr 7");
    expect(status.dataset.ok).toBe("false");
  });
});

describe("a supplier's own history", () => {
  it("asks the journal for the events whose subject is the supplier's organisation number", async () => {
    document.body.innerHTML = `<div id="banner"></div>`;
    auditLog.mockResolvedValue({
      procurement_id: "DEMO-2026-001",
      total: 41,
      events: [
        {
          seq: 12, kind: "bid_stored", label: "Anbud inläst", at: "2026-12-18T09:00:00Z", at_local: "2026-12-18 kl. 10.00", actor: "", os_user: "anna",
          subject: "559700-8001", supplier_name: "Dalabemanning AB", summary: "Anbudet från Dalabemanning AB lästes in", changes: [], diff: null, hash: "c".repeat(64), payload: {},
        },
      ],
      suppliers: [], people: [], kinds: [],
    });
    const section = journalSection({ org_nr: "559700-8001", name: "Dalabemanning AB" } as SupplierDetail);
    document.body.appendChild(section);
    await tick();
    expect(auditLog).toHaveBeenCalledWith({ supplier: "559700-8001", person: null, kind: null });
    expect(section.querySelector('[data-testid="supplier-journal-count"]')?.textContent).toBe("1 händelse om leverantören, äldst först.");
    expect(section.querySelectorAll("tbody tr")).toHaveLength(1);
    expect(section.querySelector("a")?.getAttribute("href")).toBe("#/handelselogg?leverantor=559700-8001");
  });
});
