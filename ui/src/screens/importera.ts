import { listen } from "@tauri-apps/api/event";
import { h } from "../dom";
import { tag } from "../dom";
import { count, formatInteger } from "../format";
import { api, inTauri } from "../ipc";
import { showError, showNotice } from "../banner";
import { pickFiles, saveAs, type Grant } from "../dialogs";
import { baseName, fileResultLabel } from "../labels";
import { hrefFor } from "../router";
import type { ImportReport } from "../bindings/ImportReport";
import type { FileResult } from "../bindings/FileResult";
import type { MappingReport } from "../bindings/MappingReport";
import type { DropEvent } from "../bindings/DropEvent";

// Importera anbud: pick (or drop) many workbooks and ESPD responses; a progress bar; per file the
// result, with each error of a rejected file as sheet, cell and message. Each workbook is stored
// whole or not at all (the core's guarantee). An ESPD response (.xml) is paired with the workbook
// of the same organisation number; each one's mapping report (what was read, what is carried over
// to which requirement, what is not) and the unpaired ones are shown under the table. Also: the
// blank bid workbook, via Save as….
export async function renderImportera(): Promise<Node> {
  const info = await api.appInfo();
  if (!info.procurement) {
    return h(
      "section",
      { "aria-labelledby": "rubrik" },
      h("h1", { id: "rubrik" }, "Importera anbud"),
      h("p", { class: "lead" }, "Öppna en upphandling under Start först."),
    );
  }
  const progress = h("progress", { id: "import-progress", max: 1, value: 0, "aria-describedby": "import-status" });
  const status = h("p", { id: "import-status", class: "muted", "aria-live": "polite" }, "Ingen import pågår.");
  const results = h("div", { id: "import-results" });
  let busy = false;

  const run = async (files: Grant[], note: string | null = null) => {
    if (busy || files.length === 0) return;
    busy = true;
    pick.disabled = true;
    progress.max = files.length;
    progress.value = 0;
    status.textContent = `Läser ${count(files.length, "fil", "filer")}…`;
    try {
      const report = await api.importBids(files, (p) => {
        progress.max = p.total;
        progress.value = p.done;
        status.textContent = p.done < p.total ? `Fil ${formatInteger(p.done + 1)} av ${formatInteger(p.total)}: ${baseName(p.file)}` : "Prövar anbuden…";
      });
      progress.value = progress.max;
      status.textContent = `Klart: ${count(report.files.length, "fil", "filer")} lästa.`;
      results.replaceChildren(reportView(report));
      showNotice(`Importen är klar: ${importSummary(report)}.${note ? ` ${note}` : ""}`);
    } catch (e) {
      status.textContent = "Importen avbröts.";
      showError(e);
    } finally {
      busy = false;
      pick.disabled = false;
    }
  };

  const pick = h(
    "button",
    {
      type: "button",
      id: "pick-workbooks",
      class: "primary",
      onclick: async () => {
        try {
          // (End-to-end tests cannot drive the native dialog: in their build ANBUD_E2E_IMPORT_DIR
          // stands in for it, on the Rust side.)
          await run(await pickFiles("workbook"));
        } catch (e) {
          showError(e);
        }
      },
    },
    "Välj anbudsfiler…",
  );

  const drop = h(
    "div",
    { class: "drop-zone", id: "drop-zone" },
    h(
      "p",
      {},
      h("span", { "aria-hidden": "true" }, "⇩ "),
      "Eller släpp anbudsfiler (.xlsx, .xls, .ods) och ESPD-svar (.xml) var som helst i fönstret.",
    ),
  );
  if (inTauri()) {
    // The window's drop is handled in Rust: the bid workbooks dropped come as grants, what was
    // not taken (a folder, another kind of file) with the reason; never a path.
    listen<DropEvent>("anbud-drop", (event) => {
      if (!document.body.contains(drop)) return;
      onDrop(event.payload, drop, run);
    })
      .then((unlisten) => stopWhenLeft(drop, unlisten))
      .catch(() => drop.replaceChildren(h("p", {}, "Att släppa filer fungerar inte här; välj filerna med knappen.")));
  }

  const template = h(
    "button",
    {
      type: "button",
      id: "save-template",
      onclick: async () => {
        try {
          const name = await api.templateFileName();
          // (An end-to-end build saves into ANBUD_E2E_SAVE_DIR instead of opening the dialog.)
          const file = await saveAs("workbook", name);
          if (!file) return;
          showNotice(`Anbudsformuläret är sparat: ${await api.saveTemplate(file)}`);
        } catch (e) {
          showError(e);
        }
      },
    },
    "Spara anbudsformuläret som…",
  );

  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Importera anbud"),
    h(
      "p",
      { class: "lead" },
      `${info.procurement.name} · dnr ${info.procurement.id}. Varje arbetsbok läses hel; en fil med fel sparas inte alls. Ett ESPD-svar (.xml) läses in tillsammans med anbudsgivarens arbetsbok och paras med den genom organisationsnumret.`,
    ),
    h("p", { class: "actions" }, pick),
    drop,
    h("div", { class: "field progress-field" }, h("label", { for: "import-progress" }, "Förlopp"), progress),
    status,
    results,
    h(
      "section",
      { class: "subsection", "aria-labelledby": "mall-rubrik" },
      h("h2", { id: "mall-rubrik" }, "Anbudsformulär"),
      h("p", {}, "Det tomma formuläret som anbudsgivarna fyller i, med upphandlingens frågor, anbudsområden och zoner."),
      h("p", { class: "actions" }, template),
    ),
  );
}

/** What a drag over the window does on the import screen: highlights the drop zone while files
 *  are over it; on a drop, says what was not taken and why, and imports the grants. */
export function onDrop(event: DropEvent, zone: Element, run: (files: Grant[], note: string | null) => unknown): void {
  if (event.phase === "hover") zone.classList.add("drop-active");
  else zone.classList.remove("drop-active");
  if (event.phase !== "drop") return;
  const note = refusedText(event);
  if (event.grants.length === 0) {
    if (note) showError({ code: "not_a_file", message: note });
    return;
  }
  void run(event.grants, note);
}

/** What was dropped but not taken, and why, in one sentence; null when everything was taken. */
export function refusedText(event: Pick<DropEvent, "refused">): string | null {
  if (event.refused.length === 0) return null;
  const why = event.refused.map((r) => `${r.name}: ${r.reason}`).join("; ");
  return `${count(event.refused.length, "släppt sak lästes", "släppta saker lästes")} inte in (${why}). Bara arbetsböcker (.xlsx, .xls, .ods) och ESPD-svar (.xml) kan släppas, inte en mapp.`;
}

/** Calls `stop` once `element` has left the document (the screen was left), checking after
 *  each navigation; then removes its own listener. */
export function stopWhenLeft(element: Element, stop: () => void): void {
  const check = () =>
    setTimeout(() => {
      if (!element.isConnected) {
        stop();
        window.removeEventListener("hashchange", check);
      }
    }, 0);
  window.addEventListener("hashchange", check);
}

/** "1 inläst, 15 redan inlästa, 1 ersatt, 1 avvisad": the files per result, in that order. */
export function importSummary(report: Pick<ImportReport, "files">): string {
  const words: [string, string, string][] = [
    ["imported", "inläst", "inlästa"],
    ["unchanged", "redan inläst", "redan inlästa"],
    ["replaced", "ersatt", "ersatta"],
    ["ambiguous", "tvetydig", "tvetydiga"],
    ["rejected", "avvisad", "avvisade"],
    ["espd", "ESPD-svar parat", "ESPD-svar parade"],
  ];
  const parts = words
    .map(([result, one, many]) => {
      const n = report.files.filter((f) => f.result === result).length;
      return n === 0 ? null : `${formatInteger(n)} ${n === 1 ? one : many}`;
    })
    .filter((x): x is string => x !== null);
  return parts.length ? parts.join(", ") : "inga filer";
}

/** The ESPD files of an import: a paired one's file result is `espd`; an unpaired or refused one
 *  is rejected, with its report when it could be read. Known by the report, or by the extension. */
export function espdFiles(report: Pick<ImportReport, "files">): FileResult[] {
  return report.files.filter((f) => f.result === "espd" || f.espd != null || /\.xml$/i.test(f.file));
}

/** Pairing and mapping, per ESPD file: paired with which workbook, or why not; what was read;
 *  what is carried over to which requirement; what is not. */
export function espdSection(files: FileResult[]): Node | null {
  if (files.length === 0) return null;
  const paired = files.filter((f) => f.result === "espd");
  const unpaired = files.filter((f) => f.result !== "espd");
  return h(
    "section",
    { class: "subsection", "aria-labelledby": "espd-rubrik", "data-testid": "espd-pairing" },
    h("h2", { id: "espd-rubrik" }, "ESPD-svar"),
    h(
      "p",
      {},
      `${count(paired.length, "ESPD-svar parat", "ESPD-svar parade")} med sin arbetsbok, ${count(unpaired.length, "utan arbetsbok eller avvisat", "utan arbetsbok eller avvisade")}.`,
    ),
    unpaired.length
      ? h(
          "div",
          { class: "warnings", role: "note", "aria-label": "ESPD-svar som inte parats", "data-testid": "espd-unpaired" },
          h("h3", {}, h("span", { "aria-hidden": "true" }, "⚠ "), "Inte parade"),
          h(
            "ul",
            {},
            ...unpaired.map((f) => h("li", { "data-file": baseName(f.file) }, h("strong", {}, baseName(f.file)), ": ", f.errors.map((e) => e.message).join(" "))),
          ),
        )
      : null,
    ...files.filter((f) => f.espd).map((f) => mappingView(f, f.espd as MappingReport)),
  );
}

function mappingView(f: FileResult, m: MappingReport): Node {
  const name = baseName(f.file);
  return h(
    "details",
    { class: "espd-report", "data-file": name, open: f.result === "espd" ? true : undefined },
    h("summary", {}, `${name}: ${m.document} · ${m.economic_operator}`),
    h("p", {}, f.result === "espd" ? f.message : "Inte parat; inget förs över."),
    h("h3", {}, "Läst"),
    h("ul", {}, ...m.read.map((line) => h("li", {}, line))),
    h("h3", {}, `Överförs till kravkatalogen (${m.carried.length})`),
    m.carried.length
      ? h(
          "table",
          { class: "data-table espd-carried" },
          h("caption", { class: "visually-hidden" }, `Vad ${name} för över till vilket krav`),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Källa"), h("th", { scope: "col" }, "Krav"), h("th", { scope: "col" }, "ESPD-svaret anger"))),
          h(
            "tbody",
            {},
            ...m.carried.map((c) =>
              h("tr", { "data-requirement": c.requirement.split(" ")[0] }, h("th", { scope: "row", title: c.criterion }, c.source), h("td", {}, c.requirement), h("td", {}, c.value)),
            ),
          ),
        )
      : h("p", { class: "muted" }, "Inget."),
    h(
      "details",
      { class: "espd-not-carried" },
      h("summary", {}, `Överförs inte (${m.not_carried.length})`),
      h("ul", {}, ...m.not_carried.map((n) => h("li", {}, `${n.what}: ${n.why}`))),
    ),
  );
}

function reportView(report: ImportReport): Node {
  const c = report.counts;
  return h(
    "section",
    { "aria-labelledby": "resultat-rubrik", "data-testid": "import-report" },
    h("h2", { id: "resultat-rubrik" }, "Resultat per fil"),
    h(
      "p",
      {},
      `Efter importen: ${formatInteger(c.qualified)} kvalificerade, ${formatInteger(c.not_qualified)} ej kvalificerade, ${formatInteger(c.needs_review)} behöver granskas, ${formatInteger(c.not_evaluated)} filer prövas inte. `,
      h("a", { href: hrefFor("oversikt") }, "Till översikten"),
    ),
    h(
      "table",
      { class: "data-table import-table" },
      h("caption", { class: "visually-hidden" }, "Resultat per fil"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Fil"), h("th", { scope: "col" }, "Resultat"), h("th", { scope: "col" }, "Meddelande"))),
      h(
        "tbody",
        {},
        ...report.files.map((f) =>
          h(
            "tr",
            { "data-result": f.result, "data-file": baseName(f.file) },
            h("th", { scope: "row", title: f.file }, baseName(f.file)),
            h("td", {}, tag(fileResultLabel(f.result))),
            h(
              "td",
              {},
              f.errors.length === 0
                ? f.message
                : h(
                    "table",
                    { class: "error-table" },
                    h("caption", {}, f.message),
                    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Blad"), h("th", { scope: "col" }, "Cell"), h("th", { scope: "col" }, "Fel"))),
                    h(
                      "tbody",
                      {},
                      ...f.errors.map((e) => h("tr", {}, h("td", {}, e.sheet ?? "–"), h("td", {}, e.cell ?? "–"), h("td", {}, e.message))),
                    ),
                  ),
            ),
          ),
        ),
      ),
    ),
    espdSection(espdFiles(report)),
  );
}
