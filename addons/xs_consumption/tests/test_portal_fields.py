from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common_orders import XsOrdersCommon

# What the county keeps to itself on what portal users may read (groups="base.group_user").
INTERNAL = {
    "xs.surplus.declaration": [
        "sale_line_ids",
        "purchase_line_ids",
        "qty_ordered",
        "qty_delivered",
        "amount_ordered",
        "sale_order_count",
        "purchase_order_count",
        "recommendation_score",
        "submitted_date",
        "verified_date",
        "verified_by_id",
    ],
    "xs.campaign.action": ["target_amount", "amount_counted", "progress", "lead_department_ids"],
    "xs.campaign": ["target_amount", "declaration_ids", "declaration_count"],
}


@tagged("post_install", "-at_install")
class TestPortalFields(XsOrdersCommon, HttpCase):
    """R11, R20: over JSON-RPC a portal buyer reads the catalogue entries and actions meant
    for it, never the county's internal fields nor its targets and counted amounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Canteen", "parent_id": cls.buyer_school.id, "email": "x@ex.com"}
        )
        cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_fields_buyer",
                "password": "xs_fields_buyer",
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_r11_portal_buyer_reads_no_internal_field(self):
        self.authenticate("xs_fields_buyer", "xs_fields_buyer")
        records = {
            "xs.surplus.declaration": self.decl_a.id,
            "xs.campaign.action": self.action_school.id,
            "xs.campaign": self.campaign.id,
        }
        for model, fnames in INTERNAL.items():
            described = self._rpc(model, "fields_get", attributes=["string"])
            self.assertFalse(set(fnames) & set(described), model)
            rows = self._rpc(model, "search_read", [("id", "=", records[model])])
            self.assertEqual(len(rows), 1, f"{model}: the portal buyer reads the record")
            self.assertFalse(set(fnames) & set(rows[0]), model)
            for fname in fnames:
                with self.assertRaises(JsonRpcException, msg=f"{model}.{fname}") as error:
                    self._rpc(model, "read", [records[model]], [fname])
                self.assertEqual(str(error.exception), "odoo.exceptions.AccessError")
        # What the catalogue is for stays readable.
        entry = self._rpc(
            "xs.surplus.declaration", "read", [self.decl_a.id], ["price_unit", "qty_remaining"]
        )
        self.assertEqual(entry[0]["qty_remaining"], 1000)
        action = self._rpc("xs.campaign.action", "read", [self.action_school.id], ["name"])
        self.assertEqual(action[0]["name"], self.action_school.name)
        # Vendor prices are purchase data.
        with self.assertRaises(JsonRpcException):
            self._rpc("product.supplierinfo", "search_read", [], ["price"])
