from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_i18n import ZhCNCase
from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestMessageLanguage(XsOrdersCommon, ZhCNCase, HttpCase):
    """R21: messages our code posts reach their readers in the readers' language, whoever
    runs the code: the scheduled job that makes a portal order's purchase orders runs as
    the scheduler's user (English by default), yet the seller reads its purchase order's
    message in Chinese, as does the county its note when the job fails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.env.ref("base.user_root").lang = "en_US"  # the job's user
        (cls.seller_a | cls.seller_b).lang = "zh_CN"
        contact = cls.env["res.partner"].create(
            {"name": "canteen", "parent_id": cls.buyer_school.id, "email": "c@ex.com"}
        )
        cls.portal_school = cls.env["res.users"].create(
            {
                "name": "canteen",
                "login": "xs_lang_canteen",
                "partner_id": contact.id,
                "lang": "zh_CN",
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def test_r21_seller_reads_the_jobs_message_in_its_language(self):
        order_sudo = (
            self.env["sale.order"]
            .with_user(self.portal_school)
            .with_context(lang="zh_CN")
            ._xs_portal_create_order({self.decl_a.id: 10})
            .sudo()
        )
        buyer_note = order_sudo.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn("买方门户", buyer_note.body, "the buyer's own message, in its language")
        self._run_purchase_job()
        purchase = order_sudo._xs_purchase_orders()
        self.assertTrue(purchase)
        sent = purchase.message_ids.filtered(lambda m: m.partner_ids == purchase.partner_id)
        self.assertTrue(sent)
        self.assertNotIn("is confirmed at the declared price", sent[0].body)
        self.assertIn(purchase.name, sent[0].body)

    def test_r21_reminder_in_the_buyers_and_countys_language(self):
        """The weekly reminder job (English, as the scheduler's user) writes to a lagging
        buyer in the buyer's language and gives the county contact its activity in its."""
        self.buyer_school.lang = "zh_CN"
        self.user_county.lang = "zh_CN"
        commitment = self.env["xs.buyer.commitment"].create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": self.buyer_school.id,
                "amount_committed": 1000,
                "date_end": self.phase_implementation.date_end,
                "user_id": self.user_county.id,
            }
        )
        commitment.action_confirm()
        self.phase_implementation.date_end = self.today + relativedelta(days=10)
        reminded = self.env["xs.buyer.commitment"].with_context(lang="en_US")._cron_remind_lagging()
        self.assertIn(commitment, reminded)
        message = commitment.message_ids.filtered(lambda m: self.buyer_school in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("尊敬的", message.body)
        self.assertNotIn("Dear", message.body)
        activity = commitment.activity_ids
        self.assertEqual(activity.user_id, self.user_county)
        self.assertNotIn("Buyer behind", activity.summary)
