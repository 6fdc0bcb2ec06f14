from odoo import Command
from odoo.tests import tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestQueryCounts(XsOrdersCommon):
    """Aggregates are computed with a fixed number of queries, whatever the number of
    records (no query per record)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Commitment = cls.env["xs.buyer.commitment"]
        cls.commitments = Commitment
        for i in range(6):
            buyer = cls.env["res.partner"].create(
                {"name": f"Perf School {i}", "is_company": True, "xs_buyer_category": "school"}
            )
            commitment = Commitment.create(
                {
                    "campaign_id": cls.campaign.id,
                    "action_id": cls.action_school.id,
                    "buyer_id": buyer.id,
                    "amount_committed": 1000,
                    "date_end": cls.phase_implementation.date_end,
                }
            )
            commitment.action_confirm()
            cls._order(buyer, [(cls.decl_a, 10), (cls.decl_b, 5)], commitment=commitment)
            cls.commitments |= commitment
        cls.env.flush_all()

    def _queries(self, func):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        return self.env.cr.sql_log_count - before

    def test_commitment_fulfilment_queries_do_not_grow(self):
        one = self._queries(lambda: self.commitments[:1].mapped("fulfilment_rate"))
        six = self._queries(lambda: self.commitments.mapped("fulfilment_rate"))
        self.assertEqual(six, one)
        self.assertEqual(self.commitments.mapped("amount_ordered"), [35.0] * 6)
        with self.assertQueryCount(one):
            self.env.invalidate_all()
            self.commitments.mapped("amount_counted")

    def test_declaration_quantities_queries_do_not_grow(self):
        declarations = self.decl_a | self.decl_b
        field = self.env["xs.surplus.declaration"]._fields["qty_ordered"]

        def recompute(records):
            self.env.add_to_compute(field, records)
            records.flush_recordset()

        one = self._queries(lambda: recompute(self.decl_a))
        two = self._queries(lambda: recompute(declarations))
        self.assertLessEqual(two, one + 1)  # one more UPDATE row batch at most
        self.assertEqual((self.decl_a.qty_ordered, self.decl_b.qty_ordered), (60, 30))

    def test_catalogue_counts_in_one_query(self):
        self.decl_b.channel_action_ids = [Command.link(self.action_ecommerce.id)]
        declarations = self.decl_a | self.decl_b
        self.env.invalidate_all()
        with self.assertQueryCount(2):  # one GROUP BY for sales, one for purchases
            declarations.mapped("sale_order_count")
            declarations.mapped("purchase_order_count")
