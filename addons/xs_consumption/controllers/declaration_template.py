from urllib.parse import quote

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


class XsDeclarationTemplate(http.Controller):
    """R4: the declaration sheet of a township for a campaign, as an .xlsx download. The
    workbook is built by ``xs.declaration.import._xs_template_content`` in the user's own
    environment: record rules and the township check apply there."""

    @http.route("/xs_consumption/declaration_template", type="http", auth="user")
    def xs_declaration_template(self, campaign_id=None, township_id=None, **kw):
        try:
            campaign = request.env["xs.campaign"].browse(int(campaign_id or 0)).exists()
            township = request.env["xs.township"].browse(int(township_id or 0)).exists()
            if not campaign or not township:
                raise MissingError(request.env._("Choose a campaign and a township."))
            content = request.env["xs.declaration.import"]._xs_template_content(campaign, township)
        except (AccessError, MissingError, ValueError):
            raise request.not_found() from None
        filename = f"{township.name}-{campaign.name}-滞销农产品申报表.xlsx"
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", f"attachment; filename*=UTF-8''{quote(filename)}"),
            ],
        )
