from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestCatalogueSearch(XsOrdersCommon):
    """R11 at scale: a buyer's catalogue is its published domain, applied once
    (``_xs_catalogue_search``): the same entries as the record rule grants, nothing of the
    buyer's own declarations as a seller, and other users keep their own rules on top."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Canteen buyer", "parent_id": cls.buyer_school.id, "email": "c@ex.com"}
        )
        cls.portal_school = cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_search_school",
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )
        # The school also sells: a draft declaration of its own, never in its catalogue.
        cls.buyer_school.xs_seller_type = "other"
        cls.own_draft = cls._create_declaration(
            seller_id=cls.buyer_school.id, product_id=cls.product_kiwi.id, category="fruit"
        )
        cls.mine = [("campaign_id", "=", cls.campaign.id)]

    def test_r11_catalogue_is_the_published_domain_once(self):
        Declaration = self.env["xs.surplus.declaration"].with_user(self.portal_school)
        partner = self.portal_school.partner_id
        # The record rules grant the buyer its catalogue and its own declarations...
        self.assertEqual(Declaration.search(self.mine), self.decl_a | self.decl_b | self.own_draft)
        # ...its catalogue is the published entries only, in the buyer's environment.
        entries = Declaration._xs_catalogue_search(partner, self.mine, order="id")
        self.assertEqual(entries, self.decl_a | self.decl_b)
        self.assertEqual(entries.env.uid, self.portal_school.id)
        self.assertFalse(entries.env.su)
        self.assertEqual(Declaration._xs_catalogue_search(partner, self.mine, count=True), 2)
        # Narrowed to another school: gone, as for the record rule.
        self.decl_b.channel_partner_ids = self.buyer_school_2
        self.assertEqual(Declaration._xs_catalogue_search(partner, self.mine), self.decl_a)
        self.assertEqual(Declaration.search(self.mine), self.decl_a | self.own_draft)
        # The bank (finance channel) has nothing published to it.
        bank = self.env["xs.surplus.declaration"].with_user(self.portal_school)
        self.assertFalse(bank._xs_catalogue_search(self.buyer_bank, self.mine))

    def test_r11_resolved_domain_is_the_same_entries(self):
        """The published domain with the channel's actions named by id selects what the
        rule's own domain (by action type) selects."""
        Declaration = self.env["xs.surplus.declaration"]
        self.decl_b.channel_action_ids |= self.action_finance

        def published(partner):
            resolved = Declaration.search(
                Declaration._xs_published_domain(partner, resolve=True) + self.mine
            )
            self.assertEqual(
                resolved,
                Declaration.search(Declaration._xs_published_domain(partner) + self.mine),
                partner.name,
            )
            return resolved

        school, school_2, bank = self.buyer_school, self.buyer_school_2, self.buyer_bank
        self.assertEqual(published(school), self.decl_a | self.decl_b)
        self.assertEqual(published(bank), self.decl_b)
        # Narrowed to buyers ("not narrowed to others" is a NOT IN when
        # resolved): to one school, to the other, to both, and to the bank only.
        self.decl_a.channel_partner_ids = school
        self.assertEqual(published(school), self.decl_a | self.decl_b)
        self.assertEqual(published(school_2), self.decl_b)
        self.decl_a.channel_partner_ids = school_2
        self.decl_b.channel_partner_ids = school | school_2
        self.assertEqual(published(school), self.decl_b)
        self.assertEqual(published(school_2), self.decl_a | self.decl_b)
        self.assertFalse(published(bank))
        self.decl_b.channel_partner_ids = bank
        self.assertFalse(published(school))
        self.assertEqual(published(bank), self.decl_b)
        # A contact of the school sees what its organisation sees.
        self.assertEqual(published(self.portal_school.partner_id), published(school))

    def test_r20_other_users_keep_their_rules(self):
        """County staff looking at a buyer's catalogue: their own rules stay on top (a
        township user sees its township's entries of it)."""
        Declaration = self.env["xs.surplus.declaration"]
        self.assertEqual(
            Declaration.with_user(self.user_township_a)._xs_catalogue_search(
                self.buyer_school, self.mine
            ),
            self.decl_a,
        )
        self.assertEqual(
            Declaration.with_user(self.user_county)._xs_catalogue_search(
                self.buyer_school, self.mine
            ),
            self.decl_a | self.decl_b,
        )

    def test_r11_seller_names_have_a_trigram_index(self):
        """The catalogue search matches sellers by name (ILIKE '%term%'): a trigram
        index on partner names serves it instead of a scan of every partner, wherever
        PostgreSQL has pg_trgm (as for Odoo's own trigram indexes)."""
        cr = self.env.cr
        cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'res_partner_xs_name_trigram_index'")
        self.assertEqual(bool(cr.fetchone()), bool(self.env.registry.has_trigram))
        if not self.env.registry.has_trigram:
            return
        query = self.env["res.partner"]._search([("name", "ilike", "Cooperative")]).select()
        cr.execute("SET enable_seqscan = off")  # a test database is too small to need it
        try:
            cr.execute(SQL("EXPLAIN %s", query))
            plan = "\n".join(row[0] for row in cr.fetchall())
        finally:
            cr.execute("RESET enable_seqscan")
        self.assertIn("res_partner_xs_name_trigram_index", plan)
