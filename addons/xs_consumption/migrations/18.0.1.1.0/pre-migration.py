"""The VAT-exempt taxes (R21) are made by the chart of accounts now, as Odoo's localisations
make theirs: their XML ids move from ``xs_consumption.<company>_xs_tax_exempt_*`` to the
chart's ``account.<company>_xs_tax_exempt_*``, so a database installed before keeps its
taxes (and the documents using them) instead of getting a second pair."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        r"""
        UPDATE ir_model_data
           SET module = 'account'
         WHERE module = 'xs_consumption'
           AND model IN ('account.tax', 'account.tax.group')
           AND name ~ '^\d+_xs_tax_exempt_(sale|purchase|group)$'
        """
    )
