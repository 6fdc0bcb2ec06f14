import logging
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools.sql import create_index

from ..tools import xs_check_attribution, xs_check_workflow_vals, xs_date, xs_workflow_write

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    """A buyer's order is a standard sale order of the platform company (R10), attributed
    to one campaign action and at most one commitment, so that it counts once (R22)."""

    _inherit = "sale.order"

    xs_campaign_id = fields.Many2one(
        "xs.campaign",
        string="Assistance Campaign",
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
        compute="_compute_xs_campaign_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    xs_action_id = fields.Many2one(
        "xs.campaign.action",
        string="Campaign Action",
        index=True,
        tracking=True,
        ondelete="restrict",
        compute="_compute_xs_action_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('campaign_id', '=', xs_campaign_id)]",
    )
    xs_commitment_id = fields.Many2one(
        "xs.buyer.commitment",
        string="Commitment",
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('buyer_id', '=', xs_buyer_id), ('state', '=', 'confirmed')]",
    )
    xs_agreement_id = fields.Many2one(
        "xs.supply.agreement",
        string="Supply Agreement",
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('buyer_id', '=', xs_buyer_id), ('state', '=', 'active')]",
    )
    xs_event_id = fields.Many2one(
        "xs.event",
        string="Event",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="[('campaign_id', '=', xs_campaign_id), ('state', '!=', 'cancelled')]",
        help="The fair, exhibition or e-commerce promotion this sale came from (R12).",
    )
    xs_work_team_id = fields.Many2one(
        "xs.work.team",
        string="Work Team",
        index="btree_not_null",
        tracking=True,
        help="The township work team (驻乡工作队) that brought this sale in (R14).",
    )
    xs_buyer_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Buyer Organisation"
    )
    xs_purchase_pending = fields.Boolean(
        string="Sellers' Orders Pending",
        readonly=True,
        copy=False,
        help="Confirmed in the buyer portal: the platform's scheduled job creates, confirms "
        "and sends each seller's purchase order within moments.",
    )
    xs_purchase_missing = fields.Boolean(
        string="Sellers' Orders Missing",
        compute="_compute_xs_purchase_missing",
        help="Confirmed, but some catalogue lines have no purchase order to their seller.",
    )
    xs_channel = fields.Selection(related="partner_id.commercial_partner_id.xs_channel")

    def init(self):
        # The scheduled job looks for the few orders whose sellers' orders are pending.
        create_index(
            self.env.cr,
            "sale_order_xs_purchase_pending_index",
            self._table,
            ["id"],
            where="xs_purchase_pending",
        )

    @api.depends("state", "order_line.purchase_line_ids")
    def _compute_xs_purchase_missing(self):
        for order in self:
            order.xs_purchase_missing = order.state == "sale" and any(
                line.xs_declaration_id and not line.sudo().purchase_line_ids
                for line in order.order_line
            )

    @api.depends("xs_commitment_id", "xs_agreement_id")
    def _compute_xs_campaign_id(self):
        for order in self:
            source = order.xs_commitment_id or order.xs_agreement_id
            if source:
                order.xs_campaign_id = source.campaign_id

    @api.depends("xs_commitment_id", "xs_agreement_id", "xs_campaign_id", "partner_id")
    def _compute_xs_action_id(self):
        for order in self:
            if order.xs_commitment_id:
                order.xs_action_id = order.xs_commitment_id.action_id
            elif order.xs_agreement_id.action_id:
                order.xs_action_id = order.xs_agreement_id.action_id
            elif order.xs_campaign_id and order.xs_action_id.campaign_id != order.xs_campaign_id:
                order.xs_action_id = order.xs_campaign_id._xs_channel_action(order.partner_id)

    @api.constrains("xs_event_id", "xs_campaign_id")
    def _check_xs_event(self):
        for order in self.filtered("xs_event_id"):
            xs_check_attribution(
                self.env, order.name, order.xs_campaign_id, None, event=order.xs_event_id
            )

    @api.constrains(
        "xs_campaign_id", "xs_action_id", "xs_commitment_id", "xs_agreement_id", "partner_id"
    )
    def _check_xs_attribution(self):
        for order in self:
            xs_check_attribution(
                self.env,
                order.name,
                order.xs_campaign_id,
                order.partner_id.commercial_partner_id,
                action=order.xs_action_id,
                commitment=order.xs_commitment_id,
                agreement=order.xs_agreement_id,
            )

    def _xs_check_confirmable(self):
        # What is published to each buyer, in one pass over the entries of all its orders.
        catalogue_lines = self.order_line.filtered("xs_declaration_id")
        published = {
            partner: catalogue_lines.filtered(
                lambda line, p=partner: line.order_id.partner_id == p
            ).xs_declaration_id._xs_published_to(partner)
            for partner in catalogue_lines.order_id.partner_id
        }
        for order in self:
            lines = order.order_line.filtered("xs_declaration_id")
            if not lines:
                continue
            if not order.xs_campaign_id or not order.xs_action_id:
                raise UserError(
                    _(
                        "%(order)s sells catalogue produce: choose its campaign and action.",
                        order=order.name,
                    )
                )
            if not order.xs_campaign_id.implementation_open:
                raise UserError(
                    _(
                        "Orders count only while the implementation phase of %(campaign)s is open.",
                        campaign=order.xs_campaign_id.name,
                    )
                )
            for line in lines:
                declaration = line.xs_declaration_id
                if declaration.state != "listed":
                    raise UserError(
                        _(
                            "%(name)s (%(product)s) is not in the catalogue any more.",
                            name=declaration.name,
                            product=declaration.product_id.display_name,
                        )
                    )
                if declaration not in published[order.partner_id]:
                    raise UserError(
                        _(
                            "%(name)s (%(product)s) is not published to %(buyer)s.",
                            name=declaration.name,
                            product=declaration.product_id.display_name,
                            buyer=order.partner_id.commercial_partner_id.name,
                        )
                    )

    @api.model
    def _xs_portal_create_order(self, quantities, commitment_id=None, note=None):
        """R11: the logged-in portal buyer orders catalogue entries published to it.

        ``quantities``: {declaration id: quantity in the declaration's unit}, ids and
        quantities as numbers or as the text typed in the form. The order is
        confirmed at once, so the sellers' purchase orders follow; any refusal (not
        published, oversold, quality block, phase closed) raises and creates nothing.
        """
        wanted = self._xs_portal_wanted(quantities)
        declarations = self._xs_portal_entries(wanted)
        campaign = declarations.campaign_id
        wanted = {d.id: d._xs_parse_order_quantity(wanted[d.id]) for d in declarations}
        commitment, action = self._xs_portal_attribution(campaign, commitment_id)
        # R10: the entries' rows locked and what they have left checked before the order is
        # made, so that an order of more than remains is not made at all.
        self.env["xs.surplus.declaration"]._xs_take(
            [(declaration, wanted[declaration.id], None, None) for declaration in declarations]
        )
        return self._xs_portal_confirm_order(
            {
                "partner_id": self.env.user.partner_id.id,
                "xs_campaign_id": campaign.id,
                "xs_action_id": action.id,
                "xs_commitment_id": commitment.id,
                "origin": _("Buyer portal"),
                "client_order_ref": note or False,
                "order_line": [
                    Command.create(
                        {
                            "xs_declaration_id": declaration.id,
                            "product_uom_qty": wanted[declaration.id],
                        }
                    )
                    for declaration in declarations
                ],
            }
        )

    @api.model
    def _xs_portal_wanted(self, quantities):
        """{entry id: quantity as typed} of the entries the buyer asks for: blanks and
        explicit zeros are products left out; every other value is checked against its
        entry later (finite, positive, in the entry's unit steps)."""
        raw = {}
        for key, value in quantities.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                raw[int(key)] = value
            except (TypeError, ValueError):
                raise UserError(
                    _("Some of these products are not in your catalogue. Reload the page.")
                ) from None
        wanted = {key: value for key, value in raw.items() if not self._xs_is_zero(value)}
        if not wanted:
            raise UserError(_("Enter the quantity of at least one product to order."))
        return wanted

    @api.model
    def _xs_portal_entries(self, wanted):
        """The entries of ``wanted``, all published to the buyer and of one campaign; those
        sold out meanwhile are named."""
        partner = self.env.user.partner_id
        # The user's own environment (the portal record rule) and the published domain
        # (the same for an internal user ordering for its own organisation).
        Declaration = self.env["xs.surplus.declaration"]
        declarations = Declaration.search(
            [("id", "in", list(wanted))] + Declaration._xs_published_domain(partner)
        )
        if len(declarations) != len(wanted):
            # Those sold out meanwhile are named: the buyers of a burst on the last units of
            # an entry all meet this. sudo: only entries published to this buyer are read.
            sold_out_sudo = Declaration.sudo().search(
                [("id", "in", list(set(wanted) - set(declarations.ids)))]
                + Declaration._xs_published_domain(partner, state="sold_out")
            )
            if sold_out_sudo:
                raise UserError(
                    _(
                        "Sold out just now: %(entries)s. Order from what is still in the "
                        "catalogue below.",
                        entries=", ".join(
                            f"{d.product_id.display_name} ({d.seller_id.name})"
                            for d in sold_out_sudo
                        ),
                    )
                )
            raise UserError(
                _("Some of these products are not in your catalogue any more. Reload the page.")
            )
        if len(declarations.campaign_id) != 1:
            raise UserError(_("Order the products of one campaign at a time."))
        return declarations

    @api.model
    def _xs_portal_attribution(self, campaign, commitment_id=None):
        """(commitment, action) the buyer's order counts under in ``campaign``: the chosen
        confirmed commitment's, else the action of the buyer's channel (R22)."""
        buyer = self.env.user.partner_id.commercial_partner_id
        commitment = self.env["xs.buyer.commitment"]
        if commitment_id:
            # Searched, not browsed: the record rule hides other buyers' commitments.
            commitment = commitment.search([("id", "=", commitment_id)])
            if (
                not commitment
                or commitment.buyer_id != buyer
                or commitment.campaign_id != campaign
                or commitment.state != "confirmed"
            ):
                raise UserError(
                    _(
                        "Choose one of your confirmed commitments of %(campaign)s.",
                        campaign=campaign.name,
                    )
                )
            action = commitment.action_id
        else:
            action = campaign._xs_channel_action(buyer)
        if not action:
            raise UserError(
                _(
                    "%(campaign)s has no action for your organisation's channel; "
                    "contact the county office.",
                    campaign=campaign.name,
                )
            )
        return commitment, action

    @api.model
    def _xs_portal_confirm_order(self, vals):
        """Create the buyer's order from ``vals`` and confirm it, or create nothing."""
        # sudo: portal buyers cannot create sale orders themselves. Safe: the partner is
        # the logged-in user's, the lines are only entries its record rule lets it read,
        # prices come from the declarations, and confirmation runs every business check
        # (publication, remaining quantity under lock, quality, open phase).
        # No "created" logs, creator subscriptions or state tracking on the order, its
        # purchase order and its dropship transfer (nor the transfer's "created from" note,
        # stock_picking.py): the two messages posted here say who
        # ordered and confirmed what, and confirmation still subscribes the buyer to its
        # order and the seller to its purchase order. All of that work would run while the
        # entry's row is locked, where every other buyer of the entry waits.
        quiet_sudo = self.sudo().with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
        )
        with self.env.cr.savepoint():
            order_sudo = quiet_sudo.create(vals)
            # Confirmed under the entry's lock (remaining, limits, publication, quality, open
            # phase: _action_confirm), without the sellers' purchase orders: their
            # procurement, confirmation and dropship transfers are most of an order's work, and
            # every other buyer of the entry would wait for them behind that lock.
            # The scheduled job makes them right after this transaction commits
            # (_xs_cron_create_purchases); the trigger is part of the transaction, so a
            # refused order leaves none.
            order_sudo.with_context(skip_procurement=True).action_confirm()
            order_sudo._xs_request_purchases()
            # The buyer's own record of what happened, in its order's conversation.
            order_sudo.message_post(
                body=_(
                    "Ordered in the buyer portal by %(user)s and confirmed at the declared "
                    "prices. Each seller receives its purchase order within moments and ships "
                    "to you directly.",
                    user=self.env.user.name,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                force_send=False,
            )
        return self.browse(order_sudo.ids)

    def _xs_request_purchases(self):
        """Leave the sellers' purchase orders of these orders, confirmed without them
        (``skip_procurement``), to the scheduled job, and wake it: it makes them right after
        this transaction commits (_xs_cron_create_purchases); the trigger is part of the
        transaction, so a refused order leaves none. The one way an order confirmed outside
        the back office gets its purchase orders (buyer portal, shop)."""
        xs_workflow_write(self, {"xs_purchase_pending": True})
        # sudo: a trigger only asks the job to run now; portal users may not read crons.
        self.env.ref("xs_consumption.ir_cron_xs_create_purchases").sudo()._trigger()

    @api.model
    def _xs_is_zero(self, value):
        try:
            return float(value) == 0
        except (TypeError, ValueError):
            return False

    @api.model
    def _xs_orders_action(self, domain, context=None):
        """The standard sales-orders window on ``domain`` (smart buttons of campaign records)."""
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = domain
        action["context"] = context or {}
        return action

    @api.model
    def _xs_order_counts(self, field_name, records):
        """{record: number of sale orders, in any state, whose ``field_name`` is it}: the
        deletion guards of the documents orders count under (R22)."""
        # sudo: whether orders refer to the records, whoever may read those orders.
        return dict(
            self.sudo()
            .with_context(active_test=False)
            ._read_group([(field_name, "in", records.ids)], [field_name], ["__count"])
        )

    def _xs_check_quality(self, declarations):
        """R15: no new order of an entry under an open serious quality issue of its scope
        (the entry, its seller's product, or the product county-wide); the buyer is told
        which issue."""
        blocked = self.env["xs.quality.issue"]._xs_blocking(declarations)
        if blocked:
            raise UserError(
                _(
                    "%(products)s cannot be ordered until the county clears: %(issues)s.",
                    products=", ".join(
                        "%s (%s)" % (d.product_id.display_name, d.seller_id.name) for d in blocked
                    ),
                    issues="; ".join(
                        sorted({issue.name for issues in blocked.values() for issue in issues})
                    ),
                )
            )

    def _xs_check_filed_events(self):
        """R22: refuse changing what these confirmed orders count for, or cancelling them,
        while any of their counted rows (the order's day, a delivery, an invoice, a
        payment: one row each in xs.counted.line) lies in a reported period, even when the
        order itself is dated in an open one (periods filed out of order)."""
        self._xs_check_period_lock()
        Counted = self.env["xs.counted.line"]
        Counted._xs_check_counted_rows(
            self,
            Counted._xs_counted_rows("sale_order_id", self.ids),
            lambda order: order.env._("Changing or cancelling %(order)s", order=order.name),
        )

    def _xs_check_period_lock(self):
        """R22: an order dated in a reported period is frozen whole (its order row in
        xs.counted.line counts on its order date)."""
        for order in self.filtered("xs_campaign_id"):
            # sudo: the campaign's periods bind whoever changes the order.
            order.xs_campaign_id.sudo()._xs_check_period_open(
                xs_date(order.date_order), order.env._("Order %(order)s", order=order.name)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            xs_check_workflow_vals(self, vals, ("xs_purchase_pending",), creating=True)
        return super().create(vals_list)

    def write(self, vals):
        # Only the portal confirmation and the scheduled job say whether the sellers' orders
        # are still to be made: cleared by hand, an order would never get them.
        xs_check_workflow_vals(self, vals, ("xs_purchase_pending",))
        # What the order's counted rows read from it (xs.counted.line).
        counted = self.env["xs.counted.line"]._xs_counted_fields(self._name).intersection(vals)
        confirmed = self.filtered(lambda o: o.state == "sale")
        if counted - {"date_order", "state"} or vals.get("state", "sale") != "sale":
            # What the order's figures count for (campaign, action, buyer, team...), or
            # whether they count at all (Cancel: core writes the state; or the state
            # written over RPC): also its deliveries', invoices' and payments', which may lie
            # in a filed period when the order's own day does not.
            confirmed._xs_check_filed_events()
        elif "date_order" in vals:
            confirmed._xs_check_period_lock()
        res = super().write(vals)
        if "date_order" in vals or "xs_campaign_id" in vals:
            # Nor may a confirmed order be moved into a reported period.
            self.filtered(lambda o: o.state == "sale")._xs_check_period_lock()
        return res

    def _action_confirm(self):
        # Confirmation dates the order now (date_order): write() checks that date.
        lines = self.order_line.filtered("xs_declaration_id")
        if not lines:
            return super()._action_confirm()
        self._xs_check_confirmable()
        self._xs_check_quality(lines.xs_declaration_id)
        # R10: what the lines take, under the entries' lock, before anything is made.
        self.env["xs.surplus.declaration"]._xs_take(
            [
                (
                    line.xs_declaration_id,
                    line.product_uom_qty,
                    line.product_uom,
                    line.order_partner_id,
                )
                for line in lines
            ],
            orders=self,
        )
        res = super()._action_confirm()
        self._xs_confirm_purchases()
        # sudo: the buyer's salesperson (or a portal buyer) need not read every order of
        # the entry that decides whether it sold out.
        lines.xs_declaration_id.sudo()._xs_update_catalogue_state()
        return res

    def _xs_cancel_purchases(self):
        """A cancelled sale cancels its sellers' orders nothing has happened on yet; one
        already received or billed stays, and Odoo's sale_purchase flags it to the purchaser
        with an activity (the goods or the bill need a person)."""
        purchases = self._xs_purchase_orders()
        mine = self.order_line
        cancellable = purchases.filtered(
            lambda p: (
                all(line.sale_line_id in mine for line in p.order_line)
                and not any(p.order_line.mapped("qty_received"))
                and not p.invoice_ids
            )
        )
        cancellable.button_cancel()

    def _xs_purchase_orders(self):
        """The sellers' purchase orders of these orders' catalogue lines."""
        # sudo: a buyer's salesperson or a portal buyer has no purchase rights; the orders
        # are those its own sale lines created.
        return (
            self.order_line.filtered("xs_declaration_id")
            .sudo()
            .purchase_line_ids.order_id.filtered(lambda p: p.state != "cancel")
        )

    @api.model
    def _xs_cron_create_purchases(self, batch_size=50):
        """Scheduled job, triggered by each portal order (R10): the sellers' purchase orders
        of the orders confirmed in the portal, created, confirmed and sent (their dropship
        transfers with them) in batches, oldest first; the job runs again at once while
        orders are left (``ir.cron._notify_progress``). An order whose purchase orders
        cannot be made (a business rule refuses them) is set aside with a message and a
        warning activity, so it cannot hold up the others' sellers."""
        domain = [("xs_purchase_pending", "=", True)]
        # As the portal order itself: no "created" logs, creator subscriptions or state
        # tracking on the purchase orders and transfers; the seller still follows its order
        # and gets its message (_xs_confirm_purchases).
        orders = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
        ).search(domain, order="id", limit=batch_size)
        if not orders:
            return
        try:
            with self.env.cr.savepoint():
                orders._xs_create_purchases()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            return self._xs_retry_purchase_job()
        except Exception:  # noqa: BLE001 - found below, order by order
            # Which one: each order on its own; one that fails is set aside, whatever the
            # error, so that it cannot stop the job for every order after it.
            for order in orders:
                try:
                    with self.env.cr.savepoint():
                        order._xs_create_purchases()
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                    return self._xs_retry_purchase_job()
                except Exception as error:  # noqa: BLE001
                    _logger.warning("%s: sellers' purchase orders not created", order.name)
                    order._xs_purchases_failed(error)
        self.env["ir.cron"]._notify_progress(done=len(orders), remaining=self.search_count(domain))

    @api.model
    def _xs_retry_purchase_job(self):
        # Another transaction changed one of these records meanwhile (a buyer's order, a
        # cancellation): nothing is set aside; the job runs again at once on a fresh
        # snapshot, the orders still pending (what this run made before is kept).
        self.env.ref("xs_consumption.ir_cron_xs_create_purchases")._trigger()

    def _xs_create_purchases(self):
        """The sellers' dropship purchase orders of these portal orders, through Odoo's own
        procurement (sale_stock launches what the lines still lack, so running it twice
        creates nothing twice), confirmed and sent at the declared prices."""
        confirmed = self.filtered(lambda o: o.state == "sale")
        confirmed.order_line._action_launch_stock_rule()
        # Out of any buyer's request: the sellers are notified at once (e-mails queued).
        confirmed._xs_confirm_purchases(notify_now=True)
        xs_workflow_write(self, {"xs_purchase_pending": False})

    def action_xs_create_purchases(self):
        """The county's button for an order the job set aside, once the cause is corrected:
        what the job would have made (only what is missing)."""
        self.check_access("write")
        self._xs_create_purchases()

    def _xs_purchases_failed(self, error):
        """Tell the county that this order's sellers have no purchase order yet, and why."""
        self.ensure_one()
        xs_workflow_write(self, {"xs_purchase_pending": False})
        responsible = (
            self.user_id or self.env.ref("xs_consumption.xs_consumption_group_admin").users[:1]
        )
        # In the county's language (the responsible's): the scheduled job runs in its own.
        county_env = self.with_context(lang=responsible.lang or self.env.lang).env
        message = county_env._(
            "The sellers' purchase orders of %(order)s could not be created: %(error)s "
            'Correct the cause, then click "Create Sellers\' Orders" on the order.',
            order=self.name,
            error=error.args[0] if isinstance(error, UserError) else repr(error),
        )
        self.message_post(body=message, subtype_xmlid="mail.mt_note")
        if responsible:
            self.activity_schedule(
                "mail.mail_activity_data_warning",
                user_id=responsible.id,
                summary=county_env._("Sellers' purchase orders missing"),
                note=message,
            )

    def _xs_confirm_purchases(self, notify_now=False):
        """R10: the portal promises that each seller ships to the buyer directly, so the
        seller's order is confirmed and sent at once, at the declared price, with its
        deadline now (not the past) rather than left as a draft RFQ."""
        # Dropship orders only (a ship-to address): an order bought into the county
        # warehouse (MTO on the line) is grouped with others and stays for the purchaser.
        rfqs = self._xs_purchase_orders().filtered(
            lambda p: p.state in ("draft", "sent") and p.dest_address_id
        )
        if not rfqs:
            return
        now = fields.Datetime.now()
        rfqs.write({"date_order": now})
        late = rfqs.order_line.filtered(lambda ln: ln.date_planned and ln.date_planned < now)
        late.write({"date_planned": now})
        rfqs.button_confirm()
        for purchase in rfqs.filtered(lambda p: p.state in ("purchase", "done")):
            # Sent to the seller (queued e-mail with the link to its vendor portal). No PDF
            # rendered here: this runs inside the buyer's order request.
            # The seller follows its order since button_confirm, and the user confirming
            # need not follow it: no subscription work here (each one is several queries).
            # In the seller's language: the scheduled job runs in its own.
            seller_lang = purchase.partner_id.lang or purchase.company_id.partner_id.lang
            purchase.with_context(
                mail_post_autofollow=False,
                mail_create_nosubscribe=True,
                mail_notify_force_send=False,
            ).message_post(
                body=purchase.with_context(lang=seller_lang).env._(
                    "Purchase order %(name)s is confirmed at the declared price: please "
                    "deliver to %(buyer)s by %(date)s.",
                    name=purchase.name,
                    buyer=(purchase.dest_address_id or purchase.company_id).name,
                    date=fields.Date.to_string(xs_date(purchase.date_planned)),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=purchase.partner_id.ids,
                # From the platform company (a portal buyer has no sender address). In a
                # back-office confirmation, posted now and notified by Odoo's
                # scheduled-message cron a few seconds later: the e-mail rendering and
                # queuing stay out of the transaction that holds the entry's lock.
                author_id=purchase.company_id.partner_id.id,
                scheduled_date=None if notify_now else self.env.cr.now() + timedelta(seconds=5),
            )

    def _action_cancel(self):
        self.filtered(lambda o: o.state == "sale")._xs_check_period_lock()
        declarations_sudo = self.order_line.xs_declaration_id.sudo()
        self._xs_cancel_purchases()
        res = super()._action_cancel()
        if declarations_sudo:
            self.env.flush_all()
            declarations_sudo._xs_update_catalogue_state()
        return res
