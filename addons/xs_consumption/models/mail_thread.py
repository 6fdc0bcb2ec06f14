from odoo import models, tools


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        """Many county and township staff have no e-mail address (they work in WeChat and in
        Odoo's inbox): a message they post (a send-back, a verification, a listing...) is
        sent from the company's address (else the catchall's) under their name, as core sends
        its own system messages, instead of refusing the step. Followers read it in their
        inbox; the e-mail copies, if any, leave from an address the company controls."""
        author_id, email_from = super()._message_compute_author(
            author_id, email_from, raise_on_email=False
        )
        if not email_from:
            author = self.env["res.partner"].browse(author_id) if author_id else None
            email_from = self._xs_fallback_email_from(author)
        if not email_from and raise_on_email and not author_id:
            # No author and no address at all (core's refusal).
            return super()._message_compute_author(author_id, email_from, raise_on_email)
        return author_id, email_from

    def _xs_fallback_email_from(self, author):
        """The company's address (or the catchall's) under ``author``'s name, or False."""
        company_sudo = self.env.company.sudo()
        address = tools.email_normalize(company_sudo.email_formatted) or tools.email_normalize(
            self.env["ir.mail_server"].sudo()._get_default_from_address() or ""
        )
        if not address:
            return False
        return tools.formataddr(((author.name if author else company_sudo.name) or "", address))
