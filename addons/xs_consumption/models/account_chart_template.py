from odoo import _, api, models

from odoo.addons.account.models.chart_template import template

# R21: farmers' cooperatives selling their own produce are VAT-exempt (增值税免税); no chart
# of accounts has such a tax, so every chart gets one for sales and one for purchases, made
# per company as Odoo's localisations make theirs: when a company gets its chart (a new
# company too), and for the companies that already have one when this module is installed.


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @template(model="account.tax.group")
    def _get_xs_consumption_account_tax_group(self, template_code):
        return {"xs_tax_exempt_group": {"name": _("VAT Exempt"), "sequence": 100}}

    @template(model="account.tax")
    def _get_xs_consumption_account_tax(self, template_code):
        exempt = {
            "name": _("VAT Exempt"),
            "invoice_label": _("Exempt"),
            "amount": 0.0,
            "amount_type": "percent",
            "tax_group_id": "xs_tax_exempt_group",
            "sequence": 100,
        }
        return {
            "xs_tax_exempt_sale": dict(exempt, type_tax_use="sale"),
            "xs_tax_exempt_purchase": dict(exempt, type_tax_use="purchase"),
        }

    @api.model
    def _xs_load_exempt_taxes(self, companies):
        """Creates the exempt taxes of ``companies`` that have a chart of accounts and lack
        them (the chart's own loading makes them for a company that gets its chart later)."""
        for company in companies.filtered(lambda c: c.chart_template and not c.parent_id):
            # The chart's records (account.<company>_...), made while this module installs:
            # foreign on purpose, as a localisation's are.
            chart = self.with_company(company).with_context(
                lang="en_US", foreign_record_to_create=True
            )
            data = {
                "account.tax.group": chart._get_xs_consumption_account_tax_group(
                    company.chart_template
                ),
                "account.tax": {
                    xmlid: vals
                    for xmlid, vals in chart._get_xs_consumption_account_tax(
                        company.chart_template
                    ).items()
                    if not chart.ref(xmlid, raise_if_not_found=False)
                },
            }
            if data["account.tax"]:
                chart._load_data(data)
                chart._load_translations(companies=company)
