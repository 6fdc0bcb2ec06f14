from odoo import api, models

from ..tools import xs_today


class XsDemo(models.AbstractModel):
    """Walks demo orders through the standard flows (delivery, invoices, payment), as the
    users would, so that the demo database holds documents in every state."""

    _name = "xs.demo"
    _description = "Consumption Assistance Demo Data"

    @api.model
    def _xs_demo_language(self):
        """The county's organisations and people read Chinese: the demo's partners (made
        while the install ran in English) print their orders, purchase orders and invoices
        in it, as partners a Chinese-speaking user creates do."""
        if not self.env["res.lang"]._lang_get("zh_CN"):
            return
        ours = self.env["ir.model.data"].search(
            [("module", "=", "xs_consumption"), ("model", "=", "res.partner")]
        )
        partners = self.env["res.partner"].browse(ours.mapped("res_id")).exists()
        partners |= self.env.ref("base.main_company").partner_id
        partners |= partners.child_ids
        partners.filtered(lambda p: p.lang != "zh_CN").write({"lang": "zh_CN"})

    @api.model
    def _ensure_chart(self):
        """Odoo installs the chart of accounts once every module is loaded; demo invoices
        need their journals now. Loads the Chinese chart on a company that has none."""
        company = self.env.ref("base.main_company")
        if not company.chart_template:
            self.env["account.chart.template"].try_loading("cn", company)

    @api.model
    def _fulfil_orders(self, order_ids, invoice=False, pay=False):
        orders = self.env["sale.order"].browse(order_ids)
        # The county confirms the RFQs; each seller then ships to its buyer (dropship).
        rfqs = orders.order_line.purchase_line_ids.order_id.filtered(
            lambda p: p.state in ("draft", "sent")
        )
        rfqs.button_confirm()
        pickings = orders.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.with_context(skip_sms=True, skip_backorder=True).button_validate()
        if not invoice:
            return
        today = xs_today(self.env)
        invoices = orders._create_invoices()
        invoices.invoice_date = today
        invoices.action_post()
        purchases = orders.order_line.purchase_line_ids.order_id
        purchases.action_create_invoice()
        bills = purchases.invoice_ids.filtered(lambda m: m.state == "draft")
        bills.invoice_date = today
        bills.action_post()
        if pay:
            for move in invoices | bills:
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=move.ids
                ).create({"payment_date": today})._create_payments()
