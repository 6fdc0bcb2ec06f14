from odoo import models
from odoo.tools import SQL


class XsSurplusDeclaration(models.Model):
    _inherit = "xs.surplus.declaration"

    def _xs_referencing_documents(self):
        """R4: a declaration the bureau received in a pushed return stays (the return
        names it by reference)."""
        found = super()._xs_referencing_documents()
        if not self:
            return found
        self.env["xs.exchange.job"].flush_model(["payload", "state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT sent->>'reference'
                  FROM xs_exchange_job job
                 CROSS JOIN LATERAL jsonb_array_elements(
                       CASE WHEN jsonb_typeof(job.payload->'declarations') = 'array'
                            THEN job.payload->'declarations' ELSE '[]'::jsonb END
                       ) sent
                 WHERE job.state = 'done' AND sent->>'reference' IN %s
                """,
                tuple(self.mapped("name")),
            )
        )
        sent = {reference for (reference,) in self.env.cr.fetchall()}
        label = self.env["ir.model"]._get("xs.exchange.job").name
        for declaration in self.filtered(lambda d: d.name in sent):
            found.setdefault(declaration, []).append(label)
        return found
