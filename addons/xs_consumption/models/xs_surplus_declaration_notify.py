from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

from ..tools import xs_today
from .xs_surplus_declaration import CATALOGUE_STATES, VERIFIED_STATES


class XsSurplusDeclaration(models.Model):
    """R28: who is told what about a declaration, where they work (Odoo's inbox or e-mail,
    in their language): the township and the seller when it is sent back, the seller when
    it is verified and listed, the county once a day of what each township submitted, the
    townships that have not submitted three days before the survey closes."""

    _inherit = "xs.surplus.declaration"

    def _xs_township_partners(self):
        """The staff of these declarations' townships."""
        users_sudo = self.sudo().township_id.user_ids.filtered(lambda u: u.active and not u.share)
        return users_sudo.partner_id

    def _xs_seller_partners(self):
        """The portal logins of these declarations' sellers (their cooperatives' staff)."""
        return self._xs_logins_of(self.sudo().seller_id, share=True).partner_id

    def _reject(self, reason):
        res = super()._reject(reason)
        for declaration in self:
            partners = declaration._xs_township_partners()
            if declaration.origin == "portal":
                partners |= declaration._xs_seller_partners()
            declaration._xs_notify(
                partners,
                lambda d: (
                    d.env._("Declaration %(name)s sent back", name=d.name),
                    d.env._(
                        "%(name)s (%(product)s, %(seller)s) was sent back by the county: "
                        "%(reason)s. Correct it and submit it again.",
                        name=d.name,
                        product=d.product_id.name,
                        seller=d.seller_id.name,
                        reason=d.reject_reason,
                    ),
                ),
                portal_url=lambda d: "/my/declarations",
            )
        return res

    def action_verify(self):
        res = super().action_verify()
        for declaration in self:
            declaration._xs_notify(
                declaration._xs_seller_partners(),
                lambda d: (
                    d.env._("Declaration %(name)s verified", name=d.name),
                    d.env._(
                        "The county verified %(name)s: %(quantity)s %(unit)s of %(product)s "
                        "at %(price)s a unit.",
                        name=d.name,
                        quantity=d.quantity,
                        unit=d.uom_id.name,
                        product=d.product_id.name,
                        price=d.price_unit,
                    ),
                ),
                portal_url=lambda d: "/my/declarations",
            )
        return res

    def action_list(self):
        before = {d.id: d.state for d in self}
        res = super().action_list()
        listed = self.filtered(lambda d: d.state in CATALOGUE_STATES and before[d.id] != d.state)
        for declaration in listed:
            declaration._xs_notify(
                declaration._xs_seller_partners() | declaration._xs_township_partners(),
                lambda d: (
                    d.env._("%(product)s is in the catalogue", product=d.product_id.name),
                    d.env._(
                        "%(name)s (%(product)s of %(seller)s) is listed in the catalogue: "
                        "buyers can order it now. You will receive each purchase order.",
                        name=d.name,
                        product=d.product_id.name,
                        seller=d.seller_id.name,
                    ),
                ),
                portal_url=lambda d: "/my/declarations",
            )
        return res

    @api.model
    def _cron_xs_submission_digest(self):
        """Once a day, county staff are told what each township submitted since the last
        run: one message per campaign and township, not one per declaration."""
        since = self.env.context.get("lastcall") or fields.Datetime.now() - timedelta(days=1)
        submitted_sudo = self.sudo().search(
            [("state", "=", "submitted"), ("submitted_date", ">", since)],
            order="campaign_id, township_id, id",
        )
        county = self._xs_partners_of_group("xs_consumption.xs_consumption_group_county_user")
        groups = {}
        for declaration in submitted_sudo:
            groups.setdefault((declaration.campaign_id, declaration.township_id), []).append(
                declaration
            )
        for (campaign, township), declarations in groups.items():
            names = ", ".join(d.name for d in declarations)
            count = len(declarations)
            campaign._xs_notify(
                county,
                lambda c, t=township, n=names, k=count: (
                    c.env._(
                        "%(township)s submitted %(count)s declarations", township=t.name, count=k
                    ),
                    c.env._(
                        "%(township)s submitted %(count)s declarations to verify: %(names)s.",
                        township=t.name,
                        count=k,
                        names=n,
                    ),
                ),
            )
        return submitted_sudo

    @api.model
    def _cron_xs_phase_deadline(self):
        """Three days before the survey (preparation phase) closes, the staff of every
        township that has submitted nothing to it yet are told."""
        in_three_days = xs_today(self.env) + timedelta(days=3)
        phases_sudo = (
            self.env["xs.campaign.phase"]
            .sudo()
            .search([("phase_type", "=", "preparation"), ("date_end", "=", in_three_days)])
        )
        told = self.env["xs.township"]
        for phase in phases_sudo:
            campaign = phase.campaign_id
            done_sudo = (
                self.sudo()
                .search(
                    [
                        ("campaign_id", "=", campaign.id),
                        ("state", "in", ("submitted", *VERIFIED_STATES)),
                    ]
                )
                .township_id
            )
            late_sudo = self.env["xs.township"].sudo().search([("id", "not in", done_sudo.ids)])
            users_sudo = late_sudo.user_ids.filtered(lambda u: u.active and not u.share)
            campaign._xs_notify(
                users_sudo.partner_id,
                lambda c, day=phase.date_end: (
                    c.env._("The surplus survey closes on %(date)s", date=day),
                    Markup("<p>%s</p>")
                    % c.env._(
                        "The surplus survey of %(campaign)s closes on %(date)s and your "
                        "township has submitted no declaration yet.",
                        campaign=c.name,
                        date=day,
                    ),
                ),
            )
            told |= late_sudo
        return told
