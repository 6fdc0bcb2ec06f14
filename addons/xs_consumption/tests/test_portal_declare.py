import re

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestPortalDeclare(XsCommon, HttpCase):
    """R20: a seller's portal user declares its own surplus during preparation, as a draft
    for its township; nothing more, whatever it sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_seller = cls._portal(cls.seller_a, "xs_portal_seller")
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Portal Buyer School", "is_company": True, "xs_buyer_category": "school"}
        )
        cls.portal_buyer = cls._portal(cls.buyer, "xs_portal_buyer")

    @classmethod
    def _portal(cls, company, login):
        contact = cls.env["res.partner"].create(
            {"name": f"{login} clerk", "parent_id": company.id, "email": f"{login}@example.com"}
        )
        return cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": login,
                "password": login,
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def _post(self, **kw):
        post = {
            "product": self.product_cabbage.name,
            "category": "vegetable",
            "quantity": "500",
            "uom": "公斤",
            "price_unit": "3",
            "date_available_from": str(self.today),
            "date_available_to": str(self.today + relativedelta(days=20)),
            "household_count": "10",
            "poverty_household_count": "2",
            "monitored_household_count": "1",
            "contact_phone": "13800138000",
        }
        post.update(kw)
        return post

    def _declare(self, user=None, **kw):
        Declaration = self.env["xs.surplus.declaration"].with_user(user or self.portal_seller)
        return Declaration._xs_portal_declare(self.campaign.id, self._post(**kw))

    def test_r20_seller_declares_own_draft(self):
        # Values the form does not offer are ignored: seller, township, state, origin.
        declaration = self._declare(
            seller_id=str(self.seller_b.id), township_id=str(self.township_b.id), state="verified"
        )
        self.assertRecordValues(
            declaration.sudo(),
            [
                {
                    "seller_id": self.seller_a.id,
                    "township_id": self.township_a.id,
                    "state": "draft",
                    "origin": "portal",
                    "quantity": 500,
                    "contact_phone": "+86 138 0013 8000",
                }
            ],
        )
        self.assertIn("seller portal", declaration.sudo().message_ids[:1].body)
        # The township sees it and submits it; the seller can no longer change it.
        township_view = declaration.with_user(self.user_township_a)
        self.assertEqual(township_view.origin, "portal")
        township_view.action_submit()
        with self.assertRaisesText(UserError, "only drafts can be corrected"):
            declaration._xs_portal_update(self._post(quantity="900"))
        # Sent back by the county: the seller corrects it.
        declaration.sudo().with_user(self.user_county)._reject("Price too high")
        declaration._xs_portal_update(self._post(price_unit="2.8"))
        self.assertEqual(declaration.sudo().price_unit, 2.8)

    def test_r20_same_rules_as_the_form(self):
        with self.assertRaisesText(UserError, "more than the 10 households"):
            self._declare(poverty_household_count="20")
        with self.assertRaisesText(UserError, "is not a number"):
            self._declare(quantity="a lot")
        with self.assertRaisesText(UserError, "not in the county's product list"):
            self._declare(product="Unknown Fruit")
        with self.assertRaisesText(UserError, "is not valid"):
            self._declare(contact_phone="123")
        self._declare()
        with self.assertRaisesText(UserError, "already declared"):
            self._declare()

    def test_r20_portal_cannot_go_around(self):
        Declaration = self.env["xs.surplus.declaration"]
        with self.assertRaises(AccessError):
            Declaration.with_user(self.portal_seller).create(self._declaration_vals())
        with self.assertRaises(AccessError):
            self._declare(user=self.portal_buyer)
        other = self._create_declaration(township_id=self.township_b.id, seller_id=self.seller_b.id)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_seller)._xs_portal_update(self._post())
        mine = self._declare()
        with self.assertRaises(AccessError):
            mine.write({"quantity": 1})
        # Preparation closed: nothing declared, nothing corrected.
        self.phase_preparation.date_end = self.today - relativedelta(days=1)
        self.campaign.invalidate_recordset()
        with self.assertRaisesText(UserError, "Choose a campaign whose survey"):
            self._declare(product=self.product_kiwi.name)
        with self.assertRaises(UserError):
            mine._xs_portal_update(self._post(quantity="700"))

    def test_r20_portal_pages(self):
        self.authenticate("xs_portal_seller", "xs_portal_seller")
        page = self.url_open("/my/declarations")
        self.assertIn("/my/declarations/new", page.text)
        form = self.url_open("/my/declarations/new")
        self.assertEqual(form.status_code, 200)
        self.assertIn(self.campaign.name, form.text)
        other = self._create_declaration(township_id=self.township_b.id, seller_id=self.seller_b.id)
        response = self.url_open(f"/my/declarations/{other.id}/edit")
        self.assertTrue(response.url.endswith("/my/declarations"))
        self.assertNotIn(other.name, response.text)

    def test_r20_declare_and_correct_over_http(self):
        self.authenticate("xs_portal_seller", "xs_portal_seller")
        form = self.url_open("/my/declarations/new")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        response = self.url_open(
            "/my/declarations/new",
            data=dict(self._post(), campaign_id=self.campaign.id, csrf_token=token),
        )
        self.assertTrue(response.url.endswith("/my/declarations"), response.url)
        declaration = self.env["xs.surplus.declaration"].search(
            [("seller_id", "=", self.seller_a.id), ("origin", "=", "portal")]
        )
        self.assertEqual(declaration.quantity, 500)
        edit = self.url_open(f"/my/declarations/{declaration.id}/edit")
        self.assertIn('value="500.0"', edit.text)
        bad = self.url_open(
            f"/my/declarations/{declaration.id}/edit",
            data=dict(self._post(quantity="-3"), csrf_token=token),
        )
        self.assertIn("“-3” cannot be negative", bad.text)
        self.url_open(
            f"/my/declarations/{declaration.id}/edit",
            data=dict(self._post(quantity="650"), csrf_token=token),
        )
        declaration.invalidate_recordset()
        self.assertEqual(declaration.quantity, 650)
