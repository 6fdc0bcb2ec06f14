from odoo import models

from .payment_provider import ON_COLLECTION, custom_mode_of


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        # R27: a shop order is confirmed when the person pays (sale.order._xs_shop_hold,
        # before the payment): once the payment is made it is the order this payment
        # confirms, with the customer's confirmation e-mail core sends for it.
        confirmed = super()._check_amount_and_confirm_order()
        for tx in self.filtered(lambda t: len(t.sale_order_ids) == 1):
            order = tx.sale_order_ids
            if order.state == "sale" and order._is_confirmation_amount_reached():
                paid = order._xs_shop_paid()
                paid._send_order_confirmation_mail()
                confirmed |= paid
        return confirmed

    def _post_process(self):
        res = super()._post_process()
        # Pay on collection: trusted at checkout, the sellers get their orders (the work unit
        # records the payment when it hands the order out). A bank transfer waits for
        # finance (sale.order.action_xs_transfer_received) or is released unpaid.
        self.filtered(
            lambda tx: tx.state == "pending" and custom_mode_of(tx) == ON_COLLECTION
        ).sale_order_ids._xs_shop_paid()
        # A failed or cancelled payment gives the held quantity back.
        self.filtered(lambda tx: tx.state in ("cancel", "error")).sale_order_ids._xs_shop_release()
        return res
