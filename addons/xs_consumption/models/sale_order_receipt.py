import base64

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import xs_check_workflow_vals, xs_today, xs_workflow_write
from .stock_picking_portal import MAX_PHOTO_BYTES

# Written by the buyer's two actions only.
RECEIPT_FIELDS = {"xs_receipt_state", "xs_receipt_date"}


class SaleOrder(models.Model):
    """R28: the buyer that received its produce confirms it in the portal, or reports a
    problem (short, damaged, poor quality) with photos, which opens a quality issue for the
    county on the seller's entry (「切实保障农户和消费者权益」)."""

    _inherit = "sale.order"

    xs_receipt_state = fields.Selection(
        [("received", "Received"), ("problem", "Problem Reported")],
        string="Receipt",
        readonly=True,
        copy=False,
        tracking=True,
    )
    xs_receipt_date = fields.Date(string="Receipt Confirmed On", readonly=True, copy=False)

    def write(self, vals):
        xs_check_workflow_vals(self, vals, RECEIPT_FIELDS)
        return super().write(vals)

    def _xs_problem_labels(self):
        """What a buyer may report about what it received (R15, R28)."""
        return {
            "short": _("Short Delivery"),
            "damaged": _("Damaged"),
            "quality": _("Quality Problem"),
        }

    def _xs_check_buyer(self):
        buyer = self.env.user.partner_id.commercial_partner_id
        if any(
            order.sudo().partner_id.commercial_partner_id != buyer
            or not order.sudo().xs_campaign_id
            for order in self
        ):
            raise AccessError(_("Only the buyer confirms what it received."))
        if any(order.sudo().state != "sale" for order in self):
            raise UserError(_("Only confirmed orders are received."))

    def _xs_portal_confirm_receipt(self):
        self.ensure_one()
        self._xs_check_buyer()
        order_sudo = self.sudo()
        if not any(line.qty_delivered for line in order_sudo.order_line):
            raise UserError(_("Confirm the receipt once the seller has delivered."))
        xs_workflow_write(
            order_sudo, {"xs_receipt_state": "received", "xs_receipt_date": xs_today(self.env)}
        )
        order_sudo.message_post(
            body=_("Receipt confirmed by the buyer in the portal."),
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _xs_portal_report_problem(self, kind, description, photos=()):
        """Open a quality issue (complaint) on the order's entries for the county, with the
        buyer's photos; county staff assess it (severity, scope, department)."""
        self.ensure_one()
        self._xs_check_buyer()
        labels = self._xs_problem_labels()
        if kind not in labels:
            raise UserError(_("Say what is wrong: short, damaged or a quality problem."))
        description = (description or "").strip()
        if not description:
            raise UserError(_("Describe the problem."))
        if len(photos) > 5 or any(len(base64.b64decode(p)) > MAX_PHOTO_BYTES for p, _n in photos):
            raise UserError(_("Attach at most 5 photos of at most 10 MB each."))
        order_sudo = self.sudo()
        common = {
            "name": _("%(problem)s: %(order)s", problem=labels[kind], order=order_sudo.name),
            "issue_type": "complaint",
            "severity": "major" if kind == "quality" else "minor",
            "description": description,
        }
        declarations = order_sudo.order_line.xs_declaration_id
        # sudo: buyers may not create quality issues; this method is their one way to open
        # one, about their own order's entries, as a complaint the county assesses.
        issues_sudo = (
            self.env["xs.quality.issue"]
            .sudo()
            .create(
                [dict(common, declaration_id=d.id) for d in declarations]
                or [dict(common, product_id=p.id) for p in order_sudo.order_line.product_id]
            )
        )
        for issue_sudo in issues_sudo:
            attachments_sudo = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "datas": content,
                            "res_model": issue_sudo._name,
                            "res_id": issue_sudo.id,
                        }
                        for content, name in photos
                    ]
                )
            )
            issue_sudo.message_post(
                body=_(
                    "Reported by %(buyer)s on order %(order)s.",
                    buyer=order_sudo.partner_id.commercial_partner_id.name,
                    order=order_sudo.name,
                ),
                attachment_ids=attachments_sudo.ids,
                subtype_xmlid="mail.mt_note",
            )
        xs_workflow_write(
            order_sudo, {"xs_receipt_state": "problem", "xs_receipt_date": xs_today(self.env)}
        )
        county = self._xs_partners_of_group("xs_consumption.xs_consumption_group_county_user")
        issues_sudo._xs_notify(
            county,
            lambda i: (
                i.env._("A buyer reported a problem: %(name)s", name=i.name),
                i.env._(
                    "%(buyer)s reported on %(order)s: %(description)s",
                    buyer=order_sudo.partner_id.commercial_partner_id.name,
                    order=order_sudo.name,
                    description=description,
                ),
            ),
        )
        return issues_sudo
