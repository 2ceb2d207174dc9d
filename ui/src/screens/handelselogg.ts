import { h, replaceChildren } from "../dom";
import { api } from "../ipc";
import { showError } from "../banner";
import { hrefFor } from "../router";
import { count } from "../format";
import type { JournalEntry } from "../bindings/JournalEntry";
import type { JournalFilter } from "../bindings/JournalFilter";
import type { JournalView } from "../bindings/JournalView";
import type { FilterChoice } from "../bindings/FilterChoice";

// Händelselogg: the procurement's journal, every change of state with who, when, what and what
// changed (before and after), oldest first and numbered as the journal is (a lawyer reads a
// record from the beginning, and the numbers are what the audit names). Filters by supplier,
// person and kind of event; the filtering is the core's (usecases::audit::journal_view), the
// filter lives in the URL (leverantor, person, typ) so a link can open a supplier's history.

/** The filter a URL asks for (empty values are no filter). */
export function filterFromParams(params: URLSearchParams): JournalFilter {
  const get = (k: string) => (params.get(k) ?? "").trim() || null;
  return { supplier: get("leverantor"), person: get("person"), kind: get("typ") };
}

/** The URL parameters of a filter (the inverse of `filterFromParams`). */
export function paramsOfFilter(f: JournalFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.supplier) out.leverantor = f.supplier;
  if (f.person) out.person = f.person;
  if (f.kind) out.typ = f.kind;
  return out;
}

/** The first 12 characters of a hash (the whole in the tooltip). */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

/** Who did it: the name the person gave and the computer's user, or the user alone. */
export function who(e: Pick<JournalEntry, "actor" | "os_user">): string {
  return e.actor ? `${e.actor} (${e.os_user})` : `${e.os_user} (användare i datorn)`;
}

/** The table of events (also the supplier's history on Leverantör). */
export function journalTable(events: JournalEntry[], opts: { caption: string; withSupplier?: boolean } = { caption: "Händelser" }): HTMLTableElement {
  const withSupplier = opts.withSupplier ?? true;
  const head = ["Nr", "När", "Vem", "Händelse", ...(withSupplier ? ["Leverantör"] : []), "Vad som ändrades", "Kontrollsumma"];
  return h(
    "table",
    { class: "data-table journal-table", "data-testid": "journal-table", "data-rows": events.length },
    h("caption", { class: "visually-hidden" }, opts.caption),
    h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      ...events.map((e) =>
        h(
          "tr",
          { "data-seq": e.seq, "data-kind": e.kind },
          h("th", { scope: "row", class: "nowrap" }, String(e.seq)),
          h("td", { class: "nowrap" }, h("time", { datetime: e.at, title: `UTC: ${e.at}` }, e.at_local)),
          h("td", { "data-testid": "event-who" }, who(e)),
          h("td", {}, e.label),
          withSupplier ? h("td", {}, e.subject ? (e.supplier_name ? `${e.supplier_name} (${e.subject})` : e.subject) : "–") : null,
          h("td", { "data-testid": "event-what" }, ...what(e)),
          h("td", { class: "mono nowrap" }, h("span", { title: `SHA-256: ${e.hash}` }, shortHash(e.hash))),
        ),
      ),
    ),
  );
}

function what(e: JournalEntry): Node[] {
  const out: Node[] = [h("div", {}, e.summary)];
  if (e.changes.length > 0) {
    out.push(
      h(
        "ul",
        { class: "plain-list changes" },
        ...e.changes.map((c) =>
          h(
            "li",
            { "data-testid": "event-change" },
            `${c.what}: `,
            h("span", { class: "before" }, h("span", { class: "visually-hidden" }, "före "), c.before ?? "–"),
            h("span", { "aria-hidden": "true" }, " → "),
            h("span", { class: "after" }, h("span", { class: "visually-hidden" }, " efter "), c.after ?? "–"),
          ),
        ),
      ),
    );
  }
  if (e.diff) {
    out.push(h("details", {}, h("summary", {}, "Visa ändringen i definitionen"), h("pre", { class: "diff" }, e.diff)));
  }
  return out;
}

/** The line above the table: how many events are shown of how many. */
export function shownText(v: Pick<JournalView, "total" | "events">): string {
  return v.events.length === v.total ? `${count(v.total, "händelse", "händelser")}, äldst först.` : `Visar ${v.events.length} av ${count(v.total, "händelse", "händelser")}, äldst först.`;
}

function select(id: string, label: string, all: string, choices: FilterChoice[], value: string | null, onchange: (v: string | null) => void): HTMLElement {
  // A value in the URL that is not among the choices (a part of a name) is kept as a choice.
  const list = value && !choices.some((c) => c.value === value) ? [...choices, { value, label: value }] : choices;
  const el = h(
    "select",
    { id, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value || null) },
    h("option", { value: "" }, all),
    ...list.map((c) => h("option", { value: c.value, selected: c.value === value }, c.label)),
  );
  return h("div", { class: "field" }, h("label", { for: id }, label), el);
}

export async function renderHandelselogg(params: URLSearchParams): Promise<Node> {
  let filter = filterFromParams(params);
  const root = h("section", { "aria-labelledby": "rubrik" });
  const draw = (v: JournalView): void => {
    const set = (key: keyof JournalFilter) => (value: string | null) => {
      filter = { ...filter, [key]: value };
      // The URL follows the filter without a new render (focus stays on the filter).
      history.replaceState(null, "", hrefFor("handelselogg", paramsOfFilter(filter)));
      api.auditLog(filter).then(draw, showError);
    };
    const focused = document.activeElement?.id;
    replaceChildren(
      root,
      h("h1", { id: "rubrik" }, "Händelselogg"),
      h(
        "p",
        { class: "lead" },
        "Allt som har hänt i upphandlingen, i den ordning det hände: vem som gjorde vad, när, och vad som ändrades. Händelserna kan inte ändras i efterhand; varje händelse bär en kontrollsumma över den och alla före den.",
      ),
      h(
        "form",
        { class: "filters", role: "search", "aria-label": "Filtrera händelser", onsubmit: (e: Event) => e.preventDefault() },
        select("journal-supplier", "Leverantör", "Alla leverantörer", v.suppliers, filter.supplier, set("supplier")),
        select("journal-person", "Person", "Alla personer", v.people, filter.person, set("person")),
        select("journal-kind", "Typ av händelse", "Alla typer", v.kinds, filter.kind, set("kind")),
      ),
      h("p", { class: "counts", role: "status", "data-testid": "journal-count" }, shownText(v)),
      v.events.length === 0
        ? h("p", {}, "Inga händelser matchar filtret.")
        : h("div", { class: "table-scroll" }, journalTable(v.events, { caption: "Händelser i upphandlingen" })),
    );
    if (focused) document.getElementById(focused)?.focus();
  };
  draw(await api.auditLog(filter));
  return root;
}
