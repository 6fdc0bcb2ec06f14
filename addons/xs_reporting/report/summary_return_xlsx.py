from collections import defaultdict

from odoo import _, models

from odoo.addons.xs_consumption.tools import xs_today

from .xlsx_common import add_formats, cn_date, print_ready, write_heading, xl

MONEY = "#,##0.00"


class SummaryReturnXlsx(models.AbstractModel):
    """R14: the summary return (消费帮扶工作情况汇总表): per township, what each channel
    (action) helped sell, all county products and, of which, declared unsold produce,
    on the campaign's counting basis. Printed by a township it covers its townships (record
    rules); printed by the county it is the consolidation. Totals are formulas (R14)."""

    _name = "report.xs_reporting.summary_return_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Summary Return (Excel)"

    def generate_xlsx_report(self, workbook, data, campaigns):
        for campaign in campaigns:
            self._write_campaign(workbook, campaign)

    def _figures(self, campaign):
        """{(township, action_type): {is_catalogue: amount}}, read under the user's rules."""
        figures = defaultdict(lambda: defaultdict(float))
        groups = self.env["xs.sales.analysis"]._read_group(
            [("campaign_id", "=", campaign.id)],
            ["township_id", "action_type", "is_catalogue"],
            ["amount_counted:sum"],
        )
        for township, action_type, is_catalogue, amount in groups:
            figures[township, action_type or False][is_catalogue] += amount
        return figures

    def _write_campaign(self, workbook, campaign):
        figures = self._figures(campaign)
        action_labels = dict(
            self.env["xs.campaign.action"]._fields["action_type"]._description_selection(self.env)
        )
        channels = list(action_labels.items())
        if any(action_type is False for _township, action_type in figures):
            channels.append((False, _("Other Channels")))
        user = self.env.user
        townships = self.env["xs.township"].search([])
        if user.has_group("xs_consumption.xs_consumption_group_township_user") and not (
            user.has_group("xs_consumption.xs_consumption_group_county_user")
            or user.has_group("xs_consumption.xs_consumption_group_lead_department")
        ):
            # A township's own return: its townships only; the county consolidates.
            townships = user.xs_township_ids
        rows = [(township, township.name) for township in townships]
        if any(not township for township, _action in figures):
            rows.append((self.env["xs.township"], _("Not attributed to a township")))

        formats = add_formats(workbook, [MONEY])
        money, total_money = formats["num"][MONEY], formats["total"][MONEY]
        sheet = workbook.add_worksheet(campaign.name[:31])
        last_col = 1 + 2 * (len(channels) + 1)
        basis = dict(campaign._fields["count_basis"]._description_selection(self.env))
        write_heading(
            sheet,
            formats,
            last_col,
            _("Consumption Assistance Summary Return"),
            _(
                "Campaign: %(campaign)s    Reporting unit: %(company)s    Counted when: "
                "%(basis)s    Unit: CNY    Date: %(date)s",
                campaign=campaign.name,
                company=campaign.company_id.name,
                basis=basis.get(campaign.count_basis, ""),
                date=cn_date(xs_today(self.env)),
            ),
        )
        head = formats["head"]
        sheet.merge_range(2, 0, 3, 0, _("No."), head)
        sheet.merge_range(2, 1, 3, 1, _("Township"), head)
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 14)
        for index, (_key, label) in enumerate([*channels, (None, _("Total"))]):
            col = 2 + 2 * index
            sheet.merge_range(2, col, 2, col + 1, label, head)
            sheet.write(3, col, _("All County Products"), head)
            sheet.write(3, col + 1, _("of which Unsold Produce"), head)
            sheet.set_column(col, col + 1, 13)
        sheet.set_row(3, 30)

        first = 4
        total_col = 2 + 2 * len(channels)
        column_totals = defaultdict(float)
        for index, (township, name) in enumerate(rows):
            row = first + index
            sheet.write_number(row, 0, index + 1, formats["cell"])
            sheet.write_string(row, 1, name, formats["cell"])
            for c_index, (action_type, _label) in enumerate(channels):
                amounts = figures.get((township, action_type), {})
                values = (amounts.get(True, 0.0) + amounts.get(False, 0.0), amounts.get(True, 0.0))
                for offset, value in enumerate(values):
                    col = 2 + 2 * c_index + offset
                    sheet.write_number(row, col, value, money)
                    column_totals[col] += value
                    column_totals[total_col + offset] += value
            # Row totals as formulas over the channel columns, so a reader can check them.
            for offset in (0, 1):
                cells = "+".join(xl(row, 2 + 2 * c + offset) for c in range(len(channels)))
                value = sum(column_totals_row(figures, township, channels, offset))
                sheet.write_formula(row, total_col + offset, f"={cells}", money, value)
        total_row = first + len(rows)
        sheet.merge_range(total_row, 0, total_row, 1, _("County Total"), formats["total_label"])
        for col in range(2, total_col + 2):
            sheet.write_formula(
                total_row,
                col,
                f"=SUM({xl(first, col)}:{xl(total_row - 1, col)})",
                total_money,
                column_totals[col],
            )
        print_ready(sheet, 3)


def column_totals_row(figures, township, channels, offset):
    """The values of one row's channel cells: all products (offset 0) or unsold (1)."""
    for action_type, _label in channels:
        amounts = figures.get((township, action_type), {})
        yield amounts.get(True, 0.0) + (0.0 if offset else amounts.get(False, 0.0))
