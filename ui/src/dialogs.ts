// File access goes through the native Open/Save dialogs only (tauri-plugin-dialog; the
// capability grants dialog:allow-open and dialog:allow-save, nothing else). The dialogs return
// paths; the Rust commands read and write them. Errors become AppError like every IPC call.

import { open, save } from "@tauri-apps/plugin-dialog";
import { toAppError } from "./ipc";

export const DATABASE_FILTER = { name: "Anbud-databas", extensions: ["sqlite", "anbud"] };
export const WORKBOOK_FILTER = { name: "Excel-arbetsbok", extensions: ["xlsx"] };
export const PACKAGE_FILTER = { name: "Granskningspaket", extensions: ["anbudpaket"] };
export const RESPONSE_FILTER = { name: "Granskningssvar", extensions: ["anbudsvar"] };

/** One file to open, or null if the user cancelled. */
export async function pickFile(title: string, filters = [DATABASE_FILTER]): Promise<string | null> {
  try {
    return await open({ title, multiple: false, directory: false, filters });
  } catch (e) {
    throw toAppError(e);
  }
}

/** Many files (bid workbooks), or [] if the user cancelled. */
export async function pickFiles(title: string, filters = [WORKBOOK_FILTER]): Promise<string[]> {
  try {
    return (await open({ title, multiple: true, directory: false, filters })) ?? [];
  } catch (e) {
    throw toAppError(e);
  }
}

/** A folder (for exports), or null. */
export async function pickFolder(title: string): Promise<string | null> {
  try {
    return await open({ title, multiple: false, directory: true });
  } catch (e) {
    throw toAppError(e);
  }
}

/** Where to save, or null. */
export async function saveAs(title: string, defaultPath: string, filters = [DATABASE_FILTER]): Promise<string | null> {
  try {
    return await save({ title, defaultPath, filters });
  } catch (e) {
    throw toAppError(e);
  }
}
