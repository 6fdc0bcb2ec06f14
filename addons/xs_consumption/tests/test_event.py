from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestEvent(XsOrdersCommon):
    """R12: fairs, exhibitions and e-commerce promotions, and the sales attributed to them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fair = cls.env["xs.event"].create(
            {
                "name": "Test Produce Fair in Dezhou",
                "event_type": "matchmaking",
                "campaign_id": cls.campaign.id,
                "action_id": cls.action_school.id,
                "date_start": cls.today,
                "date_end": cls.today + relativedelta(days=2),
                "location": "Dezhou",
                "seller_ids": [(6, 0, (cls.seller_a | cls.seller_b).ids)],
                "amount_signed": 5000,
            }
        )

    def test_r12_sales_attributed_to_the_event(self):
        order = self._order(self.buyer_school, [(self.decl_a, 100)], confirm=False)
        order.xs_event_id = self.fair
        order.action_confirm()
        self._order(self.buyer_school, [(self.decl_b, 10)])  # not the fair's
        self.assertEqual(self.fair.sale_order_count, 1)
        self.assertEqual(self.fair.amount_ordered, 250.0)
        self.assertEqual(self.fair.amount_counted, 250.0)
        self.campaign.count_basis = "delivered"
        self.fair.invalidate_recordset()
        self.assertEqual(self.fair.amount_counted, 0.0)
        self._deliver(order)
        self.fair.invalidate_recordset()
        self.assertEqual(self.fair.amount_counted, 250.0)
        action = self.fair.action_view_sale_orders()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), order)
        self.assertEqual(action["context"]["default_xs_event_id"], self.fair.id)
        # The declaration's smart button lists the orders of its produce.
        action = self.decl_a.action_view_sale_orders()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), order)

    def test_r12_event_rules(self):
        with self.assertRaises(ValidationError):
            self.fair.date_end = self.fair.date_start - relativedelta(days=1)
        other = self.campaign.copy()
        with self.assertRaises(ValidationError):
            self.fair.action_id = other.action_ids[:1]
        # An order counts for an event of its own campaign, never a cancelled one.
        event_other = self.fair.copy({"campaign_id": other.id, "action_id": False})
        order = self._order(self.buyer_school, [(self.decl_a, 1)], confirm=False)
        with self.assertRaises(ValidationError):
            order.xs_event_id = event_other
        self.fair.action_cancel()
        with self.assertRaises(ValidationError):
            order.xs_event_id = self.fair
        self.fair.action_plan()
        order.xs_event_id = self.fair
        self.fair.action_done()
        self.assertEqual(self.fair.state, "done")

    def test_r12_form_and_access(self):
        # County staff plan an event in the form; township staff only read events.
        form = Form(self.env["xs.event"].with_user(self.user_county))
        form.name = "Test Double Twelve"
        form.event_type = "promotion"
        form.campaign_id = self.campaign
        form.action_id = self.action_ecommerce
        form.date_start = self.today + relativedelta(days=10)
        form.date_end = self.today + relativedelta(days=10)
        event = form.save()
        self.assertEqual(event.state, "planned")
        Event = self.env["xs.event"].with_user(self.user_township_a)
        self.assertIn(event, Event.search([]))
        self.assertFalse(Event.has_access("write"))
        self.assertFalse(self.env["xs.event"].with_user(self.user_plain).has_access("read"))
