import io
from datetime import datetime

import openpyxl
import xlsxwriter

from odoo.tests import tagged

from ..wizards.xs_declaration_import import HEADER_ROW, META_SHEET, SHEET_NAME
from .test_declaration_import import KEYS, XsImportCommon


def _col(key):
    return KEYS.index(key) + 1


@tagged("post_install", "-at_install")
class TestDeclarationReupload(XsImportCommon):
    """R4: a township downloads its sheet, a spreadsheet program (Excel, WPS, LibreOffice)
    saves it again and it is uploaded unchanged: nothing changes and nothing is refused,
    even once the county verified its declarations, whatever cell types the program
    wrote back. Only a real change to a verified figure is refused, naming its row and
    column."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As in the demo: the seller has a phone, its declarations none of their own.
        cls.seller_a.mobile = "13823014501"
        cls.verified = cls._create_declaration(
            quantity=50000,
            price_unit=2.4,
            location="洪安镇（边城村）蔬菜基地，东侧",
            industry_coverage="覆盖3个村：边城、洪安、平凯",
            industry_scale="1200亩",
            household_count=120,
            poverty_household_count=46,
            monitored_household_count=8,
            note="每户约200斤；\n分批供货",
        )
        cls.verified.action_submit()
        cls.verified.with_user(cls.user_county).action_verify()
        cls.draft = cls._create_declaration(
            product_id=cls.product_kiwi.id,
            category="fruit",
            quantity=1234.5,
            price_unit=6.55,
            contact_phone="023-76621234",
        )
        cls.first = HEADER_ROW + 1  # the verified declaration's row (sorted by reference)

    def _saved(self, edit=None, template=None):
        """The template opened and saved again with openpyxl, ``edit(book, sheet)`` first."""
        book = openpyxl.load_workbook(io.BytesIO(template or self._template()))
        if edit:
            edit(book, book[SHEET_NAME])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def _assert_unchanged(self, raw):
        before = self._counts()
        snapshot = (self.verified | self.draft).read(
            ["quantity", "price_unit", "contact_phone", "location", "note", "write_date"]
        )
        wizard = self._wizard(raw)
        self.assertFalse(self._errors(wizard))
        self.assertEqual(
            (wizard.count_create, wizard.count_update, wizard.count_unchanged), (0, 0, 2)
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done", self._errors(wizard))
        (self.verified | self.draft).invalidate_recordset()
        self.assertEqual(
            (self.verified | self.draft).read(
                ["quantity", "price_unit", "contact_phone", "location", "note", "write_date"]
            ),
            snapshot,
        )
        self.assertEqual(self._counts()[:3], before[:3])

    def test_r4_template_as_downloaded_and_as_saved_again(self):
        self.assertEqual(self.verified.state, "verified")
        self._assert_unchanged(self._template())
        self._assert_unchanged(self._saved())

    def test_r4_cell_types_written_back_are_unchanged(self):
        """What spreadsheet programs write back for the same figures: numbers as text,
        floats for integers, dates as text, as text with a time, as serial numbers without
        their format, the phone as a number, spaces around text, empty strings, a
        percentage format, float noise, the sheet's own ids as text."""

        def retype(book, sheet):
            verified, draft = self.first, self.first + 1
            values = {
                (verified, "quantity"): "50,000",
                (verified, "price_unit"): 2.4000000000000004,
                (verified, "household_count"): 120.0,
                (verified, "poverty_household_count"): "46",
                (verified, "monitored_household_count"): "８",
                (verified, "date_available_from"): str(self.verified.date_available_from),
                (verified, "date_available_to"): (
                    f"{self.verified.date_available_to:%Y/%m/%d} 00:00:00"
                ),
                (verified, "contact_phone"): "",
                (verified, "location"): "  洪安镇（边城村）蔬菜基地，东侧  ",
                (verified, "note"): "每户约200斤；\r\n分批供货 ",
                (verified, "category"): " 蔬菜 ",
                (verified, "uom"): "公斤 ",
                (draft, "quantity"): "1234.50",
                (draft, "price_unit"): 6.549999999999999,
                (draft, "contact_phone"): 2376621234,
                (draft, "household_count"): "50.0",
            }
            for (row, key), value in values.items():
                sheet.cell(row, _col(key)).value = value
            # A date as an Excel serial number whose date format was dropped.
            start = sheet.cell(draft, _col("date_available_from"))
            start.value = (
                datetime.combine(self.draft.date_available_from, datetime.min.time())
                - datetime(1899, 12, 30)
            ).days
            start.number_format = "General"
            sheet.cell(draft, _col("price_unit")).number_format = "0.00%"
            book[META_SHEET]["B1"].value = str(self.campaign.id)
            book[META_SHEET]["B2"].value = float(self.township_a.id)

        self._assert_unchanged(self._saved(retype))

    def test_r4_sheet_rewritten_by_another_program(self):
        """A program that writes the workbook anew (as WPS or LibreOffice do): every
        cell's value kept, its formats, protection and validations lost, dates as the
        text the program shows."""
        source = openpyxl.load_workbook(io.BytesIO(self._template()))
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        for ws in source.worksheets:
            sheet = book.add_worksheet(ws.title)
            for row in ws.iter_rows():
                for cell in row:
                    value = cell.value
                    if isinstance(value, datetime):
                        sheet.write_string(cell.row - 1, cell.column - 1, f"{value:%Y-%m-%d}")
                    elif value is not None:
                        sheet.write(cell.row - 1, cell.column - 1, value)
        book.close()
        self._assert_unchanged(out.getvalue())

    def test_r4_real_change_to_a_verified_figure_refused_naming_row_and_column(self):
        def edit(book, sheet):
            sheet.cell(self.first, _col("quantity")).value = 60000
            sheet.cell(self.first, _col("location")).value = "另一个基地"
            sheet.cell(self.first + 1, _col("quantity")).value = 2000  # the draft may change

        before = self._counts()
        wizard = self._wizard(self._saved(edit))
        self.assertEqual(
            self._errors(wizard),
            [
                (
                    self.first,
                    "G（滞销数量）",
                    (
                        f"{self.verified.name} is verified and locked: it has 50,000 here, "
                        "the sheet 60,000. Its figures change only after the county sends it "
                        "back."
                    ),
                ),
                (
                    self.first,
                    "L（供货地点）",
                    (
                        f"{self.verified.name} is verified and locked: it has 洪安镇（边城村）"
                        "蔬菜基地，东侧 here, the sheet 另一个基地. Its figures change only "
                        "after the county sends it back."
                    ),
                ),
            ],
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(self._counts(), before)
        self.assertEqual((self.verified.quantity, self.draft.quantity), (50000, 1234.5))

    def test_r4_note_of_a_verified_declaration_may_change(self):
        """The note is not a verified figure: it changes with the rest unchanged."""

        def edit(book, sheet):
            sheet.cell(self.first, _col("note")).value = "冷库已满，请尽快"

        wizard = self._wizard(self._saved(edit))
        self.assertFalse(self._errors(wizard))
        self.assertEqual((wizard.count_update, wizard.count_unchanged), (1, 1))
        wizard.action_import()
        self.assertEqual(self.verified.note, "冷库已满，请尽快")

    def test_r4_imported_verified_then_uploaded_again(self):
        """The township's own imported rows, verified, then the new template uploaded as
        it is; names with full-width brackets are found in the database as written."""
        self.product_kiwi.name = "猕猴桃（红心）"
        self.seller_b.write({"name": "平凯（街道）家庭农场", "xs_township_id": self.township_a.id})
        self.seller_b.mobile = "13900000000"
        raw = self._fill(
            [
                self._row(
                    seller=self.seller_b.name,
                    product=self.product_kiwi.name,
                    category="水果",
                    contact_phone=None,
                    location="边城村，二组",
                )
            ]
        )
        wizard = self._wizard(raw)
        self.assertFalse(self._errors(wizard))
        wizard.action_import()
        imported = wizard.declaration_ids
        self.assertRecordValues(
            imported,
            [{"location": "边城村，二组", "contact_phone": "+86 139 0000 0000"}],
        )
        imported.action_submit()
        imported.with_user(self.user_county).action_verify()
        template = self._template()
        before = self._counts()
        wizard = self._wizard(self._saved(template=template))
        self.assertFalse(self._errors(wizard))
        self.assertEqual((wizard.count_update, wizard.count_unchanged), (0, 3))
        self.assertEqual(self._counts(), before)

    def test_r4_empty_phone_of_a_new_row_is_the_sellers(self):
        """A new row without a phone takes its seller's; an existing declaration without
        one keeps none (above)."""
        kg = self.env.ref("uom.product_uom_kgm").id
        leek = self.env["product.product"].create(
            {"name": "Test Leek", "type": "consu", "uom_id": kg, "uom_po_id": kg}
        )
        wizard = self._wizard(self._fill([self._row(product=leek.name, contact_phone=None)]))
        self.assertFalse(self._errors(wizard))
        wizard.action_import()
        self.assertEqual(wizard.declaration_ids.contact_phone, "+86 138 2301 4501")
        self.assertFalse(self.verified.contact_phone)
