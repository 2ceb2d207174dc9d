import { h, svg, tag } from "../dom";
import { formatDate, formatDecimal, formatInteger, formatSek, count } from "../format";
import { api, toAppError } from "../ipc";
import { queueNotice, showError } from "../banner";
import { refreshContext } from "../app-context";
import { navigate } from "../router";
import { priceSeries, type PriceSeries } from "../prices";
import type { ProcurementView } from "../bindings/ProcurementView";
import type { DefinitionCheck } from "../bindings/DefinitionCheck";

// Upphandling: identity and dates, lots (shortage specialities marked), zones with their regions
// and workplace overrides, the price matrix with a chart per lot, the requirement catalogue with
// its thresholds, and the definition (TOML) itself, edited with every problem shown by key at
// its line.
export async function renderUpphandling(): Promise<Node> {
  let view: ProcurementView | null = null;
  try {
    view = await api.procurementView();
  } catch (e) {
    const err = toAppError(e);
    if (err.code !== "no_procurement_open") throw err;
    return h(
      "section",
      { "aria-labelledby": "rubrik" },
      h("h1", { id: "rubrik" }, "Upphandling"),
      h("p", { class: "lead" }, "Databasen har ingen upphandling vald. Lägg in en definition nedan (utgå från demots) och spara."),
      editor(await api.starterDefinition(), true),
    );
  }
  const v = view;
  const p = v.procurement;
  const regionName = new Map(v.region_names);
  const series = priceSeries(p);
  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Upphandling"),
    h("p", { class: "lead" }, `${p.name} · dnr ${p.id}`),
    h(
      "nav",
      { class: "toc", "aria-label": "Delar av upphandlingen" },
      ...[
        ["uppgifter", "Uppgifter"],
        ["omraden", "Anbudsområden"],
        ["zoner", "Zoner"],
        ["priser", "Priser"],
        ["krav", "Krav"],
        ["definition", "Definition"],
      ].map(([id, text]) => h("a", { href: `#${id}`, onclick: (e: Event) => jump(e, id ?? "") }, text ?? "")),
    ),
    part(
      "uppgifter",
      "Uppgifter och datum",
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "Diarienummer"),
        h("dd", {}, p.id),
        h("dt", {}, "Namn"),
        h("dd", {}, p.name),
        h("dt", {}, "Samordnande region"),
        h("dd", {}, p.coordinator),
        h("dt", {}, "Kontakt"),
        h("dd", {}, p.contact ?? "–"),
        h("dt", {}, "Sista anbudsdag"),
        h("dd", { "data-testid": "deadline" }, formatDate(p.deadline)),
        h("dt", {}, "Referensår"),
        h("dd", {}, String(p.reference_year)),
        h("dt", {}, "Avtalsperiod"),
        h("dd", {}, `${p.agreement_start ? formatDate(p.agreement_start) : "–"} – ${p.agreement_end ? formatDate(p.agreement_end) : "–"}`),
        h("dt", {}, "Deltagande regioner"),
        h("dd", {}, count(p.regions.length, "region", "regioner")),
      ),
    ),
    part(
      "omraden",
      "Anbudsområden",
      h(
        "table",
        { class: "data-table" },
        h("caption", { class: "visually-hidden" }, "Anbudsområden"),
        h("thead", {}, h("tr", {}, th("Kod"), th("Yrkeskategori"), th("Ingår i avtalet"), th("Pris zon 1", "num"))),
        h(
          "tbody",
          {},
          ...p.lots.map((l) =>
            h(
              "tr",
              { "data-lot": l.code },
              h("th", { scope: "row" }, l.code),
              h("td", {}, l.name),
              h(
                "td",
                {},
                l.shortage
                  ? tag({ text: "Bristområde – utanför avtalet", icon: "⊘", cls: "tag-warn" }, { "data-testid": "shortage" })
                  : tag({ text: "Ja", icon: "✓", cls: "tag-ok" }),
              ),
              h("td", { class: "num" }, l.base_price ? formatSek(l.base_price) : "–"),
            ),
          ),
        ),
      ),
    ),
    part(
      "zoner",
      "Zoner (ersättningsnivåer)",
      h(
        "table",
        { class: "data-table" },
        h("caption", { class: "visually-hidden" }, "Zoner med regioner"),
        h("thead", {}, h("tr", {}, th("Zon"), th("Namn"), th("Faktor", "num"), th("Regioner"))),
        h(
          "tbody",
          {},
          ...p.zones.zones.map((z) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, String(z.number)),
              h("td", {}, z.name),
              h("td", { class: "num" }, z.factor ? formatDecimal(z.factor, 2) : "–"),
              h("td", {}, z.regions.map((c) => regionName.get(c) ?? c).join(", ")),
            ),
          ),
        ),
      ),
      h("h3", {}, "Arbetsplatser med egen zon"),
      p.zones.workplaces.length === 0
        ? h("p", {}, "Inga.")
        : h(
            "table",
            { class: "data-table" },
            h("thead", {}, h("tr", {}, th("Arbetsplats"), th("Region"), th("Zon", "num"), th("Regionens zon", "num"))),
            h(
              "tbody",
              {},
              ...p.zones.workplaces.map((w) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, w.name),
                  h("td", {}, regionName.get(w.region) ?? w.region),
                  h("td", { class: "num" }, String(w.zone)),
                  h("td", { class: "num" }, String(p.zones.zones.find((z) => z.regions.includes(w.region))?.number ?? "–")),
                ),
              ),
            ),
          ),
    ),
    part(
      "priser",
      "Prismatris",
      h("p", {}, "Fast timpris i kronor exklusive moms per anbudsområde och zon."),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "data-table price-matrix", "data-testid": "price-matrix" },
          h("caption", { class: "visually-hidden" }, "Prismatris, kronor per timme"),
          h("thead", {}, h("tr", {}, th("Anbudsområde"), ...p.zones.zones.map((z) => th(`Zon ${z.number}`, "num")))),
          h(
            "tbody",
            {},
            ...series.map((s) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, `${s.code} ${s.name}`),
                ...s.points.map((pt) => h("td", { class: "num" }, pt.price === null ? "–" : formatSek(pt.price))),
              ),
            ),
          ),
        ),
      ),
      h("h3", {}, "Pris per zon för varje anbudsområde"),
      h("div", { class: "charts", "data-testid": "price-charts" }, ...series.map((s) => chart(s))),
    ),
    part(
      "krav",
      "Kravkatalog (skall-krav)",
      h(
        "ol",
        { class: "catalogue" },
        ...v.catalogue.map((c) =>
          h(
            "li",
            { "data-requirement": c.id },
            h("h3", {}, c.title, " ", h("span", { class: "muted" }, `(${c.id})`)),
            h("p", { class: "muted" }, c.kind_label),
            c.description ? h("p", {}, c.description) : null,
            h("dl", { class: "facts" }, ...c.parameters.flatMap((x) => [h("dt", {}, x.label), h("dd", {}, x.value)])),
            c.questions.length ? h("p", {}, h("strong", {}, "Frågor i anbudsformuläret: "), c.questions.join(" · ")) : null,
          ),
        ),
      ),
    ),
    part("definition", "Definition (upphandling.toml)", editor(v.definition_toml, false)),
  );
}

function jump(e: Event, id: string): void {
  e.preventDefault();
  const target = document.getElementById(id);
  target?.scrollIntoView({ block: "start" });
  target?.focus();
}

function part(id: string, title: string, ...content: (Node | null)[]): HTMLElement {
  return h("section", { id, class: "subsection", tabindex: "-1", "aria-labelledby": `${id}-rubrik` }, h("h2", { id: `${id}-rubrik` }, title), ...content);
}

function th(text: string, cls = ""): HTMLTableCellElement {
  return h("th", { scope: "col", class: cls }, text);
}

/** A bar chart of one lot's price per zone. The table above holds the same figures as text. */
function chart(s: PriceSeries): Node {
  const W = 260;
  const H = 150;
  const top = 18;
  const bottom = 22;
  const max = Math.max(...s.points.map((p) => p.value ?? 0), 1);
  const slot = W / s.points.length;
  const barW = Math.min(28, slot * 0.6);
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const summary = s.points.map((p) => `zon ${p.zone} ${p.price === null ? "inget pris" : formatSek(p.price, 0)}`).join(", ");
  return h(
    "figure",
    { class: "chart" },
    svg(
      "svg",
      { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": `${s.code} ${s.name}: ${summary}` },
      svg("line", { x1: 0, y1: H - bottom, x2: W, y2: H - bottom, class: "chart-axis" }),
      ...s.points.flatMap((p, i) => {
        const x = i * slot + (slot - barW) / 2;
        const parts: SVGElement[] = [svg("text", { x: x + barW / 2, y: H - 6, class: "chart-label", "text-anchor": "middle" }, String(p.zone))];
        if (p.value !== null) {
          parts.push(svg("rect", { x, y: y(p.value), width: barW, height: H - bottom - y(p.value), class: "chart-bar" }));
          parts.push(svg("text", { x: x + barW / 2, y: y(p.value) - 4, class: "chart-value", "text-anchor": "middle" }, formatInteger(p.value)));
        }
        return parts;
      }),
    ),
    h("figcaption", {}, `${s.code} ${s.name}`, h("span", { class: "muted" }, " · kr/h per zon")),
  );
}

/** The TOML editor: check without saving, or save; problems listed by key with their line. */
function editor(text: string, isNew: boolean): HTMLElement {
  const area = h("textarea", {
    id: "definition-toml",
    class: "code",
    rows: 24,
    spellcheck: "false",
    "aria-describedby": "definition-issues",
  });
  area.value = text;
  const issues = h("div", { id: "definition-issues", "aria-live": "polite" });
  const show = (check: DefinitionCheck) => {
    area.setAttribute("aria-invalid", String(!check.ok));
    issues.replaceChildren(
      check.ok
        ? h("p", { class: "ok-text" }, h("span", { "aria-hidden": "true" }, "✓ "), check.saved ? "Definitionen är giltig och sparad." : "Definitionen är giltig.")
        : h(
            "div",
            { class: "issues", role: "group", "aria-label": "Fel i definitionen" },
            h("p", { class: "issues-title" }, h("span", { "aria-hidden": "true" }, "✗ "), `${check.issues.length} fel – inget är sparat:`),
            h(
              "ul",
              { "data-testid": "definition-issues" },
              ...check.issues.map((i) =>
                h(
                  "li",
                  { "data-key": i.key },
                  h("code", { class: "issue-key" }, i.key),
                  " ",
                  i.message,
                  " ",
                  i.line
                    ? h("button", { type: "button", class: "link-button", onclick: () => selectLine(area, i.line ?? 1) }, `rad ${i.line}`)
                    : null,
                ),
              ),
            ),
          ),
    );
  };
  const check = h(
    "button",
    {
      type: "button",
      id: "check-definition",
      onclick: async () => {
        try {
          show(await api.checkDefinition(area.value));
        } catch (e) {
          showError(e);
        }
      },
    },
    "Kontrollera",
  );
  const save = h(
    "button",
    {
      type: "button",
      id: "save-definition",
      class: "primary",
      onclick: async () => {
        try {
          const result = await api.saveDefinition(area.value);
          show(result);
          if (result.saved) {
            await refreshContext();
            queueNotice(`Upphandlingen ${result.procurement_id ?? ""} är sparad; anbuden har prövats på nytt.`);
            navigate("upphandling", { t: String(Date.now()) });
          }
        } catch (e) {
          showError(e);
        }
      },
    },
    isNew ? "Spara som ny upphandling" : "Spara ändringarna",
  );
  return h(
    "div",
    { class: "editor" },
    h("label", { for: "definition-toml" }, "Definitionen i TOML-format"),
    h("p", { class: "muted" }, "Varje fel visas med sin nyckel (t.ex. zone[1].regions) och raden där det uppstår. En ogiltig definition sparas inte."),
    area,
    h("p", { class: "actions" }, check, save),
    issues,
  );
}

/** Selects line `line` (1-based) of a textarea and scrolls to it. */
export function selectLine(area: HTMLTextAreaElement, line: number): void {
  const lines = area.value.split("\n");
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += (lines[i]?.length ?? 0) + 1;
  const end = start + (lines[line - 1]?.length ?? 0);
  area.focus();
  area.setSelectionRange(start, end);
  const lineHeight = area.scrollHeight / Math.max(lines.length, 1);
  area.scrollTop = Math.max(0, (line - 4) * lineHeight);
}
