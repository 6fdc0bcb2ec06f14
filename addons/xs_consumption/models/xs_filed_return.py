import hashlib
from contextlib import contextmanager

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

RETURN_KINDS = [
    ("summary", "Summary Return"),
    ("statistics", "Surplus Statistics Return"),
    ("farmer_benefit", "Farmers' Benefit Return"),
    ("catalogue", "Catalogue Return"),
]


class XsFiledReturn(models.Model):
    """A return filed upward for a period (R22): the rendered file as it was sent, who
    filed it and when. Filing locks the period on the campaign (``xs.campaign._xs_is_locked``):
    documents dated in it can no longer be confirmed, changed or cancelled; corrections go
    in as new documents of the next period. Filed returns are never edited or deleted."""

    _name = "xs.filed.return"
    _description = "Filed Return"
    _order = "date_to desc, id desc"

    name = fields.Char(required=True, readonly=True)
    campaign_id = fields.Many2one(
        "xs.campaign", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    kind = fields.Selection(RETURN_KINDS, string="Return", required=True, readonly=True)
    date_from = fields.Date(string="Period From", required=True, readonly=True)
    date_to = fields.Date(string="Period To", required=True, readonly=True)
    township_ids = fields.Many2many("xs.township", string="Townships", readonly=True)
    action_ids = fields.Many2many("xs.campaign.action", string="Actions", readonly=True)
    unit = fields.Selection(
        [("yuan", "CNY"), ("wan", "10,000 CNY")], required=True, readonly=True, default="yuan"
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", required=True, readonly=True, ondelete="restrict"
    )
    datas = fields.Binary(related="attachment_id.datas", string="Download")
    file_name = fields.Char(related="attachment_id.name", string="File Name")
    checksum = fields.Char(
        string="SHA-256", readonly=True, help="Fingerprint of the file exactly as filed."
    )
    figures = fields.Json(readonly=True, help="The figures of the file, as pushed upward.")
    filed_by_id = fields.Many2one("res.users", required=True, readonly=True)
    filed_date = fields.Datetime(string="Filed On", required=True, readonly=True)

    def write(self, vals):
        if vals:
            raise AccessError(_("A filed return is kept as it was filed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(_("A filed return is kept as it was filed."))

    @api.model
    def _xs_check_filer(self):
        if not self.env.user.has_group("xs_consumption.xs_consumption_group_county_user"):
            raise AccessError(_("Only county staff file returns upward."))

    @api.model
    def _xs_lock_for_filing(self, campaign):
        """Lock ``campaign`` for a filing, for the rest of this transaction (R22).

        The UPDATE takes the row FOR NO KEY UPDATE: it waits for every transaction that
        checked the period lock (``xs.campaign._xs_is_locked`` holds the row FOR SHARE)
        to end, and two filings of a campaign serialize. It writes the row (its
        write_date: the campaign's reported figures change), so a check whose snapshot
        predates this filing's commit gets a serialization failure and is retried on a
        snapshot that sees the filed period. FOR NO KEY UPDATE does not conflict with the
        FOR KEY SHARE that inserting an order of the campaign takes. Must come before
        anything in the transaction shares the row (a share upgraded to an update by two
        transactions would deadlock): callers lock first."""
        self._xs_check_filer()
        campaign.ensure_one()
        campaign.flush_recordset()
        self.env.cr.execute(
            "UPDATE xs_campaign SET write_date = (now() at time zone 'UTC'), write_uid = %s "
            "WHERE id = %s",
            [self.env.uid, campaign.id],
        )
        campaign.invalidate_recordset(["write_date", "write_uid"])

    @contextmanager
    def _xs_filing_snapshot(self, campaign):
        """Lock ``campaign`` for a filing, then yield this environment on a second cursor
        whose snapshot is taken now: it sees every document committed up to the moment the
        lock was granted, which this request's own snapshot (taken when it began) may not.
        Render the file to file in it: nothing can be confirmed into the period between
        this snapshot and the filing's commit (confirmations wait for the lock, then
        conflict). The second cursor only reads (rendering must take no row lock: the
        lock held here would make it wait forever) and is rolled back, never committed;
        what it yields must be plain data (bytes, dicts), not its records."""
        self._xs_lock_for_filing(campaign)
        self.env.flush_all()
        with self.env.registry.cursor() as cr:
            try:
                yield self.env(cr=cr)
            finally:
                cr.rollback()

    @api.model
    def _xs_file(self, campaign, kind, date_from, date_to, content, file_name, **extra):
        """Store ``content`` (the rendered file) as filed for the period and lock it.
        ``content`` must have been rendered in ``_xs_filing_snapshot`` of this transaction
        (after the campaign lock), or a concurrent confirmation could miss from it."""
        self._xs_check_filer()
        campaign.ensure_one()
        if date_from > date_to:
            raise UserError(_("The period ends before it starts."))
        if date_to < campaign.date_start or date_from > campaign.date_end:
            raise UserError(
                _("The period lies outside campaign %(campaign)s.", campaign=campaign.name)
            )
        # Already held when the content was rendered as it should be (then immediate).
        self._xs_lock_for_filing(campaign)
        # sudo: the attachment belongs to the filed return; county staff may not write
        # attachments of campaigns otherwise. Its content is the file just rendered.
        attachment_sudo = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": file_name,
                    "raw": content,
                    "res_model": "xs.campaign",
                    "res_id": campaign.id,
                    "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }
            )
        )
        labels = dict(self._fields["kind"]._description_selection(self.env))
        # sudo: no role has create access (only this method files, after the checks
        # above), so a filed return cannot be forged over RPC.
        filed_sudo = self.sudo().create(
            {
                "name": _(
                    "%(kind)s %(start)s - %(end)s",
                    kind=labels[kind],
                    start=date_from,
                    end=date_to,
                ),
                "campaign_id": campaign.id,
                "kind": kind,
                "date_from": date_from,
                "date_to": date_to,
                "attachment_id": attachment_sudo.id,
                "checksum": hashlib.sha256(content).hexdigest(),
                "filed_by_id": self.env.uid,
                "filed_date": fields.Datetime.now(),
                **extra,
            }
        )
        # The lock is a fact of the campaign: its figures changed (chatter, tracking).
        campaign.sudo().message_post(
            body=_("%(name)s filed upward; the period is locked.", name=filed_sudo.name)
        )
        campaign.invalidate_recordset(["filed_return_ids"])
        return filed_sudo.sudo(False)
