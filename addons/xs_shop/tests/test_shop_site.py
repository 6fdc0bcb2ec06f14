from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestShopSite(HttpCase):
    """R21, R27: the site people land on is the county's platform, not Odoo's sample
    website: its name in the header and the titles, the company's contact in the footer,
    no sample logo, links or texts."""

    def test_r21_odoo_pages_speak_chinese_too(self):
        # Chinese is installed with the shop as Odoo's language installer does it: core's
        # own terms (the site's menu, checkout, payment) come with it, not only ours.
        for xmlid, chinese in (
            ("website.menu_home", "首页"),
            ("website.menu_contactus", "联系我们"),
        ):
            self.assertEqual(self.env.ref(xmlid).with_context(lang="zh_CN").name, chinese)
        # The site's header shows the website's own copies of them.
        menus = self.env["website"].get_current_website().menu_id.child_id
        self.assertLessEqual(
            {"首页", "联系我们", "商店"}, set(menus.with_context(lang="zh_CN").mapped("name"))
        )

    def test_r21_our_models_fields_read_in_chinese_with_the_shop(self):
        # The shop's modules add fields to every model with a chatter (website_rating's
        # Ratings): those of the county's models read in Chinese too, in the screens'
        # filters, group-bys and exports.
        fields = self.env["ir.model.fields"].search(
            [("model_id.model", "=like", "xs.%"), ("field_description", "!=", False)]
        )
        untranslated = fields.with_context(lang="zh_CN").filtered(
            lambda f: (
                f.field_description == f.with_context(lang="en_US").field_description
                and f.field_description.isascii()
                and f.name != "id"
            )
        )
        self.assertFalse(
            sorted({f"{f.model}.{f.name}: {f.field_description}" for f in untranslated})
        )

    def test_r27_the_site_is_the_platform(self):
        website = self.env["website"].get_current_website()
        company = website.company_id
        self.assertEqual(website.with_context(lang="zh_CN").name, company.name)
        self.assertNotEqual(website.name, "My Website")
        page = self.url_open("/shop").text
        self.assertIn(company.name, page)
        for sample in (
            "Company name",
            "公司名称",
            "555-555-5556",
            "yourcompany.example.com",
            "website_logo",
            "We are a team of passionate",
            "My Website",
        ):
            self.assertNotIn(sample, page)
        # Its name heads every page, in Chinese too (core's sample name is 我的网站).
        self.assertIn(f">{company.name}</a>", page)
        self.assertNotIn(
            "我的网站", self.url_open("/shop", headers={"Accept-Language": "zh-CN"}).text
        )
        self.assertIn('id="xs_footer_contact"', page)
        self.assertIn(f"© {company.name}", page)
        # A portal page's title is the platform's, not its template's English name.
        self.authenticate("admin", "admin")
        home = self.url_open("/my").text
        title = home.split("<title>")[1].split("</title>")[0]
        self.assertNotIn("My Portal", title)
        self.assertIn(company.name, title)
