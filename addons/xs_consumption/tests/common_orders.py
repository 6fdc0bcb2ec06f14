from odoo import Command
from odoo.tests import Form

from .common import XsCommon


class XsOrdersCommon(XsCommon):
    """Two listed declarations of the same produce by two sellers, and buyers per channel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer_school = cls.env["res.partner"].create(
            {"name": "Test High School", "is_company": True, "xs_buyer_category": "school"}
        )
        cls.buyer_school_2 = cls.env["res.partner"].create(
            {"name": "Test Primary School", "is_company": True, "xs_buyer_category": "school"}
        )
        cls.buyer_bank = cls.env["res.partner"].create(
            {"name": "Test Rural Bank", "is_company": True, "xs_buyer_category": "financial"}
        )
        cls.action_finance = cls.env["xs.campaign.action"].create(
            {"campaign_id": cls.campaign.id, "action_type": "finance", "target_amount": 10000}
        )
        cls.decl_a = cls._create_declaration()  # seller A, 1000 kg at 2.5
        cls.decl_b = cls._create_declaration(
            township_id=cls.township_b.id, seller_id=cls.seller_b.id, quantity=500, price_unit=2.0
        )
        (cls.decl_a | cls.decl_b).action_submit()
        (cls.decl_a | cls.decl_b).with_user(cls.user_county).action_verify()
        (cls.decl_a | cls.decl_b).write(
            {"channel_action_ids": [Command.set(cls.action_school.ids)]}
        )
        (cls.decl_a | cls.decl_b).with_user(cls.user_county).action_list()

    @classmethod
    def _order(cls, buyer, lines, action=None, commitment=None, confirm=True):
        """A buyer's sale order; ``lines``: [(declaration, quantity)]."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": buyer.id,
                "xs_campaign_id": cls.campaign.id,
                "xs_action_id": (action or cls.action_school).id,
                "xs_commitment_id": commitment.id if commitment else False,
                "order_line": [
                    Command.create({"xs_declaration_id": d.id, "product_uom_qty": qty})
                    for d, qty in lines
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def _run_purchase_job(self):
        """Run the scheduled job that makes portal orders' purchase orders, as the cron
        worker would (its action, its user)."""
        self.env.ref("xs_consumption.ir_cron_xs_create_purchases").method_direct_trigger()

    def _deliver(self, order):
        # The county confirms the RFQs to the sellers, who ship (dropship) to the buyer.
        rfqs = order.order_line.purchase_line_ids.order_id.filtered(
            lambda p: p.state in ("draft", "sent")
        )
        rfqs.button_confirm()
        pickings = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.button_validate()
        return pickings

    def _invoice_customer(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        return invoice

    def _bill_seller(self, purchase):
        purchase.action_create_invoice()
        bill = purchase.invoice_ids.filtered(lambda m: m.state == "draft")
        bill.invoice_date = self.today
        bill.action_post()
        return bill

    def _pay(self, move):
        wizard = Form(
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            )
        ).save()
        wizard._create_payments()
