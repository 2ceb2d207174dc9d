import { describe, expect, it, vi } from "vitest";
import type { SupplierDetail } from "./bindings/SupplierDetail";
import type { RequirementDetail } from "./bindings/RequirementDetail";

const recordOverride = vi.fn();
vi.mock("./ipc", () => ({ api: { recordOverride: (...a: unknown[]) => recordOverride(...a) } }));
const { overrideForm } = await import("./screens/leverantor");

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
