// Swedish words for the codes that come over IPC. Status and outcome are always shown as
// icon + text (never colour alone); the class gives the colour.

export interface Label {
  text: string;
  icon: string;
  cls: string;
}

const STATUS: Record<string, Label> = {
  qualified: { text: "Kvalificerad", icon: "✓", cls: "tag-ok" },
  needs_review: { text: "Behöver granskas", icon: "!", cls: "tag-warn" },
  not_qualified: { text: "Ej kvalificerad", icon: "✗", cls: "tag-bad" },
};

const OUTCOME: Record<string, Label> = {
  pass: { text: "Uppfyllt", icon: "✓", cls: "tag-ok" },
  fail: { text: "Ej uppfyllt", icon: "✗", cls: "tag-bad" },
  review: { text: "Granskas", icon: "!", cls: "tag-warn" },
  missing: { text: "Svar saknas", icon: "?", cls: "tag-warn" },
};

function unknown(code: string): Label {
  return { text: code, icon: "•", cls: "tag-neutral" };
}

export function statusLabel(status: string): Label {
  return STATUS[status] ?? unknown(status);
}

export function outcomeLabel(outcome: string): Label {
  return OUTCOME[outcome] ?? unknown(outcome);
}

export const STATUS_ORDER = ["qualified", "needs_review", "not_qualified"] as const;
