import re
from collections import defaultdict

from odoo import _, api, fields, models

from odoo.addons.payment import utils as payment_utils

# R27: the county's two payment_custom providers: a bank transfer to its
# consumption-assistance account (core's wire transfer mode: the order waits for the
# transfer) and pay on collection at the work unit (trusted at checkout).
TRANSFER = "wire_transfer"
ON_COLLECTION = "xs_on_collection"
DEFAULT_TRANSFER_DAYS = 3
# The value of an <option> of a form's term.
OPTION_VALUE = re.compile(r'(<option\b[^>]*?\bvalue=")([^"]*)(")')


def custom_mode_of(tx):
    """The payment_custom mode of ``tx``'s provider (False for an online provider)."""
    provider = tx.provider_id
    return provider.code == "custom" and provider.custom_mode


def transfer_days(env):
    """The county's delay, in days, for a bank transfer to arrive before its order is
    released (system parameter ``xs_shop.transfer_days``, 3 by default)."""
    value = env["ir.config_parameter"].sudo().get_param("xs_shop.transfer_days")
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return DEFAULT_TRANSFER_DAYS


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    custom_mode = fields.Selection(
        selection_add=[(ON_COLLECTION, "Pay on Collection")],
        ondelete={ON_COLLECTION: "set null"},
    )

    @api.model
    def _get_compatible_providers(self, *args, sale_order_id=None, report=None, **kwargs):
        # Pay on collection: only for an order collected at the work unit.
        providers = super()._get_compatible_providers(
            *args, sale_order_id=sale_order_id, report=report, **kwargs
        )
        order = self.env["sale.order"].browse(sale_order_id).exists()
        if not order.xs_shop_collect:
            on_collection = providers.filtered(
                lambda p: p.code == "custom" and p.custom_mode == ON_COLLECTION
            )
            payment_utils.add_to_report(
                report, on_collection, available=False, reason=_("not collected at a work unit")
            )
            providers -= on_collection
        return providers

    def _get_default_payment_method_codes(self):
        # Pay on collection: its own payment method, switched on with the provider.
        if self.code == "custom" and self.custom_mode == ON_COLLECTION:
            return {ON_COLLECTION}
        return super()._get_default_payment_method_codes()

    @api.model
    def _xs_ensure_journal_lines(self):
        """R27: every enabled provider gets its journal's payment method line now, at install
        and update. Core makes it when the provider's journal is first read, which can be
        the first payments of a rush: each concurrent payment then makes one, and no later
        payment can be posted (two lines where core expects one)."""
        providers = self.search([("state", "!=", "disabled")])
        # Reading the journal makes the missing lines (account_payment's compute).
        providers.mapped("journal_id")
        return providers

    @api.model
    def _xs_keep_demo_states(self):
        """The demo provider's form posts the payment state its options' values name
        (done, pending, cancel, error); core's Chinese translates those values (done:
        完成), so a demo payment made in Chinese always failed. Each language keeps the
        English form's values; only the labels are translated."""
        view = self.env.ref("payment_demo.payment_details", raise_if_not_found=False)
        if not view:
            return
        translations, _context = view.get_field_translations("arch_db")
        fixes = defaultdict(dict)
        for term in translations:
            values = [value for _start, value, _end in OPTION_VALUE.findall(term["source"])]
            if not values or not term["value"]:
                continue
            if len(OPTION_VALUE.findall(term["value"])) != len(values):
                continue
            english = iter(values)
            fixed = OPTION_VALUE.sub(
                lambda match, english=english: match[1] + next(english) + match[3],
                term["value"],
            )
            if fixed != term["value"]:
                fixes[term["lang"]][term["source"]] = fixed
        if fixes:
            view.update_field_translations("arch_db", dict(fixes))
