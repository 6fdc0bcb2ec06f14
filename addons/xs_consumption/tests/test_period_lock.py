from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestPeriodLock(XsOrdersCommon):
    """R22: once figures up to a date are reported upward, the documents behind them are
    frozen: orders dated then cannot be confirmed, cancelled or changed, and declarations
    verified by then cannot be sent back. Only the county administrator moves the lock."""

    def _lock(self, day):
        with Form(self.campaign.with_user(self.user_admin)) as form:
            form.lock_date = day

    def test_r22_only_the_administrator_locks(self):
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_county).lock_date = self.today
        self.env.cr.precommit.run()  # as if created in an earlier request
        self._lock(self.today)
        self.env.cr.precommit.run()  # tracking values are written at commit
        self.assertEqual(self.campaign.lock_date, self.today)
        self.assertTrue(self.campaign.with_user(self.user_admin).can_lock)
        self.assertFalse(self.campaign.with_user(self.user_county).can_lock)
        self.assertIn(
            "Locked Up To",
            self.campaign.message_ids.tracking_value_ids.field_id.mapped("field_description"),
        )

    def test_r22_reported_orders_are_frozen(self):
        order = self._order(self.buyer_school, [(self.decl_a, 100)])
        self._lock(self.today)
        with self.assertRaisesText(UserError, "already filed upward"):
            order._action_cancel()
        with self.assertRaisesText(UserError, "already filed upward"):
            order.order_line.product_uom_qty = 50
        with self.assertRaisesText(UserError, "already filed upward"):
            order.xs_action_id = self.action_ecommerce
        with self.assertRaisesText(UserError, "already filed upward"):
            order.order_line = [(0, 0, {"xs_declaration_id": self.decl_b.id, "product_uom_qty": 1})]
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(self.decl_a.qty_remaining, 900)
        # Orders of the reported day cannot be confirmed any more; after unlocking a day
        # back, new orders (dated now) go through, and none can be backdated into it.
        with self.assertRaisesText(UserError, "already filed upward"):
            self._order(self.buyer_school, [(self.decl_a, 10)])
        self._lock(self.today - relativedelta(days=1))
        later = self._order(self.buyer_school, [(self.decl_a, 10)])
        self.assertEqual(later.state, "sale")
        with self.assertRaisesText(UserError, "already filed upward"):
            later.date_order = datetime.combine(
                self.today - relativedelta(days=3), datetime.min.time()
            )
        # Orders of unreported days are untouched.
        later._action_cancel()
        self.assertEqual(later.state, "cancel")

    def test_r22_refusal_names_the_document_in_the_users_language(self):
        # R21: the refusal names the document it refuses in the user's language too.
        order = self._order(self.buyer_school, [(self.decl_a, 10)])
        self._deliver(order)
        invoice = self._invoice_customer(order)
        self._lock(self.today)
        wizard = Form(
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids, lang="zh_CN"
            )
        ).save()
        with self.assertRaisesText(UserError, f"发票 {invoice.name} 的收款"):
            wizard._create_payments()

    def test_r22_reported_declarations_stay(self):
        declaration = self._create_declaration(product_id=self.product_kiwi.id)
        declaration.action_submit()
        declaration.with_user(self.user_county).action_verify()
        self._lock(self.today)
        with self.assertRaisesText(UserError, "can no longer be sent back"):
            declaration.with_user(self.user_county)._reject("Wrong figures")
        self.assertEqual(declaration.state, "verified")
        self._lock(False)
        declaration.with_user(self.user_county)._reject("Wrong figures")
        self.assertEqual(declaration.state, "draft")

    def _ship(self, line, quantity, destination="stock.stock_location_inter_company"):
        """A done move of ``line``'s product from stock to ``destination`` (by default the
        inter-company transit location: core's stock.location._is_outgoing, it counts as
        delivered)."""
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        move = self.env["stock.move"].create(
            {
                "name": line.name,
                "product_id": line.product_id.id,
                "product_uom": line.product_uom.id,
                "product_uom_qty": quantity,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref(destination).id,
                "sale_line_id": line.id,
            }
        )
        move._action_confirm()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        return move

    def test_r22_delivery_into_transit_is_locked_as_counted(self):
        """R22: what counts on which day is the counted view's alone, and the period lock
        asks it. A delivery into inter-company transit counts as delivered (as core's
        delivered quantity does): validated, changed or undone on a reported day, it is
        refused like a delivery to the customer, and the filed figure stays."""
        order = self._order(self.buyer_school, [(self.decl_a, 100)])
        # Dated after the reported day, so that only the delivery is in it.
        order.date_order = datetime.combine(self.today + relativedelta(days=2), datetime.min.time())
        line = order.order_line
        move = self._ship(line, 10)
        self.assertEqual(line.qty_delivered, 10)
        Counted = self.env["xs.counted.line"]

        def delivered():
            return Counted._read_group(
                [("sale_line_id", "=", line.id), ("date", "=", self.today)],
                [],
                ["qty_delivered:sum"],
            )[0][0]

        self.assertEqual(delivered(), 10)
        self._lock(self.today)
        with self.assertRaisesText(UserError, "already filed upward"):
            self._ship(line, 5)
        with self.assertRaisesText(UserError, "already filed upward"):
            move.move_line_ids.quantity = 20
        with self.assertRaisesText(UserError, "already filed upward"):
            move.scrapped = True
        # Its price is what its delivered figure counts at.
        with self.assertRaisesText(UserError, "already filed upward"):
            line.price_unit = 3.0
        self.assertEqual(delivered(), 10)
        # Once unlocked, the same changes go through.
        self._lock(False)
        self._ship(line, 5)
        self.assertEqual(delivered(), 15)

    def test_r22_a_line_write_is_locked_by_what_it_moves_in_the_view(self):
        """R22: the sale line's lock asks the counted view what a write moves, not a list
        of fields: a line of a draft order moved into a reported order would count on a
        filed day, and is refused; its quantity, moving no filed row, is not."""
        reported = self._order(self.buyer_school, [(self.decl_a, 10)])
        draft = self._order(self.buyer_school, [(self.decl_b, 5)], confirm=False)
        line = draft.order_line
        self._lock(self.today)
        with self.assertRaisesText(UserError, f"{reported.name} (") as cm:
            line.with_user(self.user_county).order_id = reported
        self.assertIn("already filed upward", str(cm.exception))
        line.invalidate_recordset()
        self.assertEqual(line.order_id, draft)
        self.assertEqual(reported.order_line.mapped("product_uom_qty"), [10])
        line.with_user(self.user_county).product_uom_qty = 6
        self.assertEqual(line.product_uom_qty, 6)

    def test_r22_a_service_delivered_by_hand_is_locked_with_its_order(self):
        """R13/R22: a line delivered by hand (a service) counts its delivered amount with
        its order, on the order date: once that day is filed, the quantity typed as
        delivered would move the filed figure, and is refused."""
        service = self.env["product.product"].create(
            {"name": "Cold-chain transport", "type": "service", "list_price": 50.0}
        )
        order = self._order(self.buyer_school, [(self.decl_a, 10)], confirm=False)
        order.order_line = [Command.create({"product_id": service.id, "product_uom_qty": 2})]
        order.action_confirm()
        line = order.order_line.filtered(lambda sol: sol.product_id == service)
        self.assertEqual(line.qty_delivered_method, "manual")
        line.qty_delivered = 1
        Counted = self.env["xs.counted.line"]

        def delivered():
            return Counted._read_group(
                [("sale_line_id", "=", line.id)], [], ["amount_delivered:sum"]
            )[0][0]

        self.assertEqual(delivered(), 50.0)
        self._lock(self.today)
        with self.assertRaisesText(UserError, "already filed upward"):
            line.with_user(self.user_county).qty_delivered = 2
        self.assertEqual(delivered(), 50.0)

    def test_r22_lock_reads_the_view_once_per_batch(self):
        """R22: the period lock asks the counted view once for a batch of documents, not
        once per document: writing three done deliveries costs the queries of one."""
        order = self._order(self.buyer_school, [(self.decl_a, 100)])
        line = order.order_line
        moves = self.env["stock.move"].concat(
            *(self._ship(line, qty, "stock.stock_location_customers") for qty in (1, 2, 3))
        )

        def queries(records):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            records.write({"date": fields.Datetime.now()})
            self.env.flush_all()
            return self.env.cr.sql_log_count - start

        self.assertEqual(queries(moves[:1]), queries(moves))
