from collections import defaultdict

from markupsafe import Markup

from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _xs_notify(self, partners, message, portal_url=None):
        """R28: tell ``partners`` about each of these records where they work: Odoo's inbox or
        e-mail as each chose (staff without an address in the inbox; portal users by e-mail,
        with ``portal_url(record)``, the page where they act), each in its own language.
        ``message(record)`` returns (subject, body) and is called under the recipients'
        language, so its ``_()`` texts are theirs. Returns the messages posted."""
        messages = self.env["mail.message"]
        by_lang = defaultdict(lambda: self.env["res.partner"])
        for partner_sudo in partners.sudo():
            # Portal users apart: their message carries the link to their portal page.
            key = (
                partner_sudo.lang or self.env.lang or "en_US",
                bool(portal_url and any(partner_sudo.user_ids.mapped("share"))),
            )
            by_lang[key] |= partner_sudo
        for (lang, share), recipients in by_lang.items():
            for record in self.with_context(lang=lang):
                subject, body = message(record)
                body = Markup("<p>%s</p>") % body if not isinstance(body, Markup) else body
                if share:
                    url = record.get_base_url() + portal_url(record)
                    body += Markup('<p><a href="%s">%s</a></p>') % (
                        url,
                        record.env._("Open it in the portal"),
                    )
                # sudo: the recipients are chosen by the rule that calls this (the township's
                # staff, the seller, the county); the sender may not read their partners.
                messages |= record.sudo().message_notify(
                    partner_ids=recipients.ids,
                    subject=subject,
                    body=body,
                    author_id=self.env.user.partner_id.id,
                    email_layout_xmlid="mail.mail_notification_light",
                )
        return messages

    def _xs_partners_of_group(self, xmlid):
        """Internal users of the group ``xmlid`` (county staff...), as partners."""
        group = self.env.ref(xmlid)
        return group.sudo().users.filtered(lambda u: u.active and not u.share).partner_id

    def _xs_logins_of(self, organisations, share):
        """The active users who work for ``organisations`` (a cooperative, a department...):
        their portal logins with ``share``, their staff's internal users without."""
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", share),
                    ("partner_id.commercial_partner_id", "in", organisations.ids),
                ],
                order="id",
            )
        )
