#!/usr/bin/env bash
# Run all tests: lint (pre-commit), the addons' tests through Odoo's runner on a fresh
# throw-away database (tours in headless Chromium included), then the end-to-end pytest
# suite under tests/ against a real Odoo server on 127.0.0.1 serving that database.
# Ends with the line "N passed, N failed"; exits non-zero on any failure, error or skip.
source "$(dirname "$0")/lib.sh"
setup_all
# XS_RUN_DIR: where logs go (default .run/); give each concurrent run its own, with its own
# XS_TEST_HTTP_PORT.
RUN_DIR="${XS_RUN_DIR:-$REPO/.run}"; mkdir -p "$RUN_DIR"
DB="xs_test_$(date +%s)_$$"
HTTP_PORT="${XS_TEST_HTTP_PORT:-8169}"
export PGPASSWORD="$DB_PASSWORD"
SERVER_PID=""
PLAIN_PID=""
PLAIN_DB="${DB}_plain"
SHOP_DB="${DB}_shop"
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "$PLAIN_PID" ] && kill "$PLAIN_PID" 2>/dev/null && wait "$PLAIN_PID" 2>/dev/null
  dropdb -U "$DB_USER" --if-exists "$PLAIN_DB" 2>/dev/null || true
  [ "${XS_KEEP_DB:-0}" = 1 ] || dropdb -U "$DB_USER" --if-exists "$SHOP_DB" 2>/dev/null || true
  [ "${XS_KEEP_DB:-0}" = 1 ] || dropdb -U "$DB_USER" --if-exists "$DB" 2>/dev/null || true
}
trap cleanup EXIT

# A plain database, as OCA's CI and most hosts make them (no country, no demo data): the
# addons install on it (R21's exempt taxes come with the chart of accounts Odoo picks).
# Runs beside the lint; counts as one test. XS_SKIP_PLAIN=1 leaves it out.
if [ "${XS_SKIP_PLAIN:-0}" != 1 ]; then
  log "plain install: $PLAIN_DB, no country, no demo (log: plain-install.log)"
  odoo_bin -d "$PLAIN_DB" -i xs_consumption,xs_reporting --without-demo=all --no-http \
    --stop-after-init --max-cron-threads=0 --log-level=warn >"$RUN_DIR/plain-install.log" 2>&1 &
  PLAIN_PID=$!
fi

lint_failed=0
if [ "${XS_SKIP_LINT:-0}" != 1 ]; then
  log "lint: pre-commit run --all-files"
  (cd "$REPO" && PATH="$VENV/bin:$PATH" pre-commit run --all-files --show-diff-on-failure) || lint_failed=1
fi

odoo_opts=(--addons-path="$(addons_path)" --db_host="$PGHOST" --db_port="$PGPORT"
           --db_user="$DB_USER" --db_password="$DB_PASSWORD")
log "creating test database $DB (country CN, demo data)"
odoo_py "$REPO/scripts/create_db.py" "$DB" --demo --lang=en_US -- "${odoo_opts[@]}" --log-level=warn

log "Odoo tests of xs_consumption, xs_reporting (log: .run/odoo-tests.log)"
TAGS="${XS_TEST_TAGS:-/xs_consumption,/xs_reporting}"
odoo_py "$REPO/scripts/odoo_tests.py" "$RUN_DIR/odoo-tests.json" -- "${odoo_opts[@]}" \
  -d "$DB" -i xs_consumption,xs_reporting --load-language=zh_CN --test-enable --test-tags "$TAGS" \
  --stop-after-init --http-port="$HTTP_PORT" --log-level=test --max-cron-threads=0 \
  2>&1 | tee "$RUN_DIR/odoo-tests.log" | grep -E " (ERROR|CRITICAL|WARNING) |FAIL:|skipped |post-tests in|tests when loading| Ran [0-9]+ test" || true
read -r o_rc o_run o_failed o_errors o_skipped < <("$VENV/bin/python" -c '
import json,sys; c=json.load(open(sys.argv[1])); print(c["rc"],c["run"],c["failed"],c["errors"],c["skipped"])' "$RUN_DIR/odoo-tests.json")
log "Odoo: $o_run run, $o_failed failed, $o_errors errors, $o_skipped skipped (rc $o_rc)"

# The shop (xs_shop, R27) on a database of its own, made the same way: it installs
# website_sale, and a website serves the portal pages in its own languages (URLs prefixed
# with the language when it is not the website's default), which the other addons' tests
# need not know about. Full runs only, or when XS_SHOP_TEST_TAGS is given; XS_SKIP_SHOP=1
# leaves it out.
s_pass=0; s_bad=0
if [ "${XS_SKIP_SHOP:-0}" != 1 ] && { [ -z "${XS_TEST_TAGS:-}" ] || [ -n "${XS_SHOP_TEST_TAGS:-}" ]; }; then
  log "creating test database $SHOP_DB (country CN, demo data) for xs_shop"
  odoo_py "$REPO/scripts/create_db.py" "$SHOP_DB" --demo --lang=en_US \
    --modules=xs_consumption,xs_reporting,xs_shop -- "${odoo_opts[@]}" --log-level=warn
  log "Odoo tests of xs_shop (log: .run/odoo-tests-shop.log)"
  odoo_py "$REPO/scripts/odoo_tests.py" "$RUN_DIR/odoo-tests-shop.json" -- "${odoo_opts[@]}" \
    -d "$SHOP_DB" -i xs_consumption,xs_reporting,xs_shop --load-language=zh_CN --test-enable \
    --test-tags "${XS_SHOP_TEST_TAGS:-/xs_shop}" --stop-after-init --http-port="$HTTP_PORT" \
    --log-level=test --max-cron-threads=0 \
    2>&1 | tee "$RUN_DIR/odoo-tests-shop.log" | grep -E " (ERROR|CRITICAL) |FAIL:|skipped |post-tests in|tests when loading" || true
  read -r s_rc s_run s_failed s_errors s_skipped < <("$VENV/bin/python" -c '
import json,sys; c=json.load(open(sys.argv[1])); print(c["rc"],c["run"],c["failed"],c["errors"],c["skipped"])' "$RUN_DIR/odoo-tests-shop.json")
  log "Odoo (xs_shop): $s_run run, $s_failed failed, $s_errors errors, $s_skipped skipped (rc $s_rc)"
  s_bad=$((s_failed + s_errors + s_skipped))
  [ "$s_rc" != 0 ] && [ "$s_bad" = 0 ] && s_bad=1
  [ "$s_run" = 0 ] && s_bad=$((s_bad + 1))
  s_pass=$((s_run - s_failed - s_errors - s_skipped))
  # The shop's load at a small size (scripts/load_shop.sh; by hand at full size): two nodes
  # behind nginx reading from a streaming replica, people buying the last units and core's
  # checkout beside them. Counts as one test.
  if [ "${XS_SKIP_LOAD:-0}" != 1 ]; then
    if XS_RUN_DIR="$RUN_DIR" XS_LOAD_PORT="$((HTTP_PORT + 11))" XS_LOAD_CONFIGS="2:on" \
      XS_LOAD_WORKERS=2 XS_LOAD_PEOPLE="${XS_SHOP_LOAD_PEOPLE:-20}" XS_LOAD_SECONDS=10 \
      XS_LOAD_THINK=1 XS_LOAD_RAMP=5 XS_LOAD_SCARCE_QTY=5 bash "$REPO/scripts/load_shop.sh" "$SHOP_DB"; then
      s_pass=$((s_pass + 1))
    else
      s_bad=$((s_bad + 1))
    fi
  fi
  [ "${XS_KEEP_DB:-0}" = 1 ] || dropdb -U "$DB_USER" --if-exists "$SHOP_DB" 2>/dev/null || true
fi

p_tests=0; p_bad=0
if [ "${XS_SKIP_E2E:-0}" != 1 ]; then
  log "end-to-end: starting Odoo on 127.0.0.1:$HTTP_PORT for tests/"
  # One cron thread, as in production: a portal order's sellers' purchase orders are made by
  # the scheduled job its trigger wakes (tests/test_e2e_campaign.py waits for them).
  "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "${odoo_opts[@]}" -d "$DB" --db-filter="^${DB}\$" \
    --http-interface=127.0.0.1 --http-port="$HTTP_PORT" --max-cron-threads=1 --log-level=warn \
    >"$RUN_DIR/odoo-e2e.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$HTTP_PORT/web/health" >/dev/null && break; sleep 1; done
  XS_URL="http://127.0.0.1:$HTTP_PORT" XS_DB="$DB" "$VENV/bin/pytest" -q -p no:cacheprovider \
    --junitxml="$RUN_DIR/pytest.xml" "$REPO/tests" || true
  read -r p_tests p_bad < <("$VENV/bin/python" -c '
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot(); s = r if r.tag == "testsuite" else r[0]
t, f, e, k = (int(s.get(x, 0)) for x in ("tests", "failures", "errors", "skipped"))
print(t, f + e + k)' "$RUN_DIR/pytest.xml" 2>/dev/null || echo "0 1")
  # Load at a small size: two prefork nodes behind nginx, buyers ordering the same scarce
  # entry back to back (think time 0, the stress mode, after the warm-up round;
  # scripts/load.sh; by hand at full size). Counts as one test.
  if [ "${XS_SKIP_LOAD:-0}" != 1 ]; then
    kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
    if XS_RUN_DIR="$RUN_DIR" XS_LOAD_PORT="$((HTTP_PORT + 1))" XS_LOAD_NODES=2 XS_LOAD_WORKERS=2 \
      XS_LOAD_BUYERS="${XS_LOAD_BUYERS:-8}" XS_LOAD_SECONDS="${XS_LOAD_SECONDS:-8}" \
      XS_LOAD_SCARCE_QTY=5 XS_LOAD_THINK="${XS_LOAD_THINK:-0}" bash "$REPO/scripts/load.sh" "$DB"; then
      p_tests=$((p_tests + 1))
    else
      p_tests=$((p_tests + 1)); p_bad=$((p_bad + 1))
    fi
  fi
fi

plain_tests=0; plain_bad=0
if [ -n "$PLAIN_PID" ]; then
  plain_rc=0; wait "$PLAIN_PID" || plain_rc=$?; PLAIN_PID=""
  installed="$(psql -U "$DB_USER" -d "$PLAIN_DB" -tAc "SELECT count(*) FROM ir_module_module
    WHERE name IN ('xs_consumption', 'xs_reporting') AND state = 'installed'" 2>/dev/null || true)"
  taxes="$(psql -U "$DB_USER" -d "$PLAIN_DB" -tAc "SELECT count(*) FROM ir_model_data
    WHERE module = 'account' AND name LIKE '%_xs_tax_exempt_%' AND model = 'account.tax'" 2>/dev/null || true)"
  plain_tests=1
  if [ "$plain_rc" != 0 ] || [ "$installed" != 2 ] || [ "$taxes" != 2 ] \
     || grep -qE " (ERROR|CRITICAL) " "$RUN_DIR/plain-install.log"; then
    plain_bad=1
    log "plain install FAILED (rc $plain_rc, $installed of 2 addons installed, $taxes exempt taxes; see plain-install.log)"
    grep -E " (ERROR|CRITICAL) " "$RUN_DIR/plain-install.log" | head -5 >&2 || true
  else
    log "plain install: both addons installed, exempt taxes on the chart"
  fi
fi

o_bad=$((o_failed + o_errors + o_skipped))
[ "$o_rc" != 0 ] && [ "$o_bad" = 0 ] && o_bad=1   # the install itself failed
[ "$o_run" = 0 ] && o_bad=$((o_bad + 1))           # a run without tests is a failure
passed=$((o_run - o_failed - o_errors - o_skipped + p_tests - p_bad + plain_tests - plain_bad + s_pass))
failed=$((o_bad + p_bad + plain_bad + s_bad + lint_failed))
[ "$lint_failed" = 1 ] && log "lint failed (see pre-commit output above)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
