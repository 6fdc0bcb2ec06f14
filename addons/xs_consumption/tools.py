from datetime import datetime

import pytz

from odoo import SUPERUSER_ID, fields
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import config

# China keeps one time zone; the campaign calendar (phases, reminders, return dates) is
# the county's, never the server's UTC nor a user's browser setting, so that a phase
# closes at the same midnight for every township and every buyer.
XIUSHAN_TZ = "Asia/Shanghai"


def xs_today(env):
    """Today on the county calendar.

    The ``xs_today`` context key pins it, but only where no user can send it: in tests and
    for the superuser (scripts, the shell). Never while serving a request, whoever the user:
    a context sent over JSON-RPC must not reopen a closed survey or move the order window.
    """
    if env.context.get("xs_today") and xs_calendar_override_allowed(env):
        return fields.Date.to_date(env.context["xs_today"])
    return datetime.now(pytz.timezone(XIUSHAN_TZ)).date()


def xs_calendar_override_allowed(env):
    """True where the ``xs_today`` context key is honoured (see :func:`xs_today`)."""
    if request:
        return False
    return bool(config["test_enable"] or env.registry.in_test_mode() or env.uid == SUPERUSER_ID)


def xs_today_default(record):
    """Field default: today on the county calendar."""
    return xs_today(record.env)


def xs_date(value):
    """The county-calendar date of a UTC datetime as Odoo stores it (naive)."""
    if not value:
        return value
    return pytz.utc.localize(value).astimezone(pytz.timezone(XIUSHAN_TZ)).date()


# Marker put in the context by xs_workflow_write() only, checked by identity: JSON-RPC
# can send any context key, but only JSON values, never this object.
_WORKFLOW_WRITE = object()


def xs_workflow_write(records, vals):
    """Write workflow fields on behalf of an action method: the only way they change."""
    return records.with_context(xs_workflow_write=_WORKFLOW_WRITE).write(vals)


def xs_check_workflow_vals(records, vals, protected, creating=False):
    """Refuse ``protected`` fields (state, references...) in ``vals`` unless an action
    method writes them (xs_workflow_write) or code runs as superuser (data files, crons,
    tests' setup). On create, their default values (draft, "/") are accepted."""
    env = records.env
    if env.su or env.context.get("xs_workflow_write") is _WORKFLOW_WRITE:
        return
    touched = set(protected) & set(vals)
    if creating:
        defaults = records.default_get(list(touched))
        touched = {f for f in touched if vals[f] and vals[f] != defaults.get(f)}
    if touched:
        labels = ", ".join(sorted(records._fields[f]._description_string(env) for f in touched))
        # env._: a plain function has no record for _() to find the user's language.
        raise UserError(
            env._(
                "%(fields)s of %(document)s change only through its buttons, not by editing.",
                fields=labels,
                document=env["ir.model"]._get(records._name).name,
            )
        )


def xs_check_attribution(env, name, campaign, buyer, **links):
    """R9, R12, R22, R30: what a sale or an off-platform purchase counts toward is its own
    campaign's and its buyer's: the action, the commitment (the buyer's, under that action),
    the supply agreement (the buyer's) and the event (not cancelled). ``links`` holds the
    ones the caller checks (action, commitment, agreement, event); a sale counts once,
    under one action and one commitment. Raises ValidationError naming ``name``."""
    action = links.get("action")
    commitment = links.get("commitment")
    agreement = links.get("agreement")
    event = links.get("event")
    if action and action.campaign_id != campaign:
        raise ValidationError(
            env._("%(order)s: the action belongs to another campaign.", order=name)
        )
    if commitment and (
        commitment.action_id != action
        or commitment.buyer_id != buyer
        or commitment.campaign_id != campaign
    ):
        raise ValidationError(
            env._(
                "%(order)s counts under %(action)s for %(buyer)s, but commitment "
                "%(commitment)s is %(c_buyer)s's under %(c_action)s. A sale counts "
                "once, under one action and one commitment.",
                order=name,
                action=action.name,
                buyer=buyer.name,
                commitment=commitment.name,
                c_buyer=commitment.buyer_id.name,
                c_action=commitment.action_id.name,
            )
        )
    if agreement and (agreement.buyer_id != buyer or agreement.campaign_id != campaign):
        raise ValidationError(
            env._(
                "%(order)s: agreement %(agreement)s is another buyer's.",
                order=name,
                agreement=agreement.name,
            )
        )
    if event and (event.campaign_id != campaign or event.state == "cancelled"):
        raise ValidationError(
            env._(
                "%(order)s cannot count for %(event)s: the event is cancelled or "
                "belongs to another campaign.",
                order=name,
                event=event.name,
            )
        )


def xs_set_counted(records, link, fnames):
    """Set ``fnames`` ({field: figure}, figures as in ``xs.counted.line._xs_amounts_by``:
    ordered, delivered, invoiced, paid, counted, orders) of ``records`` from the counted
    lines linked to them by the field ``link``: one query for all of them."""
    figures = records.env["xs.counted.line"]._xs_amounts_by([(link, "in", records.ids)], link)
    for record in records:
        amounts = figures.get(record.id, {})
        for fname, figure in fnames.items():
            record[fname] = amounts.get(figure, 0)


def xs_open_action(env, xmlid, domain, context=None, name=None):
    """The window action ``xmlid`` on the records of ``domain``; ``context`` and ``name``
    replace the action's own when given."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    if context is not None:
        action["context"] = context
    if name:
        action["name"] = name
    return action


def xs_percent(part, whole):
    """``part`` as a percentage of ``whole`` (a rate, a progress against a target); 0 when
    there is no whole."""
    return 100.0 * part / whole if whole else 0.0


def xs_kept_by_orders(records, order_field, keeps=None):
    """The ``records`` that may not be deleted (R22): sale orders count under them (by the
    order's ``order_field``), or ``keeps(record)`` holds."""
    counts = records.env["sale.order"]._xs_order_counts(order_field, records)
    return records.filtered(lambda r: counts.get(r) or (keeps and keeps(r)))
