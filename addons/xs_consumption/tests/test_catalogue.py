from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestCatalogue(XsOrdersCommon):
    """R8: verified surplus becomes a catalogue published per channel."""

    def test_r8_listing_makes_a_vendor_price(self):
        self.assertEqual(self.decl_a.state, "listed")
        info = self.decl_a._xs_supplierinfo()
        self.assertEqual(info.partner_id, self.seller_a)
        self.assertEqual(info.price, 2.5)
        self.assertEqual(self.decl_b._xs_supplierinfo().partner_id, self.seller_b)
        self.assertTrue(self.product_cabbage.sale_ok and self.product_cabbage.purchase_ok)

    def test_r8_listing_needs_verification_and_channels(self):
        draft = self._create_declaration(product_id=self.product_kiwi.id)
        with self.assertRaises(UserError):
            draft.with_user(self.user_county).action_list()
        draft.action_submit()
        draft.with_user(self.user_county).action_verify()
        with self.assertRaises(AccessError):
            draft.with_user(self.user_township_a).action_list()

    def test_r8_listing_without_channels_asks_for_them(self):
        """'List in Catalogue' on an entry without channels opens a dialog that asks for
        them and lists it (it used to stop the clerk with an error); none chosen, nothing
        is listed."""
        entry = self._create_declaration(product_id=self.product_kiwi.id)
        entry.action_submit()
        entry.with_user(self.user_county).action_verify()
        action = entry.with_user(self.user_county).action_list()
        self.assertEqual(action["res_model"], "xs.declaration.list.wizard")
        self.assertEqual(entry.state, "verified")
        Wizard = self.env["xs.declaration.list.wizard"].with_user(self.user_county)
        form = Form(Wizard.with_context(**action["context"]))
        with self.assertRaisesText(UserError, "channel"):
            form.save().action_confirm()
        self.assertEqual(entry.state, "verified")
        form = Form(Wizard.with_context(**action["context"]))
        form.channel_action_ids.add(self.action_school)
        form.save().action_confirm()
        self.assertEqual(entry.state, "listed")
        self.assertEqual(entry.channel_action_ids, self.action_school)
        self.assertTrue(entry._xs_is_published_to(self.buyer_school))
        # Entries that have channels keep them when listed with others that had none.
        Product = self.env["product.product"]
        other = self._create_declaration(
            product_id=Product.create({"name": "Test Pear", "type": "consu"}).id
        )
        other.action_submit()
        other.with_user(self.user_county).action_verify()
        other.channel_action_ids = self.action_finance
        third = self._create_declaration(
            product_id=Product.create({"name": "Test Plum", "type": "consu"}).id
        )
        third.action_submit()
        third.with_user(self.user_county).action_verify()
        action = (other | third).with_user(self.user_county).action_list()
        form = Form(Wizard.with_context(**action["context"]))
        form.channel_action_ids.add(self.action_school)
        form.save().action_confirm()
        self.assertEqual((other | third).mapped("state"), ["listed", "listed"])
        self.assertEqual(other.channel_action_ids, self.action_finance)
        self.assertEqual(third.channel_action_ids, self.action_school)
        # A township user cannot run the dialog to list.
        with self.assertRaises(AccessError):
            self.env["xs.declaration.list.wizard"].with_user(self.user_township_a).create(
                {"declaration_ids": [Command.set(third.ids)]}
            )

    def test_r8_directed_publication(self):
        Declaration = self.env["xs.surplus.declaration"]
        school_sees = Declaration.search(Declaration._xs_published_domain(self.buyer_school))
        self.assertIn(self.decl_a, school_sees)
        bank_sees = Declaration.search(Declaration._xs_published_domain(self.buyer_bank))
        self.assertNotIn(self.decl_a, bank_sees)
        # Narrowed to one named school: the other school no longer sees it.
        self.decl_b.channel_partner_ids = self.buyer_school_2
        self.assertFalse(self.decl_b._xs_is_published_to(self.buyer_school))
        self.assertTrue(self.decl_b._xs_is_published_to(self.buyer_school_2))
        # A contact of the buyer organisation sees what its organisation sees.
        contact = self.env["res.partner"].create(
            {"name": "Canteen", "parent_id": self.buyer_school_2.id}
        )
        self.assertTrue(self.decl_b._xs_is_published_to(contact))
        # Publishing to the finance channel opens it to the bank.
        self.decl_a.channel_action_ids = [Command.link(self.action_finance.id)]
        self.assertTrue(self.decl_a._xs_is_published_to(self.buyer_bank))
        # An order for an entry not published to the buyer is refused.
        with self.assertRaisesText(UserError, "not published"):
            self._order(self.buyer_school, [(self.decl_b, 10)])

    def test_r8_recommendation(self):
        # 50 + 2*20 + 2*5 = 100 weighted households of 300 -> 13.3 of 40; no certificate;
        # 2,500 CNY of 500,000 -> 0.15 of 30.
        self.assertEqual(self.decl_a.recommendation_score, 13)
        self.decl_a.write({"has_quality_certificate": True})
        self.assertEqual(self.decl_a.recommendation_score, 43)
        self.decl_a.with_user(self.user_county).action_recommend()
        self.assertTrue(self.decl_a.is_recommended)
        recommended = self.env["xs.surplus.declaration"].search(
            [("is_recommended", "=", True), ("campaign_id", "=", self.campaign.id)]
        )
        self.assertEqual(recommended, self.decl_a)
        # Exportable, as the list view's export does it.
        rows = recommended.export_data(
            ["product_id", "seller_id", "amount_total", "recommendation_score"]
        )
        self.assertEqual(rows["datas"][0][:2], ["Test Cabbage", "Test Cooperative A"])

    def test_r8_sold_out_and_closed(self):
        order = self._order(self.buyer_school, [(self.decl_b, 500)])
        self.assertEqual(self.decl_b.state, "sold_out")
        self.assertEqual(self.decl_b.qty_remaining, 0)
        self.assertFalse(self.decl_b._xs_is_published_to(self.buyer_school_2))
        order._action_cancel()
        self.assertEqual(self.decl_b.state, "listed")
        self.decl_b.with_user(self.user_county).action_close()
        self.assertEqual(self.decl_b.state, "closed")
        with self.assertRaisesText(UserError, "not in the catalogue"):
            self._order(self.buyer_school, [(self.decl_b, 1)])
