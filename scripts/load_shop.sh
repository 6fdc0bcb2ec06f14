#!/usr/bin/env bash
# The shop's load test (R27): a 12.12 rush of XS_LOAD_PEOPLE people (300) browsing and
# buying at once, on Odoo's production architecture (scripts/load_nodes.sh: nodes behind
# nginx) over a PostgreSQL of its own on loopback: a primary and, for the runs with the
# replica on, a streaming replica made from it with pg_basebackup, which the nodes use for
# their read-only routes through Odoo's own db_replica_host/db_replica_port (the shop's
# produce pages, core's product pages). pg_stat_statements on both counts the statements
# each served. One run per configuration of XS_LOAD_CONFIGS, "NODES:REPLICA" words
# (default "1:off 1:on 2:off 2:on"), each against the same run's core checkout of a plain
# product (tests/load_shop.py). Usage: scripts/load_shop.sh DB  (a database of lib.sh's
# server with xs_shop installed; it is copied to the load's primary, never changed).
# Sizes: XS_LOAD_PEOPLE, XS_LOAD_SECONDS (60), XS_LOAD_WORKERS per node (4), XS_LOAD_THINK
# (5 s), XS_LOAD_RAMP (60 s: people arrive over it), XS_LOAD_SCARCE_QTY (20); ports XS_LOAD_PORT.. +4 (nginx, nodes), XS_LOAD_PG_PORT
# and the next (primary, replica); XS_LOAD_KEEP_PG=1 leaves them running. Logs and reports in XS_RUN_DIR (default .run/).
source "$(dirname "$0")/lib.sh"
SOURCE_DB="${1:?usage: scripts/load_shop.sh DB}"
DB="$SOURCE_DB"
PEOPLE="${XS_LOAD_PEOPLE:-300}"
SECONDS_="${XS_LOAD_SECONDS:-60}"
WORKERS="${XS_LOAD_WORKERS:-4}"
PORT="${XS_LOAD_PORT:-8226}"
PG_PORT="${XS_LOAD_PG_PORT:-5440}"
REPLICA_PORT=$((PG_PORT + 1))
CONFIGS="${XS_LOAD_CONFIGS:-1:off 1:on 2:off 2:on}"
RUN_DIR="${XS_RUN_DIR:-$REPO/.run}"; mkdir -p "$RUN_DIR"
export PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD"
export PGOPTIONS="${PGOPTIONS:--c jit=off}"
ensure_odoo_src
NODES=1
source "$REPO/scripts/load_nodes.sh"

PG_BIN="/usr/lib/postgresql/$(pg_lsclusters -h | awk 'NR == 1 { print $1 }')/bin"
PG_DIR="/var/tmp/xs-load-pg-$PG_PORT"
as_pg() { as_root runuser -u postgres -- "$@"; }
stop_pg() {
  for dir in "$PG_DIR/replica" "$PG_DIR/primary"; do
    [ -f "$dir/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
  done
  return 0
}
trap 'stop_nodes; [ "${XS_LOAD_KEEP_PG:-0}" = 1 ] || stop_pg' EXIT

# The primary: the production profile's settings (docker/docker-compose.prod.yml) plus
# what streaming replication and the statement counts need.
stop_pg
as_root rm -rf "$PG_DIR"
as_root install -d -o postgres -g postgres -m 700 "$PG_DIR"
log "load database server: primary on $PG_PORT ($PG_DIR)"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$RUN_DIR/load-shop-initdb.log"
as_pg tee -a "$PG_DIR/primary/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 300
shared_buffers = 512MB
work_mem = 16MB
jit = off
wal_level = replica
max_wal_senders = 4
hot_standby = on
shared_preload_libraries = 'pg_stat_statements'
CONF
as_pg tee -a "$PG_DIR/primary/pg_hba.conf" >/dev/null <<HBA
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
HBA
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/primary" -l "$PG_DIR/primary.log" -w start >/dev/null
psql_primary=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
"${psql_primary[@]}" -d postgres \
  -c "CREATE ROLE \"$DB_USER\" LOGIN SUPERUSER PASSWORD '$DB_PASSWORD'" \
  -c "CREATE DATABASE \"$DB\" OWNER \"$DB_USER\""
log "copying $SOURCE_DB to the primary (its filestore is the same: same name, same data_dir)"
pg_dump -Fc -d "$SOURCE_DB" | pg_restore -h 127.0.0.1 -p "$PG_PORT" -d "$DB" --no-owner \
  --role="$DB_USER"
"${psql_primary[@]}" -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"

log "shop load set-up: $PEOPLE people (data/load_shop_setup.py)"
setup_shop() {
  XS_LOAD_PEOPLE="$PEOPLE" XS_LOAD_SETUP_OUT="$RUN_DIR/load_shop_setup.json" \
    XS_LOAD_SCARCE_QTY="${XS_LOAD_SCARCE_QTY:-20}" \
    odoo_bin shell -d "$DB" --db_port="$PG_PORT" --log-level=warn --no-http \
    < "$REPO/data/load_shop_setup.py"
}

# The replica: a base backup of the primary, streaming from it (-R writes the standby
# settings), as the official image's replica in docker/docker-compose.prod.yml.
start_replica() {
  [ -f "$PG_DIR/replica/postmaster.pid" ] && return 0
  log "load database server: streaming replica on $REPLICA_PORT"
  as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$PG_DIR/replica" \
    -R -X stream -c fast
  echo "port = $REPLICA_PORT" | as_pg tee -a "$PG_DIR/replica/postgresql.auto.conf" >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/replica" -l "$PG_DIR/replica.log" -w start >/dev/null
}

rc=0
first=1
for config in $CONFIGS; do
  NODES="${config%%:*}"; replica="${config#*:}"
  setup_shop
  NODE_DB_PORT="$PG_PORT"; NODE_REPLICA_PORT=""
  stat_ports=(--primary-port "$PG_PORT")
  if [ "$replica" = on ]; then
    start_replica
    NODE_REPLICA_PORT="$REPLICA_PORT"
    stat_ports+=(--replica-port "$REPLICA_PORT")
    # The set-up's rows on the replica before the clock (it streams within milliseconds).
    for _ in $(seq 1 30); do
      [ "$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -d "$DB" -Atc \
          "SELECT count(*) FROM res_users WHERE login = 'xs_shop_load_000'")" = 1 ] && break
      sleep 1
    done
  fi
  start_nodes
  [ "$first" = 1 ] && run_overdue_crons -h 127.0.0.1 -p "$PG_PORT"
  first=0
  for port in "$PG_PORT" ${NODE_REPLICA_PORT:+"$REPLICA_PORT"}; do
    psql -h 127.0.0.1 -p "$port" -d "$DB" -Atqc "SELECT pg_stat_statements_reset()" >/dev/null
  done
  label="$NODES node(s) x $WORKERS workers and a cron worker behind nginx, replica $replica"
  log "shop load: $PEOPLE people for ${SECONDS_} s on $label, think ${XS_LOAD_THINK:-5} s"
  args=(--url "$URL" --db "$DB" --setup "$RUN_DIR/load_shop_setup.json" --seconds "$SECONDS_"
        --think "${XS_LOAD_THINK:-5}" --ramp "${XS_LOAD_RAMP:-60}" "${stat_ports[@]}"
        --report "$RUN_DIR/load-shop-${NODES}-${replica}.json")
  PGHOST=127.0.0.1 PGPORT="$PG_PORT" XS_LOAD_LABEL="$label" \
    "$VENV/bin/python" "$REPO/tests/load_shop.py" "${args[@]}" || rc=1
  report_nodes
  stop_nodes
done
exit "$rc"
