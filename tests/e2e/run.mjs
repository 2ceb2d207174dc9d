// End-to-end tests of the real built app: tauri-driver → WebKitWebDriver → target/debug/anbud-app.
// Run through scripts/e2e.sh (it builds the UI and the app and provides Xvfb). Direct use:
//   WEBKIT_DISABLE_COMPOSITING_MODE=1 xvfb-run -a node tests/e2e/run.mjs
// Env: ANBUD_APP (app binary), TAURI_DRIVER, NATIVE_DRIVER, E2E_OUT (screenshot folder), and
// ANBUD_DB / ANBUD_E2E_* (set by scripts/e2e.sh: a fresh database and the folders the app's
// `choose_*` commands take instead of opening the native file dialogs, granting what is in them).
// Closes with "N passed, M failed"; exits non-zero on any failure.

import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Session } from "./webdriver.mjs";
import { laterSessions, tests } from "./tests.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
const app = resolve(process.env.ANBUD_APP ?? join(targetDir, "debug", "anbud-app"));
const out = resolve(process.env.E2E_OUT ?? join(root, "test-output", "e2e"));
const nativeDriver = process.env.NATIVE_DRIVER ?? "/usr/bin/WebKitWebDriver";
const tauriDriver =
  process.env.TAURI_DRIVER ?? [join(homedir(), ".cargo", "bin", "tauri-driver")].find(existsSync) ?? "tauri-driver";

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitForDriver(base, driver) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (driver.exitCode !== null) throw new Error(`tauri-driver avslutades (kod ${driver.exitCode}); se tauri-driver.log`);
    try {
      const res = await fetch(`${base}/status`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("tauri-driver svarade inte inom 30 s");
}

function stop(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM"); // its process group: tauri-driver and WebKitWebDriver
  } catch {
    child.kill("SIGTERM");
  }
}

async function main() {
  mkdirSync(out, { recursive: true });
  if (!existsSync(app)) throw new Error(`Appen finns inte: ${app} (kör cargo build -p anbud-app)`);
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) throw new Error("Ingen skärm: kör under xvfb-run -a");

  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const log = openSync(join(out, "tauri-driver.log"), "w");
  const driver = spawn(
    tauriDriver,
    ["--port", String(port), "--native-port", String(nativePort), "--native-driver", nativeDriver],
    { stdio: ["ignore", log, log], detached: true },
  );
  const cleanup = () => stop(driver);
  process.on("exit", cleanup);
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

  const base = `http://127.0.0.1:${port}`;
  let passed = 0;
  let failed = 0;
  /** Runs `list` on a new session of the app started with `args`. */
  const runSession = async (args, list) => {
    let session;
    try {
      session = await Session.start(base, { browserName: "wry", "tauri:options": { application: app, args } });
      const ctx = {
        session,
        out,
        targetDir,
        env: process.env,
        /** Saves the app window as out/<name>.png. WebDriver's own screenshot endpoint hangs
         *  with WebKitGTK under Xvfb, so this grabs the X screen (ImageMagick `import`) and crops
         *  it to the window's rectangle. */
        async screenshot(name) {
          const file = join(out, `${name}.png`);
          const { x, y, width, height } = await session.cmd("GET", "/window/rect");
          execFileSync("import", ["-window", "root", "-crop", `${width}x${height}+${x}+${y}`, "+repage", file], {
            timeout: 20_000,
          });
          return file;
        },
        /** The titles of the top-level X windows (the native title bar text). */
        nativeWindowTitles() {
          const tree = execFileSync("xwininfo", ["-root", "-children"], { encoding: "utf8", timeout: 10_000 });
          return [...tree.matchAll(/^\s+0x[0-9a-f]+ "([^"]*)"/gm)].map((m) => m[1]);
        },
      };
      // The tests stand in for the file dialogs with the e2e build's hooks: a normal build has none.
      const e2e = await session.executeAsync(
        `const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke("app_info").then((i) => done(i.e2e), (e) => done(String(e)));`,
      );
      if (e2e !== true) throw new Error(`appen är inte byggd för e2e-testerna (app_info.e2e = ${e2e}): bygg med cargo build -p anbud-app --features e2e`);
      for (const t of list) {
        const started = Date.now();
        try {
          await Promise.race([
            t.run(ctx),
            new Promise((_, fail) => setTimeout(() => fail(new Error("tog mer än 60 s")), 60_000).unref()),
          ]);
          passed++;
          console.log(`ok    ${t.name} (${Date.now() - started} ms)`);
        } catch (e) {
          failed++;
          console.log(`FAIL  ${t.name}: ${e?.stack ?? e}`);
          const slug = t.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
          await ctx.screenshot(`FAIL-${slug}`).catch(() => {});
        }
      }
    } finally {
      if (session) await session.end().catch(() => {});
    }
  };
  try {
    await waitForDriver(base, driver);
    // E2E_ONLY=<regex>: only the tests whose names match (a session with none is not started).
    const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, "i") : null;
    const chosen = (list) => (only ? list.filter((t) => only.test(t.name)) : list);
    if (chosen(tests).length) await runSession([], chosen(tests));
    // WebKitWebDriver allows one session at a time: the app started anew for each.
    for (const later of laterSessions.map((l) => ({ ...l, tests: chosen(l.tests) })).filter((l) => l.tests.length)) {
      console.log(`--    ${later.name}`);
      try {
        await runSession(later.args({ out, targetDir, env: process.env }), later.tests);
      } catch (e) {
        failed++;
        console.log(`FAIL  ${later.name}: ${e?.stack ?? e}`);
      }
    }
  } catch (e) {
    failed++;
    console.log(`FAIL  start av appen/WebDriver: ${e?.stack ?? e}`);
  } finally {
    cleanup();
  }
  console.log(`\nSkärmbilder: ${out}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main().catch((e) => {
  console.log(`FAIL  ${e?.stack ?? e}`);
  console.log("0 passed, 1 failed");
  process.exitCode = 1;
});
