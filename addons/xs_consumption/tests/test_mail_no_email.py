from odoo import Command
from odoo.tests import tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestStaffWithoutEmail(XsOrdersCommon):
    """R20: county and township staff without an e-mail address (WeChat and Odoo's inbox)
    go through every workflow step that posts a message; the message is theirs, sent from
    the company's address under their name, and reaches them in Odoo's inbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "platform@xiushan.example.com"
        for user in (cls.user_township_a, cls.user_county, cls.user_lead):
            user.partner_id.email = False
            user.notification_type = "inbox"

    def _last_message(self, record):
        return record.message_ids.sorted("id", reverse=True)[:1]

    def assertPostedBy(self, record, user, text):
        message = self._last_message(record)
        self.assertEqual(message.author_id, user.partner_id)
        self.assertIn(text, str(message.body))
        self.assertEqual(message.email_from, f'"{user.name}" <platform@xiushan.example.com>')

    def test_r20_declaration_steps_without_email(self):
        """Create, submit, verify, list, send back and post: all as staff without e-mail."""
        declaration = (
            self.env["xs.surplus.declaration"]
            .with_user(self.user_township_a)
            .create(self._declaration_vals(product_id=self.product_kiwi.id, quantity=300))
        )
        declaration.message_post(body="Seller called: 300 kg ready")
        self.assertPostedBy(declaration, self.user_township_a, "300 kg ready")
        declaration.action_submit()
        declaration.with_user(self.user_county).action_verify()
        declaration.with_user(self.user_county).channel_action_ids = self.action_school
        declaration.with_user(self.user_county).action_list()
        self.assertEqual(declaration.state, "listed")

        other = self._create_declaration(
            seller_id=self.seller_b.id,
            township_id=self.township_b.id,
            product_id=self.product_kiwi.id,
        )
        other.action_submit()
        wizard = (
            self.env["xs.declaration.reject.wizard"]
            .with_user(self.user_county)
            .create({"declaration_ids": [Command.set(other.ids)], "reason": "Price too high"})
        )
        wizard.action_confirm()
        self.assertEqual(other.state, "draft")
        self.assertPostedBy(other, self.user_county, "Price too high")

    def test_r20_order_and_commitment_messages_without_email(self):
        """The county confirms a buyer's order (the sellers' purchase orders are confirmed
        and sent) and a commitment, and writes in their conversations, without e-mail."""
        order = self._order(self.buyer_school, [(self.decl_a, 10)], confirm=False)
        order.with_user(self.user_county).action_confirm()
        self.assertEqual(order.state, "sale")
        purchases = order._xs_purchase_orders()
        self.assertTrue(purchases)
        self.assertTrue(all(p.state == "purchase" for p in purchases))
        order.with_user(self.user_county).message_post(body="Delivery on Friday")
        self.assertPostedBy(order, self.user_county, "Delivery on Friday")

        commitment = (
            self.env["xs.buyer.commitment"]
            .with_user(self.user_county)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "action_id": self.action_school.id,
                    "buyer_id": self.buyer_school.id,
                    "amount_committed": 5000,
                    "date_start": self.today,
                    "date_end": self.campaign.date_end,
                }
            )
        )
        commitment.action_confirm()
        commitment.with_user(self.user_lead).message_post(body="Canteen confirms")
        self.assertPostedBy(commitment, self.user_lead, "Canteen confirms")

    def test_r20_message_reaches_staff_in_their_inbox(self):
        """A message to a follower without e-mail is an inbox notification, not a failed
        e-mail; without any company address the step still goes through."""
        declaration = self._create_declaration(product_id=self.product_kiwi.id, quantity=200)
        declaration.message_subscribe(partner_ids=self.user_township_a.partner_id.ids)
        self.env.company.email = False
        declaration.with_user(self.user_county).message_post(
            body="Please add the harvest date",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        message = self._last_message(declaration)
        self.assertEqual(message.author_id, self.user_county.partner_id)
        notification = message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.user_township_a.partner_id
        )
        self.assertEqual(notification.notification_type, "inbox")

    def test_r20_new_staff_without_email_read_messages_in_the_inbox(self):
        user = self.env["res.users"].create(
            {
                "name": "隘口镇 新同事",
                "login": "xs_no_mail_township",
                "groups_id": [
                    Command.set(
                        self.env.ref("xs_consumption.xs_consumption_group_township_user").ids
                    )
                ],
            }
        )
        self.assertFalse(user.email)
        self.assertEqual(user.notification_type, "inbox")
