from odoo import _, models

from odoo.addons.xs_consumption.tools import xs_today

from .xlsx_common import (
    add_formats,
    cn_date,
    print_ready,
    write_column_headers,
    write_heading,
    xl,
)

MONEY = "#,##0.00"
COUNT = "#,##0"


class FarmerBenefitXlsx(models.AbstractModel):
    """R18: who benefited (消费帮扶带动农户增收情况表): per declaration that sold, the
    selling entity, the households linked to it (of which poverty-alleviated and monitored)
    and the sales counted on the campaign's basis, with sales per linked household as a
    formula. Read under the user's record rules (a township sees its own)."""

    _name = "report.xs_reporting.farmer_benefit_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Farmers' Benefit Return (Excel)"

    def generate_xlsx_report(self, workbook, data, campaigns):
        for campaign in campaigns:
            self._write_campaign(workbook, campaign)

    def _write_campaign(self, workbook, campaign):
        sales = dict(
            self.env["xs.sales.analysis"]._read_group(
                [("campaign_id", "=", campaign.id), ("is_catalogue", "=", True)],
                ["declaration_id"],
                ["amount_counted:sum"],
            )
        )
        declarations = (
            self.env["xs.surplus.declaration"]
            .browse([d.id for d, amount in sales.items() if amount])
            .sorted(lambda d: (d.township_id.sequence, d.township_id.name, d.seller_id.name))
        )
        seller_types = dict(
            self.env["res.partner"]._fields["xs_seller_type"]._description_selection(self.env)
        )
        columns = [
            (_("Township"), 12, lambda d: d.township_id.name, None),
            (_("Selling Entity"), 26, lambda d: d.seller_id.name, None),
            (_("Entity Type"), 12, lambda d: seller_types.get(d.seller_type, ""), None),
            (_("Product"), 16, lambda d: d.product_id.name, None),
            (_("Households Linked"), 10, lambda d: d.household_count, COUNT),
            (_("of which Poverty-Alleviated"), 10, lambda d: d.poverty_household_count, COUNT),
            (_("of which Monitored"), 10, lambda d: d.monitored_household_count, COUNT),
            (_("Sales Counted (CNY)"), 14, lambda d: sales.get(d, 0.0), MONEY),
            (_("Sales per Linked Household (CNY)"), 14, None, MONEY),
        ]
        formats = add_formats(workbook, [MONEY, COUNT])
        sheet = workbook.add_worksheet(campaign.name[:31])
        write_heading(
            sheet,
            formats,
            len(columns),
            _("Farmers' Benefit from Consumption Assistance"),
            _(
                "Campaign: %(campaign)s    Reporting unit: %(company)s    Date: %(date)s",
                campaign=campaign.name,
                company=campaign.company_id.name,
                date=cn_date(xs_today(self.env)),
            ),
        )
        header_row = 2
        write_column_headers(sheet, formats, header_row, _("No."), columns)
        households_col, sales_col = 5, 8
        first = header_row + 1
        totals = {}
        for index, declaration in enumerate(declarations):
            row = first + index
            sheet.write_number(row, 0, index + 1, formats["cell"])
            for col, (_header, _width, getter, fmt) in enumerate(columns, start=1):
                if getter is None:
                    households = declaration.household_count
                    value = sales.get(declaration, 0.0) / households if households else 0.0
                    h, s = xl(row, households_col), xl(row, sales_col)
                    sheet.write_formula(
                        row, col, f"=IF({h}>0,{s}/{h},0)", formats["num"][fmt], value
                    )
                elif fmt:
                    value = getter(declaration)
                    sheet.write_number(row, col, value, formats["num"][fmt])
                    totals[col] = totals.get(col, 0.0) + value
                else:
                    sheet.write_string(row, col, getter(declaration) or "", formats["cell"])
        total_row = first + len(declarations)
        sheet.merge_range(total_row, 0, total_row, 4, _("Total"), formats["total_label"])
        for col in range(households_col, sales_col + 1):
            fmt = columns[col - 1][3]
            sheet.write_formula(
                total_row,
                col,
                f"=SUM({xl(first, col)}:{xl(max(first, total_row - 1), col)})"
                if declarations
                else "=0",
                formats["total"][fmt],
                totals.get(col, 0.0),
            )
        h, s = xl(total_row, households_col), xl(total_row, sales_col)
        households = totals.get(households_col, 0.0)
        sheet.write_formula(
            total_row,
            sales_col + 1,
            f"=IF({h}>0,{s}/{h},0)",
            formats["total"][MONEY],
            totals.get(sales_col, 0.0) / households if households else 0.0,
        )
        print_ready(sheet, header_row)
