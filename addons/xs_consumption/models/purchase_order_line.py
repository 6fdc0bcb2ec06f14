from odoo import api, fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    # Every purchase line traces to its own sale line and so to its declaration (R10, R22).
    xs_declaration_id = fields.Many2one(
        related="sale_line_id.xs_declaration_id",
        store=True,
        index="btree_not_null",
        string="Catalogue Entry",
        ondelete="restrict",  # a purchased entry cannot vanish from under the purchase
    )
    xs_action_id = fields.Many2one(
        related="sale_line_id.xs_action_id", store=True, string="Campaign Action"
    )

    def _xs_declared_price(self, declaration, uom):
        """The entry's declared price per ``uom``: the seller is paid what it declared,
        whatever other vendor prices it has for the product (one seller may declare the
        same product twice, at two prices)."""
        return declaration.uom_id._compute_price(declaration.price_unit, uom)

    @api.model
    def _prepare_purchase_order_line_from_procurement(
        self,
        product_id,
        product_qty,
        product_uom,
        location_dest_id,
        name,
        origin,
        company_id,
        values,
        po,
    ):
        sale_line_sudo = self.env["sale.order.line"].browse(values.get("sale_line_id")).sudo()
        declaration = sale_line_sudo.xs_declaration_id
        supplier = values.get("supplier")
        if declaration and supplier and supplier.xs_declaration_id == declaration:
            # The entry's own vendor price, named by its procurement: core's seller lookup
            # for the line reads that one instead of every vendor price of the product
            # (product.product._prepare_sellers).
            product_id = product_id.with_context(xs_supplierinfo_id=supplier.id)
        res = super()._prepare_purchase_order_line_from_procurement(
            product_id,
            product_qty,
            product_uom,
            location_dest_id,
            name,
            origin,
            company_id,
            values,
            po,
        )
        if declaration:
            uom = self.env["uom.uom"].browse(res["product_uom"])
            res["price_unit"] = self._xs_declared_price(declaration, uom)
            res["discount"] = 0.0
            res["taxes_id"] = [fields.Command.set(declaration._xs_purchase_tax().ids)]
        return res

    def _compute_tax_id(self):
        others = self.filtered(lambda line: not line.xs_declaration_id)
        res = super(PurchaseOrderLine, others)._compute_tax_id()
        for line in self - others:
            tax_sudo = line.xs_declaration_id.sudo()._xs_purchase_tax()
            line.taxes_id = line.order_id.fiscal_position_id.map_tax(tax_sudo)
        return res

    @api.depends("xs_declaration_id")
    def _compute_price_unit_and_date_planned_and_name(self):
        res = super()._compute_price_unit_and_date_planned_and_name()
        # A quantity change (the buyer's order edited) keeps the declared price.
        for line in self.filtered(lambda ln: ln.xs_declaration_id and not ln.invoice_lines):
            line.price_unit = self._xs_declared_price(
                line.xs_declaration_id.sudo(), line.product_uom or line.product_id.uom_po_id
            )
            line.discount = 0.0
        return res

    def _merge_po_line(self, rfq_line):
        # Merging RFQs must not fold lines of different sale lines together: move the
        # line over instead, keeping its own sale line and declaration.
        if (
            self.sale_line_id or rfq_line.sale_line_id
        ) and self.sale_line_id != rfq_line.sale_line_id:
            rfq_line.order_id = self.order_id
            return
        return super()._merge_po_line(rfq_line)
