"""Reading what people type: numbers, dates and units as townships write them in their
sheets and sellers in the portal (R4). Each reader returns a Python value or raises
``IntakeError`` with a message in the user's language; the rules on the values themselves
live on the declaration (``xs.surplus.declaration._xs_figure_errors``)."""

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from odoo.exceptions import UserError, ValidationError

# Spellings of units (after NFKC and lower-casing) and the unit each means. The template's
# drop-down offers the first spelling of each.
UNIT_SPELLINGS = {
    "公斤": "uom.product_uom_kgm",
    "千克": "uom.product_uom_kgm",
    "kg": "uom.product_uom_kgm",
    "斤": "xs_consumption.xs_uom_jin",
    "市斤": "xs_consumption.xs_uom_jin",
    "吨": "uom.product_uom_ton",
    "t": "uom.product_uom_ton",
    "头": "xs_consumption.xs_uom_head",
    "只": "xs_consumption.xs_uom_bird",
    "箱": "xs_consumption.xs_uom_box",
    "个": "uom.product_uom_unit",
    "件": "uom.product_uom_unit",
}
TEMPLATE_UNITS = ["公斤", "斤", "吨", "头", "只", "箱", "个"]

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
# A midnight time after a date ("2026-11-30 00:00:00", "2026-11-30T00:00").
_TIME_SUFFIX = re.compile(r"(?:\s+|T)0?0:00(?::00(?:\.0+)?)?$")
# Excel's serial day numbers (1900 date system) of 1960-01-01 .. 2099-12-31, and day 0.
SERIAL_DATES = (21916, 73050)
EXCEL_EPOCH = date(1899, 12, 30)


class IntakeError(ValueError):
    """A value that cannot be read; ``args[0]`` is the message for the user."""


def clean_text(value):
    """Text of a cell or form field: full-width letters and digits made half-width
    (ＡＢ１２ -> AB12), surrounding spaces dropped; None for nothing."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


# The largest value of each kind of number people type (R4, R11, R20): beyond it a value is
# a slip (an extra digit, a pasted identifier), never a figure of a county's campaign.
# Negative values are refused for every kind; zero is left to the record's own rules.
NUMBER_LIMITS = {
    "quantity": 100_000_000,  # units (kg, head, boxes...) of one produce: 10万吨 of kg
    "price": 1_000_000,  # yuan per unit
    "amount": 1_000_000_000,  # yuan of one commitment or purchase
    "count": 1_000_000,  # households (the county has about 160,000)
}
# Chinese multipliers written after a number: 1.2万 is 12,000.
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
_NUMBER_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?", re.IGNORECASE)
_GROUPED_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def _shown(value):
    """A typed value as quoted in a message: short, whatever was pasted."""
    if isinstance(value, int) and abs(value) >= 10**24:
        value = Decimal(value)  # str() of a very long int is refused
    if isinstance(value, Decimal) and value.is_finite() and value.adjusted() >= 24:
        return f"{value:.6E}"
    text = str(value)
    return text if len(text) <= 24 else f"{text[:20]}…"


def number_error(env, number, kind, shown=None):
    """Why ``number`` (already a Python number) cannot be a ``kind`` of NUMBER_LIMITS,
    or None: the one rule on typed numbers, for readers and records alike. ``shown``:
    the value as typed, for the message."""
    shown = _shown(number if shown is None else shown)
    if isinstance(number, bool) or not isinstance(number, int | float | Decimal):
        return env._("“%(value)s” is not a number.", value=shown)
    if (isinstance(number, Decimal) and not number.is_finite()) or (
        isinstance(number, float) and not math.isfinite(number)
    ):
        return env._("“%(value)s” is not a number: write digits only, e.g. 1500.", value=shown)
    if number < 0:
        return env._("“%(value)s” cannot be negative.", value=shown)
    limit = NUMBER_LIMITS[kind]
    if number > limit:
        limit = format(limit, ",")  # no f-string in a translated call: babel evaluates them
        return env._(
            "“%(value)s” is too large: at most %(limit)s. Check the number.",
            value=shown,
            limit=limit,
        )
    return None


def _parse_number(env, text):
    """A Decimal from text as people type it: full-width digits (made half-width by
    clean_text), commas between thousands (1,200), a trailing 万 or 亿."""
    body, factor = text, 1
    if body[-1] in MULTIPLIERS:
        body, factor = body[:-1].strip(), MULTIPLIERS[body[-1]]
    body = body.replace("\u2212", "-")  # the typographic minus sign
    if "," in body:
        if not _GROUPED_RE.fullmatch(body):
            raise IntakeError(
                env._(
                    "“%(value)s”: commas only separate thousands (1,500); write decimals "
                    "with a point (1.5).",
                    value=_shown(text),
                )
            )
        body = body.replace(",", "")
    if not _NUMBER_RE.fullmatch(body):
        raise IntakeError(
            env._("“%(value)s” is not a number: write digits only, e.g. 1500.", value=_shown(text))
        )
    number = Decimal(body)
    # A number beyond any limit stays as it is (multiplying it could overflow Decimal).
    return number * factor if number.adjusted() < 30 else number


def free_text(value):
    """Free text of a cell or form field (a place, a note): kept as typed, Chinese
    punctuation included, only its ends trimmed and its line ends made one; None for
    nothing. Names and codes are read with ``clean_text``."""
    if value is None or value is False:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def to_number(env, value, kind="quantity"):
    """The number people typed, as a float, or None for nothing; an ``IntakeError`` for
    anything else: not a number, not finite (inf, NaN, 1e400), negative, or above the
    limit of its ``kind`` (NUMBER_LIMITS). Typed as a number (a cell, JSON) or as text
    (full-width digits, 1,200, 1.2万, surrounding spaces); -0 is 0. The one reader of
    typed numbers: the township's sheet, the portal forms and the controllers."""
    if isinstance(value, bool):
        raise IntakeError(env._("“%(value)s” is not a number.", value=value))
    if isinstance(value, int | float | Decimal):
        number, text = value, None
    else:
        text = clean_text(value)
        if text is None:
            return None
        text = text.replace(" ", "")
        number = _parse_number(env, text)
    error = number_error(env, number, kind, shown=text)
    if error:
        raise IntakeError(error)
    # Compared with the limit above before becoming a float: no overflow, and 0.0, not -0.0.
    return float(number) + 0.0


def form_number(records, fname, value, kind, integer=False):
    """A number typed in a form field ``fname`` of ``records``' model (``to_number``,
    ``to_integer`` with ``integer``): refused with a UserError that names the field."""
    env = records.env
    try:
        return (to_integer if integer else to_number)(env, value, kind)
    except IntakeError as e:
        raise UserError(
            env._(
                "%(field)s: %(error)s",
                field=records._fields[fname]._description_string(env),
                error=e.args[0],
            )
        ) from None


def check_number_vals(records, vals, kinds):
    """Refuse, naming the field, a value of ``vals`` that the kind ``kinds[field]`` does
    not allow: create() and write() call it ahead of the ORM, which cannot even round
    inf or NaN (JSON-RPC sends them as easily as 1e300)."""
    env = records.env
    for fname, kind in kinds.items():
        value = vals.get(fname)
        if value is None or value is False:
            continue
        if isinstance(value, str):
            try:
                to_number(env, value, kind)
            except IntakeError as e:
                error = e.args[0]
            else:
                continue
        else:
            error = number_error(env, value, kind)
        if error:
            raise ValidationError(
                env._(
                    "%(field)s: %(error)s",
                    field=records._fields[fname]._description_string(env),
                    error=error,
                )
            )


def to_integer(env, value, kind="count"):
    number = to_number(env, value, kind)
    if number is None:
        return None
    if abs(number - round(number)) > 1e-6:
        raise IntakeError(
            env._("“%(value)s” is not a whole number.", value=_shown(clean_text(value)))
        )
    return round(number)


def to_date(env, value):
    """A date typed as an Excel date or as text (2026-11-30, 2026/11/30, 2026年11月30日),
    a date with a midnight time (as a spreadsheet program may write it back), or an Excel
    serial number (46356) when a program dropped the cell's date format."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and SERIAL_DATES[0] <= value <= SERIAL_DATES[1]
    ):
        return EXCEL_EPOCH + timedelta(days=int(value))
    text = clean_text(value)
    if text is None:
        return None
    day = _TIME_SUFFIX.sub("", text)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(day, fmt).date()
        except ValueError:
            continue
    raise IntakeError(
        env._("“%(value)s” is not a date: write it as 2026-11-30.", value=_shown(text))
    )


def unit_lookup(env):
    """{spelling: uom.uom} of the units a township or seller may write: the spellings
    above and every unit's name in English and Chinese."""
    Uom_sudo = env["uom.uom"].sudo()  # sudo: unit names are reference data every user reads
    units = Uom_sudo.search([])
    lookup = {}
    for lang in ("en_US", "zh_CN"):
        for uom in units.with_context(lang=lang):
            lookup.setdefault(unicodedata.normalize("NFKC", uom.name).strip().lower(), uom)
    for spelling, xmlid in UNIT_SPELLINGS.items():
        uom = env.ref(xmlid, raise_if_not_found=False)
        if uom:
            lookup[spelling] = Uom_sudo.browse(uom.id)
    return {k: v.with_env(env) for k, v in lookup.items()}


def to_unit(env, value, lookup):
    text = clean_text(value)
    if text is None:
        return None
    uom = lookup.get(text.lower())
    if not uom:
        raise IntakeError(
            env._(
                "unknown unit “%(value)s”: use one of %(units)s.",
                value=text,
                units="、".join(TEMPLATE_UNITS),
            )
        )
    return uom


def selection_lookup(env, model, fname):
    """{label or key: key} of a selection field, labels in English and Chinese."""
    field = env[model]._fields[fname]
    lookup = {}
    for lang in ("en_US", "zh_CN"):
        for key, label in field._description_selection(env(context=dict(env.context, lang=lang))):
            lookup[unicodedata.normalize("NFKC", label).strip().lower()] = key
            lookup[key] = key
    return lookup


def to_selection(env, value, lookup):
    text = clean_text(value)
    if text is None:
        return None
    key = lookup.get(text.lower())
    if not key:
        raise IntakeError(env._("“%(value)s” is not one of the choices offered.", value=text))
    return key
