import { h } from "../dom";
import { api } from "../ipc";

// Start: open a procurement database, create one, or open the demo. PLACEHOLDER: only the app
// info is wired (app_info); the open/create/demo actions come with the core.
export async function renderStart(): Promise<Node> {
  const info = await api.appInfo();
  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Start"),
    h("p", { class: "lead" }, "Öppna en upphandling, skapa en ny eller öppna demoupphandlingen."),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Program"),
      h("dd", { "data-testid": "app-version" }, `${info.name} ${info.version}`),
      h("dt", {}, "Öppen upphandling"),
      h("dd", { "data-testid": "open-database" }, info.database ?? "Ingen"),
    ),
    h("p", { class: "placeholder-note" }, "Öppna, skapa och demo kopplas till kärnan när dess funktioner är klara."),
  );
}
