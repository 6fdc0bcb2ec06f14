from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestSecurity(XsCommon):
    """R20: each role sees and changes what it should, through the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.decl_a = cls._create_declaration()
        cls.decl_b = cls._create_declaration(
            township_id=cls.township_b.id, seller_id=cls.seller_b.id
        )
        cls.decl_b_verified = cls._create_declaration(
            township_id=cls.township_b.id, seller_id=cls.seller_b.id, product_id=cls.product_kiwi.id
        )
        cls.decl_b_verified.action_submit()
        cls.decl_b_verified.with_user(cls.user_county).action_verify()

    def _visible(self, user):
        return (
            self.env["xs.surplus.declaration"]
            .with_user(user)
            .search([("campaign_id", "=", self.campaign.id)])
        )

    def test_r20_township_sees_only_its_township(self):
        self.assertEqual(self._visible(self.user_township_a), self.decl_a)
        other = self.decl_b.with_user(self.user_township_a)
        with self.assertRaises(AccessError):
            other.read(["quantity"])
        with self.assertRaises(AccessError):
            other.write({"quantity": 1})
        with self.assertRaises(AccessError):
            other.action_submit()
        with self.assertRaises(AccessError):
            self.decl_b_verified.with_user(self.user_township_a).action_verify()
        with self.assertRaises(AccessError):
            self.env["xs.surplus.declaration"].with_user(self.user_township_a).create(
                self._declaration_vals(
                    township_id=self.township_b.id, product_id=self.product_kiwi.id
                )
            )
        # Its own: create, write, submit, but not verify.
        own = self.decl_a.with_user(self.user_township_a)
        own.write({"quantity": 1200})
        own.action_submit()
        with self.assertRaises(AccessError):
            own.action_verify()
        with self.assertRaises(AccessError):
            own.action_reject()

    def test_r20_county_sees_and_verifies_all(self):
        self.assertEqual(
            self._visible(self.user_county), self.decl_a | self.decl_b | self.decl_b_verified
        )
        self.decl_b.with_user(self.user_county).action_submit()
        self.decl_b.with_user(self.user_county).action_verify()
        self.assertEqual(self.decl_b.state, "verified")
        # County staff run phases but do not reconfigure campaigns.
        self.phase_preparation.with_user(self.user_county).action_close()
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_county).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["xs.township"].with_user(self.user_county).create({"name": "x"})

    def test_r20_admin_configures(self):
        self.campaign.with_user(self.user_admin).write({"name": "Renamed"})
        self.env["xs.township"].with_user(self.user_admin).create({"name": "New Town"})
        self.assertEqual(len(self._visible(self.user_admin)), 3)

    def test_r20_lead_department_reads_verified_and_own_actions(self):
        self.assertEqual(self._visible(self.user_lead), self.decl_b_verified)
        with self.assertRaises(AccessError):
            self.decl_b_verified.with_user(self.user_lead).write({"note": "x"})
        with self.assertRaises(AccessError):
            self.decl_a.with_user(self.user_lead).read(["quantity"])
        actions = (
            self.env["xs.campaign.action"]
            .with_user(self.user_lead)
            .search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertEqual(actions, self.action_school)

    def test_r20_finance_reads_all_changes_nothing(self):
        self.assertEqual(len(self._visible(self.user_finance)), 3)
        with self.assertRaises(AccessError):
            self.decl_a.with_user(self.user_finance).write({"quantity": 1})
        with self.assertRaises(AccessError):
            self.env["xs.surplus.declaration"].with_user(self.user_finance).create(
                self._declaration_vals(product_id=self.product_kiwi.id)
            )
        actions = (
            self.env["xs.campaign.action"]
            .with_user(self.user_finance)
            .search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertEqual(actions, self.action_school | self.action_ecommerce)

    def test_r20_other_internal_users_see_nothing(self):
        for model in ("xs.surplus.declaration", "xs.campaign", "xs.township", "xs.campaign.action"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_plain).search([])
