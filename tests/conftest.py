"""End-to-end tests: a real client talking JSON-RPC to a running Odoo server.

scripts/test.sh starts Odoo on 127.0.0.1 with the freshly installed test database
(demo data included) and sets XS_URL and XS_DB.
"""

import itertools
import os

import pytest
import requests

_ids = itertools.count(1)


class OdooClient:
    """A logged-in web session, as the browser has it."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.session = requests.Session()
        result = self._rpc(
            "/web/session/authenticate", {"db": db, "login": login, "password": password}
        )
        self.uid = result["uid"]
        self.context = result["user_context"]

    def _rpc(self, path, params):
        response = self.session.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": next(_ids)},
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"])
        return body.get("result")  # Odoo leaves "result" out when a method returns None

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self._rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class RpcError(Exception):
    def __init__(self, error):
        self.error = error
        data = error.get("data", {})
        self.name = data.get("name", "")
        super().__init__(data.get("message") or error.get("message"))


@pytest.fixture(scope="session")
def server():
    url, db = os.environ.get("XS_URL"), os.environ.get("XS_DB")
    if not url or not db:
        pytest.fail("XS_URL and XS_DB must point to a running Odoo (scripts/test.sh sets them)")
    return url, db


@pytest.fixture(scope="session")
def login(server):
    def _login(user, password="demo"):
        return OdooClient(*server, user, password)

    return _login
