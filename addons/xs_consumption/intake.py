"""Reading what people type: numbers, dates and units as townships write them in their
sheets and sellers in the portal (R4). Each reader returns a Python value or raises
``IntakeError`` with a message in the user's language; the rules on the values themselves
live on the declaration (``xs.surplus.declaration._xs_figure_errors``)."""

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

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


def to_number(env, value):
    """A number typed as a number or as text (full-width digits, thousands separators)."""
    if isinstance(value, bool):
        raise IntakeError(env._("“%(value)s” is not a number.", value=value))
    if isinstance(value, int | float):
        return float(value)
    text = clean_text(value)
    if text is None:
        return None
    try:
        return float(re.sub(r"[,\s]", "", text.replace("，", "")))
    except ValueError:
        raise IntakeError(
            env._("“%(value)s” is not a number: write digits only, e.g. 1500.", value=text)
        ) from None


def to_integer(env, value):
    number = to_number(env, value)
    if number is None:
        return None
    if not float(number).is_integer():
        raise IntakeError(env._("“%(value)s” is not a whole number.", value=clean_text(value)))
    return int(number)


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
        env._("“%(value)s” is not a date: write it as 2026-11-30.", value=text)
    )


def unit_lookup(env):
    """{spelling: uom.uom} of the units a township or seller may write: the spellings
    above and every unit's name in English and Chinese."""
    Uom = env["uom.uom"].sudo()  # sudo: unit names are reference data every user reads
    units = Uom.search([])
    lookup = {}
    for lang in ("en_US", "zh_CN"):
        for uom in units.with_context(lang=lang):
            lookup.setdefault(unicodedata.normalize("NFKC", uom.name).strip().lower(), uom)
    for spelling, xmlid in UNIT_SPELLINGS.items():
        uom = env.ref(xmlid, raise_if_not_found=False)
        if uom:
            lookup[spelling] = Uom.browse(uom.id)
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
