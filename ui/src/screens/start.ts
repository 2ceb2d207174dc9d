import { h } from "../dom";
import { api } from "../ipc";
import { queueNotice, showError, showNotice } from "../banner";
import { DATABASE_FILTER, pickFile, saveAs } from "../dialogs";
import { refreshContext } from "../app-context";
import { navigate } from "../router";
import { count } from "../format";
import type { Opened } from "../bindings/Opened";
import type { ProcurementSummary } from "../bindings/ProcurementSummary";

// Start: open a procurement database (Open dialog or the recent list), create a new one, open
// the demo, choose a procurement in the open database, save a copy.
export async function renderStart(): Promise<Node> {
  const [info, recent] = await Promise.all([api.appInfo(), api.recentFiles()]);
  const rerender = () => navigate("start", { t: String(Date.now()) });

  const after = async (action: () => Promise<Opened>, next: string | null) => {
    try {
      const opened = await action();
      await refreshContext();
      queueNotice(
        opened.procurements.length === 0
          ? `Databasen ${opened.path} är öppen. Den har ingen upphandling ännu: lägg in en definition under Upphandling.`
          : `Öppnade ${opened.path}: ${count(opened.procurements.length, "upphandling", "upphandlingar")}.`,
      );
      if (next && opened.procurements.length > 0) navigate(next);
      else if (opened.procurements.length === 0) navigate("upphandling");
      else rerender();
    } catch (e) {
      showError(e);
    }
  };

  const openButton = h(
    "button",
    {
      type: "button",
      id: "open-database",
      onclick: async () => {
        const path = await pickFile("Öppna upphandlingsdatabas", [DATABASE_FILTER]).catch(showError);
        if (path) await after(() => api.openDatabase(path), null);
      },
    },
    "Öppna databas…",
  );
  const newButton = h(
    "button",
    {
      type: "button",
      id: "new-database",
      onclick: async () => {
        const path = await saveAs("Ny upphandlingsdatabas", info.default_database).catch(showError);
        if (path) await after(() => api.createDatabase(path), "upphandling");
      },
    },
    "Ny databas…",
  );
  const demoButton = h(
    "button",
    { type: "button", id: "open-demo", class: "primary", onclick: () => after(() => api.openDemo(), "oversikt") },
    "Öppna demoupphandlingen",
  );
  const backupButton = h(
    "button",
    {
      type: "button",
      id: "backup",
      disabled: !info.database,
      onclick: async () => {
        try {
          const name = `kopia-${new Date().toISOString().slice(0, 10)}.sqlite`;
          const e2e = await api.e2ePaths(`save:${name}`);
          const path = e2e?.[0] ?? (await saveAs("Spara en kopia av databasen", name));
          if (!path) return;
          const written = await api.backupDatabase(path);
          showNotice(`En kopia av databasen är sparad: ${written}`);
        } catch (e) {
          showError(e);
        }
      },
    },
    "Spara en kopia…",
  );

  const current = h(
    "section",
    { "aria-labelledby": "oppen-rubrik", class: "panel" },
    h("h2", { id: "oppen-rubrik" }, "Öppen nu"),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Databas"),
      h("dd", { "data-testid": "open-database" }, info.database ?? "Ingen"),
      h("dt", {}, "Upphandling"),
      h("dd", { "data-testid": "open-procurement" }, info.procurement ? `${info.procurement.name} (dnr ${info.procurement.id})` : "Ingen"),
      ...(info.procurement
        ? [h("dt", {}, "Leverantörer"), h("dd", {}, count(info.procurement.suppliers, "anbud som gäller", "anbud som gäller"))]
        : []),
    ),
    procurementChooser(info.procurements, info.procurement?.id ?? null),
    h("p", { class: "actions" }, backupButton),
  );

  const recentList =
    recent.length === 0
      ? h("p", {}, "Inga ännu.")
      : h(
          "ul",
          { class: "plain-list recent-list" },
          ...recent.map((r) =>
            h(
              "li",
              {},
              h(
                "button",
                { type: "button", class: "link-button", disabled: !r.exists, onclick: () => after(() => api.openDatabase(r.path), null) },
                r.path,
              ),
              r.exists ? null : h("span", { class: "muted" }, " (filen finns inte längre)"),
            ),
          ),
        );

  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Start"),
    h("p", { class: "lead" }, "Öppna en upphandling, skapa en ny databas eller öppna demoupphandlingen. Allt sparas i en SQLite-fil."),
    h("p", { class: "actions" }, demoButton, openButton, newButton),
    current,
    h("section", { "aria-labelledby": "senaste-rubrik", class: "panel" }, h("h2", { id: "senaste-rubrik" }, "Senast öppnade"), recentList),
    h(
      "dl",
      { class: "facts small" },
      h("dt", {}, "Program"),
      h("dd", { "data-testid": "app-version" }, `${info.name} ${info.version}`),
      h("dt", {}, "Standarddatabas"),
      h("dd", {}, info.default_database),
    ),
  );
}

function procurementChooser(list: ProcurementSummary[], selected: string | null): Node | null {
  if (list.length < 2) return null;
  const select = h(
    "select",
    {
      id: "choose-procurement",
      onchange: async (e: Event) => {
        try {
          await api.selectProcurement((e.target as HTMLSelectElement).value);
          await refreshContext();
          navigate("start", { t: String(Date.now()) });
        } catch (err) {
          showError(err);
        }
      },
    },
    ...list.map((p) => h("option", { value: p.id, selected: p.id === selected }, `${p.name} (${p.id})`)),
  );
  return h("div", { class: "field" }, h("label", { for: "choose-procurement" }, "Välj upphandling"), select);
}
