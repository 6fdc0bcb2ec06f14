"""R20: who may create, read, write and delete what, and who may write each
protected field directly — one table per question, checked against the server.

HOW TO EXTEND (whoever adds a model or a protected field does this):
- ACCESS has one row per model: every ``xs.*`` model of the registry (SQL views and
  wizards included) and the core models we care about. A new ``xs.*`` model without a row
  fails ``test_every_model_has_a_row``. Columns follow ROLES (township, lead department,
  commerce commission, finance, county staff, county administrator, portal buyer, portal
  seller, plain internal user); letters: c create, r read, w write, d delete (unlink),
  "-" nothing. The row is what the ACLs give the role on the model.
- PROTECTED has one row per protected field: ``state``, every stored readonly field that
  only code writes, and the control fields listed by hand (recommended, channels, lock,
  partner roles...). A new ``state`` or stored readonly field of an ``xs.*`` table without a
  row fails ``test_every_protected_field_has_a_row``. A row names the sample record (a
  ``_sample_<name>`` method below), the value tried, and the roles that may write the
  field directly; every other role with write access must be refused.
- SCOPE lists what record rules decide: one role, one sample record, one operation.

The note's table of rights per role comes from these tables: ``markdown_table()``.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon

ROLES = ("township", "lead", "commerce", "finance", "county", "admin", "buyer", "seller", "plain")

# fmt: off
ACCESS = {
    # model                          town  lead  comm  fin   county admin buyer sell  plain
    "xs.campaign":                   "r     r     r     r     r      crwd  r     r     -",
    "xs.campaign.phase":             "r     r     r     r     rw     crwd  -     -     -",
    "xs.campaign.action":            "r     r     r     r     r      crwd  r     r     -",
    "xs.township":                   "r     r     r     r     r      crwd  -     -     -",
    "xs.surplus.declaration":        "crwd  r     rw    r     crwd   crwd  r     r     -",
    "xs.declaration.reject.wizard":  "-     -     -     -     crw    crw   -     -     -",
    "xs.declaration.list.wizard":    "-     -     crw   -     crw    crw   -     -     -",
    "xs.buyer.commitment":           "-     crw   crw   r     crwd   crwd  r     r     -",
    "xs.buyer.commitment.line":      "-     crwd  crwd  r     crwd   crwd  r     r     -",
    "xs.supply.agreement":           "-     r     crw   r     crwd   crwd  -     -     -",
    "xs.reconciliation.line":        "-     -     -     r     r      r     -     -     -",
    "xs.quality.issue":              "crw   rw    rw    -     crwd   crwd  -     -     -",
    "xs.event":                      "r     crw   crwd  r     crwd   crwd  -     -     -",
    "xs.case":                       "crw   crw   crw   r     crwd   crwd  -     -     -",
    "xs.meeting":                    "r     r     r     r     crwd   crwd  -     -     -",
    "xs.meeting.decision":           "r     rw    rw    r     crwd   crwd  -     -     -",
    "xs.sales.analysis":             "r     r     r     r     r      r     -     -     -",
    "xs.ranking":                    "r     r     r     r     r      r     -     -     -",
    "xs.exchange.endpoint":          "-     -     -     -     r      crwd  -     -     -",
    # Jobs are created and moved by the exchange code only (sudo); users read and Retry.
    "xs.exchange.job":               "-     -     -     -     r      r     -     -     -",
    "xs.counted.line":               "-     -     -     r     r      r     -     -     -",
    "xs.work.team":                  "r     r     r     r     crw    crwd  -     -     -",
    "xs.direct.purchase":            "crw   crw   crw   r     crwd   crwd  r     r     -",
    "xs.filed.return":               "r     r     r     r     r      r     -     -     -",
    # R29: the township writes and files its own summary; county staff may too.
    "xs.township.summary":           "crw   r     r     r     crw    crw   -     -     -",
    # Wizards: Odoo lets whoever may create one delete it too.
    "xs.declaration.import":         "crwd  -     -     -     crwd   crwd  -     -     -",
    "xs.declaration.import.error":   "crwd  -     -     -     crwd   crwd  -     -     -",
    "xs.return.wizard":              "crw   crw   crw   crw   crw    crw   -     -     -",
    "xs.return.column":              "r     r     r     r     r      crwd  -     -     r",
    "xs.return.column.rule":         "r     r     r     r     r      crwd  -     -     r",
    # Core models the campaign runs on.
    "res.partner":                   "crwd  r     r     r     crwd   crwd  r     r     r",
    # Finance (Odoo's billing group) writes orders to invoice them: core rights.
    "sale.order":                    "-     -     -     rw    crw    crw   r     r     -",
    "sale.order.line":               "-     -     -     rw    crwd   crwd  r     r     -",
    "purchase.order":                "-     -     -     rw    crwd   crwd  r     r     -",
    "purchase.order.line":           "-     -     -     rw    crwd   crwd  r     r     -",
    "product.supplierinfo":          "r     r     r     r     r      r     -     -     r",
}
# fmt: on


def _never(test):
    return fields.Datetime.now()


# (model, field): (sample, value to write (a callable of the test), roles allowed to write it
# directly). Every other role with write access on the model is refused.
PROTECTED = {
    # Declarations: the workflow through its actions only.
    ("xs.surplus.declaration", "name"): ("declaration", "X-1", ()),
    ("xs.surplus.declaration", "state"): ("declaration", "verified", ()),
    ("xs.surplus.declaration", "reject_reason"): ("declaration", "because", ()),
    ("xs.surplus.declaration", "submitted_date"): ("declaration", _never, ()),
    ("xs.surplus.declaration", "verified_date"): ("declaration", _never, ()),
    ("xs.surplus.declaration", "verified_by_id"): ("declaration", lambda t: t.user_county.id, ()),
    ("xs.surplus.declaration", "origin"): ("declaration", "import", ()),
    ("xs.surplus.declaration", "is_recommended"): ("declaration", True, ()),
    ("xs.surplus.declaration", "channel_action_ids"): (
        "declaration_verified",
        lambda t: [Command.set(t.action_school.ids)],
        ("commerce", "county", "admin"),
    ),
    # The catalogue role's: buyers narrowed to, per-buyer limit, certificate.
    ("xs.surplus.declaration", "channel_partner_ids"): (
        "declaration_verified",
        lambda t: [Command.set(t.buyer_school.ids)],
        ("commerce", "county", "admin"),
    ),
    ("xs.surplus.declaration", "max_qty_per_buyer"): (
        "declaration_verified",
        50.0,
        ("commerce", "county", "admin"),
    ),
    ("xs.surplus.declaration", "has_quality_certificate"): (
        "declaration_verified",
        True,
        ("commerce", "county", "admin"),
    ),
    # Quality issues (R15): cleared by county staff; assessed by them or the department.
    ("xs.quality.issue", "state"): ("quality_issue", "cleared", ("county", "admin")),
    ("xs.quality.issue", "date_cleared"): ("quality_issue", _never, ("county", "admin")),
    ("xs.quality.issue", "severity"): ("quality_issue", "minor", ("lead", "county", "admin")),
    ("xs.quality.issue", "product_id"): (
        "quality_issue",
        lambda t: t.product_cabbage.id,
        ("lead", "county", "admin"),
    ),
    ("xs.quality.issue", "declaration_id"): (
        "quality_issue",
        lambda t: t.decl_a.id,
        ("lead", "county", "admin"),
    ),
    ("xs.quality.issue", "department_id"): (
        "quality_issue",
        lambda t: t.other_dept.id,
        ("county", "admin"),
    ),
    # R22: the reported period is moved by the county administrator only.
    ("xs.campaign", "lock_date"): ("campaign", lambda t: t.today, ("admin",)),
    # Whether a portal order's sellers' orders are still to be made: the portal
    # confirmation's and the job's alone.
    ("sale.order", "xs_purchase_pending"): ("sale_order", True, ()),
    # Other workflows: their buttons only.
    ("xs.buyer.commitment", "name"): ("commitment", "C-1", ()),
    ("xs.buyer.commitment", "state"): ("commitment", "done", ()),
    ("xs.buyer.commitment", "last_reminder_date"): ("commitment", lambda t: t.today, ()),
    ("xs.case", "state"): ("case", "published", ()),
    ("xs.event", "state"): ("event", "done", ()),
    ("xs.supply.agreement", "state"): ("agreement", "active", ()),
    ("xs.meeting.decision", "state"): ("meeting_decision", "done", ()),
    # R23 off-platform purchases: verified or rejected by their buttons.
    # The reference comes from the sequence at creation; nobody renames it.
    ("xs.direct.purchase", "name"): ("direct_purchase", "D-1", ()),
    ("xs.direct.purchase", "state"): ("direct_purchase", "verified", ()),
    ("xs.direct.purchase", "reject_reason"): ("direct_purchase", "because", ()),
    ("xs.direct.purchase", "verified_by_id"): (
        "direct_purchase",
        lambda t: t.user_county.id,
        (),
    ),
    ("xs.direct.purchase", "verified_date"): ("direct_purchase", _never, ()),
    # R19: the summary column's key in the bureau push; the administrator's alone.
    ("xs.return.column", "code"): ("return_column", "agencies_2027", ("admin",)),
    # Filed returns are kept as filed.
    **{
        ("xs.filed.return", fname): ("filed_return", False, ())
        for fname in (
            "name",
            "campaign_id",
            "kind",
            "date_from",
            "date_to",
            "township_ids",
            "action_ids",
            "unit",
            "attachment_id",
            "checksum",
            "figures",
            "filed_by_id",
            "filed_date",
        )
    },
    # R29: a township summary is filed by its button and kept as filed.
    **{
        ("xs.township.summary", fname): ("township_summary", value, ())
        for fname, value in (
            ("campaign_id", False),
            ("township_id", False),
            ("state", "filed"),
            ("figures", False),
            ("attachment_id", False),
            ("checksum", "x"),
            ("filed_by_id", False),
            ("filed_date", False),
        )
    },
    # Exchange jobs: nobody writes them (no write access at all).
    **{
        ("xs.exchange.job", fname): ("exchange_job", False, ())
        for fname in (
            "key",
            "payload",
            "state",
            "attempt_count",
            "next_attempt_date",
            "last_error",
            "response",
            "done_date",
            "sale_order_id",
        )
    },
    # Partners (R20): buyer roles by county staff; sellers by their township; logins moved
    # by county staff only.
    ("res.partner", "xs_buyer_category"): ("buyer_org", "soe", ("county", "admin")),
    ("res.partner", "xs_channel"): ("buyer_org", "soe", ("county", "admin")),
    ("res.partner", "xs_is_department"): ("seller_org", True, ("county", "admin")),
    ("res.partner", "xs_seller_type"): ("seller_org", "other", ("township", "county", "admin")),
    ("res.partner", "xs_township_id"): (
        "seller_org",
        lambda t: t.township_b.id,
        ("county", "admin"),
    ),
    ("res.partner", "parent_id"): (
        "buyer_login_partner",
        lambda t: t.buyer_school_2.id,
        ("county", "admin"),
    ),
}

# What record rules decide: (role, sample, operation, allowed).
SCOPE = [
    ("township", "township_summary", "write", True),
    ("township", "township_summary_b", "read", False),
    ("township", "township_summary_b", "write", False),
    ("township", "declaration", "write", True),
    ("township", "declaration_b", "read", False),
    ("township", "declaration_b", "write", False),
    ("township", "quality_issue", "write", True),
    ("township", "quality_issue_b", "read", False),
    ("township", "quality_issue_b", "write", False),
    ("township", "seller_org", "write", True),
    ("township", "seller_org_b", "write", False),
    ("township", "buyer_org", "write", False),
    ("township", "department", "write", False),
    ("township", "buyer_login_partner", "write", False),
    ("lead", "commitment", "read", True),
    ("lead", "commitment", "write", True),
    ("lead", "commitment_other_action", "read", False),
    ("lead", "quality_issue", "write", True),
    ("lead", "quality_issue_b", "write", False),
    ("lead", "declaration", "read", False),
    ("commerce", "declaration", "read", False),
    ("commerce", "declaration_listed", "write", True),
    ("finance", "declaration_listed", "write", False),
    ("buyer", "declaration_listed", "read", True),
    ("buyer", "declaration", "read", False),
    ("buyer", "commitment", "read", True),
    ("buyer", "commitment_other_buyer", "read", False),
    ("buyer", "sale_order", "read", True),
    ("buyer", "sale_order_other_buyer", "read", False),
    ("seller", "declaration", "read", True),
    ("seller", "declaration_b", "read", False),
    ("seller", "commitment", "read", False),
]

OPERATIONS = {"c": "create", "r": "read", "w": "write", "d": "unlink"}

# A field any role that may write a record may change: SCOPE writes it for real.
HARMLESS = {
    "xs.township.summary": "account",
    "res.partner": "comment",
    "xs.quality.issue": "description",
    "xs.surplus.declaration": "note",
    "xs.buyer.commitment": "note",
}


def protected_candidates(env):
    """The fields that must have a PROTECTED row: ``state`` and every stored readonly field
    no compute writes, on the ``xs.*`` tables (SQL views and wizards excepted)."""
    found = set()
    for name in env.registry:
        model = env[name]
        if not name.startswith("xs.") or model._abstract or model._transient:
            continue
        if not model._auto:
            continue
        for fname, field in model._fields.items():
            if fname in models_magic(model):
                continue
            if field.type == "one2many":
                continue  # the comodel's own fields are protected
            if fname == "state" or (
                field.store and field.readonly and not field.compute and not field.related
            ):
                found.add((name, fname))
    return found


def models_magic(model):
    return {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name"}


def markdown_table():
    """The rights per role, for the note."""
    lines = [
        "| Model | " + " | ".join(ROLES) + " |",
        "| --- |" + " --- |" * len(ROLES),
    ]
    for model, row in ACCESS.items():
        lines.append(f"| `{model}` | " + " | ".join(row.split()) + " |")
    lines += [
        "",
        "| Protected field | may write it directly (others: refused) |",
        "| --- | --- |",
    ]
    for (model, fname), (_sample, _value, allowed) in PROTECTED.items():
        lines.append(f"| `{model}.{fname}` | {', '.join(allowed) or 'nobody (actions only)'} |")
    return "\n".join(lines)


@tagged("post_install", "-at_install")
class TestAccessMatrix(XsOrdersCommon):
    """R20: the access matrix of every model and protected field, by role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_commerce = new_test_user(
            cls.env,
            login="xs_commerce",
            groups="xs_consumption.xs_consumption_group_commerce",
            lang="en_US",
        )
        cls.user_commerce.partner_id.parent_id = cls.other_dept
        cls.user_buyer = cls._portal_login(cls.buyer_school, "xs_matrix_buyer")
        cls.user_seller = cls._portal_login(cls.seller_a, "xs_matrix_seller")
        cls.users = {
            "township": cls.user_township_a,
            "lead": cls.user_lead,
            "commerce": cls.user_commerce,
            "finance": cls.user_finance,
            "county": cls.user_county,
            "admin": cls.user_admin,
            "buyer": cls.user_buyer,
            "seller": cls.user_seller,
            "plain": cls.user_plain,
        }
        cls.decl_draft = cls._create_declaration(product_id=cls.product_kiwi.id)
        cls.decl_draft_b = cls._create_declaration(
            township_id=cls.township_b.id,
            seller_id=cls.seller_b.id,
            product_id=cls.product_kiwi.id,
        )

    @classmethod
    def _portal_login(cls, organisation, login):
        contact = cls.env["res.partner"].create(
            {"name": f"{login} contact", "parent_id": organisation.id, "email": f"{login}@ex.com"}
        )
        return cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": login,
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    # ------------------------------------------------------------------
    # Samples (created as superuser, in scope for township A, the lead's action, the
    # school buyer and seller A)
    # ------------------------------------------------------------------

    def _sample_campaign(self):
        return self.campaign

    def _sample_declaration(self):
        return self.decl_draft

    def _sample_declaration_b(self):
        return self.decl_draft_b

    def _sample_declaration_listed(self):
        return self.decl_a

    def _sample_declaration_verified(self):
        product = self.env["product.product"].create({"name": "Test Chestnut", "type": "consu"})
        declaration = self._create_declaration(product_id=product.id)
        declaration.action_submit()
        declaration.action_verify()
        return declaration

    def _issue(self, declaration, department):
        return self.env["xs.quality.issue"].create(
            {
                "name": "Spot check",
                "issue_type": "inspection",
                "severity": "serious",
                "declaration_id": declaration.id,
                "department_id": department.id,
                "outcome": "Re-tested",
            }
        )

    def _sample_quality_issue(self):
        """Township A's, the lead's department responsible."""
        return self._issue(self.decl_draft, self.dept)

    def _sample_quality_issue_b(self):
        """Township B's, another department responsible."""
        return self._issue(self.decl_draft_b, self.other_dept)

    def _commitment(self, buyer, action):
        return self.env["xs.buyer.commitment"].create(
            {
                "campaign_id": self.campaign.id,
                "action_id": action.id,
                "buyer_id": buyer.id,
                "amount_committed": 1000,
                "date_end": self.today + relativedelta(days=30),
                "state": "confirmed",
            }
        )

    def _sample_commitment(self):
        return self._commitment(self.buyer_school, self.action_school)

    def _sample_commitment_other_action(self):
        return self._commitment(self.buyer_school, self.action_ecommerce)

    def _sample_commitment_other_buyer(self):
        return self._commitment(self.buyer_school_2, self.action_school)

    def _sample_sale_order(self):
        return self._order(self.buyer_school, [(self.decl_a, 1)])

    def _sample_sale_order_other_buyer(self):
        return self._order(self.buyer_school_2, [(self.decl_a, 1)])

    def _sample_exchange_job(self):
        endpoint = self.env["xs.exchange.endpoint"].create(
            {"name": "Bureau", "url": "http://127.0.0.1:9/x", "campaign_id": self.campaign.id}
        )
        return self.env["xs.exchange.job"].create({"endpoint_id": endpoint.id, "key": "k"})

    def _sample_case(self):
        return self.env["xs.case"].create(
            {
                "name": "A good sale",
                "campaign_id": self.campaign.id,
                "township_id": self.township_a.id,
                "action_id": self.action_school.id,
            }
        )

    def _sample_event(self):
        return self.env["xs.event"].create(
            {
                "name": "Fair",
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "date_start": self.today,
                "date_end": self.today,
            }
        )

    def _sample_agreement(self):
        return self.env["xs.supply.agreement"].create(
            {
                "name": "SA-1",
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": self.buyer_school.id,
                "seller_id": self.seller_a.id,
                "date_start": self.today,
                "date_end": self.today + relativedelta(days=30),
            }
        )

    def _sample_meeting_decision(self):
        meeting = self.env["xs.meeting"].create(
            {"name": "Joint meeting", "campaign_id": self.campaign.id, "date": self.today}
        )
        return self.env["xs.meeting.decision"].create(
            {
                "meeting_id": meeting.id,
                "name": "Open a school channel",
                "department_id": self.dept.id,
            }
        )

    def _sample_direct_purchase(self):
        return self.env["xs.direct.purchase"].create(
            {
                "campaign_id": self.campaign.id,
                "buyer_id": self.buyer_school.id,
                "seller_id": self.seller_a.id,
                "township_id": self.township_a.id,
                "product_id": self.product_cabbage.id,
                "quantity": 10,
                "uom_id": self.product_cabbage.uom_id.id,
                "amount": 25,
                "action_id": self.action_school.id,
            }
        )

    def _township_summary(self, township):
        Summary = self.env["xs.township.summary"]
        domain = [("campaign_id", "=", self.campaign.id), ("township_id", "=", township.id)]
        return Summary.search(domain) or Summary.create(
            {"campaign_id": self.campaign.id, "township_id": township.id}
        )

    def _sample_township_summary(self):
        return self._township_summary(self.township_a)

    def _sample_township_summary_b(self):
        return self._township_summary(self.township_b)

    def _sample_buyer_org(self):
        return self.buyer_school

    def _sample_buyer_login_partner(self):
        return self.user_buyer.partner_id

    def _sample_department(self):
        return self.dept

    def _sample_seller_org(self):
        return self.seller_a

    def _sample_seller_org_b(self):
        return self.seller_b

    def _sample_return_column(self):
        return self.env.ref("xs_reporting.xs_return_column_institutions")

    def _sample(self, name):
        return getattr(self, f"_sample_{name}")()

    # ------------------------------------------------------------------
    # The tables cover everything
    # ------------------------------------------------------------------

    def test_every_model_has_a_row(self):
        models = {
            name
            for name in self.env.registry
            if name.startswith("xs.") and not self.env[name]._abstract
        }
        xs_rows = {name for name in ACCESS if name.startswith("xs.")}
        self.assertFalse(
            models - xs_rows, "models without a row in ACCESS (add them, see the file's top)"
        )
        self.assertFalse(xs_rows - models, "rows of models that do not exist any more")

    def test_every_protected_field_has_a_row(self):
        missing = protected_candidates(self.env) - set(PROTECTED)
        self.assertFalse(
            sorted(missing), "protected fields without a row in PROTECTED (see the file's top)"
        )

    # ------------------------------------------------------------------
    # The tables hold
    # ------------------------------------------------------------------

    def test_r20_acl_per_role(self):
        """Each role's create/read/write/delete access per model is exactly its row."""
        wrong = []
        for model, row in ACCESS.items():
            for role, expected in zip(ROLES, row.split(), strict=True):
                expected = expected.strip("-")
                records = self.env[model].with_user(self.users[role])
                actual = "".join(
                    letter
                    for letter, operation in OPERATIONS.items()
                    if records.has_access(operation)
                )
                if set(actual) != set(expected):
                    wrong.append(f"{model} {role}: expected {expected!r}, has {actual!r}")
        self.assertFalse(wrong, "\n".join(wrong))

    def test_r20_record_rules_per_role(self):
        """What a role may do on records of other townships, actions and organisations."""
        wrong = []
        for role, sample, operation, allowed in SCOPE:
            record = self._sample(sample).with_user(self.users[role])
            actual = record.has_access(operation)
            if operation == "read" and actual:
                record.read(["display_name"])  # really reads
            elif operation == "write" and actual and record._name in HARMLESS:
                # Some rules live in write() (partners, quality issues): really write.
                try:
                    with self.env.cr.savepoint():
                        record.write({HARMLESS[record._name]: "Checked by the matrix"})
                        raise _Rollback
                except _Rollback:
                    actual = True  # written, then rolled back for the next rows
                except (AccessError, UserError, ValidationError):
                    actual = False
                self.env.invalidate_all()
            if actual != allowed:
                wrong.append(f"{role} {operation} {sample}: expected {allowed}, got {actual}")
        self.assertFalse(wrong, "\n".join(wrong))

    def test_r20_protected_fields_per_role(self):
        """A protected field is written directly only by the roles its row names; every
        other role with write access is refused with a clear error and nothing changes."""
        wrong = []
        for (model, fname), (sample, value, allowed) in PROTECTED.items():
            row = ACCESS[model]
            for role, perms in zip(ROLES, row.split(), strict=True):
                if "w" not in perms:
                    continue  # refused by the ACLs: test_r20_acl_per_role
                record = self._sample(sample)
                before = record[fname]
                val = value(self) if callable(value) else value
                refused = None
                try:
                    with self.env.cr.savepoint():
                        record.with_user(self.users[role]).write({fname: val})
                        # Roll back what an allowed write did, for the next role.
                        raise _Rollback
                except _Rollback:
                    refused = False
                except (AccessError, UserError, ValidationError) as error:
                    refused = True
                    self.assertTrue(str(error), "a refusal says why")
                # What the write computed on other records (a buyer's channel) is gone too.
                self.env.invalidate_all()
                self.assertEqual(record[fname], before, f"{model}.{fname} unchanged")
                if refused == (role in allowed):
                    wrong.append(
                        f"{model}.{fname} by {role}: "
                        + ("refused, should be allowed" if refused else "allowed, should not be")
                    )
        self.assertFalse(wrong, "\n".join(wrong))


class _Rollback(Exception):
    pass
