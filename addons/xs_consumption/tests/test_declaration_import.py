import base64
import io

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..wizards.xs_declaration_import import COLUMNS, HEADER_ROW, SHEET_NAME
from .common import XsCommon

KEYS = [fname for fname, _label in COLUMNS]


class XsImportCommon(XsCommon):
    """Sheets made from the real template (so that they follow its changes)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env["xs.declaration.import"]

    def _template(self, user=None, township=None):
        Import = self.Import.with_user(user or self.user_township_a)
        return Import._xs_template_content(self.campaign, township or self.township_a)

    def _label(self, model, fname, key):
        return dict(self.Import._xs_choice_labels(model, fname))[key]

    def _row(self, **kw):
        row = {
            "township": self.township_a.name,
            "seller": self.seller_a.name,
            "product": self.product_cabbage.name,
            "category": "蔬菜",
            "quantity": 1000,
            "uom": "公斤",
            "price_unit": 2.5,
            "date_available_from": self.today,
            "date_available_to": self.today + relativedelta(days=20),
            "contact_phone": "13800138000",
            "household_count": 50,
            "poverty_household_count": 20,
            "monitored_household_count": 5,
        }
        row.update(kw)
        return row

    def _fill(self, rows, template=None, edit=None):
        """The template with ``rows`` ({column key: value}) appended below its data;
        ``edit(book, sheet)`` damages it further."""
        book = openpyxl.load_workbook(io.BytesIO(template or self._template()))
        sheet = book[SHEET_NAME]
        start = sheet.max_row + 1
        for offset, row in enumerate(rows):
            for key, value in row.items():
                sheet.cell(start + offset, KEYS.index(key) + 1, value)
        if edit:
            edit(book, sheet)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def _wizard(self, raw, user=None, township=None, **kw):
        wizard = self.Import.with_user(user or self.user_township_a).create(
            dict(
                {
                    "campaign_id": self.campaign.id,
                    "township_id": (township or self.township_a).id,
                    "file": base64.b64encode(raw),
                    "filename": "sheet.xlsx",
                },
                **kw,
            )
        )
        wizard.action_preview()
        return wizard

    def _errors(self, wizard):
        return [(e.row, e.column, e.message) for e in wizard.error_ids]

    def _counts(self):
        return (
            self.env["xs.surplus.declaration"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["product.product"].with_context(active_test=False).search_count([]),
            self.env["mail.message"].search_count([("model", "=", "xs.campaign")]),
        )


@tagged("post_install", "-at_install")
class TestDeclarationTemplate(XsImportCommon, HttpCase):
    """R4: the township's sheet, made per campaign and township."""

    def test_r4_template_prefilled_with_dropdowns_and_locked_key(self):
        declaration = self._create_declaration()
        other = self._create_declaration(township_id=self.township_b.id, seller_id=self.seller_b.id)
        book = openpyxl.load_workbook(io.BytesIO(self._template()))
        self.assertEqual(book.sheetnames[:3], [SHEET_NAME, "销售经营主体", "填写说明"])
        sheet = book[SHEET_NAME]
        self.assertIn("滞销农产品申报表", sheet["A1"].value)
        self.assertIn(self.township_a.name, sheet["A1"].value)
        self.assertEqual([c.value for c in sheet[HEADER_ROW]], [label for _k, label in COLUMNS])
        # This campaign's declarations of the township, so the same sheet updates them.
        data = [c.value for c in sheet[HEADER_ROW + 1]]
        self.assertEqual(data[0], declaration.name)
        self.assertEqual(data[KEYS.index("product")], "Test Cabbage")
        self.assertEqual(data[KEYS.index("category")], "蔬菜")
        self.assertEqual(data[KEYS.index("uom")], "公斤")
        self.assertNotIn(other.name, [c.value for c in sheet["A"]])
        # Protected sheet: the key column locked, the others open.
        self.assertTrue(sheet.protection.sheet)
        self.assertTrue(sheet.cell(HEADER_ROW + 1, 1).protection.locked)
        self.assertFalse(sheet.cell(HEADER_ROW + 1, 3).protection.locked)
        lists = {
            str(v.sqref).split(":")[0]: v.formula1
            for v in sheet.data_validations.dataValidation
            if v.type == "list"
        }
        self.assertIn("蔬菜", lists["F4"])
        self.assertIn("斤", lists["H4"])
        self.assertIn(self._label("res.partner", "xs_seller_type", "cooperative"), lists["D4"])
        self.assertIn("销售经营主体", lists["C4"])
        sellers = [c.value for c in book["销售经营主体"]["A"]]
        self.assertIn(self.seller_a.name, sellers)
        self.assertNotIn(self.seller_b.name, sellers)
        self.assertTrue(book["填写说明"]["A3"].value.startswith("1."))

    def test_r20_township_gets_only_its_own_sheet(self):
        with self.assertRaises(AccessError):
            self._template(township=self.township_b)
        # County staff get any township's.
        self.assertTrue(self._template(user=self.user_county, township=self.township_b))

    def test_r4_template_over_http(self):
        # Through the URL the wizard links to, as the township user.
        self.authenticate("xs_township_a", "xs_township_a")
        url = (
            f"/xs_consumption/declaration_template?campaign_id={self.campaign.id}"
            f"&township_id={self.township_a.id}"
        )
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        other = self.url_open(url.replace(str(self.township_a.id), str(self.township_b.id)))
        self.assertEqual(other.status_code, 404)


@tagged("post_install", "-at_install")
class TestDeclarationImport(XsImportCommon):
    """R4: the filled sheet is checked row by row with the form's rules, previewed, and
    imported all or nothing; a second upload updates the same declarations."""

    def test_r4_import_then_reupload_updates(self):
        raw = self._fill(
            [
                self._row(),
                self._row(product=self.product_kiwi.name, category="水果", price_unit="６．５"),
            ]
        )
        wizard = self._wizard(raw)
        self.assertFalse(self._errors(wizard))
        self.assertEqual((wizard.count_create, wizard.count_update), (2, 0))
        self.assertFalse(
            self.env["xs.surplus.declaration"].search([("campaign_id", "=", self.campaign.id)]),
            "preview writes nothing",
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.error_ids.mapped("message"))
        declarations = self.env["xs.surplus.declaration"].search(
            [("campaign_id", "=", self.campaign.id)], order="id"
        )
        self.assertRecordValues(
            declarations,
            [
                {
                    "product_id": self.product_cabbage.id,
                    "seller_id": self.seller_a.id,
                    "township_id": self.township_a.id,
                    "origin": "import",
                    "state": "draft",
                    "quantity": 1000,
                    "contact_phone": "+86 138 0013 8000",
                    "poverty_household_count": 20,
                },
                {
                    "product_id": self.product_kiwi.id,
                    "seller_id": self.seller_a.id,
                    "township_id": self.township_a.id,
                    "origin": "import",
                    "state": "draft",
                    "quantity": 1000,
                    "contact_phone": "+86 138 0013 8000",
                    "poverty_household_count": 20,
                },
            ],
        )
        self.assertEqual(declarations[1].price_unit, 6.5)
        self.assertTrue(all(d.name.startswith("SB") for d in declarations))
        # The sheet stays on the campaign, with who imported it.
        message = self.campaign.message_ids[:1]
        self.assertEqual(message.author_id, self.user_township_a.partner_id)
        self.assertEqual(message.attachment_ids.name, "sheet.xlsx")
        self.assertEqual(base64.b64decode(message.attachment_ids.datas), raw)

        # The new template carries them; change one quantity and upload it again.
        def edit(book, sheet):
            for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
                if row[KEYS.index("product")].value == self.product_kiwi.name:
                    row[KEYS.index("quantity")].value = 777

        again = self._wizard(self._fill([], edit=edit))
        self.assertFalse(self._errors(again))
        self.assertEqual((again.count_create, again.count_update, again.count_unchanged), (0, 1, 1))
        again.action_import()
        after = self.env["xs.surplus.declaration"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(after, declarations, "re-upload updates, never duplicates")
        self.assertEqual(declarations[1].quantity, 777)
        self.assertEqual(declarations[0].quantity, 1000)

    def test_r4_every_bad_row_reported_nothing_written(self):
        self._create_declaration(product_id=self.product_kiwi.id)
        raw = self._fill(
            [
                self._row(quantity=0),
                self._row(product="Test Melon"),
                self._row(poverty_household_count=40, monitored_household_count=20),
                self._row(contact_phone="12345"),
                self._row(
                    date_available_from=self.today + relativedelta(days=200),
                    date_available_to=self.today + relativedelta(days=210),
                ),
                self._row(product=self.product_kiwi.name, uom="斤"),
                self._row(uom="桶"),
                self._row(quantity="一千"),
                self._row(seller="Nobody Cooperative"),
            ]
        )
        before = self._counts()
        wizard = self._wizard(raw)
        by_row = {}
        for row, column, message in self._errors(wizard):
            by_row.setdefault(row, []).append((column, message))
        first = HEADER_ROW + 2  # one pre-filled declaration above
        self.assertEqual(sorted(by_row), list(range(first, first + 9)), by_row)
        self.assertIn("G（滞销数量）", by_row[first][0][0])
        self.assertIn("quantity must be positive", " | ".join(m for _c, m in by_row[first]))
        self.assertIn(
            "no product is named Test Melon", " | ".join(m for _c, m in by_row[first + 1])
        )
        self.assertIn("more than the 50 households", " | ".join(m for _c, m in by_row[first + 2]))
        self.assertIn("M（联系电话）", [column for column, _m in by_row[first + 3]])
        self.assertIn(
            "must be available during the campaign", " | ".join(m for _c, m in by_row[first + 4])
        )
        self.assertIn("already declared Test Kiwi", " | ".join(m for _c, m in by_row[first + 5]))
        self.assertIn("unknown unit “桶”", " | ".join(m for _c, m in by_row[first + 6]))
        self.assertIn("“一千” is not a number", " | ".join(m for _c, m in by_row[first + 7]))
        self.assertIn(
            "no selling entity is named Nobody Cooperative",
            " | ".join(m for _c, m in by_row[first + 8]),
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(self._counts(), before)

    def test_r4_full_width_and_chinese_units(self):
        raw = self._fill(
            [self._row(quantity="１，５００", uom="斤", household_count="６０", price_unit="2.5元")]
        )
        wizard = self._wizard(raw)
        self.assertIn("“2.5元” is not a number", self._errors(wizard)[0][2])
        raw = self._fill([self._row(quantity="１，５００", uom="斤", household_count="６０")])
        wizard = self._wizard(raw)
        self.assertFalse(self._errors(wizard))
        wizard.action_import()
        declaration = wizard.declaration_ids
        self.assertEqual(declaration.quantity, 1500)
        self.assertEqual(declaration.uom_id, self.env.ref("xs_consumption.xs_uom_jin"))
        self.assertEqual(declaration.household_count, 60)
        jin = self.env.ref("xs_consumption.xs_uom_jin")
        self.assertAlmostEqual(
            jin._compute_quantity(1500, self.env.ref("uom.product_uom_kgm")), 750
        )

    def test_r4_new_sellers_and_products_only_when_asked(self):
        row = self._row(
            seller="New Valley Cooperative",
            seller_type=self._label("res.partner", "xs_seller_type", "cooperative"),
            product="Hill Tea",
            uom="箱",
        )
        raw = self._fill([row])
        wizard = self._wizard(raw)
        self.assertEqual(len(wizard.error_ids), 2)
        wizard = self._wizard(raw, create_missing=True)
        self.assertFalse(self._errors(wizard))
        self.assertEqual((wizard.count_new_sellers, wizard.count_new_products), (1, 1))
        wizard.action_import()
        declaration = wizard.declaration_ids
        self.assertRecordValues(
            declaration.seller_id,
            [
                {
                    "name": "New Valley Cooperative",
                    "xs_seller_type": "cooperative",
                    "xs_township_id": self.township_a.id,
                }
            ],
        )
        self.assertEqual(declaration.product_id.name, "Hill Tea")
        self.assertEqual(declaration.uom_id, self.env.ref("xs_consumption.xs_uom_box"))
        # A new seller needs its type.
        wizard = self._wizard(
            self._fill([self._row(seller="Another Farm", seller_type=None)]), create_missing=True
        )
        self.assertIn("give the type of the new selling entity", wizard.error_ids.message)

    def test_r20_township_imports_only_its_own(self):
        raw = self._fill([self._row(township=self.township_b.name)])
        wizard = self._wizard(raw)
        self.assertIn("this row is for Test Town B", wizard.error_ids.message)
        with self.assertRaises(AccessError):
            self._wizard(raw, township=self.township_b)
        # A sheet made for township A, uploaded for B by the county.
        wizard = self._wizard(raw, user=self.user_county, township=self.township_b)
        self.assertIn("This sheet was made for Test Town A", wizard.error_ids.message)

    def test_r4_locked_declarations_not_changed(self):
        declaration = self._create_declaration()
        declaration.action_submit()
        declaration.with_user(self.user_county).action_verify()

        def edit(book, sheet):
            sheet.cell(HEADER_ROW + 1, KEYS.index("quantity") + 1, 5)

        unchanged = self._wizard(self._fill([]))
        self.assertFalse(self._errors(unchanged))
        self.assertEqual(unchanged.count_unchanged, 1)
        wizard = self._wizard(self._fill([], edit=edit))
        self.assertIn("is verified and locked", wizard.error_ids.message)

    def test_r4_origin_is_recorded_not_rewritten(self):
        declaration = self._create_declaration()
        self.assertEqual(declaration.origin, "form")
        with self.assertRaises(AccessError):
            declaration.with_user(self.user_township_a).write({"origin": "portal"})
        with self.assertRaises(AccessError):
            self.env["xs.surplus.declaration"].with_user(self.user_township_a).create(
                self._declaration_vals(product_id=self.product_kiwi.id, origin="portal")
            )

    def test_r4_failure_at_write_time_leaves_nothing_and_names_the_row(self):
        """A rule that only fails when writing (here: the seller's own phone, stored before
        it was a seller and copied as the contact phone, is not a valid number) is caught
        in the import's savepoint: nothing stays written and the row is named."""
        old_contact = self.env["res.partner"].create(
            {"name": "Old Orchard", "is_company": True, "phone": "12345"}
        )
        old_contact.xs_seller_type = "family_farm"
        raw = self._fill(
            [
                self._row(),
                self._row(seller="Old Orchard", product=self.product_kiwi.name, contact_phone=None),
            ]
        )
        wizard = self._wizard(raw)
        self.assertFalse(wizard.error_ids, "the preview cannot see it")
        before = self._counts()
        wizard.action_import()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(self._counts(), before, "nothing written, not even the good row")
        self.assertEqual(wizard.error_ids.row, HEADER_ROW + 2)
        self.assertIn("12345 is not valid", wizard.error_ids.message)
