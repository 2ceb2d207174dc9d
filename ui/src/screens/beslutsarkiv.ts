import { h, replaceChildren } from "../dom";
import { count, formatDate, formatDateTime, formatInteger } from "../format";
import { api } from "../ipc";
import { showError, showNotice, clearBanner } from "../banner";
import { pickFolder } from "../dialogs";
import { baseName } from "../labels";
import { hrefFor } from "../router";
import type { ArchivedDecision } from "../bindings/ArchivedDecision";
import type { FingerprintCheck } from "../bindings/FingerprintCheck";
import type { Reprinted } from "../bindings/Reprinted";

// Beslutsarkiv (the lawyer): every decision of the procurement as the database holds it, newest
// first; each opened (its record in the system's PDF viewer, or its notices' folder) or saved to
// a folder, printed again from the database byte for byte as when it was taken; and a
// fingerprint typed or pasted from a paper copy checked against them.
export async function renderBeslutsarkiv(): Promise<Node> {
  const [decisions, info] = await Promise.all([api.decisionArchive(), api.appInfo()]);
  const root = h("section", { "aria-labelledby": "rubrik" });
  const saved = h("div", { id: "archive-saved", "aria-live": "polite" });
  const name = info.procurement ? `${info.procurement.name} (dnr ${info.procurement.id})` : "upphandlingen";
  replaceChildren(
    root,
    h("h1", { id: "rubrik" }, "Beslutsarkiv"),
    h(
      "p",
      { class: "lead" },
      `Alla beslut i ${name}. Beslutet och underrättelserna skrivs ut på nytt ur databasen, utan anbudsfilerna, och blir byte för byte desamma som när beslutet fattades.`,
    ),
    decisions.length === 0
      ? h("p", { "data-testid": "archive-empty" }, "Inga beslut har fattats ännu. ", h("a", { href: hrefFor("beslut") }, "Fatta beslut"), ".")
      : archiveTable(decisions, (out) => replaceChildren(saved, savedView(out))),
    saved,
    decisions.length === 0 ? null : checkForm(),
  );
  return root;
}

/** A fingerprint in groups of eight, as the record prints it. */
export function groupedFingerprint(fingerprint: string): string {
  return (fingerprint.match(/.{1,8}/g) ?? []).join(" ");
}

/** What a decision is now: in force, replaced, or changed in the database. */
export function standing(d: ArchivedDecision): string {
  if (!d.intact) return "Ändrat i databasen efter beslutet";
  const replaced = d.superseded_by === null ? "Gäller" : `Ersatt av beslut nr ${d.superseded_by}`;
  return d.supersedes === null ? replaced : `${replaced}; ersätter beslut nr ${d.supersedes}`;
}

function archiveTable(decisions: ArchivedDecision[], onSaved: (out: Reprinted) => void): Node {
  const newestFirst = [...decisions].sort((a, b) => b.number - a.number);
  return h(
    "table",
    { class: "data-table", "data-testid": "archive" },
    h("caption", { class: "visually-hidden" }, "Upphandlingens beslut, det senaste först."),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...["Nr", "Beslutsdatum", "Beslutsfattare", "Ställning", "Utfall", "Kontrollsumma (SHA-256)", "Handlingar"].map((c) => h("th", { scope: "col" }, c)),
      ),
    ),
    h("tbody", {}, ...newestFirst.map((d) => row(d, onSaved))),
  );
}

function row(d: ArchivedDecision, onSaved: (out: Reprinted) => void): Node {
  const n = String(d.number);
  const busy = (button: HTMLButtonElement, work: () => Promise<void>) => async () => {
    button.disabled = true;
    try {
      clearBanner();
      await work();
    } catch (e) {
      showError(e);
    } finally {
      button.disabled = false;
    }
  };
  const openRecord = h("button", { type: "button", id: `open-record-${n}`, disabled: !d.intact }, "Öppna beslutet");
  openRecord.onclick = busy(openRecord, async () => {
    const path = await api.openArchivedRecord(d.number, false);
    showNotice(`Beslut nr ${n} är utskrivet på nytt ur databasen och öppnat: ${baseName(path)}.`);
  });
  const openNotices = h("button", { type: "button", id: `open-notices-${n}`, disabled: !d.intact }, "Öppna underrättelserna");
  openNotices.onclick = busy(openNotices, async () => {
    const dir = await api.openArchivedRecord(d.number, true);
    showNotice(`Beslut nr ${n} och ${count(d.notices, "underrättelse", "underrättelser")} är utskrivna på nytt i ${dir}.`);
  });
  const save = h("button", { type: "button", id: `save-decision-${n}`, disabled: !d.intact }, "Spara i mapp…");
  save.onclick = busy(save, async () => {
    const folder = await pickFolder("record_folder");
    if (!folder) return;
    const out = await api.saveArchivedDecision(d.number, folder);
    onSaved(out);
    showNotice(`Beslut nr ${n} är sparat: ${count(out.notices.length + 1, "fil", "filer")}.`);
  });
  return h(
    "tr",
    { "data-number": n, class: d.superseded_by === null ? "" : "superseded" },
    h("th", { scope: "row" }, n),
    h("td", {}, formatDate(d.decision_date)),
    h("td", {}, d.decided_by + (d.role ? `, ${d.role}` : ""), h("br"), h("small", {}, `sparat ${formatDateTime(d.created_at)}`)),
    h("td", { "data-testid": "standing" }, standing(d)),
    h("td", {}, `${formatInteger(d.qualified)} kvalificerade, ${formatInteger(d.not_qualified)} ej`),
    h("td", {}, h("code", { class: "mono", "data-testid": "fingerprint" }, groupedFingerprint(d.fingerprint))),
    h("td", { class: "actions" }, openRecord, " ", openNotices, " ", save),
  );
}

function savedView(out: Reprinted): Node {
  const dir = out.record.replace(/[\\/][^\\/]*$/, "");
  const open = h("button", { type: "button", id: "open-saved-folder" }, "Öppna mappen");
  open.onclick = async () => {
    try {
      await api.openExportFolder();
    } catch (e) {
      showError(e);
    }
  };
  return h(
    "section",
    { class: "panel", "aria-labelledby": "sparat-rubrik", "data-testid": "archive-saved" },
    h("h2", { id: "sparat-rubrik" }, h("span", { "aria-hidden": "true" }, "✓ "), `Beslut nr ${out.number} är sparat`),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Mapp"),
      h("dd", {}, dir),
      h("dt", {}, "Beslutet"),
      h("dd", { "data-testid": "saved-record" }, baseName(out.record)),
      h("dt", {}, "Underrättelser"),
      h("dd", {}, count(out.notices.length, "fil", "filer")),
      h("dt", {}, "Kontrollsumma (SHA-256)"),
      h("dd", { class: "mono" }, groupedFingerprint(out.fingerprint)),
    ),
    h("p", { class: "actions" }, open),
  );
}

function checkForm(): Node {
  const input = h("input", { id: "fingerprint-input", type: "text", autocomplete: "off", spellcheck: "false", class: "mono wide" });
  const result = h("div", { id: "fingerprint-result", "aria-live": "polite" });
  const button = h("button", { type: "submit", id: "check-fingerprint", class: "primary" }, "Kontrollera");
  const form = h(
    "form",
    {
      class: "subsection",
      "aria-labelledby": "kontroll-rubrik",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        button.disabled = true;
        try {
          clearBanner();
          replaceChildren(result, checkView(await api.checkFingerprint(input.value)));
        } catch (err) {
          replaceChildren(result);
          showError(err);
        } finally {
          button.disabled = false;
        }
      },
    },
    h("h2", { id: "kontroll-rubrik" }, "Kontrollera en utskrift"),
    h(
      "p",
      {},
      "Skriv av eller klistra in kontrollsumman från beslutets sista sida. Svaret säger om databasen innehåller exakt det beslutet och, om inte, vad som skiljer.",
    ),
    h("div", { class: "field-stack" }, h("label", { for: "fingerprint-input" }, "Kontrollsumma (SHA-256)"), input),
    h("p", { class: "actions" }, button),
    result,
  );
  return form;
}

function checkView(c: FingerprintCheck): Node {
  return h(
    "p",
    { class: c.holds ? "ok-text" : "error-text", "data-testid": "fingerprint-verdict", "data-holds": String(c.holds) },
    h("span", { "aria-hidden": "true" }, c.holds ? "✓ " : "✗ "),
    c.verdict,
  );
}
