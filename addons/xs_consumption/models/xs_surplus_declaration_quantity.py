import math
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, float_round


class XsSurplusDeclaration(models.Model):
    """R10, R13: quantities taken from a catalogue entry: what it sold and has left, the
    quantity an order asks for, the per-buyer limit and the row lock its confirmations
    and off-platform purchases are checked under."""

    _inherit = "xs.surplus.declaration"

    max_qty_per_buyer = fields.Float(
        string="Most per Buyer",
        digits="Product Unit of Measure",
        tracking=True,
        copy=False,
        help="The most one buyer organisation may take of this entry, summed over its "
        "confirmed orders (in the entry's unit). Empty: no limit but the remaining quantity.",
    )
    # R10 quantities from the buyers' sale orders. Internal users only: portal buyers
    # read catalogue entries, never the other buyers' order lines behind them.
    sale_line_ids = fields.One2many(
        "sale.order.line", "xs_declaration_id", string="Sale Lines", groups="base.group_user"
    )
    purchase_line_ids = fields.One2many(
        "purchase.order.line",
        "xs_declaration_id",
        string="Purchase Lines",
        groups="base.group_user",
    )
    # R10, R13: verified off-platform purchases of the entry sell its surplus too.
    direct_purchase_ids = fields.One2many(
        "xs.direct.purchase",
        "declaration_id",
        string="Off-Platform Purchases",
        groups="base.group_user",
    )
    qty_ordered = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Sold",
        groups="base.group_user",
        help="Quantity on confirmed platform orders plus verified off-platform purchases, "
        "in the entry's unit.",
        aggregator=None,
    )
    qty_delivered = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Delivered",
        groups="base.group_user",
        help="Delivered on platform orders, plus verified off-platform purchases (the buyer "
        "already has the goods).",
        aggregator=None,
    )
    qty_sold_platform = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Sold on Platform Orders",
        groups="base.group_user",
        aggregator=None,
    )
    qty_sold_direct = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Sold Off-Platform",
        groups="base.group_user",
        help="Verified off-platform purchases of this entry, in the entry's unit.",
        aggregator=None,
    )
    qty_remaining = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Remaining",
        aggregator=None,
    )
    amount_ordered = fields.Monetary(
        compute="_compute_qty_sold",
        store=True,
        string="Sold Amount",
        groups="base.group_user",
        help="Platform orders (excl. tax) plus verified off-platform purchases (amount paid).",
    )
    amount_sold_platform = fields.Monetary(
        compute="_compute_qty_sold",
        store=True,
        string="Amount on Platform Orders",
        groups="base.group_user",
    )
    amount_sold_direct = fields.Monetary(
        compute="_compute_qty_sold",
        store=True,
        string="Amount Off-Platform",
        groups="base.group_user",
    )
    sale_order_count = fields.Integer(compute="_compute_order_counts", groups="base.group_user")
    purchase_order_count = fields.Integer(compute="_compute_order_counts", groups="base.group_user")

    @api.depends(
        "quantity",
        "uom_id",
        "sale_line_ids.state",
        "sale_line_ids.product_uom_qty",
        "sale_line_ids.product_uom",
        "sale_line_ids.qty_delivered",
        "sale_line_ids.price_subtotal",
        "direct_purchase_ids.state",
        "direct_purchase_ids.quantity",
        "direct_purchase_ids.uom_id",
        "direct_purchase_ids.amount",
    )
    def _compute_qty_sold(self):
        """R10, R13: the one owner of what an entry sold and has left: confirmed platform
        order lines and verified off-platform purchases (the same documents
        ``xs.counted.line`` counts), each read in one GROUP BY, units converted per
        (declaration, unit) group. The campaign's share of surplus sold, the catalogue's
        remaining quantity and the order and verification checks all read these fields."""
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [("xs_declaration_id", "in", self.ids), ("state", "=", "sale")],
                ["xs_declaration_id", "product_uom"],
                ["product_uom_qty:sum", "qty_delivered:sum", "price_subtotal:sum"],
            )
        )
        # sudo: off-platform purchases of every buyer sold the entry; only sums are read.
        direct_groups = (
            self.env["xs.direct.purchase"]
            .sudo()
            ._read_group(
                [("declaration_id", "in", self.ids), ("state", "=", "verified")],
                ["declaration_id", "uom_id"],
                ["quantity:sum", "amount:sum"],
            )
        )
        # {id: [platform qty, delivered, platform amount, direct qty, direct amount]}
        sold = defaultdict(lambda: [0.0] * 5)
        for declaration, uom, qty, delivered, amount in groups:
            target = declaration.uom_id
            entry = sold[declaration.id]
            entry[0] += uom._compute_quantity(qty, target, round=False)
            entry[1] += uom._compute_quantity(delivered, target, round=False)
            entry[2] += amount
        for declaration, uom, qty, amount in direct_groups:
            entry = sold[declaration.id]
            entry[3] += uom._compute_quantity(qty, declaration.uom_id, round=False)
            entry[4] += amount
        for declaration in self:
            platform, delivered, platform_amount, direct, direct_amount = sold.get(
                declaration.id, (0.0,) * 5
            )
            declaration.qty_sold_platform = platform
            declaration.qty_sold_direct = direct
            declaration.amount_sold_platform = platform_amount
            declaration.amount_sold_direct = direct_amount
            declaration.qty_ordered = platform + direct
            declaration.qty_delivered = delivered + direct
            declaration.amount_ordered = platform_amount + direct_amount
            declaration.qty_remaining = declaration.quantity - platform - direct

    def _compute_order_counts(self):
        # sudo: township staff see how much of their produce sold without sales or
        # purchase rights; only counts leave this method.
        sale_groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [("xs_declaration_id", "in", self.ids)],
                ["xs_declaration_id"],
                ["order_id:count_distinct"],
            )
        )
        purchase_groups = (
            self.env["purchase.order.line"]
            .sudo()
            ._read_group(
                [("xs_declaration_id", "in", self.ids)],
                ["xs_declaration_id"],
                ["order_id:count_distinct"],
            )
        )
        sales = {d.id: n for d, n in sale_groups}
        purchases = {d.id: n for d, n in purchase_groups}
        for declaration in self:
            declaration.sale_order_count = sales.get(declaration.id, 0)
            declaration.purchase_order_count = purchases.get(declaration.id, 0)

    @api.constrains("max_qty_per_buyer")
    def _check_max_qty_per_buyer(self):
        for declaration in self:
            if declaration.max_qty_per_buyer < 0:
                raise ValidationError(
                    _(
                        "%(name)s: the most a buyer may take cannot be negative.",
                        name=declaration.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # R10 remaining quantity
    # ------------------------------------------------------------------

    def _xs_lock(self):
        """Lock the declaration rows until the end of the transaction.

        At REPEATABLE READ a transaction that waits here for a concurrent confirmation
        gets a serialization failure once that one commits (it wrote the row), and Odoo
        retries it on a fresh snapshot, where it sees the new remaining quantity.
        """
        if self.ids:
            self.env.cr.execute(
                "SELECT id FROM xs_surplus_declaration WHERE id IN %s FOR NO KEY UPDATE",
                [tuple(self.ids)],
            )

    def _xs_check_available(self, wanted, purchase=False):
        """Refuse an order of more than remains before anything is created (R10):
        ``wanted`` is {declaration id: quantity in its unit}. The check that counts is
        ``_xs_check_remaining`` under lock at confirmation; this one spares an order that
        cannot pass it (most orders once an entry runs out) the work of being created.
        ``purchase``: the quantity is an off-platform purchase being recorded."""
        rounding = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for declaration in self:
            if round(declaration.qty_remaining - wanted.get(declaration.id, 0.0), rounding) < 0:
                values = {
                    "remaining": round(declaration.qty_remaining, rounding),
                    "unit": declaration.uom_id.name,
                    "product": declaration.product_id.display_name,
                    "name": declaration.name,
                    "seller": declaration.seller_id.name,
                }
                if purchase:
                    raise UserError(
                        _(
                            "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                            "(%(seller)s): a purchase of it counts at most what is left. Record "
                            "at most that much against this entry, and the rest as a purchase "
                            "without a catalogue entry.",
                            **values,
                        )
                    )
                raise UserError(
                    _(
                        "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                        "(%(seller)s): the order asks for more. Reduce the quantity.",
                        **values,
                    )
                )

    def _xs_check_direct_purchase_fits(self, quantity, uom_id=None):
        """Tell a buyer recording an off-platform purchase of this entry at once when it is
        more than remains (R10), as ``_xs_check_available`` does for an order: verification
        would refuse it (``_xs_check_remaining``, under lock, is the check that counts)."""
        self.ensure_one()
        # sudo: what remains counts every buyer's orders; only that figure (and units'
        # factors, which portal users do not read) is read.
        entry = self.sudo()
        uom = entry.env["uom.uom"].browse(uom_id) if uom_id else entry.uom_id
        if uom.category_id != entry.uom_id.category_id:
            return  # the purchase's own constraint names the unit
        qty = uom._compute_quantity(quantity, entry.uom_id, round=False)
        entry._xs_check_available({entry.id: qty}, purchase=True)

    def _xs_check_remaining(self, pending=None, direct_purchases=None):
        """Refuse confirmed orders (or verified off-platform purchases, ``direct_purchases``)
        beyond the declared quantity, naming the declaration. Runs under ``_xs_lock()``.

        ``pending``: {declaration id: quantity} of the orders being confirmed (purchases
        being verified), already counted in ``qty_ordered``; the message tells what was left
        before them.
        """
        pending = pending or {}
        self.invalidate_recordset(["qty_ordered", "qty_remaining"])
        self.env.flush_all()
        rounding = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for declaration in self:
            if round(declaration.qty_remaining, rounding) < 0 and direct_purchases:
                # R10: the declared surplus caps what counts as sold of the entry.
                raise UserError(
                    _(
                        "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                        "(%(seller)s): %(purchases)s would count %(qty)s %(unit)s sold from it. "
                        "The declared surplus caps what is counted as sold of an entry: correct "
                        "the purchase to at most what is left and record the rest as a new "
                        "purchase without the catalogue entry (other county produce), or "
                        "reject it.",
                        remaining=round(
                            declaration.qty_remaining + pending.get(declaration.id, 0.0), rounding
                        ),
                        unit=declaration.uom_id.name,
                        product=declaration.product_id.display_name,
                        name=declaration.name,
                        seller=declaration.seller_id.name,
                        purchases=", ".join(
                            direct_purchases.filtered(
                                lambda p, d=declaration: p.declaration_id == d
                            ).mapped("name")
                        ),
                        qty=round(pending.get(declaration.id, 0.0), rounding),
                    )
                )
            if round(declaration.qty_remaining, rounding) < 0:
                raise UserError(
                    _(
                        "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                        "(%(seller)s): the order asks for more. Reduce the quantity.",
                        remaining=round(
                            declaration.qty_remaining + pending.get(declaration.id, 0.0), rounding
                        ),
                        unit=declaration.uom_id.name,
                        product=declaration.product_id.display_name,
                        name=declaration.name,
                        seller=declaration.seller_id.name,
                    )
                )

    def _xs_check_buyer_limit(self, orders):
        """R10: no buyer organisation takes more of an entry than the county allows it
        (``max_qty_per_buyer``), summed over its confirmed orders, ``orders`` (being
        confirmed, already in state sale) included. Runs under ``_xs_lock()`` with the
        remaining-quantity check: two orders of one buyer confirmed at once serialize on the
        entry's row, so the second one counts the first."""
        limited = self.filtered("max_qty_per_buyer")
        if not limited:
            return
        buyers = orders.partner_id.commercial_partner_id
        # sudo: the buyer's other orders, whoever confirms this one; only quantities are read.
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("xs_declaration_id", "in", limited.ids),
                    ("state", "=", "sale"),
                    ("order_partner_id", "child_of", buyers.ids),
                ],
                ["xs_declaration_id", "order_partner_id", "product_uom"],
                ["product_uom_qty:sum"],
            )
        )
        taken = defaultdict(float)
        for declaration, partner, uom, qty in groups:
            taken[declaration, partner.commercial_partner_id] += uom._compute_quantity(
                qty, declaration.uom_id, round=False
            )
        pending = defaultdict(float)
        for line in orders.order_line.filtered(lambda li: li.xs_declaration_id in limited):
            pending[line.xs_declaration_id, line.order_partner_id.commercial_partner_id] += (
                line.product_uom._compute_quantity(
                    line.product_uom_qty, line.xs_declaration_id.uom_id, round=False
                )
            )
        for (declaration, buyer), qty in pending.items():
            unit = declaration.uom_id
            total = taken[declaration.sudo(), buyer.sudo()]
            limit = declaration.max_qty_per_buyer
            if float_compare(total, limit, precision_rounding=unit.rounding) > 0:
                raise UserError(
                    _(
                        "%(buyer)s may take at most %(limit)s %(unit)s of %(product)s from "
                        "%(name)s; it already ordered %(before)s %(unit)s and this order asks "
                        "for %(qty)s more. Reduce the quantity.",
                        buyer=buyer.name,
                        limit=limit,
                        unit=unit.name,
                        product=declaration.product_id.display_name,
                        name=declaration.name,
                        before=float_round(total - qty, precision_rounding=unit.rounding),
                        qty=float_round(qty, precision_rounding=unit.rounding),
                    )
                )

    def _xs_parse_order_quantity(self, value):
        """R11, R19: the quantity of this entry asked for from outside (portal form, pulled
        platform order), as a float: a finite, positive number, a whole number of the
        entry's unit rounding, no more than what is left. Anything else raises a UserError
        naming the product and the value."""
        self.ensure_one()
        declaration = self.sudo()  # names and units for the message; self was searched
        product = declaration.product_id.display_name
        unit = declaration.uom_id
        try:
            if isinstance(value, bool):
                raise TypeError(value)
            qty = float(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError):
            raise UserError(
                _("%(product)s: %(value)r is not a quantity.", product=product, value=value)
            ) from None
        if not math.isfinite(qty) or qty <= 0:
            raise UserError(
                _(
                    "%(product)s: the quantity must be a positive number, not %(value)s.",
                    product=product,
                    value=value,
                )
            )
        if float_compare(qty, declaration.qty_remaining, precision_rounding=unit.rounding) > 0:
            # Early and without the lock, so that absurd quantities go no further; the
            # confirmation checks again under the lock (_xs_check_remaining).
            raise UserError(
                _(
                    "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                    "(%(seller)s): the order asks for more. Reduce the quantity.",
                    remaining=float_round(
                        max(declaration.qty_remaining, 0.0), precision_rounding=unit.rounding
                    ),
                    unit=unit.name,
                    product=product,
                    name=declaration.name,
                    seller=declaration.seller_id.name,
                )
            )
        if float_is_zero(qty, precision_rounding=unit.rounding) or not float_is_zero(
            float_round(qty, precision_rounding=unit.rounding) - qty,
            precision_rounding=unit.rounding / 1000,
        ):
            raise UserError(
                _(
                    "%(product)s is ordered in steps of %(step)s %(unit)s: %(value)s is not "
                    "one of them.",
                    product=product,
                    step=unit.rounding,
                    unit=unit.name,
                    value=value,
                )
            )
        return qty

    def _xs_update_catalogue_state(self):
        """Sold out leaves the catalogue by itself (orders confirmed, off-platform purchases
        verified); a cancelled order puts it back."""
        for declaration in self:
            if declaration.state == "listed" and declaration.qty_remaining <= 0:
                declaration._xs_workflow_write({"state": "sold_out"})
            elif declaration.state == "sold_out" and declaration.qty_remaining > 0:
                declaration._xs_workflow_write({"state": "listed"})

    def action_view_sale_orders(self):
        self.ensure_one()
        return self.env["sale.order"]._xs_orders_action(
            [("order_line.xs_declaration_id", "=", self.id)]
        )

    def action_view_purchase_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_form_action")
        action["domain"] = [("order_line.xs_declaration_id", "=", self.id)]
        action["context"] = {}
        return action
