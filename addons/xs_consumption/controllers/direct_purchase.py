import base64

from odoo import _, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers import portal

from ..intake import form_number

# Evidence photos and scans: enough for a phone photo of a receipt.
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class XsDirectPurchasePortal(portal.CustomerPortal):
    """Buyers record purchases they made directly from a seller, off the platform, with
    the receipt (R11, R14). The controller only parses the form: the rules live in
    ``xs.direct.purchase._xs_portal_record``; the county verifies before it counts."""

    def _xs_direct_purchase_values(self, error=None, post=None):
        # The user's own environment: record rules keep the buyer's own purchases and the
        # catalogue entries published to it.
        Declaration = request.env["xs.surplus.declaration"]
        entries = Declaration.search(
            Declaration._xs_published_domain(request.env.user.partner_id), order="id desc"
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "purchases": request.env["xs.direct.purchase"].search([]),
                # sudo: product and seller names of entries the buyer may read.
                "entries": entries.sudo(),
                # R30: the buyer's own confirmed commitments (its record rule), to count toward.
                "commitments": request.env["xs.buyer.commitment"].search(
                    [("state", "=", "confirmed")]
                ),
                "error": error,
                "post": post or {},
                "page_name": "xs_direct_purchase",
            }
        )
        return values

    @http.route("/my/purchases", type="http", auth="user", website=True)
    def portal_xs_direct_purchases(self, **kw):
        if not request.env["xs.direct.purchase"].has_access("read"):
            return request.redirect("/my")
        return request.render(
            "xs_consumption.portal_my_direct_purchases", self._xs_direct_purchase_values()
        )

    @http.route("/my/purchases/new", type="http", auth="user", methods=["POST"], website=True)
    def portal_xs_direct_purchase_new(self, evidence=None, **post):
        error = None
        try:
            content = evidence.read() if evidence else b""
            if len(content) > MAX_EVIDENCE_BYTES:
                raise UserError(_("The evidence file is larger than 10 MB."))
            Purchase = request.env["xs.direct.purchase"]
            Purchase._xs_portal_record(
                {
                    "declaration_id": int(post.get("declaration_id") or 0),
                    "commitment_id": int(post.get("commitment_id") or 0),
                    "date": fields.Date.to_date(post.get("date") or None),
                    "quantity": form_number(Purchase, "quantity", post.get("quantity"), "quantity"),
                    "amount": form_number(Purchase, "amount", post.get("amount"), "amount"),
                    "note": (post.get("note") or "").strip() or False,
                    "evidence": base64.b64encode(content) if content else False,
                    "evidence_filename": evidence.filename if evidence else False,
                }
            )
        except ValueError:
            error = _("Enter quantity and amount as numbers and the date as YYYY-MM-DD.")
        except (UserError, ValidationError, AccessError) as e:
            error = e.args[0]
        else:
            return request.redirect("/my/purchases")
        return request.render(
            "xs_consumption.portal_my_direct_purchases",
            self._xs_direct_purchase_values(error=error, post=post),
        )
