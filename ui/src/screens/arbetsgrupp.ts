import { h, replaceChildren, tag } from "../dom";
import { api } from "../ipc";
import { showError, showNotice } from "../banner";
import { outcomeLabel } from "../labels";
import { hrefFor } from "../router";
import { count, formatDateTime } from "../format";
import { pickFiles, saveAs } from "../dialogs";
import { cellState, conflictReason, mergeKind, mergeLineText } from "../review-model";
import type { WorkingGroup } from "../bindings/WorkingGroup";
import type { MergeLine } from "../bindings/MergeLine";
import type { PackageWritten } from "../bindings/PackageWritten";

// Arbetsgrupp: the coordinator registers the working group's members and their jäv, assigns
// suppliers in a matrix members × suppliers, writes each member's sealed review package (the
// passphrase shown once, to hand over by another channel), merges the responses, and sees the
// warnings (too few assessors) and the open disagreements.
export async function renderArbetsgrupp(): Promise<Node> {
  const root = h("section", { "aria-labelledby": "rubrik" });
  // What the last export and merge said stays on screen across redraws until replaced.
  const last: { written: PackageWritten | null; merged: MergeLine[] | null } = { written: null, merged: null };
  const draw = (g: WorkingGroup) => replaceChildren(root, ...view(g, draw, last));
  draw(await api.workingGroup());
  return root;
}

type Last = { written: PackageWritten | null; merged: MergeLine[] | null };

function view(g: WorkingGroup, redraw: (g: WorkingGroup) => void, last: Last): (Node | null)[] {
  return [
    h("h1", { id: "rubrik" }, "Arbetsgrupp"),
    h(
      "p",
      { class: "lead" },
      "Arbetsgruppens ledamöter, deras jäv och vilka leverantörer var och en granskar. ",
      g.four_eyes ? "Fyra ögon gäller: en bedömning avgörs först när två personer är överens." : "Fyra ögon gäller inte i den här upphandlingen.",
    ),
    warningsSection(g),
    matrixSection(g, redraw, last),
    last.written ? passphrasePanel(last.written) : null,
    mergeSection(redraw, last),
    disagreementsSection(g),
    h("div", { class: "two-forms" }, memberForm(redraw), conflictForm(g, redraw)),
  ];
}

function warningsSection(g: WorkingGroup): HTMLElement | null {
  if (g.warnings.length === 0) return null;
  return h(
    "div",
    { class: "warnings", role: "note", "aria-label": "Varningar", "data-testid": "group-warnings" },
    h("h2", {}, h("span", { "aria-hidden": "true" }, "⚠ "), "För få bedömare"),
    h("ul", {}, ...g.warnings.map((w) => h("li", {}, w))),
  );
}

function matrixSection(g: WorkingGroup, redraw: (g: WorkingGroup) => void, last: Last): HTMLElement {
  if (g.reviewers.length === 0) {
    return h(
      "section",
      { "aria-labelledby": "matris-rubrik", class: "subsection" },
      h("h2", { id: "matris-rubrik" }, "Tilldelning"),
      h("p", {}, "Ingen ledamot är registrerad ännu. Registrera arbetsgruppens ledamöter nedan."),
    );
  }
  const cell = (reviewer: string, orgNr: string, supplier: string): HTMLElement => {
    const state = cellState(g, reviewer, orgNr);
    const label = `${reviewer} – ${supplier}`;
    if (state === "conflict") {
      return h(
        "td",
        { class: "matrix-cell", "data-state": state, "data-reviewer": reviewer, "data-org": orgNr },
        tag({ text: "Jäv", icon: "⊘", cls: "tag-bad" }, { title: conflictReason(g, reviewer, orgNr) ?? "" }),
        " ",
        button("Tilldela", label, true, reviewer, orgNr, redraw, "assign"),
      );
    }
    return h(
      "td",
      { class: "matrix-cell", "data-state": state, "data-reviewer": reviewer, "data-org": orgNr },
      state === "assigned" ? tag({ text: "Tilldelad", icon: "✓", cls: "tag-ok" }) : h("span", { class: "muted" }, "Fri"),
      " ",
      state === "assigned" ? button("Ta bort", label, false, reviewer, orgNr, redraw, "unassign") : button("Tilldela", label, false, reviewer, orgNr, redraw, "assign"),
    );
  };
  return h(
    "section",
    { "aria-labelledby": "matris-rubrik", class: "subsection" },
    h("h2", { id: "matris-rubrik" }, "Tilldelning"),
    h(
      "p",
      { class: "legend" },
      tag({ text: "Tilldelad", icon: "✓", cls: "tag-ok" }),
      tag({ text: "Jäv", icon: "⊘", cls: "tag-bad" }),
      h("span", {}, "Fri: kan tilldelas."),
    ),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "data-table matrix-table", "data-testid": "group-matrix" },
        h("caption", {}, "Ledamöter × leverantörer"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Leverantör"),
            ...g.reviewers.map((r) => h("th", { scope: "col" }, r.name, r.region ? h("span", { class: "muted" }, ` (${r.region})`) : null)),
            h("th", { scope: "col" }, "Bedömare"),
          ),
        ),
        h(
          "tbody",
          {},
          ...g.suppliers.map((s) =>
            h(
              "tr",
              { "data-org": s.org_nr },
              h(
                "th",
                { scope: "row" },
                s.name,
                h("br", {}),
                h("span", { class: "muted small" }, s.org_nr),
                s.needs_review ? h("span", {}, " ", tag({ text: "Behöver granskas", icon: "!", cls: "tag-warn" })) : null,
              ),
              ...g.reviewers.map((r) => cell(r.name, s.org_nr, s.name)),
              h("td", { class: "num" }, String(s.assessors.length)),
            ),
          ),
        ),
        h(
          "tfoot",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "row" }, "Granskningspaket"),
            ...g.reviewers.map((r) =>
              h(
                "td",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: "export-package",
                    "data-reviewer": r.name,
                    "aria-label": `Skapa granskningspaket för ${r.name}…`,
                    disabled: r.assigned.length === 0,
                    onclick: (e: Event) => void exportPackage(r.name, e.currentTarget as HTMLButtonElement, redraw, last),
                  },
                  "Skapa granskningspaket…",
                ),
              ),
            ),
            h("td", {}),
          ),
        ),
      ),
    ),
  );
}

function button(
  text: string,
  label: string,
  disabled: boolean,
  reviewer: string,
  orgNr: string,
  redraw: (g: WorkingGroup) => void,
  action: "assign" | "unassign",
): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      class: `link-button cell-${action}`,
      "aria-label": `${text}: ${label}`,
      // A cell with jäv keeps its button: the core refuses the assignment with its reason.
      "aria-disabled": disabled ? "true" : null,
      onclick: async (e: Event) => {
        const b = e.currentTarget as HTMLButtonElement;
        b.disabled = true;
        try {
          const g = action === "assign" ? await api.assignSupplier(reviewer, orgNr) : await api.unassignSupplier(reviewer, orgNr);
          redraw(g);
          showNotice(action === "assign" ? `${label}: tilldelad.` : `${label}: tilldelningen är borttagen.`);
        } catch (err) {
          b.disabled = false;
          showError(err);
        }
      },
    },
    text,
  );
}

async function exportPackage(name: string, b: HTMLButtonElement, redraw: (g: WorkingGroup) => void, last: Last): Promise<void> {
  b.disabled = true;
  try {
    const file = await api.packageFileName(name);
    // (An end-to-end build saves into ANBUD_E2E_SAVE_DIR instead of opening the dialog.)
    const grant = await saveAs("package", file);
    if (!grant) return;
    last.written = await api.exportPackage(name, grant);
    redraw(await api.workingGroup());
    showNotice(`Granskningspaketet för ${name} är sparat: ${last.written.path}`);
    document.getElementById("losenfras")?.scrollIntoView({ block: "center" });
  } catch (err) {
    showError(err);
  } finally {
    b.disabled = false;
  }
}

function passphrasePanel(w: PackageWritten): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "losenfras-rubrik", class: "panel passphrase-panel", id: "losenfras", "data-testid": "package-written" },
    h("h2", { id: "losenfras-rubrik" }, `Granskningspaket för ${w.reviewer}`),
    h("p", {}, `${count(w.suppliers, "leverantör", "leverantörer")} i paketet, sparat i `, h("span", { class: "mono" }, w.path), "."),
    h("p", {}, "Lösenfras (visas bara nu):"),
    h("p", { class: "passphrase mono", "data-testid": "passphrase" }, w.passphrase),
    h(
      "p",
      { class: "warnings" },
      "Lämna lösenfrasen till ledamoten på en annan väg än paketet, till exempel per telefon eller SMS, aldrig i samma e-post. Den sparas inte och kan inte visas igen; glöms den skapas ett nytt paket.",
    ),
  );
}

function mergeSection(redraw: (g: WorkingGroup) => void, last: Last): HTMLElement {
  const b = h(
    "button",
    {
      type: "button",
      id: "merge-responses",
      onclick: async () => {
        b.disabled = true;
        try {
          // (An end-to-end build takes the responses in ANBUD_E2E_SAVE_DIR instead of the dialog.)
          const files = await pickFiles("response");
          if (files.length === 0) return;
          last.merged = await api.mergeResponses(files);
          redraw(await api.workingGroup());
          const merged = last.merged.filter((l) => mergeKind(l) === "merged").length;
          showNotice(`${count(last.merged.length, "svar", "svar")} lästa: ${merged} inlästa.`);
        } catch (err) {
          showError(err);
        } finally {
          b.disabled = false;
        }
      },
    },
    "Läs in granskningssvar…",
  );
  const label = { merged: { text: "Inläst", icon: "✓", cls: "tag-ok" }, already: { text: "Redan inläst", icon: "=", cls: "tag-neutral" }, refused: { text: "Avvisat", icon: "✗", cls: "tag-bad" } };
  return h(
    "section",
    { "aria-labelledby": "svar-rubrik", class: "subsection" },
    h("h2", { id: "svar-rubrik" }, "Granskningssvar"),
    h("p", { class: "muted" }, "Svaren läses in i vilken ordning som helst och mer än en gång utan dubbletter; ett svar som inte kan läsas in lämnar databasen orörd."),
    h("p", { class: "actions" }, b),
    last.merged
      ? h(
          "ul",
          { class: "plain-list", "data-testid": "merge-report" },
          ...last.merged.map((l) => h("li", { "data-kind": mergeKind(l), "data-code": l.code ?? null }, tag(label[mergeKind(l)]), " ", mergeLineText(l))),
        )
      : null,
  );
}

function disagreementsSection(g: WorkingGroup): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "oenighet-rubrik", class: "subsection" },
    h("h2", { id: "oenighet-rubrik" }, "Öppna oenigheter"),
    g.disagreements.length === 0
      ? h("p", { "data-testid": "no-disagreements" }, g.four_eyes ? "Inga: ingen bedömning står mot en annan." : "Inga (fyra ögon gäller inte).")
      : h(
          "table",
          { class: "data-table", "data-testid": "disagreements" },
          h("thead", {}, h("tr", {}, ...["Leverantör", "Krav", "Förslag", "Bedömningar"].map((t) => h("th", { scope: "col" }, t)))),
          h(
            "tbody",
            {},
            ...g.disagreements.map((d) =>
              h(
                "tr",
                { "data-org": d.org_nr, "data-requirement": d.requirement_id },
                h("th", { scope: "row" }, h("a", { href: hrefFor("leverantor", { id: String(d.bid_id) }) }, d.name)),
                h("td", {}, d.title),
                h("td", {}, tag(outcomeLabel(d.proposed))),
                h(
                  "td",
                  {},
                  h(
                    "ul",
                    { class: "plain-list" },
                    ...d.judgements.map((j) =>
                      h("li", {}, tag(outcomeLabel(j.outcome)), ` ${j.decided_by}: ”${j.justification}” (${formatDateTime(j.decided_at)})`),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
    g.disagreements.length ? h("p", { class: "muted" }, "Avgör en oenighet på leverantörens sida med en egen bedömning och motivering.") : null,
  );
}

function memberForm(redraw: (g: WorkingGroup) => void): HTMLElement {
  const name = h("input", { id: "ledamot-namn", type: "text", required: true, autocomplete: "off" });
  const region = h("input", { id: "ledamot-region", type: "text", inputmode: "numeric", size: 4, placeholder: "t.ex. 20" });
  const form = h(
    "form",
    {
      class: "panel",
      "aria-labelledby": "ledamot-rubrik",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const who = name.value.trim();
          redraw(await api.addReviewer(who, region.value.trim() || null));
          showNotice(`${who} är registrerad i arbetsgruppen.`);
        } catch (err) {
          showError(err);
        }
      },
    },
    h("h2", { id: "ledamot-rubrik" }, "Registrera ledamot"),
    h("div", { class: "field-stack" }, h("label", { for: "ledamot-namn" }, "Namn (krävs)"), name),
    h("div", { class: "field-stack" }, h("label", { for: "ledamot-region" }, "Region (länskod, 01–25)"), region),
    h("p", { class: "actions" }, h("button", { type: "submit", id: "add-reviewer" }, "Registrera")),
  );
  return form;
}

function conflictForm(g: WorkingGroup, redraw: (g: WorkingGroup) => void): HTMLElement {
  const who = h("select", { id: "jav-ledamot", required: true }, h("option", { value: "" }, "Välj…"), ...g.reviewers.map((r) => h("option", { value: r.name }, r.name)));
  const supplier = h(
    "select",
    { id: "jav-leverantor", required: true },
    h("option", { value: "" }, "Välj…"),
    ...g.suppliers.map((s) => h("option", { value: s.org_nr }, `${s.name} (${s.org_nr})`)),
  );
  const reason = h("input", { id: "jav-skal", type: "text", required: true, placeholder: "t.ex. tidigare anställd" });
  return h(
    "form",
    {
      class: "panel",
      "aria-labelledby": "jav-rubrik",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          redraw(await api.declareConflict(who.value, supplier.value, reason.value));
          showNotice(`Jävet är registrerat.`);
        } catch (err) {
          showError(err);
        }
      },
    },
    h("h2", { id: "jav-rubrik" }, "Anmäl jäv"),
    h("div", { class: "field-stack" }, h("label", { for: "jav-ledamot" }, "Ledamot (krävs)"), who),
    h("div", { class: "field-stack" }, h("label", { for: "jav-leverantor" }, "Leverantör (krävs)"), supplier),
    h("div", { class: "field-stack" }, h("label", { for: "jav-skal" }, "Skäl (krävs)"), reason),
    h("p", { class: "actions" }, h("button", { type: "submit", id: "declare-conflict", disabled: g.reviewers.length === 0 }, "Anmäl jäv")),
  );
}
