import { describe, expect, it } from "vitest";
import { assessedCount, cellState, choiceOf, conflictReason, judgementsOf, mergeKind, mergeLineText, needsJustification, outcomeOf } from "./review-model";
import type { WorkingGroup } from "./bindings/WorkingGroup";
import type { SupplierDetail } from "./bindings/SupplierDetail";
import type { RequirementResult } from "./bindings/RequirementResult";

const group: WorkingGroup = {
  four_eyes: true,
  reviewers: [
    { id: 1, name: "Eva Ek", region: "20", assigned: ["556000-0001"], conflicts: [] },
    { id: 2, name: "Olof Berg", region: null, assigned: [], conflicts: [{ org_nr: "556000-0002", reason: "Tidigare anställd", declared_at: "2026-12-01T10:00:00Z" } as never] },
  ],
  suppliers: [],
  warnings: [],
  disagreements: [],
};

describe("the matrix", () => {
  it("tells assigned, jäv and free apart", () => {
    expect(cellState(group, "Eva Ek", "556000-0001")).toBe("assigned");
    expect(cellState(group, "Eva Ek", "556000-0002")).toBe("free");
    expect(cellState(group, "Olof Berg", "556000-0002")).toBe("conflict");
    expect(cellState(group, "Okänd", "556000-0001")).toBe("free");
    expect(conflictReason(group, "Olof Berg", "556000-0002")).toBe("Tidigare anställd");
    expect(conflictReason(group, "Eva Ek", "556000-0002")).toBeNull();
  });
});

describe("an assessment", () => {
  it("agrees with a proposal, or chooses another outcome", () => {
    expect(choiceOf(undefined, "pass")).toBeNull();
    const a = { org_nr: "x", requirement: "r", outcome: "pass" as const, justification: "", comment: "" };
    expect(choiceOf(a, "pass")).toBe("agree");
    expect(choiceOf(a, "review")).toBe("pass");
    expect(choiceOf({ ...a, outcome: "fail" }, "pass")).toBe("fail");
    expect(outcomeOf("agree", "fail")).toBe("fail");
    expect(outcomeOf("missing", "fail")).toBe("missing");
  });

  it("needs a justification for another outcome or any judgement of a review", () => {
    expect(needsJustification("pass", "pass")).toBe(false);
    expect(needsJustification("pass", "fail")).toBe(true);
    expect(needsJustification("review", "pass")).toBe(true);
  });
});

function result(extra: Partial<RequirementResult>): RequirementResult {
  return { id: "kred", title: "Kreditvärdighet", proposed: "review", outcome: "review", reason_code: "x" as never, reason: "", evidence: [], override: null, ...extra };
}

function detail(assessments: SupplierDetail["assessments"]): SupplierDetail {
  return { assessments, org_nr: "556000-0001", requirements: [{ result: result({}), answers: [], history: [] }] } as unknown as SupplierDetail;
}

const row = (reviewer: string, outcome: "pass" | "fail", comment: string, id: number) => ({
  id,
  reviewer,
  requirement_id: "kred",
  proposed: "review" as const,
  outcome,
  justification: `${reviewer} motiverar`,
  comment,
  assessed_at: `2026-12-0${id}T10:00:00Z`,
  merged_at: `2026-12-0${id}T11:00:00Z`,
});

describe("judgements side by side", () => {
  it("takes the core's judgements with four eyes, and the comment from the member's latest assessment", () => {
    const d = detail([row("Eva Ek", "fail", "först", 1), row("eva ek ", "pass", "sedan", 2), row("Olof Berg", "fail", "", 3)]);
    const r = result({
      open: "disagreement",
      judgements: [
        { requirement_id: "kred", outcome: "pass", justification: "ja", decided_by: "Eva Ek", decided_at: "2026-12-02T10:00:00Z" },
        { requirement_id: "kred", outcome: "fail", justification: "nej", decided_by: "Olof Berg", decided_at: "2026-12-03T10:00:00Z" },
      ],
    });
    const list = judgementsOf(d, r);
    expect(list.map((j) => [j.by, j.outcome, j.justification, j.comment])).toEqual([
      ["Eva Ek", "pass", "ja", "sedan"],
      ["Olof Berg", "fail", "nej", ""],
    ]);
  });

  it("without four eyes shows each member's latest assessment", () => {
    const d = detail([row("Eva Ek", "fail", "först", 1), row("Eva Ek", "pass", "sedan", 2), row("Olof Berg", "fail", "", 3)]);
    const list = judgementsOf(d, result({}));
    expect(list.map((j) => `${j.by}:${j.outcome}:${j.comment}`)).toEqual(["Eva Ek:pass:sedan", "Olof Berg:fail:"]);
    expect(judgementsOf(detail([]), result({}))).toEqual([]);
  });

  it("counts what the member assessed", () => {
    const d = detail([]);
    expect(assessedCount([{ org_nr: "556000-0001", requirement: "kred", outcome: "pass", justification: "", comment: "" }], d)).toBe(1);
    expect(assessedCount([], d)).toBe(0);
  });
});

describe("a merged file", () => {
  it("is merged, already merged or refused, in words", () => {
    const merged = { file: "a.anbudsvar", merged: { reviewer: "Eva Ek", assessments: 2, already_merged: null }, code: null, refused: null };
    expect(mergeKind(merged)).toBe("merged");
    expect(mergeLineText(merged)).toBe("a.anbudsvar: 2 bedömningar från Eva Ek inlästa.");
    const again = { ...merged, merged: { ...merged.merged, already_merged: "2026-12-02T10:00:00Z" } };
    expect(mergeKind(again)).toBe("already");
    expect(mergeLineText(again)).toMatch(/redan inläst/);
    const refused = { file: "b.anbudsvar", merged: null, code: "file_altered" as const, refused: "Filen har ändrats." };
    expect(mergeKind(refused)).toBe("refused");
    expect(mergeLineText(refused)).toBe("b.anbudsvar: avvisad. Filen har ändrats.");
  });
});
