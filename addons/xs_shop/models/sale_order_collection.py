from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.xs_consumption.tools import xs_check_workflow_vals, xs_date, xs_workflow_write

# Written by the hand-out action only.
HAND_OUT_FIELDS = ("xs_handed_out_date", "xs_handed_out_by_id")


class SaleOrder(models.Model):
    """R27: a person collects the order at the work unit or union they buy with: the order
    ships to the work unit's collection address (the sellers' dropship purchase orders
    with it), is collected on its collection day, and the work unit hands it out."""

    _inherit = "sale.order"

    xs_shop_collect = fields.Boolean(
        string="Collected at the Work Unit",
        related="carrier_id.xs_collect_at_work_unit",
        store=True,
    )
    xs_collection_date = fields.Date(
        string="Collection Day",
        compute="_compute_xs_collection_date",
        store=True,
        help="The work unit's first collection day after the order was placed.",
    )
    xs_handed_out_date = fields.Datetime(
        string="Handed Out On", readonly=True, copy=False, tracking=True
    )
    xs_handed_out_by_id = fields.Many2one(
        "res.users", string="Handed Out By", readonly=True, copy=False
    )
    xs_seller_delivered = fields.Boolean(
        string="Delivered by the Sellers", compute="_compute_xs_seller_delivered"
    )

    @api.depends("xs_shop_collect", "xs_shop_work_unit_id.xs_collection_weekday", "date_order")
    def _compute_xs_collection_date(self):
        for order in self:
            unit = order.xs_shop_work_unit_id
            order.xs_collection_date = (
                order.xs_shop_collect
                and unit
                and unit._xs_collection_date(xs_date(order.date_order))
            )

    @api.depends("picking_ids.state")
    def _compute_xs_seller_delivered(self):
        for order in self:
            # sudo: whether the sellers' deliveries are done; people read no transfers.
            pickings_sudo = order.sudo().picking_ids.filtered(lambda p: p.state != "cancel")
            order.xs_seller_delivered = bool(pickings_sudo) and all(
                p.state == "done" for p in pickings_sudo
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            xs_check_workflow_vals(self, vals, HAND_OUT_FIELDS, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        xs_check_workflow_vals(self, vals, HAND_OUT_FIELDS)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Checkout: collected at the work unit's collection address
    # ------------------------------------------------------------------

    def _set_delivery_method(self, delivery_method, rate=None):
        res = super()._set_delivery_method(delivery_method, rate=rate)
        self._xs_collection_apply()
        return res

    def _xs_shop_buy_with(self, buy_with, work_unit_id=None):
        res = super()._xs_shop_buy_with(buy_with, work_unit_id)
        if self.carrier_id.xs_collect_at_work_unit and self.state == "draft":
            self._xs_collection_apply()
        return res

    def _xs_collection_apply(self):
        """The shipping address of a cart collected at the work unit is the work unit's
        collection address (the sellers deliver there); of a cart delivered home, the
        person's own again."""
        for order in self.filtered(lambda o: o.state == "draft"):
            unit = order.xs_shop_work_unit_id
            if order.carrier_id.xs_collect_at_work_unit and unit:
                address = unit.sudo()._xs_collection_address()
            elif order.partner_shipping_id.commercial_partner_id.xs_shop_work_unit and (
                order.partner_shipping_id.commercial_partner_id
                != order.partner_id.commercial_partner_id
            ):
                address = order.partner_id.address_get(["delivery"])["delivery"]
                address = self.env["res.partner"].browse(address)
            else:
                continue
            if order.partner_shipping_id != address:
                order.partner_shipping_id = address

    def _xs_shop_hold(self):
        for order in self:
            if order.carrier_id.xs_collect_at_work_unit:
                if not order.xs_shop_work_unit_id:
                    raise UserError(
                        _(
                            "To collect at your work unit, choose in the cart the work unit "
                            "or union you buy with."
                        )
                    )
                order._xs_collection_apply()
        return super()._xs_shop_hold()

    # ------------------------------------------------------------------
    # The work unit hands the orders out
    # ------------------------------------------------------------------

    @api.model
    def _xs_collection_domain(self, work_unit):
        """The shop orders ``work_unit``'s staff collect there."""
        return [
            ("xs_shop_work_unit_id", "=", work_unit.id),
            ("xs_shop_collect", "=", True),
            ("state", "=", "sale"),
        ]

    def action_xs_hand_out(self):
        """The work unit hands these orders out to its staff: only its own staff's orders
        collected there, only paid ones (or paid now, on collection), each once."""
        user = self.env.user
        for order in self:
            order_sudo = order.sudo()
            if user.share:
                if order_sudo.xs_shop_work_unit_id != user.partner_id.commercial_partner_id:
                    raise AccessError(_("Only the work unit hands out its staff's orders."))
            else:
                order.check_access("write")
            if order_sudo.state != "sale" or not order_sudo.xs_shop_collect:
                raise UserError(
                    _("%(order)s is not an order collected at a work unit.", order=order.name)
                )
            if order_sudo.xs_handed_out_date:
                raise UserError(_("%(order)s was already handed out.", order=order.name))
            if order_sudo.xs_shop_payment_state not in ("paid", "on_collection"):
                raise UserError(
                    _("%(order)s is not paid yet: hand it out once paid.", order=order.name)
                )
        orders_sudo = self.sudo()
        xs_workflow_write(
            orders_sudo,
            {"xs_handed_out_date": fields.Datetime.now(), "xs_handed_out_by_id": user.id},
        )
        for order_sudo in orders_sudo:
            order_sudo.message_post(
                body=_(
                    "Handed out to %(person)s by %(unit)s.",
                    person=order_sudo.partner_id.name,
                    unit=user.partner_id.commercial_partner_id.name,
                ),
                author_id=user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
        return True
