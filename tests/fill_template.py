"""Fills a blank bid workbook written by `anbud template` the way a bidder's own script would:
finding rows by their labels and columns by their headers, with openpyxl. Used by
tests/template_roundtrip.rs."""
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
    raise SystemExit(f"headers {headers} not found in {ws.title}")


def answer(ws, label_header, value_header, answers):
    r, cols = header_row(ws, [label_header, value_header])
    for row in ws.iter_rows(min_row=r + 1):
        label = row[cols[label_header] - 1].value
        if label in answers:
            ws.cell(row=row[0].row, column=cols[value_header], value=answers[label])


answer(wb["Anbudsgivare"], "Uppgift", "Svar", {
    "Organisationsnummer": "556012-5790",
    "Företagsnamn": "Skriptat Anbud AB",
    "Anbudsdatum": datetime.date(2026, 12, 14),
})
answer(wb["Kvalificering"], "Fråga", "Svar", {
    "Inga uteslutningsgrunder föreligger": "Ja",
    "Accepterar avtalets fasta priser": "Ja",
    "Kreditupplysningsföretag": "UC AB",
    "Riskklass (UC, 1–5)": 3,
    "Datum för kreditupplysning": datetime.date(2026, 9, 15),
    "Moderbolagsgaranti bifogas": "Nej",
    "Omsättning senaste avslutade räkenskapsår (SEK)": 5000000,
    "Räkenskapsårets slutdatum": datetime.date(2025, 12, 31),
    "Bemanning inom hälso- och sjukvård sedan": datetime.date(2024, 12, 15),
    "Levererade timmar referensåret": 10000,
})
ws = wb["Referensuppdrag"]
r, cols = header_row(ws, ["Beställare", "Yrkeskategori", "Från", "Till", "Timmar"])
rows = [("Region Örebro län", "Sjuksköterska", datetime.date(2024, 12, 1), datetime.date(2025, 1, 30), 1220),
        ("Region Västmanland", "Sjuksköterska", datetime.date(2025, 2, 1), datetime.date(2025, 12, 31), 9400)]
for i, values in enumerate(rows):
    for h, v in zip(["Beställare", "Yrkeskategori", "Från", "Till", "Timmar"], values):
        ws.cell(row=r + 1 + i, column=cols[h], value=v)
ws = wb["Anbudsområden"]
r, cols = header_row(ws, ["Kod", "Lämnar anbud", "Zoner"])
for row in ws.iter_rows(min_row=r + 1):
    code = row[cols["Kod"] - 1].value
    if code in ("S1", "S2", "X2"):
        ws.cell(row=row[0].row, column=cols["Lämnar anbud"], value="Ja")
        ws.cell(row=row[0].row, column=cols["Zoner"], value="1-6" if code != "S2" else "2, 3")
ws = wb["Priser"]
r, cols = header_row(ws, ["Kod", "Zon", "Timpris (SEK)"])
for row in ws.iter_rows(min_row=r + 1):
    if row[cols["Kod"] - 1].value == "S1" and row[cols["Zon"] - 1].value == 2:
        ws.cell(row=row[0].row, column=cols["Timpris (SEK)"], value=756)
wb.save(dst)
