from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestPartnerRights(XsOrdersCommon):
    """R20: township staff register and edit the sellers of their own townships; buyers,
    departments, their categories and channels, and the organisation a login belongs to
    are kept by county staff. Everyone else only reads campaign partners."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Canteen manager", "parent_id": cls.buyer_school.id, "email": "c@ex.com"}
        )
        cls.portal_buyer = cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_rights_buyer",
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )
        # Odoo gives every new internal user "Contact Creation" by default.
        cls.user_contacts = new_test_user(
            cls.env,
            login="xs_contacts",
            groups="base.group_user,base.group_partner_manager",
            lang="en_US",
        )

    def test_r20_township_registers_and_edits_its_own_sellers(self):
        Partner = self.env["res.partner"].with_user(self.user_township_a)
        seller = Partner.create(
            {
                "name": "New Mushroom Cooperative",
                "is_company": True,
                "xs_seller_type": "cooperative",
                "xs_township_id": self.township_a.id,
            }
        )
        seller.write({"city": "Xiushan", "xs_seller_type": "production_base"})
        head = Partner.create({"name": "Cooperative head", "parent_id": seller.id})
        head.write({"function": "Head"})
        self.seller_a.with_user(self.user_township_a).write({"street": "Main street 1"})
        self.assertEqual(seller.xs_seller_type, "production_base")
        # Another township's sellers are not its own, nor can it move its seller there.
        with self.assertRaisesText(AccessError, "Test Family Farm B"):
            self.seller_b.with_user(self.user_township_a).write({"street": "x"})
        with self.assertRaises(AccessError):
            Partner.create(
                {
                    "name": "Elsewhere",
                    "xs_seller_type": "other",
                    "xs_township_id": self.township_b.id,
                }
            )
        with self.assertRaises(AccessError):
            seller.write({"xs_township_id": self.township_b.id})
        self.assertEqual(seller.xs_township_id, self.township_a)
        with self.assertRaises(AccessError):
            self.seller_b.with_user(self.user_township_a).unlink()

    def test_r20_township_never_touches_buyers_departments_or_logins(self):
        township = self.user_township_a
        buyer = self.buyer_school.with_user(township)
        with self.assertRaisesText(AccessError, "county staff"):
            buyer.write({"xs_channel": "soe"})
        with self.assertRaisesText(AccessError, "county staff"):
            buyer.write({"xs_buyer_category": "soe"})
        with self.assertRaisesText(AccessError, "Test High School"):
            buyer.write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.dept.with_user(township).write({"name": "Renamed"})
        Partner = self.env["res.partner"].with_user(township)
        with self.assertRaises(AccessError):
            Partner.create({"name": "New buyer", "xs_buyer_category": "school"})
        with self.assertRaises(AccessError):
            Partner.create({"name": "Fake canteen", "parent_id": self.buyer_school.id})
        with self.assertRaises(AccessError):
            self.seller_a.with_user(township).write({"xs_is_department": True})
        # The buyer's portal login cannot be moved to another organisation (it would read
        # that organisation's orders and statement), nor its own seller made its parent.
        login_partner = self.portal_buyer.partner_id.with_user(township)
        with self.assertRaises(AccessError):
            login_partner.write({"parent_id": self.buyer_school_2.id})
        with self.assertRaises(AccessError):
            login_partner.write({"parent_id": self.seller_a.id})
        with self.assertRaises(AccessError):
            buyer.unlink()
        self.assertRecordValues(
            self.buyer_school,
            [{"xs_channel": "school", "xs_buyer_category": "school", "name": "Test High School"}],
        )
        self.assertEqual(self.portal_buyer.partner_id.commercial_partner_id, self.buyer_school)

    def test_r20_other_roles_read_campaign_partners_only(self):
        # Even with Odoo's "Contact Creation", a user outside the county keeps its hands
        # off campaign partners and logins; its own plain contacts stay its own.
        user = self.user_contacts
        with self.assertRaises(AccessError):
            self.buyer_school.with_user(user).write({"xs_channel": "soe"})
        with self.assertRaises(AccessError):
            self.seller_a.with_user(user).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.portal_buyer.partner_id.with_user(user).write(
                {"parent_id": self.buyer_school_2.id}
            )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(user).create(
                {"name": "Seller", "xs_seller_type": "other", "xs_township_id": self.township_a.id}
            )
        contact = self.env["res.partner"].with_user(user).create({"name": "A plumber"})
        contact.write({"city": "Xiushan"})
        self.assertEqual(self.buyer_school.xs_channel, "school")

    def test_r20_county_keeps_the_registers(self):
        county = self.user_county
        self.buyer_school.with_user(county).write({"xs_channel": "soe"})
        self.portal_buyer.partner_id.with_user(county).write({"parent_id": self.buyer_school_2.id})
        self.seller_b.with_user(county).write({"xs_township_id": self.township_a.id})
        self.assertEqual(self.buyer_school.xs_channel, "soe")
        self.assertEqual(self.portal_buyer.partner_id.commercial_partner_id, self.buyer_school_2)

    def test_r20_township_cannot_widen_its_own_scope(self):
        # The townships a user works for are set by administrators, not by the user.
        with self.assertRaises(AccessError):
            self.user_township_a.with_user(self.user_township_a).write(
                {"xs_township_ids": [Command.link(self.township_b.id)]}
            )
        self.assertEqual(self.user_township_a.xs_township_ids, self.township_a)
