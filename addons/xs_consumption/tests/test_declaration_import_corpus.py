import base64
import logging
import time

from odoo.tests import tagged

from ..wizards.xs_declaration_import import HEADER_ROW, OLE2_MAGIC
from .test_declaration_import import KEYS, XsImportCommon

_logger = logging.getLogger(__name__)


def _encrypted_file():
    """What Excel writes for a password-protected workbook: the encrypted package inside
    an OLE2 compound file (not a zip). openpyxl cannot encrypt, so this is a minimal,
    honest stand-in: a compound-file header (signature, version 3, little-endian byte
    order, 512-byte sectors) and one empty sector; it is recognised by its signature,
    as Excel's own file is."""
    header = bytearray(512)
    header[0:8] = OLE2_MAGIC
    header[24:26] = (0x3E).to_bytes(2, "little")  # minor version
    header[26:28] = (0x03).to_bytes(2, "little")  # major version 3
    header[28:30] = (0xFFFE).to_bytes(2, "little")  # byte order mark
    header[30:32] = (9).to_bytes(2, "little")  # sector shift: 512 bytes
    header[32:34] = (6).to_bytes(2, "little")  # mini sector shift: 64 bytes
    return bytes(header) + bytes(512)


@tagged("post_install", "-at_install")
class TestDeclarationImportCorpus(XsImportCommon):
    """R4 bad input: damaged sheets built from the real template. Each gets a clear
    message and leaves the database as it was (declarations, partners, products and the
    campaign's chatter counted before and after the preview and the import)."""

    def _assert_refused(self, raw, *expected, filename="sheet.xlsx"):
        before = self._counts()
        wizard = self.Import.with_user(self.user_township_a).create(
            {
                "campaign_id": self.campaign.id,
                "township_id": self.township_a.id,
                "file": base64.b64encode(raw),
                "filename": filename,
            }
        )
        wizard.action_preview()
        messages = " | ".join(wizard.error_ids.mapped("message"))
        for text in expected:
            self.assertIn(text, messages)
        self.assertTrue(wizard.error_ids)
        wizard.action_import()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(self._counts(), before, "nothing written")
        return wizard

    def test_r4_corpus_headers(self):
        def rename(book, sheet):
            sheet.cell(HEADER_ROW, KEYS.index("quantity") + 1, "数量")

        self._assert_refused(
            self._fill([self._row()], edit=rename),
            "unknown column header “数量”",
            "column “滞销数量” is missing",
        )

        def drop(book, sheet):
            sheet.delete_cols(KEYS.index("price_unit") + 1)

        self._assert_refused(self._fill([self._row()], edit=drop), "column “单价（元）” is missing")

        def rename_sheet(book, sheet):
            sheet.title = "Sheet1"

        self._assert_refused(
            self._fill([self._row()], edit=rename_sheet), "no sheet named “申报表”"
        )

    def test_r4_corpus_reordered_headers_are_read_by_name(self):
        """Product owner's call: columns are found by their header, so a township that
        moved a column still imports (nothing else in the sheet depends on the order)."""

        def swap(book, sheet):
            a, b = KEYS.index("quantity") + 1, KEYS.index("price_unit") + 1
            for row in range(HEADER_ROW, sheet.max_row + 1):
                first, second = sheet.cell(row, a), sheet.cell(row, b)
                first.value, second.value = second.value, first.value

        wizard = self._wizard(self._fill([self._row(quantity=1200, price_unit=3)], edit=swap))
        self.assertFalse(wizard.error_ids)
        wizard.action_import()
        self.assertRecordValues(wizard.declaration_ids, [{"quantity": 1200, "price_unit": 3}])

    def test_r4_corpus_cells(self):
        first = HEADER_ROW + 1

        def merge(book, sheet):
            sheet.merge_cells(start_row=first, start_column=3, end_row=first + 1, end_column=3)

        self._assert_refused(
            self._fill([self._row(), self._row(product=self.product_kiwi.name)], edit=merge),
            "are merged",
        )
        wizard = self._assert_refused(
            self._fill(
                [
                    self._row(quantity="很多"),
                    self._row(product=self.product_kiwi.name, quantity="－５"),
                    self._row(product="Test Cabbage", seller=self.seller_b.name, price_unit=0),
                ]
            ),
            "“很多” is not a number",
            "“-5” cannot be negative",
            "the unit price must be positive",
        )
        self.assertEqual(wizard.error_ids.mapped("row"), [first, first + 1, first + 2])
        wizard = self._assert_refused(
            self._fill([self._row(quantity="=10*100")]), "formulas are not accepted"
        )
        self.assertEqual(wizard.error_ids.column, "G（滞销数量）")

    def test_r4_corpus_rows(self):
        first = HEADER_ROW + 1

        def gap(book, sheet):
            sheet.insert_rows(first + 1, amount=3)

        # Empty rows in the middle are skipped; the row numbers stay the sheet's.
        wizard = self._assert_refused(
            self._fill(
                [self._row(), self._row(product=self.product_kiwi.name, quantity=-1)], edit=gap
            ),
            "“-1” cannot be negative",
        )
        self.assertEqual(wizard.error_ids.row, first + 4)
        wizard = self._assert_refused(
            self._fill([self._row(), self._row()]), "the same selling entity and product are on row"
        )
        self.assertEqual(wizard.error_ids.row, first + 1)
        self._assert_refused(
            self._fill([self._row(township=self.township_b.name)]), "this row is for Test Town B"
        )
        self._assert_refused(
            self._fill([self._row(name="SB1999-9999")]), "no declaration has the reference"
        )

    def test_r4_corpus_files(self):
        self._assert_refused(b"", "The file is empty")
        self._assert_refused(b"name,quantity\ncabbage,100\n", "This is not an Excel workbook")
        self._assert_refused(b"PK\x03\x04 not really a zip", "cannot be read as an Excel workbook")
        self._assert_refused(_encrypted_file(), "password-protected")


@tagged("post_install", "-at_install")
class TestDeclarationImportPerformance(XsImportCommon):
    """R4: validation and import in batches: lookups prefetched, one create for all rows,
    so the query count does not grow with the number of rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bulk_sellers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Bulk Seller {i:03d}",
                    "is_company": True,
                    "xs_seller_type": "cooperative",
                    "xs_township_id": cls.township_a.id,
                }
                for i in range(100)
            ]
        )
        cls.bulk_products = cls.env["product.product"].create(
            [{"name": f"Bulk Product {i:03d}", "type": "consu"} for i in range(100)]
        )

    def _bulk_rows(self, count, offset=0):
        return [
            self._row(
                seller=self.bulk_sellers[(offset + i) // 100].name,
                product=self.bulk_products[(offset + i) % 100].name,
                uom="个",
                contact_phone=None,
            )
            for i in range(count)
        ]

    def _run(self, count, offset=0):
        raw = self._fill(self._bulk_rows(count, offset))
        self.env.flush_all()
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        start = time.time()
        wizard = self._wizard(raw)
        self.assertFalse(wizard.error_ids, wizard.error_ids[:3].mapped("message"))
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(len(wizard.declaration_ids), count)
        self.env.flush_all()
        return self.env.cr.sql_log_count - queries, time.time() - start

    def test_r4_query_count_independent_of_rows(self):
        small, small_time = self._run(100)
        large, large_time = self._run(1000, offset=100)
        _logger.info(
            "declaration import: 100 rows %s queries %.2fs; 1,000 rows %s queries %.2fs",
            small,
            small_time,
            large,
            large_time,
        )
        self.assertLessEqual(large, small + 5, "queries grow with the rows")

        # The same sheet again with a new price on every row: 1,100 updates.
        def reprice(book, sheet):
            for row in range(HEADER_ROW + 1, sheet.max_row + 1):
                sheet.cell(row, KEYS.index("price_unit") + 1, 2.8)

        raw = self._fill([], edit=reprice)
        self.env.flush_all()
        queries = self.env.cr.sql_log_count
        start = time.time()
        wizard = self._wizard(raw)
        self.assertEqual((wizard.count_create, wizard.count_update), (0, 1100))
        wizard.action_import()
        self.env.flush_all()
        _logger.info(
            "declaration import: 1,100 rows updated with %s queries in %.2fs",
            self.env.cr.sql_log_count - queries,
            time.time() - start,
        )
        self.assertEqual(set(wizard.declaration_ids.mapped("price_unit")), {2.8})

    def test_r4_10000_rows(self):
        """R4 bad input and speed: a 10,000-row sheet with one bad row at its end is
        refused in one pass (nothing written); once fixed, it imports."""
        rows = self._bulk_rows(10000)
        rows[-1]["quantity"] = 0
        raw = self._fill(rows)
        before = self._counts()
        start = time.time()
        wizard = self._wizard(raw)
        checked = time.time() - start
        self.assertEqual(len(wizard.error_ids), 1)
        self.assertEqual(wizard.error_ids.row, HEADER_ROW + 10000)
        self.assertIn("quantity must be positive", wizard.error_ids.message)
        wizard.action_import()
        self.assertEqual(self._counts(), before)
        queries, seconds = self._run(10000)
        _logger.info(
            "declaration import: 10,000 rows refused after %.1fs; imported with %s queries "
            "in %.1fs",
            checked,
            queries,
            seconds,
        )
