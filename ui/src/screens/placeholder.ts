import { h } from "../dom";

/** A screen that exists in the navigation but waits for its core API. */
export function placeholderScreen(title: string, what: string): Node {
  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, title),
    h("p", { class: "lead" }, what),
    h("p", { class: "placeholder-note" }, "Den här vyn kopplas till kärnan när dess funktioner är klara."),
  );
}
