import { describe, expect, it, vi } from "vitest";
import type { SupplierDetail } from "./bindings/SupplierDetail";
import type { RequirementDetail } from "./bindings/RequirementDetail";

const recordOverride = vi.fn();
const settleConflict = vi.fn();
vi.mock("./ipc", () => ({
  api: { recordOverride: (...a: unknown[]) => recordOverride(...a), settleConflict: (...a: unknown[]) => settleConflict(...a) },
}));
const { overrideForm, conflictSection, judgementsBlock } = await import("./screens/leverantor");

const requirement: RequirementDetail = {
  result: {
    id: "kreditvardighet",
    title: "Kreditvärdighet",
    proposed: "review",
    outcome: "review",
    reason_code: "credit.report_too_old",
    reason: "Upplysningen är äldre än tre månader.",
    evidence: [],
    override: null,
  },
  answers: [],
  history: [],
};
const detail = { bid_id: 7, name: "Dalabemanning AB", state: "active", requirements: [requirement] } as unknown as SupplierDetail;

describe("the override form", () => {
  it("chooses no outcome beforehand, and sends nothing until a person has chosen one", async () => {
    document.body.innerHTML = `<div id="banner"></div>`;
    const details = overrideForm(detail, requirement, () => {}, true);
    document.body.appendChild(details);
    const form = details.querySelector("form") as HTMLFormElement;
    const radios = [...form.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.value)).toEqual(["pass", "fail"]);
    expect(radios.some((r) => r.checked)).toBe(false);
    expect(radios.every((r) => r.required)).toBe(true);

    (form.querySelector("textarea") as HTMLTextAreaElement).value = "Ny upplysning har visats.";
    (form.querySelector('input[type="text"]') as HTMLInputElement).value = "Anna Lindqvist";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(recordOverride).not.toHaveBeenCalled();

    recordOverride.mockResolvedValue({ ...detail, status: "qualified" });
    (radios[1] as HTMLInputElement).checked = true;
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(recordOverride).toHaveBeenCalledWith(7, "kreditvardighet", "fail", "Ny upplysning har visats.", "Anna Lindqvist");
    await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelector("#banner")?.textContent).toMatch(/nu Ej uppfyllt/);
  });
});

describe("a conflict between bids of the same date", () => {
  it("lists the bids in order of receipt, chooses none beforehand, and sends the one chosen with why and who", async () => {
    document.body.innerHTML = `<div id="banner"></div>`;
    const conflicted = {
      ...detail,
      state: "ambiguous",
      file: "a.xlsx",
      conflict: [
        { bid_id: 7, file: "a.xlsx", sha256: "aa11", received_at: "2026-12-16T09:00:00+01:00", evaluated: true },
        { bid_id: 8, file: "b.xlsx", sha256: "bb22", received_at: "2026-12-16T09:05:00+01:00", evaluated: false },
      ],
    } as unknown as SupplierDetail;
    const section = conflictSection(conflicted, () => {});
    document.body.appendChild(section);
    const labels = [...section.querySelectorAll("label.radio")].map((l) => l.textContent ?? "");
    expect(labels[0]).toMatch(/^ 1\. a\.xlsx .*prövas tills vidare.*aa11$/);
    expect(labels[1]).toMatch(/^ 2\. b\.xlsx .*bb22$/);
    const form = section.querySelector("form") as HTMLFormElement;
    const radios = [...form.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.some((r) => r.checked)).toBe(false);
    (form.querySelector("textarea") as HTMLTextAreaElement).value = "Bekräftat av anbudsgivaren.";
    (form.querySelector('input[type="text"]') as HTMLInputElement).value = "Anna Lindqvist";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(settleConflict).not.toHaveBeenCalled();
    settleConflict.mockResolvedValue({ ...conflicted, state: "active", status: "qualified", conflict: [] });
    (radios[0] as HTMLInputElement).checked = true;
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(settleConflict).toHaveBeenCalledWith(7, "Bekräftat av anbudsgivaren.", "Anna Lindqvist");
    await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelector("#banner")?.textContent).toMatch(/Anbudet i a\.xlsx gäller för Dalabemanning AB/);
  });
});

describe("the working group's judgements", () => {
  it("are shown side by side with the comments, a disagreement marked; nothing when nobody judged", () => {
    const judged: RequirementDetail = {
      ...requirement,
      result: {
        ...requirement.result,
        open: "disagreement",
        judgements: [
          { requirement_id: "kreditvardighet", outcome: "pass", justification: "Ny upplysning.", decided_by: "Eva Ek", decided_at: "2026-12-02T10:00:00Z" },
          { requirement_id: "kreditvardighet", outcome: "fail", justification: "Riskklass 3.", decided_by: "Olof Berg", decided_at: "2026-12-02T11:00:00Z" },
        ],
      },
    };
    const d = {
      ...detail,
      assessments: [
        { id: 1, reviewer: "Eva Ek", requirement_id: "kreditvardighet", proposed: "review", outcome: "pass", justification: "Ny upplysning.", comment: "Ringde UC.", assessed_at: "2026-12-02T10:00:00Z", merged_at: "2026-12-02T12:00:00Z" },
      ],
    } as unknown as SupplierDetail;
    const el = judgementsBlock(d, judged)!;
    expect(el.querySelector('[data-testid="disagreement"]')?.textContent).toMatch(/Oenighet/);
    const rows = [...el.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ["Eva Ek", "✓Uppfyllt", "Ny upplysning.", "Ringde UC."],
      ["Olof Berg", "✗Ej uppfyllt", "Riskklass 3.", "–"],
    ]);
    expect(judgementsBlock({ ...detail, assessments: [] } as unknown as SupplierDetail, requirement)).toBeNull();
  });
});
