#!/usr/bin/env bash
# Portal load test on Odoo's production architecture: XS_LOAD_NODES Odoo nodes (prefork
# workers and one cron worker each, as docker/odoo-prod.conf: the scheduled job that makes
# the sellers' purchase orders of portal orders runs during the load and costs its CPU
# there) sharing one PostgreSQL database and one filestore, behind nginx on
# loopback as docker/docker-compose.prod.yml deploys them, driven by tests/load_portal.py
# from a separate process. Usage: scripts/load.sh DB  (a database with our addons installed;
# data/load_setup.py adds the portal buyers and scarce entries first).
# Sizes: XS_LOAD_BUYERS (30), XS_LOAD_SECONDS (60), XS_LOAD_NODES (1 or 2), XS_LOAD_WORKERS
# per node (4), XS_LOAD_SCARCE_QTY (20); ports XS_LOAD_PORT.. +5 (nginx, then 2 per node).
# Load model (tests/load_portal.py): XS_LOAD_THINK, a buyer's mean pause before each page in
# seconds (default 5; 0 = back to back, the stress figure); XS_LOAD_WARM_UP=0 measures cold
# workers (default: one unmeasured round of every page first).
# XS_LOAD_MAX_ORDER_P95: fail when ordering is slower. XS_LOAD_PURCHASE_WAIT: seconds after
# the load for the scheduled job to make every pending order's purchase orders (60; more
# fails). XS_LOAD_CRON_WAIT: at most this long for the jobs overdue at the nodes' start to
# run before the clock (600). Logs in XS_RUN_DIR (default .run/).
source "$(dirname "$0")/lib.sh"
DB="${1:?usage: scripts/load.sh DB}"
BUYERS="${XS_LOAD_BUYERS:-30}"
SECONDS_="${XS_LOAD_SECONDS:-60}"
NODES="${XS_LOAD_NODES:-1}"
WORKERS="${XS_LOAD_WORKERS:-4}"
PORT="${XS_LOAD_PORT:-8216}"
RUN_DIR="${XS_RUN_DIR:-$REPO/.run}"; mkdir -p "$RUN_DIR"
export PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD"
# The production profile's PostgreSQL runs with jit=off (docker/docker-compose.prod.yml):
# libpq sends PGOPTIONS on every connection of the set-up, the nodes and the checks.
export PGOPTIONS="${PGOPTIONS:--c jit=off}"
ensure_odoo_src

source "$REPO/scripts/load_nodes.sh"
trap stop_nodes EXIT

log "load set-up: $BUYERS portal buyers, scarce entries (data/load_setup.py)"
XS_LOAD_BUYERS="$BUYERS" XS_LOAD_SETUP_OUT="$RUN_DIR/load_setup.json" \
  odoo_bin shell -d "$DB" --log-level=warn --no-http < "$REPO/data/load_setup.py"

start_nodes
run_overdue_crons
log "load: $BUYERS buyers for ${SECONDS_} s on $NODES node(s) x $WORKERS workers (and a cron worker each) behind nginx, think ${XS_LOAD_THINK:-5} s"
args=(--url "$URL" --db "$DB" --setup "$RUN_DIR/load_setup.json" --seconds "$SECONDS_"
      --think "${XS_LOAD_THINK:-5}" --report "$RUN_DIR/load-report.json")
[ "${XS_LOAD_WARM_UP:-1}" = 0 ] && args+=(--no-warm-up)
[ -n "${XS_LOAD_MAX_ORDER_P95:-}" ] && args+=(--max-order-p95 "$XS_LOAD_MAX_ORDER_P95")
[ -n "${XS_LOAD_PURCHASE_WAIT:-}" ] && args+=(--purchase-wait "$XS_LOAD_PURCHASE_WAIT")
rc=0
XS_LOAD_LABEL="$NODES node(s) x $WORKERS workers and a cron worker behind nginx" \
  "$VENV/bin/python" "$REPO/tests/load_portal.py" "${args[@]}" || rc=$?
report_nodes
exit "$rc"
