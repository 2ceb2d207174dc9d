import { describe, expect, it, vi } from "vitest";

// The native Arkiv menu emits "arkiv" with the item's id (src-tauri/src/lib.rs MENU_ITEMS).
let handler: ((e: { payload: string }) => void) | null = null;
const listen = vi.fn((event: string, h: (e: { payload: string }) => void) => {
  if (event === "arkiv") handler = h;
  return Promise.resolve(() => {});
});
vi.mock("@tauri-apps/api/event", () => ({ listen: (e: string, h: (e: { payload: string }) => void) => listen(e, h) }));
const { installFileMenu, MENU_ACTIONS } = await import("./file-actions");

describe("the Arkiv menu", () => {
  it("runs the start screen's action for each item, and nothing for an unknown id", async () => {
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {};
    const ran: string[] = [];
    for (const id of Object.keys(MENU_ACTIONS)) MENU_ACTIONS[id] = () => Promise.resolve(void ran.push(id));
    installFileMenu();
    expect(listen).toHaveBeenCalledWith("arkiv", expect.any(Function));
    for (const id of ["open_database", "new_database", "backup_database", "quit", "okänd"]) handler?.({ payload: id });
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual(["open_database", "new_database", "backup_database"]);
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
  });
});
