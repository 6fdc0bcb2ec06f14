from odoo import _, api, models

# R21: farmers' cooperatives selling their own produce are VAT-exempt (增值税免税); the
# Chinese chart has no such tax, so each company gets one for sales and one for purchases.
EXEMPT_XMLID = "xs_consumption.%(company)s_xs_tax_exempt_%(use)s"


class AccountTax(models.Model):
    _inherit = "account.tax"

    @api.model
    def _xs_exempt_tax(self, company, use, create=True):
        """The 0 % VAT-exempt tax of ``company`` for ``use`` ('sale' or 'purchase')."""
        xmlid = EXEMPT_XMLID % {"company": company.id, "use": use}
        # sudo: the tax is reference data every campaign role reads; only this code makes it.
        # The id from the xmlid cache, without env.ref()'s existence query: this runs for
        # every line of every portal order (the record is deleted only with its xmlid).
        tax = self.browse(
            self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
        )
        if tax or not create:
            return tax.sudo(False) if tax else self.browse()
        group_xmlid = EXEMPT_XMLID % {"company": company.id, "use": "group"}
        group = self.env.ref(group_xmlid, raise_if_not_found=False)
        if not group:
            group = (
                self.env["account.tax.group"]
                .sudo()
                .create(
                    {
                        "name": _("VAT Exempt"),
                        "company_id": company.id,
                        "country_id": (company.account_fiscal_country_id or company.country_id).id,
                    }
                )
            )
            self.env["ir.model.data"].sudo()._update_xmlids(
                [{"xml_id": group_xmlid, "record": group, "noupdate": True}]
            )
        tax = (
            self.sudo()
            .with_company(company)
            .create(
                {
                    "name": _("VAT Exempt"),
                    "tax_group_id": group.id,
                    "invoice_label": _("Exempt"),
                    "amount": 0.0,
                    "amount_type": "percent",
                    "type_tax_use": use,
                    "company_id": company.id,
                }
            )
        )
        # Names in every installed language (the record is made by code, not by a .po).
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        tax.update_field_translations(
            "name", {lang: self.with_context(lang=lang).env._("VAT Exempt") for lang in langs}
        )
        self.env["ir.model.data"].sudo()._update_xmlids(
            [{"xml_id": xmlid, "record": tax, "noupdate": True}]
        )
        return tax.sudo(False)

    @api.model
    def _xs_install_exempt_taxes(self):
        # sudo: called from module data as the installing user.
        for company in self.env["res.company"].sudo().search([]):
            for use in ("sale", "purchase"):
                self._xs_exempt_tax(company, use)

    def _xs_purchase_twin(self):
        """The purchase tax at the same rate as this sale tax: the seller is paid what the
        buyer pays (R17), tax included the same way on both sides."""
        self.ensure_one()
        if self.amount == 0 and self.amount_type == "percent":
            exempt = self._xs_exempt_tax(self.company_id, "sale", create=False)
            if self == exempt:
                return self._xs_exempt_tax(self.company_id, "purchase")
        twin = self.sudo().search(
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
        return twin.sudo(False)
