// Files come from the person, not from the page: the webview never names a file. The native
// Open/Save/folder dialogs are opened by the Rust side (`choose_*`, src-tauri/src/grants.rs),
// with their Swedish titles and filters there; what comes back is a grant, an opaque token and
// the file's name to show. Commands that read or write a file take the token; a path is refused
// (`path_not_granted`). Files dropped on the window arrive as grants too (the event "anbud-drop").

import { api } from "./ipc";
import type { Grant } from "./bindings/Grant";
import type { Purpose } from "./bindings/Purpose";

export type { Grant, Purpose };

/** One file to open, or null if the person cancelled. */
export function pickFile(purpose: Purpose): Promise<Grant | null> {
  return api.chooseFile(purpose);
}

/** Files to open (bid workbooks, responses), or [] if the person cancelled. */
export function pickFiles(purpose: Purpose): Promise<Grant[]> {
  return api.chooseFiles(purpose);
}

/** A folder (for the decision's documents), or null. */
export function pickFolder(purpose: Purpose): Promise<Grant | null> {
  return api.chooseFolder(purpose);
}

/** Where to save, suggesting a file name (a name only), or null. */
export function saveAs(purpose: Purpose, suggestedName: string | null): Promise<Grant | null> {
  return api.chooseSave(purpose, suggestedName);
}
