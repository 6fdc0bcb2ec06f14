from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import XsCommon as _XsCommon


@tagged("post_install", "-at_install")
class TestPartnerPhone(_XsCommon):
    """R6: phone numbers of sellers and buyers are validated and stored in one format."""

    def test_r6_mobile_and_landlines_normalised(self):
        Partner = self.env["res.partner"]
        seller = Partner.create(
            {"name": "Coop", "xs_seller_type": "cooperative", "mobile": "13800138000"}
        )
        self.assertEqual(seller.mobile, "+86 138 0013 8000")
        # Chongqing (023) and Dezhou, Shandong (0534) landlines.
        seller.phone = "023-76621234"
        self.assertEqual(seller.phone, "+86 23 7662 1234")
        buyer = Partner.create(
            {"name": "Dezhou market", "xs_buyer_category": "wholesale", "phone": "(0534) 2621234"}
        )
        self.assertEqual(buyer.phone, "+86 534 262 1234")
        self.assertEqual(Partner._xs_normalize_phone("+86 138-0013-8000"), "+86 138 0013 8000")

    def test_r6_bad_number_refused(self):
        Partner = self.env["res.partner"]
        with self.assertRaisesText(ValidationError, "12345"):
            Partner.create({"name": "Coop", "xs_seller_type": "cooperative", "phone": "12345"})
        seller = Partner.create({"name": "Coop", "xs_seller_type": "cooperative"})
        with self.assertRaises(ValidationError):
            seller.mobile = "1380013800"  # one digit short
        self.assertFalse(seller.mobile)

    def test_r6_other_partners_untouched(self):
        # Only campaign partners are validated: other contacts keep what they had.
        partner = self.env["res.partner"].create({"name": "Somebody", "phone": "(555) 0100"})
        self.assertEqual(partner.phone, "(555) 0100")

    def test_r7_buyer_categories(self):
        categories = dict(self.env["res.partner"]._fields["xs_buyer_category"].selection)
        for key in (
            "agency",
            "institution",
            "school",
            "hospital",
            "financial",
            "soe",
            "private",
            "social_org",
            "individual",
            "wholesale",
            "ecommerce",
            "supermarket",
            "central_unit",
            "municipal_group",
            "dezhou_partner",
        ):
            self.assertIn(key, categories)
