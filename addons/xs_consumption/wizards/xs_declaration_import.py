import base64
import io
import zipfile
from contextlib import closing

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import intake
from .sheet_checker import FORMULAS, SheetChecker

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
except ImportError:  # pragma: no cover - listed in external_dependencies
    openpyxl = None

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - listed in external_dependencies
    xlsxwriter = None

# The township's sheet (R4): its columns, in the template's order, with their Chinese
# headers. The headers are the county's form, the same whatever the user's language;
# columns are found by header, so a township may reorder them.
COLUMNS = [
    ("name", "申报编号"),
    ("township", "乡镇（街道）"),
    ("seller", "销售经营主体"),
    ("seller_type", "主体类型"),
    ("product", "农产品名称"),
    ("category", "品类"),
    ("quantity", "滞销数量"),
    ("uom", "计量单位"),
    ("price_unit", "单价（元）"),
    ("date_available_from", "可供货起始日期"),
    ("date_available_to", "可供货截止日期"),
    ("location", "供货地点"),
    ("contact_phone", "联系电话"),
    ("industry_coverage", "产业覆盖情况"),
    ("industry_scale", "产业规模"),
    ("household_count", "带动农户数"),
    ("poverty_household_count", "其中脱贫户数"),
    ("monitored_household_count", "其中监测对象户数"),
    ("note", "备注"),
]
HEADERS = dict(COLUMNS)
SHEET_NAME = "申报表"
SELLER_SHEET = "销售经营主体"
INSTRUCTION_SHEET = "填写说明"
META_SHEET = "_xs"
HEADER_ROW = 3  # 1-based: title, note, headers
MAX_ROWS = 20000
TEMPLATE_ROWS = 2000  # rows below the data that get drop-downs
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

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
    """Township Excel intake (R4): a template per campaign and township, and the upload of
    the filled sheet with a preview. Reading the sheet and matching names is this
    wizard's; the rules on the declarations are the model's (_xs_figure_errors, create,
    write), and nothing is written while one row is bad."""

    _name = "xs.declaration.import"
    _description = "Import Declarations from Excel"

    campaign_id = fields.Many2one(
        "xs.campaign",
        required=True,
        default=lambda self: self.env["xs.surplus.declaration"]._default_campaign_id(),
    )
    township_id = fields.Many2one(
        "xs.township",
        required=True,
        default=lambda self: self.env.user.xs_township_ids[:1],
        domain=lambda self: self._township_domain(),
    )
    template_url = fields.Char(compute="_compute_template_url", string="Template")
    template_link = fields.Html(compute="_compute_template_url")
    file = fields.Binary(string="Filled Sheet", attachment=False)
    filename = fields.Char()
    create_missing = fields.Boolean(
        string="Create Missing Sellers and Products",
        help="Register the selling entities and products the sheet names that do not exist "
        "yet; otherwise such rows are refused.",
    )
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Imported")],
        default="upload",
        required=True,
    )
    count_create = fields.Integer(string="Rows to Create", readonly=True)
    count_update = fields.Integer(string="Rows to Update", readonly=True)
    count_unchanged = fields.Integer(string="Unchanged Rows", readonly=True)
    count_new_sellers = fields.Integer(string="New Sellers", readonly=True)
    count_new_products = fields.Integer(string="New Products", readonly=True)
    error_ids = fields.One2many(
        "xs.declaration.import.error", "wizard_id", string="Errors", readonly=True
    )
    error_count = fields.Integer(compute="_compute_error_count")
    declaration_ids = fields.Many2many("xs.surplus.declaration", readonly=True)

    def _township_domain(self):
        if self.env.user.has_group("xs_consumption.xs_consumption_group_county_user"):
            return []
        return [("id", "in", self.env.user.xs_township_ids.ids)]

    @api.depends("campaign_id", "township_id")
    def _compute_template_url(self):
        for wizard in self:
            if not (wizard.campaign_id and wizard.township_id):
                wizard.template_url = wizard.template_link = False
                continue
            wizard.template_url = (
                f"/xs_consumption/declaration_template?campaign_id={wizard.campaign_id.id}"
                f"&township_id={wizard.township_id.id}"
            )
            wizard.template_link = Markup(
                '<a href="%s" class="o_xs_template_link"><i class="fa fa-download"/> %s</a>'
            ) % (wizard.template_url, _("Download the template (.xlsx)"))

    @api.depends("error_ids")
    def _compute_error_count(self):
        for wizard in self:
            wizard.error_count = len(wizard.error_ids)

    @api.onchange("file")
    def _onchange_file(self):
        # A new file is checked again before anything can be imported.
        self.state = "upload"
        self.error_ids = [fields.Command.clear()]

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    @api.model
    def _xs_check_township(self, campaign, township):
        """Township staff handle their own townships' sheets, county staff any."""
        campaign.check_access("read")
        user = self.env.user
        if not user.has_group("xs_consumption.xs_consumption_group_township_user"):
            raise AccessError(_("Only township and county staff handle declaration sheets."))
        if township not in user.xs_township_ids and not user.has_group(
            "xs_consumption.xs_consumption_group_county_user"
        ):
            raise AccessError(
                _(
                    "You work for %(mine)s, not for %(township)s: you can only handle your "
                    "own townships' declarations.",
                    mine="、".join(user.xs_township_ids.mapped("name")) or "-",
                    township=township.name,
                )
            )

    # ------------------------------------------------------------------
    # Template
    # ------------------------------------------------------------------

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
        categories = dict(self._xs_choice_labels("xs.surplus.declaration", "category"))
        seller_types = dict(self._xs_choice_labels("res.partner", "xs_seller_type"))
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

        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
        note = book.add_format({"font_color": "#666666", "text_wrap": True})
        header = book.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "locked": True}
        )
        key = book.add_format({"bg_color": "#EEEEEE", "locked": True, "border": 1})
        cell = book.add_format({"locked": False, "border": 1})
        number = book.add_format({"locked": False, "border": 1, "num_format": "#,##0.00"})
        integer = book.add_format({"locked": False, "border": 1, "num_format": "0"})
        day = book.add_format({"locked": False, "border": 1, "num_format": "yyyy-mm-dd"})
        formats = {
            "quantity": number,
            "price_unit": number,
            "household_count": integer,
            "poverty_household_count": integer,
            "monitored_household_count": integer,
            "date_available_from": day,
            "date_available_to": day,
        }

        sheet = book.add_worksheet(SHEET_NAME)
        last_col = len(COLUMNS) - 1
        sheet.merge_range(
            0, 0, 0, last_col, f"{campaign.name} · {township.name} 滞销农产品申报表", title
        )
        sheet.merge_range(
            1,
            0,
            1,
            last_col,
            "填写前请阅读“填写说明”工作表。灰色的“申报编号”列由系统生成，请勿修改；新增申报留空。",
            note,
        )
        sheet.set_row(2, 32)
        for col, (fname, label) in enumerate(COLUMNS):
            sheet.write(HEADER_ROW - 1, col, label, header)
            width = 22 if fname in ("seller", "product", "location", "industry_coverage") else 14
            sheet.set_column(col, col, width, key if fname == "name" else formats.get(fname, cell))
        first = HEADER_ROW  # 0-based first data row
        for offset, declaration in enumerate(declarations):
            row = first + offset
            values = {
                "name": declaration.name,
                "township": township.name,
                "seller": declaration.seller_id.name,
                "seller_type": seller_types.get(declaration.seller_id.xs_seller_type, ""),
                "product": declaration.product_id.name,
                "category": categories.get(declaration.category, ""),
                "quantity": declaration.quantity,
                "uom": unit_label.get(declaration.uom_id.id)
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
            for col, (fname, _label) in enumerate(COLUMNS):
                fmt = key if fname == "name" else formats.get(fname, cell)
                value = values[fname]
                if fname.startswith("date_"):
                    sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), fmt)
                else:
                    sheet.write(row, col, value, fmt)
        end = first + max(len(declarations), 0) + TEMPLATE_ROWS
        col_of = {fname: i for i, (fname, _label) in enumerate(COLUMNS)}

        def choose(fname, values, strict=True):
            sheet.data_validation(
                first,
                col_of[fname],
                end,
                col_of[fname],
                {
                    "validate": "list",
                    "source": values,
                    "show_error": strict,
                    "error_title": "请从列表中选择",
                    "error_message": "请从下拉列表中选择一项。",
                },
            )

        choose("category", list(categories.values()))
        choose("uom", intake.TEMPLATE_UNITS)
        choose("seller_type", list(seller_types.values()))
        if sellers:
            # New names stay allowed: the import registers them when asked to.
            choose("seller", f"='{SELLER_SHEET}'!$A$2:$A${len(sellers) + 1}", strict=False)
        for fname in ("quantity", "price_unit"):
            sheet.data_validation(
                first,
                col_of[fname],
                end,
                col_of[fname],
                {
                    "validate": "decimal",
                    "criteria": ">",
                    "value": 0,
                    "error_title": "须为正数",
                    "error_message": "请填写大于零的数字。",
                },
            )
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

        seller_sheet = book.add_worksheet(SELLER_SHEET)
        for col, label in enumerate(["名称", "主体类型", "联系电话"]):
            seller_sheet.write(0, col, label, header)
        for row, seller in enumerate(sellers, start=1):
            seller_sheet.write(row, 0, seller.name)
            seller_sheet.write(row, 1, seller_types.get(seller.xs_seller_type, ""))
            seller_sheet.write(row, 2, seller.mobile or seller.phone or "")
        seller_sheet.set_column(0, 0, 30)
        seller_sheet.set_column(1, 2, 16)

        help_sheet = book.add_worksheet(INSTRUCTION_SHEET)
        help_sheet.set_column(0, 0, 110)
        help_sheet.write(
            0, 0, f"{campaign.name} · {township.name} 滞销农产品申报表 填写说明", title
        )
        for row, line in enumerate(INSTRUCTIONS, start=2):
            help_sheet.write(row, 0, line, note)

        meta = book.add_worksheet(META_SHEET)
        meta.write_row(0, 0, ["campaign", campaign.id])
        meta.write_row(1, 0, ["township", township.id])
        meta.hide()
        sheet.activate()
        book.close()
        return output.getvalue()

    # ------------------------------------------------------------------
    # Reading the sheet
    # ------------------------------------------------------------------

    def _xs_read_sheet(self, raw):
        """(rows, errors): rows as (row number, {column key: cell value}, {column key:
        letter}); errors as (row, column, message) for anything that keeps the sheet from
        being read."""
        book, errors = self._xs_open_book(raw)
        if errors:
            return [], errors
        if SHEET_NAME not in book.sheetnames:
            return [], [
                (
                    0,
                    "",
                    _(
                        "The workbook has no sheet named “%(sheet)s”. Use the template "
                        "downloaded from this form.",
                        sheet=SHEET_NAME,
                    ),
                )
            ]
        errors = self._xs_check_made_for(book)
        if errors:
            return [], errors
        sheet = book[SHEET_NAME]
        columns, errors = self._xs_header_columns(sheet)
        if errors:
            return [], errors
        errors = self._xs_check_layout(sheet)
        if errors:
            return [], errors
        return self._xs_sheet_rows(sheet, columns)

    def _xs_open_book(self, raw):
        """The workbook in ``raw``, or why it cannot be read: (book, errors)."""
        if not raw:
            return None, [(0, "", _("The file is empty. Fill in the template and upload it."))]
        if raw.startswith(OLE2_MAGIC):
            return None, [
                (
                    0,
                    "",
                    _(
                        "This file is password-protected (encrypted) or saved in the old .xls "
                        "format. Remove the password and save it as an Excel workbook (.xlsx)."
                    ),
                )
            ]
        if not raw.startswith(b"PK"):
            return None, [
                (
                    0,
                    "",
                    _(
                        "This is not an Excel workbook (.xlsx). Download the template, fill it "
                        "in and upload it as it is."
                    ),
                )
            ]
        try:
            return openpyxl.load_workbook(io.BytesIO(raw), data_only=False), []
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as e:
            return None, [
                (
                    0,
                    "",
                    _(
                        "The file cannot be read as an Excel workbook (%(error)s). Download "
                        "the template again and fill it in.",
                        error=type(e).__name__,
                    ),
                )
            ]

    def _xs_check_made_for(self, book):
        """A sheet made for another township or campaign is refused as a whole."""
        errors = []
        if META_SHEET in book.sheetnames:
            meta = book[META_SHEET]
            # As text: a spreadsheet program may write the ids back as 12.0 or "12".
            made_for = (intake.clean_text(meta["B1"].value), intake.clean_text(meta["B2"].value))
            if made_for != (str(self.campaign_id.id), str(self.township_id.id)):
                ids = [int(i) if i and i.isascii() and i.isdigit() else 0 for i in made_for]
                campaign = self.env["xs.campaign"].sudo().browse(ids[0]).exists()
                township = self.env["xs.township"].sudo().browse(ids[1]).exists()
                # sudo: only the names of the campaign and township the sheet names.
                errors.append(
                    (
                        0,
                        "",
                        _(
                            "This sheet was made for %(township)s in %(campaign)s, not for "
                            "%(mine)s in %(my_campaign)s. Upload it from that township's form "
                            "or download this township's template.",
                            township=township.name or "?",
                            campaign=campaign.name or "?",
                            mine=self.township_id.name,
                            my_campaign=self.campaign_id.name,
                        ),
                    )
                )
        return errors

    def _xs_header_columns(self, sheet):
        """({column index: column key}, errors): columns found by their header."""
        errors = []
        by_header = {intake.clean_text(label): fname for fname, label in COLUMNS}
        columns = {}
        for cell in sheet[HEADER_ROW]:
            text = intake.clean_text(cell.value)
            if text is None:
                continue
            fname = by_header.get(text)
            letter = cell.column_letter
            if not fname:
                errors.append(
                    (
                        HEADER_ROW,
                        letter,
                        _(
                            "unknown column header “%(header)s”. Keep the template's headers "
                            "unchanged.",
                            header=text,
                        ),
                    )
                )
            elif fname in columns.values():
                errors.append(
                    (HEADER_ROW, letter, _("column “%(header)s” appears twice.", header=text))
                )
            else:
                columns[cell.column] = fname
        for fname, label in COLUMNS:
            if fname not in columns.values():
                errors.append(
                    (
                        HEADER_ROW,
                        "",
                        _(
                            "column “%(header)s” is missing. Keep every column of the "
                            "template, in row %(row)s.",
                            header=label,
                            row=HEADER_ROW,
                        ),
                    )
                )
        return columns, errors

    def _xs_check_layout(self, sheet):
        """Merged cells and oversized sheets are refused before any row is read."""
        errors = []
        for merged in sheet.merged_cells.ranges:
            if merged.max_row > HEADER_ROW:
                errors.append(
                    (
                        merged.min_row,
                        get_column_letter(merged.min_col),
                        _(
                            "cells %(range)s are merged: unmerge them and give each row its "
                            "own value.",
                            range=merged.coord,
                        ),
                    )
                )
        if sheet.max_row - HEADER_ROW > MAX_ROWS:
            errors.append(
                (
                    0,
                    "",
                    _(
                        "The sheet has %(count)s rows; at most %(max)s can be imported at once. "
                        "Split it.",
                        count=sheet.max_row - HEADER_ROW,
                        max=MAX_ROWS,
                    ),
                )
            )
        return errors

    def _xs_sheet_rows(self, sheet, columns):
        rows, errors = [], []
        letters = {fname: get_column_letter(col) for col, fname in columns.items()}
        for cells in sheet.iter_rows(min_row=HEADER_ROW + 1):
            values = {}
            for cell in cells:
                fname = columns.get(cell.column)
                if not fname or cell.value is None:
                    continue
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith("=")
                ):
                    errors.append(
                        (
                            cell.row,
                            self._xs_column_label(cell.column_letter, fname),
                            _(
                                "formulas are not accepted: copy the cells and paste them "
                                "as values."
                            ),
                        )
                    )
                    values.setdefault(FORMULAS, set()).add(fname)
                    continue
                if isinstance(cell.value, str) and not cell.value.strip():
                    continue
                values[fname] = cell.value
            if values:
                rows.append((cells[0].row, values, letters))
        return rows, errors

    @api.model
    def _xs_column_label(self, letter, fname):
        return f"{letter}（{HEADERS.get(fname, fname)}）"

    # ------------------------------------------------------------------
    # Checking the rows
    # ------------------------------------------------------------------

    def _xs_prepare(self, raw):
        """Read and check the sheet without writing anything. Returns a dict with the
        rows to create and update, the sellers and products to register and the errors
        as (row, column, message)."""
        self.ensure_one()
        campaign, township = self.campaign_id, self.township_id
        self._xs_check_township(campaign, township)
        rows, errors = self._xs_read_sheet(raw)
        plan = {
            "create": [],
            "update": [],
            "unchanged": 0,
            "new_sellers": {},
            "new_products": {},
            "errors": errors,
        }
        if not campaign.preparation_open:
            errors.append(
                (
                    0,
                    "",
                    _(
                        "The preparation phase of %(campaign)s is not open: surplus can be "
                        "declared only while it is. Ask the county to reopen it.",
                        campaign=campaign.name,
                    ),
                )
            )
        if not rows:
            if not errors:
                errors.append((0, "", _("The sheet has no declaration rows.")))
            return plan
        checker = SheetChecker(self, rows, plan)
        for row, values, letters in rows:
            checker.check(row, values, letters)
        return plan

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _xs_raw(self):
        if not self.file and not self.filename:
            raise UserError(_("Choose the filled sheet to upload."))
        # An empty file uploads as no content: _xs_read_sheet says so.
        return base64.b64decode(self.file or b"")

    def _xs_show_plan(self, plan):
        errors = sorted(plan["errors"], key=lambda e: (e[0], e[1]))
        self.write(
            {
                "state": "preview",
                "count_create": len(plan["create"]),
                "count_update": len(plan["update"]),
                "count_unchanged": plan["unchanged"],
                "count_new_sellers": len(plan["new_sellers"]),
                "count_new_products": len(plan["new_products"]),
                "error_ids": [fields.Command.clear()]
                + [
                    fields.Command.create({"row": row, "column": column, "message": message})
                    for row, column, message in errors
                ],
            }
        )

    def _xs_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Import Declarations from Excel"),
        }

    def action_preview(self):
        """Check the sheet and show what would be created and updated, and every bad row."""
        self.ensure_one()
        self._xs_show_plan(self._xs_prepare(self._xs_raw()))
        return self._xs_reopen()

    def action_import(self):
        """Write the sheet, all or nothing: checked again first; then one savepoint, so a
        rule that fails at write time leaves nothing either and names its row."""
        self.ensure_one()
        raw = self._xs_raw()
        plan = self._xs_prepare(raw)
        if plan["errors"]:
            self._xs_show_plan(plan)
            return self._xs_reopen()
        try:
            with self.env.cr.savepoint():
                declarations = self._xs_write(plan)
        except (UserError, ValidationError) as e:
            plan["errors"] = self._xs_find_failing_rows(plan) or [(0, "", e.args[0])]
            self._xs_show_plan(plan)
            return self._xs_reopen()
        self._xs_log(raw, plan)
        self.write({"state": "done", "declaration_ids": [fields.Command.set(declarations.ids)]})
        return self._xs_reopen()

    def _xs_write(self, plan):
        env = self.env
        Declaration = env["xs.surplus.declaration"]
        township = self.township_id
        new_sellers = {}
        if plan["new_sellers"]:
            created = env["res.partner"].create(
                [
                    {
                        "name": name,
                        "is_company": True,
                        "xs_seller_type": info["xs_seller_type"],
                        "xs_township_id": township.id,
                    }
                    for name, info in plan["new_sellers"].items()
                ]
            )
            new_sellers = dict(zip(plan["new_sellers"], created.ids, strict=True))
        new_products = {}
        if plan["new_products"]:
            # sudo: township staff are not product managers; a new product gets its name,
            # its unit and the consumable type only, and the county verifies the
            # declaration that names it.
            created = (
                env["product.product"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "type": "consu",
                            "uom_id": info["uom"].id,
                            "uom_po_id": info["uom"].id,
                        }
                        for name, info in plan["new_products"].items()
                    ]
                )
            )
            new_products = dict(zip(plan["new_products"], created.ids, strict=True))
        # Every value the declaration's defaults would look up per row is given here
        # (campaign, township, dates); the remaining defaults cost no query.
        vals_list = []
        for _row, vals in plan["create"]:
            vals = dict(
                vals,
                campaign_id=self.campaign_id.id,
                township_id=township.id,
                origin="import",
                seller_id=new_sellers.get(vals["seller_id"], vals["seller_id"]),
                product_id=new_products.get(vals["product_id"], vals["product_id"]),
            )
            if not vals.get("uom_id"):
                vals.pop("uom_id", None)
            vals_list.append(vals)
        declarations = Declaration
        if vals_list:
            # The defaults of the fields the sheet does not fill (tax...), computed once and
            # passed as context defaults: one lookup for the batch, not one per row.
            missing = [
                fname
                for fname, field in Declaration._fields.items()
                if field.default and field.store and fname not in vals_list[0]
            ]
            defaults = {
                f"default_{fname}": value
                for fname, value in Declaration.default_get(missing).items()
                if fname not in ("name", "state", "origin")
            }
            declarations = Declaration.with_context(**defaults).create(vals_list).with_env(env)
        # Rows changed the same way (a new date range, a price...) are written together.
        same_changes = {}
        for _row, declaration, changes in plan["update"]:
            changes = dict(changes)
            for fname, created in (("seller_id", new_sellers), ("product_id", new_products)):
                if fname in changes:
                    changes[fname] = created.get(changes[fname], changes[fname])
            key = tuple(sorted(changes.items()))
            same_changes[key] = same_changes.get(key, Declaration) | declaration.with_env(env)
        for key, records in same_changes.items():
            records.write(dict(key))
            declarations |= records
        env.flush_all()
        return declarations

    def _xs_find_failing_rows(self, plan):
        """After a failed write: the rows that fail on their own, each in a savepoint
        rolled back at the end, so that nothing stays written."""
        errors = []
        with closing(self.env.cr.savepoint()):
            for row, vals in plan["create"]:
                try:
                    with self.env.cr.savepoint():
                        self._xs_write(dict(plan, create=[(row, vals)], update=[]))
                except (UserError, ValidationError) as e:
                    errors.append((row, "", e.args[0]))
            for row, declaration, changes in plan["update"]:
                try:
                    with self.env.cr.savepoint():
                        self._xs_write(
                            dict(plan, create=[], update=[(row, declaration, dict(changes))])
                        )
                except (UserError, ValidationError) as e:
                    errors.append((row, "", e.args[0]))
        return errors

    def _xs_log(self, raw, plan):
        """The uploaded sheet stays on the campaign, with who imported it and what."""
        body = _(
            "%(user)s imported %(file)s for %(township)s: %(created)s declarations created, "
            "%(updated)s updated, %(unchanged)s unchanged.",
            user=self.env.user.name,
            file=self.filename or "sheet.xlsx",
            township=self.township_id.name,
            created=len(plan["create"]),
            updated=len(plan["update"]),
            unchanged=plan["unchanged"],
        )
        # sudo: township staff read campaigns without writing them; the note is authored by
        # the importing user and only records what was imported.
        self.campaign_id.sudo().message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            attachments=[(self.filename or "sheet.xlsx", raw)],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def action_view_declarations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "xs_consumption.xs_surplus_declaration_action"
        )
        action["domain"] = [("id", "in", self.declaration_ids.ids)]
        return action

    def action_back(self):
        self.ensure_one()
        self.write({"state": "upload", "error_ids": [fields.Command.clear()], "file": False})
        return self._xs_reopen()
