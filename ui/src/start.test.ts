import { describe, expect, it, vi } from "vitest";
import type { AppInfo } from "./bindings/AppInfo";

// The app started with a file that is not an Anbud database: every app_info reports why (the
// header and the start screen both ask at start-up, in either order).
const info: AppInfo = {
  name: "Anbud",
  version: "0.1.0",
  database: null,
  procurement: null,
  procurements: [],
  default_database: "/home/anna/.local/share/anbud/anbud.sqlite",
  startup_error: { code: "db_open", message: "Filen /tmp/skrap.sqlite är inte en Anbud-databas (den är inte en SQLite-fil, eller är skadad). Välj en annan fil." },
  bench: false,
  e2e: false,
  review: null,
};
const appInfo = vi.fn(() => Promise.resolve(info));
vi.mock("./ipc", async (original) => ({
  ...(await original<typeof import("./ipc")>()),
  api: { appInfo: () => appInfo(), recentFiles: () => Promise.resolve([]) },
}));
const { renderStart } = await import("./screens/start");
const { refreshContext } = await import("./app-context");
const { startRouter } = await import("./router");

describe("a start-up error", () => {
  it("reaches the start screen the app opens on, as an alert with its code", async () => {
    document.body.innerHTML = `<span id="app-context"></span><footer id="app-footer"></footer><nav id="nav"></nav><div id="banner"></div><main id="innehall" tabindex="-1"></main>`;
    window.location.hash = "";
    // As main.ts does: the header's app_info first, then the start screen's.
    await refreshContext();
    startRouter([{ path: "start", label: "Start", render: () => renderStart() }]);
    await new Promise((r) => setTimeout(r, 10));
    const alert = document.querySelector('#banner [role="alert"]');
    expect(alert?.getAttribute("data-code")).toBe("db_open");
    expect(alert?.textContent).toContain("är inte en Anbud-databas");
    expect(document.querySelector('[data-testid="open-database"]')?.textContent).toBe("Ingen");
    expect(appInfo.mock.calls.length).toBeGreaterThanOrEqual(2);
  });
});
