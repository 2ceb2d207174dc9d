import { h, svg, tag } from "../dom";
import { count, formatInteger, formatSek } from "../format";
import { api, toAppError } from "../ipc";
import { queueNotice, showError, showNotice } from "../banner";
import { saveAs } from "../dialogs";
import { refreshContext } from "../app-context";
import { hrefFor, navigate } from "../router";
import { priceSeries, type PriceSeries } from "../prices";
import { EditQueue, factorForInput, moneyForInput, numberForInput } from "../definition-editor";
import type { ProcurementView } from "../bindings/ProcurementView";
import type { DefinitionCheck } from "../bindings/DefinitionCheck";
import type { KeyedIssue } from "../bindings/KeyedIssue";
import type { Procurement } from "../bindings/Procurement";
import type { CatalogueEntry } from "../bindings/CatalogueEntry";
import type { Requirement } from "../bindings/Requirement";
import type { Edit } from "../bindings/Edit";
import type { ProcurementField } from "../bindings/ProcurementField";
import type { AmendmentInput } from "../bindings/AmendmentInput";

// Upphandling: identity and dates, lots (shortage specialities marked), zones with their regions
// and workplace overrides, the price matrix with a chart per lot, and the requirement catalogue
// with its thresholds, edited in place; below them the definition (TOML) itself, the "advanced"
// view. The definition text is the one source of truth (docs/decisions.md, "The desktop app"):
// every change in the tables is sent to the core as one edit of the text (edit_definition),
// which keeps everything else as written; the text below shows the result, and the tables, the
// price matrix and the charts are drawn again from the procurement it defines. Every problem is
// listed by key with a link to its line, and shown where it arises: at the input (aria-invalid,
// the message beside it), the lot or zone row, the price cell, or the requirement. Nothing is
// saved until "Spara ändringarna", and an invalid definition never is. "Ny upphandling" starts a
// new procurement in the open database (never over an existing one).
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
      editor(await api.starterDefinition(), "new", null).element,
    );
  }
  const v = view;
  const saved = v.definition_toml;
  const structured = h("div", { id: "structured" });
  const ed = editor(saved, "edit", () => structured, v.frozen ? amendmentFields() : null);
  const bar = h("div", { class: "edit-bar", id: "edit-bar", hidden: true });
  let current = { p: v.procurement, catalogue: v.catalogue };
  let lastCheck: DefinitionCheck | null = null;

  const updateBar = () => {
    const changed = ed.area.value !== saved;
    bar.hidden = !changed;
    if (!changed) return;
    const problems = lastCheck && !lastCheck.ok ? lastCheck.issues.length : 0;
    bar.replaceChildren(
      h(
        "p",
        { "aria-live": "polite", "data-testid": "edit-state" },
        ...(problems > 0
          ? [h("span", { "aria-hidden": "true" }, "✗ "), `Ändrat, inte sparat: ${count(problems, "fel", "fel")} att rätta innan det kan sparas.`]
          : ["Ändrat, inte sparat. Texten under Definition visar ändringarna."]),
      ),
      h("button", { type: "button", class: "primary", id: "save-bar", onclick: () => void ed.save() }, "Spara ändringarna"),
      h(
        "button",
        {
          type: "button",
          id: "undo-bar",
          onclick: () => {
            ed.area.value = saved;
            void queue.submit([]);
          },
        },
        "Ångra alla ändringar",
      ),
    );
  };

  const ctx: EditContext = {
    regionName: new Map(v.region_names),
    submit: (edits) => {
      ctx.committed = document.activeElement instanceof HTMLElement ? document.activeElement.id : null;
      return queue.submit(edits);
    },
    committed: null,
  };
  const draw = () => {
    const focus = captureFocus(structured, ctx.committed);
    structured.replaceChildren(...parts(current.p, current.catalogue, ctx));
    restoreFocus(focus);
  };
  const queue = new EditQueue({
    edit: api.editDefinition,
    text: () => ed.area.value,
    done: (result, edits) => {
      ed.area.value = result.toml;
      if (result.procurement) {
        current = { p: result.procurement, catalogue: result.catalogue };
        draw();
      }
      ed.show(result.check, edits.length > 0 ? "edit" : "check");
    },
    failed: (e) => showError(e),
  });
  ed.onCheck = () => queue.submit([]);
  ed.onShown = (check) => {
    lastCheck = check;
    updateBar();
  };
  ed.beforeSave = () => queue.settled();
  ed.area.addEventListener("input", () => {
    lastCheck = null;
    updateBar();
  });
  draw();

  const p = v.procurement;
  const root: HTMLElement = h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Upphandling"),
    h("p", { class: "lead" }, `${p.name} · dnr ${p.id}`),
    v.frozen
      ? h(
          "p",
          { class: "warnings", id: "frozen-note" },
          "Upphandlingen har tagit emot anbud. En ändring av definitionen sparas bara som en rättelse, med motivering och ditt namn (vid Spara ändringarna under Definition); rättelsen registreras i journalen och redovisas i beslutet.",
        )
      : null,
    h(
      "p",
      { class: "muted edit-help" },
      "Ändra direkt i tabellerna: varje ändring skrivs in i definitionen längst ned, som kontrolleras på nytt. Fel visas vid fältet. Inget sparas förrän du väljer Spara ändringarna, och en definition med fel sparas inte. Belopp skrivs fritt (1 450 eller 1450,50), datum som ÅÅÅÅ-MM-DD.",
    ),
    h(
      "p",
      { class: "actions" },
      h("a", { href: hrefFor("upphandling", { ny: "1" }), class: "button-link", id: "new-procurement" }, "Ny upphandling…"),
      " ",
      priceListButton(),
    ),
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
    structured,
    part("definition", "Definition (upphandling.toml)", ed.element),
    bar,
  );
  return root;
}

/** What the parts need to make edits. */
interface EditContext {
  regionName: Map<string, string>;
  submit: (edits: Edit[]) => Promise<void>;
  /** The id of the input whose change was sent last (its value is not carried over a redraw). */
  committed: string | null;
}

/** The structured parts, drawn from a valid procurement. */
function parts(p: Procurement, catalogue: CatalogueEntry[], ctx: EditContext): HTMLElement[] {
  return [identityPart(p, ctx), lotsPart(p, ctx), zonesPart(p, ctx), pricesPart(p, ctx), requirementsPart(p, catalogue, ctx)];
}

// ---- inputs ----

interface FieldOptions {
  id: string;
  label: string;
  value: string;
  /** The definition keys whose problems are shown at this input. */
  keys: string;
  /** The edits for a new value (null: none). */
  commit: (value: string) => Edit[] | null;
  /** The label is for screen readers only (the column header says it on screen). */
  hiddenLabel?: boolean;
  /** The caller puts the label elsewhere (a <dt>). */
  noLabel?: boolean;
  size?: "s" | "m" | "l";
  placeholder?: string;
  inputmode?: "decimal" | "numeric" | "text";
  unit?: string;
  testid?: string;
}

/** A labelled text input whose change (on leaving it, or Enter) is sent as an edit. */
function field(o: FieldOptions, ctx: EditContext): HTMLElement {
  const input = h("input", {
    type: "text",
    id: o.id,
    value: o.value,
    class: `in in-${o.size ?? "m"}`,
    placeholder: o.placeholder ?? null,
    inputmode: o.inputmode ?? null,
    autocomplete: "off",
    spellcheck: "false",
    "data-testid": o.testid ?? null,
  });
  input.value = o.value;
  let committed = o.value;
  const commit = () => {
    if (input.value === committed) return;
    committed = input.value;
    const edits = o.commit(input.value);
    if (edits) void ctx.submit(edits);
  };
  input.addEventListener("change", commit);
  input.addEventListener("keydown", (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      commit();
    }
  });
  return h(
    "span",
    { class: "edit-field", "data-keys": o.keys },
    o.noLabel ? null : h("label", { for: o.id, class: o.hiddenLabel ? "visually-hidden" : "field-label" }, o.label),
    h("span", { class: "field-control" }, input, o.unit ? h("span", { class: "unit" }, o.unit) : null),
  );
}

interface SelectOptions {
  id: string;
  label: string;
  options: [string, string][];
  value: string;
  keys: string;
  commit: (value: string) => Edit[] | null;
  hiddenLabel?: boolean;
}

function selectField(o: SelectOptions, ctx: EditContext): HTMLElement {
  const select = h(
    "select",
    { id: o.id },
    ...o.options.map(([value, text]) => h("option", { value, selected: value === o.value }, text)),
  );
  select.value = o.value;
  select.addEventListener("change", () => {
    const edits = o.commit(select.value);
    if (edits) void ctx.submit(edits);
  });
  return h(
    "span",
    { class: "edit-field", "data-keys": o.keys },
    h("label", { for: o.id, class: o.hiddenLabel ? "visually-hidden" : "field-label" }, o.label),
    select,
  );
}

/** A DOM id from a lot code or requirement id (letters, digits, '-' and '_'). */
function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, "_");
}

// ---- the parts ----

function identityPart(p: Procurement, ctx: EditContext): HTMLElement {
  const item = (key: ProcurementField, label: string, value: string | null, extra: Partial<FieldOptions> = {}) => {
    const id = `f-${key}`;
    const f = field(
      {
        id,
        label,
        value: value ?? "",
        keys: `procurement.${key}`,
        commit: (text) => [{ edit: "set_procurement_field", key, value: text }],
        noLabel: true,
        ...extra,
      },
      ctx,
    );
    return [h("dt", {}, h("label", { for: id }, label)), h("dd", {}, f)];
  };
  const date = { size: "s" as const, placeholder: "ÅÅÅÅ-MM-DD", inputmode: "numeric" as const };
  return part(
    "uppgifter",
    "Uppgifter och datum",
    h(
      "dl",
      { class: "facts form-facts" },
      h("dt", {}, "Diarienummer"),
      h("dd", { "data-keys": "procurement.id" }, p.id, h("span", { class: "muted" }, " (en ny upphandling: Ny upphandling…)")),
      ...item("name", "Namn", p.name, { size: "l" }),
      ...item("coordinator", "Samordnande region", p.coordinator),
      ...item("contact", "Kontakt", p.contact, { size: "l", placeholder: "Namn, roll, telefon, e-post" }),
      ...item("court", "Domstol vid överprövning", p.court, { size: "l", placeholder: "förvaltningsrätten" }),
      ...item("deadline", "Sista anbudsdag", p.deadline, { ...date, testid: "deadline" }),
      ...item("reference_year", "Referensår", String(p.reference_year), { size: "s", inputmode: "numeric" }),
      ...item("agreement_start", "Avtalet börjar", p.agreement_start, date),
      ...item("agreement_end", "Avtalet slutar", p.agreement_end, date),
      h("dt", {}, "Deltagande regioner"),
      h("dd", { "data-keys": "region" }, count(p.regions.length, "region", "regioner"), h("span", { class: "muted" }, " (zon och anslutning under Zoner)")),
    ),
  );
}

function lotsPart(p: Procurement, ctx: EditContext): HTMLElement {
  return part(
    "omraden",
    "Anbudsområden",
    h(
      "table",
      { class: "data-table edit-table" },
      h("caption", { class: "visually-hidden" }, "Anbudsområden"),
      h("thead", {}, h("tr", {}, th("Kod"), th("Yrkeskategori"), th("Bristområde"), th("Pris zon 1", "num"))),
      h(
        "tbody",
        {},
        ...p.lots.map((l, i) => {
          const priceCell = h(
            "td",
            { class: "num" },
            l.shortage ? "–" : l.base_price ? formatSek(l.base_price) : zoneOnePrice(p, l.code),
          );
          const box = h("input", { type: "checkbox", id: `f-lot-${idPart(l.code)}-shortage`, checked: l.shortage });
          box.checked = l.shortage;
          box.addEventListener("change", () => {
            if (box.checked) {
              if (l.shortage) {
                priceCell.replaceChildren("–");
                return;
              }
              void ctx.submit([{ edit: "set_lot_shortage", lot: l.code, shortage: true }]);
              return;
            }
            if (!l.shortage) return;
            // Into the agreement: it needs a price, sent with the change.
            const f = field(
              {
                id: `f-lot-${idPart(l.code)}-newbase`,
                label: `Grundpris zon 1 för ${l.code}, kronor per timme`,
                value: "",
                keys: `lot[${i}].base_price`,
                hiddenLabel: true,
                size: "s",
                inputmode: "decimal",
                unit: "kr",
                commit: (price) =>
                  price.trim() === ""
                    ? null
                    : [
                        { edit: "set_lot_shortage", lot: l.code, shortage: false },
                        { edit: "set_lot_base_price", lot: l.code, price },
                      ],
              },
              ctx,
            );
            priceCell.replaceChildren(f, h("span", { class: "hint" }, "Ange grundpriset för att ta med området i avtalet."));
            f.querySelector("input")?.focus();
          });
          return h(
            "tr",
            { "data-lot": l.code, "data-keys": `lot[${i}] lot[${i}].code` },
            h("th", { scope: "row" }, l.code),
            h(
              "td",
              {},
              field(
                {
                  id: `f-lot-${idPart(l.code)}-name`,
                  label: `Yrkeskategori för ${l.code}`,
                  value: l.name,
                  keys: `lot[${i}].name`,
                  hiddenLabel: true,
                  size: "l",
                  commit: (name) => [{ edit: "set_lot_name", lot: l.code, name }],
                },
                ctx,
              ),
            ),
            h(
              "td",
              { "data-keys": `lot[${i}].shortage` },
              h(
                "span",
                { class: "check" },
                box,
                h("label", { for: box.id }, h("span", { class: "visually-hidden" }, `${l.code} är `), "bristområde"),
              ),
              " ",
              l.shortage
                ? tag({ text: "Utanför avtalet", icon: "⊘", cls: "tag-warn" }, { "data-testid": "shortage" })
                : tag({ text: "Ingår", icon: "✓", cls: "tag-ok" }),
            ),
            priceCell,
          );
        }),
      ),
    ),
  );
}

function zoneOnePrice(p: Procurement, code: string): string {
  const e = p.prices.find((x) => x.lot === code && x.zone === (p.zones.zones[0]?.number ?? 1));
  return e ? `${formatSek(e.price)} (per zon)` : "–";
}

function zonesPart(p: Procurement, ctx: EditContext): HTMLElement {
  const zoneOptions: [string, string][] = p.zones.zones.map((z) => [String(z.number), `Zon ${z.number}`]);
  const regionOptions: [string, string][] = p.regions.map((r) => [r.code, `${r.code} ${r.name}`]);
  const zoneOf = (code: string) => p.zones.zones.find((z) => z.regions.includes(code))?.number;
  return part(
    "zoner",
    "Zoner (ersättningsnivåer)",
    h(
      "table",
      { class: "data-table edit-table" },
      h("caption", { class: "visually-hidden" }, "Zoner med regioner"),
      h("thead", {}, h("tr", {}, th("Zon"), th("Namn"), th("Faktor", "num"), th("Regioner"))),
      h(
        "tbody",
        {},
        ...p.zones.zones.map((z, i) =>
          h(
            "tr",
            { "data-keys": `zone[${i}]`, "data-zone": z.number },
            h("th", { scope: "row" }, String(z.number)),
            h(
              "td",
              {},
              field(
                {
                  id: `f-zone-${z.number}-name`,
                  label: `Namn på zon ${z.number}`,
                  value: z.name,
                  keys: `zone[${i}].name`,
                  hiddenLabel: true,
                  size: "l",
                  commit: (name) => [{ edit: "set_zone_name", zone: z.number, name }],
                },
                ctx,
              ),
            ),
            h(
              "td",
              { class: "num" },
              field(
                {
                  id: `f-zone-${z.number}-factor`,
                  label: `Faktor för zon ${z.number}`,
                  value: factorForInput(z.factor),
                  keys: `zone[${i}].factor`,
                  hiddenLabel: true,
                  size: "s",
                  inputmode: "decimal",
                  commit: (factor) => [{ edit: "set_zone_factor", zone: z.number, factor }],
                },
                ctx,
              ),
            ),
            h("td", { "data-keys": `zone[${i}].regions` }, z.regions.map((c) => ctx.regionName.get(c) ?? c).join(", ")),
          ),
        ),
      ),
    ),
    h("h3", { id: "regioner-rubrik" }, "Regioner: zon och anslutning"),
    h(
      "table",
      { class: "data-table edit-table", "aria-labelledby": "regioner-rubrik", "data-testid": "regions" },
      h("thead", {}, h("tr", {}, th("Region"), th("Zon"), th("Ansluter"))),
      h(
        "tbody",
        {},
        ...p.regions.map((r, i) => {
          const zone = zoneOf(r.code);
          return h(
            "tr",
            { "data-keys": `region[${i}] region[${i}].code`, "data-region": r.code },
            h("th", { scope: "row" }, `${r.code} ${r.name}`),
            h(
              "td",
              {},
              selectField(
                {
                  id: `f-region-${r.code}-zone`,
                  label: `Zon för ${r.name}`,
                  options: zone === undefined ? [["", "–"], ...zoneOptions] : zoneOptions,
                  value: zone === undefined ? "" : String(zone),
                  keys: `region[${i}].zone`,
                  hiddenLabel: true,
                  commit: (to) => (to ? [{ edit: "move_region", region: r.code, to_zone: Number(to) }] : null),
                },
                ctx,
              ),
            ),
            h(
              "td",
              {},
              field(
                {
                  id: `f-region-${r.code}-joins`,
                  label: `${r.name} ansluter (ÅÅÅÅ-MM-DD)`,
                  value: r.joins ?? "",
                  keys: `region[${i}].joins`,
                  hiddenLabel: true,
                  size: "s",
                  placeholder: "ÅÅÅÅ-MM-DD",
                  inputmode: "numeric",
                  commit: (date) => [{ edit: "set_region_joins", region: r.code, date: date.trim() === "" ? null : date }],
                },
                ctx,
              ),
            ),
          );
        }),
      ),
    ),
    h("h3", { id: "arbetsplatser-rubrik" }, "Arbetsplatser med egen zon"),
    p.zones.workplaces.length === 0
      ? h("p", {}, "Inga.")
      : h(
          "table",
          { class: "data-table edit-table workplace-table", "aria-labelledby": "arbetsplatser-rubrik", "data-testid": "workplaces" },
          h("thead", {}, h("tr", {}, th("Arbetsplats"), th("Region"), th("Zon"), th("Regionens zon", "num"), th("", ""))),
          h(
            "tbody",
            {},
            ...p.zones.workplaces.map((w, i) =>
              h(
                "tr",
                { "data-keys": `workplace[${i}]` },
                h(
                  "td",
                  {},
                  field(
                    {
                      id: `f-wp-${i}-name`,
                      label: `Arbetsplats ${i + 1}, namn`,
                      value: w.name,
                      keys: `workplace[${i}].name`,
                      hiddenLabel: true,
                      size: "l",
                      commit: (name) => [{ edit: "set_workplace_name", index: i, name }],
                    },
                    ctx,
                  ),
                ),
                h(
                  "td",
                  {},
                  selectField(
                    {
                      id: `f-wp-${i}-region`,
                      label: `Region för ${w.name}`,
                      options: regionOptions,
                      value: w.region,
                      keys: `workplace[${i}].region`,
                      hiddenLabel: true,
                      commit: (region) => [{ edit: "set_workplace_region", index: i, region }],
                    },
                    ctx,
                  ),
                ),
                h(
                  "td",
                  {},
                  selectField(
                    {
                      id: `f-wp-${i}-zone`,
                      label: `Zon för ${w.name}`,
                      options: zoneOptions,
                      value: String(w.zone),
                      keys: `workplace[${i}].zone`,
                      hiddenLabel: true,
                      commit: (zone) => [{ edit: "set_workplace_zone", index: i, zone: Number(zone) }],
                    },
                    ctx,
                  ),
                ),
                h("td", { class: "num" }, String(zoneOf(w.region) ?? "–")),
                h(
                  "td",
                  {},
                  h(
                    "button",
                    { type: "button", id: `f-wp-${i}-remove`, "aria-label": `Ta bort arbetsplatsen ${w.name}`, onclick: () => void ctx.submit([{ edit: "remove_workplace", index: i }]) },
                    "Ta bort",
                  ),
                ),
              ),
            ),
          ),
        ),
    addWorkplaceForm(p, regionOptions, zoneOptions, ctx),
  );
}

function addWorkplaceForm(p: Procurement, regionOptions: [string, string][], zoneOptions: [string, string][], ctx: EditContext): HTMLElement {
  const name = h("input", { type: "text", id: "f-wp-new-name", class: "in in-l", autocomplete: "off", "aria-describedby": "f-wp-new-hint" });
  const region = h("select", { id: "f-wp-new-region" }, ...regionOptions.map(([v, t]) => h("option", { value: v }, t)));
  const zone = h("select", { id: "f-wp-new-zone" }, ...zoneOptions.map(([v, t]) => h("option", { value: v }, t)));
  const hint = h("span", { id: "f-wp-new-hint", class: "hint" }, "En arbetsplats i en annan zon än sin region.");
  const add = () => {
    if (name.value.trim() === "") {
      name.setAttribute("aria-invalid", "true");
      hint.replaceChildren(h("span", { class: "field-issue" }, "✗ Ange arbetsplatsens namn."));
      name.focus();
      return;
    }
    void ctx.submit([{ edit: "add_workplace", name: name.value.trim(), region: region.value, zone: Number(zone.value) }]);
  };
  name.addEventListener("keydown", (e: KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add();
    }
  });
  return h(
    "div",
    { class: "add-row", role: "group", "aria-labelledby": "f-wp-new-rubrik", "data-keys": `workplace[${p.zones.workplaces.length}]` },
    h("span", { id: "f-wp-new-rubrik", class: "add-title" }, "Ny arbetsplats:"),
    h("span", { class: "edit-field" }, h("label", { for: name.id, class: "field-label" }, "Namn"), name),
    h("span", { class: "edit-field" }, h("label", { for: region.id, class: "field-label" }, "Region"), region),
    h("span", { class: "edit-field" }, h("label", { for: zone.id, class: "field-label" }, "Zon"), zone),
    h("button", { type: "button", id: "f-wp-add", onclick: add }, "Lägg till arbetsplats"),
    hint,
  );
}

function pricesPart(p: Procurement, ctx: EditContext): HTMLElement {
  const series = priceSeries(p);
  return part(
    "priser",
    "Prismatris",
    h(
      "p",
      {},
      "Fast timpris i kronor exklusive moms per anbudsområde och zon. Ett grundpris i zon 1 räknas fram till de andra zonerna med zonernas faktorer, avrundat ",
      p.rounding === "ore" ? "till hela ören" : "till hela kronor",
      "; priser angivna per zon ändras i varje cell.",
    ),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "data-table price-matrix edit-table", "data-testid": "price-matrix" },
        h("caption", { class: "visually-hidden" }, "Prismatris, kronor per timme"),
        h("thead", {}, h("tr", {}, th("Anbudsområde"), ...p.zones.zones.map((z) => th(`Zon ${z.number}`, "num")))),
        h(
          "tbody",
          {},
          ...series.map((s) => {
            const li = p.lots.findIndex((l) => l.code === s.code);
            const lot = p.lots[li];
            const derived = lot?.base_price !== null && lot?.base_price !== undefined;
            const row: HTMLTableRowElement = h("tr", { "data-keys": `lot[${li}].prices`, "data-lot": s.code });
            const cellInputs = () => [...row.querySelectorAll<HTMLInputElement>("input[data-zone-price]")].map((i) => i.value);
            row.append(
              h(
                "th",
                { scope: "row" },
                `${s.code} ${s.name}`,
                h(
                  "span",
                  { class: "pricing-mode" },
                  derived ? "Från zon 1 med faktorerna · " : "Angivna per zon · ",
                  h(
                    "button",
                    {
                      type: "button",
                      class: "link-button",
                      id: `f-lot-${idPart(s.code)}-mode`,
                      "aria-label": derived ? `Ange priserna för ${s.code} per zon` : `Räkna fram priserna för ${s.code} från zon 1 med faktorerna`,
                      onclick: () =>
                        void ctx.submit(
                          derived
                            ? [{ edit: "set_lot_prices", lot: s.code, prices: s.points.map((x) => x.price ?? "") }]
                            : [{ edit: "set_lot_base_price", lot: s.code, price: s.points[0]?.price ?? "" }],
                        ),
                    },
                    derived ? "ange per zon" : "räkna fram",
                  ),
                ),
              ),
              ...s.points.map((pt, zi) => {
                if (derived && zi === 0) {
                  return h(
                    "td",
                    { class: "num", "data-keys": `lot[${li}].prices[${zi}]` },
                    field(
                      {
                        id: `f-lot-${idPart(s.code)}-base`,
                        label: `Grundpris zon 1 för ${s.code} ${s.name}, kronor per timme`,
                        value: moneyForInput(lot?.base_price),
                        keys: `lot[${li}].base_price`,
                        hiddenLabel: true,
                        size: "s",
                        inputmode: "decimal",
                        commit: (price) => [{ edit: "set_lot_base_price", lot: s.code, price }],
                      },
                      ctx,
                    ),
                  );
                }
                if (derived) {
                  return h("td", { class: "num derived", "data-keys": `lot[${li}].prices[${zi}]` }, pt.price === null ? "–" : formatSek(pt.price));
                }
                const f = field(
                  {
                    id: `f-lot-${idPart(s.code)}-price-${pt.zone}`,
                    label: `Pris zon ${pt.zone} för ${s.code} ${s.name}, kronor per timme`,
                    value: moneyForInput(pt.price),
                    keys: `lot[${li}].prices[${zi}]`,
                    hiddenLabel: true,
                    size: "s",
                    inputmode: "decimal",
                    commit: () => [{ edit: "set_lot_prices", lot: s.code, prices: cellInputs() }],
                  },
                  ctx,
                );
                f.querySelector("input")?.setAttribute("data-zone-price", String(pt.zone));
                return h("td", { class: "num" }, f);
              }),
            );
            return row;
          }),
        ),
      ),
    ),
    h("h3", {}, "Pris per zon för varje anbudsområde"),
    h("div", { class: "charts", "data-testid": "price-charts" }, ...series.map((s) => chart(s))),
  );
}

function requirementsPart(p: Procurement, catalogue: CatalogueEntry[], ctx: EditContext): HTMLElement {
  return part(
    "krav",
    "Kravkatalog (skall-krav)",
    h(
      "ol",
      { class: "catalogue" },
      ...catalogue.map((c, i) => {
        const r = p.requirements.find((x) => x.id === c.id);
        return h(
          "li",
          { "data-requirement": c.id, "data-keys": `requirement[${c.id}] requirement[${i}]` },
          h("h3", {}, c.title, " ", h("span", { class: "muted" }, `(${c.id})`)),
          h("p", { class: "muted" }, c.kind_label),
          c.description ? h("p", {}, c.description) : null,
          h(
            "div",
            { class: "threshold-fields" },
            field(
              {
                id: `f-req-${idPart(c.id)}-title`,
                label: "Rubrik",
                value: c.title,
                keys: `requirement[${c.id}].title`,
                size: "l",
                commit: (title) => [{ edit: "set_requirement_title", id: c.id, title }],
              },
              ctx,
            ),
            ...(r ? thresholdFields(r, p, ctx) : []),
          ),
          h("p", { class: "muted rule-note" }, "Så bedöms kravet:"),
          h("dl", { class: "facts" }, ...c.parameters.flatMap((x) => [h("dt", {}, x.label), h("dd", {}, x.value)])),
          c.questions.length ? h("p", {}, h("strong", {}, "Frågor i anbudsformuläret: "), c.questions.join(" · ")) : null,
        );
      }),
    ),
  );
}

/** The thresholds of a requirement's rule as inputs, each sent as a parameter edit. */
function thresholdFields(r: Requirement, p: Procurement, ctx: EditContext): HTMLElement[] {
  const f = (key: string, label: string, value: string, extra: Partial<FieldOptions> = {}) =>
    field(
      {
        id: `f-req-${idPart(r.id)}-${key}`,
        label,
        value,
        keys: `requirement[${r.id}].${key}`,
        size: "s",
        inputmode: "numeric",
        commit: (text) => [{ edit: "set_requirement_parameter", id: r.id, key, value: text }],
        ...extra,
      },
      ctx,
    );
  const rule = r.rule;
  switch (rule.kind) {
    case "deadline":
      return [f("deadline", "Sista anbudsdag för kravet", rule.deadline ?? "", { unit: `ÅÅÅÅ-MM-DD; tomt: upphandlingens (${p.deadline})` })];
    case "yes_no":
      return [
        selectField(
          {
            id: `f-req-${idPart(r.id)}-expected`,
            label: "Svar som uppfyller kravet",
            options: [
              ["Ja", "Ja"],
              ["Nej", "Nej"],
            ],
            value: rule.expected ? "Ja" : "Nej",
            keys: `requirement[${r.id}].expected`,
            commit: (value) => [{ edit: "set_requirement_parameter", id: r.id, key: "expected", value }],
          },
          ctx,
        ),
      ];
    case "min_class":
      return [
        f("min_class", "Lägsta klass", String(rule.min_class), { unit: `(skala ${rule.scale_min}–${rule.scale_max})` }),
        f("max_age_months", "Upplysningen högst", String(rule.max_age_months), { unit: "månader gammal" }),
      ];
    case "min_amount":
      return [
        f("min_amount", "Lägsta belopp", moneyForInput(rule.min_amount, true), { unit: "kr", size: "m", inputmode: "decimal" }),
        f("max_period_age_months", "Räkenskapsåret slut högst", rule.max_period_age_months === null ? "" : String(rule.max_period_age_months), {
          unit: "månader före sista anbudsdag",
          placeholder: "ingen gräns",
        }),
      ];
    case "years_since":
      return [f("years", "I verksamhet minst", String(rule.years), { unit: "år" })];
    case "reference_hours":
      return [
        f("min_hours", "Lägst antal timmar", numberForInput(rule.min_hours), { unit: "h", size: "m", inputmode: "decimal" }),
        f("reference_year", "Referensår", rule.reference_year === null ? "" : String(rule.reference_year), { unit: `tomt: upphandlingens (${p.reference_year})` }),
      ];
    default:
      return [];
  }
}

// ---- focus across a redraw ----

interface FocusState {
  id: string;
  /** What was typed into it and not yet sent (carried into the new input). */
  typed: string | null;
  selection: [number, number] | null;
  part: string | null;
}

/** The focused input of `root` before it is drawn again. */
export function captureFocus(root: HTMLElement, committed: string | null): FocusState | null {
  const a = document.activeElement;
  if (!(a instanceof HTMLElement) || !root.contains(a) || !a.id) return null;
  const input = a instanceof HTMLInputElement && a.type === "text" ? a : null;
  const typed = input && a.id !== committed && input.value !== input.defaultValue ? input.value : null;
  return {
    id: a.id,
    typed,
    selection: input && input.selectionStart !== null ? [input.selectionStart, input.selectionEnd ?? input.selectionStart] : null,
    part: a.closest("section.subsection")?.id ?? null,
  };
}

/** Focuses the same input after a redraw (with what was typed into it), else its part. */
export function restoreFocus(f: FocusState | null): void {
  if (!f) return;
  const el = document.getElementById(f.id);
  if (!el) {
    if (f.part) document.getElementById(f.part)?.focus({ preventScroll: true });
    return;
  }
  if (el instanceof HTMLInputElement && f.typed !== null) el.value = f.typed;
  el.focus({ preventScroll: true });
  if (el instanceof HTMLInputElement && el.type === "text" && f.selection) {
    try {
      el.setSelectionRange(Math.min(f.selection[0], el.value.length), Math.min(f.selection[1], el.value.length));
    } catch {
      /* not a text input */
    }
  }
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
  zoner: "zone zones workplace region",
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

interface Editor {
  element: HTMLElement;
  area: HTMLTextAreaElement;
  /** Shows a check: the list under the editor, and each problem where it arises above. */
  show: (check: DefinitionCheck, after?: "check" | "edit" | "save") => void;
  save: () => Promise<void>;
  /** "Kontrollera" in the edit mode (the text checked and the tables drawn again); unset: a plain check. */
  onCheck: (() => Promise<void>) | null;
  /** Waits for edits still on their way before saving. */
  beforeSave: (() => Promise<void>) | null;
  /** Told of every check shown. */
  onShown: ((check: DefinitionCheck) => void) | null;
}

/** The amendment (rättelse) a change needs once the procurement has received bids: why, and who. */
export interface AmendmentFields {
  element: HTMLElement;
  /** The amendment as typed, or null (the problem shown at the field, which gets the focus). */
  read: () => AmendmentInput | null;
}

const AMENDER_KEY = "anbud.beslutsfattare";

/** The two inputs beside Spara when the procurement has received bids: the justification and the name. */
export function amendmentFields(): AmendmentFields {
  const justification = h("input", { id: "amendment-justification", type: "text", required: true, "aria-describedby": "amendment-help" });
  const by = h("input", { id: "amendment-by", type: "text", required: true, autocomplete: "name" });
  by.value = localStorage.getItem(AMENDER_KEY) ?? "";
  // role="alert" only while it says something: an empty alert would be announced as one.
  const problem = h("p", { id: "amendment-problem", class: "field-issue", hidden: true });
  const element = h(
    "fieldset",
    { class: "amendment", id: "amendment" },
    h("legend", {}, "Rättelse (krävs för att spara en ändring)"),
    h("p", { class: "muted", id: "amendment-help" }, "Upphandlingen har tagit emot anbud: ange varför definitionen rättas och ditt namn."),
    h("div", { class: "field-stack" }, h("label", { for: "amendment-justification" }, "Motivering (krävs)"), justification),
    h("div", { class: "field-stack" }, h("label", { for: "amendment-by" }, "Rättat av (krävs)"), by),
    problem,
  );
  const clear = () => {
    problem.hidden = true;
    problem.removeAttribute("role");
    justification.removeAttribute("aria-invalid");
    by.removeAttribute("aria-invalid");
  };
  justification.addEventListener("input", clear);
  by.addEventListener("input", clear);
  return {
    element,
    read: () => {
      clear();
      const missing = !justification.value.trim() ? justification : !by.value.trim() ? by : null;
      if (missing) {
        missing.setAttribute("aria-invalid", "true");
        problem.textContent =
          missing === justification ? "Ange en motivering till rättelsen; ändringen är inte sparad." : "Ange ditt namn för rättelsen; ändringen är inte sparad.";
        problem.setAttribute("role", "alert");
        problem.hidden = false;
        missing.focus();
        return null;
      }
      localStorage.setItem(AMENDER_KEY, by.value.trim());
      return { justification: justification.value.trim(), by: by.value.trim() };
    },
  };
}

/** The TOML editor: check without saving, or save (the open procurement updated, or a new one
 *  created); problems listed by key with their line, and shown in `structured()` where they
 *  concern the procurement on screen. With `amendment` (the procurement has received bids) a
 *  change is saved only with its justification and name. */
function editor(text: string, mode: "edit" | "new", structured: (() => HTMLElement) | null, amendment: AmendmentFields | null = null): Editor {
  const area = h("textarea", {
    id: "definition-toml",
    class: "code",
    rows: 24,
    spellcheck: "false",
    "aria-describedby": "definition-issues",
  });
  area.value = text;
  const issues = h("div", { id: "definition-issues", "aria-live": "polite" });
  const show = (check: DefinitionCheck, after: "check" | "edit" | "save" = "check") => {
    area.setAttribute("aria-invalid", String(!check.ok));
    ed.onShown?.(check);
    const placed = structured ? markIssues(structured(), check.issues, area) : new Map<KeyedIssue, HTMLElement>();
    issues.replaceChildren(
      check.ok
        ? h(
            "p",
            { class: "ok-text" },
            h("span", { "aria-hidden": "true" }, "✓ "),
            check.saved ? "Definitionen är giltig och sparad." : after === "edit" ? "Ändringen är gjord i texten ovan och definitionen är giltig. Inget är sparat ännu." : "Definitionen är giltig.",
          )
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
                            const control = mark.dataset.control ? document.getElementById(mark.dataset.control) : null;
                            (control ?? mark).focus();
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
  const ed: Editor = {
    element: h("div"),
    area,
    show,
    onCheck: null,
    beforeSave: null,
    onShown: null,
    save: async () => {
      try {
        if (ed.beforeSave) await ed.beforeSave();
        let stated: AmendmentInput | null = null;
        if (mode === "edit" && amendment && area.value !== text) {
          // A definition with problems is shown with them first; a valid one needs the amendment.
          const check = await api.checkDefinition(area.value);
          if (!check.ok) {
            show(check, "save");
            return;
          }
          stated = amendment.read();
          if (!stated) {
            amendment.element.scrollIntoView({ block: "center" });
            return;
          }
        }
        const result = mode === "new" ? await api.createProcurement(area.value) : await api.saveDefinition(area.value, stated);
        show(result, "save");
        if (result.saved) {
          await refreshContext();
          queueNotice(
            mode === "new"
              ? `Upphandlingen ${result.procurement_id ?? ""} är skapad och vald.`
              : stated
                ? `Rättelsen av upphandlingen ${result.procurement_id ?? ""} är sparad och registrerad; anbuden har prövats på nytt.`
                : `Upphandlingen ${result.procurement_id ?? ""} är sparad; anbuden har prövats på nytt.`,
          );
          navigate("upphandling", { t: String(Date.now()) });
        }
      } catch (e) {
        showError(e);
      }
    },
  };
  const check = h(
    "button",
    {
      type: "button",
      id: "check-definition",
      onclick: async () => {
        try {
          if (ed.onCheck) await ed.onCheck();
          else show(await api.checkDefinition(area.value));
        } catch (e) {
          showError(e);
        }
      },
    },
    "Kontrollera",
  );
  const save = h("button", { type: "button", id: "save-definition", class: "primary", onclick: () => void ed.save() }, mode === "new" ? "Spara som ny upphandling" : "Spara ändringarna");
  ed.element = h(
    "div",
    { class: "editor" },
    h("label", { for: "definition-toml" }, structured ? "Definitionen i TOML-format (avancerat: hela texten, med kommentarer)" : "Definitionen i TOML-format"),
    h(
      "p",
      { class: "muted" },
      "Varje fel visas med sin nyckel (t.ex. zone[1].regions) och raden där det uppstår",
      structured ? ", och vid fältet, raden eller cellen det gäller ovan. Ändringar i tabellerna ovan skrivs in här; ändrar du texten direkt visar Kontrollera den i tabellerna" : "",
      ". En ogiltig definition sparas inte. Formatet: docs/procurement-format.md.",
    ),
    area,
    amendment ? amendment.element : null,
    h("p", { class: "actions" }, check, save),
    issues,
  );
  return ed;
}

/** "referensåret …" → "Referensåret …": the core's messages go after a key; here they stand
 *  alone, with the line (a field of the problem, never in its text) as a button beside them. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
 *  names its key, or the nearest part), removing those of the previous check. At an input (an
 *  element of class "edit-field" holding one), the input is marked aria-invalid and described by the
 *  message beside it. Returns where each was shown. */
export function markIssues(root: HTMLElement, issues: KeyedIssue[], area: HTMLTextAreaElement): Map<KeyedIssue, HTMLElement> {
  for (const old of root.querySelectorAll(".issue-mark")) old.remove();
  for (const old of root.querySelectorAll(".has-issue")) old.classList.remove("has-issue");
  for (const old of root.querySelectorAll(".has-field-issue")) old.classList.remove("has-field-issue");
  for (const control of root.querySelectorAll<HTMLElement>("[data-marked-invalid]")) {
    control.removeAttribute("aria-invalid");
    const base = control.dataset.markedInvalid ?? "";
    if (base) control.setAttribute("aria-describedby", base);
    else control.removeAttribute("aria-describedby");
    delete control.dataset.markedInvalid;
  }
  const targets = [...root.querySelectorAll<HTMLElement>("[data-keys]")];
  const placed = new Map<KeyedIssue, HTMLElement>();
  let n = 0;
  for (const issue of issues) {
    let target: HTMLElement | undefined;
    for (const c of keyCandidates(issue.key)) {
      target = targets.find((el) => (el.dataset.keys ?? "").split(" ").includes(c));
      if (target) break;
    }
    if (!target) continue;
    const line = issue.line;
    const control = target.classList.contains("edit-field") ? target.querySelector<HTMLElement>("input, select") : null;
    const content = [
      h("span", { "aria-hidden": "true" }, "✗ "),
      control ? `${sentence(issue.message)} ` : `Fel i den redigerade definitionen (${issue.key}): ${sentence(issue.message)} `,
      line ? h("button", { type: "button", class: "link-button", onclick: () => selectLine(area, line) }, `rad ${line}`) : null,
    ];
    let mark: HTMLElement;
    const row = target.tagName === "TR" ? target : target.tagName === "TD" || target.tagName === "TH" ? target.closest("tr") : null;
    if (control) {
      const id = `${control.id}-fel-${n++}`;
      mark = h("span", { class: "issue-mark field-issue", id, tabindex: "-1", "data-key": issue.key }, ...content);
      target.appendChild(mark);
      if (control.dataset.markedInvalid === undefined) control.dataset.markedInvalid = control.getAttribute("aria-describedby") ?? "";
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
      mark.dataset.control = control.id;
      target.closest("td")?.classList.add("has-field-issue");
    } else if (row) {
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

/** "Spara prisbilaga…": the price list workbook (lots down, zones across, the zones' regions),
 *  as the stored definition gives it, to a file chosen in the native Save dialog. */
function priceListButton(): HTMLButtonElement {
  const button = h("button", { type: "button", id: "save-price-list" }, "Spara prisbilaga…");
  button.onclick = async () => {
    try {
      // (An end-to-end build saves into ANBUD_E2E_SAVE_DIR instead of opening the dialog.)
      const file = await saveAs("price_list", await api.priceListFileName());
      if (!file) return;
      showNotice(`Prisbilagan är sparad: ${await api.savePriceList(file)}`);
    } catch (e) {
      showError(e);
    }
  };
  return button;
}

