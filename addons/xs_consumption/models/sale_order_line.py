from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import xs_check_workflow_vals

# What core recomputes when the ordered quantity changes (the price when it was not set
# by hand, the pricelist's discount when discounts and pricelists are enabled).
QTY_RECOMPUTED_FIELDS = ("price_unit", "technical_price_unit", "discount")
# Computed from the order and its deliveries, and read by every counted figure
# (xs.counted.line): never written by hand, in any period. Stored, so the ORM would store
# what a request writes: a line "cancelled" on its own, or "delivered by hand" instead of
# by its moves, would leave (or enter) figures already filed (R13, R22).
COMPUTED_FIGURE_FIELDS = ("state", "company_id", "currency_id", "qty_delivered_method")


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    xs_declaration_id = fields.Many2one(
        "xs.surplus.declaration",
        string="Catalogue Entry",
        index="btree_not_null",
        ondelete="restrict",  # an ordered entry cannot vanish from under the order (R22)
        domain="[('campaign_id', '=', parent.xs_campaign_id),"
        " ('xs_published_partner_id', '=', parent.partner_id)]",
        help="The declaration (and so the farmers' entity) this line sells.",
    )
    xs_action_id = fields.Many2one(
        related="order_id.xs_action_id", store=True, string="Campaign Action"
    )
    xs_seller_id = fields.Many2one(related="xs_declaration_id.seller_id", string="Seller")

    @api.constrains("xs_declaration_id", "product_id", "product_uom")
    def _check_xs_declaration(self):
        for line in self.filtered("xs_declaration_id"):
            declaration = line.xs_declaration_id
            if line.product_id != declaration.product_id:
                raise ValidationError(
                    _(
                        "%(order)s: catalogue entry %(name)s sells %(product)s, not %(other)s.",
                        order=line.order_id.name,
                        name=declaration.name,
                        product=declaration.product_id.display_name,
                        other=line.product_id.display_name,
                    )
                )
            if line.product_uom.category_id != declaration.uom_id.category_id:
                raise ValidationError(
                    _(
                        "%(order)s: %(product)s is sold in %(unit)s.",
                        order=line.order_id.name,
                        product=declaration.product_id.display_name,
                        unit=declaration.uom_id.name,
                    )
                )
            if line.order_id.xs_campaign_id != declaration.campaign_id:
                raise ValidationError(
                    _(
                        "%(order)s: %(name)s belongs to campaign %(campaign)s.",
                        order=line.order_id.name,
                        name=declaration.name,
                        campaign=declaration.campaign_id.name,
                    )
                )

    @api.onchange("xs_declaration_id")
    def _onchange_xs_declaration_id(self):
        if self.xs_declaration_id:
            self.product_id = self.xs_declaration_id.product_id
            self.product_uom = self.xs_declaration_id.uom_id

    def write(self, vals):
        xs_check_workflow_vals(self, vals, COMPUTED_FIGURE_FIELDS)
        if "qty_delivered" in vals:
            # Only a line delivered by hand (a service) records its delivered quantity.
            by_moves = self.filtered(lambda line: line.qty_delivered_method != "manual")
            if by_moves:
                xs_check_workflow_vals(by_moves, vals, ("qty_delivered",))
        Counted = self.env["xs.counted.line"]
        # R22: what the line's counted rows read from it (xs.counted.line): quantities,
        # units, prices, discounts, taxes, products and catalogue entries.
        counted = Counted._xs_counted_fields(self._name).intersection(vals)
        if not counted:
            return super().write(vals)
        # Who may not write the line is told so first: the period lock's message names
        # the line's deliveries, which are not theirs to read.
        self.check_access("write")
        confirmed = self.filtered(lambda line: line.state == "sale")
        # A line of an order dated in a reported period is frozen whole.
        confirmed.order_id._xs_check_period_lock()
        frozen = self.browse()
        if counted - {"product_uom_qty"}:
            # A delivery's counted amount is its quantity at the line's price: a line
            # delivered in a filed period keeps its price, unit, taxes and entry.
            confirmed._xs_check_delivery_periods()
        else:
            # The ordered quantity stays editable (more may still be delivered), but its
            # recomputations must not move a filed delivered figure (they bypass write():
            # a pricelist would reset the discount).
            frozen = confirmed._xs_filed_deliveries().sale_line_id
        # Whatever else the write moves on a filed day (an invoice's entry, a service's
        # delivered quantity, a line moved into a reported order), the view tells.
        with (
            Counted._xs_period_lock(
                "sale_line_id",
                lambda: self.filtered(lambda line: line.state == "sale"),
                lambda line: line.env._(
                    "Changing %(order)s (%(product)s)",
                    order=line.order_id.name,
                    product=line.product_id.display_name,
                ),
            ),
            self.env.protecting([self._fields[f] for f in QTY_RECOMPUTED_FIELDS], frozen),
        ):
            return super().write(vals)

    def _xs_delivery_rows(self):
        """R22: the done deliveries and returns of these lines that may count, as sudo
        stock.move, and their rows in xs.counted.line (``_xs_counted_rows``)."""
        # sudo: the campaign and its periods bind whoever edits the line.
        moves_sudo = self.sudo().move_ids._xs_counted_moves()
        return moves_sudo, self.env["xs.counted.line"]._xs_counted_rows(
            "stock_move_id", moves_sudo.ids
        )

    def _xs_filed_deliveries(self):
        """R22: the deliveries and returns of these lines that count in a filed period."""
        moves_sudo, rows = self._xs_delivery_rows()
        filed = self.env["xs.counted.line"]._xs_filed(rows)
        return moves_sudo.filtered(lambda m: m.id in filed)

    def _xs_check_delivery_periods(self):
        """R22: a confirmed line's delivered amount counts on each delivery's own day, at
        the line's price (xs.counted.line). When periods are filed out of order, an order
        of an open period can have a delivery in a filed one: its price, unit, taxes or
        entry must not move that filed figure either."""
        moves_sudo, rows = self._xs_delivery_rows()
        self.env["xs.counted.line"]._xs_check_counted_rows(
            moves_sudo,
            rows,
            lambda move: move.env._(
                "Changing the price, unit, taxes or catalogue entry of %(order)s "
                "(%(product)s), delivered by %(delivery)s,",
                order=move.sale_line_id.order_id.name,
                product=move.product_id.display_name,
                delivery=move.reference or move.picking_id.name or "",
            ),
        )

    @api.model_create_multi
    def create(self, vals_list):
        declarations = self.env["xs.surplus.declaration"].browse(
            [v["xs_declaration_id"] for v in vals_list if v.get("xs_declaration_id")]
        )
        by_id = {d.id: d for d in declarations.sudo()}
        for vals in vals_list:
            declaration_sudo = by_id.get(vals.get("xs_declaration_id"))
            if declaration_sudo:
                vals.setdefault("product_id", declaration_sudo.product_id.id)
                vals.setdefault("product_uom", declaration_sudo.uom_id.id)
        for vals in vals_list:
            # How a line is delivered is computed from its product, as on write: a catalogue
            # line created "delivered by hand" would count its typed quantity as delivered
            # on its order's day, without any delivery (R13, R22).
            xs_check_workflow_vals(self, vals, ("qty_delivered_method",), creating=True)
        lines = super().create(vals_list)
        lines.order_id.filtered(lambda o: o.state == "sale")._xs_check_period_lock()
        return lines

    def _xs_produce_lines(self):
        """The lines of ``self`` that sell produce, as the buyer's order lists show them:
        not sections or notes. An addon leaves out what else it adds to an order (xs_shop:
        the delivery fee and promotion discounts)."""
        return self.filtered(lambda line: not line.display_type)

    @api.depends("xs_declaration_id")
    def _compute_price_unit(self):
        return super()._compute_price_unit()

    @api.depends("xs_declaration_id")
    def _compute_tax_id(self):
        # R17, R21: the catalogue entry's tax, the same as on the seller's purchase line.
        # (Not on the entry's tax itself: a change applies to new orders only.)
        others = self.filtered(lambda line: not line.xs_declaration_id)
        res = super(SaleOrderLine, others)._compute_tax_id()
        for line in self - others:
            tax_sudo = line.xs_declaration_id.sudo()._xs_sale_tax()
            line.tax_id = line.order_id.fiscal_position_id.map_tax(tax_sudo)
        return res

    def _reset_price_unit(self):
        # The buyer pays the declared price (no margin on the farmers' produce).
        declaration = self.xs_declaration_id
        if not declaration:
            return super()._reset_price_unit()
        price = declaration.uom_id._compute_price(
            declaration.price_unit, self.product_uom or declaration.uom_id
        )
        self.update({"price_unit": price, "technical_price_unit": price})

    def _prepare_procurement_values(self, group_id=False):
        values = super()._prepare_procurement_values(group_id=group_id)
        declaration = self.xs_declaration_id
        if declaration:
            # R10: buy from exactly the declaring seller, by default shipped by it to the buyer.
            values["supplierinfo_id"] = declaration._xs_supplierinfo()
            values["supplierinfo_name"] = declaration.seller_id
            if not self.route_id:
                # A route chosen on the line (e.g. MTO, bought into the county warehouse
                # first) is kept; otherwise the seller ships straight to the buyer.
                # By its XML id, cached (env.ref would query that it exists, for each line).
                route_id = self.env["ir.model.data"]._xmlid_to_res_id(
                    "stock_dropshipping.route_drop_shipping", raise_if_not_found=False
                )
                if route_id:
                    values["route_ids"] = self.env["stock.route"].browse(route_id)
        return values
