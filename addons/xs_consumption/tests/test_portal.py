from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestPortalCommitments(XsOrdersCommon, HttpCase):
    """R9: buyers follow their commitments in the portal, and see nobody else's."""

    def test_r9_buyer_sees_own_commitment_progress(self):
        contact = self.env["res.partner"].create(
            {
                "name": "School canteen manager",
                "parent_id": self.buyer_school.id,
                "email": "canteen@example.com",
            }
        )
        self.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_portal_school",
                "password": "xs_portal_school",
                "partner_id": contact.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        Commitment = self.env["xs.buyer.commitment"]
        mine = Commitment.create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": self.buyer_school.id,
                "amount_committed": 1000,
                "date_end": self.phase_implementation.date_end,
            }
        )
        theirs = Commitment.create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": self.buyer_school_2.id,
                "amount_committed": 900,
                "date_end": self.phase_implementation.date_end,
            }
        )
        (mine | theirs).action_confirm()
        self._order(self.buyer_school, [(self.decl_a, 100)], commitment=mine)

        self.authenticate("xs_portal_school", "xs_portal_school")
        listing = self.url_open("/my/commitments")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(mine.name, listing.text)
        self.assertNotIn(theirs.name, listing.text)
        detail = self.url_open(f"/my/commitments/{mine.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("25%", detail.text)  # 250 of 1,000 ordered
        self.assertIn(mine.sale_order_ids.name, detail.text)
        other = self.url_open(f"/my/commitments/{theirs.id}")
        self.assertTrue(other.url.endswith("/my"), "another buyer's commitment redirects home")
        self.assertNotIn(theirs.name, other.text)
