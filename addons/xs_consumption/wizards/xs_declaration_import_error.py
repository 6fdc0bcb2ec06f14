from odoo import fields, models


class XsDeclarationImportError(models.TransientModel):
    """One problem of an uploaded declaration sheet: its row, its column and why."""

    _name = "xs.declaration.import.error"
    _description = "Declaration Sheet Error"
    _order = "row, id"

    wizard_id = fields.Many2one("xs.declaration.import", required=True, ondelete="cascade")
    row = fields.Integer(help="Row number in the sheet; 0 for the file as a whole.")
    column = fields.Char()
    message = fields.Char(required=True)
