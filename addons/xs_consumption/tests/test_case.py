from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestCase(XsOrdersCommon):
    """R16 typical cases: figures from the linked orders and declarations (R22), write-up,
    recommendation upward, publication; townships write up their own."""

    def test_r16_case_figures_trace_to_documents(self):
        order = self._order(self.buyer_school, [(self.decl_a, 100)])
        self._order(self.buyer_school, [(self.decl_b, 50)])  # not in the case
        form = Form(self.env["xs.case"].with_user(self.user_township_a))
        form.name = "Test canteen buys the cabbage"
        form.campaign_id = self.campaign
        form.township_id = self.township_a
        form.action_id = self.action_school
        form.declaration_ids.add(self.decl_a)
        case = form.save()
        # The county, who reads the orders, links them.
        with Form(case.with_user(self.user_county)) as county_form:
            county_form.sale_order_ids.add(order)
        self.assertEqual(case.amount_counted, 250.0)
        self.assertEqual(case.household_count, 50)
        self.assertEqual(case.poverty_household_count, 20)
        # The counting basis applies: nothing counts until delivered.
        self.campaign.count_basis = "delivered"
        case.invalidate_recordset()
        self.assertEqual(case.amount_counted, 0.0)
        self._deliver(order)
        case.invalidate_recordset()
        self.assertEqual(case.amount_counted, 250.0)

        with self.assertRaisesText(UserError, "write the case up"):
            case.action_recommend()
        case.write_up = "<p>Background, practice, results.</p>"
        case.action_recommend()
        self.assertEqual(case.state, "recommended")
        case.with_user(self.user_county).action_publish()
        self.assertEqual(case.state, "published")

    def test_r20_case_with_orders_opens_for_every_role(self):
        """A case linking orders opens for the roles that read no orders (townships, lead
        departments, commerce): it raised an AccessError on sale.order."""
        order = self._order(self.buyer_school, [(self.decl_a, 100)])
        case = self.env["xs.case"].create(
            {
                "name": "Canteen buys the cabbage",
                "campaign_id": self.campaign.id,
                "township_id": self.township_a.id,
                "action_id": self.action_school.id,
                "sale_order_ids": [Command.set(order.ids)],
                "declaration_ids": [Command.set(self.decl_a.ids)],
            }
        )
        for user in (self.user_township_a, self.user_lead):
            [values] = self._web_read_form(case.with_user(user))
            self.assertEqual(values["amount_counted"], 250.0, user.login)
        [values] = self._web_read_form(case.with_user(self.user_county))
        self.assertEqual(values["sale_order_ids"][0]["id"], order.id, "the county sees them")

    def _web_read_form(self, record):
        """What the web client reads to show ``record`` in its form view, with the
        reader's view (fields of groups it lacks are not in it)."""
        view = record.get_views([(False, "form")])["views"]["form"]
        spec = {}
        for node in etree.fromstring(view["arch"]).iter("field"):
            field = record._fields.get(node.get("name"))
            if field is not None:
                spec[field.name] = {"fields": {"display_name": {}}} if field.relational else {}
        return record.web_read(spec)

    def test_r16_case_needs_evidence(self):
        case = self.env["xs.case"].create(
            {"name": "No evidence", "campaign_id": self.campaign.id, "write_up": "<p>x</p>"}
        )
        with self.assertRaisesText(UserError, "link the orders or declarations"):
            case.action_recommend()
        with self.assertRaises(UserError):
            case.action_publish()

    def test_r20_case_scopes(self):
        mine = self.env["xs.case"].create(
            {"name": "A", "campaign_id": self.campaign.id, "township_id": self.township_a.id}
        )
        theirs = self.env["xs.case"].create(
            {"name": "B", "campaign_id": self.campaign.id, "township_id": self.township_b.id}
        )
        Case = self.env["xs.case"].with_user(self.user_township_a)
        self.assertEqual(Case.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_township_a).write({"name": "Mine now"})
        with self.assertRaises(AccessError):
            Case.create(
                {"name": "C", "campaign_id": self.campaign.id, "township_id": self.township_b.id}
            )
        lead = self.env["xs.case"].with_user(self.user_lead)
        school_case = self.env["xs.case"].create(
            {"name": "S", "campaign_id": self.campaign.id, "action_id": self.action_school.id}
        )
        self.assertEqual(
            lead.search([("id", "in", (mine | theirs | school_case).ids)]), school_case
        )
