// The end-to-end checks, in order, on one WebDriver session (WebKitWebDriver allows one at a
// time). Each test: { name, run(ctx) } with ctx = { session, screenshot(name) }.
// Add tests for new screens here as they are wired to the core.

import assert from "node:assert/strict";

const NBSP = "\u00a0";
const SCREENS = [
  ["start", "Start"],
  ["upphandling", "Upphandling"],
  ["importera", "Importera anbud"],
  ["oversikt", "Översikt"],
  ["leverantor", "Leverantör"],
  ["beslut", "Beslut"],
];

/** Waits until the main area shows screen `path` with its heading rendered. */
async function onScreen(s, path, heading) {
  await s.waitFor(`vyn ${path}`, async () => {
    const ready = await s.execute(
      `const m = document.querySelector("main");
       return m && m.dataset.screen === arguments[0] && !m.hasAttribute("aria-busy") && m.querySelector("h1")?.textContent;`,
      [path],
    );
    return ready === heading;
  });
}

const text = (s, css) => s.execute(`return document.querySelector(arguments[0])?.textContent ?? null;`, [css]);

/** Moves the mouse off the navigation so hover styles do not show in screenshots. */
async function pointerAway(s) {
  await s.cmd("POST", "/actions", {
    actions: [{ type: "pointer", id: "mus", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerMove", x: 900, y: 700, origin: "viewport" }] }],
  });
  await s.cmd("DELETE", "/actions");
}

async function pressKey(s, key) {
  await s.cmd("POST", "/actions", {
    actions: [{ type: "key", id: "tangentbord", actions: [{ type: "keyDown", value: key }, { type: "keyUp", value: key }] }],
  });
  await s.cmd("DELETE", "/actions");
}

export const tests = [
  {
    name: "fönstret heter Anbud och startar på Start",
    async run({ session: s, nativeWindowTitles }) {
      await onScreen(s, "start", "Start");
      assert.ok(nativeWindowTitles().includes("Anbud"), `fönstertitlar: ${JSON.stringify(nativeWindowTitles())}`);
      assert.equal(await text(s, ".app-name"), "Anbud");
      assert.match(await s.title(), /Anbud/);
      assert.equal(await s.execute(`return document.documentElement.lang;`), "sv");
    },
  },
  {
    name: "navigeringen har alla vyer i ordning",
    async run({ session: s }) {
      const labels = await s.execute(`return [...document.querySelectorAll("nav a")].map(a => a.textContent);`);
      assert.deepEqual(labels, SCREENS.map(([, label]) => label));
      assert.equal(await s.execute(`return document.querySelector("nav").getAttribute("aria-label");`), "Huvudmeny");
    },
  },
  {
    name: "IPC fungerar: Start visar versionen från Rust",
    async run({ session: s }) {
      const version = await s.waitFor("versionen", () => text(s, '[data-testid="app-version"]'));
      assert.match(version, /^Anbud \d+\.\d+\.\d+$/);
      assert.equal(await text(s, '[data-testid="open-database"]'), "Ingen");
    },
  },
  {
    name: "varje vy öppnas från menyn utan fel (skärmbild av var och en)",
    async run({ session: s, screenshot }) {
      for (const [i, [path, label]] of SCREENS.entries()) {
        const link = await s.find(`nav a[data-screen="${path}"]`);
        await link.click();
        await pointerAway(s);
        await onScreen(s, path, label);
        assert.equal(await s.execute(`return document.querySelector('nav a[aria-current="page"]')?.textContent;`), label);
        assert.equal(await text(s, '[role="alert"]'), null, `felmeddelande på ${label}`);
        await screenshot(`${String(i + 1).padStart(2, "0")}-${path}`);
      }
    },
  },
  {
    name: "Översikt (platshållare): rader, svensk formatering och filter",
    async run({ session: s, screenshot }) {
      await s.setHash("#/oversikt");
      await onScreen(s, "oversikt", "Översikt");
      assert.equal(await text(s, '[data-testid="supplier-count"]'), "3 leverantörer");
      const body = await text(s, "main");
      assert.ok(body.includes(`12${NBSP}345${NBSP}678,50${NBSP}kr`), "beloppet formateras 12 345 678,50 kr");
      assert.ok(body.includes("✓") && body.includes("Kvalificerad"), "status visas med ikon och text");
      // Filter through the labelled select, as a person would.
      await s.execute(
        `const sel = document.getElementById("filter-status"); sel.value = "needs_review"; sel.dispatchEvent(new Event("change"));`,
      );
      await s.waitFor("filtret", async () => (await text(s, '[data-testid="supplier-count"]')) === "1 leverantör");
      assert.equal(await s.execute(`return document.querySelector('label[for="filter-status"]')?.textContent;`), "Status");
      await screenshot("oversikt-filtrerad");
    },
  },
  {
    name: "ett fel från Rust visas som svensk banner med role=alert",
    async run({ session: s, screenshot }) {
      await s.setHash("#/oversikt?status=bogus");
      const code = await s.waitFor("felbannern", () =>
        s.execute(`return document.querySelector('[role="alert"]')?.dataset.code ?? null;`),
      );
      assert.equal(code, "invalid_input");
      assert.match(await text(s, '[role="alert"] .banner-message'), /^Okänd status/);
      await screenshot("felbanner");
      (await s.find(".banner-close")).click();
      await s.waitFor("att bannern stängs", async () => (await text(s, '[role="alert"]')) === null);
    },
  },
  {
    name: "tangentbord: Tab når hopplänken och sedan menyn, med synlig fokus",
    async run({ session: s, screenshot }) {
      await s.setHash("#/start");
      await onScreen(s, "start", "Start");
      await s.execute(`document.activeElement?.blur(); window.focus(); document.body.focus();`);
      await pressKey(s, "\uE004");
      assert.equal(await s.execute(`return document.activeElement?.textContent;`), "Hoppa till innehållet");
      await pressKey(s, "\uE004");
      assert.equal(await s.execute(`return document.activeElement?.textContent;`), "Start");
      const outline = await s.execute(`return getComputedStyle(document.activeElement).outlineStyle;`);
      assert.equal(outline, "solid", "synlig fokusmarkering");
      await screenshot("fokus-meny");
    },
  },
  {
    name: "säkerhet: CSP stoppar eval, ingen global Tauri-API",
    async run({ session: s }) {
      const evalResult = await s.execute(`try { return String(eval("1 + 1")); } catch (e) { return "blocked"; }`);
      assert.equal(evalResult, "blocked");
      assert.equal(await s.execute(`return typeof window.__TAURI__;`), "undefined");
      const refused = await s.executeAsync(
        `const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke("plugin:dialog|message", { message: "x" }).then(() => done("tillåtet"), (e) => done(String(e)));`,
      );
      assert.match(refused, /not allowed/);
      // The fs plugin is only a crate dependency of the dialog plugin: not registered, no access.
      const fs = await s.executeAsync(
        `const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke("plugin:fs|read_text_file", { path: "/etc/hostname" }).then(() => done("tillåtet"), (e) => done(String(e)));`,
      );
      assert.match(fs, /not allowed|not found/);
    },
  },
];
