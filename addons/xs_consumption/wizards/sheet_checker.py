"""Checking the rows of a township's declaration sheet against the database (R4): names
matched to sellers, products and units, the declaration model's rules applied to each row,
nothing written. Used by ``xs.declaration.import``."""

from collections import defaultdict
from functools import partial

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .. import intake
from ..models.xs_surplus_declaration import LOCKED_FIELDS

# Fields compared to decide whether a pre-filled row changed (and so is written).
WRITTEN_FIELDS = (
    "seller_id",
    "product_id",
    "category",
    "quantity",
    "uom_id",
    "price_unit",
    "date_available_from",
    "date_available_to",
    "location",
    "contact_phone",
    "industry_coverage",
    "industry_scale",
    "household_count",
    "poverty_household_count",
    "monitored_household_count",
    "note",
)
# Key of the row's values listing the columns holding a formula (reported when read).
FORMULAS = "__formulas__"
FIELD_COLUMN = {"seller_id": "seller", "product_id": "product", "uom_id": "uom"}
# Free text: kept as typed (Chinese punctuation included), only its ends trimmed.
TEXT_FIELDS = ("location", "industry_coverage", "industry_scale", "note")
NUMBER_READERS = (
    ("quantity", partial(intake.to_number, kind="quantity")),
    ("price_unit", partial(intake.to_number, kind="price")),
    ("household_count", intake.to_integer),
    ("poverty_household_count", intake.to_integer),
    ("monitored_household_count", intake.to_integer),
    ("date_available_from", intake.to_date),
    ("date_available_to", intake.to_date),
)


class SheetChecker:
    """Everything the rows name is fetched once (queries do not grow with the rows); each
    row is then checked in Python and lands in ``plan``: create, update, unchanged, or
    its errors as (row, column, message)."""

    def __init__(self, wizard, rows, plan):
        self.wizard = wizard
        self.env = env = wizard.env
        self.campaign, self.township = wizard.campaign_id, wizard.township_id
        self.create_missing = wizard.create_missing
        self.plan = plan
        self.Declaration = env["xs.surplus.declaration"]
        self.Partner = env["res.partner"]
        refs = {intake.clean_text(v.get("name")) for _r, v, _c in rows} - {None}
        seller_names = self._names(rows, "seller")
        product_names = self._names(rows, "product")
        # sudo: a reference or key may belong to a declaration of another township the
        # user cannot read; only its reference is ever shown.
        existing_sudo = self.Declaration.sudo().search(
            [
                "|",
                ("name", "in", list(refs)),
                "&",
                ("campaign_id", "=", self.campaign.id),
                ("township_id", "=", self.township.id),
            ]
        )
        existing_sudo.fetch(["name", "campaign_id", "township_id", "state", *WRITTEN_FIELDS])
        self.by_ref = {d.name: d for d in existing_sudo}
        self.by_key = {
            (d.seller_id.id, d.product_id.id): d
            for d in existing_sudo
            if d.campaign_id == self.campaign and d.township_id == self.township
        }
        self.sellers = defaultdict(list)
        for seller in self.Partner.search(
            [("name", "in", list(seller_names)), ("xs_seller_type", "!=", False)]
        ):
            self.sellers[intake.clean_text(seller.name)].append(seller)
        self.products = defaultdict(list)
        for product in env["product.product"].search([("name", "in", list(product_names))]):
            self.products[intake.clean_text(product.name)].append(product)
        self.units = intake.unit_lookup(env)
        self.categories = intake.selection_lookup(env, self.Declaration._name, "category")
        self.seller_types = intake.selection_lookup(env, self.Partner._name, "xs_seller_type")
        self.defaults = self.Declaration.default_get(["date_available_from", "date_available_to"])
        self.seen_refs, self.seen_keys = {}, {}

    @staticmethod
    def _names(rows, key):
        """The names a column holds, as typed and as matched (clean_text): a name written
        with full-width brackets in the database is found either way."""
        names = set()
        for _row, values, _letters in rows:
            if values.get(key) is not None:
                names |= {str(values[key]).strip(), intake.clean_text(values[key])}
        return names - {None, ""}

    # -- one row ---------------------------------------------------------

    def fail(self, fname, message):
        letter = self.letters.get(fname, "")
        self.errors.append((self.row, self.wizard._xs_column_label(letter, fname), message))

    def read_cell(self, fname, reader, *args):
        if fname in self.values.get(FORMULAS, ()):
            return None  # already reported
        try:
            return reader(self.env, self.values.get(fname), *args)
        except intake.IntakeError as e:
            self.fail(fname, e.args[0])
            return None

    def text(self, fname):
        return intake.clean_text(self.values.get(fname))

    def check(self, row, values, letters):
        self.row, self.values, self.letters, self.errors = row, values, letters, []
        self._check_township()
        declaration = self._declaration()
        seller = self._seller()
        uom = self.read_cell("uom", intake.to_unit, self.units)
        product = self._product(uom)
        vals = self._figures(declaration, seller)
        self._check_key(declaration, seller, product)
        if self.errors:
            self.plan["errors"].extend(self.errors)
            return
        vals.update(
            seller_id=seller.id if seller else self.text("seller"),
            product_id=product.id if product else self.text("product"),
            uom_id=(uom or product.uom_id).id if (uom or product) else False,
        )
        self._plan(declaration, vals)

    def _check_township(self):
        name = self.text("township")
        if name and name != intake.clean_text(self.township.name):
            self.fail(
                "township",
                self.env._(
                    "this row is for %(other)s, but the sheet is %(township)s's: put it in "
                    "that township's sheet.",
                    other=name,
                    township=self.township.name,
                ),
            )

    def _declaration(self):
        ref = self.text("name")
        if not ref:
            return None
        declaration = self.by_ref.get(ref)
        if ref in self.seen_refs:
            self.fail(
                "name",
                self.env._(
                    "reference %(ref)s is also on row %(row)s.", ref=ref, row=self.seen_refs[ref]
                ),
            )
        elif not declaration:
            self.fail("name", self.env._("no declaration has the reference %(ref)s.", ref=ref))
        elif declaration.campaign_id != self.campaign or declaration.township_id != self.township:
            self.fail(
                "name",
                self.env._("%(ref)s is a declaration of another township or campaign.", ref=ref),
            )
            declaration = None
        self.seen_refs.setdefault(ref, self.row)
        return declaration

    def _match(self, column, candidates, ambiguous, unknown):
        """(the one record the cell names, whether it names a new one to register): a
        name of several records fails the cell with ``ambiguous()``, an unknown one with
        ``unknown()`` unless missing records are to be created."""
        if len(candidates) > 1:
            self.fail(column, ambiguous())
        elif candidates:
            return candidates[0], False
        elif not self.create_missing:
            self.fail(column, unknown())
        else:
            return None, True
        return None, False

    def _seller(self):
        """Matched by name, preferring this township's; registered only when asked."""
        name = self.text("seller")
        if not name:
            self.fail("seller", self.env._("the selling entity is required."))
            return None
        candidates = self.sellers.get(name, [])
        candidates = [s for s in candidates if s.xs_township_id == self.township] or candidates
        found, new = self._match(
            "seller",
            candidates,
            lambda: self.env._(
                "%(name)s names %(count)s selling entities; ask the county to merge them.",
                name=name,
                count=len(candidates),
            ),
            lambda: self.env._(
                "no selling entity is named %(name)s. Check the spelling, or tick "
                "“Create Missing Sellers and Products”.",
                name=name,
            ),
        )
        if found:
            return found
        if new:
            seller_type = self.read_cell("seller_type", intake.to_selection, self.seller_types)
            if seller_type:
                self.plan["new_sellers"].setdefault(
                    name, {"xs_seller_type": seller_type, "row": self.row}
                )
            elif "seller_type" not in self.values:
                self.fail(
                    "seller_type",
                    self.env._("give the type of the new selling entity %(name)s.", name=name),
                )
        return None

    def _product(self, uom):
        name = self.text("product")
        if not name:
            self.fail("product", self.env._("the product is required."))
            return None
        candidates = self.products.get(name, [])
        product, new = self._match(
            "product",
            candidates,
            lambda: self.env._(
                "%(name)s names %(count)s products; ask the county to merge them.",
                name=name,
                count=len(candidates),
            ),
            lambda: self.env._(
                "no product is named %(name)s. Check the spelling, or tick "
                "“Create Missing Sellers and Products”.",
                name=name,
            ),
        )
        if new and uom:
            self.plan["new_products"].setdefault(name, {"uom": uom, "row": self.row})
        elif new and "uom" not in self.values:
            self.fail("uom", self.env._("give the unit of the new product %(name)s.", name=name))
        if product and uom and uom.category_id != product.uom_id.category_id:
            self.fail(
                "uom",
                self.env._(
                    "%(product)s is counted in %(unit)s; %(other)s cannot be converted.",
                    product=product.name,
                    unit=product.uom_id.name,
                    other=uom.name,
                ),
            )
        return product

    def _figures(self, declaration, seller):
        """Values of the row, then the declaration model's own rules on them."""
        vals = {fname: self.read_cell(fname, reader) for fname, reader in NUMBER_READERS}
        vals["category"] = self.read_cell("category", intake.to_selection, self.categories)
        if "category" not in self.values:
            self.fail("category", self.env._("the category is required."))
        for fname in ("quantity", "price_unit"):
            if fname not in self.values and fname not in self.values.get(FORMULAS, ()):
                self.fail(fname, self.env._("this value is required."))
        for fname in ("household_count", "poverty_household_count", "monitored_household_count"):
            vals[fname] = vals[fname] or 0
        for fname in ("date_available_from", "date_available_to"):
            if vals[fname] is None:
                vals[fname] = (
                    declaration[fname]
                    if declaration
                    else fields.Date.to_date(self.defaults.get(fname))
                )
        phone = self.text("contact_phone")
        if phone:
            try:
                phone = self.Partner._xs_normalize_phone(phone)
            except ValidationError as e:
                self.fail("contact_phone", e.args[0])
        elif declaration:
            phone = declaration.contact_phone  # left empty in the sheet: kept as it is
        elif seller:
            phone = seller.mobile or seller.phone
        vals.update(
            contact_phone=phone or False,
            **{fname: intake.free_text(self.values.get(fname)) or False for fname in TEXT_FIELDS},
        )
        if vals["quantity"] is not None and vals["price_unit"] is not None:
            for fname, message in self.Declaration._xs_figure_errors(vals, self.campaign):
                self.fail(FIELD_COLUMN.get(fname, fname), message)
        return vals

    def _check_key(self, declaration, seller, product):
        """One declaration per seller and product in a township's campaign."""
        seller_name, product_name = self.text("seller"), self.text("product")
        if not seller_name or not product_name:
            return
        key = (seller.id if seller else seller_name, product.id if product else product_name)
        if key in self.seen_keys:
            self.fail(
                "product",
                self.env._(
                    "the same selling entity and product are on row %(row)s: one row per "
                    "seller and product.",
                    row=self.seen_keys[key],
                ),
            )
        else:
            self.seen_keys[key] = self.row
        other = self.by_key.get(key)
        if other and other != declaration:
            self.fail(
                "name",
                self.env._(
                    "%(seller)s already declared %(product)s in this campaign as %(ref)s: put "
                    "that reference in this row to update it.",
                    seller=seller_name,
                    product=product_name,
                    ref=other.name,
                ),
            )

    def _plan(self, declaration, vals):
        if not declaration:
            self.plan["create"].append((self.row, vals))
            return
        changes = {
            fname: vals[fname]
            for fname in WRITTEN_FIELDS
            if self._differs(declaration, fname, vals[fname])
        }
        locked = LOCKED_FIELDS.intersection(changes) if declaration.is_locked else ()
        for fname in sorted(locked, key=WRITTEN_FIELDS.index):
            self.fail(
                FIELD_COLUMN.get(fname, fname),
                self.env._(
                    "%(ref)s is verified and locked: it has %(old)s here, the sheet %(new)s. "
                    "Its figures change only after the county sends it back.",
                    ref=declaration.name,
                    old=self._shown(declaration, fname, declaration[fname]),
                    new=self._shown(declaration, fname, vals[fname]),
                ),
            )
        if locked:
            self.plan["errors"].extend(self.errors)
        elif not changes:
            self.plan["unchanged"] += 1
        else:
            self.plan["update"].append((self.row, declaration, changes))

    @staticmethod
    def _differs(declaration, fname, value):
        """Whether the sheet's ``value`` changes the declaration's ``fname``: compared as
        the field stores it (its digits, the currency's rounding; text as typed, empty
        the same as nothing), so that a sheet saved again by a spreadsheet program is
        unchanged."""
        field = declaration._fields[fname]
        current = declaration[fname]
        if field.type == "many2one":
            return current.id != value
        if field.type in ("float", "monetary"):
            if field.type == "monetary":
                rounding = declaration.currency_id.rounding
            else:
                digits = field.get_digits(declaration.env)
                rounding = 10 ** -digits[1] if digits else 1e-6
            return float_compare(current, value or 0.0, precision_rounding=rounding) != 0
        if field.type in ("char", "text"):
            return intake.free_text(current) != intake.free_text(value)
        return (current or False) != (value or False)

    def _shown(self, declaration, fname, value):
        """A value of ``fname`` as the sheet shows it, for a message."""
        if hasattr(value, "_name"):
            return value.display_name or "-"
        if isinstance(value, int) and fname in ("seller_id", "product_id", "uom_id"):
            return declaration[fname].browse(value).display_name
        if value in (None, False, ""):
            return self.env._("nothing")
        if isinstance(value, float):
            return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
        return str(value)
