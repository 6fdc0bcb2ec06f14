from dateutil.relativedelta import relativedelta

from odoo import Command, http
from odoo.exceptions import AccessError, UserError
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


@tagged("post_install", "-at_install")
class TestPortalCatalogue(XsOrdersCommon, HttpCase):
    """R11: buyers browse the catalogue published to them, order and commit in the portal;
    every order flows through standard sales and purchase (R10); nothing of other buyers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_school = cls._portal_user(cls.buyer_school, "xs_portal_school")
        cls.portal_bank = cls._portal_user(cls.buyer_bank, "xs_portal_bank")
        cls.commitment = cls.env["xs.buyer.commitment"].create(
            {
                "campaign_id": cls.campaign.id,
                "action_id": cls.action_school.id,
                "buyer_id": cls.buyer_school.id,
                "amount_committed": 1000,
                "date_end": cls.phase_implementation.date_end,
            }
        )
        cls.commitment.action_confirm()

    @classmethod
    def _portal_user(cls, organisation, login):
        contact = cls.env["res.partner"].create(
            {"name": f"{login} contact", "parent_id": organisation.id, "email": f"{login}@ex.com"}
        )
        return cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": login,
                "password": login,
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def _buyer_orders(self, buyer):
        return self.env["sale.order"].search([("partner_id", "child_of", buyer.id)])

    def test_r11_catalogue_is_what_was_published_to_the_buyer(self):
        # Only this test's campaign: demo data may hold other catalogue entries.
        Declaration = self.env["xs.surplus.declaration"].with_context(active_test=False)
        mine = [("campaign_id", "=", self.campaign.id)]
        self.assertEqual(
            Declaration.with_user(self.portal_school).search(mine), self.decl_a | self.decl_b
        )
        # Narrowed to another school: gone for this one, through the ORM and the page.
        self.decl_b.channel_partner_ids = self.buyer_school_2
        self.assertEqual(Declaration.with_user(self.portal_school).search(mine), self.decl_a)
        with self.assertRaises(AccessError):
            self.decl_b.with_user(self.portal_school).read(["quantity"])
        # Other buyers' order lines behind an entry stay hidden.
        with self.assertRaises(AccessError):
            self.decl_a.with_user(self.portal_school).read(["sale_line_ids"])
        # The bank's channel (finance) got nothing.
        self.assertFalse(Declaration.with_user(self.portal_bank).search(mine))
        self.authenticate("xs_portal_school", "xs_portal_school")
        page = self.url_open("/my/catalogue")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Test Cooperative A", page.text)
        self.assertNotIn("Test Family Farm B", page.text)
        self.assertIn(self.commitment.name, page.text)
        filtered = self.url_open("/my/catalogue?category=fruit")
        self.assertNotIn("Test Cooperative A", filtered.text)

    def test_r11_portal_order_flows_to_the_sellers(self):
        SaleOrder = self.env["sale.order"].with_user(self.portal_school)
        order = SaleOrder._xs_portal_create_order(
            {self.decl_a.id: 100, self.decl_b.id: 50},
            commitment_id=self.commitment.id,
            note="Canteen week 48",
        )
        self.assertEqual(order.env.user, self.portal_school, "returned in the buyer's env")
        self.assertRecordValues(
            order.sudo(),
            [
                {
                    "state": "sale",
                    "partner_id": self.portal_school.partner_id.id,
                    "xs_campaign_id": self.campaign.id,
                    "xs_action_id": self.action_school.id,
                    "xs_commitment_id": self.commitment.id,
                    "client_order_ref": "Canteen week 48",
                    "amount_untaxed": 100 * 2.5 + 50 * 2.0,
                }
            ],
        )
        # The buyer reads its order; the purchase orders go to exactly the two sellers.
        self.assertEqual(SaleOrder.search([]), order)
        self._run_purchase_job()
        purchases_sudo = order.sudo().order_line.purchase_line_ids.order_id
        self.assertEqual(purchases_sudo.partner_id, self.seller_a | self.seller_b)
        self.assertEqual(self.decl_a.qty_remaining, 900)
        self.assertEqual(self.commitment.amount_ordered, 350)

    def test_r10_portal_order_sellers_orders_follow_from_the_job(self):
        """A portal order is confirmed and counted under its entries' lock without
        its sellers' purchase orders; the scheduled job it triggers makes them (confirmed,
        sent, dropshipping to the buyer) right after, and never twice."""
        cron = self.env.ref("xs_consumption.ir_cron_xs_create_purchases")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        order_sudo = (
            self.env["sale.order"]
            .with_user(self.portal_school)
            ._xs_portal_create_order({self.decl_a.id: 100, self.decl_b.id: 50})
            .sudo()
        )
        self.assertRecordValues(order_sudo, [{"state": "sale", "xs_purchase_pending": True}])
        self.assertFalse(order_sudo.order_line.purchase_line_ids)
        self.assertEqual(self.decl_a.qty_remaining, 900, "counted at confirmation")
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)

        self._run_purchase_job()
        purchases = order_sudo._xs_purchase_orders()
        self.assertFalse(order_sudo.xs_purchase_pending)
        self.assertEqual(purchases.partner_id, self.seller_a | self.seller_b)
        self.assertEqual(set(purchases.mapped("state")), {"purchase"})
        self.assertEqual(purchases.order_line.sale_line_id, order_sudo.order_line)
        self.assertEqual(purchases.dest_address_id, order_sudo.partner_shipping_id)
        self.assertEqual(purchases.picking_ids.location_dest_id.usage, "customer", "dropship")
        self.assertEqual(
            sorted(purchases.order_line.mapped("price_unit")), [2.0, 2.5], "declared prices"
        )
        for purchase in purchases:
            sent = purchase.message_ids[0]
            self.assertIn("is confirmed at the declared price", sent.body)
            # Out of the buyer's request, the seller is notified at once (e-mail queued for
            # Odoo's mail queue), not through the scheduled-message cron.
            self.assertEqual(sent.partner_ids, purchase.partner_id)
            self.assertFalse(
                self.env["mail.message.schedule"].search([("mail_message_id", "=", sent.id)])
            )
            self.assertEqual(sent.notification_ids.res_partner_id, purchase.partner_id)
        # Run again (a lost trigger, a second node's worker): nothing is made twice.
        order_sudo._xs_create_purchases()
        self.assertEqual(order_sudo._xs_purchase_orders(), purchases)
        self.assertEqual(len(purchases.order_line), 2)
        self.assertEqual(len(purchases.picking_ids), 2)

    def test_r10_job_sets_aside_an_order_it_cannot_supply(self):
        """An order whose purchase orders a business rule refuses is set aside with
        a note and a warning activity for a person; the other orders' sellers still get
        theirs in the same run."""
        SaleOrder = self.env["sale.order"].with_user(self.portal_school)
        good_sudo = SaleOrder._xs_portal_create_order({self.decl_a.id: 10}).sudo()
        bad_sudo = SaleOrder._xs_portal_create_order({self.decl_b.id: 10}).sudo()
        cancelled_sudo = SaleOrder._xs_portal_create_order({self.decl_a.id: 5}).sudo()
        # Meanwhile the seller was moved to another county's company by mistake: the
        # platform company's purchase order may not go to it (core's company check).
        self.seller_b.company_id = self.env["res.company"].create({"name": "Another county"})
        cancelled_sudo.with_user(self.user_county)._action_cancel()
        self._run_purchase_job()
        self.assertEqual(good_sudo._xs_purchase_orders().state, "purchase")
        self.assertFalse(bad_sudo.order_line.purchase_line_ids)
        self.assertFalse(
            cancelled_sudo.order_line.purchase_line_ids, "a cancelled order buys nothing"
        )
        self.assertFalse((good_sudo | bad_sudo | cancelled_sudo).filtered("xs_purchase_pending"))
        self.assertIn("could not be created", bad_sudo.message_ids[0].body)
        activity = bad_sudo.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_warning"))
        self.assertEqual(activity.summary, "Sellers' purchase orders missing")
        self.assertTrue(activity.user_id)
        # Once the cause is corrected, the county makes what is missing with the order's
        # button (the same work as the job's).
        self.assertTrue(bad_sudo.xs_purchase_missing)
        self.assertFalse(good_sudo.xs_purchase_missing)
        self.seller_b.company_id = False
        bad_sudo.with_user(self.user_county).action_xs_create_purchases()
        self.assertEqual(bad_sudo._xs_purchase_orders().state, "purchase")
        self.assertFalse(bad_sudo.xs_purchase_missing)

    def test_r10_closing_an_entry_makes_its_pending_sellers_orders(self):
        """Closing an entry takes its vendor price away; a portal order confirmed
        just before, whose purchase order the job has not made yet, gets it at the close,
        from the declaring seller at the declared price (never another vendor's)."""
        order_sudo = (
            self.env["sale.order"]
            .with_user(self.portal_school)
            ._xs_portal_create_order({self.decl_b.id: 20})
            .sudo()
        )
        self.decl_b.with_user(self.user_county).action_close()
        self.assertFalse(self.decl_b._xs_supplierinfo_ids(), "no vendor price left behind")
        purchase = order_sudo._xs_purchase_orders()
        self.assertRecordValues(purchase, [{"partner_id": self.seller_b.id, "state": "purchase"}])
        self.assertEqual(purchase.order_line.price_unit, 2.0)
        self.assertFalse(order_sudo.xs_purchase_pending)

    def test_r10_buyer_told_what_sold_out_meanwhile(self):
        """A buyer whose entry sold out while it was ordering (the burst on the last
        units) is told so, naming it; an entry never published to it stays unnamed."""
        SaleOrder = self.env["sale.order"].with_user(self.portal_school)
        SaleOrder._xs_portal_create_order({self.decl_b.id: 500})
        self.assertEqual(self.decl_b.state, "sold_out")
        with self.assertRaisesText(UserError, "Sold out just now") as caught:
            SaleOrder._xs_portal_create_order({self.decl_a.id: 1, self.decl_b.id: 1})
        self.assertIn("Test Family Farm B", str(caught.exception))
        self.assertNotIn("Test Cooperative A", str(caught.exception))
        # The bank's channel never had it: not in its catalogue, nothing named.
        with self.assertRaisesText(UserError, "not in your catalogue") as caught:
            self.env["sale.order"].with_user(self.portal_bank)._xs_portal_create_order(
                {self.decl_b.id: 1}
            )
        self.assertNotIn("Family Farm B", str(caught.exception))

    def test_r10_purchase_pending_changes_only_through_the_job(self):
        """Whether an order's sellers' orders are still to be made is the portal
        confirmation's and the job's to say: nobody clears it (the order would never get
        them) or sets it by writing or creating, whatever their rights on orders."""
        order = (
            self.env["sale.order"]
            .with_user(self.portal_school)
            ._xs_portal_create_order({self.decl_a.id: 10})
        )
        for user in (self.user_county, self.user_admin):
            with self.assertRaisesText(UserError, "change only through its buttons"):
                order.with_user(user).write({"xs_purchase_pending": False})
            with self.assertRaisesText(UserError, "change only through its buttons"):
                self.env["sale.order"].with_user(user).create(
                    {"partner_id": self.buyer_school.id, "xs_purchase_pending": True}
                )
        with self.assertRaisesText(UserError, "change only through its buttons"):
            order.write({"xs_purchase_pending": False})  # the buyer itself
        self.assertTrue(order.sudo().xs_purchase_pending)

    def test_r11_portal_order_is_all_or_nothing(self):
        SaleOrder = self.env["sale.order"].with_user(self.portal_school)
        before = self._buyer_orders(self.buyer_school)
        # No outer savepoint here: the method's own savepoint must leave nothing behind.
        with self.assertRaisesRegex(UserError, "Only 500"):
            SaleOrder._xs_portal_create_order({self.decl_a.id: 100, self.decl_b.id: 600})
        self.assertEqual(self._buyer_orders(self.buyer_school), before)
        self.assertEqual(self.decl_a.qty_remaining, 1000)
        self.assertFalse(self.env["purchase.order"].search([("partner_id", "=", self.seller_a.id)]))
        with self.assertRaisesText(UserError, "at least one"):
            SaleOrder._xs_portal_create_order({self.decl_a.id: 0})
        with self.assertRaisesText(UserError, "must be a positive number"):
            SaleOrder._xs_portal_create_order({self.decl_a.id: -5})
        # Not published to the bank, and not the bank's commitment.
        SaleOrderBank = self.env["sale.order"].with_user(self.portal_bank)
        with self.assertRaisesText(UserError, "not in your catalogue"):
            SaleOrderBank._xs_portal_create_order({self.decl_a.id: 10})
        self.decl_a.channel_action_ids |= self.action_finance
        with self.assertRaisesText(UserError, "confirmed commitments"):
            SaleOrderBank._xs_portal_create_order(
                {self.decl_a.id: 10}, commitment_id=self.commitment.id
            )
        self.assertEqual(self._buyer_orders(self.buyer_bank), self.env["sale.order"])
        # An internal user reads every declaration, but orders only what is published to
        # its own organisation (here: nothing).
        with self.assertRaisesText(UserError, "not in your catalogue"):
            self.env["sale.order"].with_user(self.user_county)._xs_portal_create_order(
                {self.decl_a.id: 1}
            )

    def test_r11_portal_order_page_shows_the_refusal(self):
        self.authenticate("xs_portal_school", "xs_portal_school")
        page = self.url_open(
            "/my/catalogue/order",
            data={
                "csrf_token": http.Request.csrf_token(self),
                f"qty_{self.decl_b.id}": "600",
            },
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("xs_order_error", page.text)
        self.assertIn("Only 500", page.text)
        self.assertIn('value="600"', page.text, "the buyer's entry is kept")
        self.assertFalse(self._buyer_orders(self.buyer_school))

    def test_r11_portal_commitment(self):
        self.buyer_school.user_id = self.user_county
        Commitment = self.env["xs.buyer.commitment"].with_user(self.portal_school)
        self.assertIn(self.campaign, Commitment._xs_portal_campaigns())
        later = Commitment.with_context(xs_today=self.campaign.date_end + relativedelta(days=1))
        self.assertNotIn(self.campaign, later._xs_portal_campaigns(), "campaign over")
        with self.assertRaisesText(UserError, "positive"):
            Commitment._xs_portal_create_commitment(
                self.campaign.id, -1, self.campaign.date_end, "canteen"
            )
        with self.assertRaisesText(UserError, "must end between"):
            Commitment._xs_portal_create_commitment(
                self.campaign.id, 100, self.campaign.date_end + relativedelta(days=1), "canteen"
            )
        commitment = Commitment._xs_portal_create_commitment(
            self.campaign.id, 5000, self.campaign.date_end, "canteen", note="Spring menu"
        )
        self.assertRecordValues(
            commitment.sudo(),
            [
                {
                    "state": "confirmed",
                    "buyer_id": self.buyer_school.id,
                    "action_id": self.action_school.id,
                    "user_id": self.user_county.id,
                    "amount_committed": 5000,
                    "purchase_mode": "canteen",
                }
            ],
        )
        self.assertEqual(commitment.sudo().activity_ids.user_id, self.user_county)
        # The buyer reads it; the other buyer does not.
        self.assertIn(commitment, Commitment.search([]))
        self.assertNotIn(
            commitment, self.env["xs.buyer.commitment"].with_user(self.portal_bank).search([])
        )

    def test_r11_portal_tour(self):
        self.start_tour("/my", "xs_portal_catalogue_tour", login="xs_portal_school")
        order = self._buyer_orders(self.buyer_school)
        self.assertEqual(len(order), 1)
        self._run_purchase_job()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.xs_commitment_id, self.commitment)
        self.assertEqual(order.order_line.xs_declaration_id, self.decl_a)
        self.assertEqual(order.order_line.product_uom_qty, 120)
        self.assertEqual(order.order_line.purchase_line_ids.partner_id, self.seller_a)
        new = self.env["xs.buyer.commitment"].search(
            [("buyer_id", "=", self.buyer_school.id), ("id", "!=", self.commitment.id)]
        )
        self.assertRecordValues(
            new, [{"state": "confirmed", "amount_committed": 5000, "purchase_mode": "canteen"}]
        )


@tagged("post_install", "-at_install")
class TestPortalSeller(XsOrdersCommon, HttpCase):
    """R20: a seller's portal users follow their own declarations, nobody else's."""

    def test_r20_seller_follows_own_declarations(self):
        contact = self.env["res.partner"].create(
            {"name": "Cooperative clerk", "parent_id": self.seller_a.id, "email": "c@ex.com"}
        )
        user = self.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_portal_seller",
                "password": "xs_portal_seller",
                "partner_id": contact.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        draft = self._create_declaration(product_id=self.product_kiwi.id)
        order = self._order(self.buyer_school, [(self.decl_a, 100)])
        purchase = order.order_line.purchase_line_ids.order_id
        purchase.button_confirm()
        Declaration = self.env["xs.surplus.declaration"].with_user(user)
        mine = Declaration.search([("campaign_id", "=", self.campaign.id)])
        # Its own, in any state; decl_b is another seller's (and not published to it).
        self.assertEqual(mine, self.decl_a | draft)
        with self.assertRaises(AccessError):
            self.decl_a.with_user(user).write({"note": "Mine"})
        self.authenticate("xs_portal_seller", "xs_portal_seller")
        page = self.url_open("/my/declarations")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.decl_a.name, page.text)
        self.assertIn(draft.name, page.text)
        self.assertNotIn(self.decl_b.name, page.text)
        self.assertIn("900.00", page.text)  # remaining after the school's 100 kg
        # The purchase order the platform sent it is in Odoo's vendor portal.
        self.assertIn(purchase.name, self.url_open("/my/purchase").text)
