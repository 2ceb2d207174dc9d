"""Fills a blank bid workbook written by `anbud template` the way a bidder's own script would:
finding rows by their labels and columns by their headers, with openpyxl. Used by
tests/template_roundtrip.rs."""
import datetime
import os
import sys

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bidform import answer, assignments, header_row, offer_lots  # noqa: E402

src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)


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
assignments(wb["Referensuppdrag"], [
    ("Region Örebro län", "Sjuksköterska", datetime.date(2024, 12, 1), datetime.date(2025, 1, 30), 1220),
    ("Region Västmanland", "Sjuksköterska", datetime.date(2025, 2, 1), datetime.date(2025, 12, 31), 9400),
])
offer_lots(wb["Anbudsområden"], {"S1": "1-6", "S2": "2, 3", "X2": "1-6"})
ws = wb["Priser"]
r, cols = header_row(ws, ["Kod", "Zon", "Timpris (SEK)"])
for row in ws.iter_rows(min_row=r + 1):
    if row[cols["Kod"] - 1].value == "S1" and row[cols["Zon"] - 1].value == 2:
        ws.cell(row=row[0].row, column=cols["Timpris (SEK)"], value=756)
wb.save(dst)
