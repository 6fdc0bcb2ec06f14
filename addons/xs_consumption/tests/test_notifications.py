from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestNotifications(XsOrdersCommon):
    """R28: the people who must act are told, in their language, where they work: township
    staff without e-mail in Odoo's inbox, the cooperative's portal login by e-mail with
    the link to the record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Township staff of A in Chinese, without an e-mail address (Odoo's inbox).
        cls.user_township_a.write({"lang": "zh_CN", "email": False})
        cls.user_township_a.notification_type = "inbox"
        cls.seller_login = new_test_user(
            cls.env,
            login="xs_notify_seller",
            groups="base.group_portal",
            lang="zh_CN",
            email="coop-a@example.com",
        )
        cls.seller_login.partner_id.parent_id = cls.seller_a

    def _messages_to(self, partner, record):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", partner.ids),
                ("model", "=", record._name),
                ("res_id", "=", record.id),
            ],
            order="id desc",
        )

    def _inbox(self, user):
        return self.env["mail.notification"].search(
            [("res_partner_id", "=", user.partner_id.id), ("notification_type", "=", "inbox")]
        )

    def test_r28_sent_back_reaches_township_and_seller(self):
        declaration = self._create_declaration(product_id=self.product_kiwi.id, category="fruit")
        # Declared by the cooperative in the portal: its login is told too.
        declaration.sudo().write({"origin": "portal"})
        declaration.action_submit()
        inbox_before = self._inbox(self.user_township_a)
        declaration.with_user(self.user_county)._reject("数量与实地核查不符")
        message = self._messages_to(self.user_township_a.partner_id, declaration)[:1]
        self.assertTrue(message, "the township's staff are told")
        # In the recipient's language, with the reason.
        self.assertIn("退回", message.subject)
        self.assertIn("数量与实地核查不符", message.body)
        self.assertGreater(len(self._inbox(self.user_township_a)), len(inbox_before))
        self.assertTrue(self._messages_to(self.seller_login.partner_id, declaration))

    def test_r28_verified_and_listed_reach_the_seller(self):
        declaration = self._create_declaration(product_id=self.product_kiwi.id, category="fruit")
        declaration.action_submit()
        declaration.with_user(self.user_county).action_verify()
        verified = self._messages_to(self.seller_login.partner_id, declaration)
        self.assertEqual(len(verified), 1)
        self.assertIn("已审核", verified.subject)
        by_mail = self.env["mail.notification"].search(
            [("mail_message_id", "=", verified.id), ("notification_type", "=", "email")]
        )
        self.assertEqual(by_mail.res_partner_id, self.seller_login.partner_id, "by e-mail")
        # With the link to the page where the cooperative follows its declarations.
        self.assertIn("/my/declarations", verified.body)
        self.assertIn("在门户中打开", verified.body)
        declaration.channel_action_ids = self.action_school
        declaration.with_user(self.user_county).action_list()
        listed = self._messages_to(self.seller_login.partner_id, declaration) - verified
        self.assertEqual(len(listed), 1)
        self.assertIn("目录", listed.subject)

    def test_r28_county_gets_one_digest_per_township(self):
        county_login = self.user_county
        decls = self._create_declaration(
            product_id=self.product_kiwi.id, category="fruit"
        ) | self._create_declaration(
            township_id=self.township_b.id,
            seller_id=self.seller_b.id,
            product_id=self.product_kiwi.id,
            category="fruit",
        )
        decls.action_submit()
        since = decls[0].submitted_date - relativedelta(seconds=1)
        self.env["xs.surplus.declaration"].with_context(lastcall=since)._cron_xs_submission_digest()
        digests = self._messages_to(county_login.partner_id, self.campaign)
        self.assertEqual(len(digests), 2, "one per township")
        self.assertEqual(
            {m.body.count("SB") for m in digests}, {1}, "each names its township's declarations"
        )

    def test_r28_townships_reminded_before_the_survey_closes(self):
        self.phase_preparation.date_end = self.today + relativedelta(days=3)
        told = self.env["xs.surplus.declaration"]._cron_xs_phase_deadline()
        # Both townships have submitted (the orders' entries); a new township has not.
        self.assertNotIn(self.township_a, told)
        township_c = self.env["xs.township"].create({"name": "Test Town C"})
        user_c = new_test_user(
            self.env,
            login="xs_township_c",
            groups="xs_consumption.xs_consumption_group_township_user",
            lang="zh_CN",
        )
        user_c.xs_township_ids = township_c
        told = self.env["xs.surplus.declaration"]._cron_xs_phase_deadline()
        self.assertIn(township_c, told)
        reminder = self._messages_to(user_c.partner_id, self.campaign)
        self.assertEqual(len(reminder), 1)
        self.assertIn("截止", reminder.subject)

    def test_r28_quality_issue_reaches_its_department(self):
        dept_user = new_test_user(
            self.env,
            login="xs_notify_regulator",
            groups="xs_consumption.xs_consumption_group_lead_department",
            lang="zh_CN",
        )
        dept_user.partner_id.parent_id = self.dept
        issue = (
            self.env["xs.quality.issue"]
            .with_user(self.user_county)
            .create(
                {
                    "name": "白菜农残超标",
                    "severity": "serious",
                    "declaration_id": self.decl_a.id,
                    "department_id": self.dept.id,
                }
            )
        )
        told = self._messages_to(dept_user.partner_id, issue)
        self.assertEqual(len(told), 1)
        self.assertIn("白菜农残超标", told.subject)
        activity = issue.activity_ids
        self.assertEqual(activity.user_id.partner_id.commercial_partner_id, self.dept)
        self.assertEqual(activity.date_deadline, self.today + relativedelta(days=2))

    def test_r28_overdue_delivery_reaches_seller_and_county(self):
        order = self._order(self.buyer_school, [(self.decl_a, 10)])
        order.order_line.purchase_line_ids.order_id.button_confirm()
        picking = order.picking_ids
        self.assertTrue(picking)
        picking.scheduled_date = picking.scheduled_date - relativedelta(days=3)
        overdue = self.env["stock.picking"]._cron_xs_overdue_deliveries()
        self.assertEqual(overdue, picking)
        purchase = picking.purchase_id
        told = self._messages_to(self.seller_login.partner_id, purchase)
        self.assertEqual(len(told), 1)
        self.assertIn("逾期", told.subject)
        self.assertTrue(self._messages_to(self.user_county.partner_id, purchase))
        # Once only.
        self.assertFalse(self.env["stock.picking"]._cron_xs_overdue_deliveries())


@tagged("post_install", "-at_install")
class TestSentBackLoop(XsOrdersCommon, HttpCase):
    """R28 in the browser: the county sends a declaration back; the township's staff, told
    in Odoo's inbox, correct and submit it again; the county is told in its daily digest."""

    def test_r28_sent_back_corrected_and_county_told(self):
        declaration = self._create_declaration(product_id=self.product_kiwi.id, category="fruit")
        declaration.action_submit()
        declaration.with_user(self.user_county)._reject("数量与实地核查不符")
        self.assertTrue(
            self.env["mail.message"].search(
                [
                    ("model", "=", declaration._name),
                    ("res_id", "=", declaration.id),
                    ("partner_ids", "in", self.user_township_a.partner_id.ids),
                ]
            )
        )
        since = fields.Datetime.now() - relativedelta(seconds=1)
        self.start_tour(
            "/odoo/action-xs_consumption.xs_surplus_declaration_action",
            "xs_declaration_sent_back_tour",
            login="xs_township_a",
        )
        self.assertRecordValues(declaration, [{"state": "submitted", "quantity": 800}])
        self.env["xs.surplus.declaration"].with_context(lastcall=since)._cron_xs_submission_digest()
        digest = self.env["mail.message"].search(
            [
                ("model", "=", "xs.campaign"),
                ("res_id", "=", self.campaign.id),
                ("partner_ids", "in", self.user_county.partner_id.ids),
            ]
        )
        self.assertEqual(len(digest), 1)
        self.assertIn(declaration.name, digest.body)
