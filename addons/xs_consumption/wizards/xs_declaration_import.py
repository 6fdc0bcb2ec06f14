import base64
import io
import zipfile
from contextlib import closing

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import intake
from ..tools import xs_open_action
from .sheet_checker import FORMULAS, SheetChecker

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
except ImportError:  # pragma: no cover - listed in external_dependencies
    openpyxl = None

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
META_SHEET = "_xs"
HEADER_ROW = 3  # 1-based: title, note, headers
MAX_ROWS = 20000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
                campaign_sudo = self.env["xs.campaign"].sudo().browse(ids[0]).exists()
                township_sudo = self.env["xs.township"].sudo().browse(ids[1]).exists()
                # sudo: only the names of the campaign and township the sheet names.
                errors.append(
                    (
                        0,
                        "",
                        _(
                            "This sheet was made for %(township)s in %(campaign)s, not for "
                            "%(mine)s in %(my_campaign)s. Upload it from that township's form "
                            "or download this township's template.",
                            township=township_sudo.name or "?",
                            campaign=campaign_sudo.name or "?",
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
        """Write the plan: the new sellers and products first, then the declarations
        created and those updated; the declarations written."""
        new_sellers = self._xs_create_sellers(plan["new_sellers"])
        new_products = self._xs_create_products(plan["new_products"])
        declarations = self._xs_create_declarations(plan["create"], new_sellers, new_products)
        declarations |= self._xs_update_declarations(plan["update"], new_sellers, new_products)
        self.env.flush_all()
        return declarations

    def _xs_create_sellers(self, new_sellers):
        """Register the township's new selling entities; {name in the sheet: id}."""
        if not new_sellers:
            return {}
        created = self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "xs_seller_type": info["xs_seller_type"],
                    "xs_township_id": self.township_id.id,
                }
                for name, info in new_sellers.items()
            ]
        )
        return dict(zip(new_sellers, created.ids, strict=True))

    def _xs_create_products(self, new_products):
        """Register the new produce; {name in the sheet: id}."""
        if not new_products:
            return {}
        # sudo: township staff are not product managers; a new product gets its name,
        # its unit and the consumable type only, and the county verifies the
        # declaration that names it.
        products_sudo = (
            self.env["product.product"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "type": "consu",
                        "uom_id": info["uom"].id,
                        "uom_po_id": info["uom"].id,
                    }
                    for name, info in new_products.items()
                ]
            )
        )
        return dict(zip(new_products, products_sudo.ids, strict=True))

    def _xs_create_declarations(self, rows, new_sellers, new_products):
        """Create the declarations of the sheet's new rows, in one batch."""
        Declaration = self.env["xs.surplus.declaration"]
        # Every value the declaration's defaults would look up per row is given here
        # (campaign, township, dates); the remaining defaults cost no query.
        vals_list = []
        for _row, vals in rows:
            vals = dict(
                vals,
                campaign_id=self.campaign_id.id,
                township_id=self.township_id.id,
                origin="import",
                seller_id=new_sellers.get(vals["seller_id"], vals["seller_id"]),
                product_id=new_products.get(vals["product_id"], vals["product_id"]),
            )
            if not vals.get("uom_id"):
                vals.pop("uom_id", None)
            vals_list.append(vals)
        if not vals_list:
            return Declaration
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
        return Declaration.with_context(**defaults).create(vals_list).with_env(self.env)

    def _xs_update_declarations(self, rows, new_sellers, new_products):
        """Write the changes of the sheet's known rows; rows changed the same way (a new
        date range, a price...) are written together."""
        Declaration = self.env["xs.surplus.declaration"]
        same_changes = {}
        for _row, declaration, changes in rows:
            changes = dict(changes)
            for fname, created in (("seller_id", new_sellers), ("product_id", new_products)):
                if fname in changes:
                    changes[fname] = created.get(changes[fname], changes[fname])
            key = tuple(sorted(changes.items()))
            same_changes[key] = same_changes.get(key, Declaration) | declaration.with_env(self.env)
        declarations = Declaration
        for key, records in same_changes.items():
            records.write(dict(key))
            declarations |= records
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
        return xs_open_action(
            self.env,
            "xs_consumption.xs_surplus_declaration_action",
            [("id", "in", self.declaration_ids.ids)],
        )

    def action_back(self):
        self.ensure_one()
        self.write({"state": "upload", "error_ids": [fields.Command.clear()], "file": False})
        return self._xs_reopen()
