import base64
import io
import json

from openpyxl import load_workbook
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon
from odoo.addons.xs_consumption.tools import xs_today
from odoo.addons.xs_reporting.report.xlsx_common import ReturnOptions

from .test_exchange import Peer

CODES = ["agencies", "lu_yu", "work_team", "pairing", "ecommerce"]


@tagged("post_install", "-at_install")
class TestSummaryPushCodes(XsOrdersCommon, HttpCase):
    """R14, R19, R21: the summary return's columns have stable, untranslated codes; the
    filed figures and the bureau push key every column by its code (label alongside), so
    the bureau's import reads the same keys whatever the filer's language, and the pushed
    figures are the filed file's cells. The bureau is a real server on 127.0.0.1. An
    HttpCase for its registry test mode (filing renders on a second cursor)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["xs_reporting"], ["zh_CN"])
        team = cls.env["xs.work.team"].create({"name": "Test Work Team"})
        # Agencies column: the school's order (250) and an off-platform purchase (40);
        # work teams: the second school's order brought in by a team (50).
        cls._order(cls.buyer_school, [(cls.decl_a, 100)])
        teamed = cls._order(cls.buyer_school_2, [(cls.decl_b, 25)])
        teamed.xs_work_team_id = team
        purchase = cls.env["xs.direct.purchase"].create(
            {
                "campaign_id": cls.campaign.id,
                "buyer_id": cls.buyer_school.id,
                "seller_id": cls.seller_b.id,
                "declaration_id": cls.decl_b.id,
                "quantity": 20,
                "amount": 40.0,
                "evidence": base64.b64encode(b"%PDF-1.4 receipt"),
            }
        )
        purchase.with_user(cls.user_county).action_verify()

    def setUp(self):
        super().setUp()
        self.peer = Peer()
        self.addCleanup(self.peer.stop)

    def _payload(self, lang):
        env = self.env(user=self.user_county, context=dict(self.env.context, lang=lang))
        campaign = self.campaign.with_env(env)
        return env["report.xs_reporting.summary_return_xlsx"]._xs_payload(
            ReturnOptions(env, campaign, {})
        )

    def test_r19_column_codes_from_data(self):
        columns = self.env["xs.return.column"].search([])
        self.assertEqual(columns.mapped("code"), CODES)
        zh = columns.with_context(lang="zh_CN")
        self.assertEqual(zh[0].name, "机关企事业单位")
        self.assertEqual(zh.mapped("code"), CODES, "codes are not translated")
        # Unique, well formed, and "other" stays the key of the sales in no column.
        with self.assertRaises(ValidationError):
            columns[1].code = "Lu Yu"
        with self.assertRaises(ValidationError):
            columns[1].code = "other"
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            columns[1].code = "agencies"
            self.env.flush_all()
        # Only the administrator edits the columns (county staff read them).
        with self.assertRaises(AccessError):
            columns[0].with_user(self.user_county).code = "agencies_2027"
        columns[0].with_user(self.user_admin).code = "agencies_2027"
        self.assertEqual(columns[0].code, "agencies_2027")

    def test_r19_r21_same_keys_in_every_language(self):
        """Rendered in zh_CN and en_US the payload has the same keys and figures; only the
        labels differ."""
        en, zh = self._payload("en_US"), self._payload("zh_CN")

        def keyed(payload):
            return {
                (row["township_code"], row["township"], row["column_code"]): (
                    row["amount"],
                    row["unsold_produce"],
                    row["off_platform"],
                )
                for row in payload["rows"]
            }

        self.assertEqual(keyed(en), keyed(zh))
        self.assertEqual(
            keyed(en),
            {
                (None, "Test Town A", "agencies"): (250.0, 250.0, 0.0),
                (None, "Test Town B", "agencies"): (40.0, 40.0, 40.0),
                (None, "Test Town B", "work_team"): (50.0, 50.0, 0.0),
            },
        )
        self.assertEqual([c["code"] for c in en["columns"]], CODES)
        self.assertEqual([c["code"] for c in zh["columns"]], CODES)
        labels = {c["code"]: c["name"] for c in zh["columns"]}
        self.assertEqual(labels["agencies"], "机关企事业单位")
        self.assertEqual(
            {c["code"]: c["name"] for c in en["columns"]}["agencies"],
            "Agencies, Institutions and Enterprises",
        )
        self.assertIn({"code": "work_team", "name": "市商务委帮扶集团驻乡工作队"}, zh["columns"])

    def test_r19_push_of_filed_figures_equals_the_filed_file(self):
        """Filed by a county user working in Chinese, pushed to the bureau: the body keys
        every column by its code, with the same keys an English filer would send, and
        every figure of it is the filed file's cell."""
        self.user_county.lang = "zh_CN"
        wizard = (
            self.env["xs.return.wizard"]
            .with_user(self.user_county)
            .with_context(lang="zh_CN")
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "kind": "summary",
                    "date_from": self.campaign.date_start,
                    "date_to": xs_today(self.env),
                }
            )
        )
        filed = wizard._xs_file()
        endpoint = self.env["xs.exchange.endpoint"].create(
            {
                "name": "Test bureau",
                "kind": "push_summary",
                "url": self.peer.url + "/returns",
                "campaign_id": self.campaign.id,
            }
        )
        job = endpoint.with_user(self.user_county).action_push_summary()
        self.assertEqual(job.state, "done")
        ((method, _path, _headers, body),) = self.peer.requests
        self.assertEqual(method, "POST")
        sent = json.loads(body)
        self.assertEqual(sent["file_sha256"], filed.checksum)
        self.assertEqual([c["code"] for c in sent["columns"]], CODES)
        self.assertEqual(sent["columns"][0]["name"], "机关企事业单位")
        english = self._payload("en_US")
        self.assertEqual(
            {(r["township"], r["column_code"]) for r in sent["rows"]},
            {(r["township"], r["column_code"]) for r in english["rows"]},
        )
        # The filed file, cell by cell: a pair of cells per column (all, of which unsold
        # produce) in the pushed columns' order, the off-platform total last.
        sheet = load_workbook(io.BytesIO(base64.b64decode(filed.datas)), data_only=True).active
        cells = [[c.value for c in row] for row in sheet.iter_rows()]
        header = cells[2]
        for index, column in enumerate(sent["columns"]):
            self.assertEqual(header[2 + 2 * index], column["name"])
        sent_rows = {(r["township"], r["column_code"]): r for r in sent["rows"]}
        total_col = 2 + 2 * len(sent["columns"])
        checked = 0
        for row in cells[4:]:
            township = row[1]
            if township in (None, "县合计", "County Total") or not isinstance(row[0], int):
                continue
            for index, column in enumerate(sent["columns"]):
                pushed = sent_rows.get((township, column["code"]), {})
                self.assertEqual(row[2 + 2 * index], pushed.get("amount", 0.0), township)
                self.assertEqual(row[3 + 2 * index], pushed.get("unsold_produce", 0.0))
                checked += 1
            self.assertEqual(
                row[total_col + 2],
                sum(r["off_platform"] for (t, _c), r in sent_rows.items() if t == township),
            )
        self.assertGreaterEqual(checked, 2 * len(CODES))
        self.assertEqual(
            sum(r["amount"] for r in sent["rows"]),
            sum(v for row in cells[4:] if isinstance(row[0], int) for v in [row[total_col]]),
        )
