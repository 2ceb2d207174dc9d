import { h, replaceChildren, tag } from "../dom";
import { count, formatDate, formatDateTime, formatDecimal, formatSek } from "../format";
import { api } from "../ipc";
import { queueNotice, showError, showNotice } from "../banner";
import { baseName, outcomeLabel, statusLabel } from "../labels";
import { hrefFor, navigate } from "../router";
import type { SupplierDetail } from "../bindings/SupplierDetail";
import type { RequirementDetail } from "../bindings/RequirementDetail";
import type { Outcome } from "../bindings/Outcome";
import { journalTable } from "./handelselogg";
import { judgementsOf } from "../review-model";

const DECIDER_KEY = "anbud.beslutsfattare";

// Leverantör: every requirement with the bidder's answers (with their cells), the evidence, the
// engine's proposal and reason; an override with a mandatory justification and the decider's
// name (the proposal stays visible beside it); the history; lots, zones, prices; warnings.
export async function renderLeverantor(params: URLSearchParams): Promise<Node> {
  const id = Number(params.get("id"));
  if (!params.get("id") || !Number.isInteger(id)) return chooser();
  const root = h("section", { "aria-labelledby": "rubrik" });
  const draw = (d: SupplierDetail) => replaceChildren(root, ...view(d, draw));
  draw(await api.supplierDetail(id));
  return root;
}

async function chooser(): Promise<Node> {
  const o = await api.overview();
  const select = h(
    "select",
    { id: "choose-supplier", onchange: (e: Event) => navigate("leverantor", { id: (e.target as HTMLSelectElement).value }) },
    h("option", { value: "" }, "Välj…"),
    ...o.rows.map((r) => h("option", { value: String(r.bid_id) }, `${r.name} (${r.org_nr}) – ${statusLabel(r.status).text}`)),
  );
  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Leverantör"),
    h("p", { class: "lead" }, "Välj en leverantör här eller i översikten."),
    h("div", { class: "field" }, h("label", { for: "choose-supplier" }, "Leverantör"), select),
  );
}

function view(d: SupplierDetail, redraw: (d: SupplierDetail) => void): (Node | null)[] {
  const status = statusLabel(d.status);
  return [
    h("h1", { id: "rubrik" }, "Leverantör"),
    h("p", { class: "back" }, h("a", { href: hrefFor("oversikt") }, "← Till översikten")),
    h(
      "div",
      { class: "supplier-head" },
      h("h2", { id: "leverantor-namn", class: "supplier-name" }, d.name),
      tag(status, { "data-testid": "supplier-status", "data-status": d.status }),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Organisationsnummer"),
      h("dd", {}, d.org_nr),
      h("dt", {}, "Anbudsdatum"),
      h("dd", {}, formatDate(d.bid_date)),
      h("dt", {}, "Fil"),
      h("dd", { title: d.file }, baseName(d.file)),
      ...(d.espd
        ? [
            h("dt", {}, "ESPD-svar"),
            h("dd", { "data-testid": "supplier-espd", title: `SHA-256 ${d.espd.sha256}` }, `${baseName(d.espd.file)} (ESPD-EDM ${d.espd.version})`),
          ]
        : []),
      h("dt", {}, "Kontakt"),
      h("dd", {}, [d.contact, d.email, d.phone].filter(Boolean).join(" · ") || "–"),
      h("dt", {}, "Inläst"),
      h("dd", {}, `${formatDateTime(d.imported_at)}${d.state !== "active" ? ` (${d.state === "replaced" ? "ersatt" : "i konflikt med ett annat anbud med samma anbudsdatum"})` : ""}`),
    ),
    d.warnings.length
      ? h(
          "div",
          { class: "warnings", role: "note", "aria-label": "Varningar" },
          h("h3", {}, h("span", { "aria-hidden": "true" }, "⚠ "), "Varningar"),
          h("ul", {}, ...d.warnings.map((w) => h("li", {}, w))),
        )
      : null,
    d.late ? h("p", { class: "warnings" }, "Anbudet kom in efter sista anbudsdag; övriga krav prövas inte.") : null,
    d.conflict.length ? conflictSection(d, redraw) : null,
    h(
      "section",
      { "aria-labelledby": "krav-rubrik", class: "subsection" },
      h("h2", { id: "krav-rubrik" }, "Krav"),
      ...d.requirements.map((r) => requirementCard(d, r, redraw)),
    ),
    lotsSection(d),
    pricesSection(d),
    assignmentsSection(d),
    historySection(d),
    journalSection(d),
  ];
}

function requirementCard(d: SupplierDetail, r: RequirementDetail, redraw: (d: SupplierDetail) => void): HTMLElement {
  const res = r.result;
  const now = outcomeLabel(res.outcome);
  const open = res.outcome === "review" || res.outcome === "missing";
  const o = res.override;
  return h(
    "article",
    { class: `requirement-card ${open ? "needs-attention" : ""}`, "data-requirement": res.id, "data-outcome": res.outcome, "aria-labelledby": `krav-${res.id}` },
    h(
      "header",
      { class: "requirement-head" },
      h("h3", { id: `krav-${res.id}` }, res.title, " ", h("span", { class: "muted" }, `(${res.id})`)),
      tag(now, { "data-testid": "outcome" }),
    ),
    proposalLine(r),
    o
      ? h(
          "p",
          { class: "override-note" },
          h("span", { "aria-hidden": "true" }, "✎ "),
          h("strong", {}, "Ändrat av person: "),
          `${outcomeLabel(o.outcome).text} – ”${o.justification}” (${o.decided_by}, ${formatDateTime(o.decided_at)})`,
        )
      : null,
    judgementsBlock(d, r),
    ...answerTables(r),
    r.history.length > 1
      ? h("p", { class: "muted" }, `Ändrat ${r.history.length} gånger; se historiken nedan.`)
      : null,
    d.state === "active" ? overrideForm(d, r, redraw, open) : null,
  );
}

/** The engine's proposal and its reason. */
export function proposalLine(r: RequirementDetail): HTMLElement {
  return h("p", { class: "proposal" }, h("strong", {}, "Maskinens förslag: "), tag(outcomeLabel(r.result.proposed)), " ", r.result.reason);
}

/** The working group's judgements of a requirement side by side (who, outcome, justification,
 *  comment), an open disagreement marked. Nothing when nobody has judged it. */
export function judgementsBlock(d: SupplierDetail, r: RequirementDetail): HTMLElement | null {
  const list = judgementsOf(d, r.result);
  if (list.length === 0) return null;
  const open = r.result.open ?? null;
  return h(
    "div",
    { class: `judgements ${open === "disagreement" ? "disagreement" : ""}`, "data-testid": "judgements", "data-open": open },
    open === "disagreement"
      ? h("p", { class: "disagreement-note", "data-testid": "disagreement" }, tag({ text: "Oenighet", icon: "≠", cls: "tag-bad" }), " Bedömarna är inte överens. Avgör kravet med en egen bedömning och motivering nedan.")
      : open === "awaiting_second"
        ? h("p", { class: "muted" }, tag({ text: "Väntar på en andra bedömning", icon: "…", cls: "tag-warn" }), " Fyra ögon: en bedömning till behövs.")
        : null,
    h(
      "table",
      { class: "data-table compact side-by-side" },
      h("caption", {}, "Arbetsgruppens bedömningar, sida vid sida"),
      h("thead", {}, h("tr", {}, ...["Vem", "Utfall", "Motivering", "Kommentar", "När"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        ...list.map((j) =>
          h(
            "tr",
            { "data-by": j.by, "data-outcome": j.outcome },
            h("th", { scope: "row" }, j.by),
            h("td", {}, tag(outcomeLabel(j.outcome))),
            h("td", {}, j.justification || "–"),
            h("td", {}, j.comment || "–"),
            h("td", { class: "nowrap" }, formatDateTime(j.at)),
          ),
        ),
      ),
    ),
  );
}

/** The bidder's answers with their cells, and the evidence beyond them. */
export function answerTables(r: RequirementDetail): (HTMLElement | null)[] {
  const res = r.result;
  // Evidence read from a cell already listed among the answers is not repeated.
  const answered = new Set(r.answers.map((a) => a.cell).filter((c): c is string => c !== null));
  const extra = res.evidence.filter((e) => e.cell === null || !answered.has(e.cell));
  return [
    r.answers.length
      ? h(
          "table",
          { class: "data-table compact" },
          h("caption", {}, "Svar i anbudet"),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Fråga"), h("th", { scope: "col" }, "Svar"), h("th", { scope: "col" }, "Cell"))),
          h(
            "tbody",
            {},
            ...r.answers.map((a) => h("tr", {}, h("th", { scope: "row" }, a.question), h("td", {}, a.value), h("td", { class: "nowrap" }, a.cell ?? "raden saknas"))),
          ),
        )
      : null,
    extra.length
      ? h(
          "table",
          { class: "data-table compact" },
          h("caption", {}, r.answers.length ? "Underlag för förslaget utöver svaren ovan" : "Underlag för förslaget"),
          // A value carried over from the bid's ESPD response names its criterion where a cell would be.
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Uppgift"), h("th", { scope: "col" }, "Värde"), h("th", { scope: "col" }, "Cell eller källa"))),
          h(
            "tbody",
            {},
            ...extra.map((e) =>
              h(
                "tr",
                { "data-source": e.cell?.startsWith("ESPD ") ? "espd" : undefined },
                h("th", { scope: "row" }, e.label),
                h("td", {}, e.value),
                h("td", { class: e.cell && e.cell.length > 24 ? undefined : "nowrap" }, e.cell ?? "beräknat"),
              ),
            ),
          ),
        )
      : null,
  ];
}

/** The bids in conflict, in order of receipt, and the form to choose the one that stands (with a
 *  justification and the name of who chooses); nothing is chosen beforehand. */
export function conflictSection(d: SupplierDetail, redraw: (d: SupplierDetail) => void): HTMLElement {
  const radios = d.conflict.map((c, i) =>
    h(
      "label",
      { class: "radio" },
      h("input", { type: "radio", name: "galler", value: String(c.bid_id), required: true }),
      ` ${i + 1}. ${c.file} – mottaget ${formatDateTime(c.received_at)}${c.evaluated ? " (prövas tills vidare)" : ""} – SHA-256 `,
      h("span", { class: "mono" }, c.sha256),
    ),
  );
  const justification = h("textarea", { id: "konflikt-motivering", rows: 3, required: true });
  const decider = h("input", { id: "konflikt-av", type: "text", required: true, autocomplete: "name" });
  decider.value = localStorage.getItem(DECIDER_KEY) ?? "";
  const submit = h("button", { type: "submit", class: "primary" }, "Spara valet");
  const form = h(
    "form",
    {
      class: "conflict-form",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const chosen = form.querySelector<HTMLInputElement>('input[name="galler"]:checked');
        if (!chosen) return;
        submit.disabled = true;
        try {
          localStorage.setItem(DECIDER_KEY, decider.value.trim());
          const after = await api.settleConflict(Number(chosen.value), justification.value, decider.value);
          const message = `Anbudet i ${baseName(after.file)} gäller för ${after.name}; de andra anbuden är ersatta. ${statusLabel(after.status).text}.`;
          if (after.bid_id === d.bid_id) {
            redraw(after);
            showNotice(message);
          } else {
            queueNotice(message);
            navigate("leverantor", { id: String(after.bid_id) });
          }
        } catch (err) {
          showError(err);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("fieldset", {}, h("legend", {}, "Anbudet som gäller (välj)"), ...radios),
    h("div", { class: "field-stack" }, h("label", { for: "konflikt-motivering" }, "Motivering (krävs)"), justification),
    h("div", { class: "field-stack" }, h("label", { for: "konflikt-av" }, "Beslutat av (krävs)"), decider),
    h("p", { class: "actions" }, submit),
  );
  return h(
    "section",
    { "aria-labelledby": "konflikt-rubrik", class: "subsection warnings", "data-testid": "conflict" },
    h("h2", { id: "konflikt-rubrik" }, "Anbud i konflikt"),
    h(
      "p",
      {},
      `${d.name} har lämnat ${d.conflict.length} anbud med samma anbudsdatum. Välj det anbud som gäller; de andra ersätts av det och valet registreras i journalen med motivering och namn. Tills dess behöver leverantören granskas och inget beslut kan fattas.`,
    ),
    form,
  );
}

export function overrideForm(d: SupplierDetail, r: RequirementDetail, redraw: (d: SupplierDetail) => void, open: boolean): HTMLElement {
  const id = r.result.id;
  const radio = (value: Outcome, text: string) =>
    h(
      "label",
      { class: "radio" },
      // Nothing is chosen beforehand: the person decides (the form refuses to send without it).
      h("input", { type: "radio", name: `utfall-${id}`, value, required: true }),
      ` ${text}`,
    );
  const justification = h("textarea", { id: `motivering-${id}`, name: "motivering", rows: 3, required: true });
  const decider = h("input", { id: `beslutsfattare-${id}`, name: "beslutsfattare", type: "text", required: true, autocomplete: "name" });
  decider.value = localStorage.getItem(DECIDER_KEY) ?? "";
  const form = h(
    "form",
    {
      class: "override-form",
      "data-requirement": id,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        const outcome = data.get(`utfall-${id}`) as Outcome | null;
        if (!outcome) {
          // (The browser's own check stops this first; this covers a form sent by script.)
          choice.setCustomValidity("Välj Uppfyllt eller Ej uppfyllt.");
          choice.reportValidity();
          return;
        }
        submit.disabled = true;
        try {
          localStorage.setItem(DECIDER_KEY, decider.value.trim());
          const after = await api.recordOverride(d.bid_id, id, outcome, justification.value, decider.value);
          redraw(after);
          showNotice(`Utfallet för ”${r.result.title}” är nu ${outcomeLabel(outcome).text}. ${after.name}: ${statusLabel(after.status).text}.`);
          document.getElementById(`krav-${id}`)?.scrollIntoView({ block: "center" });
        } catch (err) {
          showError(err);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h(
      "fieldset",
      {},
      h("legend", {}, "Nytt utfall (välj)"),
      radio("pass", outcomeLabel("pass").text),
      radio("fail", outcomeLabel("fail").text),
    ),
    h("div", { class: "field-stack" }, h("label", { for: `motivering-${id}` }, "Motivering (krävs)"), justification),
    h("div", { class: "field-stack" }, h("label", { for: `beslutsfattare-${id}` }, "Beslutat av (krävs)"), decider),
  );
  const choice = form.querySelector<HTMLInputElement>(`input[name="utfall-${id}"]`) as HTMLInputElement;
  form.addEventListener("change", () => choice.setCustomValidity(""));
  const submit = h("button", { type: "submit", class: "primary" }, "Spara beslutet");
  form.appendChild(h("p", { class: "actions" }, submit, h("span", { class: "muted" }, " Maskinens förslag sparas kvar bredvid beslutet.")));
  return h("details", { class: "override", open }, h("summary", {}, open ? "Bedöm kravet" : "Ändra utfallet…"), form);
}

function lotsSection(d: SupplierDetail): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "omraden-rubrik", class: "subsection" },
    h("h2", { id: "omraden-rubrik" }, "Anbudsområden och zoner"),
    h(
      "table",
      { class: "data-table" },
      h("thead", {}, h("tr", {}, ...["Kod", "Yrkeskategori", "Lämnar anbud", "Zoner"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        ...d.lots.map((l) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, l.code),
            h("td", {}, l.name, l.shortage ? h("span", {}, " ", tag({ text: "Bristområde – prövas inte", icon: "⊘", cls: "tag-warn" })) : null),
            h("td", {}, l.offered ? "Ja" : "Nej"),
            h("td", {}, l.zones.length ? l.zones.join(", ") : "–"),
          ),
        ),
      ),
    ),
  );
}

function pricesSection(d: SupplierDetail): HTMLElement | null {
  if (d.prices.length === 0) return null;
  return h(
    "section",
    { "aria-labelledby": "priser-rubrik", class: "subsection" },
    h("h2", { id: "priser-rubrik" }, "Angivna priser"),
    h(
      "table",
      { class: "data-table" },
      h("thead", {}, h("tr", {}, ...["Anbudsområde", "Zon", "Angivet", "Avtalets pris", "Jämförelse", "Cell"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        ...d.prices.map((p) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, p.lot),
            h("td", {}, String(p.zone)),
            h("td", { class: "num" }, formatSek(p.stated)),
            h("td", { class: "num" }, p.fixed === null ? "–" : formatSek(p.fixed)),
            h("td", {}, p.differs ? tag({ text: "Avviker", icon: "✗", cls: "tag-bad" }) : tag({ text: "Lika", icon: "=", cls: "tag-ok" })),
            h("td", {}, p.cell),
          ),
        ),
      ),
    ),
  );
}

function assignmentsSection(d: SupplierDetail): HTMLElement | null {
  if (d.assignments.length === 0) return null;
  return h(
    "section",
    { "aria-labelledby": "uppdrag-rubrik", class: "subsection" },
    h("h2", { id: "uppdrag-rubrik" }, "Referensuppdrag"),
    h(
      "table",
      { class: "data-table" },
      h("thead", {}, h("tr", {}, ...["Rad", "Kund", "Yrke", "Från", "Till", "Timmar"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        ...d.assignments.map((a) =>
          h(
            "tr",
            {},
            h("td", {}, String(a.row)),
            h("th", { scope: "row" }, a.customer),
            h("td", {}, a.profession),
            h("td", {}, formatDate(a.from)),
            h("td", {}, formatDate(a.to)),
            h("td", { class: "num" }, formatDecimal(a.hours, a.hours.includes(".") ? 2 : 0)),
          ),
        ),
      ),
    ),
  );
}

function historySection(d: SupplierDetail): HTMLElement {
  const title = new Map(d.requirements.map((r) => [r.result.id, r.result.title]));
  return h(
    "section",
    { "aria-labelledby": "historik-rubrik", class: "subsection" },
    h("h2", { id: "historik-rubrik" }, "Historik"),
    d.history.length === 0
      ? h("p", {}, "Ingen har ändrat något utfall.")
      : h(
          "table",
          { class: "data-table", "data-testid": "history" },
          h("thead", {}, h("tr", {}, ...["När", "Krav", "Förslag", "Beslut", "Motivering", "Av"].map((t) => h("th", { scope: "col" }, t)))),
          h(
            "tbody",
            {},
            ...d.history.map((x) =>
              h(
                "tr",
                {},
                h("td", { class: "nowrap" }, formatDateTime(x.decided_at)),
                h("th", { scope: "row" }, title.get(x.requirement_id) ?? x.requirement_id),
                h("td", {}, tag(outcomeLabel(x.original))),
                h("td", {}, tag(outcomeLabel(x.outcome))),
                h("td", {}, x.justification),
                h("td", {}, x.decided_by),
              ),
            ),
          ),
        ),
  );
}

/** The supplier's own history in the journal: every event whose subject is its organisation
 *  number (workbooks received, bids read, replaced, overrides), fetched after the screen is drawn. */
export function journalSection(d: SupplierDetail): HTMLElement {
  const body = h("div", { "aria-busy": "true" }, h("p", { class: "muted" }, "Hämtar händelserna…"));
  api.auditLog({ supplier: d.org_nr, person: null, kind: null }).then(
    (v) => {
      replaceChildren(
        body,
        h("p", { class: "counts", "data-testid": "supplier-journal-count" }, `${count(v.events.length, "händelse", "händelser")} om leverantören, äldst först.`),
        v.events.length === 0
          ? h("p", {}, "Inga händelser om leverantören.")
          : h("div", { class: "table-scroll" }, journalTable(v.events, { caption: `Händelser om ${d.name}`, withSupplier: false })),
      );
      body.removeAttribute("aria-busy");
    },
    (err) => {
      replaceChildren(body, h("p", {}, "Händelserna kunde inte hämtas."));
      body.removeAttribute("aria-busy");
      showError(err);
    },
  );
  return h(
    "section",
    { "aria-labelledby": "journal-historik-rubrik", class: "subsection", "data-testid": "supplier-journal" },
    h("h2", { id: "journal-historik-rubrik" }, "I händelseloggen"),
    h("p", { class: "muted small" }, h("a", { href: hrefFor("handelselogg", { leverantor: d.org_nr }) }, "Öppna i händelseloggen")),
    body,
  );
}
