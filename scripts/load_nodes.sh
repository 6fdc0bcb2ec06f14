# Sourced by scripts/load.sh and scripts/load_shop.sh (after lib.sh): Odoo's production
# architecture on loopback. NODES Odoo nodes (prefork workers and one cron worker each, as
# docker/odoo-prod.conf) sharing one database and one filestore, behind nginx routed as
# docker/nginx/odoo.conf. Set DB, NODES, WORKERS, PORT (nginx; nodes on PORT+1..PORT+4),
# RUN_DIR; for another PostgreSQL than lib.sh's, NODE_DB_PORT, and NODE_REPLICA_PORT for a
# streaming replica on loopback serving the read-only routes (Odoo's db_replica_*).

PIDS=()
NGINX_DIR="$RUN_DIR/nginx-$PORT"

stop_nodes() {
  [ -f "$NGINX_DIR/nginx.pid" ] && kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  PIDS=()
  return 0
}

start_nodes() {
  # Each node is odoo-bin itself (not through odoo_bin, a function): its pid is ours to stop.
  local node_cmd=("$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$(addons_path)"
                  --db_host="$PGHOST" --db_port="${NODE_DB_PORT:-$PGPORT}"
                  --db_user="$DB_USER" --db_password="$DB_PASSWORD")
  [ -n "${NODE_REPLICA_PORT:-}" ] && node_cmd+=(--db_replica_host="$PGHOST"
                                                --db_replica_port="$NODE_REPLICA_PORT")
  local subst=() n http gevent
  for n in 1 2; do
    http=$((PORT + 2 * n - 1)); gevent=$((PORT + 2 * n))
    if [ "$n" -gt "$NODES" ]; then subst+=(-e "/odoo$n:80[67][29]/d"); continue; fi
    subst+=(-e "s/odoo$n:8069/127.0.0.1:$http/" -e "s/odoo$n:8072/127.0.0.1:$gevent/")
    # Same database, same data_dir (filestore and sessions) for every node. One cron worker
    # a node (docker/odoo-prod.conf): it LISTENs to cron_trigger, so each order's trigger
    # wakes it at once (ir.cron._trigger), and cron jobs lock their row, so either node
    # runs them.
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
  cat > "$NGINX_DIR/nginx.conf" <<NGINX
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/body;
    proxy_temp_path $NGINX_DIR/proxy;
    fastcgi_temp_path $NGINX_DIR/fastcgi;
    uwsgi_temp_path $NGINX_DIR/uwsgi;
    scgi_temp_path $NGINX_DIR/scgi;
    include $NGINX_DIR/odoo.conf;
}
NGINX
  nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" -q -t
  nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR"

  URL="http://127.0.0.1:$PORT"
  for _ in $(seq 1 90); do curl -fs "$URL/web/health" >/dev/null && break; sleep 1; done
  for n in $(seq 1 "$NODES"); do
    curl -fs "http://127.0.0.1:$((PORT + 2 * n - 1))/web/health" >/dev/null \
      || { log "node $n did not start (see $RUN_DIR/load-node$n.log)"; exit 2; }
  done
}

run_overdue_crons() {
  # Scheduled jobs overdue when the nodes start (every job of a fresh database; the daily
  # jobs of one nobody served for a day) run first, before the clock: steady state is
  # measured, not a day's backlog of jobs that each run once a day at their own time. A
  # cron worker sleeps up to 70 s before its first look: woken as Odoo wakes it
  # (ir.cron._notifydb, in database postgres where it LISTENs), again every 2 s as it may
  # not listen yet. Arguments: extra psql options (the database server).
  local waited=0 cron_wait="${XS_LOAD_CRON_WAIT:-600}" overdue
  while overdue="$(psql "$@" -d "$DB" -Atc "SELECT string_agg(cron_name, '; ') FROM ir_cron
                   WHERE active AND nextcall <= now() AT TIME ZONE 'UTC'")" && [ -n "$overdue" ]; do
    [ "$waited" = 0 ] && log "waiting for the overdue scheduled jobs to run first: $overdue"
    [ "$waited" -ge "$cron_wait" ] && { log "still overdue after ${cron_wait} s: $overdue"; break; }
    psql "$@" -d postgres -Atqc "SELECT pg_notify('cron_trigger', '$DB')" >/dev/null
    sleep 2; waited=$((waited + 2))
  done
  [ "$waited" != 0 ] && log "overdue scheduled jobs done in ${waited} s"
  return 0
}

report_nodes() {
  # Odoo's own retries of a request on a serialization failure (odoo.service.model logs
  # them), and the runs of the scheduled job making the sellers' purchase orders, as
  # ir.cron logs them ("... done in 0.123s").
  local retries=0 node_logs=() n job_runs
  for n in $(seq 1 "$NODES"); do
    node_logs+=("$RUN_DIR/load-node$n.log")
    retries=$((retries + $(grep -c "tries left" "$RUN_DIR/load-node$n.log" || true)))
  done
  log "requests Odoo retried after a serialization failure: $retries"
  job_runs="$(awk '/purchase orders of portal orders.* done in / {
                    sub(/.* done in /, ""); sub(/s$/, ""); print }' "${node_logs[@]}" \
              | sort -n | awk '{ s[NR] = $1; t += $1 } END { if (NR) printf "%d runs, %.1f s in all, median %.2f s, max %.2f s", NR, t, s[int((NR + 1) / 2)], s[NR] }')"
  log "the sellers' purchase orders job (cron worker): ${job_runs:-no run}"
}
