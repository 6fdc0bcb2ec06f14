"""Benchmark ratios, measured in one process and one run (scripts/bench.sh runs it):

    odoo-bin shell -d DB < scripts/bench_ratios.py

- Every Excel return of xs_reporting on the biggest campaign (and the statement of the
  buyer with most orders): seconds, queries, peak Python memory (tracemalloc, separate run)
  and the ratio to its floor: the return's own rows (data, subtotals, totals: the same
  filters, period, counting basis and aggregation) from one hand-written SQL query,
  written with plain xlsxwriter (constant_memory, no formats, values for formulas). The
  floor's rows are compared with the return's cells one by one (a difference fails).
- Order confirmation through the campaign (catalogue lines, checks, procurement, the sellers'
  purchase orders confirmed and sent) against core Odoo's dropship confirmation of the same
  orders with their purchase orders confirmed too: the same documents (same buyer, products,
  quantities and prices; route "Dropship"; one confirmed purchase order and dropship
  transfer per line in both), alternated in rounds, median of the rounds' ratios. Two
  paths make them: the back office's confirmation (the purchase orders at once) and the
  buyer portal's (``_xs_portal_create_order`` as a portal buyer, one call per order as one
  request each: confirmed under the entries' lock without the purchase orders; then the
  scheduled job ``_xs_cron_create_purchases`` makes them): its total against core made one
  order a request too (the budget), and against core at once; the part under the lock
  against both, for information.
- What users wait for on screens, in seconds, as the county user (and a portal buyer for
  its catalogue page): the dashboard pivot, the campaign progress figures, the rankings,
  the buyer catalogue (count and first page, as the portal controller reads them).
Budgets: returns within 1.5x their floor and under 300 MB; confirmation within
1.25x core (with its purchase orders confirmed), back office and portal total alike; each
screen under a second. A line per figure, OVER when out of budget; exit code 1 then.
Nothing is kept: the orders are rolled back.
XS_BENCH_PARTS: the parts to run, of returns,screens,confirmations (default: all three).
"""

import io
import itertools
import json
import os
import statistics
import sys
import time
import tracemalloc

import openpyxl
import xlsxwriter

from odoo import Command
from odoo.tools.translate import code_translations

from odoo.addons.xs_consumption.models.xs_surplus_declaration import (
    CATALOGUE_STATES,
    VERIFIED_STATES,
)
from odoo.addons.xs_consumption.tools import XIUSHAN_TZ

env = globals()["env"]  # provided by odoo-bin shell
RETURN_RATIO, RETURN_MB, CONFIRM_RATIO, SCREEN_SECONDS = 1.5, 300, 1.25, 1.0
RETURN_RUNS = int(os.environ.get("XS_BENCH_RETURN_RUNS", "3"))
PARTS = os.environ.get("XS_BENCH_PARTS", "returns,screens,confirmations").split(",")
ORDERS = 20
CONFIRM_ROUNDS = 5
failed = []


class Undo(Exception):
    """Rolls a measured run back to its savepoint."""


def measure(func):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def peak_mb(func):
    env.invalidate_all()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


# The floor of each return: its own rows (data, subtotals, totals) from ONE hand-written
# SQL query (same filters, campaign, period and counting basis, same aggregation: the
# counted sales come from the counted-line view, the one owner of counted amounts, as a
# hand-written report would read them), written with plain xlsxwriter (constant_memory,
# one sheet, no formats, no formulas: their values). Labels (selections, fixed texts) are
# resolved before and passed as parameters. Each yields the sheet's body rows from its
# first one, so the bench can compare them with the return's cells one by one.

CN_DATE = """COALESCE(to_char({0}, 'YYYY"年"FMMM"月"FMDD"日"'), '')"""


def floor_period(campaign_alias):
    """The period a return covers without options: campaign start to today (county
    calendar) or its end."""
    return (
        f"{campaign_alias}.date_start",
        f"LEAST({campaign_alias}.date_end, (now() AT TIME ZONE '{XIUSHAN_TZ}')::date)",
    )


def floor_labels(model, fname):
    return json.dumps(dict(env[model]._fields[fname]._description_selection(env)))


def floor_text(source, **kwargs):
    """A fixed text of the returns in the language they are printed in."""
    text = code_translations.get_python_translations("xs_reporting", env.lang).get(source) or source
    return text % kwargs if kwargs else text


def counted_view():
    view = env["xs.counted.line"]._table_query
    return env.cr.mogrify(view.code, view.params).decode().replace("%", "%%")


def floor_fetch(query, params, tail=(), shape=None):
    env.cr.execute(query, params)
    while rows := env.cr.fetchmany(2000):
        yield from (shape(*row) for row in rows) if shape else rows
    yield from tail


def floor_catalogue(campaign_id):
    lang = env.lang or "en_US"
    return floor_fetch(
        f"""
        SELECT ROW_NUMBER() OVER (ORDER BY COALESCE(t.sequence, 0), t.name COLLATE "C",
                                           d.category, d.id),
               t.name,
               COALESCE(pt.name->>%(lang)s, pt.name->>'en_US'),
               %(category)s::jsonb->>d.category,
               s.name,
               COALESCE(u.name->>%(lang)s, u.name->>'en_US'),
               COALESCE(d.price_unit, 0), COALESCE(d.quantity, 0), COALESCE(d.qty_remaining, 0),
               {CN_DATE.format("d.date_available_from")} || '至'
                   || {CN_DATE.format("d.date_available_to")},
               %(state)s::jsonb->>d.state,
               actions.names, buyers.names,
               COALESCE(NULLIF(d.certificate_reference, ''),
                        CASE WHEN d.has_quality_certificate THEN %(yes)s END),
               COALESCE(d.recommendation_score, 0),
               CASE WHEN d.is_recommended THEN '★' END,
               d.contact_phone
          FROM xs_surplus_declaration d
          JOIN xs_township t ON t.id = d.township_id
          JOIN res_partner s ON s.id = d.seller_id
          JOIN product_product pp ON pp.id = d.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
          JOIN uom_uom u ON u.id = d.uom_id
     LEFT JOIN (SELECT r.declaration_id, string_agg(a.name, '、' ORDER BY a.sequence, a.id) AS names
                  FROM xs_declaration_channel_action_rel r
                  JOIN xs_campaign_action a ON a.id = r.action_id
                 GROUP BY r.declaration_id) actions ON actions.declaration_id = d.id
     LEFT JOIN (SELECT r.declaration_id,
                       string_agg(p.name, '、' ORDER BY p.complete_name, p.id DESC) AS names
                  FROM xs_declaration_channel_partner_rel r
                  JOIN res_partner p ON p.id = r.partner_id
                 GROUP BY r.declaration_id) buyers ON buyers.declaration_id = d.id
         WHERE d.campaign_id = %(campaign)s AND d.state IN %(states)s
         ORDER BY 1""",
        {
            "lang": lang,
            "campaign": campaign_id,
            "states": CATALOGUE_STATES,
            "category": floor_labels("xs.surplus.declaration", "category"),
            "state": floor_labels("xs.surplus.declaration", "state"),
            "yes": floor_text("Yes"),
        },
    )


def floor_surplus_statistics(campaign_id):
    lang = env.lang or "en_US"
    # Declaration rows, then after each township its subtotal per unit, at the end the
    # county total per unit (units by code points, as the return sorts them).
    return floor_fetch(
        f"""
        WITH r AS (
            SELECT d.id, d.township_id, COALESCE(t.sequence, 0) AS tseq, t.name AS township,
                   COALESCE(pt.name->>%(lang)s, pt.name->>'en_US') AS product,
                   d.category, COALESCE(d.quantity, 0) AS quantity,
                   COALESCE(u.name->>%(lang)s, u.name->>'en_US') AS unit,
                   COALESCE(d.price_unit, 0) AS price_unit,
                   COALESCE(d.amount_total, 0) AS amount_total,
                   {CN_DATE.format("d.date_available_from")} || '至'
                       || {CN_DATE.format("d.date_available_to")} AS available,
                   d.location, s.name AS seller, s.xs_seller_type,
                   COALESCE(NULLIF(d.contact_phone, ''), s.phone) AS phone,
                   d.industry_coverage, d.industry_scale,
                   COALESCE(d.household_count, 0) AS households,
                   COALESCE(d.poverty_household_count, 0) AS poverty,
                   COALESCE(d.monitored_household_count, 0) AS monitored
              FROM xs_surplus_declaration d
              JOIN xs_township t ON t.id = d.township_id
              JOIN res_partner s ON s.id = d.seller_id
              JOIN product_product pp ON pp.id = d.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom u ON u.id = d.uom_id
             WHERE d.campaign_id = %(campaign)s AND d.state IN %(states)s
        )
        SELECT no, c1, c2, c3, quantity, unit, c6, amount_total, c8, c9, c10, c11, c12, c13,
               c14, households, poverty, monitored
          FROM (
            SELECT 0 AS kind, tseq, township AS tname, township_id, category, id,
                   ROW_NUMBER() OVER (ORDER BY tseq, township COLLATE "C", category, id) AS no,
                   township AS c1, product AS c2, %(category)s::jsonb->>category AS c3,
                   quantity, unit, price_unit AS c6, amount_total, available AS c8,
                   location AS c9, seller AS c10, %(seller_type)s::jsonb->>xs_seller_type AS c11,
                   phone AS c12, industry_coverage AS c13, industry_scale AS c14,
                   households, poverty, monitored
              FROM r
         UNION ALL
            SELECT 1, tseq, township, township_id, NULL, NULL,
                   NULL, replace(%(subtotal)s, '%%(township)s', township), NULL, NULL,
                   SUM(quantity), unit, NULL, SUM(amount_total), NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, SUM(households), SUM(poverty), SUM(monitored)
              FROM r GROUP BY tseq, township, township_id, unit
         UNION ALL
            SELECT 2, NULL, NULL, NULL, NULL, NULL,
                   NULL, %(total)s, NULL, NULL,
                   SUM(quantity), unit, NULL, SUM(amount_total), NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, SUM(households), SUM(poverty), SUM(monitored)
              FROM r GROUP BY unit
          ) x
         ORDER BY kind = 2, tseq, tname COLLATE "C", township_id, kind, category, id,
                  unit COLLATE "C" """,
        {
            "lang": lang,
            "campaign": campaign_id,
            "states": VERIFIED_STATES,
            "category": floor_labels("xs.surplus.declaration", "category"),
            "seller_type": floor_labels("res.partner", "xs_seller_type"),
            "subtotal": floor_text("%(township)s Subtotal", township="%(township)s"),
            "total": floor_text("Total"),
        },
        # A subtotal's or total's label spans the first columns.
        shape=lambda no, *cells: (no, *cells) if no else (cells[0], None, *cells[1:]),
    )


def floor_farmer_benefit(campaign_id):
    lang = env.lang or "en_US"
    start, end = floor_period("c")
    note = floor_text(
        "Sales reaching poverty-alleviated and monitored households are apportioned "
        "pro rata to the households linked to each declaration: sales x "
        "poverty-alleviated (monitored) households / households linked."
    )
    # Per declaration that sold in the period (catalogue sales counted on the campaign's
    # basis), the shares apportioned pro rata to its households; then the total row.
    return floor_fetch(
        f"""
        WITH sales AS (
            SELECT cl.declaration_id, SUM(cl.amount_counted) AS amount
              FROM ({counted_view()}) cl
              JOIN xs_campaign c ON c.id = cl.campaign_id
             WHERE cl.campaign_id = %(campaign)s AND cl.is_catalogue
               AND cl.date >= {start} AND cl.date <= {end}
             GROUP BY cl.declaration_id
            HAVING COALESCE(SUM(cl.amount_counted), 0) != 0
        ), r AS (
            SELECT d.id, COALESCE(t.sequence, 0) AS tseq, t.name AS township,
                   s.name AS seller, s.xs_seller_type,
                   COALESCE(pt.name->>%(lang)s, pt.name->>'en_US') AS product,
                   COALESCE(d.household_count, 0) AS h,
                   COALESCE(d.poverty_household_count, 0) AS p,
                   COALESCE(d.monitored_household_count, 0) AS m,
                   sales.amount,
                   CASE WHEN d.household_count > 0 THEN sales.amount / d.household_count
                        ELSE 0 END AS per,
                   CASE WHEN d.household_count > 0
                        THEN sales.amount * COALESCE(d.poverty_household_count, 0)
                             / d.household_count ELSE 0 END AS to_poverty,
                   CASE WHEN d.household_count > 0
                        THEN sales.amount * COALESCE(d.monitored_household_count, 0)
                             / d.household_count ELSE 0 END AS to_monitored
              FROM sales
              JOIN xs_surplus_declaration d ON d.id = sales.declaration_id
              JOIN xs_township t ON t.id = d.township_id
              JOIN res_partner s ON s.id = d.seller_id
              JOIN product_product pp ON pp.id = d.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
        )
        SELECT no, c1, c2, c3, c4, h, p, m, amount, per, to_poverty, to_monitored FROM (
            SELECT 0 AS kind, tseq, township AS tname, seller AS sname, id,
                   ROW_NUMBER() OVER (ORDER BY tseq, township COLLATE "C", seller COLLATE "C", id)
                       AS no,
                   township AS c1, seller AS c2, %(seller_type)s::jsonb->>xs_seller_type AS c3,
                   product AS c4, h, p, m, amount, per, to_poverty, to_monitored
              FROM r
         UNION ALL
            SELECT 1, NULL, NULL, NULL, NULL, NULL, %(total)s, NULL, NULL, NULL,
                   SUM(h), SUM(p), SUM(m), COALESCE(SUM(amount), 0),
                   CASE WHEN SUM(h) > 0 THEN SUM(amount) / SUM(h) ELSE 0 END,
                   COALESCE(SUM(to_poverty), 0), COALESCE(SUM(to_monitored), 0)
              FROM r
        ) x ORDER BY kind, tseq, tname COLLATE "C", sname COLLATE "C", id""",
        {
            "lang": lang,
            "campaign": campaign_id,
            "seller_type": floor_labels("res.partner", "xs_seller_type"),
            "total": floor_text("Total"),
        },
        shape=lambda no, *cells: (no, *cells) if no else (cells[0], *[None] * 4, *cells[4:]),
        tail=[(note,)],
    )


def floor_summary_return(campaign_id):
    start, end = floor_period("c")
    # Counted sales of the period grouped by what the column rules read, each group put in
    # the first matching column of the active ones (by rule sequence; none: "Other"),
    # pivoted per township (every active township, then the sales of none) and column
    # (active columns by sequence, then "Other" when some sales match none), with the
    # row totals, then the county total row.
    return floor_fetch(
        f"""
        WITH groups AS (
            SELECT cl.township_id, cl.source, cl.buyer_category, cl.action_type,
                   cl.work_team_id IS NOT NULL AS team,
                   SUM(cl.amount_counted) AS amount,
                   COALESCE(SUM(cl.amount_counted) FILTER (WHERE cl.is_catalogue), 0) AS unsold,
                   COALESCE(SUM(cl.amount_counted) FILTER (WHERE cl.source = 'direct'), 0)
                       AS direct
              FROM ({counted_view()}) cl
              JOIN xs_campaign c ON c.id = cl.campaign_id
             WHERE cl.campaign_id = %(campaign)s AND cl.date >= {start} AND cl.date <= {end}
             GROUP BY 1, 2, 3, 4, 5
        ), cells AS (
            SELECT g.township_id, col.column_id, SUM(g.amount) AS amount,
                   SUM(g.unsold) AS unsold, SUM(g.direct) AS direct
              FROM groups g
         LEFT JOIN LATERAL (
                SELECT r.column_id
                  FROM xs_return_column_rule r
                  JOIN xs_return_column rc ON rc.id = r.column_id AND rc.active
                 WHERE (r.source IS NULL OR r.source = g.source)
                   AND (r.buyer_category IS NULL OR r.buyer_category = g.buyer_category)
                   AND (r.action_type IS NULL OR r.action_type = g.action_type)
                   AND (r.work_team IS NULL OR (r.work_team = 'yes') = g.team)
                 ORDER BY r.sequence, r.id LIMIT 1
              ) col ON TRUE
             GROUP BY 1, 2
        ), columns AS (
            SELECT id, ROW_NUMBER() OVER (ORDER BY sequence, id) AS pos
              FROM xs_return_column WHERE active
         UNION ALL
            SELECT NULL, 1000000 WHERE EXISTS (SELECT FROM cells WHERE column_id IS NULL)
        ), townships AS (
            SELECT id, name, ROW_NUMBER() OVER (ORDER BY id IS NULL, sequence, code, id) AS pos
              FROM (SELECT id, name, sequence, code FROM xs_township WHERE active
                 UNION ALL
                    SELECT NULL, %(none)s, NULL, NULL
                     WHERE EXISTS (SELECT FROM cells WHERE township_id IS NULL)) t
        ), grid AS (
            -- Two cells per township and column (all, of which unsold), the off-platform
            -- part carried on the first.
            SELECT t.pos AS tpos, t.name, k.pos AS kpos, v.i, v.v,
                   CASE WHEN v.i = 1 THEN COALESCE(x.direct, 0) ELSE 0 END AS direct
              FROM townships t CROSS JOIN columns k
         LEFT JOIN cells x ON COALESCE(x.township_id, 0) = COALESCE(t.id, 0)
                          AND COALESCE(x.column_id, 0) = COALESCE(k.id, 0)
             CROSS JOIN LATERAL (VALUES (1, COALESCE(x.amount, 0)),
                                        (2, COALESCE(x.unsold, 0))) AS v(i, v)
        )
        SELECT tpos, name, array_agg(v ORDER BY kpos, i)
                   || ARRAY[SUM(v) FILTER (WHERE i = 1), SUM(v) FILTER (WHERE i = 2),
                            SUM(direct)]
          FROM grid GROUP BY tpos, name
     UNION ALL
        SELECT NULL, %(total)s, array_agg(v ORDER BY kpos, i)
                   || ARRAY[SUM(v) FILTER (WHERE i = 1), SUM(v) FILTER (WHERE i = 2),
                            SUM(direct)]
          FROM (SELECT kpos, i, SUM(v) AS v, SUM(direct) AS direct
                  FROM grid GROUP BY kpos, i) k
         ORDER BY 1 NULLS LAST""",
        {
            "campaign": campaign_id,
            "none": floor_text("Not attributed to a township"),
            "total": floor_text("County Total"),
        },
        shape=lambda no, name, cells: (no, name, *cells) if no else (name, None, *cells),
    )


# The day of an order on the county calendar.
ORDER_DAY = f"(l.date_order AT TIME ZONE 'UTC' AT TIME ZONE '{XIUSHAN_TZ}')"


def floor_buyer_statement(buyer_id):
    lang = env.lang or "en_US"
    # The buyer's confirmed campaign order lines (orders newest first, as sale.order sorts),
    # paid per line from the counted view, then its verified off-platform purchases,
    # then the total row.
    return floor_fetch(
        f"""
        WITH RECURSIVE buyer AS (
            SELECT %(buyer)s AS id
         UNION
            SELECT p.id FROM res_partner p JOIN buyer ON p.parent_id = buyer.id
        ), lines AS (
            SELECT sol.*, so.name AS order_name, so.date_order, so.id AS oid,
                   so.xs_action_id AS order_action_id,
                   so.xs_commitment_id AS order_commitment_id
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN buyer ON buyer.id = so.partner_id
             WHERE so.xs_campaign_id IS NOT NULL AND sol.state = 'sale'
               AND sol.display_type IS NULL
        ), paid AS (
            SELECT cl.sale_line_id, SUM(cl.amount_paid) AS amount
              FROM ({counted_view()}) cl
             WHERE cl.sale_line_id = ANY(ARRAY(SELECT id FROM lines))
             GROUP BY cl.sale_line_id
        ), r AS (
            SELECT 0 AS kind, l.date_order AS k1, l.oid AS k2, l.sequence AS k3, l.id AS k4,
                   l.order_name AS c1, %(platform)s AS c2,
                   {CN_DATE.format(ORDER_DAY)} AS c3,
                   a.name AS c4, cm.name AS c5,
                   COALESCE(pt.name->>%(lang)s, pt.name->>'en_US') AS c6,
                   s.name AS c7, t.name AS c8,
                   COALESCE(u.name->>%(lang)s, u.name->>'en_US') AS c9,
                   l.product_uom_qty AS c10, l.qty_delivered AS c11, l.price_unit AS c12,
                   l.price_subtotal AS c13, l.untaxed_amount_invoiced AS c14,
                   COALESCE(paid.amount, 0) AS c15
              FROM lines l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom u ON u.id = l.product_uom
         LEFT JOIN xs_campaign_action a ON a.id = l.order_action_id
         LEFT JOIN xs_buyer_commitment cm ON cm.id = l.order_commitment_id
         LEFT JOIN xs_surplus_declaration d ON d.id = l.xs_declaration_id
         LEFT JOIN res_partner s ON s.id = d.seller_id
         LEFT JOIN xs_township t ON t.id = d.township_id
         LEFT JOIN paid ON paid.sale_line_id = l.id
         UNION ALL
            SELECT 1, dp.date, dp.id, 0, 0,
                   dp.name, %(direct)s, {CN_DATE.format("dp.date")}, a.name, NULL,
                   COALESCE(pt.name->>%(lang)s, pt.name->>'en_US'), s.name, t.name,
                   COALESCE(u.name->>%(lang)s, u.name->>'en_US'),
                   dp.quantity, dp.quantity,
                   CASE WHEN dp.quantity != 0 THEN dp.amount / dp.quantity ELSE 0 END,
                   dp.amount, dp.amount, dp.amount
              FROM xs_direct_purchase dp
              JOIN product_product pp ON pp.id = dp.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom u ON u.id = dp.uom_id
         LEFT JOIN xs_campaign_action a ON a.id = dp.action_id
         LEFT JOIN xs_surplus_declaration d ON d.id = dp.declaration_id
         LEFT JOIN res_partner s ON s.id = COALESCE(d.seller_id, dp.seller_id)
         LEFT JOIN xs_township t
                ON t.id = COALESCE(d.township_id, dp.township_id, s.xs_township_id)
             WHERE dp.buyer_id = %(buyer)s AND dp.state = 'verified'
        )
        SELECT no, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15 FROM (
            SELECT kind,
                   ROW_NUMBER() OVER (ORDER BY kind, CASE WHEN kind = 0 THEN k1 END DESC,
                                      CASE WHEN kind = 0 THEN k2 END DESC, k1, k2, k3, k4)
                       AS no,
                   c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15
              FROM r
         UNION ALL
            SELECT 2, NULL, %(total)s, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL, NULL, SUM(c13), SUM(c14), SUM(c15)
              FROM r
        ) x ORDER BY kind, no""",
        {
            "lang": lang,
            "buyer": buyer_id,
            "platform": floor_text("Platform Order"),
            "direct": floor_text("Off-Platform Purchase"),
            "total": floor_text("Total"),
        },
        shape=lambda no, *cells: (no, *cells) if no else (cells[0], *[None] * 12, *cells[-3:]),
    )


# Report -> (its first body row, its floor's rows for a campaign or buyer id).
FLOORS = {
    "catalogue_xlsx": (3, floor_catalogue),
    "surplus_statistics_xlsx": (3, floor_surplus_statistics),
    "farmer_benefit_xlsx": (3, floor_farmer_benefit),
    "summary_return_xlsx": (4, floor_summary_return),
    "buyer_statement_xlsx": (3, floor_buyer_statement),
}


def floor(rows, first):
    """Plain xlsxwriter (constant_memory), one sheet: the floor's rows from ``first``."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows, start=first):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


def same(a, b):
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
    return a == b


def compare(content, rows, first):
    """The return's body cells (values of formulas as written) against the floor's rows,
    cell by cell: (rows, cells compared, mismatches, first mismatch)."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    count = cells = bad = 0
    first_bad = None
    body = sheet.iter_rows(min_row=first + 1, values_only=True)
    for r, (got, want) in enumerate(itertools.zip_longest(body, rows, fillvalue=()), first):
        count += 1
        width = max(len(got), len(want))
        for c in range(width):
            a = got[c] if c < len(got) else None
            b = want[c] if c < len(want) else None
            a, b = (None if v == "" else v for v in (a, b))
            cells += 1
            if not same(a, b):
                bad += 1
                first_bad = first_bad or f"row {r + 1} col {c + 1}: return {a!r}, floor {b!r}"
    return count, cells, bad, first_bad


def returns():
    campaign = env["xs.surplus.declaration"]._read_group(
        [], ["campaign_id"], ["__count"], order="__count desc", limit=1
    )[0][0]
    buyer = env["sale.order"]._read_group(
        [("state", "=", "sale"), ("xs_campaign_id", "!=", False)],
        ["partner_id"],
        ["__count"],
        order="__count desc",
        limit=1,
    )
    reports = env["ir.actions.report"].search(
        [("report_type", "=", "xlsx"), ("report_name", "=like", "xs_reporting.%")]
    )
    declarations = env["xs.surplus.declaration"].search_count([("campaign_id", "=", campaign.id)])
    print(f"returns of {campaign.name}: {declarations} declarations")
    print(
        f"{'return':40} {'s':>7} {'floor s':>8} {'ratio':>6} {'MB':>6} {'queries':>7} "
        f"{'rows':>7}  cells = floor"
    )
    for report in reports:
        name = report.report_name.split(".")[-1]
        if report.model == "xs.campaign":
            docids = campaign.ids
        elif buyer:
            docids = buyer[0][0].commercial_partner_id.ids
        else:
            continue
        model = env[f"report.{report.report_name}"].with_context(active_model=report.model)

        def run(model=model, docids=docids):
            return model.create_xlsx_report(docids, {})[0]

        first, floor_rows = FLOORS[name]
        # Return and floor alternated RETURN_RUNS times (the machine is shared): seconds are
        # medians, the ratio the median of each run's return over the floor right after it.
        timings, floor_timings, queries = [], [], None
        for _run in range(RETURN_RUNS):
            content, seconds, count = measure(run)
            timings.append(seconds)
            queries = queries or count  # the first run's, with cold caches
            floor_timings.append(
                measure(
                    lambda first=first, floor_rows=floor_rows, docids=docids: floor(
                        floor_rows(docids[0]), first
                    )
                )[1]
            )
        seconds, floor_seconds = statistics.median(timings), statistics.median(floor_timings)
        # The ratio of each return to the floor measured right after it, median of the runs.
        ratio = statistics.median(r / f for r, f in zip(timings, floor_timings, strict=True))
        megabytes = peak_mb(run)
        # The floor writes the return's own rows: compared with its cells one by one.
        rows, cells, bad, first_bad = compare(content, floor_rows(docids[0]), first)
        over = ratio > RETURN_RATIO or megabytes > RETURN_MB or bad
        if over:
            failed.append(name)
        print(
            f"{name:40} {seconds:7.2f} {floor_seconds:8.2f} {ratio:5.2f}x {megabytes:6.0f} "
            f"{queries:7d} {rows:7d}  "
            + (f"{cells} cells equal" if not bad else f"{bad}/{cells} DIFFER ({first_bad})")
            + ("  OVER" if over else "")
        )


def confirmations():
    """Campaign confirmation, back office and buyer portal, vs core dropship confirmation of
    the same orders.

    The budget compares with core dropship WITH its purchase orders confirmed: a campaign
    order's sellers get their purchase orders confirmed and sent (at the declared
    price, with its dropship transfer), so that is what the campaign produces, and core makes
    the same documents only once its purchaser confirms the RFQs. Core without confirming
    them (RFQs left as drafts: no transfers, no vendor follow-up) is printed for information.
    The back office confirms the orders at once with their purchase orders, against core
    confirming the same orders at once. The buyer portal confirms each order under the
    entries' lock without them (``_xs_portal_create_order``, one call per order, each with an
    empty cache as a request of its own, as a portal buyer of the same organisation) and the
    scheduled job makes them right after (``_xs_cron_create_purchases``, one run for the
    orders, as the cron user, in a transaction of its own): its total, the same documents,
    is budgeted against core made the same way, one order a request; against core at once,
    and the part under the lock against both, for information. Each round runs
    every variant back to back (in alternating order) after a warm-up round; each ratio is
    the median of the rounds' ratios, so that load from other processes on a shared machine
    hits both sides of each ratio. Queries are counted too (independent of load)."""
    user, pairs = confirmation_buyer()
    if not pairs:
        print("order confirmation: no listed entries or portal buyer to order with")
        return
    buyer, campaign = user.partner_id.commercial_partner_id, pairs[0].campaign_id
    dropship = env.ref("stock_dropshipping.route_drop_shipping")
    as_buyer = env(user=user)["sale.order"]

    def campaign_orders():
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": buyer.id,
                    "xs_campaign_id": campaign.id,
                    "order_line": [
                        Command.create({"xs_declaration_id": d.id, "product_uom_qty": 3})
                        for d in pair
                    ],
                }
                for pair in pairs
            ]
        )
        orders.action_confirm()
        env.flush_all()

    def portal_orders():
        """The orders under the lock, then the scheduled job: (seconds, queries) of each
        part, measured in one run (same documents)."""
        env.invalidate_all()
        queries, start = env.cr.sql_log_count, time.perf_counter()
        orders = env["sale.order"]
        for pair in pairs:
            env.invalidate_all()  # each order is a request of its own: its cache starts empty
            orders |= as_buyer._xs_portal_create_order({d.id: 3 for d in pair})
            env.flush_all()
        locked = time.perf_counter() - start, env.cr.sql_log_count - queries
        env.invalidate_all()  # the job runs in a transaction of its own
        env["sale.order"]._xs_cron_create_purchases()
        env.flush_all()
        total = time.perf_counter() - start, env.cr.sql_log_count - queries
        if orders.filtered("xs_purchase_pending") or not orders.order_line.purchase_line_ids:
            raise RuntimeError("the scheduled job left portal orders without purchase orders")
        return {"portal, under the lock": locked, "portal": total}

    def core_orders_confirmed():
        # The same documents as ours end with: the sellers' purchase orders confirmed.
        orders = core_orders()
        env["purchase.order.line"].search(
            [("sale_line_id", "in", orders.order_line.ids)]
        ).order_id.button_confirm()
        env.flush_all()

    def core_orders(order_pairs=pairs):
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": buyer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": d.product_id.id,
                                "product_uom_qty": 3,
                                "price_unit": d.price_unit,
                                "route_id": dropship.id,
                            }
                        )
                        for d in pair
                    ],
                }
                for pair in order_pairs
            ]
        )
        orders.action_confirm()
        env.flush_all()
        return orders

    def core_orders_confirmed_each():
        # As the portal must: one order at a time, each a request of its own (empty cache).
        for pair in pairs:
            env.invalidate_all()
            orders = core_orders([pair])
            orders.order_line.purchase_line_ids.order_id.button_confirm()
            env.flush_all()

    def timed(name, func):
        return lambda: {name: measure(func)[1:]}

    # Each returns {variant: (seconds, queries)}; the order is the rounds' order.
    variants = [
        timed("core+po", core_orders_confirmed),
        timed("campaign", campaign_orders),
        timed("core+po, one by one", core_orders_confirmed_each),
        portal_orders,
    ]
    seconds, queries, ratios = confirmation_rounds(variants, timed("core", core_orders))
    print_confirmations(user, len(pairs), seconds, queries, ratios)


def confirmation_buyer():
    """A buyer organisation with a portal user (the province's prov_buyer_NNNN, the demo
    school's buyer), so that both paths order for the same buyer, and pairs of listed
    entries of one open campaign published to it, with plenty left."""
    Declaration = env["xs.surplus.declaration"]
    for candidate in env["res.users"].search(
        [
            ("groups_id", "in", env.ref("base.group_portal").id),
            ("partner_id.commercial_partner_id.xs_buyer_category", "!=", False),
        ],
        order="id",
        limit=50,
    ):
        entries = Declaration.search(
            Declaration._xs_published_domain(candidate.partner_id.commercial_partner_id)
            + [("qty_remaining", ">", 100)],
            limit=4 * ORDERS,
        ).filtered(lambda d: d.campaign_id.implementation_open)
        entries = entries.filtered(lambda d, c=entries[:1].campaign_id: d.campaign_id == c)
        if len(entries) >= 2:
            return candidate, [entries[i : i + 2] for i in range(0, len(entries) - 1, 2)][:ORDERS]
    return env["res.users"], []


def rolled_back(func):
    """What func returns, its work rolled back."""
    try:
        with env.cr.savepoint():
            result = func()
            raise Undo()
    except Undo:
        env.clear()  # the orders are gone: so is their cache
    return result


def confirmation_rounds(variants, core_drafts):
    """A warm-up round, then CONFIRM_ROUNDS rounds of every variant back to back, in the
    other order every other round (core leaving its RFQs as drafts in odd rounds only);
    each ratio of CONFIRMATION_ROWS per round."""
    for func in variants + [core_drafts]:
        rolled_back(func)  # warm-up: caches of the registry, first-time lookups
    seconds, queries, ratios = {}, {}, {}
    for round_ in range(CONFIRM_ROUNDS):
        sequence = variants + [core_drafts] if round_ % 2 else variants[::-1]
        for func in sequence:
            for name, (elapsed, count) in rolled_back(func).items():
                seconds.setdefault(name, []).append(elapsed)
                queries[name] = count
        for name, _label, reference, _budget in CONFIRMATION_ROWS:
            ratios.setdefault((name, reference), []).append(
                seconds[name][-1] / seconds[reference][-1]
            )
    return seconds, queries, ratios


# (variant, label, the core variant it is compared with, budget or None: for information)
CONFIRMATION_ROWS = (
    ("campaign", "back office, the orders at once", "core+po", CONFIRM_RATIO),
    ("portal", "buyer portal, order + scheduled job", "core+po, one by one", CONFIRM_RATIO),
    ("portal", "buyer portal, order + scheduled job", "core+po", None),
    ("portal, under the lock", "buyer portal, the order alone (lock)", "core+po, one by one", None),
    ("portal, under the lock", "buyer portal, the order alone (lock)", "core+po", None),
)


def print_confirmations(user, n_orders, seconds, queries, ratios):
    median = {name: statistics.median(values) for name, values in seconds.items()}
    buyer = user.partner_id.commercial_partner_id
    print(
        f"order confirmation, {n_orders} orders of 2 lines for {buyer.name} ({user.login}), "
        "against core dropship with its purchase orders confirmed (the same documents):"
    )
    for name in ("core+po", "core+po, one by one", "core"):
        label = {
            "core+po": "core, the orders at once",
            "core+po, one by one": "core, one order a request (as the portal)",
            "core": "core leaving its RFQs as drafts (fewer documents)",
        }[name]
        print(f"  {label:58} {median[name]:6.2f} s {queries[name]:6d} queries")
    for name, label, reference, budget in CONFIRMATION_ROWS:
        ratio = statistics.median(ratios[name, reference])
        over = budget is not None and ratio > budget
        if over:
            failed.append(f"order confirmation: {label}")
        against = "one by one" if reference != "core+po" else "at once"
        print(
            f"  {label + ' / core ' + against:58} {median[name]:6.2f} s {ratio:5.2f}x "
            + (f"(budget {budget}x)" if budget else "(information)").ljust(15)
            + f"{queries[name]:6d} queries ({queries[name] / queries[reference]:.2f}x); "
            + f"rounds {', '.join(f'{r:.2f}' for r in ratios[name, reference])}"
            + ("  OVER" if over else "")
        )


def screens():
    """Dashboards, progress, rankings and the buyer catalogue: median seconds of 3 runs."""
    campaign = env["xs.surplus.declaration"]._read_group(
        [], ["campaign_id"], ["__count"], order="__count desc", limit=1
    )[0][0]
    county = env["res.users"].search(
        [("groups_id", "in", env.ref("xs_consumption.xs_consumption_group_county_user").id)],
        limit=1,
    )
    Declaration = env["xs.surplus.declaration"]
    portal = env.ref("base.group_portal")
    buyer = env["res.users"].search(
        [
            ("groups_id", "in", portal.id),
            ("partner_id.commercial_partner_id.xs_channel", "!=", False),
        ],
        order="id",
        limit=1,
    )
    as_county = env(user=county)
    figures = {
        "dashboard pivot (action x township)": lambda: as_county["xs.sales.analysis"].read_group(
            [("campaign_id", "=", campaign.id)],
            ["amount_counted:sum"],
            ["action_id", "township_id"],
            lazy=False,
        ),
        "campaign progress figures": lambda: (
            as_county["xs.campaign"]
            .browse(campaign.id)
            .read(["xs_amount_counted", "xs_surplus_sold_rate", "xs_households_reached"])
        ),
        "rankings (top 10 each)": lambda: as_county["xs.ranking"].search_read(
            [("campaign_id", "=", campaign.id), ("rank", "<=", 10)],
            ["dimension", "rank", "name", "amount_counted"],
        ),
    }
    if buyer:
        catalogue = env(user=buyer)["xs.surplus.declaration"]

        def buyer_catalogue():
            order = "is_recommended desc, category, id"
            if hasattr(catalogue, "_xs_catalogue_search"):  # as the portal controller does
                catalogue._xs_catalogue_search(buyer.partner_id, count=True)
                page = catalogue._xs_catalogue_search(buyer.partner_id, order=order, limit=80)
            else:  # before it: the published domain on top of the record rules
                domain = Declaration._xs_published_domain(buyer.partner_id)
                catalogue.search_count(domain)
                page = catalogue.search(domain, order=order, limit=80)
            page.sudo().read(["product_id", "seller_id", "township_id", "qty_remaining"])

        figures[f"buyer catalogue ({buyer.login}: count, first page)"] = buyer_catalogue
    print(f"{'screen':48} {'s':>7} {'queries':>7}")
    for name, func in figures.items():
        runs = [measure(func) for _run in range(3)]
        seconds = statistics.median(r[1] for r in runs)
        over = seconds > SCREEN_SECONDS
        if over:
            failed.append(name)
        print(f"{name:48} {seconds:7.3f} {runs[-1][2]:7d}" + ("  OVER" if over else ""))


for part in ("returns", "screens", "confirmations"):
    if part in PARTS:
        globals()[part]()
env.cr.rollback()
print("ratios: " + ("all within budget" if not failed else "OVER: " + ", ".join(failed)))
sys.exit(1 if failed else 0)
