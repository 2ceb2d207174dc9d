"""Fills the blank bid workbook the app handed out (Importera anbud → Spara anbudsformuläret som…)
the way a bidder's own script would: rows found by their labels, columns by their headers, with
openpyxl. The result is one more qualified bid for the end-to-end import.

    python3 tests/e2e/fill_bid.py TEMPLATE.xlsx FILLED.xlsx
"""
import datetime
import sys

import openpyxl

src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)


def header_row(ws, headers):
    for row in ws.iter_rows():
        texts = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if all(h in texts for h in headers):
            return row[0].row, texts
    raise SystemExit(f"rubrikerna {headers} finns inte i {ws.title}")


def answer(ws, label_header, value_header, answers):
    r, cols = header_row(ws, [label_header, value_header])
    for row in ws.iter_rows(min_row=r + 1):
        label = row[cols[label_header] - 1].value
        if label in answers:
            ws.cell(row=row[0].row, column=cols[value_header], value=answers[label])


answer(wb["Anbudsgivare"], "Uppgift", "Svar", {
    "Organisationsnummer": "559123-4561",
    "Företagsnamn": "Mälardalens Vårdbemanning AB",
    "Anbudsdatum": datetime.date(2026, 12, 14),
})
answer(wb["Kvalificering"], "Fråga", "Svar", {
    "Inga uteslutningsgrunder föreligger": "Ja",
    "Accepterar avtalets fasta priser": "Ja",
    "Kreditupplysningsföretag": "UC AB",
    "Riskklass (UC, 1–5)": 4,
    "Datum för kreditupplysning": datetime.date(2026, 10, 1),
    "Moderbolagsgaranti bifogas": "Nej",
    "Omsättning senaste avslutade räkenskapsår (SEK)": 21500000,
    "Räkenskapsårets slutdatum": datetime.date(2025, 12, 31),
    "Bemanning inom hälso- och sjukvård sedan": datetime.date(2015, 5, 1),
    "Levererade timmar referensåret": 12000,
})
ws = wb["Referensuppdrag"]
r, cols = header_row(ws, ["Beställare", "Yrkeskategori", "Från", "Till", "Timmar"])
rows = [("Region Västmanland", "Sjuksköterska", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), 12000)]
for i, values in enumerate(rows):
    for h, v in zip(["Beställare", "Yrkeskategori", "Från", "Till", "Timmar"], values):
        ws.cell(row=r + 1 + i, column=cols[h], value=v)
ws = wb["Anbudsområden"]
r, cols = header_row(ws, ["Kod", "Lämnar anbud", "Zoner"])
for row in ws.iter_rows(min_row=r + 1):
    if row[cols["Kod"] - 1].value in ("S1", "S2"):
        ws.cell(row=row[0].row, column=cols["Lämnar anbud"], value="Ja")
        ws.cell(row=row[0].row, column=cols["Zoner"], value="2-4")
wb.save(dst)
