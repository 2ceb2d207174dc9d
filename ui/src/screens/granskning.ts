import { h, replaceChildren, tag } from "../dom";
import { api } from "../ipc";
import { showError, showNotice } from "../banner";
import { outcomeLabel, statusLabel } from "../labels";
import { hrefFor } from "../router";
import { count, formatDate, formatDateTime } from "../format";
import { saveAs } from "../dialogs";
import { answerTables, proposalLine } from "./leverantor";
import { assessedCount, assessmentFor, choiceOf, needsJustification, outcomeOf, type Choice } from "../review-model";
import type { OpenedPackage } from "../bindings/OpenedPackage";
import type { SupplierDetail } from "../bindings/SupplierDetail";
import type { RequirementDetail } from "../bindings/RequirementDetail";
import type { AssessmentInput } from "../bindings/AssessmentInput";

// Granskning, the working-group member's screens (reviewer mode, no database): the suppliers of
// the opened review package and, for each, the same answer-by-requirement view as the
// coordinator's, with an assessment per requirement (agree, or another outcome with a
// justification, and a comment). Every change is saved at once, sealed, in the data folder;
// "Skicka svar…" writes the response. Nothing of the package is kept in the window's storage.
export async function renderGranskning(params: URLSearchParams): Promise<Node> {
  const info = await api.appInfo();
  if (!info.review) {
    return h(
      "section",
      { "aria-labelledby": "rubrik" },
      h("h1", { id: "rubrik" }, "Granskning"),
      h("p", { "data-testid": "no-package" }, "Inget granskningspaket är öppet. Öppna det du har fått av samordnaren under ", h("a", { href: hrefFor("start") }, "Start"), "."),
    );
  }
  const pkg = await api.reviewPackage();
  const org = params.get("org");
  const supplier = org ? pkg.suppliers.find((s) => s.org_nr === org) : undefined;
  return supplier ? supplierView(pkg, supplier) : listView(pkg);
}

function head(pkg: OpenedPackage): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    h("dt", {}, "Upphandling"),
    h("dd", {}, `${pkg.procurement.name} (dnr ${pkg.procurement.id})`),
    h("dt", {}, "Ledamot"),
    h("dd", { "data-testid": "package-reviewer" }, pkg.reviewer),
    h("dt", {}, "Paketet skapat"),
    h("dd", {}, formatDateTime(pkg.created_at)),
    h("dt", {}, "Fyra ögon"),
    h("dd", {}, pkg.four_eyes ? "Ja: din bedömning räknas som en av två." : "Nej"),
  );
}

function savedLine(savedAt: string | null): HTMLElement {
  return h(
    "p",
    { class: "muted", "data-testid": "saved-state", "aria-live": "polite" },
    savedAt ? `Arbetet sparas krypterat efter varje ändring; senast ${formatDateTime(savedAt)}.` : "Arbetet sparas krypterat efter varje ändring.",
  );
}

function listView(pkg: OpenedPackage): Node {
  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Granskning"),
    h("p", { class: "lead" }, "Leverantörerna i ditt granskningspaket. Bedöm varje krav; skicka sedan svaret till samordnaren."),
    head(pkg),
    savedLine(pkg.saved_at),
    h(
      "table",
      { class: "data-table", "data-testid": "package-suppliers" },
      h("thead", {}, h("tr", {}, ...["Leverantör", "Organisationsnummer", "Maskinens förslag", "Bedömda krav"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        ...pkg.suppliers.map((s) =>
          h(
            "tr",
            { "data-org": s.org_nr },
            h("th", { scope: "row" }, h("a", { href: hrefFor("granskning", { org: s.org_nr }) }, s.name)),
            h("td", {}, s.org_nr),
            h("td", {}, tag(statusLabel(s.status))),
            h("td", { class: "num", "data-testid": "assessed-count" }, `${assessedCount(pkg.assessments, s)} av ${s.requirements.length}`),
          ),
        ),
      ),
    ),
    respondSection(),
  );
}

function respondSection(): HTMLElement {
  const problems = h("div", { "data-testid": "response-problems" });
  const b = h(
    "button",
    {
      type: "button",
      id: "send-response",
      class: "primary",
      onclick: async () => {
        b.disabled = true;
        try {
          const list = await api.assessmentProblems();
          if (list.length) {
            replaceChildren(
              problems,
              h(
                "div",
                { class: "warnings", role: "note" },
                h("h3", {}, "Svaret kan inte skrivas ännu"),
                h("ul", {}, ...list.map((p) => h("li", {}, p))),
              ),
            );
            return;
          }
          replaceChildren(problems);
          const name = await api.responseFileName();
          // (An end-to-end build saves into ANBUD_E2E_SAVE_DIR instead of opening the dialog.)
          const file = await saveAs("response", name);
          if (!file) return;
          const written = await api.writeResponse(file);
          showNotice(`Svaret är sparat: ${written}. Skicka filen till samordnaren; den är krypterad och kan bara läsas in i upphandlingens databas.`);
        } catch (err) {
          showError(err);
        } finally {
          b.disabled = false;
        }
      },
    },
    "Skicka svar…",
  );
  return h(
    "section",
    { "aria-labelledby": "svar-rubrik", class: "subsection" },
    h("h2", { id: "svar-rubrik" }, "Svaret"),
    h("p", { class: "muted" }, "Svaret är en krypterad fil med dina bedömningar, bunden till paketet; bara upphandlingens databas kan läsa den. Alla bedömningar måste vara kompletta (motivering där den krävs) innan svaret skrivs."),
    h("p", { class: "actions" }, b),
    problems,
  );
}

function supplierView(pkg: OpenedPackage, s: SupplierDetail): Node {
  const saved = savedLine(pkg.saved_at);
  const list = [...pkg.assessments];
  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Granskning"),
    h("p", { class: "back" }, h("a", { href: hrefFor("granskning") }, "← Till paketets leverantörer")),
    h("div", { class: "supplier-head" }, h("h2", { id: "leverantor-namn", class: "supplier-name" }, s.name), tag(statusLabel(s.status))),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Organisationsnummer"),
      h("dd", {}, s.org_nr),
      h("dt", {}, "Anbudsdatum"),
      h("dd", {}, formatDate(s.bid_date)),
      h("dt", {}, "Ledamot"),
      h("dd", {}, pkg.reviewer),
    ),
    saved,
    s.warnings.length
      ? h("div", { class: "warnings", role: "note", "aria-label": "Varningar" }, h("h3", {}, "Varningar"), h("ul", {}, ...s.warnings.map((w) => h("li", {}, w))))
      : null,
    h(
      "section",
      { "aria-labelledby": "krav-rubrik", class: "subsection" },
      h("h2", { id: "krav-rubrik" }, "Krav"),
      ...s.requirements.map((r) => reviewCard(s, r, list, saved)),
    ),
  );
}

function reviewCard(s: SupplierDetail, r: RequirementDetail, list: AssessmentInput[], saved: HTMLElement): HTMLElement {
  const res = r.result;
  const open = res.proposed === "review" || res.proposed === "missing";
  return h(
    "article",
    { class: `requirement-card ${open ? "needs-attention" : ""}`, "data-requirement": res.id, "data-outcome": res.proposed, "aria-labelledby": `krav-${res.id}` },
    h("header", { class: "requirement-head" }, h("h3", { id: `krav-${res.id}` }, res.title, " ", h("span", { class: "muted" }, `(${res.id})`)), tag(outcomeLabel(res.proposed))),
    proposalLine(r),
    ...answerTables(r),
    assessmentForm(s, r, list, saved),
  );
}

function assessmentForm(s: SupplierDetail, r: RequirementDetail, list: AssessmentInput[], saved: HTMLElement): HTMLElement {
  const id = r.result.id;
  const proposed = r.result.proposed;
  const current = assessmentFor(list, s.org_nr, id);
  const chosen = choiceOf(current, proposed);
  const radio = (value: Exclude<Choice, null>, text: string) =>
    h("label", { class: "radio" }, h("input", { type: "radio", name: `bedomning-${id}`, value, checked: chosen === value }), ` ${text}`);
  const others = (["pass", "fail", "missing"] as const).filter((o) => o !== proposed);
  const justification = h("textarea", { id: `bedomning-motivering-${id}`, rows: 2 });
  justification.value = current?.justification ?? "";
  const comment = h("textarea", { id: `bedomning-kommentar-${id}`, rows: 2 });
  comment.value = current?.comment ?? "";
  const state = h("span", { class: "muted small", "data-testid": "assessment-state" }, current ? "Sparad." : "Inte bedömd.");
  const justificationLabel = h("label", { for: `bedomning-motivering-${id}` }, "Motivering");
  const form = h("form", { class: "assessment-form", "data-requirement": id, onsubmit: (e: Event) => e.preventDefault() });
  const choice = (): Exclude<Choice, null> | null =>
    (form.querySelector<HTMLInputElement>(`input[name="bedomning-${id}"]:checked`)?.value as Exclude<Choice, null> | undefined) ?? null;
  const showNeed = () => {
    const c = choice();
    const need = c !== null && needsJustification(proposed, outcomeOf(c, proposed));
    justificationLabel.textContent = need ? "Motivering (krävs för den här bedömningen)" : "Motivering";
    justification.required = need;
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const c = choice();
    if (!c) return;
    const a: AssessmentInput = { org_nr: s.org_nr, requirement: id, outcome: outcomeOf(c, proposed), justification: justification.value, comment: comment.value };
    try {
      const at = await api.saveAssessment(a);
      const i = list.findIndex((x) => x.org_nr === a.org_nr && x.requirement === a.requirement);
      if (i >= 0) list[i] = a;
      else list.push(a);
      state.textContent = `Sparad ${formatDateTime(at)}.`;
      form.dataset.saved = "true";
      saved.textContent = `Arbetet sparas krypterat efter varje ändring; senast ${formatDateTime(at)}.`;
    } catch (err) {
      state.textContent = "Inte sparad.";
      showError(err);
    }
  };
  const later = () => {
    form.dataset.saved = "false";
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void save(), 400);
  };
  form.addEventListener("change", (e) => {
    if ((e.target as HTMLElement).tagName === "INPUT") {
      showNeed();
      void save();
    }
  });
  justification.addEventListener("input", later);
  comment.addEventListener("input", later);
  justification.addEventListener("blur", () => timer && void save());
  comment.addEventListener("blur", () => timer && void save());
  const undo = h(
    "button",
    {
      type: "button",
      class: "link-button",
      onclick: async () => {
        try {
          await api.clearAssessment(s.org_nr, id);
          for (const el of form.querySelectorAll<HTMLInputElement>(`input[name="bedomning-${id}"]`)) el.checked = false;
          const i = list.findIndex((x) => x.org_nr === s.org_nr && x.requirement === id);
          if (i >= 0) list.splice(i, 1);
          state.textContent = "Inte bedömd.";
          showNeed();
        } catch (err) {
          showError(err);
        }
      },
    },
    "Ta bort bedömningen",
  );
  form.append(
    h(
      "fieldset",
      {},
      h("legend", {}, "Din bedömning"),
      proposed !== "review" ? radio("agree", `Instämmer i förslaget (${outcomeLabel(proposed).text})`) : null,
      ...others.map((o) => radio(o, outcomeLabel(o).text)),
    ),
    h("div", { class: "field-stack" }, justificationLabel, justification),
    h("div", { class: "field-stack" }, h("label", { for: `bedomning-kommentar-${id}` }, "Kommentar"), comment),
    h("p", { class: "actions" }, state, undo),
  );
  if (current) form.dataset.saved = "true";
  showNeed();
  return h("details", { class: "override", open: true }, h("summary", {}, "Bedöm kravet"), form);
}

/** How many requirements of the package are assessed, for Start. */
export function packageProgress(pkg: OpenedPackage): string {
  const total = pkg.suppliers.reduce((n, s) => n + s.requirements.length, 0);
  return `${count(pkg.suppliers.length, "leverantör", "leverantörer")}, ${pkg.assessments.length} av ${total} krav bedömda`;
}
