"""Shared layout of the Excel returns: Chinese dates, A1 cells, formats, print setup,
and what a return covers (period, townships, actions, unit)."""

import re

from xlsxwriter.worksheet import Worksheet

from odoo import fields
from odoo.tools import SQL

from odoo.addons.xs_consumption.tools import xs_today

# The functions the returns' formulas use: none has to be written with Excel's _xlfn.
# prefix, so xlsxwriter need not look for the ones that do.
PLAIN_FUNCTIONS = frozenset({"IF", "SUM", "SUMIF"})
FUNCTION_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9._]*)\(")


class ReturnSheet(Worksheet):
    """The worksheet of a return. xlsxwriter passes every formula through a dozen regular
    expressions (newer functions get Excel's ``_xlfn.`` prefix), which was the largest
    cost of the farmers' benefit return at province size (140,000 formulas). A formula
    calling only ``PLAIN_FUNCTIONS`` (or none) needs none of them and is stored as
    xlsxwriter would store it; any other goes through xlsxwriter's rewriting."""

    def _prepare_formula(self, formula, *args, **kwargs):
        if not formula.startswith("{") and PLAIN_FUNCTIONS.issuperset(
            FUNCTION_CALL.findall(formula)
        ):
            return formula.removeprefix("=")
        return super()._prepare_formula(formula, *args, **kwargs)


def add_sheet(workbook, name):
    """A return's worksheet (``ReturnSheet``)."""
    return workbook.add_worksheet(name, worksheet_class=ReturnSheet)


def xl(row, col):
    """A1 notation of a zero-based cell."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def cn_date(date):
    """Chinese convention: 2022年11月21日 (R21)."""
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def add_formats(workbook, num_formats):
    """Title, header, cell, number and total formats of a return."""
    num_formats = set(num_formats)
    return {
        "title": workbook.add_format(
            {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
        ),
        "head": workbook.add_format(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#D9E1F2",
            }
        ),
        "cell": workbook.add_format({"border": 1, "valign": "vcenter", "text_wrap": True}),
        "total_label": workbook.add_format({"border": 1, "bold": True, "align": "center"}),
        "num": {
            fmt: workbook.add_format({"border": 1, "valign": "vcenter", "num_format": fmt})
            for fmt in num_formats
        },
        "total": {
            fmt: workbook.add_format({"border": 1, "bold": True, "num_format": fmt})
            for fmt in num_formats
        },
    }


def print_ready(sheet, header_row):
    """A4 landscape, one page wide, header rows repeated on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_footer("&C&P / &N")


def write_heading(sheet, formats, last_col, title, subtitle):
    """Title (row 0) and the line under it (row 1) across the return's width."""
    sheet.merge_range(0, 0, 0, last_col, title, formats["title"])
    sheet.set_row(0, 30)
    sheet.merge_range(1, 0, 1, last_col, subtitle)


def write_column_headers(sheet, formats, row, number_label, columns, height=36):
    """Header row: the row-number column, then (header, width, ...) per column."""
    sheet.write(row, 0, number_label, formats["head"])
    sheet.set_column(0, 0, 5)
    for col, (header, width, *_rest) in enumerate(columns, start=1):
        sheet.write(row, col, header, formats["head"])
        sheet.set_column(col, col, width)
    sheet.set_row(row, height)


# The row of a return's column headers, under its title and the line that says what it
# covers.
HEADER_ROW = 2


def start_sheet(workbook, name, num_formats, last_col, heading):
    """A return's worksheet named ``name`` (cut to Excel's 31 characters), its formats
    (``add_formats``) and ``heading`` (title, line under it) written; (sheet, formats)."""
    formats = add_formats(workbook, num_formats)
    sheet = add_sheet(workbook, name[:31])
    write_heading(sheet, formats, last_col, *heading)
    return sheet, formats


def start_table(workbook, name, columns, heading, number_label, height=36):
    """``start_sheet`` for a return of numbered rows under one header row (``HEADER_ROW``)
    of ``columns``: (header, width, number format or None, ...) each."""
    sheet, formats = start_sheet(
        workbook, name, [column[2] for column in columns if column[2]], len(columns), heading
    )
    write_column_headers(sheet, formats, HEADER_ROW, number_label, columns, height=height)
    return sheet, formats


MONEY_FORMATS = {"yuan": "#,##0.00", "wan": "#,##0.000000"}
UNIT_DIVISORS = {"yuan": 1.0, "wan": 10000.0}


class ReturnOptions:
    """What a return covers, from the wizard's ``data`` (R22): the period (county
    calendar), townships, actions and the money unit (元 or 万元). Without data a return
    covers the campaign up to today, in 元."""

    def __init__(self, env, campaign, data):
        data = data or {}
        today = xs_today(env)
        self.env = env
        self.campaign = campaign
        self.date_from = fields.Date.to_date(data.get("date_from")) or campaign.date_start
        self.date_to = fields.Date.to_date(data.get("date_to")) or min(today, campaign.date_end)
        self.townships = env["xs.township"].browse(data.get("township_ids") or [])
        self.actions = env["xs.campaign.action"].browse(data.get("action_ids") or [])
        self.unit = data.get("unit") or "yuan"
        self.divisor = UNIT_DIVISORS[self.unit]
        self.money_format = MONEY_FORMATS[self.unit]
        self.recommended_only = bool(data.get("recommended_only"))
        self.today = today

    def counted_domain(self):
        """Domain of the counted lines (xs.counted.line / xs.sales.analysis) covered."""
        domain = [
            ("campaign_id", "=", self.campaign.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        if self.townships:
            domain.append(("township_id", "in", self.townships.ids))
        if self.actions:
            domain.append(("action_id", "in", self.actions.ids))
        return domain

    def period_label(self):
        return f"{cn_date(self.date_from)}至{cn_date(self.date_to)}"

    def unit_label(self):
        return self.env._("10,000 CNY") if self.unit == "wan" else self.env._("CNY")

    def amount(self, value):
        """A money figure in the return's unit."""
        return value / self.divisor


# Rows converted to Python objects at a time when a return streams its query.
FETCH_SIZE = 2000


def stream(env, query):
    """The rows of one SQL query, converted a batch at a time (``FETCH_SIZE``), so a return
    never holds its campaign as records or tuples. Nothing else may run on the cursor while
    the rows are read: labels and lookups are resolved before. The workbook keeps
    xlsxwriter's default mode: with ``constant_memory`` a formatted text cell costs about
    twice as much to write (measured: 60,000 catalogue rows 3.4x their floor instead of
    1.1x), while the cells in memory stay near 2 KB a row (118 MB for 60,000)."""
    env.flush_query(query)
    cr = env.cr
    cr.execute(query)
    while rows := cr.fetchmany(FETCH_SIZE):
        yield from rows


def write_campaigns(report, workbook, data, campaigns):
    """Each campaign's sheet of the return ``report`` (its ``_write_campaign``), covering
    what the wizard's ``data`` asks (``ReturnOptions``)."""
    for campaign in campaigns:
        report._write_campaign(workbook, campaign, ReturnOptions(report.env, campaign, data))


def township_order(alias):
    """ORDER BY terms of the returns' township order: the county's sequence, then the
    name by code points (the C collation of UTF-8 sorts as Python does)."""
    return SQL(
        'COALESCE(%s, 0), %s COLLATE "C"',
        SQL.identifier(alias, "sequence"),
        SQL.identifier(alias, "name"),
    )


def selection_labels(model, fname):
    """{value: label} of a selection field, in the user's language (resolved once)."""
    return dict(model._fields[fname]._description_selection(model.env))


# The tables behind the many2one fields of a catalogue entry the returns print.
DECLARATION_JOINS = {
    "township_id": "xs_township",
    "seller_id": "res_partner",
    "product_id": "product_product",
    "uom_id": "uom_uom",
}


def join_declaration(query, fnames):
    """Join the tables of the entry's many2one ``fnames`` to ``query`` (a ``_search`` of
    xs.surplus.declaration, under the user's rules); their aliases, in that order."""
    return [
        query.join(query.table, fname, DECLARATION_JOINS[fname], "id", fname) for fname in fnames
    ]
