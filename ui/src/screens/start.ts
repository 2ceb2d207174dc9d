import { h, replaceChildren } from "../dom";
import { api } from "../ipc";
import { showError, showNotice } from "../banner";
import { refreshContext } from "../app-context";
import { hrefFor, navigate } from "../router";
import { count } from "../format";
import { backupAction, newDatabaseAction, openDatabaseAction, openThen } from "../file-actions";
import type { ProcurementSummary } from "../bindings/ProcurementSummary";
import type { AuditState } from "../bindings/AuditState";
import type { AppInfo } from "../bindings/AppInfo";
import { pickFile, type Grant } from "../dialogs";

// Start: open a procurement database (Open dialog or the recent list), create a new one, open
// the demo, choose a procurement in the open database, start a new procurement in it, save a
// copy. The same actions are in the native Arkiv menu (file-actions.ts). The app opens here, so
// this screen also shows why the database asked for at start-up could not be opened.
export async function renderStart(): Promise<Node> {
  const [info, recent] = await Promise.all([api.appInfo(), api.recentFiles()]);
  // The router cleared the banner before this render; what is shown now stays.
  if (info.startup_error) showError(info.startup_error);
  const after = openThen;

  const openButton = h("button", { type: "button", id: "open-database", onclick: () => openDatabaseAction() }, "Öppna databas…");
  const newButton = h("button", { type: "button", id: "new-database", onclick: () => newDatabaseAction() }, "Ny databas…");
  const demoButton = h(
    "button",
    { type: "button", id: "open-demo", class: "primary", onclick: () => after(() => api.openDemo(), "oversikt") },
    "Öppna demoupphandlingen",
  );
  const backupButton = h("button", { type: "button", id: "backup", disabled: !info.database, onclick: () => backupAction() }, "Spara en kopia…");
  const newProcurement = info.database
    ? h("a", { href: hrefFor("upphandling", { ny: "1" }), id: "new-procurement", class: "button-link" }, "Ny upphandling i databasen…")
    : null;

  const current = h(
    "section",
    { "aria-labelledby": "oppen-rubrik", class: "panel" },
    h("h2", { id: "oppen-rubrik" }, "Öppen nu"),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Databas"),
      h("dd", { "data-testid": "open-database" }, info.database ?? "Ingen"),
      h("dt", {}, "Upphandling"),
      h("dd", { "data-testid": "open-procurement" }, info.procurement ? `${info.procurement.name} (dnr ${info.procurement.id})` : "Ingen"),
      ...(info.procurement
        ? [h("dt", {}, "Leverantörer"), h("dd", {}, count(info.procurement.suppliers, "anbud som gäller", "anbud som gäller"))]
        : []),
    ),
    procurementChooser(info.procurements, info.procurement?.id ?? null),
    h("p", { class: "actions" }, newProcurement, backupButton),
  );
  const audit = info.procurement ? auditPanel() : null;

  const recentList =
    recent.length === 0
      ? h("p", {}, "Inga ännu.")
      : h(
          "ul",
          { class: "plain-list recent-list" },
          // Opened by its place in the list Rust keeps, never by sending the path back.
          ...recent.map((r, index) =>
            h(
              "li",
              {},
              h(
                "button",
                { type: "button", class: "link-button", disabled: !r.exists, onclick: () => after(() => api.openRecent(index), null) },
                r.path,
              ),
              r.exists ? null : h("span", { class: "muted" }, " (filen finns inte längre)"),
            ),
          ),
        );

  return h(
    "section",
    { "aria-labelledby": "rubrik" },
    h("h1", { id: "rubrik" }, "Start"),
    h("p", { class: "lead" }, "Öppna en upphandling, skapa en ny databas eller öppna demoupphandlingen. Allt sparas i en SQLite-fil."),
    h("p", { class: "actions" }, demoButton, openButton, newButton),
    current,
    reviewPanel(info),
    audit,
    h("section", { "aria-labelledby": "senaste-rubrik", class: "panel" }, h("h2", { id: "senaste-rubrik" }, "Senast öppnade"), recentList),
    h(
      "dl",
      { class: "facts small" },
      h("dt", {}, "Program"),
      h("dd", { "data-testid": "app-version" }, `${info.name} ${info.version}`),
      h("dt", {}, "Standarddatabas"),
      h("dd", {}, info.default_database),
    ),
  );
}

function procurementChooser(list: ProcurementSummary[], selected: string | null): Node | null {
  if (list.length < 2) return null;
  const select = h(
    "select",
    {
      id: "choose-procurement",
      onchange: async (e: Event) => {
        try {
          await api.selectProcurement((e.target as HTMLSelectElement).value);
          await refreshContext();
          navigate("start", { t: String(Date.now()) });
        } catch (err) {
          showError(err);
        }
      },
    },
    ...list.map((p) => h("option", { value: p.id, selected: p.id === selected }, `${p.name} (${p.id})`)),
  );
  return h("div", { class: "field" }, h("label", { for: "choose-procurement" }, "Välj upphandling"), select);
}

/** The audit state in words: the journal whole with its count, or where it first breaks. */
export function auditText(a: AuditState): string {
  if (a.ok) return `Journalen är hel (${count(a.events, "händelse", "händelser")}).`;
  const more = a.problems > 1 ? ` (${count(a.problems, "avvikelse", "avvikelser")} i allt)` : "";
  return `Journalen är inte hel: ${a.first_problem ?? "okänd avvikelse"}${more}.`;
}

/** The open procurement's journal checked (audit_verify, read only) when the screen opens, so
 *  when a database is opened; a button checks it again. The result is announced politely, but
 *  not as role="status", which is the banner's. */
export function auditPanel(): HTMLElement {
  const status = h("p", { "data-testid": "audit-state", "aria-live": "polite" }, "Journalen kontrolleras…");
  const check = async (): Promise<void> => {
    button.disabled = true;
    status.textContent = "Journalen kontrolleras…";
    status.removeAttribute("data-ok");
    try {
      const a = await api.auditVerify();
      status.textContent = auditText(a);
      status.setAttribute("data-ok", String(a.ok));
      status.className = a.ok ? "ok-text" : "bad-text";
    } catch (err) {
      status.textContent = "Journalen kunde inte kontrolleras.";
      showError(err);
    } finally {
      button.disabled = false;
    }
  };
  const button = h("button", { type: "button", id: "audit-recheck", onclick: () => void check() }, "Kontrollera igen");
  void check();
  return h(
    "section",
    { "aria-labelledby": "journal-rubrik", class: "panel" },
    h("h2", { id: "journal-rubrik" }, "Händelseloggen"),
    status,
    h("p", { class: "actions" }, button, h("a", { href: hrefFor("handelselogg") }, "Visa händelseloggen")),
  );
}

/** The working-group member's way in: open a review package (Open dialog, then its passphrase),
 *  with no database; or, with one open, where it stands and the way to the review. */
export function reviewPanel(info: AppInfo): HTMLElement {
  const body = h("div", {});
  const panel = h(
    "section",
    { "aria-labelledby": "granskning-rubrik", class: "panel", "data-testid": "review-panel" },
    h("h2", { id: "granskning-rubrik" }, "Granska som ledamot i arbetsgruppen"),
    body,
  );
  if (info.review) {
    replaceChildren(
      body,
      h("p", { "data-testid": "open-package" }, `Öppet granskningspaket: ${info.review.reviewer}, upphandling ${info.review.procurement_id}.`),
      h(
        "p",
        { class: "actions" },
        h("a", { href: hrefFor("granskning"), class: "button-link", id: "to-review" }, "Till granskningen"),
        h(
          "button",
          {
            type: "button",
            id: "close-package",
            onclick: async () => {
              try {
                await api.closeReviewPackage();
                await refreshContext();
                navigate("start", { t: String(Date.now()) });
              } catch (err) {
                showError(err);
              }
            },
          },
          "Stäng paketet",
        ),
      ),
    );
  }
  const openButton = h(
    "button",
    {
      type: "button",
      id: "open-package",
      onclick: async () => {
        try {
          // (An end-to-end build takes the package in ANBUD_E2E_SAVE_DIR instead of the dialog.)
          const file = await pickFile("package");
          if (file) askPassphrase(file);
        } catch (err) {
          showError(err);
        }
      },
    },
    "Öppna granskningspaket…",
  );
  const form = h("div", {});
  const askPassphrase = (file: Grant) => {
    const field = h("input", { id: "package-passphrase", type: "password", autocomplete: "off", required: true });
    const submit = h("button", { type: "submit", class: "primary", id: "open-package-submit" }, "Öppna");
    const f = h(
      "form",
      {
        class: "field-stack",
        onsubmit: async (e: Event) => {
          e.preventDefault();
          submit.disabled = true;
          submit.textContent = "Öppnar…";
          try {
            const pkg = await api.openReviewPackage(file, field.value);
            field.value = "";
            await refreshContext();
            showNotice(`Granskningspaketet för ${pkg.reviewer} är öppet: ${count(pkg.suppliers.length, "leverantör", "leverantörer")}${pkg.saved_at ? ", ditt sparade arbete är återställt" : ""}.`);
            navigate("granskning");
          } catch (err) {
            showError(err);
            field.select();
          } finally {
            submit.disabled = false;
            submit.textContent = "Öppna";
          }
        },
      },
      h("p", {}, "Paket: ", h("span", { class: "mono", "data-testid": "package-file" }, file.name)),
      h("label", { for: "package-passphrase" }, "Lösenfras (fick du av samordnaren på annan väg)"),
      field,
      h("p", { class: "actions" }, submit),
    );
    replaceChildren(form, f);
    field.focus();
  };
  body.append(
    h("p", { class: "muted" }, "Öppna det krypterade granskningspaket du har fått. Ingen databas behövs; ditt arbete sparas krypterat på den här datorn."),
    h("p", { class: "actions" }, openButton),
    form,
  );
  return panel;
}
