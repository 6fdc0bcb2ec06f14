"""Regenerate xs_consumption's township data file from data/xiushan_townships.csv.

    python3 data/generate_reference_xml.py

The CSV is the reference the county maintains (names, kinds, East-West cooperation tasks
and the Dezhou county each task township pairs with); the module loads the XML.
"""

import csv
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent
TARGET = ROOT.parent / "addons/xs_consumption/data/xs_township_data.xml"

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<odoo noupdate="1">
    <!-- R3: the 27 townships and sub-districts of Xiushan (4 sub-districts, 17 towns,
         6 townships). The 11 East-West cooperation task townships and their Dezhou pairing
         are set here and confirmed by the county on the township form.
         Generated from data/xiushan_townships.csv. -->
"""


def main():
    out = [HEADER]
    with open(ROOT / "xiushan_townships.csv", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f), start=1):
            out.append(f'    <record id="{row["xml_id"]}" model="xs.township">\n')
            out.append(f'        <field name="name">{escape(row["name"])}</field>\n')
            out.append(f'        <field name="kind">{row["kind"]}</field>\n')
            out.append(f'        <field name="sequence">{i * 10}</field>\n')
            if row["east_west_task"]:
                out.append('        <field name="east_west_task" eval="True"/>\n')
                out.append(
                    f'        <field name="dezhou_partner_id" ref="{row["dezhou_partner"]}"/>\n'
                )
            out.append("    </record>\n")
    out.append("</odoo>\n")
    TARGET.write_text("".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
