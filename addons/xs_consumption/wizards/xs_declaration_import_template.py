import io

from odoo import api, fields, models

from .. import intake
from .xs_declaration_import import COLUMNS, HEADER_ROW, META_SHEET, SHEET_NAME

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - listed in external_dependencies
    xlsxwriter = None

SELLER_SHEET = "销售经营主体"
INSTRUCTION_SHEET = "填写说明"
TEMPLATE_ROWS = 2000  # rows below the data that get drop-downs
WIDE_COLUMNS = ("seller", "product", "location", "industry_coverage")

INSTRUCTIONS = [
    "1. 本表由系统按集中行动和乡镇（街道）生成，填好后在系统“从Excel导入申报”中上传。",
    "2. 每行一条申报：一个销售经营主体的一种滞销农产品。",
    (
        "3. “申报编号”列由系统填写，已有申报请勿修改；新增申报留空，导入后自动编号。"
        "再次上传同一张表会更新这些申报，不会重复创建。"
    ),
    (
        "4. 销售经营主体、农产品按名称匹配系统中已有的记录；新的主体或产品需在导入时勾选"
        "“创建缺少的主体和产品”，新主体须填写“主体类型”。"
    ),
    "5. 品类、计量单位、主体类型请从下拉列表中选择。计量单位可用：公斤、斤、吨、头、只、箱、个。",
    "6. 数量、单价须大于零；日期写作 2026-11-30；带动农户数不少于脱贫户数与监测对象户数之和。",
    "7. 联系电话填写手机号（如 13800138000）或带区号的固定电话（如 023-76621234）。",
    "8. 请勿合并单元格、使用公式或加密文件；数字可用全角或半角。",
    "9. 任何一行有误，整张表都不会导入；系统会列出每个错误的行号、列和原因，改正后重新上传即可。",
]


class XsDeclarationImport(models.TransientModel):
    """The township's declaration sheet to fill (R4): the template the import reads."""

    _inherit = "xs.declaration.import"

    @api.model
    def _xs_choice_labels(self, model, fname):
        """Chinese labels of a selection (the sheet is the county's Chinese form)."""
        field = self.env[model]._fields[fname]
        return field._description_selection(self.with_context(lang="zh_CN").env)

    @api.model
    def _xs_template_content(self, campaign, township):
        """The declaration sheet of ``township`` for ``campaign`` (xlsx bytes): its sellers
        and this campaign's declarations pre-filled, drop-downs, the key column locked."""
        self._xs_check_township(campaign, township)
        declarations = self.env["xs.surplus.declaration"].search(
            [("campaign_id", "=", campaign.id), ("township_id", "=", township.id)],
            order="name",
        )
        sellers = self.env["res.partner"].search(
            [("xs_township_id", "=", township.id), ("xs_seller_type", "!=", False)],
            order="name",
        )
        labels = {
            "category": dict(self._xs_choice_labels("xs.surplus.declaration", "category")),
            "seller_type": dict(self._xs_choice_labels("res.partner", "xs_seller_type")),
            "uom": self._xs_template_unit_labels(),
        }
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = self._xs_template_formats(book)
        title = f"{campaign.name} · {township.name} 滞销农产品申报表"
        sheet = book.add_worksheet(SHEET_NAME)
        self._xs_template_headers(sheet, title, formats)
        for row, declaration in enumerate(declarations, start=HEADER_ROW):
            values = self._xs_template_values(declaration, labels)
            self._xs_template_write_row(sheet, row, values, formats)
        self._xs_template_validations(sheet, HEADER_ROW + len(declarations), labels, sellers)
        self._xs_template_protect(sheet)
        self._xs_template_seller_sheet(book, sellers, labels, formats)
        self._xs_template_help_sheet(book, title, formats)
        meta = book.add_worksheet(META_SHEET)
        meta.write_row(0, 0, ["campaign", campaign.id])
        meta.write_row(1, 0, ["township", township.id])
        meta.hide()
        sheet.activate()
        book.close()
        return output.getvalue()

    @api.model
    def _xs_template_unit_labels(self):
        """{unit id: the spelling the sheet writes it in}: the template's units' own
        spellings, then the first spelling of any other unit the intake reads."""
        uom_names = {
            uom_id: spelling
            for spelling, uom_id in (
                (s, self.env.ref(x, raise_if_not_found=False))
                for s, x in intake.UNIT_SPELLINGS.items()
            )
            if uom_id
        }
        # first spelling of each unit wins
        unit_label = {}
        for uom, spelling in reversed(list(uom_names.items())):
            unit_label[uom.id] = spelling
        for spelling in reversed(intake.TEMPLATE_UNITS):
            uom = self.env.ref(intake.UNIT_SPELLINGS[spelling], raise_if_not_found=False)
            if uom:
                unit_label[uom.id] = spelling
        return unit_label

    @api.model
    def _xs_template_formats(self, book):
        """The sheet's formats: title, note, header, plain cell, and under ``columns``
        those of the columns written otherwise (the locked key, numbers, dates)."""
        formats = {
            "title": book.add_format({"bold": True, "font_size": 14, "align": "center"}),
            "note": book.add_format({"font_color": "#666666", "text_wrap": True}),
            "header": book.add_format(
                {
                    "bold": True,
                    "bg_color": "#D9E1F2",
                    "border": 1,
                    "text_wrap": True,
                    "locked": True,
                }
            ),
        }
        key = book.add_format({"bg_color": "#EEEEEE", "locked": True, "border": 1})
        formats["cell"] = book.add_format({"locked": False, "border": 1})
        number = book.add_format({"locked": False, "border": 1, "num_format": "#,##0.00"})
        integer = book.add_format({"locked": False, "border": 1, "num_format": "0"})
        day = book.add_format({"locked": False, "border": 1, "num_format": "yyyy-mm-dd"})
        formats["columns"] = {
            "name": key,
            "quantity": number,
            "price_unit": number,
            "household_count": integer,
            "poverty_household_count": integer,
            "monitored_household_count": integer,
            "date_available_from": day,
            "date_available_to": day,
        }
        return formats

    @staticmethod
    def _xs_template_column_format(formats, fname):
        return formats["columns"].get(fname, formats["cell"])

    @api.model
    def _xs_template_headers(self, sheet, title, formats):
        """Title, the note on the key column, the column headers and widths."""
        last_col = len(COLUMNS) - 1
        sheet.merge_range(0, 0, 0, last_col, title, formats["title"])
        sheet.merge_range(
            1,
            0,
            1,
            last_col,
            "填写前请阅读“填写说明”工作表。灰色的“申报编号”列由系统生成，请勿修改；新增申报留空。",
            formats["note"],
        )
        sheet.set_row(2, 32)
        for col, (fname, label) in enumerate(COLUMNS):
            sheet.write(HEADER_ROW - 1, col, label, formats["header"])
            width = 22 if fname in WIDE_COLUMNS else 14
            sheet.set_column(col, col, width, self._xs_template_column_format(formats, fname))

    @api.model
    def _xs_template_values(self, declaration, labels):
        """{column key: value} of a declaration's row, choices in their Chinese labels."""
        return {
            "name": declaration.name,
            "township": declaration.township_id.name,
            "seller": declaration.seller_id.name,
            "seller_type": labels["seller_type"].get(declaration.seller_id.xs_seller_type, ""),
            "product": declaration.product_id.name,
            "category": labels["category"].get(declaration.category, ""),
            "quantity": declaration.quantity,
            "uom": labels["uom"].get(declaration.uom_id.id)
            or declaration.uom_id.with_context(lang="zh_CN").name,
            "price_unit": declaration.price_unit,
            "date_available_from": declaration.date_available_from,
            "date_available_to": declaration.date_available_to,
            "location": declaration.location or "",
            "contact_phone": declaration.contact_phone or "",
            "industry_coverage": declaration.industry_coverage or "",
            "industry_scale": declaration.industry_scale or "",
            "household_count": declaration.household_count,
            "poverty_household_count": declaration.poverty_household_count,
            "monitored_household_count": declaration.monitored_household_count,
            "note": declaration.note or "",
        }

    @api.model
    def _xs_template_write_row(self, sheet, row, values, formats):
        for col, (fname, _label) in enumerate(COLUMNS):
            fmt = self._xs_template_column_format(formats, fname)
            value = values[fname]
            if fname.startswith("date_"):
                sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), fmt)
            else:
                sheet.write(row, col, value, fmt)

    @api.model
    def _xs_template_validations(self, sheet, filled_end, labels, sellers):
        """Drop-downs of the choices and positive numbers, down to ``TEMPLATE_ROWS`` below
        the rows filled (``filled_end``: the first row after them)."""
        end = filled_end + TEMPLATE_ROWS
        col_of = {fname: i for i, (fname, _label) in enumerate(COLUMNS)}

        def validate(fname, rule):
            sheet.data_validation(HEADER_ROW, col_of[fname], end, col_of[fname], rule)

        def choose(fname, values, strict=True):
            validate(
                fname,
                {
                    "validate": "list",
                    "source": values,
                    "show_error": strict,
                    "error_title": "请从列表中选择",
                    "error_message": "请从下拉列表中选择一项。",
                },
            )

        choose("category", list(labels["category"].values()))
        choose("uom", intake.TEMPLATE_UNITS)
        choose("seller_type", list(labels["seller_type"].values()))
        if sellers:
            # New names stay allowed: the import registers them when asked to.
            choose("seller", f"='{SELLER_SHEET}'!$A$2:$A${len(sellers) + 1}", strict=False)
        for fname in ("quantity", "price_unit"):
            validate(
                fname,
                {
                    "validate": "decimal",
                    "criteria": ">",
                    "value": 0,
                    "error_title": "须为正数",
                    "error_message": "请填写大于零的数字。",
                },
            )

    @api.model
    def _xs_template_protect(self, sheet):
        """Headers frozen; the key column locked, rows still added, removed and sorted."""
        sheet.freeze_panes(HEADER_ROW, 0)
        sheet.protect(
            "",
            {
                "insert_rows": True,
                "delete_rows": True,
                "format_columns": True,
                "format_rows": True,
                "sort": True,
                "autofilter": True,
            },
        )

    @api.model
    def _xs_template_seller_sheet(self, book, sellers, labels, formats):
        """The township's selling entities, the seller column's drop-down."""
        seller_sheet = book.add_worksheet(SELLER_SHEET)
        for col, label in enumerate(["名称", "主体类型", "联系电话"]):
            seller_sheet.write(0, col, label, formats["header"])
        for row, seller in enumerate(sellers, start=1):
            seller_sheet.write(row, 0, seller.name)
            seller_sheet.write(row, 1, labels["seller_type"].get(seller.xs_seller_type, ""))
            seller_sheet.write(row, 2, seller.mobile or seller.phone or "")
        seller_sheet.set_column(0, 0, 30)
        seller_sheet.set_column(1, 2, 16)

    @api.model
    def _xs_template_help_sheet(self, book, title, formats):
        help_sheet = book.add_worksheet(INSTRUCTION_SHEET)
        help_sheet.set_column(0, 0, 110)
        help_sheet.write(0, 0, f"{title} 填写说明", formats["title"])
        for row, line in enumerate(INSTRUCTIONS, start=2):
            help_sheet.write(row, 0, line, formats["note"])
