import logging

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.xs_consumption.tests.common_pdf import real_pdf_rendering

from .crawl import CrawlMixin

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestCrawl(CrawlMixin, HttpCase):
    """R20/R21: every demo login opens every page and PDF it can reach without an error.

    The back office through each menu's action as the web client loads it (the action,
    its views, the records of each view type, the first record's form or a new one, every
    filter and group-by of its search view, every report bound to the model, printed for
    the first record it is offered for); the portal through every link from /my, then
    every link on those pages (same site), and one page of each kind in the browser at
    phone width. Any error answer, traceback, JavaScript error, or a PDF link that does
    not answer a PDF fails. Each role's page count is logged ("crawl <login>: N ...").
    Needs the demo data (scripts/test.sh installs it)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.crawl_pdfs_rendered = set()
        cls.demo_users = {
            login: cls.env["res.users"].search([("login", "=", login)])
            for login in ("admin", "county", "township", "lead", "commerce", "finance")
            + ("buyer", "seller")
        }
        if not all(cls.demo_users.values()):
            cls.skipTest(cls, "the crawl walks the demo data")

    def _assert_crawl(self, state, what):
        _logger.info(
            "crawl %s: %d %s, %d reports, %d PDFs, %d failures",
            state["role"],
            state["pages"],
            what,
            state.get("reports", 0),
            state.get("pdfs", 0),
            len(state["failures"]),
        )
        self.assertFalse(
            state["failures"],
            "\n".join(f"{role} | {where} | {what}" for role, where, what in state["failures"]),
        )
        self.assertGreater(state["pages"], 5, "the crawl reached pages")

    def _back_office(self, login, password="demo"):
        with real_pdf_rendering(self.env):
            state = self._crawl_back_office(login, password)
        self._assert_crawl(state, f"pages through {state.get('menus', 0)} menus")

    def _portal(self, login, password="demo"):
        with real_pdf_rendering(self.env):
            state = self._crawl_portal(login, password)
        self._crawl_portal_browser(state, login, password)
        self._assert_crawl(
            state, f"portal pages ({state['browser_pages']} kinds of page in the browser)"
        )
        self.assertGreater(state["pdfs"], 0, "the portal offers PDFs and they open")

    def test_r20_crawl_admin(self):
        self._back_office("admin", "admin")

    def test_r20_crawl_county(self):
        self._back_office("county")

    def test_r20_crawl_township(self):
        self._back_office("township")

    def test_r20_crawl_lead(self):
        self._back_office("lead")

    def test_r20_crawl_commerce(self):
        self._back_office("commerce")

    def test_r20_crawl_finance(self):
        self._back_office("finance")

    def test_r20_crawl_buyer(self):
        self._portal("buyer")

    def test_r20_crawl_seller(self):
        self._portal("seller")


@tagged("post_install", "-at_install")
class TestMenusOfRoles(TransactionCase):
    """R20: the back-office roles' menus hold only what they can open."""

    def test_r20_apps_menu_is_the_administrators(self):
        apps = self.env.ref("base.menu_management")
        for group in ("county_user", "township_user", "lead_department", "finance"):
            user = new_test_user(
                self.env,
                login=f"xs_menus_{group}",
                groups=f"xs_consumption.xs_consumption_group_{group}",
            )
            menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
            self.assertNotIn(apps.id, menus, group)
        admin_menus = (
            self.env["ir.ui.menu"].with_user(self.env.ref("base.user_admin")).load_menus(False)
        )
        self.assertIn(apps.id, admin_menus)
