import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { api, call, AppError, toAppError } = await import("./ipc");

describe("ipc", () => {
  beforeEach(() => {
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {};
  });
  afterEach(() => {
    invoke.mockReset();
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
  });

  it("passes the command and camelCase args and returns the reply", async () => {
    invoke.mockResolvedValue({ name: "Anbud", version: "0.1.0", database: null });
    await expect(api.appInfo()).resolves.toEqual({ name: "Anbud", version: "0.1.0", database: null });
    expect(invoke).toHaveBeenCalledWith("app_info", undefined);
    invoke.mockResolvedValue({ status: "qualified" });
    await api.recordOverride(7, "kreditvardighet", "pass", "Ny upplysning.", "Anna");
    expect(invoke).toHaveBeenLastCalledWith("record_override", {
      bidId: 7,
      requirementId: "kreditvardighet",
      outcome: "pass",
      justification: "Ny upplysning.",
      decidedBy: "Anna",
    });
    await api.decide({ date: "2026-12-21", decidedBy: "Karin", role: null, sent: null }, { token: "ab12", name: "ut" });
    expect(invoke).toHaveBeenLastCalledWith("decide", { date: "2026-12-21", decidedBy: "Karin", role: null, sent: null, folder: "ab12" });
  });

  it("turns the Rust {code,message} into an AppError", async () => {
    invoke.mockRejectedValue({ code: "open_reviews", message: "Beslut kan inte fattas medan leverantörer behöver granskas: A AB." });
    const error = await call("decision_preview", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "open_reviews" });
  });

  it("gives Tauri's own refusals a code and a Swedish message", () => {
    const e = toAppError("overview not allowed. Permissions associated with this command: …");
    expect(e.code).toBe("ipc_refused");
    expect(e.message).toMatch(/^Appen tillåter inte det anropet/);
    expect(e.detail).toMatch(/not allowed/);
  });

  it("keeps English exception text out of the message, as folded-away detail", () => {
    const e = toAppError(new TypeError("Cannot read properties of undefined (reading 'rows')"));
    expect(e.code).toBe("ipc_refused");
    expect(e.message).toMatch(/^Något gick fel i appens fönster/);
    expect(e.message).not.toMatch(/Cannot|undefined/);
    expect(e.detail).toBe("TypeError: Cannot read properties of undefined (reading 'rows')");
  });

  it("names files by their grants' tokens, never by a path; the dialogs are asked of Rust by purpose", async () => {
    const grant = { token: "0123456789abcdef0123456789abcdef", name: "anbud.xlsx" };
    invoke.mockResolvedValue(grant);
    await expect(api.chooseSave("workbook", "anbudsformular.xlsx")).resolves.toEqual(grant);
    expect(invoke).toHaveBeenLastCalledWith("choose_save", { purpose: "workbook", suggestedName: "anbudsformular.xlsx" });
    await api.saveTemplate(grant);
    expect(invoke).toHaveBeenLastCalledWith("save_template", { file: grant.token });
    await api.openReviewPackage(grant, "hemlig fras");
    expect(invoke).toHaveBeenLastCalledWith("open_review_package", { file: grant.token, passphrase: "hemlig fras" });
    invoke.mockResolvedValue([]);
    await api.mergeResponses([grant, { token: "ff", name: "b.anbudsvar" }]);
    expect(invoke).toHaveBeenLastCalledWith("merge_responses", { files: [grant.token, "ff"] });
    await api.openRecent(2);
    expect(invoke).toHaveBeenLastCalledWith("open_recent", { index: 2 });
    // Nothing sent holds a path or a file name.
    for (const [, args] of invoke.mock.calls) expect(JSON.stringify(args ?? {})).not.toMatch(/\/|anbud\.xlsx/);
  });

  it("says so when running outside the app window", () => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
    const e = toAppError(new TypeError("Cannot read properties of undefined (reading 'invoke')"));
    expect(e.code).toBe("not_in_app");
  });
});
