"""Fills a bid workbook the way a bidder's own script would, with openpyxl: rows found by their
labels, columns by their headers, never by position. Shared by tests/fill_template.py (the
template round trip) and tests/e2e/fill_bid.py (the end-to-end import)."""


def header_row(ws, headers):
    """The row holding all `headers`, and each header's column."""
    for row in ws.iter_rows():
        texts = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if all(h in texts for h in headers):
            return row[0].row, texts
    raise SystemExit(f"rubrikerna {headers} finns inte i {ws.title}")


def answer(ws, label_header, value_header, answers):
    """Writes each answer beside its label."""
    r, cols = header_row(ws, [label_header, value_header])
    for row in ws.iter_rows(min_row=r + 1):
        label = row[cols[label_header] - 1].value
        if label in answers:
            ws.cell(row=row[0].row, column=cols[value_header], value=answers[label])


ASSIGNMENT_HEADERS = ["Beställare", "Yrkeskategori", "Från", "Till", "Timmar"]


def assignments(ws, rows):
    """Writes the assignments (customer, profession, from, to, hours) under the headers."""
    r, cols = header_row(ws, ASSIGNMENT_HEADERS)
    for i, values in enumerate(rows):
        for h, v in zip(ASSIGNMENT_HEADERS, values):
            ws.cell(row=r + 1 + i, column=cols[h], value=v)


def offer_lots(ws, zones_by_code):
    """Answers Ja for each lot code given, with its zones."""
    r, cols = header_row(ws, ["Kod", "Lämnar anbud", "Zoner"])
    for row in ws.iter_rows(min_row=r + 1):
        code = row[cols["Kod"] - 1].value
        if code in zones_by_code:
            ws.cell(row=row[0].row, column=cols["Lämnar anbud"], value="Ja")
            ws.cell(row=row[0].row, column=cols["Zoner"], value=zones_by_code[code])
