#!/usr/bin/env python3
"""Writes a Swedish ESPD response for the tests from the ESPD-EDM project's 4.1.0 example
response (tests/fixtures/espd/v4.1.0/ESPD-Response.xml, EUPL-1.2): the economic operator's
identifier and name, every exclusion ground's answer, the general yearly turnover (amount,
currency, period) and the credit rating with its scheme are replaced; everything else is the
example's. Run again rather than edit the output:

  python3 scripts/espd-response-fixture.py --org 5560125790 --name "Vårdkraft Bemanning AB" \
      --amount 48250000 --currency SEK --start 2025-01-01 --end 2025-12-31 --rating 4 \
      --scheme "Riskklass (UC, 1–5); alternativt: Moderbolagsgaranti bifogas" \
      -o tests/fixtures/espd/sv/vardkraft-espd.xml

Which property answers what is found the way `src/espd` reads it: an exclusion ground's answer is
the first QUESTION of type INDICATOR in the criterion's first property group (a response is added
where the example answers none); the turnover's amount is the criterion's ResponseAmount and its
period the ApplicablePeriod; the rating the finan-requ ResponseQuantity, its scheme the
ExpectedDescription of the rating branch.
"""
import argparse
import copy
import os
import xml.etree.ElementTree as ET

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests/fixtures/espd/v4.1.0/ESPD-Response.xml")
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
EXCLUSION_PREFIX = "_EG_"


def q(ns, name):
    return f"{{{CAC if ns == 'cac' else CBC}}}{name}"


def luhn(nine):
    """The check digit of an organisation number's first nine digits."""
    total = 0
    for i, c in enumerate(nine):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--org", required=True, help="ten digits, or nine and the check digit is added")
    a.add_argument("--name", required=True)
    a.add_argument("--yes", action="append", default=[], help="a ground (4.x code) that applies")
    a.add_argument("--amount", required=True)
    a.add_argument("--currency", required=True)
    a.add_argument("--start", required=True)
    a.add_argument("--end", required=True)
    a.add_argument("--rating", required=True)
    a.add_argument("--scheme", required=True)
    a.add_argument("-o", "--output", required=True)
    args = a.parse_args()
    if len(args.org) == 9:
        args.org += luhn(args.org)

    for prefix, uri in [("cac", CAC), ("cbc", CBC),
                        ("", "urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2"),
                        ("espd", "urn:com:grow:espd:4.1.0")]:
        ET.register_namespace(prefix, uri)
    tree = ET.parse(SOURCE)
    root = tree.getroot()

    party = root.find(f"{q('cac','EconomicOperatorParty')}/{q('cac','Party')}")
    party.find(f"{q('cac','PartyIdentification')}/{q('cbc','ID')}").text = f"SE{args.org}01"
    party.find(f"{q('cac','PartyName')}/{q('cbc','Name')}").text = args.name

    responses = root.findall(q("cac", "TenderingCriterionResponse"))
    by_property = {}
    for r in responses:
        by_property.setdefault(r.find(q("cbc", "ValidatedCriterionPropertyID")).text.strip(), []).append(r)
    template = next(r for r in responses if r.find(f".//{q('cbc','ResponseIndicator')}") is not None)
    last_index = list(root).index(responses[-1])

    for crit in root.findall(q("cac", "TenderingCriterion")):
        code = crit.find(q("cbc", "CriterionTypeCode")).text.strip()
        group = crit.find(q("cac", "TenderingCriterionPropertyGroup"))
        first_id = group.find(q("cbc", "ID")).text if group is not None else ""
        if EXCLUSION_PREFIX in first_id:
            answer = None
            for prop in group.iter(q("cac", "TenderingCriterionProperty")):
                if prop.find(q("cbc", "TypeCode")).text.strip() == "QUESTION" and \
                        prop.find(q("cbc", "ValueDataTypeCode")).text.strip() == "INDICATOR":
                    answer = prop.find(q("cbc", "ID")).text.strip()
                    break
            value = "true" if code in args.yes else "false"
            existing = by_property.get(answer, [])
            if existing:
                for r in existing:
                    r.find(f".//{q('cbc','ResponseIndicator')}").text = value
            else:
                r = copy.deepcopy(template)
                r.find(q("cbc", "ID")).text = answer + "/R1"
                r.find(q("cbc", "ValidatedCriterionPropertyID")).text = answer
                r.find(f"{q('cac','ResponseValue')}/{q('cbc','ID')}").text = answer + "/R1/RV"
                r.find(f".//{q('cbc','ResponseIndicator')}").text = value
                last_index += 1
                root.insert(last_index, r)
        if code == "gen-year-to":
            for pid, rs in by_property.items():
                if not pid.startswith("C29_SC_gen-year-to/"):
                    continue
                for r in rs:
                    amount = r.find(f".//{q('cbc','ResponseAmount')}")
                    if amount is not None:
                        amount.text = args.amount
                        amount.set("currencyID", args.currency)
                    period = r.find(f".//{q('cac','ApplicablePeriod')}")
                    if period is not None:
                        period.find(q("cbc", "StartDate")).text = args.start
                        period.find(q("cbc", "EndDate")).text = args.end
        if code == "finan-requ":
            for d in crit.iter(q("cbc", "ExpectedDescription")):
                d.text = args.scheme
            for pid, rs in by_property.items():
                if not pid.startswith("C36_SC_finan-requ/"):
                    continue
                for r in rs:
                    quantity = r.find(f".//{q('cbc','ResponseQuantity')}")
                    if quantity is not None:
                        quantity.text = args.rating
    tree.write(args.output, encoding="UTF-8", xml_declaration=True)


if __name__ == "__main__":
    main()
