import { h, replaceChildren, tag } from "../dom";
import { formatDate, formatDateTime, formatInteger, count } from "../format";
import { api, toAppError, type DecisionForm } from "../ipc";
import { showError, showNotice, clearBanner } from "../banner";
import { pickFolder } from "../dialogs";
import { baseName, statusLabel } from "../labels";
import { hrefFor } from "../router";
import type { Decision } from "../bindings/Decision";
import type { DecisionOutput } from "../bindings/DecisionOutput";
import type { DecisionStatus } from "../bindings/DecisionStatus";

/** The form as last typed is kept per database and procurement (localStorage). The decision
 *  date only for the day it was typed: on a later day the form starts on today's date. */
function formKey(database: string | null, procurementId: string): string {
  return `anbud.beslutsformular:${database ?? ""}:${procurementId}`;
}

interface SavedForm extends DecisionForm {
  /** The day the form was typed (ISO). */
  on?: string;
}

// Beslut: blocked, with the list of open reviews, until none is left; the decision date, the
// decision maker and role, an optional sending date; a preview (standstill date, counts); the
// export of the record and the notices to a chosen folder; the written paths; open the folder.
export async function renderBeslut(): Promise<Node> {
  const [status, info] = await Promise.all([api.decisionStatus(), api.appInfo()]);
  const key = formKey(info.database, status.procurement_id);
  const root = h("section", { "aria-labelledby": "rubrik" });
  const blocked = h("div", { id: "decision-blocked" });
  const preview = h("div", { id: "decision-preview", "aria-live": "polite" });
  const written = h("div", { id: "decision-written", "aria-live": "polite" });

  const saved = loadForm(key);
  const field = (id: string, label: string, value: string, attrs: Record<string, string | boolean> = {}) => {
    const input = h("input", { id, type: "text", ...attrs });
    input.value = value;
    return { input, wrap: h("div", { class: "field-stack" }, h("label", { for: id }, label), input) };
  };
  const date = field("beslutsdatum", "Beslutsdatum (ÅÅÅÅ-MM-DD)", saved.date || today(), { required: true, inputmode: "numeric", pattern: "\\d{4}-\\d{2}-\\d{2}" });
  const maker = field("beslutsfattare", "Beslutsfattare", saved.decidedBy, { required: true, autocomplete: "name" });
  const role = field("roll", "Roll (valfri)", saved.role ?? "", { autocomplete: "organization-title" });
  const sent = field("utskick", "Utskicksdag, om senare (valfri)", saved.sent ?? "", { inputmode: "numeric" });
  const read = (): DecisionForm => {
    const f = { date: date.input.value.trim(), decidedBy: maker.input.value.trim(), role: role.input.value.trim() || null, sent: sent.input.value.trim() || null };
    localStorage.setItem(key, JSON.stringify({ ...f, on: today() } satisfies SavedForm));
    return f;
  };

  const stopped = (e: unknown) => {
    const err = toAppError(e);
    showError(err);
    if (err.code === "open_reviews") void api.decisionStatus().then((s) => replaceChildren(blocked, blockedView(s)));
  };

  const previewButton = h(
    "button",
    {
      type: "button",
      id: "preview-decision",
      onclick: async () => {
        try {
          const d = await api.decisionPreview(read());
          clearBanner();
          replaceChildren(preview, previewView(d));
        } catch (e) {
          replaceChildren(preview);
          stopped(e);
        }
      },
    },
    "Förhandsgranska",
  );
  const exportButton = h(
    "button",
    {
      type: "button",
      id: "export-decision",
      class: "primary",
      onclick: async () => {
        const form = read();
        try {
          // Refuse before asking for a folder when reviews remain.
          replaceChildren(preview, previewView(await api.decisionPreview(form)));
          // (An end-to-end build takes ANBUD_E2E_EXPORT_DIR instead of opening the dialog.)
          const folder = await pickFolder("record_folder");
          if (!folder) return;
          exportButton.disabled = true;
          const out = await api.decide(form, folder);
          // The folder as Rust wrote into it (the grant names it only by its last part).
          const dir = out.record.replace(/[\\/][^\\/]*$/, "") || folder.name;
          replaceChildren(written, writtenView(out, dir));
          showNotice(`Beslutet är fattat och sparat: ${count(out.notices.length + 1, "fil", "filer")} i ${dir}.`);
        } catch (e) {
          stopped(e);
        } finally {
          exportButton.disabled = false;
        }
      },
    },
    "Fatta beslut och exportera…",
  );

  replaceChildren(
    root,
    h("h1", { id: "rubrik" }, "Beslut"),
    h("p", { class: "lead" }, `Kvalificeringsbeslut för ${status.procurement_name} (dnr ${status.procurement_id}).`),
    countsLine(status),
    blocked,
    h(
      "form",
      { class: "decision-form", "aria-label": "Beslutet", onsubmit: (e: Event) => e.preventDefault() },
      h("div", { class: "form-grid" }, date.wrap, maker.wrap, role.wrap, sent.wrap),
      h("p", { class: "actions" }, previewButton, exportButton),
    ),
    preview,
    written,
    status.last ? lastView(status) : null,
  );
  replaceChildren(blocked, blockedView(status));
  return root;
}

function today(): string {
  return formatDate(new Date());
}

/** The form as typed for this database and procurement; the date (and sending date) only if
 *  typed today, else empty (the date field then shows today). */
export function loadForm(key: string, now: string = today()): DecisionForm {
  try {
    const f = JSON.parse(localStorage.getItem(key) ?? "{}") as Partial<SavedForm>;
    const sameDay = f.on === now;
    return { date: sameDay ? (f.date ?? "") : "", decidedBy: f.decidedBy ?? "", role: f.role ?? null, sent: sameDay ? (f.sent ?? null) : null };
  } catch {
    return { date: "", decidedBy: "", role: null, sent: null };
  }
}

export { formKey };

function countsLine(s: DecisionStatus): Node {
  const c = s.counts;
  return h(
    "p",
    { class: "legend", "data-testid": "decision-counts" },
    tag(statusLabel("qualified")),
    ` ${formatInteger(c.qualified)}  `,
    tag(statusLabel("not_qualified")),
    ` ${formatInteger(c.not_qualified)}  `,
    tag(statusLabel("needs_review")),
    ` ${formatInteger(c.needs_review)}  `,
    h("span", { class: "tag tag-neutral" }, h("span", { "aria-hidden": "true" }, "⊘"), "Filer ej prövade"),
    ` ${formatInteger(c.not_evaluated)}`,
  );
}

function blockedView(s: DecisionStatus): Node {
  if (s.open_reviews.length === 0) {
    return h("p", { class: "ok-text", "data-testid": "decision-ready" }, h("span", { "aria-hidden": "true" }, "✓ "), "Inga granskningar återstår: beslutet kan fattas.");
  }
  return h(
    "div",
    { class: "blocked", role: "region", "aria-labelledby": "blocked-rubrik", "data-testid": "decision-blocked" },
    h(
      "h2",
      { id: "blocked-rubrik" },
      h("span", { "aria-hidden": "true" }, "✗ "),
      `Beslut kan inte fattas: ${count(s.open_reviews.length, "leverantör behöver", "leverantörer behöver")} granskas`,
    ),
    h(
      "ul",
      { class: "plain-list" },
      ...s.open_reviews.map((r) =>
        h(
          "li",
          { "data-bid": String(r.bid_id) },
          h("a", { href: hrefFor("leverantor", { id: String(r.bid_id) }) }, r.name),
          ` (${r.org_nr}): `,
          r.requirements.map((q) => q.title).join(", "),
        ),
      ),
    ),
  );
}

function previewView(d: Decision): Node {
  const c = d.counts;
  return h(
    "section",
    { class: "panel", "aria-labelledby": "preview-rubrik", "data-testid": "preview" },
    h("h2", { id: "preview-rubrik" }, "Förhandsgranskning"),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Beslutsdatum"),
      h("dd", {}, formatDate(d.decision_date)),
      h("dt", {}, "Beslutsfattare"),
      h("dd", {}, d.decided_by + (d.role ? `, ${d.role}` : "")),
      h("dt", {}, "Skickas"),
      h("dd", {}, formatDate(d.sent)),
      h("dt", {}, "Avtalsspärren upphör"),
      h("dd", { "data-testid": "standstill" }, formatDate(d.standstill_end)),
      h("dt", {}, "Inkomna filer"),
      h("dd", {}, formatInteger(c.received)),
      h("dt", {}, "Prövade anbud"),
      h("dd", {}, formatInteger(c.evaluated)),
      h("dt", {}, "Kvalificerade"),
      h("dd", { "data-testid": "preview-qualified" }, formatInteger(c.qualified)),
      h("dt", {}, "Ej kvalificerade"),
      h("dd", {}, formatInteger(c.not_qualified)),
      h("dt", {}, "För sent inkomna / ersatta / oläsbara"),
      h("dd", {}, `${formatInteger(c.late)} / ${formatInteger(c.replaced)} / ${formatInteger(c.unreadable)}`),
    ),
    h("h3", {}, "Kvalificerade per anbudsområde"),
    h(
      "ul",
      { class: "plain-list" },
      ...d.qualified_by_lot.map((l) => h("li", {}, h("strong", {}, `${l.code} ${l.name}: `), l.suppliers.length ? l.suppliers.map((s) => s.name).join(", ") : "ingen")),
    ),
  );
}

function writtenView(out: DecisionOutput, folder: string): Node {
  const open = h(
    "button",
    {
      type: "button",
      id: "open-folder",
      onclick: async () => {
        try {
          await api.openExportFolder();
        } catch (e) {
          showError(e);
        }
      },
    },
    "Öppna mappen",
  );
  return h(
    "section",
    { class: "panel", "aria-labelledby": "skrivet-rubrik", "data-testid": "written" },
    h("h2", { id: "skrivet-rubrik" }, h("span", { "aria-hidden": "true" }, "✓ "), "Beslutet är exporterat"),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Mapp"),
      h("dd", {}, folder),
      h("dt", {}, "Beslutsprotokoll"),
      h("dd", { "data-testid": "record-path" }, out.record),
      h("dt", {}, "Underrättelser"),
      h("dd", {}, count(out.notices.length, "fil", "filer")),
      h("dt", {}, "Avtalsspärren upphör"),
      h("dd", {}, formatDate(out.standstill_end)),
      h("dt", {}, "Kontrollsumma (SHA-256)"),
      h("dd", { class: "mono" }, out.fingerprint),
    ),
    h("details", {}, h("summary", {}, "Visa underrättelserna"), h("ul", { class: "plain-list" }, ...out.notices.map((n) => h("li", { title: n }, baseName(n))))),
    h("p", { class: "actions" }, open),
  );
}

function lastView(s: DecisionStatus): Node {
  const l = s.last;
  if (!l) return h("span");
  return h(
    "section",
    { class: "subsection", "aria-labelledby": "senaste-beslut" },
    h("h2", { id: "senaste-beslut" }, "Senaste beslut"),
    h(
      "p",
      {},
      `Fattat ${formatDate(l.decision_date)} av ${l.decided_by} (sparat ${formatDateTime(l.created_at)}); avtalsspärren upphör ${formatDate(l.standstill_end)}. Kontrollsumma `,
      h("code", { class: "mono" }, l.fingerprint),
    ),
  );
}
