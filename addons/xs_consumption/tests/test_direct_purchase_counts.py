import base64

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_orders import XsOrdersCommon

RECEIPT = base64.b64encode(b"%PDF-1.4 receipt")


@tagged("post_install", "-at_install")
class TestDirectPurchaseCountsFully(XsOrdersCommon):
    """R30: a verified off-platform purchase counts toward the commitment, the supply
    agreement and the event it belongs to, as an order would: a school buying straight
    from a cooperative is no longer shown 0 % of its commitment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_school = new_test_user(
            cls.env, login="xs_r30_school", groups="base.group_portal", lang="en_US"
        )
        cls.portal_school.partner_id.parent_id = cls.buyer_school
        cls.commitment = cls.env["xs.buyer.commitment"].create(
            {
                "campaign_id": cls.campaign.id,
                "action_id": cls.action_school.id,
                "buyer_id": cls.buyer_school.id,
                "purchase_mode": "canteen",
                "amount_committed": 1000,
                "date_end": cls.phase_implementation.date_end,
            }
        )
        cls.commitment.action_confirm()
        cls.other_commitment = cls.env["xs.buyer.commitment"].create(
            {
                "campaign_id": cls.campaign.id,
                "action_id": cls.action_school.id,
                "buyer_id": cls.buyer_school_2.id,
                "amount_committed": 500,
                "date_end": cls.phase_implementation.date_end,
            }
        )
        cls.other_commitment.action_confirm()

    def _portal_purchase(self, quantity, amount, **vals):
        return (
            self.env["xs.direct.purchase"]
            .with_user(self.portal_school)
            ._xs_portal_record(
                {
                    "declaration_id": self.decl_a.id,
                    "date": self.today,
                    "quantity": quantity,
                    "amount": amount,
                    "evidence": RECEIPT,
                    "evidence_filename": "receipt.pdf",
                    **vals,
                }
            )
            .sudo()
        )

    def _fulfilled(self, basis):
        self.campaign.count_basis = basis
        self.env.invalidate_all()
        return self.commitment.amount_counted

    def test_r30_commitment_counts_orders_and_verified_purchases_on_every_basis(self):
        order = self._order(self.buyer_school, [(self.decl_a, 100)], commitment=self.commitment)
        purchase = self._portal_purchase(120, 300, commitment_id=self.commitment.id)
        self.assertEqual(purchase.commitment_id, self.commitment)
        self.assertEqual(purchase.action_id, self.action_school)
        # Waiting for the county: counts nowhere yet.
        self.assertEqual(self._fulfilled("ordered"), 250.0)
        purchase.with_user(self.user_county).action_verify()
        # An off-platform purchase is ordered, delivered, invoiced and paid when recorded.
        expected = {"ordered": 550.0, "delivered": 300.0, "invoiced": 300.0, "paid": 300.0}
        for basis, amount in expected.items():
            self.assertEqual(self._fulfilled(basis), amount, basis)
        self._deliver(order)
        self.assertEqual(self._fulfilled("delivered"), 550.0)
        self.campaign.count_basis = "ordered"
        self.env.invalidate_all()
        self.assertAlmostEqual(self.commitment.fulfilment_rate, 55.0)
        # One owner of the figure: the counted lines of the commitment.
        counted = self.env["xs.counted.line"]._xs_amounts_by(
            [("commitment_id", "=", self.commitment.id)], "commitment_id"
        )
        self.assertEqual(counted[self.commitment.id]["counted"], 550.0)
        self.assertEqual(counted[self.commitment.id]["orders"], 2)

    def test_r30_buyer_names_only_its_own_confirmed_commitment(self):
        with self.assertRaises(UserError):
            self._portal_purchase(10, 25, commitment_id=self.other_commitment.id)
        self.assertFalse(
            self.env["xs.direct.purchase"].search([("buyer_id", "=", self.buyer_school.id)])
        )
        # In the back office too, whoever records it: the commitment must be the buyer's.
        with self.assertRaises(ValidationError):
            self.env["xs.direct.purchase"].create(
                {
                    "campaign_id": self.campaign.id,
                    "date": self.today,
                    "buyer_id": self.buyer_school.id,
                    "seller_id": self.seller_a.id,
                    "product_id": self.product_cabbage.id,
                    "quantity": 10,
                    "amount": 25,
                    "commitment_id": self.other_commitment.id,
                }
            )

    def test_r30_agreement_and_event_count_verified_purchases(self):
        market = self.env["res.partner"].create(
            {"name": "Test Dezhou Market", "is_company": True, "xs_buyer_category": "wholesale"}
        )
        agreement = self.env["xs.supply.agreement"].create(
            {
                "name": "DZ-R30",
                "campaign_id": self.campaign.id,
                "buyer_id": market.id,
                "seller_id": self.seller_a.id,
                "date_start": self.today,
                "date_end": self.today + relativedelta(days=60),
                "amount_agreed": 5000,
            }
        )
        agreement.action_activate()
        fair = self.env["xs.event"].create(
            {
                "name": "Test Fair",
                "event_type": "matchmaking",
                "campaign_id": self.campaign.id,
                "date_start": self.today,
                "date_end": self.today + relativedelta(days=1),
            }
        )
        purchase = self.env["xs.direct.purchase"].create(
            {
                "campaign_id": self.campaign.id,
                "date": self.today,
                "buyer_id": market.id,
                "seller_id": self.seller_a.id,
                "product_id": self.product_cabbage.id,
                "quantity": 400,
                "amount": 800,
                "agreement_id": agreement.id,
                "event_id": fair.id,
            }
        )
        self.assertEqual(agreement.amount_ordered, 0.0)
        purchase.with_user(self.user_county).action_verify()
        self.env.invalidate_all()
        self.assertEqual(agreement.amount_ordered, 800.0)
        self.assertEqual(fair.amount_counted, 800.0)
        # Another buyer's agreement is refused.
        with self.assertRaises(ValidationError):
            self.env["xs.direct.purchase"].create(
                {
                    "campaign_id": self.campaign.id,
                    "date": self.today,
                    "buyer_id": self.buyer_school.id,
                    "seller_id": self.seller_a.id,
                    "product_id": self.product_cabbage.id,
                    "quantity": 10,
                    "amount": 20,
                    "agreement_id": agreement.id,
                }
            )
        # A verified purchase keeps what it counts toward.
        with self.assertRaises(UserError):
            purchase.event_id = False
