from odoo import api, models

# R21: the VAT-exempt taxes (增值税免税) of each company's chart of accounts
# (account.chart.template: models/account_chart_template.py).
EXEMPT_XMLID = "account.%(company)s_xs_tax_exempt_%(use)s"


class AccountTax(models.Model):
    _inherit = "account.tax"

    @api.model
    def _xs_exempt_tax(self, company, use, create=True):
        """The 0 % VAT-exempt tax of ``company`` for ``use`` ('sale' or 'purchase'); with
        ``create``, made now when the company has a chart of accounts but not the tax yet
        (none when it has no chart: the tax belongs to a fiscal country)."""
        xmlid = EXEMPT_XMLID % {"company": company.root_id.id, "use": use}
        # The id from the xmlid cache, without env.ref()'s existence query: this runs for
        # every line of every portal order (the record is deleted only with its xmlid).
        tax_id = self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
        if not tax_id and create and company.root_id.chart_template:
            # sudo: the tax is reference data every campaign role reads; only this code
            # and the chart of accounts make it.
            self.env["account.chart.template"].sudo()._xs_load_exempt_taxes(company.root_id)
            tax_id = self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
        return self.browse(tax_id)

    def _xs_purchase_twin(self):
        """The purchase tax at the same rate as this sale tax: the seller is paid what the
        buyer pays (R17), tax included the same way on both sides."""
        self.ensure_one()
        if self.amount == 0 and self.amount_type == "percent":
            exempt = self._xs_exempt_tax(self.company_id, "sale", create=False)
            if self == exempt:
                return self._xs_exempt_tax(self.company_id, "purchase")
        twin_sudo = self.sudo().search(
            [
                ("company_id", "=", self.company_id.id),
                ("type_tax_use", "=", "purchase"),
                ("amount_type", "=", self.amount_type),
                ("amount", "=", self.amount),
                ("price_include", "=", self.price_include),
            ],
            order="sequence, id",
            limit=1,
        )
        return twin_sudo.sudo(False)
