from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from ..tools import xs_today


class XsCommon(TransactionCase):
    """A campaign dated around today, two townships, sellers, produce and one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.today = xs_today(cls.env)
        day = relativedelta(days=1)
        cls.campaign = cls.env["xs.campaign"].create(
            {
                "name": "Test Campaign",
                "date_start": cls.today - 30 * day,
                "date_end": cls.today + 90 * day,
                "phase_ids": [
                    Command.create(
                        {
                            "phase_type": "preparation",
                            "date_start": cls.today - 30 * day,
                            "date_end": cls.today + 10 * day,
                        }
                    ),
                    Command.create(
                        {
                            "phase_type": "implementation",
                            "date_start": cls.today - 5 * day,
                            "date_end": cls.today + 60 * day,
                        }
                    ),
                    Command.create(
                        {
                            "phase_type": "summary",
                            "date_start": cls.today + 80 * day,
                            "date_end": cls.today + 90 * day,
                        }
                    ),
                ],
            }
        )
        cls.phase_preparation = cls.campaign.phase_ids.filtered(
            lambda p: p.phase_type == "preparation"
        )
        cls.phase_implementation = cls.campaign.phase_ids.filtered(
            lambda p: p.phase_type == "implementation"
        )
        cls.dept = cls.env["res.partner"].create(
            {"name": "Test Education Commission", "is_company": True, "xs_is_department": True}
        )
        cls.other_dept = cls.env["res.partner"].create(
            {"name": "Test Commerce Commission", "is_company": True, "xs_is_department": True}
        )
        cls.action_school = cls.env["xs.campaign.action"].create(
            {
                "campaign_id": cls.campaign.id,
                "action_type": "school",
                "target_amount": 100000,
                "lead_department_ids": [Command.set(cls.dept.ids)],
            }
        )
        cls.action_ecommerce = cls.env["xs.campaign.action"].create(
            {
                "campaign_id": cls.campaign.id,
                "action_type": "ecommerce",
                "target_amount": 50000,
                "lead_department_ids": [Command.set(cls.other_dept.ids)],
            }
        )
        cls.township_a = cls.env["xs.township"].create({"name": "Test Town A"})
        cls.township_b = cls.env["xs.township"].create({"name": "Test Town B"})
        cls.seller_a = cls.env["res.partner"].create(
            {
                "name": "Test Cooperative A",
                "is_company": True,
                "xs_seller_type": "cooperative",
                "xs_township_id": cls.township_a.id,
            }
        )
        cls.seller_b = cls.env["res.partner"].create(
            {
                "name": "Test Family Farm B",
                "is_company": True,
                "xs_seller_type": "family_farm",
                "xs_township_id": cls.township_b.id,
            }
        )
        kg = cls.env.ref("uom.product_uom_kgm")
        vegetable = cls.env.ref("xs_consumption.product_category_vegetable")
        fruit = cls.env.ref("xs_consumption.product_category_fruit")
        cls.product_cabbage = cls.env["product.product"].create(
            {"name": "Test Cabbage", "type": "consu", "uom_id": kg.id, "categ_id": vegetable.id}
        )
        cls.product_kiwi = cls.env["product.product"].create(
            {"name": "Test Kiwi", "type": "consu", "uom_id": kg.id, "categ_id": fruit.id}
        )
        cls.user_township_a = new_test_user(
            cls.env,
            login="xs_township_a",
            groups="xs_consumption.xs_consumption_group_township_user",
            lang="en_US",
            tz="Asia/Shanghai",
        )
        cls.user_township_a.xs_township_ids = cls.township_a
        cls.user_township_b = new_test_user(
            cls.env,
            login="xs_township_b",
            groups="xs_consumption.xs_consumption_group_township_user",
            lang="en_US",
        )
        cls.user_township_b.xs_township_ids = cls.township_b
        cls.user_county = new_test_user(
            cls.env,
            login="xs_county",
            groups="xs_consumption.xs_consumption_group_county_user",
            lang="en_US",
            tz="Asia/Shanghai",
        )
        cls.user_admin = new_test_user(
            cls.env,
            login="xs_admin",
            groups="xs_consumption.xs_consumption_group_admin",
            lang="en_US",
        )
        cls.user_lead = new_test_user(
            cls.env,
            login="xs_lead",
            groups="xs_consumption.xs_consumption_group_lead_department",
            lang="en_US",
        )
        cls.user_lead.partner_id.parent_id = cls.dept
        cls.user_finance = new_test_user(
            cls.env,
            login="xs_finance",
            groups="xs_consumption.xs_consumption_group_finance",
            lang="en_US",
        )
        cls.user_plain = new_test_user(
            cls.env, login="xs_plain", groups="base.group_user", lang="en_US"
        )

    @classmethod
    def _declaration_vals(cls, **kw):
        vals = {
            "campaign_id": cls.campaign.id,
            "township_id": cls.township_a.id,
            "seller_id": cls.seller_a.id,
            "product_id": cls.product_cabbage.id,
            "category": "vegetable",
            "quantity": 1000.0,
            "price_unit": 2.5,
            "date_available_from": cls.today,
            "date_available_to": cls.today + relativedelta(days=30),
            "household_count": 50,
            "poverty_household_count": 20,
            "monitored_household_count": 5,
        }
        vals.update(kw)
        return vals

    @classmethod
    def _create_declaration(cls, **kw):
        return cls.env["xs.surplus.declaration"].create(cls._declaration_vals(**kw))

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back to a savepoint) that also checks the message."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertIn(text, str(cm.exception))
