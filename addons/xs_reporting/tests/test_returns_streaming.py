import io

import xlsxwriter
from openpyxl import load_workbook

from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon

from ..report.xlsx_common import ReturnSheet, add_sheet
from .common import render_rows

STREAMING = ("surplus_statistics_xlsx", "catalogue_xlsx", "farmer_benefit_xlsx")


@tagged("post_install", "-at_install")
class TestReturnsStreaming(XsOrdersCommon):
    """R5, R8, R18 at scale: the statistics, catalogue and farmers' benefit
    returns stream their rows from one SQL query each, so the same number of queries
    serves 10 rows and 200; read under the user's record rules like the ORM did (a
    township user gets its own townships only)."""

    @classmethod
    def _add_declarations(cls, count):
        """``count`` more listed declarations over both townships and sellers, each sold
        once (one order of ``count`` lines): rows for all three returns."""
        kg = cls.env.ref("uom.product_uom_kgm")
        start = len(cls.added)
        products = cls.env["product.product"].create(
            [
                {"name": f"Stream Produce {i:03d}", "type": "consu", "uom_id": kg.id}
                for i in range(start, start + count)
            ]
        )
        declarations = cls.env["xs.surplus.declaration"].create(
            [
                cls._declaration_vals(
                    township_id=(cls.township_a, cls.township_b)[i % 2].id,
                    seller_id=(cls.seller_a, cls.seller_b)[i % 2].id,
                    product_id=product.id,
                    category=("vegetable", "fruit")[i % 2],
                    quantity=100 + i,
                    household_count=30 + i % 7,
                )
                for i, product in enumerate(products)
            ]
        )
        declarations.action_submit()
        declarations.with_user(cls.user_county).action_verify()
        declarations.write({"channel_action_ids": [Command.set(cls.action_school.ids)]})
        declarations.with_user(cls.user_county).action_list()
        cls._order(cls.buyer_school, [(d, 1) for d in declarations])
        cls.added |= declarations

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.added = cls.env["xs.surplus.declaration"]
        cls._add_declarations(10)

    def _rows(self, report, user, data=None):
        return render_rows(self.env, user, report, self.campaign.ids, data)

    def _queries(self, report):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._rows(report, self.user_county)
        return self.env.cr.sql_log_count - before

    def test_streaming_returns_query_count_10_and_200_rows(self):
        """The same queries for 10 rows as for 200 (assertQueryCount)."""
        for report in STREAMING:
            self._queries(report)  # warm the caches (rules, report actions, translations)
        small = {report: self._queries(report) for report in STREAMING}
        rows = {report: len(self._rows(report, self.user_county)) for report in STREAMING}
        self._add_declarations(190)
        for report in STREAMING:
            self._queries(report)
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(small[report]):
                grown = len(self._rows(report, self.user_county))
            # 190 more declaration rows (each township's subtotals stay as they were).
            self.assertEqual(grown, rows[report] + 190, report)

    def test_buyer_statement_query_count_10_and_200_lines(self):
        """R11: a buyer's statement reads its lines in the same queries for 10
        lines as for 200 (assertQueryCount), one row each."""

        def render():
            content, _kind = (
                self.env["ir.actions.report"]
                .with_user(self.user_county)
                ._render_xlsx("xs_reporting.buyer_statement_xlsx", self.buyer_school.ids, {})
            )
            return load_workbook(io.BytesIO(content), data_only=True).active.max_row

        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = render()
            return rows, self.env.cr.sql_log_count - before

        render()  # warm the caches (rules, report actions, translations)
        rows, small = count()
        self._add_declarations(190)
        render()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            grown = render()
        self.assertEqual(grown, rows + 190)

    def test_streaming_returns_township_scope(self):
        """R20: a township user's returns hold its own townships only, the county's all;
        the SQL reads under the same record rules as the ORM."""
        expected = {
            "surplus_statistics_xlsx": ("Township", 3, -1),
            "catalogue_xlsx": ("Township", 3, None),
            "farmer_benefit_xlsx": ("Township", 3, -2),
        }
        for report, (label, first, last) in expected.items():
            county = self._rows(report, self.user_county)
            col = county[2].index(label)
            body = [r for r in county[first:last] if r[0] is not None and str(r[0]).isdigit()]
            self.assertEqual(
                {r[col] for r in body}, {self.township_a.name, self.township_b.name}, report
            )
            own = self._rows(report, self.user_township_a)
            own_body = [r for r in own[first:last] if r[0] is not None and str(r[0]).isdigit()]
            self.assertEqual({r[col] for r in own_body}, {self.township_a.name}, report)
            self.assertEqual(
                [r[1:] for r in own_body],
                [r[1:] for r in body if r[col] == self.township_a.name],
                report,
            )


@tagged("post_install", "-at_install")
class TestReturnSheet(TransactionCase):
    """The returns' worksheet skips xlsxwriter's formula rewriting only where it
    would change nothing, so every formula is stored exactly as xlsxwriter stores it."""

    def test_formulas_stored_as_xlsxwriter_stores_them(self):
        formulas = [
            "=IF(F4>0,I4*G4/F4,0)",
            "=SUM(E4:E90)",
            "=SUMIF(F4:F9,F10,E4:E9)+SUMIF(F12:F13,F14,E12:E13)",
            "=C5+E5+G5",
            "=0",
            # Newer functions xlsxwriter writes with Excel's _xlfn. prefix: its own way.
            "=UNIQUE(A1:A3)",
            "=SUM(XLOOKUP(A1,B1:B3,C1:C3))",
            "=if(a1>0,SORT(A1:A3),0)",
            "{=SUM(A1:A3*B1:B3)}",
        ]
        plain = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True}).add_worksheet()
        ours = add_sheet(xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True}), "Return")
        self.assertIsInstance(ours, ReturnSheet)
        for row, formula in enumerate(formulas):
            plain.write_formula(row, 0, formula, None, row)
            ours.write_formula(row, 0, formula, None, row)
        stored = {row: dict(cells) for row, cells in plain.table.items()}
        self.assertEqual({row: dict(cells) for row, cells in ours.table.items()}, stored)
        self.assertEqual(stored[5][0].formula, "_xlfn.UNIQUE(A1:A3)")
        self.assertEqual(stored[0][0].formula, "IF(F4>0,I4*G4/F4,0)")
