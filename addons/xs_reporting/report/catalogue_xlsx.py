from odoo import _, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.xs_consumption.models.xs_surplus_declaration import CATALOGUE_STATES

from .xlsx_common import (
    ReturnOptions,
    add_formats,
    add_sheet,
    cn_date,
    join_declaration,
    print_ready,
    selection_labels,
    stream,
    township_order,
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

    def _xs_names(self, field):
        """SQL of {declaration id: names of ``field``'s records joined with 、}, as the ORM
        reads the many2many: the records the user may read (inactive too), in the
        comodel's order."""
        comodel = self.env[field.comodel_name].with_context(active_test=False)
        query = comodel._search([])
        query.add_join(
            "JOIN",
            field.relation,
            None,
            SQL(
                "%s = %s",
                SQL.identifier(field.relation, field.column2),
                SQL.identifier(query.table, "id"),
            ),
        )
        # The order before the grouping (with a GROUP BY, the ORM would group by it too).
        names = SQL(
            "string_agg(%s, '、' ORDER BY %s) AS names",
            comodel._field_to_sql(query.table, "name", query),
            comodel._order_to_sql(comodel._order, query),
        )
        query.order = None
        query.groupby = SQL.identifier(field.relation, field.column1)
        return query.select(
            SQL("%s AS declaration_id", SQL.identifier(field.relation, field.column1)), names
        )

    def _xs_query(self, options):
        """One query of the return's rows in its order: the entries the user may read (its
        record rules, as a search applies them), with what the columns show."""
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
        Declaration = self.env["xs.surplus.declaration"]
        query = Declaration._search(domain)
        d = query.table
        t, s, p, u = join_declaration(query, ("township_id", "seller_id", "product_id", "uom_id"))
        for alias, fname in (
            ("channel_actions", "channel_action_ids"),
            ("channel_buyers", "channel_partner_ids"),
        ):
            query.add_join(
                "LEFT JOIN",
                alias,
                SQL("(%s)", self._xs_names(Declaration._fields[fname])),
                SQL("%s = %s", SQL.identifier(alias, "declaration_id"), SQL.identifier(d, "id")),
            )

        def field(fname):
            return Declaration._field_to_sql(d, fname, query)

        columns = [
            self.env["xs.township"]._field_to_sql(t, "name", query),
            self.env["product.product"]._field_to_sql(p, "name", query),
            field("category"),
            self.env["res.partner"]._field_to_sql(s, "name", query),
            self.env["uom.uom"]._field_to_sql(u, "name", query),
            field("price_unit"),
            field("quantity"),
            field("qty_remaining"),
            field("date_available_from"),
            field("date_available_to"),
            field("state"),
            SQL.identifier("channel_actions", "names"),
            SQL.identifier("channel_buyers", "names"),
            field("certificate_reference"),
            field("has_quality_certificate"),
            field("recommendation_score"),
            field("is_recommended"),
            field("contact_phone"),
        ]
        query.order = SQL(
            "%s, %s, %s", township_order(t), SQL.identifier(d, "category"), SQL.identifier(d, "id")
        )
        return query.select(*columns)

    def _write_campaign(self, workbook, campaign, options):
        # Labels resolved once, before the rows are read (nothing else may query then).
        category = selection_labels(self.env["xs.surplus.declaration"], "category")
        state = selection_labels(self.env["xs.surplus.declaration"], "state")
        yes = _("Yes")
        # (header, width, value of a row of _xs_query, number format or None)
        columns = [
            (_("Township"), 12, lambda r: r[0], None),
            (_("Product"), 16, lambda r: r[1], None),
            (_("Category"), 10, lambda r: category.get(r[2], ""), None),
            (_("Selling Entity"), 24, lambda r: r[3], None),
            (_("Unit"), 7, lambda r: r[4], None),
            (_("Unit Price (CNY)"), 11, lambda r: r[5] or 0.0, MONEY),
            (_("Quantity Declared"), 11, lambda r: r[6] or 0.0, QTY),
            (_("Quantity Remaining"), 11, lambda r: r[7] or 0.0, QTY),
            (_("Available"), 22, lambda r: f"{cn_date(r[8])}至{cn_date(r[9])}", None),
            (_("Catalogue State"), 10, lambda r: state.get(r[10], ""), None),
            (_("Published to Channels"), 22, lambda r: r[11], None),
            (_("Only for Buyers"), 22, lambda r: r[12], None),
            (_("Quality Certificate"), 16, lambda r: r[13] or (yes if r[14] else ""), None),
            (_("Recommendation Score"), 10, lambda r: r[15] or 0, "0"),
            (_("Recommended Upward"), 10, lambda r: "★" if r[16] else "", None),
            (_("Contact Phone"), 16, lambda r: r[17], None),
        ]
        formats = add_formats(workbook, [c[3] for c in columns if c[3]])
        sheet = add_sheet(workbook, campaign.name[:31])
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
        cell_fmt = formats["cell"]
        cells = [
            (col, getter, formats["num"][fmt] if fmt else cell_fmt, bool(fmt))
            for col, (_header, _width, getter, fmt) in enumerate(columns, start=1)
        ]
        # The rows stream from one query, in the return's order (township, category, id).
        row = header_row
        for values in stream(self.env, self._xs_query(options)):
            row += 1
            sheet.write_number(row, 0, row - header_row, cell_fmt)
            for col, getter, fmt, is_number in cells:
                if is_number:
                    sheet.write_number(row, col, getter(values), fmt)
                else:
                    sheet.write_string(row, col, getter(values) or "", fmt)
        print_ready(sheet, header_row)
