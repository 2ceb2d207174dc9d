// A small W3C WebDriver client on Node's fetch: enough to drive the Tauri window through
// tauri-driver → WebKitWebDriver. No npm dependencies, nothing to download.
// Spec: https://www.w3.org/TR/webdriver2/

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {
  constructor(status, error, message) {
    super(`${error ?? "webdriver"} (${status}): ${message}`);
    this.status = status;
    this.error = error;
  }
}

export class Session {
  /** @param {string} base e.g. http://127.0.0.1:4444  @param {string} id */
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Starts a session; `capabilities` goes into alwaysMatch. */
  static async start(base, capabilities, { timeoutMs = 60_000 } = {}) {
    const value = await request(base, "POST", "/session", { capabilities: { alwaysMatch: capabilities } }, timeoutMs);
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async end() {
    await this.cmd("DELETE", "");
  }

  title() {
    return this.cmd("GET", "/title");
  }

  url() {
    return this.cmd("GET", "/url");
  }

  /** Navigates inside the app by script (the app's URL scheme is the webview's own). */
  async setHash(hash) {
    await this.execute("window.location.hash = arguments[0];", [hash]);
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs `script` with a callback as its last argument; resolves with what it passes. */
  executeAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  async find(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return new Element(this, value[ELEMENT]);
  }

  async findAll(css) {
    const values = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return values.map((v) => new Element(this, v[ELEMENT]));
  }

  /** The currently focused element. */
  async active() {
    const value = await this.cmd("GET", "/element/active");
    return new Element(this, value[ELEMENT]);
  }

  /** Sends keys to the focused element (e.g. "\uE004" = Tab). */
  async keys(text) {
    const el = await this.active();
    await el.type(text);
  }

  /** PNG bytes of the window. NB: hangs with WebKitWebDriver under Xvfb; run.mjs uses
   *  ImageMagick's `import` instead. */
  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }

  /** Polls `fn` until it returns a truthy value (returned) or throws after the timeout. */
  async waitFor(what, fn, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
    const until = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > until) throw new Error(`Väntade förgäves på ${what}${last ? `: ${last.message}` : ""}`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /** Waits for an element matching `css` and returns it. */
  waitForElement(css, opts) {
    return this.waitFor(`"${css}"`, async () => (await this.findAll(css))[0], opts);
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }
  cmd(method, path, body) {
    return this.session.cmd(method, `/element/${this.id}${path}`, body);
  }
  text() {
    return this.cmd("GET", "/text");
  }
  attribute(name) {
    return this.cmd("GET", `/attribute/${encodeURIComponent(name)}`);
  }
  property(name) {
    return this.cmd("GET", `/property/${encodeURIComponent(name)}`);
  }
  click() {
    return this.cmd("POST", "/click", {});
  }
  type(text) {
    return this.cmd("POST", "/value", { text });
  }
  async find(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return new Element(this.session, value[ELEMENT]);
  }
  async findAll(css) {
    const values = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return values.map((v) => new Element(this.session, v[ELEMENT]));
  }
}

async function request(base, method, path, body, timeoutMs = 30_000) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(res.status, "invalid response", text.slice(0, 500));
  }
  if (!res.ok || (json.value && json.value.error)) {
    throw new WebDriverError(res.status, json.value?.error, json.value?.message ?? text.slice(0, 500));
  }
  return json.value;
}

export const Key = { TAB: "\uE004", ENTER: "\uE007", SHIFT: "\uE008" };
