from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestEmptyScreens(TransactionCase):
    """R21: a county starting with no declarations or orders sees its screens empty, with
    their Chinese help, not Odoo's Latin sample records (views with ``sample="1"``)."""

    def test_r21_no_sample_records_on_our_screens(self):
        views = self.env["ir.ui.view"].search(
            [("model_data_id.module", "in", ("xs_consumption", "xs_reporting", "xs_shop"))]
        )
        self.assertTrue(views)
        with_samples = views.filtered(lambda v: 'sample="1"' in (v.arch_db or ""))
        self.assertFalse(with_samples.mapped("xml_id"), "views showing sample records")
