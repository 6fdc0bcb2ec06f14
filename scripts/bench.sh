#!/usr/bin/env bash
# Benchmark: a county-sized campaign (data/generate_benchmark.py; XS_BENCH_SIZE=province:
# data/generate_province.py, sizes XS_PROV_*) on top of the demo data in database XS_BENCH_DB
# (default xs_bench, recreated; XS_BENCH_REUSE=1 keeps it and its data). Then
# scripts/bench_ratios.py gives each return's seconds as a ratio to its floor (plain xlsxwriter,
# one SQL query, same run) with its peak memory and queries, and order confirmation as a ratio
# to core Odoo's dropship confirmation of the same orders; tests/benchmark.py times what users
# wait for against a real server. Sizes: XS_BENCH_DECLARATIONS, XS_BENCH_BUYERS, XS_BENCH_ORDERS.
source "$(dirname "$0")/lib.sh"
DB="${XS_BENCH_DB:-xs_bench}"
PORT="${XS_BENCH_PORT:-8179}"
setup_all
export PGPASSWORD="$DB_PASSWORD"
# Measure with the production profile's PostgreSQL setting (docker/docker-compose.prod.yml runs
# it with jit=off): libpq sends PGOPTIONS on every connection of these runs. With JIT on, the
# dashboard pivot at 100,000 order lines spends 3.5 of its 4.1 s compiling the query.
export PGOPTIONS="${PGOPTIONS:--c jit=off}"
if [ "${XS_BENCH_REUSE:-0}" != 1 ]; then
  dropdb -U "$DB_USER" --if-exists --force "$DB"
  log "creating $DB with the demo data"
  odoo_py "$REPO/scripts/create_db.py" "$DB" --demo -- \
    --addons-path="$(addons_path)" --db_host="$PGHOST" --db_port="$PGPORT" \
    --db_user="$DB_USER" --db_password="$DB_PASSWORD"
  odoo_bin -d "$DB" -i xs_consumption,xs_reporting --load-language=zh_CN --stop-after-init --log-level=warn >/dev/null
  generator="$REPO/data/generate_benchmark.py"
  [ "${XS_BENCH_SIZE:-county}" = province ] && generator="$REPO/data/generate_province.py"
  log "generating benchmark data ($generator)"
  # The generators load data/xs_data_common.py by its path (shell input has no import path).
  XS_DATA_DIR="$REPO/data" odoo_bin shell -d "$DB" --log-level=warn --no-http < "$generator"
fi
log "ratios to the floor and to core Odoo (scripts/bench_ratios.py)"
ratios_rc=0
odoo_bin shell -d "$DB" --log-level=warn --no-http < "$REPO/scripts/bench_ratios.py" || ratios_rc=$?
log "serving $DB on 127.0.0.1:$PORT"
# odoo-bin itself (not through odoo_bin, a function, which would run it in a subshell): the
# pid is the server's, and the exit trap stops that process only.
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$(addons_path)" --db_host="$PGHOST" \
  --db_port="$PGPORT" --db_user="$DB_USER" --db_password="$DB_PASSWORD" -d "$DB" \
  --db-filter="^${DB}\$" --http-interface=127.0.0.1 --http-port="$PORT" --log-level=warn &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/web/login" >/dev/null && break; sleep 2; done
cd "$REPO/tests"
XS_URL="http://127.0.0.1:$PORT" XS_DB="$DB" "$VENV/bin/python" benchmark.py
exit "$ratios_rc"
