from datetime import timedelta

from odoo import api, fields, models

# A delivery is overdue once its scheduled day is this far behind.
OVERDUE_GRACE = timedelta(days=1)


class StockPicking(models.Model):
    """R28: a campaign delivery still not made a day after it was due is reported, once, to
    the seller who must ship it (its portal logins) and to county staff."""

    _inherit = "stock.picking"

    xs_overdue_notified = fields.Boolean(
        string="Overdue Reported", readonly=True, copy=False, index="btree_not_null"
    )

    @api.model
    def _cron_xs_overdue_deliveries(self):
        overdue_sudo = self.sudo().search(
            [
                ("sale_id.xs_campaign_id", "!=", False),
                ("state", "not in", ("done", "cancel", "draft")),
                ("scheduled_date", "<", fields.Datetime.now() - OVERDUE_GRACE),
                ("xs_overdue_notified", "=", False),
            ]
        )
        county = self._xs_partners_of_group("xs_consumption.xs_consumption_group_county_user")
        for picking_sudo in overdue_sudo:
            seller = picking_sudo.purchase_id.partner_id.commercial_partner_id
            sellers = self._xs_logins_of(seller, share=True).partner_id
            record = picking_sudo.purchase_id or picking_sudo
            record._xs_notify(
                sellers | county,
                lambda r, p=picking_sudo: (
                    r.env._("Delivery %(name)s is overdue", name=p.name),
                    r.env._(
                        "%(name)s to %(buyer)s (%(order)s) was due on %(date)s and is not "
                        "delivered yet.",
                        name=p.name,
                        buyer=p.partner_id.commercial_partner_id.name,
                        order=p.sale_id.name,
                        date=fields.Date.to_string(p.scheduled_date),
                    ),
                ),
                portal_url=lambda r: (
                    "/my/purchase/%s" % r.id if r._name == "purchase.order" else "/my"
                ),
            )
        overdue_sudo.xs_overdue_notified = True
        return overdue_sudo
