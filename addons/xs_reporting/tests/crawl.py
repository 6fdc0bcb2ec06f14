"""A crawl of what each demo login reaches (R20, R21): the back office through every menu's
action as the web client opens it (``web/action/load``, ``get_views``, the records of each
view type, the first record's form, the search view's filters, the reports bound to the
model), the portal through every link from /my. Every answer is checked: no error, no
traceback, a PDF where a PDF is promised."""

import json
import logging
import re
import time
from collections import deque
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from dateutil.relativedelta import relativedelta
from lxml import etree, html

from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

_logger = logging.getLogger(__name__)

# View types whose records the crawl reads as the web client does; the others (activity,
# hierarchy, ...) are only loaded.
RECORD_VIEWS = ("list", "kanban", "calendar")
GROUP_VIEWS = ("pivot", "graph")
REPORT_CONVERTERS = {"qweb-pdf": "pdf", "qweb-html": "html", "qweb-text": "text", "xlsx": "xlsx"}
# Links a portal page may carry that are not pages of the site.
PORTAL_SKIP_PREFIXES = (
    "/web/session/logout",
    "/web/assets/",
    "/web/static/",
    "/web/image",
    "/web/content",
    "/website/",
)


class CrawlMixin:
    """For an HttpCase: ``_crawl_back_office(login, password)`` and
    ``_crawl_portal(login, password)`` return ``(pages, failures)``; ``failures`` lists
    ``(role, where, what)``."""

    crawl_rpc_timeout = 60
    crawl_pdfs_rendered = set()  # report names: set a fresh one per test class
    crawl_portal_max_pages = 250

    # ------------------------------------------------------------------ back office
    def _crawl_rpc(self, route, params):
        """The ``result`` of a JSON-RPC call, or raises ``CrawlError`` with the server's
        error (name and message) as the web client would show it."""
        response = self.url_open(
            route,
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}
            ).encode(),
            headers={"Content-Type": "application/json"},
            timeout=self.crawl_rpc_timeout,
        )
        if response.status_code != 200:
            raise CrawlError(f"HTTP {response.status_code}")
        body = response.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            raise CrawlError(
                f"{data.get('name', body['error'].get('message'))}: {data.get('message', '')}"
            )
        return body["result"]

    def _crawl_call(self, model, method, args, kwargs, context):
        return self._crawl_rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": dict(kwargs, context=context),
            },
        )

    def _crawl_eval_context(self, user, user_context):
        today = date.today()
        return dict(
            user_context,
            uid=user.id,
            user_context=user_context,
            context_today=lambda: today,
            current_date=today.strftime("%Y-%m-%d"),
            today=today.strftime("%Y-%m-%d"),
            now=safe_datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
            datetime=safe_datetime,
            time=safe_time,
            relativedelta=relativedelta,
            allowed_company_ids=user.company_ids.ids,
            current_company_id=user.company_id.id,
            active_id=False,
            active_ids=[],
            active_model=False,
        )

    def _crawl_eval(self, expression, eval_context, default):
        if not expression:
            return default
        if not isinstance(expression, str):
            return expression
        return _jsonable(safe_eval(expression, dict(eval_context)))

    def _crawl_back_office(self, login, password):
        self.authenticate(login, password)
        user = self.env["res.users"].search([("login", "=", login)])
        user_context = dict(self.env["res.users"].with_user(user).context_get())
        user_context["allowed_company_ids"] = user.company_id.ids
        state = {
            "user": user,
            "role": login,
            "context": user_context,
            "eval": self._crawl_eval_context(user, user_context),
            "pages": 0,
            "reports": 0,
            "failures": [],
            "reports_seen": set(),
        }
        menus = self.url_open(
            f"/web/webclient/load_menus/{int(time.time())}", timeout=self.crawl_rpc_timeout
        )
        if menus.status_code != 200:
            state["failures"].append((login, "load_menus", f"HTTP {menus.status_code}"))
            return state
        menus = menus.json()
        actions = {}
        for menu_id, menu in menus.items():
            if menu_id == "root" or not menu.get("actionID"):
                continue
            actions.setdefault(menu["actionID"], menu["xmlid"] or menu["name"])
        state["menus"] = len(menus) - 1
        for action_id, where in sorted(actions.items()):
            self._crawl_action(state, action_id, f"menu {where}")
        return state

    def _crawl_fail(self, state, where, what):
        state["failures"].append((state["role"], where, what))
        _logger.info("crawl %s: %s: %s", state["role"], where, what)

    def _crawl_action(self, state, action, where):
        if isinstance(action, int):
            try:
                action = self._crawl_rpc(
                    "/web/action/load", {"action_id": action, "context": state["context"]}
                )
            except CrawlError as e:
                self._crawl_fail(state, where, f"web/action/load: {e}")
                return
            state["pages"] += 1
        if not action:
            return
        kind = action.get("type")
        where = f"{where} ({action.get('xml_id') or action.get('id') or action.get('name')})"
        if kind == "ir.actions.act_window":
            self._crawl_window(state, action, where)
        elif kind == "ir.actions.server":
            try:
                result = self._crawl_rpc(
                    "/web/action/run", {"action_id": action["id"], "context": state["context"]}
                )
            except CrawlError as e:
                self._crawl_fail(state, where, f"web/action/run: {e}")
                return
            if isinstance(result, dict) and result.get("type") != "ir.actions.server":
                self._crawl_action(state, result, where)
        elif kind == "ir.actions.act_url":
            url = action.get("url") or ""
            if url.startswith("/"):
                self._crawl_get(state, url, where)
        elif kind == "ir.actions.report":
            self._crawl_report(state, action, [], where)
        # ir.actions.client: the action loaded is all the server serves for it.

    def _crawl_window(self, state, action, where):
        model = action["res_model"]
        try:
            context = dict(
                state["context"], **self._crawl_eval(action.get("context"), state["eval"], {})
            )
            domain = self._crawl_eval(action.get("domain"), state["eval"], [])
        except Exception as e:  # noqa: BLE001 - any evaluation error is a finding
            self._crawl_fail(state, where, f"action context/domain: {e!r}")
            return
        views = [list(v) for v in action.get("views") or [[False, "form"]]]
        search_view = action.get("search_view_id")
        views.append(
            [search_view[0] if isinstance(search_view, list | tuple) else search_view, "search"]
        )
        try:
            loaded = self._crawl_call(
                model,
                "get_views",
                [],
                {
                    "views": views,
                    "options": {
                        "action_id": action.get("id"),
                        "load_filters": True,
                        "toolbar": True,
                    },
                },
                context,
            )
        except CrawlError as e:
            self._crawl_fail(state, where, f"{model}.get_views: {e}")
            return
        state["pages"] += 1
        fields_of = {m: d["fields"] for m, d in loaded["models"].items()}
        search_arch = etree.fromstring(loaded["views"]["search"]["arch"])
        domain = list(domain) + self._crawl_search_defaults(state, search_arch, context, where)
        group_by = context.get("group_by") or []
        if isinstance(group_by, str):
            group_by = [group_by]
        first_id = action.get("res_id") or False
        for view_type, view in loaded["views"].items():
            if view_type == "search":
                continue
            try:
                found = self._crawl_view(
                    model, view_type, view, domain, group_by, fields_of, context
                )
            except CrawlError as e:
                self._crawl_fail(state, f"{where} {view_type}", str(e))
                continue
            first_id = first_id or found
            state["pages"] += 1
        if "form" in loaded["views"]:
            self._crawl_form(state, model, loaded, fields_of, first_id, context, where)
        self._crawl_filters(state, model, search_arch, domain, context, where)
        self._crawl_reports_of(state, model, loaded, domain, context, where)

    def _crawl_view(self, model, view_type, view, domain, group_by, fields_of, context):
        """Reads what a view of ``view_type`` shows; returns the first record's id."""
        arch = etree.fromstring(view["arch"])
        if view_type in RECORD_VIEWS:
            default_group_by = arch.get("default_group_by")
            view_group_by = group_by or ([default_group_by] if default_group_by else [])
            if view_group_by:
                self._crawl_call(
                    model,
                    "web_read_group",
                    [domain, [], view_group_by[:1]],
                    {"limit": 80, "lazy": True},
                    context,
                )
            spec = self._crawl_spec(arch, model, fields_of)
            for attr in ("date_start", "date_stop", "date_delay", "color"):
                if arch.get(attr):
                    spec.setdefault(arch.get(attr), {})
            result = self._crawl_call(
                model,
                "web_search_read",
                [],
                {"domain": domain, "specification": spec, "limit": 80},
                context,
            )
            return result["records"] and result["records"][0]["id"]
        if view_type in GROUP_VIEWS:
            fields = list(arch.iter("field"))
            measures = [
                f.get("name")
                for f in fields
                if f.get("type") == "measure" and f.get("name") != "__count"
            ]
            groupbys = [f.get("name") for f in fields if f.get("type") in ("row", "col")]
            self._crawl_call(
                model,
                "read_group",
                [domain, measures + ["__count"], (groupbys or group_by)[:2]],
                {"lazy": False},
                context,
            )
        return False

    def _crawl_reports_of(self, state, model, loaded, domain, context, where):
        """Every report bound to the model, printed for the first record it is offered
        for (a binding's domain hides it from the others)."""
        reports = {}
        for view in loaded["views"].values():
            for report in view.get("toolbar", {}).get("print", []):
                reports[report["id"]] = report
        for report_id, binding in reports.items():
            if report_id in state["reports_seen"]:
                continue
            label = f"{where} print {binding['name']}"
            try:
                binding_domain = self._crawl_eval(binding.get("domain"), state["eval"], [])
                found = self._crawl_call(
                    model,
                    "web_search_read",
                    [],
                    {"domain": domain + binding_domain, "specification": {}, "limit": 1},
                    context,
                )
            except CrawlError as e:
                self._crawl_fail(state, label, f"first record: {e}")
                continue
            if not found["records"]:
                continue
            state["reports_seen"].add(report_id)
            record_id = found["records"][0]["id"]
            active = {"active_id": record_id, "active_ids": [record_id], "active_model": model}
            # A click on Print loads the report's action (the record selected), then
            # downloads it; a wizard bound as a report opens.
            try:
                report = self._crawl_rpc(
                    "/web/action/load",
                    {"action_id": report_id, "context": dict(state["context"], **active)},
                )
            except CrawlError as e:
                self._crawl_fail(state, label, str(e))
                continue
            if report.get("type") == "ir.actions.report":
                self._crawl_report(state, report, [record_id], label)
                continue
            saved = state["context"], state["eval"]
            state["context"] = dict(saved[0], **active)
            state["eval"] = dict(saved[1], **active)
            try:
                self._crawl_action(state, report, label)
            finally:
                state["context"], state["eval"] = saved

    def _crawl_form(self, state, model, loaded, fields_of, record_id, context, where):
        arch = etree.fromstring(loaded["views"]["form"]["arch"])
        spec = self._crawl_spec(arch, model, fields_of)
        label = f"{where} form"
        try:
            if record_id:
                self._crawl_call(model, "web_read", [[record_id]], {"specification": spec}, context)
            elif self.env[model].with_user(state["user"]).has_access("create") and arch.get(
                "create"
            ) not in ("0", "false", "False"):
                self._crawl_call(model, "onchange", [[], {}, [], spec], {}, context)
            else:
                return
        except CrawlError as e:
            self._crawl_fail(state, label, str(e))
            return
        state["pages"] += 1

    def _crawl_spec(self, node, model, fields_of):
        """The web client's specification for the fields of ``node`` (sub-views of x2many
        fields read with their own fields)."""
        fields = fields_of.get(model, {})
        spec = {}
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "field":
                for key, value in self._crawl_spec(child, model, fields_of).items():
                    spec.setdefault(key, value)
                continue
            name = child.get("name")
            field = fields.get(name)
            if not field:
                continue
            if field["type"] in ("many2one", "one2many", "many2many"):
                sub = {}
                for sub_view in child:
                    if isinstance(sub_view.tag, str) and sub_view.tag in ("list", "kanban"):
                        sub = self._crawl_spec(sub_view, field["relation"], fields_of)
                        break
                sub.setdefault("display_name", {})
                spec[name] = {"fields": sub}
                if field["type"] != "many2one":
                    spec[name]["limit"] = 40
            else:
                spec[name] = {}
        return spec

    def _crawl_search_defaults(self, state, search_arch, context, where):
        domain = []
        for node in search_arch.iter("filter"):
            name = node.get("name")
            if name and context.get(f"search_default_{name}") and node.get("domain"):
                try:
                    domain += self._crawl_eval(node.get("domain"), state["eval"], [])
                except Exception as e:  # noqa: BLE001 - any evaluation error is a finding
                    self._crawl_fail(state, f"{where} filter {name}", f"domain: {e!r}")
        return domain

    def _crawl_filters(self, state, model, search_arch, domain, context, where):
        """Each filter and group-by of the search view, as a click on it asks."""
        for node in search_arch.iter("filter"):
            name = node.get("name") or node.get("string")
            label = f"{where} filter {name}"
            try:
                if node.get("domain"):
                    extra = self._crawl_eval(node.get("domain"), state["eval"], [])
                    self._crawl_call(
                        model, "search_count", [list(domain) + list(extra)], {}, context
                    )
                elif node.get("context"):
                    group_by = self._crawl_eval(node.get("context"), state["eval"], {}).get(
                        "group_by"
                    )
                    if group_by:
                        group_by = group_by if isinstance(group_by, list) else [group_by]
                        self._crawl_call(
                            model,
                            "web_read_group",
                            [domain, [], group_by[:1]],
                            {"limit": 80, "lazy": True},
                            context,
                        )
            except CrawlError as e:
                self._crawl_fail(state, label, str(e))
            except Exception as e:  # noqa: BLE001 - any evaluation error is a finding
                self._crawl_fail(state, label, f"evaluation: {e!r}")

    def _crawl_report(self, state, report, record_ids, where):
        converter = REPORT_CONVERTERS.get(report.get("report_type"))
        if not converter:
            self._crawl_fail(state, where, f"report {report.get('name')}: no converter")
            return
        if converter == "pdf" and report["report_name"] in self.crawl_pdfs_rendered:
            # wkhtmltopdf renders each report once; other roles get its HTML, the same
            # template read with their rights.
            converter = "html"
        elif converter == "pdf":
            self.crawl_pdfs_rendered.add(report["report_name"])
        url = f"/report/{converter}/{report['report_name']}"
        if record_ids:
            url += "/" + ",".join(map(str, record_ids))
        url += "?" + urlencode({"context": json.dumps(state["context"])})
        response = self._crawl_get(state, url, f"{where} print {report.get('name')}")
        state["reports"] += 1
        if response is not None and converter == "pdf":
            self._crawl_check_pdf(state, response, url, where)

    def _crawl_get(self, state, url, where):
        try:
            response = self.url_open(url, timeout=self.crawl_rpc_timeout)
        except Exception as e:  # noqa: BLE001 - a timeout or a dropped connection is a finding
            self._crawl_fail(state, where, f"{url}: {e!r}")
            return None
        state["pages"] += 1
        if response.status_code >= 400:
            self._crawl_fail(state, where, f"{url}: HTTP {response.status_code}")
            return None
        if b"Traceback (most recent call last)" in response.content:
            self._crawl_fail(state, where, f"{url}: traceback in the page")
        return response

    def _crawl_check_pdf(self, state, response, url, where):
        if response.headers.get("Content-Type", "").split(";")[0] != "application/pdf" or (
            not response.content.startswith(b"%PDF")
        ):
            self._crawl_fail(
                state,
                where,
                f"{url}: not a PDF ({response.headers.get('Content-Type')}, "
                f"{response.content[:60]!r})",
            )
            return False
        state["pdfs"] = state.get("pdfs", 0) + 1
        return True

    # ------------------------------------------------------------------ portal
    def _crawl_portal(self, login, password, start="/my"):
        self.authenticate(login, password)
        state = {"role": login, "pages": 0, "pdfs": 0, "failures": [], "html_pages": []}
        base = urlsplit(self.base_url())
        seen = set()
        queue = deque([(start, "login")])
        while queue and state["pages"] < self.crawl_portal_max_pages:
            url, referrer = queue.popleft()
            where = f"link on {referrer}"
            response = self._crawl_get(state, url, where)
            if response is None:
                continue
            final = urlsplit(response.url)
            if final.path.startswith("/web/login"):
                self._crawl_fail(state, where, f"{url}: sent to the login page")
                continue
            if self._crawl_is_pdf_link(url):
                self._crawl_check_pdf(state, response, url, where)
                continue
            if not response.headers.get("Content-Type", "").startswith("text/html"):
                continue
            state["html_pages"].append(url)
            page = html.fromstring(response.content)
            if page.xpath("//*[contains(@class, 'o_error_detail')]") or (
                b"o_portal_error" in response.content
            ):
                self._crawl_fail(state, where, f"{url}: error page")
            for href in page.xpath("//a/@href"):
                link = self._crawl_same_site(href, base, final.path)
                if link and self._crawl_key(link) not in seen:
                    seen.add(self._crawl_key(link))
                    queue.append((link, url))
        if queue:
            self._crawl_fail(
                state, "portal", f"more than {self.crawl_portal_max_pages} pages: crawl cut short"
            )
        return state

    def _crawl_portal_browser(self, state, login, password):
        """One page of each kind the portal crawl opened (``/my/orders/<id>`` once), in
        the browser: a JavaScript error on it fails."""
        kinds = {}
        for url in state["html_pages"]:
            path = re.sub(r"^/[a-z]{2}(_[A-Za-z]{2,4})?(?=/)", "", urlsplit(url).path)
            if path.startswith("/my"):
                kinds.setdefault(re.sub(r"/(\d+|page)(/.*)?$", "/<id>", path.rstrip("/")), url)
        self.authenticate(login, password)
        for url in kinds.values():
            try:
                self.browser_js(
                    url,
                    "console.log('test successful')",
                    ready="document.readyState === 'complete'",
                    timeout=60,
                )
            except AssertionError as e:
                self._crawl_fail(state, f"browser {url}", str(e)[:500])
        state["browser_pages"] = len(kinds)

    def _crawl_is_pdf_link(self, url):
        parts = urlsplit(url)
        return parts.path.startswith("/report/pdf/") or (
            dict(parse_qsl(parts.query)).get("report_type") == "pdf"
        )

    def _crawl_same_site(self, href, base, current_path):
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        parts = urlsplit(href)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc and parts.netloc != base.netloc:
            return None
        path = parts.path
        if not path:
            path = current_path
        elif not path.startswith("/"):
            path = current_path.rsplit("/", 1)[0] + "/" + path
        if path.startswith(PORTAL_SKIP_PREFIXES):
            return None
        return path + (f"?{parts.query}" if parts.query else "")

    def _crawl_key(self, link):
        """One visit per page: a download and an inline view of the same PDF, or the same
        list sorted or filtered another way, are the same page."""
        parts = urlsplit(link)
        params = {k for k, _v in parse_qsl(parts.query) if k not in ("download", "access_token")}
        kind = dict(parse_qsl(parts.query)).get("report_type", "")
        # The language switcher's /zh_CN/my/... and /en/my/...: the same page.
        path = re.sub(r"^/[a-z]{2}(_[A-Za-z]{2,4})?(?=/)", "", parts.path)
        return (path, frozenset(params), kind)


def _jsonable(value):
    """An evaluated domain or context as the web client sends it: dates as strings."""
    if isinstance(value, list | tuple):
        return type(value)(_jsonable(v) for v in value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return value


class CrawlError(Exception):
    """An error answer of the server to the crawl."""
