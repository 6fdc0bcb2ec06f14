from collections import defaultdict
from contextlib import contextmanager

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools import XIUSHAN_TZ
from .res_partner import BUYER_CATEGORIES, SELLER_TYPES
from .xs_campaign_action import ACTION_TYPES
from .xs_surplus_declaration import CATEGORIES

SOURCES = [("platform", "Platform Order"), ("direct", "Off-Platform Purchase")]

# The four figures a sale can count by (xs.campaign.count_basis).
BASES = ("ordered", "delivered", "invoiced", "paid")

# The day a paid customer invoice (account_move ``{move}``) counts as paid: the latest
# accounting date among its reconciliations (account_partial_reconcile.max_date, the later
# of the invoice's and the payment's dates), or its invoice date when nothing had to be
# reconciled (a zero invoice). The period lock on payments reads it from the view
# (account.move._xs_settled_lock).
SETTLED_DAY_SQL = """COALESCE(GREATEST(
    (SELECT MAX(apr.max_date) FROM account_move_line rl
       JOIN account_partial_reconcile apr ON apr.debit_move_id = rl.id
      WHERE rl.move_id = {move}.id AND rl.display_type = 'payment_term'),
    (SELECT MAX(apr.max_date) FROM account_move_line rl
       JOIN account_partial_reconcile apr ON apr.credit_move_id = rl.id
      WHERE rl.move_id = {move}.id AND rl.display_type = 'payment_term')),
    {move}.invoice_date)"""


class XsCountedLine(models.Model):
    """The one owner of every counted figure (R2, R13, R14, R22): rows of confirmed
    campaign sale lines and verified off-platform purchases, with what they count for
    (campaign, action, commitment, agreement, event, work team, buyer, township, seller)
    and their amounts ordered, delivered, invoiced, paid and counted on the campaign's basis.

    Each figure is dated by its own event (county calendar): a sale line has a row for its
    order (ordered, on the order date), one per done delivery or return move (delivered, on
    the day it was done), one per posted invoice or refund line (invoiced, on the invoice
    date) and one per line of a paid invoice (paid, on the day it was settled,
    ``SETTLED_DAY_SQL``), each with its amount in its own column and 0 in the others. Over
    all dates the sums are the documents' totals; over a period they are what happened in
    it, so a filed period's figure never moves: the documents that would move it are
    refused (``xs.campaign._xs_is_locked``) and later ones count in a later period.

    Progress, fulfilment, events, cases, the dashboards, rankings and every return read
    this view (directly with ``_xs_amounts_by`` or through ``xs.sales.analysis``, which
    is built on its query), so a figure cannot differ between two screens or two roles.
    Off-platform purchases are recorded with their evidence after they were made and paid,
    so they count the same on every basis. Dates are on the county calendar."""

    _name = "xs.counted.line"
    _description = "Counted Sales Line"
    _auto = False
    _order = "date desc, id desc"
    # Pending changes of these fields are flushed before the view is queried.
    _depends = {
        "sale.order": [
            "state",
            "partner_id",
            "company_id",
            "date_order",
            "xs_campaign_id",
            "xs_action_id",
            "xs_event_id",
            "xs_commitment_id",
            "xs_agreement_id",
            "xs_work_team_id",
        ],
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "qty_delivered",
            "price_subtotal",
            "price_reduce_taxexcl",
            "untaxed_amount_invoiced",
            "qty_delivered_method",
            "currency_id",
            "xs_declaration_id",
            "state",
            "display_type",
        ],
        "account.move": ["state", "move_type", "payment_state", "invoice_date"],
        "account.move.line": [
            "move_id",
            "balance",
            "price_subtotal",
            "display_type",
            "sale_line_ids",
        ],
        "account.partial.reconcile": ["debit_move_id", "credit_move_id", "max_date"],
        "stock.move": [
            "sale_line_id",
            "state",
            "date",
            "product_id",
            "product_uom",
            "quantity",
            "location_id",
            "location_dest_id",
            "scrapped",
            "to_refund",
            "origin_returned_move_id",
        ],
        "stock.location": ["usage", "company_id", "parent_path"],
        "uom.uom": ["factor", "rounding"],
        "res.partner": [
            "commercial_partner_id",
            "xs_buyer_category",
            "xs_seller_type",
            "xs_township_id",
        ],
        "xs.campaign": ["count_basis"],
        "xs.campaign.action": ["action_type"],
        "xs.surplus.declaration": ["township_id", "seller_id", "category"],
        "xs.direct.purchase": [
            "state",
            "date",
            "company_id",
            "campaign_id",
            "action_id",
            "event_id",
            "commitment_id",
            "agreement_id",
            "work_team_id",
            "buyer_id",
            "seller_id",
            "declaration_id",
            "township_id",
            "product_id",
            "uom_id",
            "quantity",
            "amount",
        ],
        "product.supplierinfo": ["partner_id", "product_tmpl_id", "sequence"],
    }

    source = fields.Selection(SOURCES, readonly=True)
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    direct_purchase_id = fields.Many2one(
        "xs.direct.purchase", string="Off-Platform Purchase", readonly=True
    )
    date = fields.Date(
        readonly=True,
        help="Day the row counts on, county calendar: the order date for what was ordered, "
        "the day a delivery was done, the invoice date, the day the invoice was paid; an "
        "off-platform purchase's date on every basis.",
    )
    date_order = fields.Datetime(string="Order Date", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    campaign_id = fields.Many2one("xs.campaign", readonly=True)
    action_id = fields.Many2one("xs.campaign.action", readonly=True)
    action_type = fields.Selection(ACTION_TYPES, readonly=True)
    event_id = fields.Many2one("xs.event", readonly=True)
    commitment_id = fields.Many2one("xs.buyer.commitment", readonly=True)
    agreement_id = fields.Many2one("xs.supply.agreement", readonly=True)
    work_team_id = fields.Many2one("xs.work.team", readonly=True)
    buyer_id = fields.Many2one("res.partner", readonly=True)
    buyer_category = fields.Selection(BUYER_CATEGORIES, readonly=True)
    declaration_id = fields.Many2one(
        "xs.surplus.declaration", string="Catalogue Entry", readonly=True
    )
    is_catalogue = fields.Boolean(string="Unsold Produce", readonly=True)
    township_id = fields.Many2one("xs.township", readonly=True)
    seller_id = fields.Many2one("res.partner", readonly=True)
    seller_type = fields.Selection(SELLER_TYPES, readonly=True)
    category = fields.Selection(CATEGORIES, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    qty_ordered = fields.Float(readonly=True, digits="Product Unit of Measure")
    qty_delivered = fields.Float(readonly=True, digits="Product Unit of Measure")
    amount_ordered = fields.Monetary(readonly=True)
    amount_delivered = fields.Monetary(readonly=True)
    amount_invoiced = fields.Monetary(readonly=True)
    amount_paid = fields.Monetary(readonly=True)
    amount_counted = fields.Monetary(readonly=True)

    def _xs_buyer_category_sql(self):
        """SQL of the buyer category a row counts under (``l``: the row, ``buyer``: its buyer
        organisation): the buyer's own. An addon may name another one (xs_shop: the work unit
        a person buys with), so the returns' columns follow it."""
        return "buyer.xs_buyer_category"

    def _xs_platform_line_sql(self):
        """SQL condition (`` AND ...`` on ``sol``, the sale line) that leaves lines out of
        the counted sales: none by default. An addon may leave out lines that sell no
        produce (xs_shop: the shop's delivery lines)."""
        return ""

    def _xs_platform_amount_sql(self, amount):
        """SQL of what a platform row's amount ``amount`` (an SQL expression on ``sol``, the
        sale line, and its event) counts: the amount itself by default. An addon may count
        part of it (xs_shop: what the person paid of a line a promotion discounted)."""
        return amount

    @property
    def _table_query(self):
        # One row per (line, event): a platform sale line has its order row (ordered, on
        # the order date), a row per done delivery or return move (delivered, on the day
        # it was done), per posted invoice or refund line (invoiced, on the invoice date)
        # and per invoice line of a paid invoice (paid, on the day it was settled); each
        # carries its amount in its own basis' column only, so over all dates the sums
        # are the line's figures, and over a period they are what happened in it.
        # Off-platform purchases are one row (every basis, on their date).
        # Ids: the source row's id * 8 + kind (unique and stable).
        platform = """
                       'platform'::varchar AS source,
                       sol.id AS sale_line_id,
                       so.id AS sale_order_id,
                       NULL::integer AS direct_purchase_id,
                       so.date_order,
                       so.company_id,
                       so.xs_campaign_id AS campaign_id,
                       so.xs_action_id AS action_id,
                       so.xs_event_id AS event_id,
                       so.xs_commitment_id AS commitment_id,
                       so.xs_agreement_id AS agreement_id,
                       so.xs_work_team_id AS work_team_id,
                       p.commercial_partner_id AS buyer_id,
                       sol.xs_declaration_id AS declaration_id,
                       NULL::integer AS direct_township_id,
                       NULL::integer AS direct_seller_id,
                       sol.product_id,
                       sol.product_uom AS uom_id"""
        # The document a platform row comes from besides its sale line: the delivery or
        # return move, the customer invoice or refund (xs.counted.line._xs_counted_rows).
        order_row = "NULL::integer AS stock_move_id, NULL::integer AS invoice_id"
        delivery_row = "ev.id, NULL"
        invoice_row = "NULL, ev.move_id"
        # A delivered amount: the quantity at the line's price (each row's share of it).
        delivered = "sol.qty_delivered * sol.price_reduce_taxexcl"
        delivered_ev = "ev.qty * sol.price_reduce_taxexcl"
        platform_from = f"""
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE sol.state = 'sale' AND sol.display_type IS NULL
                   AND so.xs_campaign_id IS NOT NULL{self._xs_platform_line_sql()}"""
        query = f"""
            WITH inter_company AS (
                -- stock.location._is_outgoing(): a customer location or the inter-company
                -- transit location (and its children).
                SELECT loc.parent_path
                  FROM ir_model_data imd
                  JOIN stock_location loc ON loc.id = imd.res_id
                 WHERE imd.module = 'stock' AND imd.name = 'stock_location_inter_company'
            ), deliveries AS (
                -- sale_stock's qty_delivered, move by move: done moves of the line's
                -- product (not scrapped), out to the customer (+, returns only when
                -- to_refund) or back from it (-, to_refund), converted to the line's
                -- unit as Odoo does; dropship moves (seller -> customer) included.
                SELECT sm.id, sm.sale_line_id, sm.date,
                       CASE WHEN dir.outgoing THEN 1 ELSE -1 END
                       * CASE WHEN sm.product_uom = sol.product_uom THEN sm.quantity
                              ELSE ROUND(sm.quantity / mu.factor * lu.factor / lu.rounding)
                                   * lu.rounding END AS qty
                  FROM stock_move sm
                  JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                  JOIN uom_uom mu ON mu.id = sm.product_uom
                  JOIN uom_uom lu ON lu.id = sol.product_uom
                  JOIN stock_location src ON src.id = sm.location_id
                  JOIN stock_location dst ON dst.id = sm.location_dest_id
             LEFT JOIN inter_company ic ON TRUE
                 CROSS JOIN LATERAL (
                    SELECT NOT ((src.usage = 'customer'
                                 OR (src.usage = 'transit' AND src.company_id IS NULL))
                                AND (dst.usage = 'supplier'
                                     OR (dst.usage = 'transit' AND dst.company_id IS NULL)))
                           AND (dst.usage = 'customer'
                                OR left(dst.parent_path, length(ic.parent_path))
                                   = ic.parent_path)
                               AS to_customer,
                           src.usage = 'customer'
                           OR left(src.parent_path, length(ic.parent_path)) = ic.parent_path
                               AS from_customer
                 ) loc
                 CROSS JOIN LATERAL (
                    SELECT loc.to_customer AS outgoing,
                           NOT loc.to_customer AND loc.from_customer AND sm.to_refund
                               AS incoming
                 ) dir
                 WHERE sm.state = 'done' AND NOT COALESCE(sm.scrapped, FALSE)
                   AND sm.product_id = sol.product_id
                   AND sol.qty_delivered_method = 'stock_move'
                   AND ((dir.outgoing
                         AND (sm.origin_returned_move_id IS NULL OR sm.to_refund))
                        OR dir.incoming)
            ), invoiced AS NOT MATERIALIZED (
                -- sale's untaxed_amount_invoiced, invoice line by invoice line (the
                -- county invoices in the order's currency, CNY).
                SELECT aml.id, rel.order_line_id AS sale_line_id, aml.move_id, am.invoice_date,
                       CASE WHEN am.move_type = 'out_refund' THEN -aml.price_subtotal
                            ELSE aml.price_subtotal END AS amount,
                       -aml.balance AS amount_paid,
                       aml.display_type,
                       am.payment_state IN ('paid', 'in_payment') AS is_paid,
                       {SETTLED_DAY_SQL.format(move="am")} AS settled_date
                  FROM sale_order_line_invoice_rel rel
                  JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE am.move_type IN ('out_invoice', 'out_refund')
                   AND am.state = 'posted'
            ), lines AS (
                SELECT sol.id * 8 AS id,
                       (so.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS date,
                       {platform},
                       {order_row},
                       sol.product_uom_qty AS qty_ordered,
                       -- Lines not delivered by stock moves (services) count delivered
                       -- with the order.
                       CASE WHEN sol.qty_delivered_method = 'stock_move' THEN 0
                            ELSE sol.qty_delivered END AS qty_delivered,
                       {self._xs_platform_amount_sql("sol.price_subtotal")} AS amount_ordered,
                       CASE WHEN sol.qty_delivered_method = 'stock_move' THEN 0
                            ELSE {self._xs_platform_amount_sql(delivered)} END
                           AS amount_delivered,
                       0 AS amount_invoiced,
                       0 AS amount_paid
                  FROM sale_order_line sol {platform_from}
             UNION ALL
                SELECT ev.id * 8 + 2,
                       (ev.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date,
                       {platform},
                       {delivery_row},
                       0, ev.qty, 0, {self._xs_platform_amount_sql(delivered_ev)}, 0, 0
                  FROM deliveries ev
                  JOIN sale_order_line sol ON sol.id = ev.sale_line_id {platform_from}
             UNION ALL
                SELECT ev.id * 8 + 3, ev.invoice_date, {platform}, {invoice_row},
                       0, 0, 0, 0, {self._xs_platform_amount_sql("ev.amount")}, 0
                  FROM invoiced ev
                  JOIN sale_order_line sol ON sol.id = ev.sale_line_id {platform_from}
             UNION ALL
                SELECT ev.id * 8 + 4, ev.settled_date, {platform}, {invoice_row},
                       0, 0, 0, 0, 0, {self._xs_platform_amount_sql("ev.amount_paid")}
                  FROM invoiced ev
                  JOIN sale_order_line sol ON sol.id = ev.sale_line_id {platform_from}
                   AND ev.is_paid AND ev.display_type = 'product'
             UNION ALL
                SELECT dp.id * 8 + 1,
                       dp.date,
                       'direct',
                       NULL,
                       NULL,
                       dp.id,
                       (dp.date::timestamp AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC',
                       dp.company_id,
                       dp.campaign_id,
                       dp.action_id,
                       dp.event_id,
                       dp.commitment_id,
                       dp.agreement_id,
                       dp.work_team_id,
                       dp.buyer_id,
                       dp.declaration_id,
                       dp.township_id,
                       dp.seller_id,
                       dp.product_id,
                       dp.uom_id,
                       NULL,
                       NULL,
                       dp.quantity,
                       dp.quantity,
                       dp.amount,
                       dp.amount,
                       dp.amount,
                       dp.amount
                  FROM xs_direct_purchase dp
                 WHERE dp.state = 'verified'
            )
            SELECT l.id,
                   l.source,
                   l.sale_line_id,
                   l.sale_order_id,
                   l.direct_purchase_id,
                   l.stock_move_id,
                   l.invoice_id,
                   l.date,
                   l.date_order,
                   l.company_id,
                   l.campaign_id,
                   l.action_id,
                   act.action_type,
                   l.event_id,
                   l.commitment_id,
                   l.agreement_id,
                   l.work_team_id,
                   l.buyer_id,
                   {self._xs_buyer_category_sql()} AS buyer_category,
                   l.declaration_id,
                   l.declaration_id IS NOT NULL AS is_catalogue,
                   COALESCE(d.township_id, l.direct_township_id, seller.xs_township_id)
                       AS township_id,
                   seller.id AS seller_id,
                   seller.xs_seller_type AS seller_type,
                   COALESCE(d.category, 'other') AS category,
                   l.product_id,
                   l.uom_id,
                   l.qty_ordered,
                   l.qty_delivered,
                   l.amount_ordered,
                   l.amount_delivered,
                   l.amount_invoiced,
                   l.amount_paid,
                   CASE c.count_basis
                        WHEN 'delivered' THEN l.amount_delivered
                        WHEN 'invoiced' THEN l.amount_invoiced
                        WHEN 'paid' THEN l.amount_paid
                        ELSE l.amount_ordered END AS amount_counted
              FROM lines l
              JOIN xs_campaign c ON c.id = l.campaign_id
              JOIN res_partner buyer ON buyer.id = l.buyer_id
         LEFT JOIN xs_campaign_action act ON act.id = l.action_id
         LEFT JOIN xs_surplus_declaration d ON d.id = l.declaration_id
              JOIN product_product pp ON pp.id = l.product_id
         -- Other county products count for their main vendor and its township (R14); the
         -- conditions inside, so catalogue lines never scan the vendor prices, and the
         -- index product_supplierinfo_xs_main_vendor_index answers it in one probe.
         LEFT JOIN LATERAL (
                SELECT si.partner_id
                  FROM product_supplierinfo si
                 WHERE d.id IS NULL AND l.direct_seller_id IS NULL
                   AND si.product_tmpl_id = pp.product_tmpl_id
              ORDER BY si.sequence, si.id
                 LIMIT 1
              ) vendor ON TRUE
         LEFT JOIN res_partner seller
                ON seller.id = COALESCE(d.seller_id, l.direct_seller_id, vendor.partner_id)
        """
        # Days are the county's: its time zone (one owner) is a parameter, so the SQL the
        # hooks above return holds no '%'.
        return SQL(query, tz=XIUSHAN_TZ)

    @api.model
    @tools.ormcache("model_name")
    def _xs_counted_fields(self, model_name):
        """Names of the fields of ``model_name`` whose write may change counted rows: the
        fields the view reads (``_depends``) and those they are computed from."""
        read = {
            self.env[model]._fields[name]
            for model, names in self._depends.items()
            for name in names
        }
        return frozenset(
            name
            for name, field in self.env[model_name]._fields.items()
            if field in read or any(dep in read for dep in self.pool.get_dependent_fields(field))
        )

    @api.model
    def _xs_counted_rows(self, column, ids):
        """The rows the documents ``ids`` count on, read from the view (the one definition
        of what counts on which day): {document id: {row}}, the documents named by the
        view's ``column`` (``sale_order_id``, ``sale_line_id``, ``stock_move_id``,
        ``invoice_id`` or ``direct_purchase_id``), a row being the tuple (id, campaign id,
        day, what it counts for and its figures). One query for any number of documents;
        pending changes are flushed first."""
        if not ids:
            return {}
        others = [
            name
            for name, field in self._fields.items()
            if field.store and name not in ("id", "campaign_id", "date", "date_order")
        ]
        rows = self.env.execute_query(
            SQL(
                "SELECT l.%s, l.id, l.campaign_id, l.date, %s FROM %s AS l WHERE l.%s = ANY(%s)",
                SQL.identifier(column),
                SQL(", ").join(SQL.identifier("l", name) for name in others),
                self.env["xs.counted.line"]._table_sql,
                SQL.identifier(column),
                list(ids),
            )
        )
        result = defaultdict(set)
        for document, *row in rows:
            result[document].add(tuple(row))
        return result

    @api.model
    def _xs_check_counted_rows(self, documents, rows, label):
        """R22: refuse a change of ``documents`` when one of their ``rows`` ({document id:
        rows} as ``_xs_counted_rows`` reads them) counts on a day of a reported period
        (``xs.campaign._xs_check_period_open``), naming the document with
        ``label(document)``. One lock check per campaign and day."""
        checked = set()
        for document in documents:
            days = {(row[1], row[2]) for row in rows.get(document.id, ())}
            for campaign, day in sorted(days - checked):
                checked.add((campaign, day))
                # sudo: the campaign's periods bind whoever changes the document.
                self.env["xs.campaign"].sudo().browse(campaign)._xs_check_period_open(
                    day, label(document)
                )

    @api.model
    def _xs_filed(self, rows):
        """The ids of the documents of ``rows`` ({document id: rows} as
        ``_xs_counted_rows`` reads them) that count on a day of a reported period
        (``xs.campaign._xs_is_locked``). One lock check per campaign and day."""
        days = {(row[1], row[2]) for document_rows in rows.values() for row in document_rows}
        # sudo: the campaign's periods bind every role.
        Campaign_sudo = self.env["xs.campaign"].sudo()
        locked = {day for day in days if Campaign_sudo.browse(day[0])._xs_is_locked(day[1])}
        return {
            document
            for document, document_rows in rows.items()
            if any((row[1], row[2]) in locked for row in document_rows)
        }

    @contextmanager
    def _xs_period_lock(self, column, documents, label, model=None, vals=None):
        """R22: a filed figure never moves. Around a change that may move the counted rows
        of ``documents()`` (the documents that may count, named by the view's ``column``;
        called before and after the change), refuse it, naming the document with
        ``label(document)``, when a row on a day of a reported period would move:

        - a write of ``vals`` on ``model`` records that writes a field the view reads from
          ``model``: when any row of the documents lies in a reported period, before the
          write (ahead of core's own checks);
        - any change: when a row it changed (appeared, left, or counts other figures or
          for something else) lies in a reported period, after it.

        A write that changes no field counted rows are computed from costs no query."""
        if model is not None and not self._xs_counted_fields(model).intersection(vals):
            yield
            return
        before_documents = documents()
        before = self._xs_counted_rows(column, before_documents.ids)
        if model is not None and set(self._depends.get(model, ())).intersection(vals):
            self._xs_check_counted_rows(before_documents, before, label)
        yield
        changed = before_documents | documents()
        after = self._xs_counted_rows(column, changed.ids)
        moved = {
            document_id: before.get(document_id, set()) ^ after.get(document_id, set())
            for document_id in changed.ids
        }
        self._xs_check_counted_rows(changed, moved, label)

    @api.model
    def _xs_amounts_by(self, domain, groupby):
        """Counted figures of the lines matching ``domain``, grouped by the many2one field
        ``groupby``: {id: {ordered, delivered, invoiced, paid, counted, orders}}, one
        GROUP BY query whatever the number of lines. ``orders`` counts the platform orders
        and the off-platform purchases behind the figures."""
        # sudo: a figure of a campaign record (action, commitment, event...) is the same
        # for every role that may read that record; no line leaves this method.
        groups = self.sudo()._read_group(
            domain,
            [groupby],
            [
                "amount_ordered:sum",
                "amount_delivered:sum",
                "amount_invoiced:sum",
                "amount_paid:sum",
                "amount_counted:sum",
                "sale_order_id:count_distinct",
                "direct_purchase_id:count_distinct",
            ],
        )
        result = defaultdict(lambda: dict.fromkeys((*BASES, "counted", "orders"), 0.0))
        for group, ordered, delivered, invoiced, paid, counted, orders, directs in groups:
            result[group.id] = {
                "ordered": ordered,
                "delivered": delivered,
                "invoiced": invoiced,
                "paid": paid,
                "counted": counted,
                "orders": orders + directs,
            }
        return result
