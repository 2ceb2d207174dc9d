// The structured editor's logic, apart from the DOM: values shown in inputs Swedish style, and
// the queue that sends each change as one edit of the definition text (the single source of
// truth) and hands the result on. The core reads what was typed ("1 450", "1450,50", "1,12");
// nothing is parsed or validated here.

import { formatDecimal } from "./format";
import type { Edit } from "./bindings/Edit";
import type { EditedDefinition } from "./bindings/EditedDefinition";

/** An amount in an input: `1 400,00` (two decimals, more only when it has them); whole amounts
 *  without decimals when `whole` (`5 000 000`). */
export function moneyForInput(value: string | null | undefined, whole = false): string {
  if (value === null || value === undefined || value === "") return "";
  const decimals = Math.max(whole && isWhole(value) ? 0 : 2, places(value));
  return formatDecimal(value, decimals);
}

/** A zone factor in an input: `1,10`, `1,125`. */
export function factorForInput(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  return formatDecimal(value, Math.max(2, places(value)));
}

/** Hours and other counts: `10 000`, `9 999,5`. */
export function numberForInput(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const text = String(value);
  return formatDecimal(text, places(text));
}

/** The decimals a decimal string has, trailing zeros not counted ("1.10" → 1, "5000000" → 0). */
function places(value: string): number {
  const frac = /\.(\d*)$/.exec(value.trim())?.[1] ?? "";
  return frac.replace(/0+$/, "").length;
}

function isWhole(value: string): boolean {
  return places(value) === 0;
}

export interface EditQueueOptions {
  /** The edit command (api.editDefinition). */
  edit: (toml: string, edits: Edit[]) => Promise<EditedDefinition>;
  /** The definition text as it is now (the editor's textarea). */
  text: () => string;
  /** Gets the new text and its check, in the order the edits were made. */
  done: (result: EditedDefinition, edits: Edit[]) => void;
  /** An edit that could not be made (the UI shows it; the text is unchanged). */
  failed: (error: unknown) => void;
}

/**
 * Sends edits one after another, each to the text the previous one left, so quick changes (a
 * factor, then Tab and the next) never overwrite each other. Each call resolves when its edit
 * has been handed to `done` (or `failed`).
 */
export class EditQueue {
  private last: Promise<void> = Promise.resolve();
  private pending = 0;
  constructor(private readonly o: EditQueueOptions) {}

  /** Whether an edit is still on its way. */
  get busy(): boolean {
    return this.pending > 0;
  }

  submit(edits: Edit[]): Promise<void> {
    this.pending++;
    const run = async () => {
      try {
        this.o.done(await this.o.edit(this.o.text(), edits), edits);
      } catch (e) {
        this.o.failed(e);
      } finally {
        this.pending--;
      }
    };
    this.last = this.last.then(run);
    return this.last;
  }

  /** Resolves when every edit submitted so far is done. */
  settled(): Promise<void> {
    return this.last;
  }
}
