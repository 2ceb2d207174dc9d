"""Fills the projection template the app saved, as a coordinator would: expected hours for Region
Dalarna (L1 8 000 h, S1 20 000 h) and Region Stockholm (L1 12 000 h), and their personnel costs
(1 000 000 000 kr and 50 000 000 000 kr). Usage: fill_projection.py TEMPLATE OUT"""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
hours, cost = wb["Timmar"], wb["Personalkostnad"]
head = [c.value for c in hours[1]]
col = {str(v).split()[0]: i + 1 for i, v in enumerate(head) if v}
filled = {"20": {"L1": 8000, "S1": 20000}, "01": {"L1": 12000}}
for row in range(2, hours.max_row + 1):
    code = str(hours.cell(row, 1).value or "").split(" ")[0]
    if code in filled and not hours.cell(row, 2).value:
        for lot, h in filled[code].items():
            hours.cell(row, col[lot]).value = h
costs = {"20": 1_000_000_000, "01": 50_000_000_000}
for row in range(2, cost.max_row + 1):
    code = str(cost.cell(row, 1).value or "").split(" ")[0]
    if code in costs:
        cost.cell(row, 2).value = costs[code]
wb.save(sys.argv[2])
