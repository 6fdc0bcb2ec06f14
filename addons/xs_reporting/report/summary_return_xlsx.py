from collections import defaultdict

from odoo import _, models

from .xlsx_common import cn_date, print_ready, start_sheet, write_campaigns, xl


class SummaryReturnXlsx(models.AbstractModel):
    """R14: the summary return (消费帮扶工作情况汇总表): per township, what each of the
    plan's columns (机关企事业单位, 鲁渝消费帮扶协作, 市商务委帮扶集团驻乡工作队, ...)
    helped sell in the period, all county products and, of which, declared unsold produce,
    on the campaign's counting basis; the total also shows the off-platform purchases in
    it. Which sale falls in which column is data (xs.return.column). Printed by a township
    it covers its townships (record rules); printed by the county it is the consolidation.
    Totals are formulas. One query for the figures whatever the number of sales."""

    _name = "report.xs_reporting.summary_return_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Summary Return (Excel)"

    def generate_xlsx_report(self, workbook, data, campaigns):
        write_campaigns(self, workbook, data, campaigns)

    def _xs_figures(self, options):
        """{(township, column): {all, unsold, direct}} in CNY, read under the user's rules
        from the counted lines (the one owner of counted amounts)."""
        column_of = self.env["xs.return.column"]._xs_mapper()
        groups = self.env["xs.sales.analysis"]._read_group(
            options.counted_domain(),
            [
                "township_id",
                "source",
                "buyer_category",
                "action_type",
                "work_team_id",
                "is_catalogue",
            ],
            ["amount_counted:sum"],
        )
        figures = defaultdict(lambda: defaultdict(float))
        for township, source, category, action_type, team, is_catalogue, amount in groups:
            cell = figures[township, column_of(source, category, action_type, bool(team))]
            cell["all"] += amount
            if is_catalogue:
                cell["unsold"] += amount
            if source == "direct":
                cell["direct"] += amount
        return figures

    def _xs_layout(self, options, figures):
        """(columns, rows): the return's columns [(column record or empty, label)] and
        township rows [(township record or empty, label)]."""
        columns = [(c, c.name) for c in self.env["xs.return.column"].search([])]
        if any(not column for _township, column in figures):
            columns.append((self.env["xs.return.column"], _("Other")))
        user = self.env.user
        townships = options.townships or self.env["xs.township"].search([])
        if user.has_group("xs_consumption.xs_consumption_group_township_user") and not (
            user.has_group("xs_consumption.xs_consumption_group_county_user")
            or user.has_group("xs_consumption.xs_consumption_group_lead_department")
        ):
            # A township's own return: its townships only; the county consolidates.
            townships = townships & user.xs_township_ids
        rows = [(township, township.name) for township in townships]
        if any(not township for township, _column in figures):
            rows.append((self.env["xs.township"], _("Not attributed to a township")))
        return columns, rows

    def _xs_payload(self, options):
        """The figures of the return as sent to the bureau (R19), in CNY. Every column is
        keyed by its code (``xs.return.column.code``: stable, untranslated), its label
        alongside for people; the keys do not depend on the filer's language."""
        figures = self._xs_figures(options)
        columns, rows = self._xs_layout(options, figures)
        campaign = options.campaign
        return {
            "campaign": campaign.name,
            "period_from": str(options.date_from),
            "period_to": str(options.date_to),
            "counted_when": campaign.count_basis,
            "currency": campaign.currency_id.name,
            "columns": [{"code": column._xs_code(), "name": label} for column, label in columns],
            "rows": [
                {
                    "township": township.name or None,
                    "township_code": township.code or None,
                    "column_code": column._xs_code(),
                    "column": label,
                    "amount": round(cell["all"], 2),
                    "unsold_produce": round(cell["unsold"], 2),
                    "off_platform": round(cell["direct"], 2),
                }
                for township, _name in rows
                for column, label in columns
                if (cell := figures.get((township, column))) and cell["all"]
            ],
        }

    def _write_campaign(self, workbook, campaign, options):
        figures = self._xs_figures(options)
        columns, rows = self._xs_layout(options, figures)
        total_col = 2 + 2 * len(columns)
        last_col = total_col + 2
        basis = dict(campaign._fields["count_basis"]._description_selection(self.env))
        sheet, formats = start_sheet(
            workbook,
            campaign.name,
            [options.money_format],
            last_col,
            (
                _("Consumption Assistance Summary Return"),
                _(
                    "Campaign: %(campaign)s    Period: %(period)s    Reporting unit: %(company)s"
                    "    Counted when: %(basis)s    Unit: %(unit)s    Date: %(date)s",
                    campaign=campaign.name,
                    period=options.period_label(),
                    company=campaign.company_id.name,
                    basis=basis.get(campaign.count_basis, ""),
                    unit=options.unit_label(),
                    date=cn_date(options.today),
                ),
            ),
        )
        self._xs_write_headers(sheet, formats, columns, total_col)
        self._xs_write_townships(sheet, formats, options, (figures, columns, rows), total_col)
        print_ready(sheet, 3)

    def _xs_write_headers(self, sheet, formats, columns, total_col):
        """Two header rows: each column's label over its all products and unsold produce,
        then the total's, with its off-platform purchases."""
        head = formats["head"]
        sheet.merge_range(2, 0, 3, 0, _("No."), head)
        sheet.merge_range(2, 1, 3, 1, _("Township"), head)
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 14)
        for index, (_column, label) in enumerate(columns):
            col = 2 + 2 * index
            sheet.merge_range(2, col, 2, col + 1, label, head)
            sheet.write(3, col, _("All County Products"), head)
            sheet.write(3, col + 1, _("of which Unsold Produce"), head)
            sheet.set_column(col, col + 1, 13)
        sheet.merge_range(2, total_col, 2, total_col + 2, _("Total"), head)
        sheet.write(3, total_col, _("All County Products"), head)
        sheet.write(3, total_col + 1, _("of which Unsold Produce"), head)
        sheet.write(3, total_col + 2, _("of which Off-Platform Purchases"), head)
        sheet.set_column(total_col, total_col + 2, 13)
        sheet.set_row(3, 30)

    def _xs_write_townships(self, sheet, formats, options, layout, total_col):
        """A row per township of ``layout`` (figures, columns, rows), its totals as
        formulas, and the county total under them."""
        figures, columns, rows = layout
        money = formats["num"][options.money_format]
        first = 4
        column_totals = defaultdict(float)
        for index, (township, name) in enumerate(rows):
            row = first + index
            sheet.write_number(row, 0, index + 1, formats["cell"])
            sheet.write_string(row, 1, name, formats["cell"])
            row_totals = defaultdict(float)
            for c_index, (column, _label) in enumerate(columns):
                cell = figures.get((township, column), {})
                for offset, key in enumerate(("all", "unsold")):
                    value = options.amount(cell.get(key, 0.0))
                    col = 2 + 2 * c_index + offset
                    sheet.write_number(row, col, value, money)
                    column_totals[col] += value
                    row_totals[key] += value
                row_totals["direct"] += options.amount(cell.get("direct", 0.0))
            # Row totals as formulas over the column cells, so a reader can check them.
            for offset, key in enumerate(("all", "unsold")):
                cells = "+".join(xl(row, 2 + 2 * c + offset) for c in range(len(columns)))
                sheet.write_formula(
                    row, total_col + offset, f"={cells}" if cells else "=0", money, row_totals[key]
                )
                column_totals[total_col + offset] += row_totals[key]
            sheet.write_number(row, total_col + 2, row_totals["direct"], money)
            column_totals[total_col + 2] += row_totals["direct"]
        total_row = first + len(rows)
        sheet.merge_range(total_row, 0, total_row, 1, _("County Total"), formats["total_label"])
        for col in range(2, total_col + 3):
            sheet.write_formula(
                total_row,
                col,
                f"=SUM({xl(first, col)}:{xl(total_row - 1, col)})" if rows else "=0",
                formats["total"][options.money_format],
                column_totals[col],
            )
