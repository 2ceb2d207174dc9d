import { listen } from "@tauri-apps/api/event";
import { h, replaceChildren, svg } from "../dom";
import { formatDecimal, formatInteger, formatSek, parseSwedishDecimal } from "../format";
import { api, inTauri } from "../ipc";
import { clearBanner, showError, showNotice } from "../banner";
import { pickFile, saveAs, type Grant } from "../dialogs";
import { onDrop, stopWhenLeft } from "./importera";
import { chartBars, changeText, withChange } from "../forecast-model";
import type { Change } from "../bindings/Change";
import type { DropEvent } from "../bindings/DropEvent";
import type { ForecastView } from "../bindings/ForecastView";
import type { Projection } from "../bindings/Projection";
import type { WhatIf } from "../bindings/WhatIf";

// Kostnadsprognos (the coordinator): a file of expected hours (the projection template filled in)
// gives per region the projected yearly cost against its personnel cost and the 2 % indicator,
// as a chart and a table, and per lot and zone below. The what-if moves a region or a workplace
// to another zone, or changes a zone's factor, on a copy: the definition is untouched until the
// coordinator saves the changes (as an amendment once bids are received).
export async function renderKostnadsprognos(): Promise<Node> {
  const root = h("section", { "aria-labelledby": "rubrik" });
  const body = h("div", { id: "forecast" });
  let changes: Change[] = [];
  let year: number | null = null;

  const show = (view: ForecastView | null): void => {
    if (!view) {
      replaceChildren(body, h("p", { "data-testid": "forecast-empty" }, "Välj ett ifyllt underlag med förväntade timmar och regionernas personalkostnader. Ett tomt underlag sparas med Spara underlaget som…."));
      return;
    }
    year = view.year;
    replaceChildren(body, ...forecastView(view, changes, { onChange: update, onSaved: saved }));
  };
  const update = async (next: Change[], nextYear: number | null = year): Promise<void> => {
    try {
      clearBanner();
      const view = await api.forecast(nextYear, next);
      changes = next;
      show(view);
    } catch (e) {
      showError(e);
    }
  };
  const saved = async (): Promise<void> => {
    changes = [];
    await update([]);
  };

  const open = async (file: Grant | null): Promise<void> => {
    if (!file) return;
    try {
      clearBanner();
      changes = [];
      show(await api.openForecastInput(file));
    } catch (e) {
      showError(e);
    }
  };
  const choose = h("button", { type: "button", id: "choose-forecast-input", class: "primary" }, "Välj underlag…");
  // (An end-to-end build opens ANBUD_E2E_PROJECTION_FILE instead of the dialog.)
  choose.onclick = async () => open(await pickFile("projection_input").catch((e: unknown) => (showError(e), null)));
  const drop = h("p", { class: "drop-zone", id: "forecast-drop" }, h("span", { "aria-hidden": "true" }, "⇩ "), "Eller släpp ett ifyllt underlag (.xlsx) var som helst i fönstret.");
  if (inTauri()) {
    // A workbook dropped on the window comes as a grant (Rust handles the drop); the first is read.
    listen<DropEvent>("anbud-drop", (event) => {
      if (!document.body.contains(drop)) return;
      onDrop(event.payload, drop, (files) => open(files[0] ?? null));
    })
      .then((unlisten) => stopWhenLeft(drop, unlisten))
      .catch(() => drop.replaceChildren(h("span", {}, "Att släppa filer fungerar inte här; välj filen med knappen.")));
  }
  const template = h("button", { type: "button", id: "save-projection-template" }, "Spara underlaget som…");
  template.onclick = async () => {
    try {
      const file = await saveAs("projection_input", await api.projectionTemplateFileName());
      if (!file) return;
      showNotice(`Underlaget för kostnadsprognos är sparat: ${await api.saveProjectionTemplate(file)}`);
    } catch (e) {
      showError(e);
    }
  };

  replaceChildren(
    root,
    h("h1", { id: "rubrik" }, "Kostnadsprognos"),
    h(
      "p",
      { class: "lead" },
      "Avtalets beräknade kostnad per år ur förväntade timmar per region och anbudsområde, mot indikatorn att inhyrd personal ska kosta högst 2 % av regionens personalkostnad i hälso- och sjukvården.",
    ),
    h("p", { class: "actions" }, choose, " ", template),
    drop,
    body,
  );
  show(await api.forecast(null, []));
  return root;
}

interface Handlers {
  onChange: (changes: Change[], year?: number | null) => Promise<void>;
  onSaved: () => Promise<void>;
}

function forecastView(v: ForecastView, changes: Change[], on: Handlers): Node[] {
  const p = v.what_if?.projection ?? v.projection;
  const yearInput = h("input", { id: "forecast-year", type: "number", min: "1900", max: "2200", value: String(v.year), class: "short" });
  yearInput.onchange = () => void on.onChange(changes, Number(yearInput.value));
  return [
    h(
      "p",
      { "data-testid": "forecast-source" },
      `Underlag: ${v.input_name}. `,
      h("label", { for: "forecast-year" }, "År "),
      yearInput,
      changes.length ? h("strong", {}, " · med ändringarna nedan (inte sparade)") : null,
    ),
    p.warnings.length ? h("ul", { class: "warnings" }, ...p.warnings.map((w) => h("li", {}, w))) : null,
    h("h2", { id: "per-region" }, "Per region"),
    h("div", { class: "forecast-grid" }, chart(p), h("div", { class: "forecast-table" }, regionTable(p))),
    h("h2", {}, "Per zon"),
    zoneTable(p),
    h("h2", {}, "Per anbudsområde och zon"),
    lotZoneTable(v),
    whatIf(v, changes, on),
  ].filter((n): n is HTMLElement => n !== null);
}

function chart(p: Projection): Node {
  const { bars, line, top } = chartBars(p.regions, p.indicator_percent);
  const W = Math.max(320, bars.length * 34 + 40);
  const H = 220;
  const bottom = 40;
  const left = 36;
  const slot = (W - left) / Math.max(1, bars.length);
  const barW = Math.min(24, slot * 0.7);
  const y = (fraction: number): number => (H - bottom) * (1 - fraction);
  const above = bars.filter((b) => b.above);
  const label =
    `Andel av personalkostnaden per region, ${bars.length} regioner, med ${formatDecimal(p.indicator_percent, 1)} %-linjen. ` +
    (above.length ? `Över indikatorn: ${above.map((b) => `${b.name} ${formatDecimal(b.share, 2)} %`).join(", ")}.` : "Ingen region är över indikatorn.");
  return h(
    "figure",
    { class: "chart forecast-chart", "data-testid": "forecast-chart" },
    svg(
      "svg",
      { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": label },
      svg("text", { x: 0, y: 12, class: "chart-label" }, `${formatDecimal(top, 1)} %`),
      svg("line", { x1: left, y1: H - bottom, x2: W, y2: H - bottom, class: "chart-axis" }),
      ...bars.flatMap((b, i) => {
        const x = left + i * slot + (slot - barW) / 2;
        return [
          svg("rect", { x, y: y(b.height), width: barW, height: H - bottom - y(b.height), class: b.above ? "chart-bar over" : "chart-bar", "data-region": b.code }),
          b.above ? svg("text", { x: x + barW / 2, y: y(b.height) - 4, class: "chart-value over", "text-anchor": "middle" }, "▲") : svg("g", {}),
          svg("text", { x: x + barW / 2, y: H - bottom + 14, class: "chart-label", "text-anchor": "middle" }, b.code),
        ];
      }),
      svg("line", { x1: left, y1: y(line), x2: W, y2: y(line), class: "chart-indicator", "data-testid": "indicator-line" }),
      svg("text", { x: W - 4, y: y(line) - 4, class: "chart-label", "text-anchor": "end" }, `${formatDecimal(p.indicator_percent, 1)} %`),
    ),
    h("figcaption", {}, "Andel av regionens personalkostnad (räknad för de dagar regionen deltar), per länskod. ▲ och röd stapel: över indikatorn."),
  );
}

function regionTable(p: Projection): Node {
  return h(
    "table",
    { class: "data-table compact", "data-testid": "forecast-regions" },
    h("caption", {}, `Per region, ${p.year}`),
    h("thead", {}, h("tr", {}, ...["Region", "Zon", "Timmar", "Kostnad", "Personalkostnad", "Andel", "Indikatorn"].map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      ...p.regions.map((r) =>
        h(
          "tr",
          { "data-region": r.code, class: r.above_indicator ? "over" : "" },
          h("th", { scope: "row" }, `${r.code} ${r.name}`),
          h("td", { class: "num" }, r.zone === null ? "–" : String(r.zone)),
          h("td", { class: "num" }, formatInteger(Math.round(Number(r.counted_hours)))),
          h("td", { class: "num" }, formatSek(r.value, 0)),
          h("td", { class: "num" }, r.counted_personnel_cost === null ? "–" : formatSek(r.counted_personnel_cost, 0)),
          h("td", { class: "num" }, r.share_percent === null ? "–" : `${formatDecimal(r.share_percent, 2)} %`),
          h("td", { "data-testid": "indicator" }, r.above_indicator === null ? "–" : r.above_indicator ? "✗ Över" : "✓ Under"),
        ),
      ),
    ),
    h(
      "tfoot",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "row" }, "Totalt"),
        h("td", {}),
        h("td", { class: "num" }, formatInteger(Math.round(Number(p.total.counted_hours)))),
        h("td", { class: "num", "data-testid": "total-value" }, formatSek(p.total.value, 0)),
        h("td", { class: "num" }, p.total.counted_personnel_cost === null ? "–" : formatSek(p.total.counted_personnel_cost, 0)),
        h("td", { class: "num" }, p.total.share_percent === null ? "–" : `${formatDecimal(p.total.share_percent, 2)} %`),
        h("td", {}, p.total.above_indicator === null ? "–" : p.total.above_indicator ? "✗ Över" : "✓ Under"),
      ),
    ),
  );
}

function zoneTable(p: Projection): Node {
  return h(
    "table",
    { class: "data-table compact", "data-testid": "forecast-zones" },
    h("thead", {}, h("tr", {}, ...["Zon", "Timmar", "Kostnad"].map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      ...p.zones.map((z) =>
        h("tr", {}, h("th", { scope: "row" }, `Zon ${z.number} ${z.name}`), h("td", { class: "num" }, formatInteger(Math.round(Number(z.counted_hours)))), h("td", { class: "num" }, formatSek(z.value, 0))),
      ),
    ),
  );
}

function lotZoneTable(v: ForecastView): Node {
  return h(
    "table",
    { class: "data-table compact", "data-testid": "forecast-lots" },
    h("thead", {}, h("tr", {}, ...["Anbudsområde", "Zon", "Timmar", "Kostnad"].map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      ...v.by_lot_zone.map((l) =>
        h("tr", {}, h("th", { scope: "row" }, l.lot), h("td", { class: "num" }, String(l.zone)), h("td", { class: "num" }, formatInteger(Math.round(Number(l.counted_hours)))), h("td", { class: "num" }, formatSek(l.value, 0))),
      ),
    ),
  );
}

function select(id: string, label: string, options: [string, string][]): { wrap: HTMLElement; el: HTMLSelectElement } {
  const el = h("select", { id }, ...options.map(([value, text]) => h("option", { value }, text)));
  return { el, wrap: h("div", { class: "field-stack" }, h("label", { for: id }, label), el) };
}

function whatIf(v: ForecastView, changes: Change[], on: Handlers): Node {
  const regionName = (code: string): string => v.regions.find(([c]) => c === code)?.[1] ?? code;
  const zones: [string, string][] = v.zones.map(([n]) => [String(n), `Zon ${n}`]);
  const region = select("whatif-region", "Region", v.regions.map(([code, name, zone]) => [code, `${code} ${name} (zon ${zone ?? "–"})`]));
  const regionZone = select("whatif-region-zone", "Till zon", zones);
  const moveRegion = h("button", { type: "button", id: "whatif-move-region" }, "Flytta regionen");
  moveRegion.onclick = () => void on.onChange(withChange(changes, { kind: "move_region", region: region.el.value, zone: Number(regionZone.el.value) }));

  const workplace = select(
    "whatif-workplace",
    "Arbetsplats",
    v.workplaces.map(([name, code, zone], i) => [String(i), `${name} (${regionName(code)}, zon ${zone ?? "–"})`]),
  );
  const workplaceZone = select("whatif-workplace-zone", "Till zon", zones);
  const moveWorkplace = h("button", { type: "button", id: "whatif-move-workplace", disabled: v.workplaces.length === 0 }, "Flytta arbetsplatsen");
  moveWorkplace.onclick = () => {
    const w = v.workplaces[Number(workplace.el.value)];
    if (w) void on.onChange(withChange(changes, { kind: "move_workplace", name: w[0], region: w[1], zone: Number(workplaceZone.el.value) }));
  };

  const factorZone = select("whatif-factor-zone", "Zon", v.zones.map(([n, f]) => [String(n), `Zon ${n} (faktor ${f === null ? "–" : f.replace(".", ",")})`]));
  const factor = h("input", { id: "whatif-factor", type: "text", inputmode: "decimal", class: "short" });
  const setFactor = h("button", { type: "button", id: "whatif-set-factor", disabled: !v.factors_apply }, "Ändra faktorn");
  setFactor.onclick = () => {
    const value = parseSwedishDecimal(factor.value);
    if (value === null) {
      showError(new Error(`"${factor.value}" är inte ett tal.`));
      return;
    }
    void on.onChange(withChange(changes, { kind: "factor", zone: Number(factorZone.el.value), factor: value }));
  };

  return h(
    "section",
    { class: "subsection", "aria-labelledby": "whatif-rubrik", "data-testid": "what-if" },
    h("h2", { id: "whatif-rubrik" }, "Tänk om"),
    h("p", { class: "muted" }, "Prova ändringar av zonindelningen på en kopia av upphandlingen: tabellerna ovan visar prognosen med ändringarna. Definitionen ändras inte förrän du sparar."),
    h("div", { class: "form-grid" }, region.wrap, regionZone.wrap, h("p", { class: "actions" }, moveRegion)),
    h("div", { class: "form-grid" }, workplace.wrap, workplaceZone.wrap, h("p", { class: "actions" }, moveWorkplace)),
    h(
      "div",
      { class: "form-grid" },
      factorZone.wrap,
      h("div", { class: "field-stack" }, h("label", { for: "whatif-factor" }, "Ny faktor"), factor),
      h("p", { class: "actions" }, setFactor),
    ),
    v.factors_apply ? null : h("p", { class: "muted" }, "Faktorerna kan inte ändras: priserna anges uttryckligen per zon i definitionen."),
    changes.length ? changesList(changes, regionName, on) : null,
    v.what_if ? whatIfTables(v.what_if) : null,
    changes.length ? saveForm(v, changes, on) : null,
  );
}

function changesList(changes: Change[], regionName: (code: string) => string, on: Handlers): Node {
  return h(
    "ul",
    { class: "plain-list", "data-testid": "changes" },
    ...changes.map((c, i) => {
      const remove = h("button", { type: "button", class: "link-button", "aria-label": `Ta bort ändringen ${changeText(c, regionName)}` }, "Ta bort");
      remove.onclick = () => void on.onChange(changes.filter((_, j) => j !== i));
      return h("li", {}, changeText(c, regionName), " ", remove);
    }),
  );
}

function whatIfTables(w: WhatIf): Node {
  const changed = w.regions.filter((r) => r.change !== "0.00" || r.zone_before !== r.zone_after);
  return h(
    "div",
    { "data-testid": "what-if-result" },
    w.warnings.length ? h("ul", { class: "warnings" }, ...w.warnings.map((x) => h("li", {}, x))) : null,
    h(
      "table",
      { class: "data-table compact", "data-testid": "what-if-regions" },
      h("caption", {}, "Ändring per region"),
      h("thead", {}, h("tr", {}, ...["Region", "Zon", "Kostnad före", "Kostnad efter", "Ändring", "Andel före", "Andel efter"].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        ...changed.map((r) =>
          h(
            "tr",
            { "data-region": r.code, class: r.above_after ? "over" : "" },
            h("th", { scope: "row" }, `${r.code} ${r.name}`),
            h("td", {}, `${r.zone_before ?? "–"} → ${r.zone_after ?? "–"}`),
            h("td", { class: "num" }, formatSek(r.value_before, 0)),
            h("td", { class: "num" }, formatSek(r.value_after, 0)),
            h("td", { class: "num", "data-testid": "region-change" }, formatSek(r.change, 0)),
            h("td", { class: "num" }, r.share_before === null ? "–" : `${formatDecimal(r.share_before, 2)} %`),
            h("td", { class: "num" }, r.share_after === null ? "–" : `${formatDecimal(r.share_after, 2)} %${r.above_after ? " ✗" : ""}`),
          ),
        ),
      ),
      h(
        "tfoot",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "row" }, "Totalt"),
          h("td", {}),
          h("td", { class: "num" }, formatSek(w.total.value_before, 0)),
          h("td", { class: "num" }, formatSek(w.total.value_after, 0)),
          h("td", { class: "num", "data-testid": "total-change" }, formatSek(w.total.change, 0)),
          h("td", { class: "num" }, w.total.share_before === null ? "–" : `${formatDecimal(w.total.share_before, 2)} %`),
          h("td", { class: "num" }, w.total.share_after === null ? "–" : `${formatDecimal(w.total.share_after, 2)} %`),
        ),
      ),
    ),
    h(
      "table",
      { class: "data-table compact", "data-testid": "what-if-zones" },
      h("caption", {}, "Ändring per zon"),
      h("thead", {}, h("tr", {}, ...["Zon", "Före", "Efter", "Ändring"].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        ...w.zones.map((z) =>
          h("tr", {}, h("th", { scope: "row" }, `Zon ${z.number}`), h("td", { class: "num" }, formatSek(z.value_before, 0)), h("td", { class: "num" }, formatSek(z.value_after, 0)), h("td", { class: "num" }, formatSek(z.change, 0))),
        ),
      ),
    ),
  );
}

function saveForm(v: ForecastView, changes: Change[], on: Handlers): Node {
  const justification = h("textarea", { id: "whatif-justification", rows: "2" });
  const by = h("input", { id: "whatif-by", type: "text", autocomplete: "name" });
  const save = h("button", { type: "submit", id: "whatif-save", class: "primary" }, v.frozen ? "Spara som rättelse" : "Spara i definitionen");
  return h(
    "form",
    {
      class: "panel",
      "aria-labelledby": "whatif-spara",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        save.disabled = true;
        try {
          const amendment = v.frozen ? { justification: justification.value.trim(), by: by.value.trim() } : null;
          const check = await api.saveForecastChanges(changes, amendment);
          if (!check.ok) {
            showError(new Error(`Ändringarna kan inte sparas: ${check.issues.map((i) => i.message).join("; ")}`));
            return;
          }
          showNotice(v.frozen ? "Ändringarna är sparade som en rättelse av definitionen; anbuden har prövats på nytt." : "Ändringarna är sparade i definitionen.");
          await on.onSaved();
        } catch (err) {
          showError(err);
        } finally {
          save.disabled = false;
        }
      },
    },
    h("h3", { id: "whatif-spara" }, "Spara ändringarna i definitionen"),
    v.frozen
      ? h(
          "div",
          {},
          h("p", { class: "muted" }, "Upphandlingen har tagit emot anbud: ändringen sparas som en rättelse, med motivering och ditt namn, registreras i journalen och redovisas i beslutet."),
          h("div", { class: "field-stack" }, h("label", { for: "whatif-justification" }, "Motivering"), justification),
          h("div", { class: "field-stack" }, h("label", { for: "whatif-by" }, "Ditt namn"), by),
        )
      : null,
    h("p", { class: "actions" }, save),
  );
}
