from dateutil.relativedelta import relativedelta

from odoo.tests import Form, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestCommitment(XsOrdersCommon):
    """R9: commitments, fulfilment from real orders on a chosen basis, reminders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commitment = cls.env["xs.buyer.commitment"].create(
            {
                "campaign_id": cls.campaign.id,
                "action_id": cls.action_school.id,
                "buyer_id": cls.buyer_school.id,
                "purchase_mode": "canteen",
                "amount_committed": 2000,
                "date_end": cls.phase_implementation.date_end,
                "user_id": cls.user_county.id,
            }
        )
        cls.commitment.action_confirm()

    def test_r9_form_fills_action_from_buyer_channel(self):
        form = Form(self.env["xs.buyer.commitment"].with_user(self.user_county))
        form.campaign_id = self.campaign
        form.buyer_id = self.buyer_school_2
        self.assertEqual(form.action_id, self.action_school)
        self.assertEqual(form.date_end, self.phase_implementation.date_end)
        form.amount_committed = 500
        commitment = form.save()
        self.assertTrue(commitment.name.startswith("CN"))

    def test_r9_fulfilment_on_each_basis(self):
        order = self._order(self.buyer_school, [(self.decl_a, 400)], commitment=self.commitment)
        self._order(
            self.buyer_school, [(self.decl_a, 10)], confirm=False, commitment=self.commitment
        )
        c = self.commitment
        self.assertEqual(
            (c.amount_ordered, c.amount_delivered, c.amount_invoiced, c.amount_paid),
            (1000, 0, 0, 0),
        )
        self.assertEqual(c.sale_order_count, 1, "quotations do not count")
        self.assertEqual(c.fulfilment_rate, 50)
        self.campaign.count_basis = "paid"
        self.assertEqual(c.amount_counted, 0)
        self._deliver(order)
        invoice = self._invoice_customer(order)
        c.invalidate_recordset()
        self.assertEqual((c.amount_delivered, c.amount_invoiced, c.amount_paid), (1000, 1000, 0))
        self._pay(invoice)
        c.invalidate_recordset()
        self.assertEqual(c.amount_paid, 1000)
        self.assertEqual(c.amount_counted, 1000)
        self.assertEqual(c.fulfilment_rate, 50)

    def test_r2_action_progress_against_target(self):
        self._order(self.buyer_school, [(self.decl_a, 400)], commitment=self.commitment)
        self._order(
            self.buyer_bank, [(self.decl_a, 100)], action=self.action_finance, confirm=False
        )
        self.assertEqual(self.action_school.amount_counted, 1000)
        self.assertEqual(self.action_school.progress, 1.0)  # of 100,000
        self.assertEqual(self.action_finance.amount_counted, 0, "quotations do not count")
        self.campaign.count_basis = "delivered"
        self.action_school.invalidate_recordset()
        self.assertEqual(self.action_school.amount_counted, 0)
        # Lead departments read the progress of the action they lead.
        self.assertEqual(self.action_school.with_user(self.user_lead).progress, 0)

    def test_r9_lead_department_sees_its_action(self):
        lead_commitments = self.env["xs.buyer.commitment"].with_user(self.user_lead).search([])
        self.assertIn(self.commitment, lead_commitments)
        other = self.env["xs.buyer.commitment"].create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_finance.id,
                "buyer_id": self.buyer_bank.id,
                "amount_committed": 100,
                "date_end": self.phase_implementation.date_end,
            }
        )
        self.assertNotIn(
            other, self.env["xs.buyer.commitment"].with_user(self.user_lead).search([])
        )

    def test_r9_reminder_for_lagging_buyers(self):
        Commitment = self.env["xs.buyer.commitment"]
        # Far from the end of the implementation phase: no reminder.
        self.assertFalse(Commitment._cron_remind_lagging() & self.commitment)
        # Ten days before its end, with nothing ordered: the buyer lags.
        self.phase_implementation.date_end = self.today + relativedelta(days=10)
        reminded = Commitment._cron_remind_lagging()
        self.assertIn(self.commitment, reminded)
        activity = self.commitment.activity_ids
        self.assertEqual(activity.user_id, self.user_county)
        message = self.commitment.message_ids.filtered(lambda m: self.buyer_school in m.partner_ids)
        self.assertEqual(len(message), 1, "an email to the buyer")
        self.assertIn(self.commitment.name, message.subject)
        self.assertEqual(self.commitment.last_reminder_date, self.today)
        # Not again the next day.
        self.assertNotIn(self.commitment, Commitment._cron_remind_lagging())
        # On schedule: no reminder.
        self.commitment.last_reminder_date = False
        self._order(self.buyer_school, [(self.decl_a, 800)], commitment=self.commitment)
        self.assertNotIn(self.commitment, Commitment._cron_remind_lagging())

    def test_r9_agreement_orders(self):
        market = self.env["res.partner"].create(
            {"name": "Dezhou Market", "is_company": True, "xs_buyer_category": "wholesale"}
        )
        agreement = self.env["xs.supply.agreement"].create(
            {
                "name": "DZ-1",
                "agreement_type": "direct",
                "campaign_id": self.campaign.id,
                "buyer_id": market.id,
                "seller_id": self.seller_a.id,
                "date_start": self.today,
                "date_end": self.today + relativedelta(days=90),
                "amount_agreed": 5000,
            }
        )
        agreement.action_activate()
        action_east_west = self.env["xs.campaign.action"].create(
            {"campaign_id": self.campaign.id, "action_type": "east_west"}
        )
        self.decl_a.channel_action_ids |= action_east_west
        order = self.env["sale.order"].create(
            {
                "partner_id": market.id,
                "xs_agreement_id": agreement.id,
                "order_line": [
                    (0, 0, {"xs_declaration_id": self.decl_a.id, "product_uom_qty": 100})
                ],
            }
        )
        self.assertEqual(order.xs_campaign_id, self.campaign)
        self.assertEqual(order.xs_action_id, action_east_west)
        order.action_confirm()
        self.assertEqual(agreement.amount_ordered, 250)
