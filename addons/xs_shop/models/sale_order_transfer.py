from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.xs_consumption.tools import xs_check_workflow_vals, xs_workflow_write

from .payment_provider import ON_COLLECTION, TRANSFER, custom_mode_of, transfer_days

# Written by finance's action only.
TRANSFER_FIELDS = ("xs_transfer_received_date", "xs_transfer_received_by_id")

# R27: how far a shop order is paid, as the person, the work unit and finance read it.
PAYMENT_STATES = [
    ("paid", "Paid"),
    ("on_collection", "Pay on Collection"),
    ("transfer", "Awaiting Bank Transfer"),
    ("unpaid", "Not Paid"),
]


class SaleOrder(models.Model):
    """R27: a shop order paid by bank transfer to the county's consumption-assistance account
    holds its quantity from checkout; the sellers get their purchase orders once finance
    records the transfer received, and the order is released (cancelled, its quantity given
    back, the person told) when the transfer has not come within the county's delay.

    As in core, a payment_custom transaction stays pending: Odoo takes no money for it,
    finance matches the transfer in its bank statement (or the cash taken on collection)
    with the order's invoice. What the shop records is that the money arrived."""

    _inherit = "sale.order"

    xs_shop_payment_state = fields.Selection(
        PAYMENT_STATES, string="Shop Payment", compute="_compute_xs_shop_payment_state"
    )
    xs_transfer_due_date = fields.Date(
        string="Transfer Due By",
        compute="_compute_xs_shop_payment_state",
        help="A shop order awaiting its bank transfer is released after this day.",
    )
    xs_transfer_received_date = fields.Datetime(
        string="Transfer Received On", readonly=True, copy=False, tracking=True
    )
    xs_transfer_received_by_id = fields.Many2one(
        "res.users", string="Transfer Recorded By", readonly=True, copy=False
    )

    @api.depends(
        "transaction_ids.state",
        "transaction_ids.provider_id",
        "date_order",
        "xs_transfer_received_date",
        "xs_handed_out_date",
    )
    def _compute_xs_shop_payment_state(self):
        days = transfer_days(self.env)
        for order in self:
            # sudo: the payment's state and provider only.
            txs_sudo = order.sudo().transaction_ids
            pending = {custom_mode_of(tx) for tx in txs_sudo if tx.state == "pending"}
            if txs_sudo.filtered(lambda tx: tx.state == "done") or order.xs_transfer_received_date:
                state = "paid"
            elif ON_COLLECTION in pending:
                # Paid to the work unit when it hands the order out.
                state = "paid" if order.xs_handed_out_date else "on_collection"
            elif TRANSFER in pending:
                state = "transfer"
            else:
                state = "unpaid"
            order.xs_shop_payment_state = state
            order.xs_transfer_due_date = (
                state == "transfer"
                and order.date_order
                and (order.date_order + timedelta(days=days)).date()
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            xs_check_workflow_vals(self, vals, TRANSFER_FIELDS, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        xs_check_workflow_vals(self, vals, TRANSFER_FIELDS)
        return super().write(vals)

    def _xs_pending_transfers(self):
        # sudo: finance and the job read the orders' payments, whoever may read transactions.
        return self.sudo().transaction_ids.filtered(
            lambda tx: tx.state == "pending" and custom_mode_of(tx) == TRANSFER
        )

    def action_xs_transfer_received(self):
        """Finance records the bank transfer of these shop orders received on the county's
        account: the sellers get their purchase orders."""
        if not self.env.user.has_group("xs_consumption.xs_consumption_group_finance"):
            raise AccessError(_("Only finance records a bank transfer received."))
        for order in self:
            if order.xs_shop_payment_state != "transfer" or order.state != "sale":
                raise UserError(_("%(order)s awaits no bank transfer.", order=order.name))
        xs_workflow_write(
            self.sudo(),
            {
                "xs_transfer_received_date": fields.Datetime.now(),
                "xs_transfer_received_by_id": self.env.user.id,
            },
        )
        self.sudo()._xs_shop_paid()
        return True

    @api.model
    def _xs_release_expired_transfers(self):
        """Scheduled job (R27): a shop order whose bank transfer did not come within the
        county's delay (system parameter ``xs_shop.transfer_days``) is released: its
        transfer cancelled, the order cancelled, its quantity given back; the person is
        told."""
        since = fields.Datetime.now() - timedelta(days=transfer_days(self.env))
        held = self._xs_shop_held(since)
        expired = held.filtered(lambda o: o.xs_shop_payment_state == "transfer")
        expired._xs_pending_transfers()._set_canceled()
        released = expired._xs_shop_release()
        for order in released:
            order._xs_notify(
                order.partner_id,
                lambda o: (
                    o.env._("%(order)s released", order=o.name),
                    o.env._(
                        "Your bank transfer for %(order)s did not arrive within %(days)s days: "
                        "the order is cancelled and its produce offered to others again. Order "
                        "again in the shop if you still wish to buy.",
                        order=o.name,
                        days=transfer_days(o.env),
                    ),
                ),
                portal_url=lambda o: o.get_portal_url(),
            )
        return released
