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
        cls._setup_campaign()
        cls._setup_actions()
        cls._setup_sellers()
        cls._setup_produce()
        cls._setup_users()

    @classmethod
    def _setup_campaign(cls):
        """The campaign: preparation until 10 days from now, implementation from 5 days
        ago, summary 80 to 90 days from now."""
        day = relativedelta(days=1)
        phases = [
            ("preparation", -30, 10),
            ("implementation", -5, 60),
            ("summary", 80, 90),
        ]
        cls.campaign = cls.env["xs.campaign"].create(
            {
                "name": "Test Campaign",
                "date_start": cls.today - 30 * day,
                "date_end": cls.today + 90 * day,
                "phase_ids": [
                    Command.create(
                        {
                            "phase_type": phase_type,
                            "date_start": cls.today + start * day,
                            "date_end": cls.today + end * day,
                        }
                    )
                    for phase_type, start, end in phases
                ],
            }
        )
        cls.phase_preparation = cls.campaign.phase_ids.filtered(
            lambda p: p.phase_type == "preparation"
        )
        cls.phase_implementation = cls.campaign.phase_ids.filtered(
            lambda p: p.phase_type == "implementation"
        )

    @classmethod
    def _setup_actions(cls):
        """The school action led by the education commission, e-commerce by commerce."""
        cls.dept = cls._create_department("Test Education Commission")
        cls.other_dept = cls._create_department("Test Commerce Commission")
        cls.action_school = cls._create_action("school", 100000, cls.dept)
        cls.action_ecommerce = cls._create_action("ecommerce", 50000, cls.other_dept)

    @classmethod
    def _create_department(cls, name):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "xs_is_department": True}
        )

    @classmethod
    def _create_action(cls, action_type, target_amount, department):
        return cls.env["xs.campaign.action"].create(
            {
                "campaign_id": cls.campaign.id,
                "action_type": action_type,
                "target_amount": target_amount,
                "lead_department_ids": [Command.set(department.ids)],
            }
        )

    @classmethod
    def _setup_sellers(cls):
        """Two townships, a cooperative in A and a family farm in B."""
        cls.township_a = cls.env["xs.township"].create({"name": "Test Town A"})
        cls.township_b = cls.env["xs.township"].create({"name": "Test Town B"})
        cls.seller_a = cls._create_seller("Test Cooperative A", "cooperative", cls.township_a)
        cls.seller_b = cls._create_seller("Test Family Farm B", "family_farm", cls.township_b)

    @classmethod
    def _create_seller(cls, name, seller_type, township):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "xs_seller_type": seller_type,
                "xs_township_id": township.id,
            }
        )

    @classmethod
    def _setup_produce(cls):
        """Cabbage (vegetable) and kiwi (fruit), sold by the kilogram."""
        cls.product_cabbage = cls._create_produce("Test Cabbage", "product_category_vegetable")
        cls.product_kiwi = cls._create_produce("Test Kiwi", "product_category_fruit")

    @classmethod
    def _create_produce(cls, name, category_xmlid):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "uom_id": cls.env.ref("uom.product_uom_kgm").id,
                "categ_id": cls.env.ref(f"xs_consumption.{category_xmlid}").id,
            }
        )

    @classmethod
    def _setup_users(cls):
        """One user per role: each township's staff, the county, the administrator, the
        education commission's lead, finance and an internal user of no role."""
        cls.user_township_a = cls._create_user(
            "xs_township_a", "group_township_user", tz="Asia/Shanghai"
        )
        cls.user_township_a.xs_township_ids = cls.township_a
        cls.user_township_b = cls._create_user("xs_township_b", "group_township_user")
        cls.user_township_b.xs_township_ids = cls.township_b
        cls.user_county = cls._create_user("xs_county", "group_county_user", tz="Asia/Shanghai")
        cls.user_admin = cls._create_user("xs_admin", "group_admin")
        cls.user_lead = cls._create_user("xs_lead", "group_lead_department")
        cls.user_lead.partner_id.parent_id = cls.dept
        cls.user_finance = cls._create_user("xs_finance", "group_finance")
        cls.user_plain = new_test_user(
            cls.env, login="xs_plain", groups="base.group_user", lang="en_US"
        )

    @classmethod
    def _create_user(cls, login, group, **kw):
        """A user of ``xs_consumption.xs_consumption_<group>``, working in English."""
        return new_test_user(
            cls.env,
            login=login,
            groups=f"xs_consumption.xs_consumption_{group}",
            lang="en_US",
            **kw,
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
