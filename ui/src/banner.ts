// The message banner: errors reach the screen as a visible Swedish message with role="alert"
// (read out by screen readers), never as a blank screen. The code is shown small, for support.

import { h, byId, replaceChildren } from "./dom";
import { toAppError } from "./ipc";

export function showError(error: unknown): void {
  const e = toAppError(error);
  const region = byId("banner");
  const close = h("button", { type: "button", class: "banner-close", onclick: () => clearBanner() }, "Stäng");
  replaceChildren(
    region,
    h(
      "div",
      { class: "banner banner-error", role: "alert", "data-code": e.code },
      h("span", { class: "banner-icon", "aria-hidden": "true" }, "⚠"),
      h(
        "div",
        { class: "banner-text" },
        h("p", { class: "banner-message" }, e.message),
        h("p", { class: "banner-code" }, `Felkod: ${e.code}`),
        e.detail ? h("details", { class: "banner-detail" }, h("summary", {}, "Teknisk information"), h("p", { lang: "en" }, e.detail)) : null,
      ),
      close,
    ),
  );
}

export function showNotice(message: string): void {
  replaceChildren(byId("banner"), h("div", { class: "banner banner-info", role: "status" }, h("p", {}, message)));
}

let queued: string | null = null;

/** A notice to show once the next screen has rendered (navigating clears the banner). */
export function queueNotice(message: string): void {
  queued = message;
}

/** Shows the queued notice, if any (the router calls this after each render). */
export function flushQueuedNotice(): void {
  if (queued !== null) showNotice(queued);
  queued = null;
}

export function clearBanner(): void {
  replaceChildren(byId("banner"));
}

/** Anything that escapes a screen ends up in the banner too. */
export function installGlobalErrorHandlers(): void {
  window.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    showError(event.reason);
  });
  window.addEventListener("error", (event) => {
    showError(event.error ?? event.message);
  });
}
