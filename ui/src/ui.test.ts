import { beforeEach, describe, expect, it, vi } from "vitest";
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

describe("the import screen's ESPD pairing", async () => {
  const { espdFiles, espdSection, importSummary } = await import("./screens/importera");
  const report = {
    document: "ESPD-svar, ESPD-EDM 4.1.0",
    economic_operator: "Nya Vården AB, 559123-4561",
    read: ["24 uteslutningsgrunder: 24 nej, 0 ja, 0 obesvarade"],
    carried: [
      { source: "ESPD gen-year-to", criterion: "499efc97-2ac1-4af2-9e84-323c2ca67747", requirement: "omsattning (Omsättning)", value: "48250000 SEK" },
    ],
    not_carried: [{ what: "aver-year-to (Average yearly turnover)", why: "bara allmän årsomsättning prövas" }],
  };
  const files = [
    { file: "/a/nya.xlsx", result: "imported", message: "Inläst.", errors: [] },
    { file: "/a/nya-espd.xml", result: "espd", message: "ESPD-svar till nya.xlsx (Nya Vården AB, 559123-4561).", errors: [], espd: report },
    {
      file: "/a/ensam.xml",
      result: "rejected",
      message: "Avvisad: ESPD-svaret läses inte in.",
      errors: [{ sheet: null, cell: null, message: "Ingen anbudsfil i samma import har organisationsnummer 559876-5432." }],
      espd: { ...report, carried: [] },
    },
    { file: "/a/trasig.XML", result: "rejected", message: "Avvisad", errors: [{ sheet: null, cell: null, message: "ESPD-filen trasig.XML är inte välformad XML" }] },
  ];
  it("finds the ESPD files by result, report or extension, never a workbook", () => {
    expect(espdFiles({ files }).map((f) => f.file)).toEqual(["/a/nya-espd.xml", "/a/ensam.xml", "/a/trasig.XML"]);
    expect(espdSection([])).toBeNull();
  });
  it("shows the pairs, each report's carried-over requirements, and the unpaired with why", () => {
    const el = espdSection(espdFiles({ files })) as HTMLElement;
    expect(el.querySelector("h2")?.textContent).toBe("ESPD-svar");
    expect(el.textContent).toContain("1 ESPD-svar parat med sin arbetsbok, 2 utan arbetsbok eller avvisade");
    const unpaired = [...el.querySelectorAll('[data-testid="espd-unpaired"] li')].map((li) => li.textContent);
    expect(unpaired).toEqual([
      "ensam.xml: Ingen anbudsfil i samma import har organisationsnummer 559876-5432.",
      "trasig.XML: ESPD-filen trasig.XML är inte välformad XML",
    ]);
    const paired = el.querySelector('details.espd-report[data-file="nya-espd.xml"]') as HTMLDetailsElement;
    expect(paired.open).toBe(true);
    const row = paired.querySelector('tr[data-requirement="omsattning"]');
    expect([...(row?.children ?? [])].map((c) => c.textContent)).toEqual(["ESPD gen-year-to", "omsattning (Omsättning)", "48250000 SEK"]);
    expect((el.querySelector('details.espd-report[data-file="ensam.xml"]') as HTMLDetailsElement).open).toBe(false);
    expect(importSummary({ files })).toBe("1 inläst, 2 avvisade, 1 ESPD-svar parat");
  });
});

describe("the import screen's drop listener", async () => {
  const { stopWhenLeft } = await import("./screens/importera");
  it("stops once the screen is left, and removes its own navigation listener", async () => {
    const el = document.createElement("div");
    document.body.appendChild(el);
    const stop = vi.fn();
    const remove = vi.spyOn(window, "removeEventListener");
    stopWhenLeft(el, stop);
    const tick = () => new Promise((r) => setTimeout(r, 5));
    window.dispatchEvent(new Event("hashchange"));
    await tick();
    expect(stop).not.toHaveBeenCalled();
    el.remove();
    window.dispatchEvent(new Event("hashchange"));
    await tick();
    window.dispatchEvent(new Event("hashchange"));
    await tick();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls.filter(([type]) => type === "hashchange").length).toBe(1);
    remove.mockRestore();
  });
});

describe("a drop on the window, as Rust hands it on", async () => {
  const { onDrop } = await import("./screens/importera");
  beforeEach(page);
  it("highlights while hovering, imports the grants and says why the rest was not taken; a folder alone is an alert", () => {
    const zone = document.createElement("div");
    const run = vi.fn();
    onDrop({ phase: "hover", grants: [], refused: [] }, zone, run);
    expect(zone.classList.contains("drop-active")).toBe(true);
    onDrop({ phase: "leave", grants: [], refused: [] }, zone, run);
    expect(zone.classList.contains("drop-active")).toBe(false);
    const grant = { token: "00ff", name: "01-anbud.xlsx" };
    onDrop({ phase: "drop", grants: [grant], refused: [{ name: "bilder", reason: "det är en mapp; släpp arbetsböckerna i den i stället" }] }, zone, run);
    expect(run).toHaveBeenCalledWith([grant], expect.stringContaining("bilder: det är en mapp"));
    run.mockReset();
    onDrop({ phase: "drop", grants: [], refused: [{ name: "anbud", reason: "det är en mapp; släpp arbetsböckerna i den i stället" }] }, zone, run);
    expect(run).not.toHaveBeenCalled();
    const alert = document.querySelector('[role="alert"]');
    expect(alert?.getAttribute("data-code")).toBe("not_a_file");
    expect(alert?.textContent).toMatch(/anbud: det är en mapp/);
  });
});

describe("the decision form kept between visits", async () => {
  const { formKey, loadForm } = await import("./screens/beslut");
  it("is kept per database and procurement, and the date only on the day it was typed", () => {
    localStorage.clear();
    const a = formKey("/data/a.sqlite", "DEMO-2026-001");
    localStorage.setItem(a, JSON.stringify({ date: "2026-12-21", decidedBy: "Karin Berg", role: "upphandlingschef", sent: null, on: "2026-12-21" }));
    expect(loadForm(a, "2026-12-21")).toEqual({ date: "2026-12-21", decidedBy: "Karin Berg", role: "upphandlingschef", sent: null });
    // Another day: the name stays, the date starts over (the screen then shows today).
    expect(loadForm(a, "2027-02-01")).toEqual({ date: "", decidedBy: "Karin Berg", role: "upphandlingschef", sent: null });
    // Another database or procurement: nothing.
    expect(loadForm(formKey("/data/b.sqlite", "DEMO-2026-001"), "2026-12-21").decidedBy).toBe("");
    expect(loadForm(formKey("/data/a.sqlite", "RS-2027-014"), "2026-12-21").decidedBy).toBe("");
  });
});
