from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestQualityIssue(XsOrdersCommon):
    """R15: a product with an open serious issue cannot be ordered until it is cleared."""

    def test_r15_serious_issue_blocks_orders_until_cleared(self):
        regulator = self.env["res.partner"].create(
            {"name": "Test Market Regulation", "is_company": True, "xs_is_department": True}
        )
        issue = (
            self.env["xs.quality.issue"]
            .with_user(self.user_county)
            .create(
                {
                    "name": "Pesticide residue in a spot check",
                    "issue_type": "inspection",
                    "severity": "serious",
                    "declaration_id": self.decl_a.id,
                    "department_id": regulator.id,
                }
            )
        )
        self.assertEqual(issue.product_id, self.product_cabbage)
        self.assertEqual(issue.seller_id, self.seller_a)
        with self.assertRaisesText(UserError, "Pesticide residue"):
            self._order(self.buyer_school, [(self.decl_a, 10)])
        with self.assertRaisesText(UserError, "outcome"):
            issue.with_user(self.user_county).action_clear()
        with self.assertRaises(AccessError):
            issue.with_user(self.user_township_a).action_clear()
        with self.assertRaises(AccessError):
            issue.with_user(self.user_township_a).write({"state": "cleared"})
        issue.outcome = "Re-tested compliant by the county market regulation bureau"
        issue.with_user(self.user_county).action_clear()
        order = self._order(self.buyer_school, [(self.decl_a, 10)])
        self.assertEqual(order.state, "sale")

    def test_r15_minor_issue_does_not_block(self):
        self.env["xs.quality.issue"].create(
            {
                "name": "Late delivery complaint",
                "severity": "minor",
                "product_id": self.product_cabbage.id,
            }
        )
        self.assertEqual(self._order(self.buyer_school, [(self.decl_a, 10)]).state, "sale")

    def test_r15_township_scope_and_assessment(self):
        """A township raises issues on its own townships' produce only, and cannot change
        what it raised (severity, product, declaration): county staff or the responsible
        department assess it; downgrading a serious issue would lift an order block."""
        Issue = self.env["xs.quality.issue"]
        issue = Issue.with_user(self.user_township_a).create(
            {
                "name": "Complaint about rotten cabbage",
                "severity": "serious",
                "declaration_id": self.decl_a.id,
            }
        )
        self.assertEqual(issue.product_id, self.product_cabbage)
        with self.assertRaises(AccessError):
            Issue.with_user(self.user_township_a).create(
                {"name": "Elsewhere", "severity": "serious", "declaration_id": self.decl_b.id}
            )
        with self.assertRaises(AccessError):
            issue.with_user(self.user_township_b).read(["severity"])
        as_township = issue.with_user(self.user_township_a)
        for vals in (
            {"severity": "minor"},
            {"product_id": self.product_kiwi.id},
            {"declaration_id": self.decl_b.id},
            {"department_id": self.dept.id},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                as_township.write(vals)
        self.assertRecordValues(
            issue,
            [
                {
                    "severity": "serious",
                    "product_id": self.product_cabbage.id,
                    "department_id": False,
                }
            ],
        )
        as_township.write({"description": "Seen at the school canteen"})
        self.assertEqual(issue.scope, "seller")
        with self.assertRaisesText(UserError, "Complaint about rotten cabbage"):
            self._order(self.buyer_school, [(self.decl_a, 10)])
        # The scope is assessed too: the township cannot widen or narrow it.
        with self.assertRaises(AccessError):
            as_township.write({"scope": "product"})
        # County staff hand it to the department, whose staff assess it.
        issue.with_user(self.user_county).write({"department_id": self.dept.id})
        with self.assertRaises(AccessError):
            issue.with_user(self.user_lead).write({"department_id": self.other_dept.id})
        issue.with_user(self.user_lead).write({"severity": "major"})
        self.assertEqual(issue.severity, "major")
        self.assertEqual(self._order(self.buyer_school, [(self.decl_a, 10)]).state, "sale")
        other_department_user = new_test_user(
            self.env,
            login="xs_other_department",
            groups="xs_consumption.xs_consumption_group_lead_department",
        )
        other_department_user.partner_id.parent_id = self.other_dept
        with self.assertRaises(AccessError):
            issue.with_user(other_department_user).write({"severity": "serious"})

    def test_r15_a_serious_issue_blocks_its_scope_only(self):
        """A serious issue on one cooperative's cabbage leaves another seller's cabbage
        orderable; a county-wide alert stops the product from every seller; an issue on
        one entry stops that entry only. The buyer is told which issue."""
        Issue = self.env["xs.quality.issue"].with_user(self.user_county)
        issue = Issue.create(
            {"name": "Pesticide residue A", "severity": "serious", "declaration_id": self.decl_a.id}
        )
        self.assertEqual(issue.scope, "seller")
        kiwi_a = self._create_declaration(product_id=self.product_kiwi.id, category="fruit")
        kiwi_a.action_submit()
        kiwi_a.with_user(self.user_county).action_verify()
        kiwi_a.channel_action_ids = self.action_school
        kiwi_a.with_user(self.user_county).action_list()
        # Another seller's cabbage and the same seller's kiwi are orderable.
        self.assertEqual(self._order(self.buyer_school, [(self.decl_b, 10)]).state, "sale")
        self.assertEqual(self._order(self.buyer_school, [(kiwi_a, 10)]).state, "sale")
        with self.assertRaisesText(UserError, "Pesticide residue A"):
            self._order(self.buyer_school, [(self.decl_a, 10)])
        # Narrowed to the entry it was found in, it still names the entry's seller.
        issue.scope = "declaration"
        with self.assertRaisesText(UserError, "Test Cooperative A"):
            self._order(self.buyer_school, [(self.decl_a, 10), (kiwi_a, 5)])
        self.assertEqual(self._order(self.buyer_school, [(self.decl_b, 10)]).state, "sale")
        # A county-wide alert stops every seller's cabbage.
        issue.scope = "product"
        with self.assertRaisesText(UserError, "Pesticide residue A"):
            self._order(self.buyer_school, [(self.decl_b, 10)])
        # A declaration scope needs its entry, a seller scope its seller.
        with self.assertRaises(ValidationError):
            Issue.create(
                {
                    "name": "No entry",
                    "severity": "serious",
                    "product_id": self.product_kiwi.id,
                    "scope": "declaration",
                }
            )
