from odoo import fields, models


class XsDeclarationRejectWizard(models.TransientModel):
    _name = "xs.declaration.reject.wizard"
    _description = "Send Declarations Back"

    declaration_ids = fields.Many2many("xs.surplus.declaration", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.declaration_ids._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
