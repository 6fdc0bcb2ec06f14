"""What the load tests' set-ups share (load_setup.py for the portal, load_shop_setup.py for
the shop): the people's portal logins, a campaign of the load's own with its scarce and
plentiful catalogue entries, and the JSON the load client reads. ``odoo-bin shell`` reads
the set-ups from standard input, which gives them no import path: they find this file in
the data/ beside the addons Odoo runs.

Everything goes through the ORM and the business methods, so the rules run as they do for
users. XS_LOAD_SCARCE (default 1) entries of XS_LOAD_SCARCE_QTY (default 20) kg are scarce;
the people's password is XS_LOAD_PASSWORD (default ``load``).
"""

import json
import os
import uuid

from dateutil.relativedelta import relativedelta

from odoo import Command

N_SCARCE = int(os.environ.get("XS_LOAD_SCARCE", "1"))
SCARCE_QTY = float(os.environ.get("XS_LOAD_SCARCE_QTY", "20"))
PASSWORD = os.environ.get("XS_LOAD_PASSWORD", "load")
# Names the run's campaign, sellers and products apart from a previous run's (the portal's
# load searches its catalogue for it).
TAG = uuid.uuid4().hex[:6]


def load_logins(env, prefix, count):
    """The run's logins (``prefix`` and a number) and those without a user yet: a second
    run reuses the users of the first."""
    wanted = [f"{prefix}{i:03d}" for i in range(count)]
    existing = env["res.users"].search([("login", "in", wanted)]).mapped("login")
    return wanted, sorted(set(wanted) - set(existing))


def portal_users(env, vals_list):
    """Portal users of ``vals_list`` (login, name...), with the load's password."""
    portal = env.ref("base.group_portal")
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                dict(vals, password=PASSWORD, groups_id=[Command.set(portal.ids)])
                for vals in vals_list
            ]
        )
    )


def new_campaign(env, name, action_types):
    """A campaign of the load's own, so the demo campaign's figures stay untouched: its
    survey and implementation phases open since ten days, an action of each type."""
    today = env["xs.campaign"]._fields["date_start"].context_today(env["xs.campaign"])
    dates = {
        "date_start": today - relativedelta(days=10),
        "date_end": today + relativedelta(days=60),
    }
    return env["xs.campaign"].create(
        {
            "name": name,
            **dates,
            "phase_ids": [
                Command.create({"phase_type": kind, **dates})
                for kind in ("preparation", "implementation")
            ],
            "action_ids": [Command.create({"action_type": kind}) for kind in action_types],
        }
    )


def list_entries(env, campaign, prefix, n_plenty, townships, sellers, channels):
    """Catalogue entries of new products named after the run (``prefix`` 稀缺/充足, TAG, a
    number): N_SCARCE scarce ones of SCARCE_QTY kg first, then ``n_plenty`` plentiful ones,
    spread over ``townships`` and ``sellers`` and published to ``channels`` (the entries'
    channel fields). Submitted, verified and listed, then the survey closed, as in a real
    campaign."""
    kg = env.ref("uom.product_uom_kgm")
    names = [f"{prefix}稀缺 {TAG} {i}" for i in range(N_SCARCE)] + [
        f"{prefix}充足 {TAG} {i}" for i in range(n_plenty)
    ]
    products = env["product.product"].create(
        [
            {
                "name": name,
                "type": "consu",
                "categ_id": env.ref("xs_consumption.product_category_vegetable").id,
                "uom_id": kg.id,
                "uom_po_id": kg.id,
            }
            for name in names
        ]
    )
    today = env["xs.campaign"]._fields["date_start"].context_today(env["xs.campaign"])
    entries = env["xs.surplus.declaration"].create(
        [
            {
                "campaign_id": campaign.id,
                "township_id": townships[i % len(townships)].id,
                "seller_id": sellers[i % len(sellers)].id,
                "product_id": product.id,
                "category": "vegetable",
                "quantity": SCARCE_QTY if i < N_SCARCE else 1e6,
                "price_unit": 5.0,
                "date_available_from": today,
                "date_available_to": today + relativedelta(days=30),
                "household_count": 10,
                **channels,
            }
            for i, product in enumerate(products)
        ]
    )
    entries.action_submit()
    entries.action_verify()
    entries.action_list()
    campaign.phase_ids.filtered(lambda p: p.phase_type == "preparation").action_close()
    return entries


def write_setup(env, default_path, campaign, logins, entries, **more):
    """Commit the set-up and write what the load client needs as JSON to XS_LOAD_SETUP_OUT
    (default: ``default_path``); return where."""
    path = os.environ.get("XS_LOAD_SETUP_OUT", default_path)
    env.cr.commit()  # a set-up script, not business code: the load client needs it committed
    with open(path, "w", encoding="utf-8") as out:
        json.dump(
            {
                "tag": TAG,
                "campaign_id": campaign.id,
                "logins": logins,
                "password": PASSWORD,
                "scarce_ids": entries[:N_SCARCE].ids,
                "plenty_ids": entries[N_SCARCE:].ids,
                "scarce_qty": SCARCE_QTY,
                **more,
            },
            out,
        )
    return path
