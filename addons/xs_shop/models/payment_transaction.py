from odoo import models


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
        # The county's bank transfer or pay on collection: the person committed to pay at
        # checkout, the sellers get their orders (finance reconciles the transfer).
        self.filtered(
            lambda tx: tx.state == "pending" and tx.provider_id.code == "custom"
        ).sale_order_ids._xs_shop_paid()
        # A failed or cancelled payment gives the held quantity back.
        self.filtered(lambda tx: tx.state in ("cancel", "error")).sale_order_ids._xs_shop_release()
        return res
