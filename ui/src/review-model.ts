// The working group's pure logic for the screens (Arbetsgrupp, Leverantör, Granskning): no DOM,
// no IPC, so vitest checks it.

import type { WorkingGroup } from "./bindings/WorkingGroup";
import type { SupplierDetail } from "./bindings/SupplierDetail";
import type { RequirementResult } from "./bindings/RequirementResult";
import type { AssessmentInput } from "./bindings/AssessmentInput";
import type { MergeLine } from "./bindings/MergeLine";
import type { Outcome } from "./bindings/Outcome";
import { count } from "./format";

/** A cell of the members × suppliers matrix. */
export type CellState = "assigned" | "conflict" | "free";

export function cellState(group: WorkingGroup, reviewer: string, orgNr: string): CellState {
  const r = group.reviewers.find((x) => x.name === reviewer);
  if (!r) return "free";
  if (r.conflicts.some((c) => c.org_nr === orgNr)) return "conflict";
  return r.assigned.includes(orgNr) ? "assigned" : "free";
}

/** The jäv's reason, where the member declared one against the supplier. */
export function conflictReason(group: WorkingGroup, reviewer: string, orgNr: string): string | null {
  return group.reviewers.find((x) => x.name === reviewer)?.conflicts.find((c) => c.org_nr === orgNr)?.reason ?? null;
}

/** One person's judgement of a requirement, as shown side by side. */
export interface JudgementView {
  by: string;
  outcome: Outcome;
  justification: string;
  comment: string;
  at: string;
}

/** The judgements of a requirement side by side: with four eyes the core's list (each person's
 *  latest), else the working group's assessments of it (each member's latest); the comment from
 *  the member's assessment. */
export function judgementsOf(d: SupplierDetail, r: RequirementResult): JudgementView[] {
  const assessments = d.assessments.filter((a) => a.requirement_id === r.id);
  const latestComment = (by: string): string => {
    const key = by.trim().toLowerCase();
    const mine = assessments.filter((a) => a.reviewer.trim().toLowerCase() === key);
    return mine.length ? mine[mine.length - 1]!.comment : "";
  };
  const judgements = r.judgements ?? [];
  if (judgements.length) {
    return judgements.map((j) => ({ by: j.decided_by, outcome: j.outcome, justification: j.justification, comment: latestComment(j.decided_by), at: j.decided_at }));
  }
  const latest = new Map<string, (typeof assessments)[number]>();
  for (const a of assessments) {
    const key = a.reviewer.trim().toLowerCase();
    latest.delete(key);
    latest.set(key, a);
  }
  return [...latest.values()].map((a) => ({ by: a.reviewer, outcome: a.outcome, justification: a.justification, comment: a.comment, at: a.assessed_at }));
}

/** What a member chose for a requirement: agree with the proposal, another outcome, or nothing yet. */
export type Choice = "agree" | "pass" | "fail" | "missing" | null;

export function choiceOf(a: AssessmentInput | undefined, proposed: Outcome): Choice {
  if (!a) return null;
  if (a.outcome === proposed && proposed !== "review") return "agree";
  return a.outcome === "review" ? null : a.outcome;
}

/** The outcome a choice records. */
export function outcomeOf(choice: Exclude<Choice, null>, proposed: Outcome): Outcome {
  return choice === "agree" ? proposed : choice;
}

/** A justification is needed for another outcome than the proposal, or any judgement of a `review`. */
export function needsJustification(proposed: Outcome, outcome: Outcome): boolean {
  return outcome !== proposed || proposed === "review";
}

export function assessmentFor(list: AssessmentInput[], orgNr: string, requirement: string): AssessmentInput | undefined {
  return list.find((a) => a.org_nr === orgNr && a.requirement === requirement);
}

/** How many of a supplier's requirements the member has assessed. */
export function assessedCount(list: AssessmentInput[], s: SupplierDetail): number {
  return s.requirements.filter((r) => assessmentFor(list, s.org_nr, r.result.id)).length;
}

/** One response file's result in words. */
export function mergeLineText(line: MergeLine): string {
  if (line.merged?.already_merged) return `${line.file}: redan inläst (${line.merged.reviewer}); inget lades till.`;
  if (line.merged) return `${line.file}: ${count(line.merged.assessments, "bedömning", "bedömningar")} från ${line.merged.reviewer} inlästa.`;
  return `${line.file}: avvisad. ${line.refused ?? ""}`.trim();
}

export type MergeKind = "merged" | "already" | "refused";

export function mergeKind(line: MergeLine): MergeKind {
  if (!line.merged) return "refused";
  return line.merged.already_merged ? "already" : "merged";
}
