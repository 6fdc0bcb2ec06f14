from odoo import _, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.xs_consumption.tools import xs_date, xs_today

from .xlsx_common import HEADER_ROW, cn_date, print_ready, start_table, xl

MONEY = "#,##0.00"


class BuyerStatementXlsx(models.AbstractModel):
    """R11: a buyer organisation's statement of its campaign purchases: what it ordered,
    received, was invoiced and has paid, line by line, with totals as formulas. Buyers
    download their own from the portal; county staff print any buyer's."""

    _name = "report.xs_reporting.buyer_statement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Buyer Statement (Excel)"

    def _columns(self):
        # (header, width, number format or None, summed)
        return [
            (_("Order"), 14, None, False),
            (_("Source"), 12, None, False),
            (_("Date"), 14, None, False),
            (_("Action"), 16, None, False),
            (_("Commitment"), 12, None, False),
            (_("Product"), 18, None, False),
            (_("Seller"), 24, None, False),
            (_("Township"), 12, None, False),
            (_("Unit"), 7, None, False),
            (_("Ordered"), 10, "#,##0.00", False),
            (_("Received"), 10, "#,##0.00", False),
            (_("Unit Price (CNY)"), 11, MONEY, False),
            (_("Amount (CNY)"), 13, MONEY, True),
            (_("Invoiced (CNY)"), 13, MONEY, True),
            (_("Paid (CNY)"), 13, MONEY, True),
        ]

    def _xs_direct_values(self, counted):
        """One row of a verified off-platform purchase, with the figures of its counted
        line (the one owner: a purchase counts its amount on every basis)."""
        return [
            counted.direct_purchase_id.name,
            _("Off-Platform Purchase"),
            cn_date(counted.date),  # already on the county calendar
            counted.action_id.name or "",
            "",
            counted.product_id.name,
            counted.seller_id.name or "",
            counted.township_id.name or "",
            counted.uom_id.name,
            counted.qty_ordered,
            counted.qty_delivered,
            counted.amount_ordered / counted.qty_ordered if counted.qty_ordered else 0.0,
            counted.amount_ordered,
            counted.amount_invoiced,
            counted.amount_paid,
        ]

    def _xs_lines(self, buyer, campaign_ids):
        """The buyer's confirmed campaign order lines the caller may read (its record
        rules: a portal buyer's are its organisation's)."""
        domain = [
            ("order_id.partner_id", "child_of", buyer.id),
            ("order_id.xs_campaign_id", "!=", False),
            ("state", "=", "sale"),
            ("display_type", "=", False),
        ]
        if campaign_ids:
            domain.append(("order_id.xs_campaign_id", "in", campaign_ids))
        return self.env["sale.order.line"].search(domain)

    def _xs_platform_query(self, lines):
        """One query of the rows of order ``lines`` in the statement's order (order,
        sequence, id), each with its campaign and what the columns show. sudo: ``lines``
        are the caller's own (``_xs_lines``); their entry's seller and township are shown
        whatever the caller may read of the entry (buyers cannot read one that left the
        catalogue), as the order lines name them."""
        SaleLine_sudo = self.env["sale.order.line"].sudo()
        query = SaleLine_sudo._search([("id", "in", lines.ids)], order="order_id, sequence, id")
        sol = query.table
        # Left joins, as the order's own (its sort) is: one alias per link.
        o = query.left_join(sol, "order_id", "sale_order", "id", "order_id")
        a = query.left_join(o, "xs_action_id", "xs_campaign_action", "id", "xs_action_id")
        c = query.left_join(o, "xs_commitment_id", "xs_buyer_commitment", "id", "xs_commitment_id")
        p = query.left_join(sol, "product_id", "product_product", "id", "product_id")
        u = query.left_join(sol, "product_uom", "uom_uom", "id", "product_uom")
        d = query.left_join(
            sol, "xs_declaration_id", "xs_surplus_declaration", "id", "xs_declaration_id"
        )
        s = query.left_join(d, "seller_id", "res_partner", "id", "seller_id")
        t = query.left_join(d, "township_id", "xs_township", "id", "township_id")
        Order = self.env["sale.order"]
        return query.select(
            SQL.identifier(sol, "id"),
            Order._field_to_sql(o, "xs_campaign_id", query),
            Order._field_to_sql(o, "name", query),
            Order._field_to_sql(o, "date_order", query),
            self.env["xs.campaign.action"]._field_to_sql(a, "name", query),
            self.env["xs.buyer.commitment"]._field_to_sql(c, "name", query),
            self.env["product.product"]._field_to_sql(p, "name", query),
            self.env["res.partner"]._field_to_sql(s, "name", query),
            self.env["xs.township"]._field_to_sql(t, "name", query),
            self.env["uom.uom"]._field_to_sql(u, "name", query),
            *(
                SaleLine_sudo._field_to_sql(sol, fname, query)
                for fname in (
                    "product_uom_qty",
                    "qty_delivered",
                    "price_unit",
                    "price_subtotal",
                    "untaxed_amount_invoiced",
                )
            ),
        )

    def _xs_direct_lines(self, buyer, campaign_ids):
        """The buyer's verified off-platform purchases, as counted lines."""
        domain = [("buyer_id", "=", buyer.id)]
        if campaign_ids:
            domain.append(("campaign_id", "in", campaign_ids))
        # The caller's own environment picks the purchases (a portal buyer's rule keeps its
        # organisation's); the counted view then keeps the verified ones only. sudo on the
        # view: it is looked up by those ids alone, and it reads sellers and townships.
        purchases = self.env["xs.direct.purchase"].search(domain)
        return (
            self.env["xs.counted.line"]
            .sudo()
            .search([("direct_purchase_id", "in", purchases.ids)], order="date, id")
        )

    def generate_xlsx_report(self, workbook, data, buyers):
        user = self.env.user
        campaign_ids = (data or {}).get("campaign_ids") or []
        for buyer in buyers.commercial_partner_id:
            if not user._is_internal() and buyer != user.partner_id.commercial_partner_id:
                raise AccessError(_("You can only download your own organisation's statement."))
            self._write_buyer(workbook, buyer, campaign_ids)

    def _write_buyer(self, workbook, buyer, campaign_ids):
        rows, campaigns_sudo = self._xs_statement_rows(buyer, campaign_ids)
        # sudo: the caller's own organisation, or any buyer for county staff.
        buyer_sudo = buyer.sudo()
        columns = self._columns()
        sheet, formats = start_table(
            workbook,
            buyer_sudo.name,
            columns,
            (
                _("Consumption Assistance Purchase Statement"),
                _(
                    "Buyer: %(buyer)s    Campaigns: %(campaigns)s    Date: %(date)s",
                    buyer=buyer_sudo.name,
                    campaigns="、".join(campaigns_sudo.mapped("name")) or "-",
                    date=cn_date(xs_today(self.env)),
                ),
            ),
            _("No."),
            height=30,
        )
        totals = self._xs_write_rows(sheet, formats, columns, rows)
        self._xs_write_totals(sheet, formats, columns, len(rows), totals)
        print_ready(sheet, HEADER_ROW)

    def _xs_statement_rows(self, buyer, campaign_ids):
        """(the statement's rows, their campaigns, sudo'd): platform order lines first,
        then verified off-platform purchases, each flagged in the Source column; a
        purchase is never also a platform order (the county refuses to verify one that
        matches an order), so the totals count each once."""
        # The statement's lines are a buyer's own (a few thousand at most): their ids, then
        # their rows in one query, read at once; then the figures and names that need
        # other queries.
        query = self._xs_platform_query(self._xs_lines(buyer, campaign_ids))
        self.env.flush_query(query)
        self.env.cr.execute(query)
        lines = self.env.cr.fetchall()
        directs = self._xs_direct_lines(buyer, campaign_ids)
        # Paid per line from the one owner of counted figures (sudo: only the caller's own
        # lines, already filtered by its record rules, are looked up).
        paid = {
            line.id: amount
            for line, amount in self.env["xs.counted.line"]
            .sudo()
            ._read_group(
                [("sale_line_id", "in", [line[0] for line in lines])],
                ["sale_line_id"],
                ["amount_paid:sum"],
            )
        }
        # The campaigns in the order their lines come, then the purchases' (sudo: the
        # names of the campaigns of the caller's own lines).
        campaigns_sudo = (
            self.env["xs.campaign"].sudo().browse(dict.fromkeys(line[1] for line in lines))
            | directs.campaign_id
        )
        platform = _("Platform Order")
        rows = [
            [
                name,
                platform,
                cn_date(xs_date(date_order)),
                action or "",
                commitment or "",
                product or "",
                seller or "",
                township or "",
                unit or "",
                ordered or 0.0,
                delivered or 0.0,
                price or 0.0,
                subtotal or 0.0,
                invoiced or 0.0,
                paid.get(line_id, 0.0),
            ]
            for (
                line_id,
                _campaign_id,
                name,
                date_order,
                action,
                commitment,
                product,
                seller,
                township,
                unit,
                ordered,
                delivered,
                price,
                subtotal,
                invoiced,
            ) in lines
        ]
        rows += [self._xs_direct_values(counted) for counted in directs]
        return rows, campaigns_sudo

    def _xs_write_rows(self, sheet, formats, columns, rows):
        """The statement's rows under its headers; {column: sum} of the summed columns."""
        first = HEADER_ROW + 1
        totals = {}
        for index, values in enumerate(rows):
            row = first + index
            sheet.write_number(row, 0, index + 1, formats["cell"])
            for col, ((_header, _width, fmt, summed), value) in enumerate(
                zip(columns, values, strict=True), start=1
            ):
                if fmt:
                    sheet.write_number(row, col, value, formats["num"][fmt])
                    if summed:
                        totals[col] = totals.get(col, 0.0) + value
                else:
                    sheet.write_string(row, col, value, formats["cell"])
        return totals

    def _xs_write_totals(self, sheet, formats, columns, count, totals):
        """The total row under the ``count`` rows: the summed columns as formulas."""
        first = HEADER_ROW + 1
        total_row = first + count
        sheet.merge_range(total_row, 0, total_row, 2, _("Total"), formats["total_label"])
        for col, (_header, _width, fmt, summed) in enumerate(columns, start=1):
            if col <= 2:
                continue
            if summed and count:
                sheet.write_formula(
                    total_row,
                    col,
                    f"=SUM({xl(first, col)}:{xl(total_row - 1, col)})",
                    formats["total"][fmt],
                    totals[col],
                )
            else:
                sheet.write_blank(total_row, col, None, formats["total_label"])
