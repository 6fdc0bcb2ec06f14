import json
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import Command, http
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .. import intake
from ..wizards.xs_declaration_import import HEADER_ROW
from .common_orders import XsOrdersCommon
from .test_declaration_import import XsImportCommon

# (typed, what the reader answers: a float, or a piece of its message)
HOSTILE = [
    ("1e400", "is too large"),
    ("inf", "is not a number"),
    ("-inf", "is not a number"),
    ("Infinity", "is not a number"),
    ("NaN", "is not a number"),
    (float("inf"), "is not a number"),
    (float("nan"), "is not a number"),
    (10**400, "is too large"),
    (1e300, "is too large"),
    ("9" * 5000, "is too large"),
    ("1e9999999万", "is too large"),
    ("-5", "cannot be negative"),
    ("－５", "cannot be negative"),
    ("1,2", "commas only separate thousands"),
    ("1_000", "is not a number"),
    ("0x10", "is not a number"),
    ("50%", "is not a number"),
    ("一千", "is not a number"),
    (True, "is not a number"),
]
ACCEPTED = [
    ("１２３", 123.0),
    ("1,200", 1200.0),
    ("1,200.50", 1200.5),
    (" 1200 ", 1200.0),
    ("1200.0", 1200.0),
    ("1.2万", 12000.0),
    ("1e3", 1000.0),
    ("-0", 0.0),
    (-0.0, 0.0),
    (Decimal("2.40"), 2.4),
    (None, None),
    ("", None),
]


@tagged("post_install", "-at_install")
class TestNumberReader(XsImportCommon):
    """R4, R11, R20: one reader for the numbers people type, refusing whatever is not a
    finite, non-negative, sensible number, with a message in the user's language."""

    def test_r4_reader_refuses_hostile_values(self):
        for value, message in HOSTILE:
            with self.subTest(value=str(value)[:20]):
                with self.assertRaises(intake.IntakeError) as cm:
                    intake.to_number(self.env, value, "quantity")
                self.assertIn(message, cm.exception.args[0])
                self.assertLess(len(cm.exception.args[0]), 120, "the value is shown short")
        for value, number in ACCEPTED:
            with self.subTest(value=value):
                result = intake.to_number(self.env, value, "quantity")
                self.assertEqual(result, number)
                if number == 0:
                    self.assertEqual(str(result), "0.0", "-0 is 0")

    def test_r4_limits_per_kind(self):
        self.assertEqual(intake.to_number(self.env, "100,000,000", "quantity"), 1e8)
        self.assertEqual(intake.to_number(self.env, "1000000", "price"), 1e6)
        with self.assertRaisesRegex(intake.IntakeError, "at most 1,000,000"):
            intake.to_number(self.env, "1000001", "price")
        self.assertEqual(intake.to_number(self.env, "10亿", "amount"), 1e9)
        with self.assertRaisesRegex(intake.IntakeError, "at most 1,000,000,000"):
            intake.to_number(self.env, "1000000001", "amount")
        self.assertEqual(intake.to_integer(self.env, "120.0"), 120)
        with self.assertRaisesRegex(intake.IntakeError, "at most 1,000,000"):
            intake.to_integer(self.env, "2000000")
        with self.assertRaisesRegex(intake.IntakeError, "not a whole number"):
            intake.to_integer(self.env, "1.5")

    def test_r21_reader_speaks_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["xs_consumption"], ["zh_CN"])
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        for value, expected in (
            ("inf", "不是数字"),
            ("-5", "不能为负数"),
            ("1e400", "过大"),
            ("1,5", "逗号只用于分隔千位"),
        ):
            with self.assertRaises(intake.IntakeError) as cm:
                intake.to_number(env, value, "quantity")
            self.assertIn(expected, cm.exception.args[0])

    def test_r4_sheet_refuses_every_hostile_value_in_its_cell(self):
        """Every hostile value in the township's sheet: its row and column named, the
        whole sheet refused, nothing written (before, 1e400 crashed the import with an
        OverflowError and 10**30 was imported)."""
        kg = self.env.ref("uom.product_uom_kgm").id
        products = self.env["product.product"].create(
            [
                {"name": f"Test Produce {i}", "type": "consu", "uom_id": kg, "uom_po_id": kg}
                for i in range(12)
            ]
        )
        cases = [
            ("quantity", "1e400", "G（滞销数量）", "is too large"),
            ("quantity", "inf", "G（滞销数量）", "is not a number"),
            ("quantity", "NaN", "G（滞销数量）", "is not a number"),
            ("quantity", 10**30, "G（滞销数量）", "is too large"),
            ("quantity", "-5", "G（滞销数量）", "cannot be negative"),
            ("quantity", "1,5", "G（滞销数量）", "commas only separate thousands"),
            ("price_unit", "1e400", "I（单价（元））", "is too large"),
            ("price_unit", "Infinity", "I（单价（元））", "is not a number"),
            ("price_unit", 5e6, "I（单价（元））", "is too large"),
            ("household_count", "1e400", "P（带动农户数）", "is too large"),
            ("poverty_household_count", "nan", "Q（其中脱贫户数）", "is not a number"),
            ("quantity", "-0", "G（滞销数量）", "the quantity must be positive"),
        ]
        rows = [
            self._row(product=product.name, **{fname: value})
            for product, (fname, value, _c, _m) in zip(products, cases, strict=True)
        ]
        before = self._counts()
        wizard = self._wizard(self._fill(rows))
        errors = self._errors(wizard)
        for offset, (_fname, value, column, message) in enumerate(cases):
            with self.subTest(value=str(value)[:20]):
                row = HEADER_ROW + 1 + offset
                self.assertTrue(
                    any(r == row and c == column and message in m for r, c, m in errors),
                    (row, column, message, errors),
                )
        wizard.action_import()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(self._counts(), before)

    def test_r4_sheet_reads_numbers_as_people_write_them(self):
        wizard = self._wizard(
            self._fill(
                [self._row(quantity="1.2万", price_unit="１２．５", household_count="1,200")]
            )
        )
        self.assertFalse(self._errors(wizard))
        wizard.action_import()
        self.assertRecordValues(
            wizard.declaration_ids,
            [{"quantity": 12000, "price_unit": 12.5, "household_count": 1200}],
        )

    def test_r4_records_refuse_non_finite_and_absurd_figures(self):
        """Whoever writes them (JSON-RPC sends inf and NaN as easily as 1e300): refused
        with the field named, before the ORM fails to round them."""
        declaration = self._create_declaration().with_user(self.user_township_a)
        for fname, value, message in (
            ("quantity", float("inf"), "Quantity"),
            ("quantity", float("nan"), "Quantity"),
            ("quantity", "inf", "Quantity"),
            ("quantity", 1e300, "is too large"),
            ("price_unit", float("-inf"), "Unit Price"),
            ("price_unit", 1e12, "is too large"),
            ("household_count", 10**12, "is too large"),
            ("household_count", float("inf"), "is not a number"),
            ("max_qty_per_buyer", float("nan"), "is not a number"),
        ):
            with (
                self.subTest(fname=fname, value=value),
                self.assertRaisesRegex(ValidationError, message),
            ):
                declaration.sudo(fname == "max_qty_per_buyer").write({fname: value})
        with self.assertRaisesRegex(ValidationError, "is too large"):
            self.env["xs.surplus.declaration"].with_user(self.user_township_a).create(
                self._declaration_vals(product_id=self.product_kiwi.id, quantity=1e15)
            )
        declaration.invalidate_recordset()
        self.assertEqual((declaration.quantity, declaration.price_unit), (1000, 2.5))


@tagged("post_install", "-at_install")
class TestNumberForms(XsOrdersCommon, HttpCase):
    """R11, R20: the portal forms where people type numbers (a seller's declaration and
    its correction, a buyer's off-platform purchase and commitment) answer hostile values
    with the form and its message, never an HTTP 500, and record nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_seller = cls._portal_user(cls.seller_a, "xs_num_seller")
        cls.portal_buyer = cls._portal_user(cls.buyer_school, "xs_num_buyer")

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
                "lang": "en_US",
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def _declaration_post(self, **kw):
        return {
            "csrf_token": http.Request.csrf_token(self),
            "campaign_id": str(self.campaign.id),
            "product": self.product_kiwi.name,
            "category": "fruit",
            "quantity": "500",
            "uom": "公斤",
            "price_unit": "3",
            "date_available_from": str(self.today),
            "date_available_to": str(self.today + relativedelta(days=20)),
            "household_count": "10",
            "poverty_household_count": "2",
            "monitored_household_count": "1",
            **kw,
        }

    def _assert_form_error(self, response, anchor, *texts):
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        self.assertIn(anchor, response.text)
        for text in texts:
            self.assertIn(text, response.text)

    def test_r20_seller_declaration_form_never_500(self):
        self.authenticate("xs_num_seller", "xs_num_seller")
        Declaration = self.env["xs.surplus.declaration"]
        before = Declaration.search_count([])
        for fname, value, message in (
            ("quantity", "1e400", "is too large"),
            ("quantity", "inf", "is not a number"),
            ("quantity", "NaN", "is not a number"),
            ("quantity", "9" * 400, "is too large"),
            ("quantity", "-0", "the quantity must be positive"),
            ("quantity", "1,5", "commas only separate thousands"),
            ("price_unit", "1e400", "is too large"),
            ("price_unit", "-inf", "is not a number"),
            ("household_count", "1e400", "is too large"),
            ("household_count", "inf", "is not a number"),
        ):
            with self.subTest(fname=fname, value=value[:20]):
                response = self.url_open(
                    "/my/declarations/new", data=self._declaration_post(**{fname: value})
                )
                self._assert_form_error(response, "xs_declaration_error", message)
        self.assertEqual(Declaration.search_count([]), before)
        # Numbers as people write them are read.
        response = self.url_open(
            "/my/declarations/new",
            data=self._declaration_post(quantity="１，２００", price_unit="2.5"),
        )
        self.assertTrue(response.url.endswith("/my/declarations"), response.url)
        mine = Declaration.search([("seller_id", "=", self.seller_a.id), ("origin", "=", "portal")])
        self.assertEqual(mine.quantity, 1200)
        # And its correction form alike.
        response = self.url_open(
            f"/my/declarations/{mine.id}/edit", data=self._declaration_post(quantity="inf")
        )
        self._assert_form_error(response, "xs_declaration_error", "is not a number")
        mine.invalidate_recordset()
        self.assertEqual(mine.quantity, 1200)

    def _purchase_post(self, **fields):
        return self.url_open(
            "/my/purchases/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "declaration_id": str(self.decl_a.id),
                "date": str(self.today),
                "quantity": "40",
                "amount": "100",
                **fields,
            },
            files={"evidence": ("receipt.jpg", b"\xff\xd8\xff receipt", "image/jpeg")},
        )

    def test_r11_off_platform_purchase_form_never_500(self):
        self.authenticate("xs_num_buyer", "xs_num_buyer")
        Purchase = self.env["xs.direct.purchase"]
        for fname, value, message in (
            ("amount", "1e400", "Amount Paid: “1e400” is too large"),
            ("amount", "1e300", "is too large"),
            ("amount", "NaN", "is not a number"),
            ("quantity", "inf", "is not a number"),
            ("quantity", "1,5", "commas only separate thousands"),
        ):
            with self.subTest(fname=fname, value=value):
                response = self._purchase_post(**{fname: value})
                self._assert_form_error(response, "xs_direct_purchase_error", message)
        self.assertFalse(Purchase.search([("buyer_id", "=", self.buyer_school.id)]))

    def test_r11_commitment_form_never_500(self):
        self.authenticate("xs_num_buyer", "xs_num_buyer")
        Commitment = self.env["xs.buyer.commitment"]
        before = Commitment.search_count([])
        for value, message in (
            ("inf", "is not a number"),
            ("1e400", "is too large"),
            ("nan", "is not a number"),
            ("5e9", "is too large"),
        ):
            with self.subTest(value=value):
                response = self.url_open(
                    "/my/commitments/new",
                    data={
                        "csrf_token": http.Request.csrf_token(self),
                        "campaign_id": str(self.campaign.id),
                        "amount": value,
                        "purchase_mode": "canteen",
                        "date_end": str(self.campaign.date_end),
                    },
                )
                self._assert_form_error(response, "xs_commitment_error", message)
        self.assertEqual(Commitment.search_count([]), before)

    def test_r11_records_refuse_absurd_amounts_over_json_rpc(self):
        """A real JSON-RPC call, Infinity and NaN as JSON sends them: a ValidationError,
        nothing written."""
        purchase = (
            self.env["xs.direct.purchase"]
            .with_user(self.portal_buyer)
            ._xs_portal_record(
                {
                    "declaration_id": self.decl_a.id,
                    "date": self.today,
                    "quantity": 40.0,
                    "amount": 100.0,
                    "evidence": "ZXZpZGVuY2U=",
                    "evidence_filename": "receipt.jpg",
                }
            )
        )
        self.authenticate("xs_county", "xs_county")
        for model, record, fname, value in (
            ("xs.direct.purchase", purchase, "amount", float("inf")),
            ("xs.direct.purchase", purchase, "amount", 1e300),
            ("xs.direct.purchase", purchase, "quantity", float("nan")),
            ("xs.surplus.declaration", self.decl_b, "quantity", float("inf")),
            ("xs.surplus.declaration", self.decl_b, "price_unit", float("nan")),
        ):
            with self.subTest(model=model, fname=fname, value=value):
                response = self.url_open(
                    "/web/dataset/call_kw",
                    data=json.dumps(
                        {
                            "jsonrpc": "2.0",
                            "method": "call",
                            "params": {
                                "model": model,
                                "method": "write",
                                "args": [[record.id], {fname: value}],
                                "kwargs": {},
                            },
                        }
                    ),
                    headers={"Content-Type": "application/json"},
                )
                self.assertEqual(response.status_code, 200)
                error = response.json()["error"]["data"]
                self.assertEqual(error["name"], "odoo.exceptions.ValidationError", error)
        purchase.invalidate_recordset()
        self.decl_b.invalidate_recordset()
        self.assertEqual((purchase.amount, purchase.quantity), (100, 40))
        self.assertEqual((self.decl_b.quantity, self.decl_b.price_unit), (500, 2.0))
