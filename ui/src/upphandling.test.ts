import { describe, expect, it, vi } from "vitest";

vi.mock("./ipc", async (original) => ({ ...(await original<typeof import("./ipc")>()), api: {} }));
const { keyCandidates, markIssues, captureFocus, restoreFocus, amendmentFields } = await import("./screens/upphandling");

describe("problems of a definition where they concern the procurement", () => {
  it("tries the most specific key first", () => {
    expect(keyCandidates("lot[2].prices[3]")).toEqual(["lot[2].prices[3]", "lot[2].prices", "lot[2]", "lot"]);
    expect(keyCandidates("requirement[kreditvardighet].min_class")).toEqual([
      "requirement[kreditvardighet].min_class",
      "requirement[kreditvardighet]",
      "requirement",
    ]);
    expect(keyCandidates("toml")).toEqual(["toml"]);
  });

  it("shows each at its field, row, price cell or requirement, and clears them on the next check", () => {
    document.body.innerHTML = `
      <section class="subsection" data-keys="procurement"><h2>Uppgifter och datum</h2>
        <dl><dt>Referensår</dt><dd data-keys="procurement.reference_year">2025</dd></dl></section>
      <section class="subsection" data-keys="zone zones workplace"><h2>Zoner</h2>
        <table><tbody><tr data-keys="zone[0]"><th>1</th><td>Zon 1</td></tr><tr data-keys="zone[1]"><th>2</th><td>Zon 2</td></tr></tbody></table></section>
      <section class="subsection" data-keys="pricing"><h2>Prismatris</h2>
        <table><tbody><tr data-keys="lot[1].prices"><th>L2</th><td data-keys="lot[1].prices[0]">1</td><td data-keys="lot[1].prices[1]">2</td></tr></tbody></table></section>
      <section class="subsection" data-keys="requirement"><h2>Krav</h2><ol><li data-keys="requirement[kreditvardighet] requirement[3]"><h3>Kreditvärdighet</h3></li></ol></section>
      <textarea></textarea>`;
    const root = document.body as HTMLElement;
    const area = document.querySelector("textarea") as HTMLTextAreaElement;
    area.value = "a\nb\nc";
    const issues = [
      { key: "procurement.reference_year", message: "referensåret 2030 måste ligga före sista anbudsdag", line: 10 },
      { key: "zone[1].factor", message: "faktorn ska vara minst 1", line: 118 },
      { key: "lot[1].prices[1]", message: "negativt pris", line: 170 },
      { key: "requirement[kreditvardighet].min_class", message: "kan inte tolkas som ett tal", line: 239 },
      { key: "procurement.refrence_year", message: "okänt fält", line: 10 },
      { key: "toml", message: "tabellrubriken är inte stängd", line: 1 },
    ];
    const placed = markIssues(root, issues, area);
    expect(placed.size).toBe(5); // all but the pure syntax error
    expect(document.querySelector('dd[data-keys="procurement.reference_year"] .field-issue')?.textContent).toMatch(/Referensåret 2030 måste/);
    const zoneRow = document.querySelector('tr[data-keys="zone[1]"]') as HTMLElement;
    expect(zoneRow.classList.contains("has-issue")).toBe(true);
    expect(zoneRow.nextElementSibling?.textContent).toMatch(/zone\[1\]\.factor.*Faktorn ska vara minst 1/);
    expect(document.querySelector('td[data-keys="lot[1].prices[1]"]')?.classList.contains("has-issue")).toBe(true);
    expect(document.querySelector('li[data-keys~="requirement[kreditvardighet]"] h3 + .field-issue')?.textContent).toMatch(/min_class/);
    // An unknown field of [procurement]: at the part.
    expect(document.querySelector('section[data-keys="procurement"] h2 + .field-issue')?.textContent).toMatch(/refrence_year/);
    expect(placed.get(issues[1] as (typeof issues)[number])?.dataset.where).toBe("zoner");

    markIssues(root, [], area);
    expect(document.querySelectorAll(".issue-mark, .has-issue").length).toBe(0);
  });

  it("marks an input aria-invalid with the message beside it, and clears both on the next check", () => {
    document.body.innerHTML = `
      <section class="subsection" data-keys="zone zones workplace"><h2>Zoner (ersättningsnivåer)</h2>
        <table><tbody><tr data-keys="zone[2]"><th>3</th>
          <td><span class="edit-field" data-keys="zone[2].factor"><label for="f3">Faktor för zon 3</label><input id="f3" aria-describedby="hjalp"></span></td>
          <td data-keys="zone[2].regions">Region Jönköpings län</td></tr></tbody></table></section>
      <textarea></textarea>`;
    const root = document.body as HTMLElement;
    const area = document.querySelector("textarea") as HTMLTextAreaElement;
    const input = document.getElementById("f3") as HTMLInputElement;
    const issues = [
      { key: "zone[2].factor", message: "faktorn 1,40 är högre än zon 4:s 1,15, så priset sjunker", line: 118 },
      { key: "zone[2].regions", message: "zon 3 har ingen region", line: 117 },
    ];
    const placed = markIssues(root, issues, area);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const mark = placed.get(issues[0] as (typeof issues)[number]) as HTMLElement;
    expect(mark.parentElement?.dataset.keys).toBe("zone[2].factor");
    expect(mark.textContent).toMatch(/^✗ Faktorn 1,40 är högre än zon 4:s 1,15, så priset sjunker rad 118$/);
    expect(input.getAttribute("aria-describedby")).toBe(`hjalp ${mark.id}`);
    expect(mark.dataset.control).toBe("f3");
    expect(mark.dataset.where).toBe("zoner (ersättningsnivåer)");
    // Not at an input: a row below the zone's row, as before.
    expect(document.querySelector("tr.issue-row")?.textContent).toMatch(/zone\[2\]\.regions/);

    markIssues(root, [], area);
    expect(input.hasAttribute("aria-invalid")).toBe(false);
    expect(input.getAttribute("aria-describedby")).toBe("hjalp");
    expect(document.querySelectorAll(".issue-mark, .has-issue").length).toBe(0);
  });

  it("keeps the focus (and what was typed but not sent) when the tables are drawn again", () => {
    document.body.innerHTML = `<div id="s"><section class="subsection" id="zoner"><input type="text" id="a" value="1,10"><input type="text" id="b" value="1,15"></section></div>`;
    const root = document.getElementById("s") as HTMLElement;
    const b = document.getElementById("b") as HTMLInputElement;
    b.focus();
    b.value = "1,2";
    const state = captureFocus(root, "a");
    root.innerHTML = `<section class="subsection" id="zoner" tabindex="-1"><input type="text" id="a" value="1,12"><input type="text" id="b" value="1,15"></section>`;
    restoreFocus(state);
    const again = document.getElementById("b") as HTMLInputElement;
    expect(document.activeElement).toBe(again);
    expect(again.value).toBe("1,2");
    // The input whose change was just sent shows the value the definition now holds.
    (document.getElementById("a") as HTMLInputElement).focus();
    const sent = captureFocus(root, "a");
    root.innerHTML = `<section class="subsection" id="zoner" tabindex="-1"><input type="text" id="a" value="1,12"></section>`;
    restoreFocus(sent);
    expect((document.activeElement as HTMLInputElement).value).toBe("1,12");
    // An input that is gone (a removed workplace): its part.
    (document.getElementById("a") as HTMLInputElement).focus();
    const gone = captureFocus(root, null);
    root.innerHTML = `<section class="subsection" id="zoner" tabindex="-1"></section>`;
    restoreFocus(gone);
    expect(document.activeElement?.id).toBe("zoner");
  });

  it("asks for the amendment's justification and name once the procurement has received bids, and refuses without them", () => {
    localStorage.removeItem("anbud.beslutsfattare");
    const fields = amendmentFields();
    document.body.replaceChildren(fields.element);
    const justification = document.getElementById("amendment-justification") as HTMLInputElement;
    const by = document.getElementById("amendment-by") as HTMLInputElement;
    const problem = document.getElementById("amendment-problem") as HTMLElement;
    expect(document.querySelector("label[for=amendment-justification]")?.textContent).toMatch(/Motivering/);
    expect(fields.read()).toBeNull();
    expect(justification.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(justification);
    expect(problem.hidden).toBe(false);
    expect(problem.textContent).toMatch(/motivering/);
    justification.value = "Omsättningskravet rättat.";
    expect(fields.read()).toBeNull();
    expect(by.getAttribute("aria-invalid")).toBe("true");
    expect(justification.hasAttribute("aria-invalid")).toBe(false);
    by.value = " Anna Lindqvist ";
    expect(fields.read()).toEqual({ justification: "Omsättningskravet rättat.", by: "Anna Lindqvist" });
    expect(problem.hidden).toBe(true);
    // The name is remembered for the next time.
    expect((amendmentFields().element.querySelector("#amendment-by") as HTMLInputElement).value).toBe("Anna Lindqvist");
  });
});
