import io

from openpyxl import load_workbook

from odoo.tests import HttpCase, tagged

from .common_collection import XsCollectionCommon

AGENCIES = "Agencies, Institutions and Enterprises"


@tagged("post_install", "-at_install")
class TestShopPeopleUi(XsCollectionCommon, HttpCase):
    """R27 in Chromium at phone width, as people arrive: a resident who has no account
    registers and buys; a staff member opens the work unit's invitation link, collects at
    the work unit, and the summary return (R14) counts the order in the work unit's
    column."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.township_a.name = "Shop Town A"
        cls.township_b.name = "Shop Town B"
        cls.seller_a.name = "Shop Cooperative A"
        cls.seller_b.name = "Shop Family Farm B"
        demo = cls.env.ref("payment.payment_provider_demo")
        # The demo provider only, as core's checkout tours pay.
        cls.env["payment.provider"].search([("id", "!=", demo.id)]).state = "disabled"
        demo.write({"state": "test", "is_published": True})
        cls.env["delivery.carrier"].search([]).is_published = False
        (cls.carrier_unit | cls.carrier_home).write({"is_published": True, "website_id": False})
        cls.env["sale.order"].search(
            [("partner_id", "=", cls.user_resident.partner_id.id)]
        ).order_line.unlink()
        # The tours read the English labels (core's checkout steps among them).
        cls.website.write(
            {"auth_signup_uninvited": "b2c", "default_lang_id": cls.env.ref("base.lang_en").id}
        )

    def _agencies_column(self):
        """The summary return's 机关企事业单位 figures of Shop Town A (all county products,
        of which unsold produce), as the county files it."""
        report = self.env["ir.actions.report"].with_user(self.user_county)
        content, _kind = report._render_xlsx(
            "xs_reporting.summary_return_xlsx", self.campaign.ids, {}
        )
        rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.rows]
        column = rows[2].index(AGENCIES)
        town_a = next(row for row in rows[4:-1] if row[1] == "Shop Town A")
        return town_a[column : column + 2]

    def test_r27_a_resident_registers_and_buys_on_a_phone(self):
        self.start_tour("/web/signup?redirect=/shop/produce", "xs_shop_signup_tour")
        user = self.env["res.users"].search([("login", "=", "li.na@example.com")])
        self.assertEqual(user.partner_id.xs_channel, "shop", "signed up as a resident")
        self.assertTrue(user._is_portal())
        order = self.env["sale.order"].search(
            [("partner_id", "=", user.partner_id.id), ("state", "=", "sale")]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(
            order.order_line.xs_declaration_id, self.decl_a | self.decl_b, "two sellers' entries"
        )
        self.assertEqual(order.transaction_ids.state, "done")
        self.assertEqual(order.partner_shipping_id.street, "Fenghuang Road 8")
        self.assertTrue(order.xs_purchase_pending, "the sellers' orders are asked for")

    def test_r27_invited_staff_collect_and_count_under_the_work_unit(self):
        if "xs.return.column" not in self.env:
            self.skipTest("the returns are xs_reporting's")
        before = self._agencies_column()
        self.start_tour(
            f"/shop/with/{self.buyer_school.id}", "xs_shop_invited_tour", login="xs_resident"
        )
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.user_resident.partner_id.id), ("state", "=", "sale")]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.xs_shop_buy_with, "work_unit")
        self.assertEqual(order.xs_shop_work_unit_id, self.buyer_school)
        self.assertEqual(order.xs_action_id.action_type, "school")
        self.assertEqual(order.carrier_id, self.carrier_unit)
        self.assertEqual(order.partner_shipping_id, self.school_gate)
        self.assertEqual(order.transaction_ids.state, "done")
        # The school counts under 机关企事业单位 (the plan's column for schools): the
        # return's figures of Shop Town A grow by what the staff member paid for the entry.
        entry_line = order.order_line.filtered("xs_declaration_id")
        self.assertEqual(entry_line.product_uom_qty, 4)
        after = self._agencies_column()
        paid = entry_line.price_total
        self.assertAlmostEqual(after[0] - before[0], paid, places=2)
        self.assertAlmostEqual(after[1] - before[1], paid, places=2)
