from odoo import api, models

from ..tools import xs_check_workflow_vals


class XsWorkflowMixin(models.AbstractModel):
    """A document whose workflow fields (``_xs_workflow_fields``) change only through its
    action methods (``tools.xs_workflow_write``): a create past the first state or a direct
    write of them, e.g. over JSON-RPC, is refused with a clear message (R20, R22)."""

    _name = "xs.workflow.mixin"
    _description = "Workflow-Guarded Document"
    _xs_workflow_fields = ("state",)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            xs_check_workflow_vals(self, vals, self._xs_workflow_fields, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        xs_check_workflow_vals(self, vals, self._xs_workflow_fields)
        return super().write(vals)
