"""Fills the blank bid workbook the app handed out (Importera anbud → Spara anbudsformuläret som…)
the way a bidder's own script would: rows found by their labels, columns by their headers, with
openpyxl. The result is one more qualified bid for the end-to-end import.

    python3 tests/e2e/fill_bid.py TEMPLATE.xlsx FILLED.xlsx
"""
import datetime
import os
import sys

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from bidform import answer, assignments, offer_lots  # noqa: E402

src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)


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
assignments(wb["Referensuppdrag"], [
    ("Region Västmanland", "Sjuksköterska", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), 12000),
])
offer_lots(wb["Anbudsområden"], {"S1": "2-4", "S2": "2-4"})
wb.save(dst)
