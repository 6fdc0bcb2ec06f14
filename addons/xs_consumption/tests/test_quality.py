from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

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
            self._order(self.buyer_school, [(self.decl_b, 10)])  # same product, other seller
        with self.assertRaisesText(UserError, "outcome"):
            issue.with_user(self.user_county).action_clear()
        with self.assertRaises(AccessError):
            issue.with_user(self.user_township_a).action_clear()
        with self.assertRaises(AccessError):
            issue.with_user(self.user_township_a).write({"state": "cleared"})
        issue.outcome = "Re-tested compliant by the county market regulation bureau"
        issue.with_user(self.user_county).action_clear()
        order = self._order(self.buyer_school, [(self.decl_b, 10)])
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
