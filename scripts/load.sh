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

PIDS=()
NGINX_DIR="$RUN_DIR/nginx-$PORT"
stop_all() {
  [ -f "$NGINX_DIR/nginx.pid" ] && kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  return 0
}
trap stop_all EXIT

log "load set-up: $BUYERS portal buyers, scarce entries (data/load_setup.py)"
XS_LOAD_BUYERS="$BUYERS" XS_LOAD_SETUP_OUT="$RUN_DIR/load_setup.json" \
  odoo_bin shell -d "$DB" --log-level=warn --no-http < "$REPO/data/load_setup.py"

# Each node is odoo-bin itself (not through odoo_bin, a function): its pid is ours to stop.
node_cmd=("$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$(addons_path)"
          --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$DB_USER" --db_password="$DB_PASSWORD")
subst=()
for n in 1 2; do
  http=$((PORT + 2 * n - 1)); gevent=$((PORT + 2 * n))
  if [ "$n" -gt "$NODES" ]; then subst+=(-e "/odoo$n:80[67][29];/d"); continue; fi
  subst+=(-e "s/odoo$n:8069;/127.0.0.1:$http;/" -e "s/odoo$n:8072;/127.0.0.1:$gevent;/")
  # Same database, same data_dir (filestore and sessions) for every node. One cron worker a
  # node (docker/odoo-prod.conf): it LISTENs to cron_trigger, so each portal order's trigger
  # wakes it at once (ir.cron._trigger), and cron jobs lock their row, so either node runs them.
  "${node_cmd[@]}" -d "$DB" --db-filter="^${DB}\$" --http-interface=127.0.0.1 \
    --http-port="$http" --gevent-port="$gevent" --workers="$WORKERS" --max-cron-threads=1 \
    --proxy-mode --limit-time-real=300 --limit-time-cpu=120 --limit-memory-soft=2147483648 \
    --limit-memory-hard=2684354560 --db_maxconn=32 --log-level=warn \
    --log-handler=odoo.service.model:INFO --log-handler=odoo.addons.base.models.ir_cron:INFO \
    >"$RUN_DIR/load-node$n.log" 2>&1 &
  PIDS+=($!)
done

# nginx in front, with the routing of the production profile (docker/nginx/odoo.conf).
mkdir -p "$NGINX_DIR"
sed "${subst[@]}" -e "s/listen 80;/listen 127.0.0.1:$PORT;/" \
  "$REPO/docker/nginx/odoo.conf" > "$NGINX_DIR/odoo.conf"
cat > "$NGINX_DIR/nginx.conf" <<EOF
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/body;
    proxy_temp_path $NGINX_DIR/proxy;
    fastcgi_temp_path $NGINX_DIR/fastcgi;
    uwsgi_temp_path $NGINX_DIR/uwsgi;
    scgi_temp_path $NGINX_DIR/scgi;
    include $NGINX_DIR/odoo.conf;
}
EOF
nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" -q -t
nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR"

URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 90); do curl -fs "$URL/web/health" >/dev/null && break; sleep 1; done
for n in $(seq 1 "$NODES"); do
  curl -fs "http://127.0.0.1:$((PORT + 2 * n - 1))/web/health" >/dev/null \
    || { log "node $n did not start (see $RUN_DIR/load-node$n.log)"; exit 2; }
done
# Scheduled jobs overdue when the nodes start (every job of a fresh database; the daily jobs
# of one nobody served for a day) run first, before the clock: steady state is measured, not
# a day's backlog of jobs that each run once a day at their own time. A cron worker sleeps up
# to 70 s before its first look: woken as Odoo wakes it (ir.cron._notifydb, in database
# postgres where it LISTENs), again every 2 s as it may not listen yet.
waited=0; cron_wait="${XS_LOAD_CRON_WAIT:-600}"
while overdue="$(psql -d "$DB" -Atc "SELECT string_agg(cron_name, '; ') FROM ir_cron
                 WHERE active AND nextcall <= now() AT TIME ZONE 'UTC'")" && [ -n "$overdue" ]; do
  [ "$waited" = 0 ] && log "waiting for the overdue scheduled jobs to run first: $overdue"
  [ "$waited" -ge "$cron_wait" ] && { log "still overdue after ${cron_wait} s: $overdue"; break; }
  psql -d postgres -Atqc "SELECT pg_notify('cron_trigger', '$DB')" >/dev/null
  sleep 2; waited=$((waited + 2))
done
[ "$waited" != 0 ] && log "overdue scheduled jobs done in ${waited} s"
log "load: $BUYERS buyers for ${SECONDS_} s on $NODES node(s) x $WORKERS workers (and a cron worker each) behind nginx, think ${XS_LOAD_THINK:-5} s"
args=(--url "$URL" --db "$DB" --setup "$RUN_DIR/load_setup.json" --seconds "$SECONDS_"
      --think "${XS_LOAD_THINK:-5}" --report "$RUN_DIR/load-report.json")
[ "${XS_LOAD_WARM_UP:-1}" = 0 ] && args+=(--no-warm-up)
[ -n "${XS_LOAD_MAX_ORDER_P95:-}" ] && args+=(--max-order-p95 "$XS_LOAD_MAX_ORDER_P95")
[ -n "${XS_LOAD_PURCHASE_WAIT:-}" ] && args+=(--purchase-wait "$XS_LOAD_PURCHASE_WAIT")
rc=0
XS_LOAD_LABEL="$NODES node(s) x $WORKERS workers and a cron worker behind nginx" \
  "$VENV/bin/python" "$REPO/tests/load_portal.py" "${args[@]}" || rc=$?
# Odoo's own retries of a request on a serialization failure (odoo.service.model logs them).
retries=0; node_logs=()
for n in $(seq 1 "$NODES"); do
  node_logs+=("$RUN_DIR/load-node$n.log")
  retries=$((retries + $(grep -c "tries left" "$RUN_DIR/load-node$n.log" || true)))
done
log "requests Odoo retried after a serialization failure: $retries"
# The scheduled job making the sellers' purchase orders: its runs from the nodes' start to
# the checks (warm-up included), as ir.cron logs them ("... done in 0.123s").
job_runs="$(awk '/purchase orders of portal orders.* done in / {
                  sub(/.* done in /, ""); sub(/s$/, ""); print }' "${node_logs[@]}" \
            | sort -n | awk '{ s[NR] = $1; t += $1 } END { if (NR) printf "%d runs, %.1f s in all, median %.2f s, max %.2f s", NR, t, s[int((NR + 1) / 2)], s[NR] }')"
log "the sellers' purchase orders job (cron worker): ${job_runs:-no run}"
exit "$rc"
