from odoo import Command
from odoo.tests import new_test_user

from .common import XsShopCommon


class XsCollectionCommon(XsShopCommon):
    """Two work units take part in the shop: the high school hands out its staff's orders
    at its gate on Fridays (a portal login of its canteen does it); the primary school at
    its own address. A resident works at the high school."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carrier_unit = cls.env.ref("xs_shop.delivery_carrier_work_unit")
        cls.carrier_home = cls.env.ref("xs_shop.delivery_carrier_home")
        cls.school_gate = cls.env["res.partner"].create(
            {
                "name": "High School Gate",
                "parent_id": cls.buyer_school.id,
                "type": "delivery",
                "street": "Xuefu Road 1",
                "city": "Xiushan",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.buyer_school.write(
            {
                "xs_shop_work_unit": True,
                "xs_collection_address_id": cls.school_gate.id,
                "xs_collection_weekday": "4",
                "xs_collection_hours": "12:00-13:30",
                "street": "Xuefu Road 9",
                "city": "Xiushan",
            }
        )
        cls.buyer_school_2.write(
            {
                "xs_shop_work_unit": True,
                "xs_collection_weekday": "1",
                "street": "Qinghua Road 3",
                "city": "Xiushan",
            }
        )
        cls.user_canteen = cls._new_work_unit_login("xs_canteen", "Canteen Liu", cls.buyer_school)
        cls.user_primary = cls._new_work_unit_login(
            "xs_primary", "Primary Clerk Ma", cls.buyer_school_2
        )
        cls.user_resident.partner_id.write(
            {
                "phone": "13900000001",
                "email": "zhou@example.com",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.user_resident_2.partner_id.write(
            {"email": "wu@example.com", "country_id": cls.env.ref("base.cn").id}
        )

    @classmethod
    def _new_work_unit_login(cls, login, name, unit):
        user = new_test_user(cls.env, login=login, groups="base.group_portal", lang="en_US")
        user.partner_id.write({"name": name, "parent_id": unit.id})
        return user

    @classmethod
    def _provider(cls, xmlid):
        provider = cls.env.ref(xmlid)
        provider.write({"state": "enabled", "is_published": True})
        return provider

    @classmethod
    def _collect_cart(cls, user, unit, lines, carrier=None):
        """A cart of ``user`` buying with ``unit``, collected there (or ``carrier``)."""
        order = cls._cart(user, lines)
        order._xs_shop_buy_with("work_unit", unit.id)
        order._set_delivery_method(carrier or cls.carrier_unit)
        return order

    @classmethod
    def _start_payment(cls, order, provider):
        """The person chooses ``provider`` at checkout: the quantity held
        (shop_payment_transaction), the transaction created (draft)."""
        order._xs_shop_hold()
        Tx = cls.env["payment.transaction"]
        # sudo: as the checkout creates it.
        return Tx.sudo().create(
            {
                "provider_id": provider.id,
                "payment_method_id": provider.payment_method_ids[:1].id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_invoice_id.id,
                "reference": Tx._compute_reference(provider.code, prefix=order.name),
                "operation": "online_redirect",
                "sale_order_ids": [Command.set(order.ids)],
            }
        )

    @classmethod
    def _pay_with(cls, order, provider):
        """The person pays ``order`` with ``provider`` as the checkout does, processed as its
        provider processes it (a payment_custom provider: /payment/custom/process sets it
        pending; an online one is done), then post-processed (the status page or its
        cron)."""
        tx = cls._start_payment(order, provider)
        if provider.code == "custom":
            tx._handle_notification_data("custom", {"reference": tx.reference})
        else:
            tx._set_done()
        tx._post_process()
        return tx
