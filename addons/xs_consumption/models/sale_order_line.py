from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PAID_STATES = ("paid", "in_payment")


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    xs_declaration_id = fields.Many2one(
        "xs.surplus.declaration",
        string="Catalogue Entry",
        index="btree_not_null",
        domain="[('state', '=', 'listed'), ('campaign_id', '=', parent.xs_campaign_id),"
        " ('channel_action_ids.action_type', '=', parent.xs_channel),"
        " '|', ('channel_partner_ids', '=', False),"
        " ('channel_partner_ids', 'in', [parent.xs_buyer_id])]",
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
        # R22: quantities, prices and catalogue entries of a reported order are frozen.
        if {"product_uom_qty", "price_unit", "product_id", "xs_declaration_id"}.intersection(vals):
            self.order_id.filtered(lambda o: o.state == "sale")._xs_check_period_lock()
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        declarations = self.env["xs.surplus.declaration"].browse(
            [v["xs_declaration_id"] for v in vals_list if v.get("xs_declaration_id")]
        )
        by_id = {d.id: d for d in declarations.sudo()}
        for vals in vals_list:
            declaration = by_id.get(vals.get("xs_declaration_id"))
            if declaration:
                vals.setdefault("product_id", declaration.product_id.id)
                vals.setdefault("product_uom", declaration.uom_id.id)
        lines = super().create(vals_list)
        lines.order_id.filtered(lambda o: o.state == "sale")._xs_check_period_lock()
        return lines

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
            tax = line.xs_declaration_id.sudo()._xs_sale_tax()
            line.tax_id = line.order_id.fiscal_position_id.map_tax(tax)
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
                route = self.env.ref(
                    "stock_dropshipping.route_drop_shipping", raise_if_not_found=False
                )
                if route:
                    values["route_ids"] = route
        return values

    @api.model
    def _xs_amounts_by(self, domain, key):
        """Sales figures of confirmed lines matching ``domain``, grouped by the record at
        field path ``key``: {id: {ordered, delivered, invoiced, paid, orders}} in company
        currency, untaxed. Two queries whatever the number of lines."""
        # sudo: figures for county staff and buyers' own commitments; no line is returned.
        fnames = [
            "price_subtotal",
            "qty_delivered",
            "price_reduce_taxexcl",
            "untaxed_amount_invoiced",
        ]
        self.flush_model(fnames)
        lines = self.sudo().search_fetch(
            domain + [("state", "=", "sale")],
            ["order_id", *fnames],
        )
        result = defaultdict(lambda: defaultdict(float))
        orders = defaultdict(set)
        group_of_line = {}
        for line in lines:
            group = line.mapped(key)[:1].id
            group_of_line[line.id] = group
            figures = result[group]
            figures["ordered"] += line.price_subtotal
            figures["delivered"] += line.qty_delivered * line.price_reduce_taxexcl
            figures["invoiced"] += line.untaxed_amount_invoiced
            orders[group].add(line.order_id.id)
        for line_id, amount in lines._xs_paid_by_line().items():
            result[group_of_line[line_id]]["paid"] += amount
        for group, ids in orders.items():
            result[group]["orders"] = len(ids)
        return result

    def _xs_paid_by_line(self):
        """{sale line id: untaxed amount of its customer invoices already paid}, one query."""
        if not self:
            return {}
        self.env["account.move"].flush_model(["payment_state"])
        # sudo: a figure of the caller's own lines; buyers and county staff need not read
        # accounting entries.
        paid = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("sale_line_ids", "in", self.ids),
                    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                    ("move_id.payment_state", "in", PAID_STATES),
                    ("display_type", "=", "product"),
                ],
                ["sale_line_ids"],
                ["balance:sum"],
            )
        )
        mine = set(self.ids)
        return {line.id: -balance for line, balance in paid if line.id in mine}
