import math
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero, float_round


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
    # R10 quantities taken from an entry: one path
    # ------------------------------------------------------------------

    @api.model
    def _xs_take(self, taken, orders=None):
        """R10: the one path of every quantity taken from catalogue entries: orders being
        confirmed (back office, buyer portal, shop, platforms), off-platform purchases
        being verified; and, before anything is made, a buyer portal or platform order and
        an off-platform purchase being recorded (told at once what confirmation or
        verification would say).

        ``taken``: [(entry, quantity, unit, buyer)] in the documents' units. Locks the
        entries' rows until the end of the transaction (``_xs_lock``), converts each
        quantity to its entry's unit and refuses, naming the entry, more than remains and,
        for ``orders``, more than a buyer may take (``_xs_check_buyer_limit``).
        ``orders``: the sale orders being confirmed, whose lines ``taken`` lists: already
        in state sale, so already counted in what remains. Other quantities (purchases) are
        not counted yet and must fit in what remains.

        At REPEATABLE READ this is a check-then-act: of two transactions taking the last
        units at once, the second waits on the lock, gets a serialization failure when the
        first commits, and Odoo retries it on a snapshot that counts the first one
        (``odoo.service.model.retrying``, around every request).
        """
        # sudo: what remains counts every buyer's orders; only quantities are read.
        entries_sudo = self.browse(sorted({entry.id for entry, *_rest in taken})).sudo()
        entries_sudo._xs_lock()
        asked = defaultdict(float)
        by_buyer = defaultdict(float)
        for entry, quantity, unit, buyer in taken:
            entry_sudo = entry.sudo()
            unit_sudo = (
                unit.sudo() if unit else entry_sudo.uom_id
            )  # factors portal users do not read
            if unit_sudo.category_id != entry_sudo.uom_id.category_id:
                continue  # the document's own constraint names the unit
            qty = unit_sudo._compute_quantity(quantity, entry_sudo.uom_id, round=False)
            asked[entry_sudo] += qty
            if buyer:
                by_buyer[entry_sudo, buyer.commercial_partner_id] += qty
        entries_sudo.invalidate_recordset(["qty_ordered", "qty_remaining"])
        self.env.flush_all()
        if orders:
            entries_sudo._xs_check_buyer_limit(by_buyer)
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for entry_sudo, qty in asked.items():
            left = entry_sudo.qty_remaining + (qty if orders else 0.0)
            if float_compare(qty, left, precision_digits=digits) > 0:
                raise UserError(
                    _(
                        "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                        "(%(seller)s): this would count %(qty)s %(unit)s sold from it. The "
                        "declared surplus caps what is counted as sold of an entry, and an "
                        "order or a purchase counts at most what is left: reduce the quantity, "
                        "or record the rest of a purchase without a catalogue entry (other "
                        "county produce).",
                        remaining=round(max(left, 0.0), digits),
                        unit=entry_sudo.uom_id.name,
                        product=entry_sudo.product_id.display_name,
                        name=entry_sudo.name,
                        seller=entry_sudo.seller_id.name,
                        qty=round(qty, digits),
                    )
                )

    def _xs_lock(self):
        """Lock the entries' rows until the end of the transaction, in id order (two
        orders of the same entries wait for each other instead of deadlocking)."""
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM xs_surplus_declaration WHERE id IN %s ORDER BY id "
                    "FOR NO KEY UPDATE",
                    tuple(self.ids),
                )
            )

    def _xs_check_buyer_limit(self, pending):
        """R10: no buyer organisation takes more of an entry than the county allows it
        (``max_qty_per_buyer``), summed over its confirmed orders, those being confirmed
        (already in state sale) included; ``pending``: {(entry, buyer): quantity they
        take, in the entry's unit}. Runs under the lock of ``_xs_take``: two orders of one
        buyer confirmed at once serialize on the entry's row, so the second counts the
        first."""
        limited = self.filtered("max_qty_per_buyer")
        pending = {key: qty for key, qty in pending.items() if key[0] in limited}
        if not pending:
            return
        buyers = self.env["res.partner"].union(*(buyer for _entry, buyer in pending))
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
        for (declaration, buyer), qty in pending.items():
            unit = declaration.uom_id
            total = taken[declaration, buyer]
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
        entry's unit rounding. Anything else raises a UserError naming the product and the
        value. Whether that much is left is for the confirmation to say (``_xs_take``)."""
        self.ensure_one()
        declaration_sudo = self.sudo()  # names and units for the message; self was searched
        product = declaration_sudo.product_id.display_name
        unit = declaration_sudo.uom_id
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
        # Past 2**52 steps a float tells no step from the next: so large a quantity is
        # refused by what remains (``_xs_take``), not for its steps.
        if qty / unit.rounding < 2**52 and (
            float_is_zero(qty, precision_rounding=unit.rounding)
            or not float_is_zero(
                float_round(qty, precision_rounding=unit.rounding) - qty,
                precision_rounding=unit.rounding / 1000,
            )
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
