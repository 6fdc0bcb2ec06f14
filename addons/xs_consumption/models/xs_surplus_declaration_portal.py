from odoo import _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import intake
from .xs_surplus_declaration import PRODUCE_DOMAIN


class XsSurplusDeclaration(models.Model):
    """R20: a selling entity declares its own surplus in the seller portal, read
    as the township's sheet is read."""

    _inherit = "xs.surplus.declaration"

    PORTAL_FIELDS = (
        "product",
        "category",
        "quantity",
        "uom",
        "price_unit",
        "date_available_from",
        "date_available_to",
        "location",
        "household_count",
        "poverty_household_count",
        "monitored_household_count",
        "contact_phone",
        "note",
    )

    @api.model
    def _xs_portal_seller(self):
        """The selling entity of the current portal user, or an error."""
        user = self.env.user
        seller = user.partner_id.commercial_partner_id
        if not user._is_portal() or not seller.xs_seller_type:
            raise AccessError(
                _("Only the portal users of a registered selling entity declare surplus here.")
            )
        if not seller.xs_township_id:
            raise UserError(
                _(
                    "%(seller)s is not attached to a township yet: ask your township to "
                    "register it before declaring.",
                    seller=seller.name,
                )
            )
        return seller

    @api.model
    def _xs_portal_campaigns(self):
        """Campaigns whose preparation is open: the ones a seller may declare in."""
        # sudo: campaign dates and phases are public to every seller of the county.
        return self.env["xs.campaign"].sudo().search([]).filtered("preparation_open")

    @api.model
    def _xs_portal_products(self):
        # sudo: product names only, for the form's suggestions.
        return self.env["product.product"].sudo().search(PRODUCE_DOMAIN, order="name")

    @api.model
    def _xs_portal_propose_product(self, name):
        """R4: the portal seller proposes a produce the county's list lacks: the first staff
        member of its township gets a to-do to add it (name, category, unit). Returns the
        township."""
        seller = self._xs_portal_seller()
        # sudo: portal sellers read no township and schedule no activity; the to-do names
        # only the seller and the produce it typed.
        township_sudo = seller.xs_township_id.sudo()
        seller_sudo = seller.sudo()
        staff = township_sudo.user_ids.filtered(lambda u: not u.share)[:1]
        summary = _("New produce proposed: %(name)s", name=name)
        if staff and summary not in seller_sudo.activity_ids.mapped("summary"):
            seller_sudo.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=staff.id,
                summary=summary,
                note=_(
                    "%(seller)s proposes “%(name)s” in the seller portal. Add it to the "
                    "county's produce list (name, produce category, unit) from a declaration's "
                    "product field, then tell the seller to declare it.",
                    seller=seller.name,
                    name=name,
                ),
            )
        return township_sudo

    @api.model
    def _xs_portal_values(self, post, campaign):
        """Declaration values from the portal form ``post`` (strings), read as the
        township's sheet is read; every problem is reported at once."""
        errors = []
        product = self._xs_portal_product(post.get("product"), errors)
        vals, uom = self._xs_portal_read_form(post, product, errors)
        self._xs_portal_check_required(vals, errors)
        self._xs_portal_check_unit(product, uom, errors)
        self._xs_portal_normalize_phone(vals, errors)
        self._xs_portal_check_figures(vals, campaign, errors)
        if errors:
            raise UserError("\n".join(errors))
        return vals

    @api.model
    def _xs_portal_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    @api.model
    def _xs_portal_product(self, typed, errors):
        """The produce of the county's list named ``typed``; a name the list lacks is
        proposed to the seller's township (R4)."""
        product_name = intake.clean_text(typed)
        # sudo: matching a product name of the county's list; only its id is kept.
        product = (
            self.env["product.product"]
            .sudo()
            .search([*PRODUCE_DOMAIN, ("name", "=", product_name)], limit=1)
            if product_name
            else self.env["product.product"]
        )
        if not product and product_name:
            # R4: the seller's free text proposes the produce to its township (the to-do is
            # kept: the portal shows this message and the request goes on).
            township = self._xs_portal_propose_product(product_name)
            errors.append(
                _(
                    "Product: “%(name)s” is not in the county's product list yet. %(township)s "
                    "has been asked to add it: declare it once it is in the list, or pick one "
                    "of the suggestions.",
                    name=product_name,
                    township=township.name,
                )
            )
        elif not product:
            errors.append(_("%(field)s: required.", field=self._xs_portal_label("product_id")))
        return product

    @api.model
    def _xs_portal_read_form(self, post, product, errors):
        """(values, unit typed) read from the form with the Excel intake's readers; a value
        that does not read is None and its error is in ``errors``."""
        env = self.env

        def read(fname, reader, *args):
            try:
                return reader(env, post.get(fname), *args)
            except intake.IntakeError as e:
                label = self._xs_portal_label(fname) if fname in self._fields else fname
                errors.append(f"{label}: {e.args[0]}")
                return None

        uom = read("uom", intake.to_unit, intake.unit_lookup(env))
        category = read(
            "category", intake.to_selection, intake.selection_lookup(env, self._name, "category")
        )
        vals = {
            "product_id": product.id,
            "uom_id": (uom or product.uom_id).id,
            "category": category or product.categ_id.xs_declaration_category or "other",
            "quantity": read("quantity", intake.to_number, "quantity"),
            "price_unit": read("price_unit", intake.to_number, "price"),
            "date_available_from": read("date_available_from", intake.to_date),
            "date_available_to": read("date_available_to", intake.to_date),
            "household_count": read("household_count", intake.to_integer) or 0,
            "poverty_household_count": read("poverty_household_count", intake.to_integer) or 0,
            "monitored_household_count": read("monitored_household_count", intake.to_integer) or 0,
            "location": intake.free_text(post.get("location")) or False,
            "contact_phone": intake.clean_text(post.get("contact_phone")) or False,
            "note": intake.free_text(post.get("note")) or False,
        }
        return vals, uom

    @api.model
    def _xs_portal_check_required(self, vals, errors):
        """The figures the form requires, unless they were typed and did not read."""
        for fname in ("quantity", "price_unit", "date_available_from", "date_available_to"):
            label = self._xs_portal_label(fname)
            if vals[fname] is None and not any(e.startswith(label) for e in errors):
                errors.append(_("%(field)s: required.", field=label))

    @api.model
    def _xs_portal_check_unit(self, product, uom, errors):
        if product and uom and uom.category_id != product.uom_id.category_id:
            errors.append(
                _(
                    "Unit: %(product)s is counted in %(unit)s; %(other)s cannot be converted.",
                    product=product.name,
                    unit=product.uom_id.name,
                    other=uom.name,
                )
            )

    @api.model
    def _xs_portal_normalize_phone(self, vals, errors):
        if vals["contact_phone"]:
            try:
                vals["contact_phone"] = self.env["res.partner"]._xs_normalize_phone(
                    vals["contact_phone"]
                )
            except ValidationError as e:
                errors.append(e.args[0])

    @api.model
    def _xs_portal_check_figures(self, vals, campaign, errors):
        """The figures' rules (``_xs_figure_errors``), once quantity and price read."""
        if vals["quantity"] is not None and vals["price_unit"] is not None:
            errors += [
                f"{self._xs_portal_label(fname)}: {message}"
                for fname, message in self._xs_figure_errors(vals, campaign)
            ]

    @api.model
    def _xs_portal_declare(self, campaign_id, post):
        """A seller's portal user declares its own surplus: a draft of its own selling
        entity, in its township, while the campaign's preparation is open; the township
        checks it and submits it to the county."""
        seller = self._xs_portal_seller()
        campaign = self._xs_portal_campaigns().filtered(lambda c: c.id == campaign_id)
        if not campaign:
            raise UserError(_("Choose a campaign whose survey of unsold produce is open."))
        vals = self._xs_portal_values(post, campaign)
        if not vals["contact_phone"]:
            vals["contact_phone"] = seller.mobile or seller.phone or False
        vals.update(
            campaign_id=campaign.id,
            township_id=seller.xs_township_id.id,
            seller_id=seller.id,
            origin="portal",
        )
        # sudo: portal users have no right to create declarations. Seller, township, state
        # (draft by default) and origin are set here, the other values are the form's
        # whitelist above, and create() applies every rule of the township form.
        declaration_sudo = self.sudo().create(vals)
        declaration_sudo.message_post(
            body=_(
                "Declared by %(user)s of %(seller)s in the seller portal: the township checks "
                "it and submits it to the county.",
                user=self.env.user.name,
                seller=seller.name,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return declaration_sudo.sudo(False)

    def _xs_portal_update(self, post):
        """The seller corrects its own draft (one the county or township sent back)."""
        self.ensure_one()
        seller = self._xs_portal_seller()
        declaration_sudo = self.sudo()
        if declaration_sudo.seller_id != seller:
            raise AccessError(_("This declaration belongs to another selling entity."))
        if declaration_sudo.state != "draft":
            raise UserError(
                _(
                    "%(name)s is already with the county: only drafts can be corrected.",
                    name=declaration_sudo.name,
                )
            )
        declaration_sudo._check_preparation_open()
        vals = self._xs_portal_values(post, declaration_sudo.campaign_id)
        if not vals["contact_phone"]:
            vals.pop("contact_phone")
        # sudo: as in _xs_portal_declare; the record is the seller's own draft (checked above).
        declaration_sudo.write(vals)
        declaration_sudo.message_post(
            body=_("Corrected by %(user)s in the seller portal.", user=self.env.user.name),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True
