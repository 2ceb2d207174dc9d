import { describe, expect, it, vi } from "vitest";
import type { ArchivedDecision } from "./bindings/ArchivedDecision";

const decisionArchive = vi.fn();
const appInfo = vi.fn();
const checkFingerprint = vi.fn();
const saveArchivedDecision = vi.fn();
const openArchivedRecord = vi.fn();
const chooseFolder = vi.fn();
vi.mock("./ipc", () => ({
  api: {
    decisionArchive: () => decisionArchive(),
    appInfo: () => appInfo(),
    checkFingerprint: (...a: unknown[]) => checkFingerprint(...a),
    saveArchivedDecision: (...a: unknown[]) => saveArchivedDecision(...a),
    openArchivedRecord: (...a: unknown[]) => openArchivedRecord(...a),
    chooseFolder: (...a: unknown[]) => chooseFolder(...a),
  },
  toAppError: (e: unknown) => e,
}));
const { renderBeslutsarkiv, groupedFingerprint, standing } = await import("./screens/beslutsarkiv");

const fp1 = "58c4560615ea8f568c7acc94cab099c3cb65ef8ae9aec45deb11e5a489b46161";
const fp2 = "0a84a721f50053ecc7df6ceea68dfc4734c7d5ea68cdf16f41e49dd09d9d84c5";
const first: ArchivedDecision = {
  number: 1,
  decision_date: "2026-12-21",
  decided_by: "Karin Berg",
  role: "upphandlingschef",
  sent_date: "2026-12-21",
  standstill_end: "2027-01-04",
  fingerprint: fp1,
  supersedes: null,
  superseded_by: 2,
  created_at: "2026-12-21T09:00:00Z",
  qualified: 7,
  not_qualified: 8,
  notices: 16,
  intact: true,
};
const second: ArchivedDecision = { ...first, number: 2, decision_date: "2026-12-22", fingerprint: fp2, supersedes: 1, superseded_by: null };

async function rendered(list: ArchivedDecision[]): Promise<HTMLElement> {
  decisionArchive.mockResolvedValue(list);
  appInfo.mockResolvedValue({ procurement: { id: "DEMO-2026-001", name: "Bemanning 2028" }, database: "/x.sqlite" });
  document.body.innerHTML = `<div id="banner"></div><main id="innehall"></main>`;
  const node = (await renderBeslutsarkiv()) as HTMLElement;
  document.getElementById("innehall")!.appendChild(node);
  return node;
}

describe("Beslutsarkiv", () => {
  it("prints a fingerprint in the record's groups and says what each decision is now", () => {
    expect(groupedFingerprint(fp1)).toBe("58c45606 15ea8f56 8c7acc94 cab099c3 cb65ef8a e9aec45d eb11e5a4 89b46161");
    expect(standing(first)).toBe("Ersatt av beslut nr 2");
    expect(standing(second)).toBe("Gäller; ersätter beslut nr 1");
    expect(standing({ ...second, intact: false })).toBe("Ändrat i databasen efter beslutet");
  });

  it("lists every decision, newest first, with who decided and its fingerprint", async () => {
    const node = await rendered([first, second]);
    const rows = [...node.querySelectorAll<HTMLTableRowElement>("tbody tr")];
    expect(rows.map((r) => r.dataset.number)).toEqual(["2", "1"]);
    expect(rows[1]!.querySelector('[data-testid="standing"]')!.textContent).toBe("Ersatt av beslut nr 2");
    expect(rows[1]!.textContent).toContain("Karin Berg, upphandlingschef");
    expect(rows[0]!.querySelector('[data-testid="fingerprint"]')!.textContent).toBe(groupedFingerprint(fp2));
    expect([...node.querySelectorAll("thead th")].map((t) => t.getAttribute("scope"))).toEqual(Array(7).fill("col"));
  });

  it("says so when no decision has been taken, and offers no check", async () => {
    const node = await rendered([]);
    expect(node.querySelector('[data-testid="archive-empty"]')).not.toBeNull();
    expect(node.querySelector("#fingerprint-input")).toBeNull();
  });

  it("checks a fingerprint as typed and shows the answer plainly", async () => {
    const node = await rendered([first, second]);
    checkFingerprint.mockResolvedValue({ given: fp1, decision: 1, holds: true, nearest: null, verify: null, verdict: "Databasen innehåller exakt det beslutet: beslut nr 1." });
    (node.querySelector("#fingerprint-input") as HTMLInputElement).value = groupedFingerprint(fp1);
    (node.querySelector("form") as HTMLFormElement).dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(node.querySelector('[data-testid="fingerprint-verdict"]')).not.toBeNull());
    expect(checkFingerprint).toHaveBeenCalledWith(groupedFingerprint(fp1));
    const verdict = node.querySelector('[data-testid="fingerprint-verdict"]') as HTMLElement;
    expect(verdict.dataset.holds).toBe("true");
    expect(verdict.textContent).toContain("exakt det beslutet");
  });

  it("saves a decision to the folder the person chooses, and nothing when they cancel", async () => {
    const node = await rendered([first, second]);
    chooseFolder.mockResolvedValueOnce(null);
    const save = node.querySelector("#save-decision-1") as HTMLButtonElement;
    save.click();
    await vi.waitFor(() => expect(chooseFolder).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(save.disabled).toBe(false));
    expect(saveArchivedDecision).not.toHaveBeenCalled();
    const grant = { token: "t", name: "Beslut" };
    chooseFolder.mockResolvedValueOnce(grant);
    saveArchivedDecision.mockResolvedValue({ number: 1, decision_date: "2026-12-21", fingerprint: fp1, superseded_by: 2, record: "/home/a/Beslut/beslut.pdf", notices: ["/home/a/Beslut/u1.pdf"] });
    save.click();
    await vi.waitFor(() => expect(node.querySelector('[data-testid="archive-saved"]')).not.toBeNull());
    expect(saveArchivedDecision).toHaveBeenCalledWith(1, grant);
    expect(node.querySelector('[data-testid="saved-record"]')!.textContent).toBe("beslut.pdf");
  });
});
