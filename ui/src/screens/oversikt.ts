import { h } from "../dom";
import { formatDate, formatSek, count } from "../format";
import { api } from "../ipc";
import { STATUS_ORDER, statusLabel } from "../labels";
import { navigate } from "../router";
import type { DemoSupplierRow } from "../bindings/DemoSupplierRow";

// Overview. PLACEHOLDER data: `demo_overview` returns made-up rows until the core's overview
// lands; the layout (filter, counts, icon+text status) is the real one to build on.
// The filter lives in the URL (#/oversikt?status=needs_review), so it can be linked to.
export async function renderOversikt(params: URLSearchParams): Promise<Node> {
  const status = params.get("status") ?? "";
  const select = h(
    "select",
    {
      id: "filter-status",
      onchange: (e: Event) => {
        const value = (e.target as HTMLSelectElement).value;
        navigate("oversikt", value ? { status: value } : undefined);
      },
    },
    h("option", { value: "" }, "Alla"),
    ...STATUS_ORDER.map((s) => h("option", { value: s, selected: s === status }, statusLabel(s).text)),
  );
  const filter = h(
    "div",
    { class: "filters" },
    h("label", { for: "filter-status" }, "Status"),
    select,
  );
  const overview = await api.demoOverview(status || undefined);
  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Översikt"),
    h("p", { class: "lead" }, `${overview.procurement} · dnr ${overview.dnr} · sista anbudsdag ${formatDate(overview.deadline)}`),
    filter,
    h("p", { class: "counts", "aria-live": "polite", "data-testid": "supplier-count" }, count(overview.suppliers.length, "leverantör", "leverantörer")),
    supplierTable(overview.suppliers),
  );
}

function supplierTable(rows: DemoSupplierRow[]): HTMLTableElement {
  return h(
    "table",
    { class: "data-table" },
    h("caption", { class: "visually-hidden" }, "Leverantörer och status"),
    h(
      "thead",
      {},
      h("tr", {}, h("th", { scope: "col" }, "Leverantör"), h("th", { scope: "col" }, "Organisationsnummer"), h("th", { scope: "col" }, "Status"), h("th", { scope: "col", class: "num" }, "Omsättning")),
    ),
    h(
      "tbody",
      {},
      ...rows.map((r) => {
        const label = statusLabel(r.status);
        return h(
          "tr",
          {},
          h("th", { scope: "row" }, r.name),
          h("td", {}, r.org_nr),
          h("td", {}, h("span", { class: `tag ${label.cls}` }, h("span", { "aria-hidden": "true" }, label.icon), " ", label.text)),
          h("td", { class: "num" }, formatSek(r.turnover_sek)),
        );
      }),
    ),
  );
}
