import { beforeEach, describe, expect, it } from "vitest";
import { showError, clearBanner } from "./banner";
import { hrefFor, parseHash, startRouter } from "./router";
import { h } from "./dom";
import { statusLabel, outcomeLabel, fileResultLabel, baseName } from "./labels";

function page(): void {
  document.body.innerHTML = `<nav id="nav"></nav><div id="banner"></div><main id="innehall" tabindex="-1"></main>`;
}

describe("banner", () => {
  beforeEach(page);

  it("shows {code,message} as a Swedish alert", () => {
    showError({ code: "no_database_open", message: "Ingen upphandling är öppen." });
    const alert = document.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain("Ingen upphandling är öppen.");
    expect(alert?.getAttribute("data-code")).toBe("no_database_open");
    clearBanner();
    expect(document.querySelector('[role="alert"]')).toBeNull();
  });

  it("never renders markup from a message", () => {
    showError({ code: "invalid_input", message: "<img src=x onerror=alert(1)>" });
    expect(document.querySelector("#banner img")).toBeNull();
  });

  it("closes with its button", () => {
    showError({ code: "io", message: "Filen kunde inte läsas." });
    (document.querySelector(".banner-close") as HTMLButtonElement).click();
    expect(document.querySelector('[role="alert"]')).toBeNull();
  });
});

describe("router", () => {
  beforeEach(page);

  it("parses hash paths and query", () => {
    const r = parseHash("#/oversikt?status=needs_review", "start");
    expect(r.path).toBe("oversikt");
    expect(r.params.get("status")).toBe("needs_review");
    expect(parseHash("", "start").path).toBe("start");
    expect(hrefFor("oversikt", { status: "qualified" })).toBe("#/oversikt?status=qualified");
  });

  it("builds the navigation and marks the current screen", async () => {
    window.location.hash = "#/b";
    startRouter([
      { path: "a", label: "Start", render: () => h("h1", {}, "A") },
      { path: "b", label: "Översikt", render: () => h("h1", {}, "B") },
    ]);
    await new Promise((r) => setTimeout(r, 0));
    const links = [...document.querySelectorAll("#nav a")].map((a) => a.textContent);
    expect(links).toEqual(["Start", "Översikt"]);
    expect(document.querySelector('#nav a[aria-current="page"]')?.textContent).toBe("Översikt");
    expect(document.querySelector("main h1")?.textContent).toBe("B");
    expect(document.title).toBe("Översikt – Anbud");
  });

  it("leaves a plain #id hash (the skip link) alone", async () => {
    window.location.hash = "#/b";
    startRouter([
      { path: "a", label: "Start", render: () => h("h1", {}, "A") },
      { path: "b", label: "Översikt", render: () => h("h1", {}, "B") },
    ]);
    await new Promise((r) => setTimeout(r, 0));
    window.location.hash = "#innehall";
    window.dispatchEvent(new Event("hashchange"));
    await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelector("main h1")?.textContent).toBe("B");
  });

  it("shows a failing screen's error in the banner, not a blank page", async () => {
    window.location.hash = "#/x";
    startRouter([{ path: "x", label: "Beslut", render: () => Promise.reject({ code: "internal", message: "Ett internt fel." }) }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelector('[role="alert"]')?.textContent).toContain("Ett internt fel.");
    expect(document.querySelector("main h1")?.textContent).toBe("Beslut");
  });
});

describe("labels", () => {
  it("pairs every status and outcome with text and an icon", () => {
    for (const s of ["qualified", "needs_review", "not_qualified"]) {
      expect(statusLabel(s).text).not.toBe(s);
      expect(statusLabel(s).icon).not.toBe("");
    }
    for (const o of ["pass", "fail", "review", "missing"]) expect(outcomeLabel(o).text).not.toBe(o);
    expect(statusLabel("okänd").text).toBe("okänd");
    for (const r of ["imported", "unchanged", "replaced", "ambiguous", "rejected"]) expect(fileResultLabel(r).text).not.toBe(r);
    // The icons differ in shape, not only in colour.
    const icons = ["pass", "fail", "review", "missing"].map((o) => outcomeLabel(o).icon);
    expect(new Set(icons).size).toBe(4);
    expect(outcomeLabel("review").text).toBe("Bedöms manuellt");
  });

  it("shows a file's name from its path", () => {
    expect(baseName("/tmp/demo/anbud/01-vardkraft.xlsx")).toBe("01-vardkraft.xlsx");
    expect(baseName("C:\\anbud\\02.xlsx")).toBe("02.xlsx");
  });
});

describe("import summary", async () => {
  const { importSummary } = await import("./screens/importera");
  const f = (result: string) => ({ file: "x.xlsx", result, message: "", errors: [] });
  it("counts the files per result in Swedish", () => {
    expect(importSummary({ files: [f("imported"), f("unchanged"), f("unchanged"), f("replaced"), f("rejected")] })).toBe(
      "1 inläst, 2 redan inlästa, 1 ersatt, 1 avvisad",
    );
    expect(importSummary({ files: [] })).toBe("inga filer");
  });
});
