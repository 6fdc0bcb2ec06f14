from collections import OrderedDict

from odoo import api, models
from odoo.tools import format_amount, format_date

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _four_digits_in_words(group):
    """1,234 -> 壹仟贰佰叁拾肆; zeros inside read once (1,005 -> 壹仟零伍)."""
    words, zero = "", False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit:
            if zero and words:
                words += "零"
            words += _DIGITS[digit] + _SMALL_UNITS[position]
            zero = False
        else:
            zero = True
    return words


def xs_amount_in_words_zh(amount):
    """R29: an amount of yuan as written on Chinese formal documents (人民币大写):
    12,305.60 -> 壹万贰仟叁佰零伍元陆角整; 0.05 -> 伍分; 100 -> 壹佰元整."""
    fen_total = round(abs(amount) * 100)
    yuan, fen = divmod(fen_total, 100)
    jiao, fen = divmod(fen, 10)
    words = ""
    if yuan:
        groups = []
        while yuan:
            yuan, group = divmod(yuan, 10000)
            groups.append(group)
        need_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if not group:
                need_zero = bool(words)
                continue
            if words and (need_zero or group < 1000):
                words += "零"
            words += _four_digits_in_words(group) + _BIG_UNITS[index]
            need_zero = False
        words += "元"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif fen and words:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    if not words:
        return "零元整"
    if not fen:
        words += "整"
    return ("负" if amount < 0 else "") + words


def xs_report_values(env, model, docids, values=None):
    """The values of a QWeb report of ``model``: its ``docids`` read in the user's own
    environment (AccessError for a record the user may not read), and ``values(docs)``."""
    docs = env[model].browse(docids)
    docs.check_access("read")
    return {
        "doc_ids": docs.ids,
        "doc_model": model,
        "docs": docs,
        **(values(docs) if values else {}),
    }


class XsSurplusDeclarationFormReport(models.AbstractModel):
    """R29: the surplus declaration form (滞销农产品申报表) a township signs and seals,
    one form per township of the printed declarations."""

    _name = "report.xs_consumption.report_xs_surplus_declaration_form"
    _description = "Surplus Declaration Form"

    @api.model
    def _get_report_values(self, docids, data=None):
        # The user's own environment: a township user prints its own declarations only.
        return xs_report_values(self.env, "xs.surplus.declaration", docids, self._xs_forms)

    @api.model
    def _xs_forms(self, docs):
        """One form per township of the declarations ``docs``, with its totals."""
        forms = OrderedDict()
        for declaration in docs.sorted(lambda d: (d.township_id.sequence, d.township_id.id, d.id)):
            forms.setdefault(declaration.township_id, self.env["xs.surplus.declaration"])
            forms[declaration.township_id] |= declaration
        return {
            "forms": [
                {
                    "township": township,
                    "campaign": declarations.campaign_id[:1],
                    "declarations": declarations,
                    "amount_total": sum(declarations.mapped("amount_total")),
                    "households": sum(declarations.mapped("household_count")),
                    "poverty_households": sum(declarations.mapped("poverty_household_count")),
                    "monitored_households": sum(declarations.mapped("monitored_household_count")),
                }
                for township, declarations in forms.items()
            ],
            "amount_in_words": xs_amount_in_words_zh,
        }


class XsBuyerCommitmentLetterReport(models.AbstractModel):
    """R29: a buyer's commitment letter (认购承诺书)."""

    _name = "report.xs_consumption.report_xs_buyer_commitment_letter"
    _description = "Commitment Letter"

    def _xs_commitment_text(self, commitment):
        """The letter's undertaking, one sentence in the reader's language (word order
        differs between languages, so it is translated whole)."""
        env = self.env
        return env._(
            "In support of the %(campaign)s campaign, our organisation, %(buyer)s, commits under "
            "the action “%(action)s” to buy agricultural products of the county's farmers worth "
            "%(amount)s (in words: %(words)s) between %(start)s and %(end)s, by way of %(mode)s.",
            campaign=commitment.campaign_id.name,
            buyer=commitment.buyer_id.name,
            action=commitment.action_id.name,
            amount=format_amount(env, commitment.amount_committed, commitment.currency_id),
            words=xs_amount_in_words_zh(commitment.amount_committed),
            start=format_date(env, commitment.date_start),
            end=format_date(env, commitment.date_end),
            mode=dict(commitment._fields["purchase_mode"]._description_selection(env)).get(
                commitment.purchase_mode, ""
            ),
        )

    @api.model
    def _get_report_values(self, docids, data=None):
        return xs_report_values(
            self.env,
            "xs.buyer.commitment",
            docids,
            lambda docs: {"commitment_text": self._xs_commitment_text},
        )


class XsSupplyAgreementReport(models.AbstractModel):
    """R29: a supply or direct-purchase agreement (供销、直采协议) to sign."""

    _name = "report.xs_consumption.report_xs_supply_agreement"
    _description = "Supply Agreement Document"

    def _xs_agreement_text(self, agreement):
        """What the parties agree, one sentence in the reader's language."""
        env = self.env
        values = {
            "campaign": agreement.campaign_id.name,
            # sudo: the agreement names its action; a lead department reads only the
            # actions it leads, and prints every agreement it reads.
            "action": agreement.action_id.sudo().name or "",
            "start": format_date(env, agreement.date_start),
            "end": format_date(env, agreement.date_end),
            "amount": format_amount(env, agreement.amount_agreed, agreement.currency_id),
            "words": xs_amount_in_words_zh(agreement.amount_agreed),
        }
        if agreement.amount_agreed:
            return env._(
                "Under the %(campaign)s campaign (action: %(action)s), Party A and Party B agree "
                "that Party B supplies Party A with its agricultural products from %(start)s to "
                "%(end)s, for an agreed amount of %(amount)s (in words: %(words)s).",
                **values,
            )
        return env._(
            "Under the %(campaign)s campaign (action: %(action)s), Party A and Party B agree "
            "that Party B supplies Party A with its agricultural products from %(start)s to "
            "%(end)s.",
            **values,
        )

    @api.model
    def _get_report_values(self, docids, data=None):
        return xs_report_values(
            self.env,
            "xs.supply.agreement",
            docids,
            lambda docs: {"agreement_text": self._xs_agreement_text},
        )
