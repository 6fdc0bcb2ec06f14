from odoo import _, models
from odoo.exceptions import AccessError

from odoo.addons.xs_consumption.models.xs_surplus_declaration import CATALOGUE_STATES

from .xlsx_common import (
    ReturnOptions,
    add_formats,
    cn_date,
    print_ready,
    write_column_headers,
    write_heading,
)

MONEY = "#,##0.00"
QTY = "#,##0.00"


class CatalogueXlsx(models.AbstractModel):
    """R8: the catalogue return (消费帮扶农产品目录): the entries in the catalogue, with the
    channels and buyers each is published to (directed publication), its quality
    certificate, recommendation score and mark. With actions chosen, only the entries
    published to those channels (the list sent to a channel); with "recommended only", the
    entries recommended upward (the list sent to the city, the bureau and the east)."""

    _name = "report.xs_reporting.catalogue_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Catalogue Return (Excel)"

    def generate_xlsx_report(self, workbook, data, campaigns):
        if not self.env.user._is_internal():
            raise AccessError(_("Only county staff can print the catalogue return."))
        for campaign in campaigns:
            self._write_campaign(workbook, campaign, ReturnOptions(self.env, campaign, data))

    def _xs_entries(self, options):
        domain = [
            ("campaign_id", "=", options.campaign.id),
            ("state", "in", CATALOGUE_STATES),
        ]
        if options.townships:
            domain.append(("township_id", "in", options.townships.ids))
        if options.actions:
            domain.append(("channel_action_ids", "in", options.actions.ids))
        if options.recommended_only:
            domain.append(("is_recommended", "=", True))
        entries = self.env["xs.surplus.declaration"].search(domain)
        return entries.sorted(
            lambda d: (d.township_id.sequence, d.township_id.name or "", d.category, d.id)
        )

    def _write_campaign(self, workbook, campaign, options):
        entries = self._xs_entries(options)
        category = dict(
            self.env["xs.surplus.declaration"]._fields["category"]._description_selection(self.env)
        )
        state = dict(
            self.env["xs.surplus.declaration"]._fields["state"]._description_selection(self.env)
        )
        yes = _("Yes")
        columns = [
            (_("Township"), 12, lambda d: d.township_id.name, None),
            (_("Product"), 16, lambda d: d.product_id.name, None),
            (_("Category"), 10, lambda d: category.get(d.category, ""), None),
            (_("Selling Entity"), 24, lambda d: d.seller_id.name, None),
            (_("Unit"), 7, lambda d: d.uom_id.name, None),
            (_("Unit Price (CNY)"), 11, lambda d: d.price_unit, MONEY),
            (_("Quantity Declared"), 11, lambda d: d.quantity, QTY),
            (_("Quantity Remaining"), 11, lambda d: d.qty_remaining, QTY),
            (
                _("Available"),
                22,
                lambda d: f"{cn_date(d.date_available_from)}至{cn_date(d.date_available_to)}",
                None,
            ),
            (_("Catalogue State"), 10, lambda d: state.get(d.state, ""), None),
            (
                _("Published to Channels"),
                22,
                lambda d: "、".join(d.channel_action_ids.mapped("name")),
                None,
            ),
            (
                _("Only for Buyers"),
                22,
                lambda d: "、".join(d.channel_partner_ids.mapped("name")),
                None,
            ),
            (
                _("Quality Certificate"),
                16,
                lambda d: d.certificate_reference or (yes if d.has_quality_certificate else ""),
                None,
            ),
            (_("Recommendation Score"), 10, lambda d: d.recommendation_score, "0"),
            (_("Recommended Upward"), 10, lambda d: "★" if d.is_recommended else "", None),
            (_("Contact Phone"), 16, lambda d: d.contact_phone or "", None),
        ]
        formats = add_formats(workbook, [c[3] for c in columns if c[3]])
        sheet = workbook.add_worksheet(campaign.name[:31])
        write_heading(
            sheet,
            formats,
            len(columns),
            _("Consumption Assistance Produce Catalogue"),
            _(
                "Campaign: %(campaign)s    Channels: %(channels)s    Reporting unit: "
                "%(company)s    Date: %(date)s",
                campaign=campaign.name,
                channels="、".join(options.actions.mapped("name")) or _("all"),
                company=campaign.company_id.name,
                date=cn_date(options.today),
            ),
        )
        header_row = 2
        write_column_headers(sheet, formats, header_row, _("No."), columns)
        # One read of what the rows show, whatever their number.
        entries.fetch(["township_id", "product_id", "seller_id", "uom_id"])
        for index, entry in enumerate(entries):
            row = header_row + 1 + index
            sheet.write_number(row, 0, index + 1, formats["cell"])
            for col, (_header, _width, getter, fmt) in enumerate(columns, start=1):
                if fmt:
                    sheet.write_number(row, col, getter(entry), formats["num"][fmt])
                else:
                    sheet.write_string(row, col, getter(entry) or "", formats["cell"])
        print_ready(sheet, header_row)
