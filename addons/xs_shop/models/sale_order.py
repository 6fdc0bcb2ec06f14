from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .xs_campaign_action import SHOP_CHANNEL

# R27: whom a person buys with, and the channel (campaign action type) the order counts in.
# A work unit or union counts in its own channel (its buyer category's, R8).
BUY_WITH = [
    ("individual", "Caring individual"),
    ("dezhou", "Dezhou resident"),
    ("work_unit", "My work unit or union"),
]
BUY_WITH_ACTION_TYPE = {"individual": "ecommerce", "dezhou": "east_west"}


def _xs_adds(line, add_qty, set_qty):
    """Whether a cart update asks for more of ``line`` than it holds."""
    try:
        if set_qty:
            return float(set_qty) > line.product_uom_qty
        return float(add_qty or 0) > 0
    except (TypeError, ValueError):
        return True


class SaleOrder(models.Model):
    _inherit = "sale.order"

    xs_shop_buy_with = fields.Selection(
        BUY_WITH,
        string="Buys With",
        help="Whom the person buys with in the shop (R27): the order counts in that channel's "
        "column of the returns.",
    )
    xs_shop_work_unit_id = fields.Many2one(
        "res.partner",
        string="Work Unit or Union",
        index="btree_not_null",
        ondelete="restrict",
        domain=[("xs_shop_work_unit", "=", True)],
    )

    @api.constrains("xs_action_id")
    def _check_xs_shop_action(self):
        for order in self:
            if order.xs_action_id.action_type == SHOP_CHANNEL:
                raise ValidationError(
                    _(
                        "%(order)s: %(action)s publishes the catalogue to people; an order "
                        "counts under the channel of whom they buy with.",
                        order=order.name,
                        action=order.xs_action_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # The cart: each line carries its catalogue entry (R27)
    # ------------------------------------------------------------------

    def _xs_shop_entry(self, declaration_id):
        """The catalogue entry ``declaration_id`` (an id as sent by the page) if this
        cart's shop sells it, else a clear error."""
        try:
            declaration_id = int(declaration_id)
        except (TypeError, ValueError):
            declaration_id = 0
        Declaration = self.env["xs.surplus.declaration"]
        entry = Declaration._xs_shop_search(self.website_id, [("id", "=", declaration_id)])
        if not entry:
            raise UserError(_("This produce is not sold in the shop any more."))
        return entry

    def _cart_update(self, product_id, line_id=None, add_qty=0, set_qty=0, **kwargs):
        self.ensure_one()
        line = self.order_line.filtered(lambda sol: sol.id == line_id) if line_id else None
        declaration_id = kwargs.pop("xs_declaration_id", None) or (
            line and line.xs_declaration_id.id
        )
        if not declaration_id:
            return super()._cart_update(product_id, line_id, add_qty, set_qty, **kwargs)
        if line and not _xs_adds(line, add_qty, set_qty):
            # Less of an entry, or none: also when it sold out meanwhile.
            entry = line.xs_declaration_id
            return super(
                SaleOrder, self.with_context(xs_shop_product_id=entry.product_id.id)
            )._cart_update(
                product_id, line_id, add_qty, set_qty, xs_declaration_id=entry.id, **kwargs
            )
        entry = self._xs_shop_entry(declaration_id)
        campaign = self.xs_campaign_id
        if campaign and campaign != entry.campaign_id and self.order_line.xs_declaration_id:
            raise UserError(
                _(
                    "Your cart holds produce of %(campaign)s: order %(product)s separately.",
                    campaign=campaign.name,
                    product=entry.product_id.display_name,
                )
            )
        if campaign != entry.campaign_id:
            action = self._xs_shop_action(entry.campaign_id)
            self.write({"xs_campaign_id": entry.campaign_id.id, "xs_action_id": action.id})
        product = entry.product_id.with_env(self.env)
        return super(SaleOrder, self.with_context(xs_shop_product_id=product.id))._cart_update(
            product.id, line_id, add_qty, set_qty, xs_declaration_id=entry.id, **kwargs
        )

    def _cart_find_product_line(self, product_id, line_id=None, **kwargs):
        lines = super()._cart_find_product_line(product_id, line_id, **kwargs)
        if not line_id:
            # Two sellers' entries of the same produce are two lines.
            declaration_id = kwargs.get("xs_declaration_id") or False
            lines = lines.filtered(lambda sol: sol.xs_declaration_id.id == declaration_id)
        return lines

    def _prepare_order_line_values(self, product_id, quantity, **kwargs):
        values = super()._prepare_order_line_values(product_id, quantity, **kwargs)
        if kwargs.get("xs_declaration_id"):
            # sudo: the entry was checked on sale in this shop (_cart_update).
            entry_sudo = (
                self.env["xs.surplus.declaration"].sudo().browse(kwargs["xs_declaration_id"])
            )
            values["xs_declaration_id"] = entry_sudo.id
            # The person's order and My Orders say whose produce each line is.
            values["name"] = _(
                "%(product)s — %(seller)s (%(township)s)",
                product=entry_sudo.product_id.display_name,
                seller=entry_sudo.seller_id.name,
                township=entry_sudo.township_id.name,
            )
        return values

    def _verify_updated_quantity(self, order_line, product_id, new_qty, **kwargs):
        new_qty, warning = super()._verify_updated_quantity(
            order_line, product_id, new_qty, **kwargs
        )
        declaration_id = kwargs.get("xs_declaration_id") or order_line.xs_declaration_id.id
        if declaration_id:
            # sudo: what is left counts every buyer's orders; only that figure is read.
            entry_sudo = self.env["xs.surplus.declaration"].sudo().browse(declaration_id)
            left = int(entry_sudo.qty_remaining)
            if new_qty > left:
                return left, _(
                    "Only %(left)s %(unit)s of %(product)s are left: your cart holds them all.",
                    left=left,
                    unit=entry_sudo.uom_id.name,
                    product=entry_sudo.product_id.display_name,
                )
        return new_qty, warning

    # ------------------------------------------------------------------
    # Whom the person buys with: the channel the order counts in (R27, R22)
    # ------------------------------------------------------------------

    def _xs_shop_action(self, campaign=None):
        """The campaign action this shop order counts under (in ``campaign``, by default
        its own): the chosen work unit's or union's channel, else the channel the county
        sets for Dezhou residents or for caring individuals."""
        self.ensure_one()
        campaign = campaign or self.xs_campaign_id
        if self.xs_shop_buy_with == "work_unit" and self.xs_shop_work_unit_id:
            return campaign._xs_channel_action(self.xs_shop_work_unit_id)
        action_type = BUY_WITH_ACTION_TYPE[self.xs_shop_buy_with or "individual"]
        # sudo: people read no campaign actions; the action is attribution data only.
        return campaign.sudo().action_ids.filtered(lambda a: a.action_type == action_type)[:1]

    def _xs_shop_set_action(self):
        for order in self.filtered("xs_campaign_id"):
            action = order._xs_shop_action()
            if order.xs_action_id != action:
                order.write({"xs_action_id": action.id})

    def _xs_shop_buy_with(self, buy_with, work_unit_id=None):
        """The person's choice at checkout, checked: one of the choices, and a work unit or
        union that takes part in the shop."""
        self.ensure_one()
        if buy_with not in dict(BUY_WITH):
            raise UserError(_("Choose whom you buy with."))
        work_unit = self.env["res.partner"]
        if buy_with == "work_unit":
            try:
                work_unit_id = int(work_unit_id or 0)
            except (TypeError, ValueError):
                work_unit_id = 0
            # sudo: the work units taking part are listed to every person at checkout.
            work_unit = (
                self.env["res.partner"]
                .sudo()
                .search([("id", "=", work_unit_id), ("xs_shop_work_unit", "=", True)])
            )
            if not work_unit:
                raise UserError(_("Choose your work unit or union from the list."))
        self.write({"xs_shop_buy_with": buy_with, "xs_shop_work_unit_id": work_unit.id})
        self._xs_shop_set_action()

    # ------------------------------------------------------------------
    # Checkout: the entries' quantity held before anything is charged (R10, R27)
    # ------------------------------------------------------------------

    def _xs_shop_sold_out(self):
        """The entries of this cart the shop no longer sells (sold out meanwhile)."""
        self.ensure_one()
        entries = self.order_line.xs_declaration_id
        if not entries:
            return entries
        on_sale = self.env["xs.surplus.declaration"]._xs_shop_search(
            self.website_id, [("id", "in", entries.ids)]
        )
        return entries.sudo() - on_sale.sudo()

    def _xs_shop_hold(self):
        """R27: when the person pays, the order is confirmed at the declared prices through
        the one confirmation every campaign order goes through (publication, what remains
        under the entries' lock, the per-buyer limit, quality, open phase) before any
        payment is made: of two carts paying for the last units at once exactly one
        passes, and the other person is told what sold out, charged nothing. The sellers'
        purchase orders follow once the payment is made (payment.transaction)."""
        self.ensure_one()
        if self.state != "draft" or not self.order_line.xs_declaration_id:
            return
        sold_out = self._xs_shop_sold_out()
        if sold_out:
            raise UserError(
                _(
                    "Sold out just now: %(entries)s. Remove it from your cart; nothing was "
                    "charged.",
                    entries=", ".join(
                        f"{d.product_id.display_name} ({d.seller_id.name})" for d in sold_out
                    ),
                )
            )
        if not self.xs_action_id:
            self._xs_shop_set_action()
        self.with_context(skip_procurement=True).action_confirm()

    def _xs_shop_filter_held(self):
        """Those of these orders held at checkout (confirmed in the shop, their entries'
        quantity taken) whose sellers' purchase orders are neither asked for nor made."""
        return self.filtered(
            lambda o: (
                o.state == "sale"
                and o.website_id
                and o.order_line.xs_declaration_id
                and not o.xs_purchase_pending
                and not o._xs_purchase_orders()
            )
        )

    def _xs_shop_release(self):
        """R27: a held shop order whose payment failed or was cancelled gives its quantity
        back (cancelled) before any purchase order was made for it."""
        held = self._xs_shop_filter_held().filtered(
            lambda o: not o.transaction_ids.filtered(lambda tx: tx.state in ("done", "pending"))
        )
        if held:
            held._action_cancel()
        return held

    @api.model
    def _xs_cron_release_unpaid(self, minutes=60):
        """Scheduled job (R27): a shop order held at checkout whose payment was never made
        (the person left the provider's page) gives its quantity back after ``minutes``."""
        since = fields.Datetime.subtract(fields.Datetime.now(), minutes=minutes)
        held = self._xs_shop_held(since)._xs_shop_release()
        # And, after the county's delay, a bank transfer that never came.
        return held | self._xs_release_expired_transfers()

    @api.model
    def _xs_shop_held(self, since):
        """The shop orders held at checkout before ``since`` whose sellers' purchase orders
        are not asked for."""
        # sudo: the jobs run for every person's orders; only held shop orders are read.
        return self.sudo().search(
            [
                ("state", "=", "sale"),
                ("website_id", "!=", False),
                ("xs_purchase_pending", "=", False),
                ("order_line.xs_declaration_id", "!=", False),
                ("date_order", "<", since),
            ]
        )

    def _xs_shop_paid(self):
        """R27: paid (or, with pay on collection, committed to pay at checkout): the
        sellers get their purchase orders through the scheduled job, as buyer portal orders
        do."""
        orders = self._xs_shop_filter_held()
        if orders:
            orders._xs_request_purchases()
        return orders
