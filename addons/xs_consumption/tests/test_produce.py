from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestProduce(XsCommon):
    """R4: the county's produce list, declarations picking from it, townships adding to it."""

    def test_r4_produce_list_has_category_and_unit(self):
        """The shipped list: each produce in a produce category, in its trading unit."""
        produce = self.env["product.product"].search(
            [("categ_id.xs_declaration_category", "!=", False)]
        )
        names = set(produce.mapped("name"))
        for name in ("金银花", "茶叶", "土鸡", "生猪", "山羊", "蜂蜜", "猕猴桃", "脐橙", "香菇"):
            self.assertIn(name, names)
        self.assertEqual(self.env.ref("xs_consumption.product_pig").uom_id.name, "Head")
        self.assertEqual(
            self.env.ref("xs_consumption.product_chicken").categ_id.xs_declaration_category,
            "livestock",
        )
        self.assertEqual(
            self.env.ref("xs_consumption.product_kiwi").uom_id,
            self.env.ref("uom.product_uom_kgm"),
        )

    def test_r4_demo_holds_no_odoo_sample_data(self):
        """The demo is the county's own: none of Odoo's sample furniture or people."""
        for xmlid in (
            "product.product_product_4",
            "product.product_delivery_01",
            "base.res_partner_1",
            "base.partner_demo",
            "base.user_demo",
        ):
            self.assertFalse(self.env.ref(xmlid, raise_if_not_found=False), xmlid)
        self.assertFalse(self.env["product.product"].search_count([("name", "ilike", "desk")]))
        self.assertNotIn(self.env.ref("base.user_admin").name, ("Mitchell Admin", "Administrator"))

    def test_r4_declaration_product_drop_down_offers_produce_only(self):
        other = self.env["product.product"].create({"name": "Office chair", "type": "consu"})
        field = self.env["xs.surplus.declaration"]._fields["product_id"]
        offered = self.env["product.product"].search(
            field.get_domain_list(self.env["xs.surplus.declaration"])
        )
        self.assertIn(self.env.ref("xs_consumption.product_honeysuckle"), offered)
        self.assertNotIn(other, offered)

    def test_r4_picking_product_and_seller_fills_category_and_township(self):
        self.seller_b.xs_township_id = self.township_a
        form = Form(self.env["xs.surplus.declaration"].with_user(self.user_township_a))
        form.seller_id = self.seller_b
        self.assertEqual(form.township_id, self.township_a)
        form.product_id = self.env.ref("xs_consumption.product_kiwi")
        self.assertEqual(form.category, "fruit")
        self.assertEqual(form.uom_id, self.env.ref("uom.product_uom_kgm"))
        form.product_id = self.env.ref("xs_consumption.product_goat")
        self.assertEqual(form.category, "livestock")
        self.assertEqual(form.uom_id.name, "Head")

    def test_r4_township_adds_a_produce_the_list_lacks(self):
        """Name, produce category and unit, through the declaration's quick form."""
        Product = self.env["product.product"].with_user(self.user_township_a)
        form = Form(
            Product.with_context(default_name="秀山毛尖"),
            view="xs_consumption.product_product_view_form_xs_produce",
        )
        form.categ_id = self.env.ref("xs_consumption.product_category_tea")
        form.uom_id = self.env.ref("xs_consumption.xs_uom_jin")
        product = form.save()
        self.assertEqual(product.name, "秀山毛尖")
        self.assertEqual(product.uom_po_id, product.uom_id)
        declaration_form = Form(self.env["xs.surplus.declaration"].with_user(self.user_township_a))
        declaration_form.product_id = product
        self.assertEqual(declaration_form.category, "other")

    def test_r4_township_creates_products_in_produce_categories_only(self):
        Product = self.env["product.product"].with_user(self.user_township_a)
        with self.assertRaises(AccessError):
            Product.create(
                {"name": "Sofa", "categ_id": self.env.ref("product.product_category_all").id}
            )
        with self.assertRaises(AccessError):
            self.env["product.template"].with_user(self.user_township_a).create({"name": "Desk"})
        with self.assertRaises(AccessError):
            self.env.ref("xs_consumption.product_kiwi").with_user(self.user_township_a).write(
                {"list_price": 1}
            )
        # Odoo's product creators keep creating any product.
        self.user_county.groups_id |= self.env.ref("product.group_product_manager")
        chair = self.env["product.product"].with_user(self.user_county).create({"name": "Chair"})
        self.assertTrue(chair)

    def test_r4_seller_proposes_a_produce_its_township_adds(self):
        """A seller types a produce the list lacks: its township's staff get a to-do to add
        it (once), and the seller is told so."""
        contact = self.env["res.partner"].create(
            {"name": "Coop clerk", "parent_id": self.seller_a.id, "email": "clerk@example.com"}
        )
        seller_user = self.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_produce_seller",
                "partner_id": contact.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        Declaration = self.env["xs.surplus.declaration"].with_user(seller_user)
        with self.assertRaises(UserError) as cm:
            Declaration._xs_portal_declare(
                self.campaign.id, {"product": "秀山毛尖", "quantity": "50", "price_unit": "300"}
            )
        self.assertIn(self.township_a.name, str(cm.exception))
        Declaration._xs_portal_propose_product("秀山毛尖")
        Declaration._xs_portal_propose_product("秀山毛尖")
        todo = self.seller_a.activity_ids.filtered(lambda a: "秀山毛尖" in a.summary)
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.user_township_a)
