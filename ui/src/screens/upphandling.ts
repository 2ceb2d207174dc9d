import { h, svg, tag } from "../dom";
import { formatDate, formatDecimal, formatInteger, formatSek, count } from "../format";
import { api, toAppError } from "../ipc";
import { queueNotice, showError } from "../banner";
import { refreshContext } from "../app-context";
import { hrefFor, navigate } from "../router";
import { priceSeries, type PriceSeries } from "../prices";
import type { ProcurementView } from "../bindings/ProcurementView";
import type { DefinitionCheck } from "../bindings/DefinitionCheck";
import type { KeyedIssue } from "../bindings/KeyedIssue";

// Upphandling: identity and dates, lots (shortage specialities marked), zones with their regions
// and workplace overrides, the price matrix with a chart per lot, the requirement catalogue with
// its thresholds, and the definition (TOML) itself. The definition is edited as text (see
// docs/decisions.md, "Editing a procurement"): every problem is listed by key with a link to its
// line, and is also shown where it concerns the procurement above: at the field, the lot or
// zone row, the price cell, or the requirement. "Ny upphandling" starts a new procurement in the
// open database (never over an existing one).
export async function renderUpphandling(params: URLSearchParams = new URLSearchParams()): Promise<Node> {
  let view: ProcurementView | null = null;
  try {
    view = await api.procurementView();
  } catch (e) {
    const err = toAppError(e);
    if (err.code !== "no_procurement_open") throw err;
  }
  if (!view || params.get("ny") === "1") {
    return h(
      "section",
      { "aria-labelledby": "rubrik" },
      h("h1", { id: "rubrik" }, view ? "Ny upphandling" : "Upphandling"),
      view ? h("p", { class: "back" }, h("a", { href: hrefFor("upphandling") }, `← Till ${view.procurement.name}`)) : null,
      h(
        "p",
        { class: "lead" },
        view
          ? "En ny upphandling i samma databas. Utgå från demots definition nedan: ange ett nytt diarienummer (id), namn, datum, zoner, priser och krav, och spara. En upphandling som redan finns skrivs aldrig över härifrån."
          : "Databasen har ingen upphandling vald. Lägg in en definition nedan (utgå från demots) och spara.",
      ),
      editor(await api.starterDefinition(), "new", null),
    );
  }
  const v = view;
  const p = v.procurement;
  const regionName = new Map(v.region_names);
  const series = priceSeries(p);
  const root: HTMLElement = h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Upphandling"),
    h("p", { class: "lead" }, `${p.name} · dnr ${p.id}`),
    h("p", { class: "actions" }, h("a", { href: hrefFor("upphandling", { ny: "1" }), class: "button-link", id: "new-procurement" }, "Ny upphandling…")),
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
        h("dd", { "data-keys": "procurement.id" }, p.id),
        h("dt", {}, "Namn"),
        h("dd", { "data-keys": "procurement.name" }, p.name),
        h("dt", {}, "Samordnande region"),
        h("dd", { "data-keys": "procurement.coordinator" }, p.coordinator),
        h("dt", {}, "Kontakt"),
        h("dd", { "data-keys": "procurement.contact" }, p.contact ?? "–"),
        h("dt", {}, "Sista anbudsdag"),
        h("dd", { "data-testid": "deadline", "data-keys": "procurement.deadline" }, formatDate(p.deadline)),
        h("dt", {}, "Referensår"),
        h("dd", { "data-keys": "procurement.reference_year" }, String(p.reference_year)),
        h("dt", {}, "Avtalsperiod"),
        h(
          "dd",
          { "data-keys": "procurement.agreement_start procurement.agreement_end" },
          `${p.agreement_start ? formatDate(p.agreement_start) : "–"} – ${p.agreement_end ? formatDate(p.agreement_end) : "–"}`,
        ),
        h("dt", {}, "Deltagande regioner"),
        h("dd", { "data-keys": "region" }, count(p.regions.length, "region", "regioner")),
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
          ...p.lots.map((l, i) =>
            h(
              "tr",
              { "data-lot": l.code, "data-keys": `lot[${i}] lot[${i}].code lot[${i}].name lot[${i}].shortage lot[${i}].base_price` },
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
          ...p.zones.zones.map((z, i) =>
            h(
              "tr",
              { "data-keys": `zone[${i}]` },
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
              ...p.zones.workplaces.map((w, i) =>
                h(
                  "tr",
                  { "data-keys": `workplace[${i}]` },
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
            ...series.map((s) => {
              const li = p.lots.findIndex((l) => l.code === s.code);
              return h(
                "tr",
                { "data-keys": `lot[${li}].prices` },
                h("th", { scope: "row" }, `${s.code} ${s.name}`),
                ...s.points.map((pt, zi) =>
                  h("td", { class: "num", "data-keys": `lot[${li}].prices[${zi}]` }, pt.price === null ? "–" : formatSek(pt.price)),
                ),
              );
            }),
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
        ...v.catalogue.map((c, i) =>
          h(
            "li",
            { "data-requirement": c.id, "data-keys": `requirement[${c.id}] requirement[${i}]` },
            h("h3", {}, c.title, " ", h("span", { class: "muted" }, `(${c.id})`)),
            h("p", { class: "muted" }, c.kind_label),
            c.description ? h("p", {}, c.description) : null,
            h("dl", { class: "facts" }, ...c.parameters.flatMap((x) => [h("dt", {}, x.label), h("dd", {}, x.value)])),
            c.questions.length ? h("p", {}, h("strong", {}, "Frågor i anbudsformuläret: "), c.questions.join(" · ")) : null,
          ),
        ),
      ),
    ),
    part("definition", "Definition (upphandling.toml)", editor(v.definition_toml, "edit", () => root)),
  );
  return root;
}

function jump(e: Event, id: string): void {
  e.preventDefault();
  const target = document.getElementById(id);
  target?.scrollIntoView({ block: "start" });
  target?.focus();
}

/** The parts of the procurement, with the definition keys whose problems are shown in each. */
const PART_KEYS: Record<string, string> = {
  uppgifter: "procurement",
  omraden: "lot",
  zoner: "zone zones workplace",
  priser: "pricing",
  krav: "requirement",
};

function part(id: string, title: string, ...content: (Node | null)[]): HTMLElement {
  return h(
    "section",
    { id, class: "subsection", tabindex: "-1", "aria-labelledby": `${id}-rubrik`, "data-keys": PART_KEYS[id] ?? null },
    h("h2", { id: `${id}-rubrik` }, title),
    ...content,
  );
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

/** The TOML editor: check without saving, or save (the open procurement updated, or a new one
 *  created); problems listed by key with their line, and shown in `structured()` where they
 *  concern the procurement on screen. */
function editor(text: string, mode: "edit" | "new", structured: (() => HTMLElement) | null): HTMLElement {
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
    const placed = structured ? markIssues(structured(), check.issues, area) : new Map<KeyedIssue, HTMLElement>();
    issues.replaceChildren(
      check.ok
        ? h("p", { class: "ok-text" }, h("span", { "aria-hidden": "true" }, "✓ "), check.saved ? "Definitionen är giltig och sparad." : "Definitionen är giltig.")
        : h(
            "div",
            { class: "issues", role: "group", "aria-label": "Fel i definitionen" },
            h(
              "p",
              { class: "issues-title" },
              h("span", { "aria-hidden": "true" }, "✗ "),
              `${count(check.issues.length, "fel", "fel")} – inget är sparat${placed.size > 0 ? ". De visas också vid det de gäller ovan" : ""}:`,
            ),
            h(
              "ul",
              { "data-testid": "definition-issues" },
              ...check.issues.map((i) => {
                const mark = placed.get(i);
                return h(
                  "li",
                  { "data-key": i.key },
                  h("code", { class: "issue-key" }, i.key),
                  " ",
                  sentence(i.message),
                  " ",
                  i.line ? h("button", { type: "button", class: "link-button", onclick: () => selectLine(area, i.line ?? 1) }, `rad ${i.line}`) : null,
                  mark ? " · " : null,
                  mark
                    ? h(
                        "button",
                        {
                          type: "button",
                          class: "link-button",
                          onclick: () => {
                            mark.scrollIntoView({ block: "center" });
                            mark.focus();
                          },
                        },
                        `visa vid ${mark.dataset.where ?? "delen"}`,
                      )
                    : null,
                );
              }),
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
          const result = mode === "new" ? await api.createProcurement(area.value) : await api.saveDefinition(area.value);
          show(result);
          if (result.saved) {
            await refreshContext();
            queueNotice(
              mode === "new"
                ? `Upphandlingen ${result.procurement_id ?? ""} är skapad och vald.`
                : `Upphandlingen ${result.procurement_id ?? ""} är sparad; anbuden har prövats på nytt.`,
            );
            navigate("upphandling", { t: String(Date.now()) });
          }
        } catch (e) {
          showError(e);
        }
      },
    },
    mode === "new" ? "Spara som ny upphandling" : "Spara ändringarna",
  );
  return h(
    "div",
    { class: "editor" },
    h("label", { for: "definition-toml" }, "Definitionen i TOML-format"),
    h(
      "p",
      { class: "muted" },
      "Varje fel visas med sin nyckel (t.ex. zone[1].regions) och raden där det uppstår",
      structured ? ", och vid fältet, raden eller cellen det gäller ovan" : "",
      ". En ogiltig definition sparas inte. Formatet: docs/procurement-format.md.",
    ),
    area,
    h("p", { class: "actions" }, check, save),
    issues,
  );
}

/** "referensåret … (rad 12)" → "Referensåret …": the core's messages go after a key; here they
 *  stand alone, with the line as a button beside them. */
function sentence(text: string): string {
  const t = text.replace(/ \(rad \d+\)$/, "");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** The keys a problem may be shown at, most specific first: `lot[2].prices[3]` → itself,
 *  `lot[2].prices`, `lot[2]`, `lot`. */
export function keyCandidates(key: string): string[] {
  const out = [key];
  let k = key;
  for (;;) {
    const m = /^(.+?)(\[[^\]]*\]|\.[^.[\]]+)$/.exec(k);
    if (!m || !m[1]) return out;
    k = m[1];
    out.push(k);
  }
}

/** Shows each problem where it concerns the procurement on screen (the element whose data-keys
 *  names its key, or the nearest part), removing those of the previous check. Returns where
 *  each was shown. */
export function markIssues(root: HTMLElement, issues: KeyedIssue[], area: HTMLTextAreaElement): Map<KeyedIssue, HTMLElement> {
  for (const old of root.querySelectorAll(".issue-mark")) old.remove();
  for (const old of root.querySelectorAll(".has-issue")) old.classList.remove("has-issue");
  const targets = [...root.querySelectorAll<HTMLElement>("[data-keys]")];
  const placed = new Map<KeyedIssue, HTMLElement>();
  for (const issue of issues) {
    let target: HTMLElement | undefined;
    for (const c of keyCandidates(issue.key)) {
      target = targets.find((el) => (el.dataset.keys ?? "").split(" ").includes(c));
      if (target) break;
    }
    if (!target) continue;
    const line = issue.line;
    const content = [
      h("span", { "aria-hidden": "true" }, "✗ "),
      `Fel i den redigerade definitionen (${issue.key}): ${sentence(issue.message)} `,
      line ? h("button", { type: "button", class: "link-button", onclick: () => selectLine(area, line) }, `rad ${line}`) : null,
    ];
    let mark: HTMLElement;
    const row = target.tagName === "TR" ? target : target.tagName === "TD" || target.tagName === "TH" ? target.closest("tr") : null;
    if (row) {
      target.classList.add("has-issue");
      const cells = row.children.length;
      mark = h("tr", { class: "issue-mark issue-row", tabindex: "-1" }, h("td", { colspan: cells }, ...content));
      let after: Element = row;
      while (after.nextElementSibling?.classList.contains("issue-mark")) after = after.nextElementSibling;
      after.after(mark);
    } else if (target.tagName === "DD") {
      mark = h("span", { class: "issue-mark field-issue", tabindex: "-1" }, ...content);
      target.appendChild(mark);
    } else {
      mark = h("p", { class: "issue-mark field-issue", tabindex: "-1" }, ...content);
      const heading = target.querySelector(":scope > h2, :scope > h3");
      if (heading) heading.after(mark);
      else target.prepend(mark);
    }
    const part = target.closest("section.subsection")?.querySelector("h2")?.textContent;
    mark.dataset.where = part ? part.toLowerCase() : "delen";
    placed.set(issue, mark);
  }
  return placed;
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
