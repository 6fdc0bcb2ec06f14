from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file


@tagged("post_install", "-at_install")
class TestShopSettings(TransactionCase):
    """R27: a module update applies again what the shop needs (the records are base's and
    website's, which their modules do not update) and keeps what the county chose."""

    def _update_module_data(self):
        """The shop's data files as a module update loads them."""
        for path in (
            "data/website_data.xml",
            "data/shop_settings_data.xml",
            "data/shop_payment_data.xml",
        ):
            convert_file(self.env, "xs_shop", path, {}, mode="update", noupdate=False)

    def test_r27_update_applies_what_the_shop_needs_and_keeps_the_countys_choices(self):
        website = self.env.ref("website.default_website")
        visitor = website.user_id.partner_id
        home = self.env.ref("xs_shop.delivery_carrier_home")
        transfer = self.env.ref("xs_shop.payment_provider_bank_transfer")
        days = self.env.ref("xs_shop.ir_config_parameter_transfer_days")
        # The county's choices.
        home.fixed_price = 12.0
        transfer.pending_msg = "<p>Account 6222 0000 1111</p>"
        days.value = "5"
        website.auth_signup_uninvited = "b2b"
        # What the shop needs, undone meanwhile.
        website.account_on_checkout = "optional"
        visitor.xs_channel = False
        self._update_module_data()
        self.assertEqual(visitor.xs_channel, "shop")
        self.assertEqual(website.account_on_checkout, "mandatory")
        self.assertEqual(home.fixed_price, 12.0)
        self.assertIn("6222 0000 1111", transfer.pending_msg)
        self.assertEqual(days.value, "5")
        self.assertEqual(website.auth_signup_uninvited, "b2b")

    def test_r27_each_delivery_method_has_its_own_fee(self):
        """A fixed delivery method's fee is its product's price: the collection at the work
        unit stays free when the county changes the home delivery fee."""
        home = self.env.ref("xs_shop.delivery_carrier_home")
        unit = self.env.ref("xs_shop.delivery_carrier_work_unit")
        home.fixed_price = 15.0
        self.assertEqual(unit.fixed_price, 0.0)
        self.assertTrue(unit.xs_collect_at_work_unit)
