from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    xs_declaration_ids = fields.Many2many(
        "xs.surplus.declaration", compute="_compute_xs_declaration_ids", string="Catalogue Entries"
    )

    def _compute_xs_declaration_ids(self):
        for order in self:
            order.xs_declaration_ids = order.order_line.xs_declaration_id

    def _xs_ship_to(self):
        """R10: what a seller needs to ship this order, in its portal: the buyer
        organisations, the address to ship to (dropship: the buyer's delivery address;
        otherwise the platform's warehouse) and whom to call there (the delivery address
        and the buyer's contacts who ordered, with their phones).

        Called on orders the caller may read; the buyer's partners are read with sudo (a
        portal seller may not read them itself)."""
        self.ensure_one()
        order_sudo = self.sudo()
        sales = order_sudo._get_sale_orders()
        address = (
            order_sudo.dest_address_id
            or order_sudo.picking_type_id.warehouse_id.partner_id
            or order_sudo.company_id.partner_id
        )
        buyers = (order_sudo.dest_address_id | sales.partner_id).commercial_partner_id
        return {
            "buyers": buyers,
            "address": address,
            "contacts": sales.partner_id - address,
        }

    def action_merge(self):
        # Lines tied to a sale line move over whole before the standard merge, which would
        # otherwise sum same-product lines of different sale orders (R10 traceability).
        rfqs = self.filtered(lambda r: r.state in ("draft", "sent"))
        groups = {}
        for rfq in rfqs:
            groups.setdefault(self._prepare_grouped_data(rfq), self.browse())
            groups[self._prepare_grouped_data(rfq)] |= rfq
        for group in groups.values():
            if len(group) < 2:
                continue
            oldest = min(group, key=lambda r: r.date_order)
            (group - oldest).order_line.filtered("sale_line_id").write({"order_id": oldest.id})
        return super().action_merge()
