from odoo import api, fields, models

# R20: the page each role lands on (its home action), most senior role first.
HOME_ACTIONS = [
    (
        "xs_consumption.xs_consumption_group_county_user",
        "xs_consumption.xs_campaign_action_dashboard",
    ),
    (
        "xs_consumption.xs_consumption_group_commerce",
        "xs_consumption.xs_surplus_declaration_action_catalogue",
    ),
    (
        "xs_consumption.xs_consumption_group_finance",
        "xs_consumption.xs_reconciliation_line_action_unpaid",
    ),
    (
        "xs_consumption.xs_consumption_group_lead_department",
        "xs_consumption.xs_buyer_commitment_action",
    ),
    (
        "xs_consumption.xs_consumption_group_township_user",
        "xs_consumption.xs_surplus_declaration_action_township",
    ),
]


class ResUsers(models.Model):
    _inherit = "res.users"

    xs_township_ids = fields.Many2many(
        "xs.township",
        "xs_township_res_users_rel",
        "user_id",
        "township_id",
        string="Townships",
        help="Townships whose declarations this user works on (record rules of township staff).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users.filtered(lambda u: not u.action_id)._xs_set_home_action()
        # Staff without an e-mail address read their messages in Odoo's inbox (an e-mail
        # notification would reach nobody).
        users.filtered(
            lambda u: not u.share and not u.email and u.notification_type == "email"
        ).notification_type = "inbox"
        return users

    def write(self, vals):
        res = super().write(vals)
        if any(key.startswith(("groups_id", "in_group_", "sel_groups_")) for key in vals):
            # A role given later moves the landing page too, unless one was chosen by hand.
            ours = {
                self.env.ref(xmlid, raise_if_not_found=False).id for _group, xmlid in HOME_ACTIONS
            }
            self.filtered(lambda u: not u.action_id or u.action_id.id in ours)._xs_set_home_action()
        return res

    def _xs_home_action(self):
        """The landing page of this user's most senior campaign role, or nothing."""
        self.ensure_one()
        for group, xmlid in HOME_ACTIONS:
            if self.has_group(group):
                return self.env.ref(xmlid, raise_if_not_found=False)
        return self.env["ir.actions.act_window"]

    def _xs_set_home_action(self):
        # sudo: the home action is a preference set by this code from the user's groups.
        for user_sudo in self.sudo():
            if user_sudo.share:
                continue
            action = user_sudo._xs_home_action()
            if action and user_sudo.action_id.id != action.id:
                user_sudo.write({"action_id": action.id})

    def _xs_published_catalogue_domain(self):
        """The catalogue entries published to this user's organisation: the portal record
        rule evaluates this, so the published domain has one owner
        (xs.surplus.declaration._xs_published_domain)."""
        self.ensure_one()
        return self.env["xs.surplus.declaration"]._xs_published_domain(self.partner_id)
