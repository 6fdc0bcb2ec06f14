from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestSurplusDeclaration(XsCommon):
    """R4: declare, submit, verify, send back; refuse duplicates and impossible figures."""

    def test_r4_workflow(self):
        declaration = self._create_declaration()
        self.assertTrue(declaration.name.startswith("SB"))
        self.assertEqual(declaration.amount_total, 2500.0)
        self.assertEqual(declaration.uom_id, self.product_cabbage.uom_id)
        declaration.with_user(self.user_township_a).action_submit()
        self.assertEqual(declaration.state, "submitted")
        with self.assertRaises(AccessError):
            declaration.with_user(self.user_township_a).action_verify()
        declaration.with_user(self.user_county).action_verify()
        self.assertEqual(declaration.state, "verified")
        self.assertEqual(declaration.verified_by_id, self.user_county)

    def test_r4_send_back_with_reason(self):
        declaration = self._create_declaration()
        declaration.action_submit()
        action = declaration.with_user(self.user_county).action_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_county)
            .with_context(**action["context"])
        )
        wizard.reason = "Quantity does not match the planted area"
        wizard.save().action_confirm()
        self.assertEqual(declaration.state, "draft")
        self.assertEqual(declaration.reject_reason, "Quantity does not match the planted area")
        self.assertIn("Quantity does not match", declaration.message_ids[0].body)
        with self.assertRaises(UserError):
            declaration.with_user(self.user_county)._reject("  ")
        # Corrected and submitted again: the reason is cleared.
        declaration.quantity = 800
        declaration.action_submit()
        self.assertFalse(declaration.reject_reason)

    def test_r4_form_defaults_from_user(self):
        form = Form(self.env["xs.surplus.declaration"].with_user(self.user_township_a))
        self.assertEqual(form.township_id, self.township_a)
        self.assertEqual(form.campaign_id, self.campaign)
        form.seller_id = self.seller_a
        form.product_id = self.product_kiwi
        form.category = "fruit"
        form.quantity = 200
        form.price_unit = 12
        self.assertEqual(form.amount_total, 2400)
        declaration = form.save()
        self.assertEqual(declaration.uom_id, self.product_kiwi.uom_id)

    def test_r4_only_while_preparation_open(self):
        draft = self._create_declaration()
        self.phase_preparation.action_close()
        with self.assertRaisesText(UserError, "preparation phase"):
            self._create_declaration(product_id=self.product_kiwi.id)
        with self.assertRaisesText(UserError, "preparation phase"):
            draft.action_submit()
        self.assertEqual(draft.state, "draft")
        self.phase_preparation.action_reopen()
        draft.action_submit()
        self.assertEqual(draft.state, "submitted")

    def test_r4_impossible_figures(self):
        with self.assertRaises(ValidationError):
            self._create_declaration(quantity=0)
        with self.assertRaises(ValidationError):
            self._create_declaration(price_unit=-1)
        with self.assertRaisesText(ValidationError, "more than the 50 households"):
            self._create_declaration(poverty_household_count=40, monitored_household_count=20)
        with self.assertRaises(ValidationError):
            self._create_declaration(
                household_count=-1, poverty_household_count=0, monitored_household_count=0
            )
        with self.assertRaisesText(ValidationError, "before"):
            self._create_declaration(date_available_to=self.today - relativedelta(days=1))
        with self.assertRaisesText(ValidationError, "during the campaign"):
            self._create_declaration(
                date_available_from=self.today + relativedelta(days=200),
                date_available_to=self.today + relativedelta(days=230),
            )
        with self.assertRaises(ValidationError):
            self._create_declaration(contact_phone="0000")
        self.assertFalse(
            self.env["xs.surplus.declaration"].search([("campaign_id", "=", self.campaign.id)])
        )

    def test_r4_duplicate_names_existing(self):
        first = self._create_declaration()
        with self.assertRaisesText(ValidationError, first.name):
            self._create_declaration(quantity=5)
        with self.assertRaisesText(ValidationError, "in this batch"):
            self.env["xs.surplus.declaration"].create(
                [self._declaration_vals(product_id=self.product_kiwi.id)] * 2
            )
        # Same product by another township is another declaration.
        self._create_declaration(township_id=self.township_b.id)
        other = self._create_declaration(product_id=self.product_kiwi.id)
        with self.assertRaisesText(ValidationError, first.name):
            other.product_id = self.product_cabbage

    def test_r4_verified_is_locked_and_tracked(self):
        declaration = self._create_declaration(contact_phone="13800138000")
        self.env.cr.precommit.run()  # as if created in an earlier request
        self.assertEqual(declaration.contact_phone, "+86 138 0013 8000")
        declaration.action_submit()
        declaration.with_user(self.user_county).action_verify()
        with self.assertRaisesText(UserError, "locked"):
            declaration.with_user(self.user_county).quantity = 1
        self.assertEqual(declaration.quantity, 1000)
        declaration.note = "notes stay editable"
        declaration.with_user(self.user_county)._reject("Price too high")
        self.env.cr.precommit.run()
        declaration.with_user(self.user_township_a).price_unit = 2.0
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracked = declaration.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "price_unit"
        )
        self.assertTrue(tracked)
        self.assertEqual(tracked[0].old_value_float, 2.5)
        self.assertEqual(tracked[0].new_value_float, 2.0)
        self.assertEqual(tracked[0].mail_message_id.author_id, self.user_township_a.partner_id)

    def test_r4_transitions_from_the_right_state(self):
        declaration = self._create_declaration()
        with self.assertRaises(UserError):
            declaration.with_user(self.user_county).action_verify()
        declaration.action_submit()
        with self.assertRaises(UserError):
            declaration.action_submit()
        declaration.with_user(self.user_county).action_verify()
        with self.assertRaises(UserError):
            declaration.with_user(self.user_county).action_verify()
        draft = self._create_declaration(product_id=self.product_kiwi.id)
        with self.assertRaises(UserError):
            draft.with_user(self.user_county)._reject("not submitted yet")

    def test_r4_import_is_all_or_nothing_with_row_numbers(self):
        Declaration = self.env["xs.surplus.declaration"].with_user(self.user_township_a)
        fields = [
            "campaign_id/.id",
            "township_id/.id",
            "seller_id/.id",
            "product_id/.id",
            "category",
            "quantity",
            "price_unit",
            "date_available_from",
            "date_available_to",
            "household_count",
            "poverty_household_count",
            "monitored_household_count",
        ]

        def row(product, quantity="100", households=("10", "2", "1")):
            return [
                str(self.campaign.id),
                str(self.township_a.id),
                str(self.seller_a.id),
                str(product.id),
                "vegetable",
                quantity,
                "2.5",
                str(self.today),
                str(self.today + relativedelta(days=10)),
                *households,
            ]

        kiwi = self.product_kiwi
        melon = self.env["product.product"].create({"name": "Test Melon", "type": "consu"})
        result = Declaration.load(
            fields,
            [
                row(self.product_cabbage),
                row(kiwi, quantity="0"),
                row(melon, households=("5", "4", "3")),
            ],
        )
        self.assertFalse(result["ids"], "nothing is imported when a row is bad")
        # Each bad row is reported with its own row number. (Odoo's load() also puts the
        # error that stopped the whole batch first, under the batch's first row.)
        errors = [m for m in result["messages"] if m["type"] == "error"]
        by_row = {m["rows"]["from"]: m["message"] for m in errors[1:]}
        self.assertEqual(sorted(by_row), [1, 2], result["messages"])
        self.assertIn("quantity must be positive", by_row[1])
        self.assertIn("more than the 5 households", by_row[2])
        self.assertIn(errors[0]["message"], by_row.values())
        self.assertFalse(Declaration.search([("campaign_id", "=", self.campaign.id)]))
        good = Declaration.load(fields, [row(self.product_cabbage), row(kiwi)])
        self.assertEqual(len(good["ids"]), 2, good["messages"])
