from odoo import _, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.xs_consumption.models.xs_surplus_declaration import CATALOGUE_STATES

from .xlsx_common import (
    HEADER_ROW,
    cn_date,
    join_declaration,
    print_ready,
    selection_labels,
    start_table,
    stream,
    township_order,
    write_campaigns,
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
        write_campaigns(self, workbook, data, campaigns)

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

    def _xs_columns(self):
        # (header, width, number format or None) of the columns of _xs_query's row
        return [
            (_("Township"), 12, None),
            (_("Product"), 16, None),
            (_("Category"), 10, None),
            (_("Selling Entity"), 24, None),
            (_("Unit"), 7, None),
            (_("Unit Price (CNY)"), 11, MONEY),
            (_("Quantity Declared"), 11, QTY),
            (_("Quantity Remaining"), 11, QTY),
            (_("Available"), 22, None),
            (_("Catalogue State"), 10, None),
            (_("Published to Channels"), 22, None),
            (_("Only for Buyers"), 22, None),
            (_("Quality Certificate"), 16, None),
            (_("Recommendation Score"), 10, "0"),
            (_("Recommended Upward"), 10, None),
            (_("Contact Phone"), 16, None),
        ]

    def _write_campaign(self, workbook, campaign, options):
        sheet, formats = start_table(
            workbook,
            campaign.name,
            self._xs_columns(),
            (
                _("Consumption Assistance Produce Catalogue"),
                _(
                    "Campaign: %(campaign)s    Channels: %(channels)s    Reporting unit: "
                    "%(company)s    Date: %(date)s",
                    campaign=campaign.name,
                    channels="、".join(options.actions.mapped("name")) or _("all"),
                    company=campaign.company_id.name,
                    date=cn_date(options.today),
                ),
            ),
            _("No."),
        )
        self._xs_write_rows(sheet, formats, options)
        print_ready(sheet, HEADER_ROW)

    def _xs_write_rows(self, sheet, formats, options):
        """The entries' rows, streamed from one query in the return's order (township,
        category, id), written cell by cell with no per-row lookups (province size:
        60,000 rows)."""
        # Labels resolved once, before the rows are read (nothing else may query then).
        category = selection_labels(self.env["xs.surplus.declaration"], "category")
        state = selection_labels(self.env["xs.surplus.declaration"], "state")
        yes = _("Yes")
        text, money, qty, score = (
            formats["cell"],
            formats["num"][MONEY],
            formats["num"][QTY],
            formats["num"]["0"],
        )
        write_number, write_string = sheet.write_number, sheet.write_string
        row = HEADER_ROW
        for (
            township,
            product,
            category_value,
            seller,
            unit,
            price,
            quantity,
            remaining,
            date_from,
            date_to,
            state_value,
            channels,
            buyers,
            certificate,
            has_certificate,
            score_value,
            recommended,
            phone,
        ) in stream(self.env, self._xs_query(options)):
            row += 1
            write_number(row, 0, row - HEADER_ROW, text)
            write_string(row, 1, township or "", text)
            write_string(row, 2, product or "", text)
            write_string(row, 3, category.get(category_value, ""), text)
            write_string(row, 4, seller or "", text)
            write_string(row, 5, unit or "", text)
            write_number(row, 6, price or 0.0, money)
            write_number(row, 7, quantity or 0.0, qty)
            write_number(row, 8, remaining or 0.0, qty)
            write_string(row, 9, f"{cn_date(date_from)}至{cn_date(date_to)}", text)
            write_string(row, 10, state.get(state_value, ""), text)
            write_string(row, 11, channels or "", text)
            write_string(row, 12, buyers or "", text)
            write_string(row, 13, certificate or (yes if has_certificate else ""), text)
            write_number(row, 14, score_value or 0, score)
            write_string(row, 15, "★" if recommended else "", text)
            write_string(row, 16, phone or "", text)
