import base64

from odoo import Command
from odoo.tests import HttpCase, tagged

from .test_declaration_import import XsImportCommon


@tagged("post_install", "-at_install")
class TestUiIntake(XsImportCommon, HttpCase):
    """R4/R20 end to end in Chromium: the township's Excel intake, and a seller declaring in
    the portal for its township to submit."""

    def _attach(self, name, raw):
        # Public: the tour reads it as the township user to put it in the file input.
        self.env["ir.attachment"].create(
            {"name": name, "datas": base64.b64encode(raw), "public": True}
        )

    def test_r4_township_imports_its_sheet_tour(self):
        kg = self.env.ref("uom.product_uom_kgm")
        melon = self.env["product.product"].create(
            {"name": "Tour Melon", "type": "consu", "uom_id": kg.id, "uom_po_id": kg.id}
        )
        rows = [
            self._row(),
            self._row(product=self.product_kiwi.name, quantity=0),
            self._row(product=melon.name, uom="公斤", contact_phone="12345"),
        ]
        self._attach("xs_tour_bad.xlsx", self._fill(rows))
        rows[1]["quantity"] = 300
        rows[2]["contact_phone"] = "023 7662 1234"
        self._attach("xs_tour_good.xlsx", self._fill(rows))
        self.start_tour(
            f"/odoo/action-xs_consumption.xs_campaign_action/{self.campaign.id}",
            "xs_declaration_import_tour",
            login="xs_township_a",
        )
        declarations = self.env["xs.surplus.declaration"].search(
            [("campaign_id", "=", self.campaign.id)]
        )
        self.assertEqual(len(declarations), 3)
        self.assertEqual(set(declarations.mapped("origin")), {"import"})
        self.assertEqual(
            declarations.filtered(lambda d: d.product_id == self.product_kiwi).quantity, 300
        )
        self.assertEqual(
            declarations.filtered(lambda d: d.product_id == melon).contact_phone,
            "+86 23 7662 1234",
        )
        self.assertTrue(
            self.campaign.message_ids.attachment_ids.filtered(
                lambda a: a.name == "xs_tour_good.xlsx"
            )
        )

    def test_r20_seller_declares_in_portal_tour(self):
        kg = self.env.ref("uom.product_uom_kgm")
        plum = self.env["product.product"].create(
            {
                "name": "Tour Plum",
                "type": "consu",
                "uom_id": kg.id,
                "uom_po_id": kg.id,
                # Sellers declare the county's produce (a produce category).
                "categ_id": self.env.ref("xs_consumption.product_category_fruit").id,
            }
        )
        contact = self.env["res.partner"].create(
            {"name": "Coop A clerk", "parent_id": self.seller_a.id, "email": "clerk@example.com"}
        )
        self.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_portal_seller",
                "password": "xs_portal_seller",
                "partner_id": contact.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
                "lang": "en_US",
            }
        )
        self.start_tour("/my/declarations", "xs_portal_declare_tour", login="xs_portal_seller")
        declaration = self.env["xs.surplus.declaration"].search([("product_id", "=", plum.id)])
        self.assertRecordValues(
            declaration,
            [
                {
                    "seller_id": self.seller_a.id,
                    "township_id": self.township_a.id,
                    "campaign_id": self.campaign.id,
                    "state": "draft",
                    "origin": "portal",
                    "quantity": 800,
                    "price_unit": 4.5,
                    "household_count": 12,
                    "poverty_household_count": 5,
                }
            ],
        )
        self.start_tour(
            "/odoo/action-xs_consumption.xs_surplus_declaration_action",
            "xs_township_submit_portal_tour",
            login="xs_township_a",
        )
        self.assertEqual(declaration.state, "submitted")
