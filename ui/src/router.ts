// Hash routing (#/oversikt?status=needs_review): works from the embedded assets with no server.

import { h, byId, replaceChildren } from "./dom";
import { clearBanner, flushQueuedNotice, showError } from "./banner";

export interface Screen {
  /** The hash path, e.g. "oversikt". */
  path: string;
  /** The navigation label and the screen's heading. */
  label: string;
  render(params: URLSearchParams): Node | Promise<Node>;
}

export interface Route {
  path: string;
  params: URLSearchParams;
}

export function parseHash(hash: string, fallback: string): Route {
  const raw = hash.replace(/^#\/?/, "");
  const [path = "", query = ""] = raw.split("?", 2);
  return { path: path || fallback, params: new URLSearchParams(query) };
}

export function hrefFor(path: string, params?: Record<string, string>): string {
  const query = params ? new URLSearchParams(params).toString() : "";
  return `#/${path}${query ? "?" + query : ""}`;
}

export function navigate(path: string, params?: Record<string, string>): void {
  window.location.hash = hrefFor(path, params);
}

export function startRouter(screens: Screen[]): void {
  const nav = byId("nav");
  const main = byId("innehall");
  const list = h("ul", { class: "nav-list" });
  const links = new Map<string, HTMLAnchorElement>();
  for (const s of screens) {
    const a = h("a", { href: hrefFor(s.path), class: "nav-link", "data-screen": s.path }, s.label);
    links.set(s.path, a);
    list.appendChild(h("li", {}, a));
  }
  replaceChildren(nav, list);

  let generation = 0;
  let first = true;
  const render = async (): Promise<void> => {
    const route = parseHash(window.location.hash, screens[0]?.path ?? "");
    const screen = screens.find((s) => s.path === route.path) ?? screens[0];
    if (!screen) return;
    const mine = ++generation;
    for (const [path, a] of links) {
      if (path === screen.path) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    document.title = `${screen.label} – Anbud`;
    main.setAttribute("data-screen", screen.path);
    main.setAttribute("aria-busy", "true");
    clearBanner();
    let content: Node;
    try {
      content = await screen.render(route.params);
    } catch (error) {
      showError(error);
      content = h("h1", {}, screen.label);
    }
    if (mine !== generation) return; // a later navigation won
    replaceChildren(main, content);
    main.removeAttribute("aria-busy");
    flushQueuedNotice();
    // Move focus to the new content for keyboard and screen-reader users (not on first load).
    if (!first) main.focus();
    first = false;
  };
  // Only "#/…" hashes are routes; a plain "#id" (the skip link) is left to the browser.
  window.addEventListener("hashchange", () => {
    if (window.location.hash === "" || window.location.hash.startsWith("#/")) void render();
  });
  void render();
}
