from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestShopPaymentLines(TransactionCase):
    """R27: a payment is posted in accounting on its provider's journal line, which core
    makes lazily when the provider's journal is first read: by the first payments of a
    12.12 rush at once, one each, after which no payment can be posted. The shop makes the
    lines of the enabled providers at install and update."""

    def _lines(self, provider):
        return self.env["account.payment.method.line"].search(
            [("payment_provider_id", "=", provider.id)]
        )

    def test_r27_enabled_providers_have_their_line_before_any_payment(self):
        demo = self.env.ref("payment.payment_provider_demo")
        self.assertNotEqual(demo.state, "disabled")
        # As the install left it: read from the database, not made by this read.
        self.env.cr.execute(
            "SELECT count(*) FROM account_payment_method_line WHERE payment_provider_id = %s",
            [demo.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1)

    def test_r27_lines_are_made_once(self):
        demo = self.env.ref("payment.payment_provider_demo")
        # As a provider enabled before its company had a bank journal (the demo's): no line.
        self.env.cr.execute(
            "DELETE FROM account_payment_method_line WHERE payment_provider_id = %s", [demo.id]
        )
        self.env.invalidate_all()
        providers = self.env["payment.provider"]._xs_ensure_journal_lines()
        self.assertIn(demo, providers)
        self.assertEqual(len(self._lines(demo)), 1)
        self.env.invalidate_all()
        self.env["payment.provider"]._xs_ensure_journal_lines()
        self.assertEqual(len(self._lines(demo)), 1)
