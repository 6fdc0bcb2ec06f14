import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.xs_consumption.models.res_partner import BUYER_CATEGORIES
from odoo.addons.xs_consumption.models.xs_campaign_action import ACTION_TYPES
from odoo.addons.xs_consumption.models.xs_counted_line import SOURCES

# The key of the sales that match no column (the summary return's "Other" column).
OTHER_CODE = "other"


class XsReturnColumn(models.Model):
    """A column of the summary return as the bureau's form names it (R14), e.g.
    机关企事业单位 or 市商务委帮扶集团驻乡工作队. Which sales fall in it is data
    (``xs.return.column.rule``) the county edits when next year's form differs."""

    _name = "xs.return.column"
    _description = "Summary Return Column"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    # R19: the bureau's import reads the pushed return by this key, never by the label
    # (translated, and the county may reword it). Only the administrator edits columns.
    code = fields.Char(
        required=True,
        copy=False,
        help="Stable key of the column in the return pushed to the bureau (lower-case "
        "letters, digits and underscores, not translated). Change it only together with the "
        "bureau.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    rule_ids = fields.One2many("xs.return.column.rule", "column_id", string="Counted Sales")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Another summary return column already has this code."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for column in self:
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", column.code or "") or (
                column.code == OTHER_CODE
            ):
                raise ValidationError(
                    _(
                        "%(name)s: the code %(code)r must be 1 to 32 lower-case letters, digits "
                        "or underscores starting with a letter, and not %(other)r (the key of "
                        "sales in no column).",
                        name=column.name,
                        code=column.code,
                        other=OTHER_CODE,
                    )
                )

    def _xs_code(self):
        """The column's key in the pushed return; the "Other" column (no record) has its
        own."""
        return self.code if self else OTHER_CODE

    @api.model
    def _xs_mapper(self):
        """A function (source, buyer category, action type, has work team) -> column,
        from every active rule, first match by sequence. One query whatever the number
        of sales; sales matching no rule fall in no column (shown as "Other")."""
        rules = self.env["xs.return.column.rule"].search(
            [("column_id.active", "=", True)], order="sequence, id"
        )
        specs = [
            (
                rule.column_id,
                rule.source,
                rule.buyer_category,
                rule.action_type,
                rule.work_team,
            )
            for rule in rules
        ]

        def column_of(source, category, action_type, has_team):
            for column, r_source, r_category, r_action, r_team in specs:
                if r_source and r_source != source:
                    continue
                if r_category and r_category != category:
                    continue
                if r_action and r_action != action_type:
                    continue
                if r_team == "yes" and not has_team:
                    continue
                if r_team == "no" and has_team:
                    continue
                return column
            return self.browse()

        return column_of


class XsReturnColumnRule(models.Model):
    """One condition putting sales in a summary-return column: every field set must
    match; the first matching rule (by sequence) wins, so each sale counts in exactly one
    column."""

    _name = "xs.return.column.rule"
    _description = "Summary Return Column Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    column_id = fields.Many2one("xs.return.column", required=True, ondelete="cascade", index=True)
    source = fields.Selection(SOURCES, help="Empty: platform orders and off-platform purchases.")
    buyer_category = fields.Selection(BUYER_CATEGORIES, help="Empty: any buyer category.")
    action_type = fields.Selection(ACTION_TYPES, string="Action", help="Empty: any action.")
    work_team = fields.Selection(
        [("yes", "Brought in by a work team"), ("no", "Not by a work team")],
        help="Empty: with or without a work team.",
    )
