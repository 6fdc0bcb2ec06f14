from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class XsCustomerPortal(portal.CustomerPortal):
    """Buyers follow their commitments and their fulfilment (R9) in the portal."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "xs_commitment_count" in counters:
            Commitment = request.env["xs.buyer.commitment"]
            values["xs_commitment_count"] = (
                Commitment.search_count([("state", "!=", "cancelled")])
                if Commitment.has_access("read")
                else 0
            )
        return values

    @http.route(
        ["/my/commitments", "/my/commitments/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_commitments(self, page=1, **kw):
        # The user's own environment: record rules keep other buyers' commitments out.
        Commitment = request.env["xs.buyer.commitment"]
        domain = [("state", "!=", "cancelled")]
        values = self._prepare_portal_layout_values()
        count = Commitment.search_count(domain) if Commitment.has_access("read") else 0
        pager = portal_pager(
            url="/my/commitments", total=count, page=page, step=self._items_per_page
        )
        commitments = (
            Commitment.search(
                domain, order="id desc", limit=self._items_per_page, offset=pager["offset"]
            )
            if count
            else Commitment
        )
        values.update(
            {
                "commitments": commitments,
                "page_name": "xs_commitment",
                "pager": pager,
                "default_url": "/my/commitments",
            }
        )
        return request.render("xs_consumption.portal_my_commitments", values)

    @http.route(["/my/commitments/<int:commitment_id>"], type="http", auth="public", website=True)
    def portal_my_commitment(self, commitment_id, access_token=None, **kw):
        try:
            commitment_sudo = self._document_check_access(
                "xs.buyer.commitment", commitment_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            commitment_sudo,
            access_token,
            {"commitment": commitment_sudo, "page_name": "xs_commitment"},
            "my_commitments_history",
            False,
        )
        # Orders placed under it, as the buyer sees them in "My Orders".
        values["orders"] = commitment_sudo.sale_order_ids.filtered(lambda o: o.state == "sale")
        return request.render("xs_consumption.portal_my_commitment", values)
