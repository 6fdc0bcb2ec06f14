from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestCommerceCommission(XsCommon):
    """R8/R20: the commerce commission compiles and publishes the catalogue from verified
    declarations and recommends entries upward; it neither verifies nor sees drafts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_commerce = new_test_user(
            cls.env,
            login="xs_commerce",
            groups="xs_consumption.xs_consumption_group_commerce",
            lang="en_US",
        )
        cls.draft = cls._create_declaration()
        cls.submitted = cls._create_declaration(product_id=cls.product_kiwi.id)
        cls.submitted.action_submit()
        cls.verified = cls._create_declaration(
            township_id=cls.township_b.id, seller_id=cls.seller_b.id
        )
        cls.verified.action_submit()
        cls.verified.with_user(cls.user_county).action_verify()

    def test_r20_commerce_compiles_the_catalogue(self):
        Declaration = self.env["xs.surplus.declaration"].with_user(self.user_commerce)
        mine = Declaration.search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(mine, self.verified, "verified surplus only, no drafts")
        with self.assertRaises(AccessError):
            self.submitted.with_user(self.user_commerce).action_verify()
        entry = self.verified.with_user(self.user_commerce)
        with self.assertRaises(UserError):
            entry.quantity = 1  # the verified figures stay locked
        entry.write({"channel_action_ids": [Command.set(self.action_school.ids)]})
        entry.action_list()
        self.assertEqual(self.verified.state, "listed")
        self.assertEqual(self.verified._xs_supplierinfo().partner_id, self.seller_b)
        entry.action_recommend()
        self.assertTrue(self.verified.is_recommended)
        entry.action_close()
        self.assertEqual(self.verified.state, "closed")
        # It runs the fairs of its actions.
        event = (
            self.env["xs.event"]
            .with_user(self.user_commerce)
            .create(
                {
                    "name": "Test fair",
                    "campaign_id": self.campaign.id,
                    "date_start": self.today,
                    "date_end": self.today,
                }
            )
        )
        self.assertEqual(event.state, "planned")

    def test_r20_others_do_not_list(self):
        with self.assertRaises(AccessError):
            self.verified.with_user(self.user_lead).action_list()
        with self.assertRaises(AccessError):
            self.verified.with_user(self.user_township_b).action_recommend()
