from datetime import datetime

import pytz

from odoo import fields

# China keeps one time zone; the campaign calendar (phases, reminders, return dates) is
# the county's, never the server's UTC nor a user's browser setting, so that a phase
# closes at the same midnight for every township and every buyer.
XIUSHAN_TZ = "Asia/Shanghai"


def xs_today(env):
    """Today on the county calendar; the ``xs_today`` context key pins it (tests, previews)."""
    if env.context.get("xs_today"):
        return fields.Date.to_date(env.context["xs_today"])
    return datetime.now(pytz.timezone(XIUSHAN_TZ)).date()


def xs_today_default(record):
    """Field default: today on the county calendar."""
    return xs_today(record.env)


def xs_date(value):
    """The county-calendar date of a UTC datetime as Odoo stores it (naive)."""
    if not value:
        return value
    return pytz.utc.localize(value).astimezone(pytz.timezone(XIUSHAN_TZ)).date()
