import { h, replaceChildren, tag } from "../dom";
import { count, formatDate, formatInteger } from "../format";
import { api } from "../ipc";
import { OUTCOME_ORDER, STATUS_ORDER, baseName, outcomeLabel, statusLabel } from "../labels";
import { hrefFor } from "../router";
import {
  applyFilter,
  EMPTY_FILTER,
  filterFromParams,
  filterToParams,
  indexRows,
  type IndexedRow,
  type OverviewFilter,
  type SortKey,
} from "../overview-model";
import type { Overview } from "../bindings/Overview";
import type { OverviewRow } from "../bindings/OverviewRow";

// Översikt: every supplier in force with its status and each requirement's outcome. Filtering
// and sorting run in memory (overview-model.ts); the table renders only the rows in view (plus
// a margin) between two spacer rows, with fixed row height and column widths, so 1 000
// suppliers stay smooth (docs/performance.md). Rows that come into view are built once and
// kept, and a new window only adds and removes rows at its edges, so the row that has keyboard
// focus stays in the document (and keeps focus) while the window moves; should it still lose
// focus, it is given back. Tab moves from row to row, and so do Arrow Up/Down, Page Up/Down,
// Home and End, scrolling the row into view. aria-rowcount/aria-rowindex tell screen readers
// the whole table's size. The filter lives in the URL.
export async function renderOversikt(params: URLSearchParams): Promise<Node> {
  const overview = await api.overview();
  current = new OverviewScreen(overview, filterFromParams(params));
  return current.root;
}

let current: OverviewScreen | null = null;

// One resize listener for the app's lifetime, for whichever overview is on screen.
let resizeListening = false;
function listenToResize(): void {
  if (resizeListening) return;
  resizeListening = true;
  window.addEventListener("resize", () => current?.schedule(), { passive: true });
}

/** For the start-up benchmark (bench/app.sh): applies a series of filters to the overview on
 *  screen and times each, layout included. */
export function measureFilters(): { rows: number; filters: { filter: string; rows: number; ms: number }[] } {
  const screen = current;
  if (!screen) throw new Error("Översikten visas inte");
  const cases: [string, Partial<OverviewFilter>][] = [
    ["status=needs_review", { status: "needs_review" }],
    ["sök 'bolag 01'", { search: "bolag 01" }],
    ["sök orgnr 5500001", { search: "5500001" }],
    ["anbudsområde S1", { lot: "S1" }],
    ["K4 = ej uppfyllt", { requirement: "kreditvardighet", outcome: "fail" }],
    ["sortera på status, fallande", { sort: "status", descending: true }],
    ["alla (rensat)", {}],
  ];
  const filters = cases.map(([name, f]) => {
    const started = performance.now();
    screen.setFilter({ ...EMPTY_FILTER, ...f });
    void document.body.offsetHeight; // force the layout into the measurement
    const ms = performance.now() - started;
    return { filter: name, rows: Number(document.querySelector('[data-testid="overview-table"]')?.getAttribute("data-rows") ?? 0), ms };
  });
  return { rows: Number(document.querySelector('[data-testid="overview-table"]')?.getAttribute("data-rows") ?? 0), filters };
}

/** The short column name of the i-th requirement: K1, K2, … (the legend names each). */
export function reqCode(i: number): string {
  return `K${i + 1}`;
}

/** Rows rendered above and below the visible ones. */
const OVERSCAN = 12;
/** The rows' height in px until the first rendered row is measured (CSS fixes it). */
const ROW_HEIGHT = 37;

class OverviewScreen {
  readonly root: HTMLElement;
  private readonly rows: IndexedRow[];
  private readonly reqIds: string[];
  private readonly trCache = new Map<number, HTMLTableRowElement>();
  private readonly tbody = h("tbody", {});
  private readonly topSpacer = h("tr", { class: "spacer", "aria-hidden": "true" });
  private readonly bottomSpacer = h("tr", { class: "spacer", "aria-hidden": "true" });
  private readonly scroller: HTMLDivElement;
  private matching: IndexedRow[] = [];
  private window: [number, number] = [-1, -1];
  private rowHeight = ROW_HEIGHT;
  private scheduled = false;
  private readonly table: HTMLTableElement;
  private readonly shown = h("p", { class: "counts", "aria-live": "polite", "data-testid": "supplier-count" });
  private readonly headers = new Map<SortKey, HTMLTableCellElement>();
  private readonly controls: Record<"status" | "lot" | "requirement" | "outcome", HTMLSelectElement>;
  private readonly search: HTMLInputElement;
  private readonly statusButtons = new Map<string, HTMLButtonElement>();
  /** The row (bid id) that last had keyboard focus in the table, to keep it focused. */
  private focusedBid: number | null = null;
  /** The focused row's warnings, readable without a mouse. */
  private readonly rowDetail = h("p", { class: "row-detail", id: "row-detail", "data-testid": "row-detail" });

  constructor(
    private readonly o: Overview,
    private filter: OverviewFilter,
  ) {
    this.rows = indexRows(o.rows);
    this.reqIds = o.requirements.map((r) => r.id);
    const select = (id: string, label: string, all: string, options: [string, string][]) => {
      const el = h(
        "select",
        { id, onchange: () => this.update() },
        h("option", { value: "" }, all),
        ...options.map(([value, text]) => h("option", { value }, text)),
      );
      return { el, wrap: h("div", { class: "field" }, h("label", { for: id }, label), el) };
    };
    const status = select("filter-status", "Status", "Alla", STATUS_ORDER.map((s) => [s, statusLabel(s).text]));
    const lot = select(
      "filter-lot",
      "Anbudsområde",
      "Alla",
      o.lots.filter((l) => !l.shortage).map((l) => [l.code, `${l.code} ${l.name}`]),
    );
    const req = select("filter-requirement", "Krav", "Alla krav", o.requirements.map((r, i) => [r.id, `${reqCode(i)} ${r.title}`]));
    const outcome = select("filter-outcome", "Utfall", "Alla utfall", OUTCOME_ORDER.map((x) => [x, outcomeLabel(x).text]));
    this.controls = { status: status.el, lot: lot.el, requirement: req.el, outcome: outcome.el };
    this.search = h("input", {
      id: "filter-search",
      type: "search",
      placeholder: "Namn eller 556012-5790",
      autocomplete: "off",
      oninput: () => this.update(),
    });
    const clear = h("button", { type: "button", onclick: () => this.setFilter({ ...EMPTY_FILTER }) }, "Rensa filter");
    const filters = h(
      "form",
      { class: "filters", role: "search", "aria-label": "Filtrera leverantörer", onsubmit: (e: Event) => e.preventDefault() },
      h("div", { class: "field" }, h("label", { for: "filter-search" }, "Sök"), this.search),
      status.wrap,
      lot.wrap,
      req.wrap,
      outcome.wrap,
      h("div", { class: "field field-button" }, clear),
    );

    this.table = h(
      "table",
      { class: "data-table overview-table", "data-testid": "overview-table" },
      h("caption", { class: "visually-hidden" }, "Leverantörer med status och utfall per krav. Kolumnrubrikerna sorterar."),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          this.sortHeader("name", "Leverantör"),
          this.sortHeader("org_nr", "Organisationsnummer", "", "Org.nr"),
          this.sortHeader("status", "Status"),
          ...o.requirements.map((r, i) => this.sortHeader(`req:${i}`, r.title, "req-col", reqCode(i))),
          h("th", { scope: "col", title: "Anbudsområden inom avtalet" }, "Områden"),
          h("th", { scope: "col" }, h("span", { "aria-hidden": "true" }, "⚠"), h("span", { class: "visually-hidden" }, "Varningar")),
        ),
      ),
      this.tbody,
    );

    // The table's width follows the number of requirements (styles.css: --req-count).
    this.table.style.setProperty("--req-count", String(o.requirements.length));
    this.tbody.addEventListener("keydown", (e) => this.onKey(e));
    this.tbody.addEventListener("focusin", (e) => this.onFocus(e));
    const columns = 3 + o.requirements.length + 2;
    this.topSpacer.appendChild(h("td", { colspan: columns }));
    this.bottomSpacer.appendChild(h("td", { colspan: columns }));
    this.table.setAttribute("aria-rowcount", String(o.rows.length + 1));
    this.table.insertBefore(
      h(
        "colgroup",
        {},
        h("col", { class: "col-name" }),
        h("col", { class: "col-org" }),
        h("col", { class: "col-status" }),
        ...o.requirements.map(() => h("col", { class: "col-req" })),
        h("col", { class: "col-lots" }),
        h("col", { class: "col-warn" }),
      ),
      this.table.querySelector("thead"),
    );
    this.scroller = h(
      "div",
      { class: "table-scroll virtual-scroll", tabindex: "0", role: "region", "aria-label": "Leverantörer (rulla för fler)" },
      this.table,
    );
    this.scroller.addEventListener("scroll", () => this.schedule(), { passive: true });
    listenToResize();
    this.root = h(
      "section",
      { "aria-labelledby": "rubrik" },
      h("h1", { id: "rubrik" }, "Översikt"),
      h("p", { class: "lead" }, `${o.procurement_name} · dnr ${o.procurement_id} · sista anbudsdag ${formatDate(o.deadline)}`),
      this.countCards(),
      filters,
      h(
        "p",
        { class: "legend", "data-testid": "requirement-legend" },
        "Krav: ",
        ...o.requirements.flatMap((r, i) => [h("span", { class: "legend-item" }, h("strong", {}, reqCode(i)), ` ${r.title}`), " "]),
      ),
      h(
        "p",
        { class: "legend" },
        "Utfall: ",
        ...OUTCOME_ORDER.flatMap((x) => [tag(outcomeLabel(x)), " "]),
        h("span", { class: "tag tag-neutral" }, h("span", { "aria-hidden": "true" }, "✎"), "ändrat av person"),
      ),
      this.shown,
      h("p", { class: "muted small", id: "table-help" }, "Tab eller pil upp/ned flyttar mellan leverantörerna; Home och End går till första och sista."),
      this.scroller,
      this.rowDetail,
      this.notEvaluated(),
    );
    this.setFilter(filter, false);
  }

  private countCards(): HTMLElement {
    const c = this.o.counts;
    const card = (status: string, n: number) => {
      const l = statusLabel(status);
      const b = h(
        "button",
        {
          type: "button",
          class: `count-card ${l.cls}`,
          "data-status": status,
          "aria-pressed": "false",
          onclick: () => this.setFilter({ ...this.filter, status: this.filter.status === status ? "" : status }),
        },
        h("span", { class: "count-number", "data-testid": `count-${status}` }, formatInteger(n)),
        h("span", { class: "count-label" }, h("span", { "aria-hidden": "true" }, l.icon), " ", l.text),
      );
      this.statusButtons.set(status, b);
      return b;
    };
    return h(
      "div",
      { class: "count-cards", role: "group", "aria-label": "Antal per status (välj för att filtrera)" },
      card("qualified", c.qualified),
      card("not_qualified", c.not_qualified),
      card("needs_review", c.needs_review),
      h(
        "a",
        { class: "count-card tag-neutral", href: "#ej-provade" },
        h("span", { class: "count-number", "data-testid": "count-not_evaluated" }, formatInteger(c.not_evaluated)),
        h("span", { class: "count-label" }, h("span", { "aria-hidden": "true" }, "⊘"), " Filer ej prövade"),
      ),
    );
  }

  /** A column header that sorts; `short` (K1…) is shown, with the full text for screen readers. */
  private sortHeader(key: SortKey, text: string, cls = "", short?: string): HTMLTableCellElement {
    const label: (Node | string)[] = short
      ? [h("span", { "aria-hidden": "true" }, short), h("span", { class: "visually-hidden" }, text)]
      : [text];
    const th = h(
      "th",
      { scope: "col", class: cls, "aria-sort": "none" },
      h(
        "button",
        {
          type: "button",
          class: "sort-button",
          title: short ? `${short}: ${text} (sortera)` : `Sortera efter ${text}`,
          onclick: () => {
            const descending = this.filter.sort === key ? !this.filter.descending : false;
            this.setFilter({ ...this.filter, sort: key, descending });
          },
        },
        ...label,
        h("span", { class: "sort-mark", "aria-hidden": "true" }),
      ),
    );
    this.headers.set(key, th);
    return th;
  }

  private notEvaluated(): HTMLElement {
    const list = this.o.not_evaluated;
    return h(
      "section",
      { id: "ej-provade", "aria-labelledby": "ej-provade-rubrik", class: "subsection", tabindex: "-1" },
      h("h2", { id: "ej-provade-rubrik" }, `Filer som inte prövas (${formatInteger(list.length)})`),
      list.length === 0
        ? h("p", {}, "Inga.")
        : h(
            "ul",
            { class: "plain-list" },
            ...list.map((r) =>
              h(
                "li",
                {},
                h("strong", {}, baseName(r.file)),
                h("ul", {}, ...r.errors.map((e) => h("li", {}, [e.sheet, e.cell].filter(Boolean).join("!") + (e.sheet ? ": " : ""), e.message))),
              ),
            ),
          ),
    );
  }

  private readControls(): OverviewFilter {
    return {
      ...this.filter,
      status: this.controls.status.value,
      lot: this.controls.lot.value,
      requirement: this.controls.requirement.value,
      outcome: this.controls.outcome.value,
      search: this.search.value,
    };
  }

  private update(): void {
    this.setFilter(this.readControls());
  }

  /** Applies a filter: controls, URL, rows. Returns the time it took (ms). */
  setFilter(f: OverviewFilter, writeUrl = true): number {
    const started = performance.now();
    this.filter = f;
    this.controls.status.value = f.status;
    this.controls.lot.value = f.lot;
    this.controls.requirement.value = f.requirement;
    this.controls.outcome.value = f.outcome;
    if (this.search.value !== f.search) this.search.value = f.search;
    for (const [s, b] of this.statusButtons) b.setAttribute("aria-pressed", String(f.status === s));
    for (const [key, th] of this.headers) {
      th.setAttribute("aria-sort", key === f.sort ? (f.descending ? "descending" : "ascending") : "none");
    }
    const matching = applyFilter(this.rows, f, this.reqIds);
    this.matching = matching;
    this.scroller.scrollTop = 0;
    this.renderWindow(true);
    replaceChildren(
      this.shown,
      matching.length === this.rows.length
        ? count(this.rows.length, "leverantör", "leverantörer")
        : `Visar ${formatInteger(matching.length)} av ${count(this.rows.length, "leverantör", "leverantörer")}`,
    );
    if (writeUrl) history.replaceState(null, "", hrefFor("oversikt", filterToParams(f)));
    const ms = performance.now() - started;
    this.table.dataset.filterMs = ms.toFixed(1);
    this.table.dataset.rows = String(matching.length);
    return ms;
  }

  /** Arrow Up/Down, Page Up/Down, Home and End move the focus from row to row. */
  private onKey(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const tr = (e.target as Element | null)?.closest?.("tr[data-bid]");
    if (!tr) return;
    const at = Number(tr.getAttribute("aria-rowindex")) - 2;
    const page = Math.max(1, Math.floor(this.visibleHeight() / this.rowHeight) - 1);
    const last = this.matching.length - 1;
    const to: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + page,
      PageUp: at - page,
      Home: 0,
      End: last,
    };
    const target = to[e.key];
    if (target === undefined) return;
    e.preventDefault();
    this.focusRow(Math.max(0, Math.min(last, target)));
  }

  /** Height of the scroller's view below the sticky header (800 px where there is no layout). */
  private visibleHeight(): number {
    const head = this.table.tHead?.getBoundingClientRect().height ?? 0;
    return (this.scroller.clientHeight || 800) - head;
  }

  /** Scrolls row `i` (of the matching rows) into view, renders it, and focuses its link. */
  focusRow(i: number): void {
    const r = this.matching[i];
    if (!r) return;
    const view = this.scroller.clientHeight || 800;
    const head = this.table.tHead?.getBoundingClientRect().height ?? 0;
    const top = i * this.rowHeight; // the row's top below the header, in the scrolled content
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (head + top + this.rowHeight > this.scroller.scrollTop + view) this.scroller.scrollTop = head + top + this.rowHeight - view;
    this.renderWindow(false);
    this.focusedBid = r.row.bid_id;
    this.tr(r.row).querySelector("a")?.focus({ preventScroll: true });
  }

  private onFocus(e: FocusEvent): void {
    const tr = (e.target as Element | null)?.closest?.("tr[data-bid]");
    if (!tr) return;
    const bid = Number(tr.getAttribute("data-bid"));
    this.focusedBid = bid;
    const row = this.rows.find((r) => r.row.bid_id === bid)?.row;
    if (!row) return;
    replaceChildren(
      this.rowDetail,
      row.warnings.length === 0
        ? `${row.name}: inga varningar.`
        : h("span", { class: "has-warnings" }, h("span", { "aria-hidden": "true" }, "⚠ "), `${row.name}: ${row.warnings.join(" · ")}`),
    );
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.renderWindow(false);
    });
  }

  /** Renders the rows in view, plus OVERSCAN above and below, between the spacers. */
  private renderWindow(force: boolean): void {
    const total = this.matching.length;
    const viewport = this.scroller.clientHeight || 800;
    const top = this.scroller.scrollTop;
    const first = Math.max(0, Math.floor(top / this.rowHeight) - OVERSCAN);
    const last = Math.min(total, Math.ceil((top + viewport) / this.rowHeight) + OVERSCAN);
    if (!force && first === this.window[0] && last === this.window[1]) return;
    this.window = [first, last];
    const rows: HTMLTableRowElement[] = [];
    for (let i = first; i < last; i++) {
      const r = this.matching[i];
      if (!r) continue;
      const tr = this.tr(r.row);
      tr.setAttribute("aria-rowindex", String(i + 2));
      rows.push(tr);
    }
    // Heights through the CSSOM (the CSP forbids style attributes, not this).
    this.topSpacer.style.height = `${first * this.rowHeight}px`;
    this.bottomSpacer.style.height = `${(total - last) * this.rowHeight}px`;
    const hadFocus = this.tbody.contains(document.activeElement);
    reconcile(this.tbody, [...(first > 0 ? [this.topSpacer] : []), ...rows, ...(last < total ? [this.bottomSpacer] : [])]);
    // The focused row stays in place while it is in the window; if focus was lost all the same
    // (the rows were re-ordered), give it back to the same supplier's row.
    if (hadFocus && !this.tbody.contains(document.activeElement) && this.focusedBid !== null) {
      const tr = this.trCache.get(this.focusedBid);
      if (tr?.isConnected) tr.querySelector("a")?.focus({ preventScroll: true });
    }
    // Measure the real row height once (it is fixed in CSS; this guards against zoom).
    if (rows.length > 0 && this.rowHeight === ROW_HEIGHT && rows[0]?.isConnected) {
      const measured = rows[0].getBoundingClientRect().height;
      if (measured > 10 && Math.abs(measured - this.rowHeight) > 0.5) {
        this.rowHeight = measured;
        this.renderWindow(true);
      }
    }
  }

  private tr(row: OverviewRow): HTMLTableRowElement {
    const cached = this.trCache.get(row.bid_id);
    if (cached) return cached;
    const status = statusLabel(row.status);
    const tr = h(
      "tr",
      { "data-bid": String(row.bid_id), "data-status": row.status },
      h("th", { scope: "row", title: row.name }, h("a", { href: hrefFor("leverantor", { id: String(row.bid_id) }) }, row.name)),
      h("td", { class: "nowrap org-cell" }, row.org_nr),
      h("td", {}, tag(status)),
      ...row.outcomes.map((o, i) => {
        if (o === null) return h("td", { class: "outcome-cell" }, h("span", { class: "not-assessed", title: "Inte prövat" }, "–"), h("span", { class: "visually-hidden" }, "Inte prövat"));
        const l = outcomeLabel(o);
        const changed = row.overridden[i] === true;
        return h(
          "td",
          { class: "outcome-cell", "data-outcome": o, title: `${reqCode(i)} ${this.o.requirements[i]?.title ?? ""}: ${l.text}${changed ? " (ändrat av person)" : ""}` },
          h("span", { class: `icon-tag ${l.cls}`, "aria-hidden": "true" }, l.icon),
          changed ? h("span", { class: "changed-mark", "aria-hidden": "true" }, "✎") : null,
          h("span", { class: "visually-hidden" }, l.text + (changed ? ", ändrat av person" : "")),
        );
      }),
      h("td", { class: "lots-cell" }, row.late ? "För sent inkommet" : row.lots.map((l) => l.code).join(" ")),
      h(
        "td",
        { class: "num" },
        row.warnings.length > 0
          ? h(
              "span",
              { title: row.warnings.join("\n") },
              h("span", { "aria-hidden": "true" }, "⚠ "),
              formatInteger(row.warnings.length),
              h("span", { class: "visually-hidden" }, `${row.warnings.length === 1 ? " varning" : " varningar"}: ${row.warnings.join(" · ")}`),
            )
          : "",
      ),
    );
    this.trCache.set(row.bid_id, tr);
    return tr;
  }
}

/** Makes `parent`'s children exactly `want`, in order, removing and inserting only what
 *  differs: a child that stays is never moved out of the document (so it keeps focus). */
export function reconcile(parent: Element, want: Node[]): void {
  const keep = new Set(want);
  for (const child of [...parent.childNodes]) if (!keep.has(child)) parent.removeChild(child);
  let cursor: ChildNode | null = parent.firstChild;
  for (const node of want) {
    if (cursor === node) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
}
