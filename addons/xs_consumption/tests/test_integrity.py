from dateutil.relativedelta import relativedelta

from odoo import Command, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestDeclarationWorkflowGuards(XsOrdersCommon):
    """R4, R8: a declaration's state and control fields change only through the action
    methods of the role that owns each step; create() never starts past draft; a context
    key from a request lifts nothing. Each attack is refused and changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_commerce = new_test_user(
            cls.env,
            login="xs_integrity_commerce",
            groups="xs_consumption.xs_consumption_group_commerce",
            lang="en_US",
        )

    def _snapshot(self, declaration):
        declaration.invalidate_recordset()
        return declaration.read(
            [
                "state",
                "verified_by_id",
                "verified_date",
                "reject_reason",
                "is_recommended",
                "channel_action_ids",
                "channel_partner_ids",
                "qty_remaining",
                "max_qty_per_buyer",
            ]
        )

    def test_r4_township_cannot_write_workflow_fields(self):
        draft = self._create_declaration(product_id=self.product_kiwi.id)
        mine = draft.with_user(self.user_township_a)
        before = self._snapshot(draft)
        attacks = [
            {"state": "verified"},
            {"state": "listed"},
            {"verified_by_id": self.user_township_a.id},
            {"verified_date": "2026-01-01 00:00:00"},
            {"submitted_date": "2026-01-01 00:00:00"},
            {"reject_reason": "none"},
            {"is_recommended": True},
            {"name": "XS-FORGED"},
        ]
        for vals in attacks:
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "Submit"):
                mine.write(vals)
        for vals in ({"qty_remaining": 1e6}, {"amount_total": 1}, {"recommendation_score": 99}):
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "counted"):
                mine.write(vals)
        for vals in (
            {"channel_action_ids": [Command.set(self.action_school.ids)]},
            {"channel_partner_ids": [Command.link(self.buyer_school.id)]},
            {"max_qty_per_buyer": 5},
            {"has_quality_certificate": True},
        ):
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "commerce commission"):
                mine.write(vals)
        self.assertEqual(self._snapshot(draft), before)
        # Its own figures stay editable while draft, and it submits through the button.
        mine.write({"quantity": 800, "note": "corrected"})
        mine.action_submit()
        self.assertEqual(draft.state, "submitted")
        mine.write({"quantity": 700})
        self.assertEqual(draft.quantity, 700)

    def test_r4_township_cannot_move_its_verified_declaration(self):
        # decl_a is listed (verified by the county): the township can neither reopen it
        # nor set it verified, recommended or published elsewhere.
        mine = self.decl_a.with_user(self.user_township_a)
        before = self._snapshot(self.decl_a)
        for vals in ({"state": "draft"}, {"state": "verified"}, {"verified_by_id": False}):
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "buttons"):
                mine.write(vals)
        with self.assertRaisesText(UserError, "commerce commission"):
            mine.write({"channel_action_ids": [Command.link(self.action_finance.id)]})
        with self.assertRaises(AccessError):
            mine.action_verify()
        with self.assertRaises(AccessError):
            mine.action_recommend()
        self.assertEqual(self._snapshot(self.decl_a), before)

    def test_r4_county_uses_the_actions_too(self):
        submitted = self._create_declaration(product_id=self.product_kiwi.id)
        submitted.action_submit()
        county = submitted.with_user(self.user_county)
        for vals in ({"state": "listed"}, {"state": "verified"}, {"is_recommended": True}):
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "Verify"):
                county.write(vals)
        self.assertEqual(submitted.state, "submitted")
        county.action_verify()
        self.assertRecordValues(
            submitted, [{"state": "verified", "verified_by_id": self.user_county.id}]
        )
        # The catalogue role chooses channels, limit and certificate directly.
        county.write(
            {
                "channel_action_ids": [Command.set(self.action_school.ids)],
                "max_qty_per_buyer": 50,
                "has_quality_certificate": True,
            }
        )
        submitted.with_user(self.user_commerce).channel_partner_ids = self.buyer_school
        self.assertEqual(submitted.channel_partner_ids, self.buyer_school)
        county.action_list()
        self.assertEqual(submitted.state, "listed")

    def test_r4_request_context_lifts_nothing(self):
        draft = self._create_declaration(product_id=self.product_kiwi.id)
        for key in ("xs_workflow_write", "xs_workflow", "install_mode", "tracking_disable"):
            forged = draft.with_user(self.user_township_a).with_context(**{key: True})
            with self.subTest(key=key), self.assertRaisesText(UserError, "buttons"):
                forged.write({"state": "verified"})
        self.assertEqual(draft.state, "draft")

    def test_r4_create_never_starts_past_draft(self):
        Declaration = self.env["xs.surplus.declaration"].with_user(self.user_township_a)
        count = Declaration.search_count([])
        attacks = [
            {"state": "listed"},
            {"state": "verified", "verified_by_id": self.user_township_a.id},
            {"is_recommended": True},
            {"name": "XS-FORGED"},
            {"qty_remaining": 5},
        ]
        for vals in attacks:
            with self.subTest(vals=vals), self.assertRaises(UserError):
                Declaration.create(self._declaration_vals(product_id=self.product_kiwi.id, **vals))
        with self.assertRaisesText(UserError, "commerce commission"):
            Declaration.create(
                self._declaration_vals(
                    product_id=self.product_kiwi.id,
                    channel_action_ids=[Command.set(self.action_school.ids)],
                )
            )
        self.assertEqual(Declaration.search_count([]), count)
        # Empty values, as a form sends them, are fine: a draft.
        declaration = Declaration.create(
            self._declaration_vals(
                product_id=self.product_kiwi.id,
                state="draft",
                is_recommended=False,
                channel_action_ids=[Command.set([])],
            )
        )
        self.assertEqual(declaration.state, "draft")
        self.assertNotEqual(declaration.name, "/")

    def test_r4_copy_leaves_publication_behind(self):
        copy = self.decl_a.with_user(self.user_county).copy({"product_id": self.product_kiwi.id})
        self.assertRecordValues(
            copy, [{"state": "draft", "is_recommended": False, "max_qty_per_buyer": 0.0}]
        )
        self.assertFalse(copy.channel_action_ids)


@tagged("post_install", "-at_install")
class TestDeletionGuards(XsOrdersCommon):
    """R4, R22: declarations go only while draft and unreferenced; the documents figures
    come from (commitments, events, agreements, actions, campaigns, phases, cases) cannot
    be deleted from under their orders."""

    def test_r4_only_draft_declarations_are_deleted(self):
        Declaration = self.env["xs.surplus.declaration"]
        submitted = self._create_declaration(product_id=self.product_kiwi.id)
        submitted.action_submit()
        count = Declaration.search_count([])
        with self.assertRaisesText(UserError, "only draft declarations can be deleted"):
            submitted.with_user(self.user_township_a).unlink()
        # Nor the county, once listed and ordered; the order keeps its entry.
        order = self._order(self.buyer_school, [(self.decl_a, 10)])
        with self.assertRaisesText(UserError, "only draft declarations can be deleted"):
            self.decl_a.with_user(self.user_county).unlink()
        self.assertEqual(Declaration.search_count([]), count)
        self.assertEqual(order.order_line.xs_declaration_id, self.decl_a)
        self.assertEqual(order.order_line.purchase_line_ids.xs_declaration_id, self.decl_a)
        # Another township's draft is out of reach; its own draft goes.
        other = self._create_declaration(
            product_id=self.product_kiwi.id,
            township_id=self.township_b.id,
            seller_id=self.seller_b.id,
        )
        with self.assertRaises(AccessError):
            other.with_user(self.user_township_a).unlink()
        draft = self._create_declaration(
            product_id=self.product_kiwi.id, seller_id=self.seller_b.id
        )
        draft.with_user(self.user_township_a).unlink()
        self.assertFalse(draft.exists())

    def test_r4_referenced_draft_declarations_stay(self):
        draft = self._create_declaration(product_id=self.product_kiwi.id)
        case = self.env["xs.case"].create(
            {"name": "Kiwi case", "campaign_id": self.campaign.id, "declaration_ids": draft.ids}
        )
        with self.assertRaisesText(UserError, "Typical Case"):
            draft.with_user(self.user_county).unlink()
        self.assertTrue(draft.exists())
        case.declaration_ids = False
        draft.with_user(self.user_county).unlink()
        self.assertFalse(draft.exists())

    def test_r22_links_to_declarations_restrict_in_the_database(self):
        # Even SQL-level deletes (or code skipping the ORM guard) cannot orphan a line.
        self.env.cr.execute(
            """
            SELECT cl.relname, att.attname, con.confdeltype
              FROM pg_constraint con
              JOIN pg_class cl ON cl.oid = con.conrelid
              JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
             WHERE con.contype = 'f' AND con.confrelid = 'xs_surplus_declaration'::regclass
            """
        )
        policies = {(table, column): policy for table, column, policy in self.env.cr.fetchall()}
        for key in (
            ("sale_order_line", "xs_declaration_id"),
            ("purchase_order_line", "xs_declaration_id"),
            ("xs_buyer_commitment_line", "declaration_id"),
            ("xs_quality_issue", "declaration_id"),
            ("xs_case_declaration_rel", "declaration_id"),
        ):
            self.assertEqual(policies.get(key), "r", key)  # r: restrict

    def test_r22_documents_with_orders_stay(self):
        commitment = self.env["xs.buyer.commitment"].create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": self.buyer_school.id,
                "amount_committed": 1000,
                "date_end": self.phase_implementation.date_end,
            }
        )
        commitment.action_confirm()
        event = self.env["xs.event"].create(
            {
                "name": "Kiwi fair",
                "campaign_id": self.campaign.id,
                "date_start": self.today,
                "date_end": self.today,
            }
        )
        agreement = self.env["xs.supply.agreement"].create(
            {
                "name": "Wholesale agreement",
                "campaign_id": self.campaign.id,
                "buyer_id": self.buyer_school.id,
                "seller_id": self.seller_a.id,
                "date_start": self.today,
                "date_end": self.today + relativedelta(days=30),
            }
        )
        agreement.action_activate()
        order = self._order(self.buyer_school, [(self.decl_a, 10)], commitment=commitment)
        order.write({"xs_event_id": event.id, "xs_agreement_id": agreement.id})
        checks = [
            (commitment, "Cancel it instead"),
            (event, "Cancel the event"),
            (agreement, "End it instead"),
            (self.action_school, "orders or commitments"),
            (self.phase_implementation, "Close or redate"),
            (self.campaign, "Archive it instead"),
        ]
        for record, text in checks:
            with self.subTest(model=record._name), self.assertRaisesText(UserError, text):
                record.unlink()
            self.assertTrue(record.exists())
        self.assertRecordValues(
            order,
            [
                {
                    "xs_commitment_id": commitment.id,
                    "xs_event_id": event.id,
                    "xs_agreement_id": agreement.id,
                    "xs_action_id": self.action_school.id,
                    "xs_campaign_id": self.campaign.id,
                }
            ],
        )
        # Unused drafts still go.
        spare = event.copy({"name": "Spare fair"})
        spare.unlink()
        self.assertFalse(spare.exists())

    def test_r16_recommended_case_stays(self):
        case = self.env["xs.case"].create(
            {
                "name": "Cabbage case",
                "campaign_id": self.campaign.id,
                "declaration_ids": self.decl_a.ids,
                "write_up": "<p>How the cabbages sold.</p>",
            }
        )
        case.action_recommend()
        with self.assertRaisesText(UserError, "recommended upward or published"):
            case.unlink()
        self.assertTrue(case.exists())


@tagged("post_install", "-at_install")
class TestBuyerLimit(XsOrdersCommon):
    """R10: the county limits what one buyer organisation may take of an entry, summed
    over its confirmed orders; checked at confirmation with the remaining quantity."""

    def test_r10_one_buyer_takes_at_most_the_limit(self):
        self.decl_a.with_user(self.user_county).max_qty_per_buyer = 100
        self._order(self.buyer_school, [(self.decl_a, 60)])
        second = self._order(self.buyer_school, [(self.decl_a, 50)], confirm=False)
        with self.assertRaisesText(UserError, "already ordered 60"):
            second.action_confirm()
        self.assertEqual(second.state, "draft")
        self.assertEqual(self.decl_a.qty_ordered, 60)
        # Grams count in kilograms; the buyer's contacts count for the buyer.
        contact = self.env["res.partner"].create(
            {"name": "Canteen", "parent_id": self.buyer_school.id}
        )
        grams = self.env["sale.order"].create(
            {
                "partner_id": contact.id,
                "xs_campaign_id": self.campaign.id,
                "xs_action_id": self.action_school.id,
                "order_line": [
                    Command.create(
                        {
                            "xs_declaration_id": self.decl_a.id,
                            "product_uom_qty": 41000,
                            "product_uom": self.env.ref("uom.product_uom_gram").id,
                        }
                    )
                ],
            }
        )
        with self.assertRaisesText(UserError, "at most 100"):
            grams.action_confirm()
        grams.order_line.product_uom_qty = 40000
        grams.action_confirm()
        self.assertEqual(grams.state, "sale")
        # Another buyer has its own allowance.
        other = self._order(self.buyer_school_2, [(self.decl_a, 100)])
        self.assertEqual(other.state, "sale")
        self.assertEqual(self.decl_a.qty_ordered, 200)

    def test_r10_limit_is_the_catalogue_roles(self):
        with self.assertRaisesText(UserError, "commerce commission"):
            self.decl_a.with_user(self.user_township_a).max_qty_per_buyer = 1
        with self.assertRaisesText(UserError, "cannot be negative"):
            self.decl_a.with_user(self.user_county).max_qty_per_buyer = -1
        self.assertEqual(self.decl_a.max_qty_per_buyer, 0)


@tagged("post_install", "-at_install")
class TestPortalOrderInput(XsOrdersCommon, HttpCase):
    """R11: portal order quantities are finite, positive numbers in the entry's unit
    steps; anything else is a clear message on the page and writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Integrity buyer", "parent_id": cls.buyer_school.id, "email": "i@ex.com"}
        )
        cls.portal_user = cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_integrity_portal",
                "password": "xs_integrity_portal",
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def _orders(self):
        return self.env["sale.order"].search_count(
            [("partner_id", "child_of", self.buyer_school.id)]
        )

    BAD = {
        "inf": "positive number",
        "-inf": "positive number",
        "nan": "positive number",
        "-1": "positive number",
        "1e309": "positive number",
        "0.0001": "is ordered in steps of",
        "1.23456": "is ordered in steps of",
        "abc": "is not a quantity",
        "1e300": "Only 1000",
    }

    def test_r11_bad_quantities_are_refused_in_the_model(self):
        SaleOrder = self.env["sale.order"].with_user(self.portal_user)
        before = self._orders()
        for value, text in self.BAD.items():
            with self.subTest(value=value), self.assertRaisesText(UserError, text):
                SaleOrder._xs_portal_create_order({str(self.decl_a.id): value})
        for value in (float("inf"), float("nan"), -1.0, 0.0001, True, [1]):
            with self.subTest(value=value), self.assertRaises(UserError):
                SaleOrder._xs_portal_create_order({self.decl_a.id: value})
        with self.assertRaisesText(UserError, "not in your catalogue"):
            SaleOrder._xs_portal_create_order({"abc": "1"})
        self.assertEqual(self._orders(), before)
        self.assertEqual(self.decl_a.qty_ordered, 0)
        order = SaleOrder._xs_portal_create_order({str(self.decl_a.id): " 1.5 "})
        self.assertEqual(order.sudo().order_line.product_uom_qty, 1.5)

    def test_r11_bad_quantities_show_on_the_page(self):
        self.authenticate("xs_integrity_portal", "xs_integrity_portal")
        before = self._orders()
        for value, text in self.BAD.items():
            with self.subTest(value=value):
                page = self.url_open(
                    "/my/catalogue/order",
                    data={
                        "csrf_token": http.Request.csrf_token(self),
                        f"qty_{self.decl_a.id}": value,
                    },
                )
                self.assertEqual(page.status_code, 200)
                self.assertIn("xs_order_error", page.text)
                self.assertIn(text, page.text)
        with mute_logger("odoo.http"):
            page = self.url_open(
                "/my/catalogue/order",
                data={
                    "csrf_token": http.Request.csrf_token(self),
                    "qty_x": "1",
                    "commitment_id": "nope",
                },
            )
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self._orders(), before)

    def test_r10_portal_shows_the_buyer_limit(self):
        self.decl_a.with_user(self.user_county).max_qty_per_buyer = 40
        self.authenticate("xs_integrity_portal", "xs_integrity_portal")
        page = self.url_open("/my/catalogue")
        self.assertIn("xs_max_per_buyer", page.text)
        self.assertRegex(page.text, r"Most per buyer: 40\.00\s+kg")


@tagged("post_install", "-at_install")
class TestPeriodLockFigures(XsOrdersCommon):
    """R22: on an order dated in a reported period, every figure-bearing field of its lines
    is frozen: quantity, unit, price, discount, tax, product, entry."""

    def test_r22_discount_unit_and_tax_are_locked(self):
        order = self._order(self.buyer_school, [(self.decl_a, 100)])
        line = order.order_line
        self.campaign.with_user(self.user_admin).lock_date = self.today
        before = line.read(["discount", "product_uom", "price_unit", "tax_id", "price_subtotal"])
        attacks = [
            {"discount": 50},
            {"product_uom": self.env.ref("uom.product_uom_gram").id},
            {"tax_id": [Command.clear()]},
            {"price_subtotal": 1},
            {"price_unit": 1},
        ]
        for vals in attacks:
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "already filed upward"):
                line.with_user(self.user_county).write(vals)
        line.invalidate_recordset()
        self.assertEqual(
            line.read(["discount", "product_uom", "price_unit", "tax_id", "price_subtotal"]),
            before,
        )

    def test_r22_what_a_line_computes_is_never_written(self):
        """R13/R22: a line's state, delivered quantity and how it is delivered, company and
        currency come from its order and deliveries, in any period: written by hand, the
        line would leave the counted figures or count as delivered on its order's day."""
        order = self._order(self.buyer_school, [(self.decl_a, 100)])
        self._deliver(order)
        line = order.order_line
        fields = ["state", "qty_delivered", "qty_delivered_method", "company_id", "currency_id"]
        before = line.read(fields)
        attacks = [
            {"state": "cancel"},
            {"qty_delivered_method": "manual", "qty_delivered": 0},
            {"qty_delivered": 0},
            {"currency_id": self.env.ref("base.USD").id},
        ]
        for vals in attacks:
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "only through"):
                line.with_user(self.user_county).write(vals)
        line.invalidate_recordset()
        self.assertEqual(line.read(fields), before)
        self.assertEqual(before[0]["qty_delivered"], 100)
        # Nor is a line created "delivered by hand" on the confirmed order (a delivered
        # figure without a delivery).
        with self.assertRaisesText(UserError, "only through"):
            self.env["sale.order.line"].with_user(self.user_county).create(
                {
                    "order_id": order.id,
                    "xs_declaration_id": self.decl_a.id,
                    "product_uom_qty": 5,
                    "qty_delivered_method": "manual",
                    "qty_delivered": 5,
                }
            )
        self.assertEqual(order.order_line, line)
