from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.xs_consumption.tools import xs_today


class XsStatementPortal(http.Controller):
    """R11: a buyer downloads its own purchase statement (Excel) from the portal."""

    @http.route("/my/statement", type="http", auth="user")
    def portal_xs_statement(self, campaign_id=None, **kw):
        buyer = request.env.user.partner_id.commercial_partner_id
        data = {"campaign_ids": [int(campaign_id)] if campaign_id else []}
        # The user's own environment: the report refuses another organisation and reads
        # only the orders the user's record rules let it see.
        content, _kind = request.env["ir.actions.report"]._render_xlsx(
            "xs_reporting.buyer_statement_xlsx", buyer.ids, data
        )
        filename = f"消费帮扶采购对账单-{xs_today(request.env).isoformat()}.xlsx"
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
