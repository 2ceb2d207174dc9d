// What the start screen's buttons and the native Arkiv menu do: open a database, create a new
// one, save a copy. The menu (src-tauri/src/lib.rs) only emits the event "arkiv" with the item's
// id; this module listens and runs the same action as the button.

import { listen } from "@tauri-apps/api/event";
import { api, inTauri } from "./ipc";
import { queueNotice, showError, showNotice } from "./banner";
import { pickFile, saveAs } from "./dialogs";
import { refreshContext } from "./app-context";
import { navigate } from "./router";
import { count } from "./format";
import type { Opened } from "./bindings/Opened";

/** Opens (or creates) a database, then goes on: to `next` when it has procurements, to the
 *  procurement screen when it has none, else back to Start. */
export async function openThen(action: () => Promise<Opened>, next: string | null): Promise<void> {
  try {
    const opened = await action();
    await refreshContext();
    queueNotice(
      opened.procurements.length === 0
        ? `Databasen ${opened.path} är öppen. Den har ingen upphandling ännu: lägg in en definition under Upphandling.`
        : `Öppnade ${opened.path}: ${count(opened.procurements.length, "upphandling", "upphandlingar")}.`,
    );
    if (next && opened.procurements.length > 0) navigate(next);
    else if (opened.procurements.length === 0) navigate("upphandling");
    else navigate("start", { t: String(Date.now()) });
  } catch (e) {
    showError(e);
  }
}

export async function openDatabaseAction(): Promise<void> {
  const file = await pickFile("database").catch(showError);
  if (file) await openThen(() => api.openDatabase(file), null);
}

export async function newDatabaseAction(): Promise<void> {
  try {
    // (The dialog starts at the default database's folder and name: Rust knows them.)
    const file = await saveAs("database", null);
    if (file) await openThen(() => api.createDatabase(file), "upphandling");
  } catch (e) {
    showError(e);
  }
}

export async function backupAction(): Promise<void> {
  try {
    const name = `kopia-${new Date().toISOString().slice(0, 10)}.sqlite`;
    // (An end-to-end build saves into ANBUD_E2E_SAVE_DIR instead of opening the dialog.)
    const file = await saveAs("database_copy", name);
    if (!file) return;
    const written = await api.backupDatabase(file);
    showNotice(`En kopia av databasen är sparad: ${written}`);
  } catch (e) {
    showError(e);
  }
}

/** The Arkiv menu's items, by id (as src-tauri/src/lib.rs MENU_ITEMS names them). */
export const MENU_ACTIONS: Record<string, () => Promise<void>> = {
  open_database: openDatabaseAction,
  new_database: newDatabaseAction,
  backup_database: backupAction,
};

/** Runs the action of a menu item; an unknown id does nothing. */
export function onMenuItem(id: unknown): Promise<void> {
  const action = typeof id === "string" ? MENU_ACTIONS[id] : undefined;
  return action ? action() : Promise.resolve();
}

/** Listens to the native menu (once, for the app's lifetime). */
export function installFileMenu(): void {
  if (!inTauri()) return;
  void listen<string>("arkiv", (event) => void onMenuItem(event.payload)).catch(showError);
}
