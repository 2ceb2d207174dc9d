// Swedish words for the codes that come over IPC. Status and outcome are always shown as
// icon + text (never colour alone); the class gives the colour. The icons differ in shape too.

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

// The same words as the core (anbud::rules::Outcome::label_sv) and the decision record.
const OUTCOME: Record<string, Label> = {
  pass: { text: "Uppfyllt", icon: "✓", cls: "tag-ok" },
  fail: { text: "Ej uppfyllt", icon: "✗", cls: "tag-bad" },
  review: { text: "Bedöms manuellt", icon: "!", cls: "tag-warn" },
  missing: { text: "Svar saknas", icon: "?", cls: "tag-warn" },
};

const FILE_RESULT: Record<string, Label> = {
  imported: { text: "Inläst", icon: "✓", cls: "tag-ok" },
  unchanged: { text: "Redan inläst", icon: "=", cls: "tag-neutral" },
  replaced: { text: "Ersatt", icon: "↷", cls: "tag-neutral" },
  superseded: { text: "Ersatt", icon: "↷", cls: "tag-neutral" },
  ambiguous: { text: "Tvetydigt", icon: "!", cls: "tag-warn" },
  rejected: { text: "Avvisad", icon: "✗", cls: "tag-bad" },
  espd: { text: "ESPD-svar parat", icon: "⇄", cls: "tag-ok" },
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

export function fileResultLabel(result: string): Label {
  return FILE_RESULT[result] ?? unknown(result);
}

export const STATUS_ORDER = ["qualified", "needs_review", "not_qualified"] as const;
export const OUTCOME_ORDER = ["pass", "fail", "review", "missing"] as const;

/** The last path segment, for showing a file's name. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
