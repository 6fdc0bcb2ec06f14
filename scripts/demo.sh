#!/usr/bin/env bash
# Run the demo: Odoo 18 with our addons and the Xiushan demo data on http://localhost:8069.
# Creates the database on the first run and reuses it afterwards (XS_DB, default "xiushan").
# XS_DEMO_RESET=1 drops and recreates it. Extra arguments are passed to odoo-bin.
source "$(dirname "$0")/lib.sh"
DB="${XS_DB:-xiushan}"
HTTP_PORT="${XS_HTTP_PORT:-8069}"
setup_all

db_exists() { psql -U "$DB_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1; }
export PGPASSWORD="$DB_PASSWORD"
if [ "${XS_DEMO_RESET:-0}" = 1 ] && db_exists "$DB"; then
  log "dropping database $DB"; dropdb -U "$DB_USER" "$DB"
fi
if ! db_exists "$DB"; then
  log "creating database $DB (country CN, zh_CN, demo data)"
  odoo_py "$REPO/scripts/create_db.py" "$DB" --demo --modules=xs_consumption,xs_reporting,xs_shop -- \
    --addons-path="$(addons_path)" --db_host="$PGHOST" --db_port="$PGPORT" \
    --db_user="$DB_USER" --db_password="$DB_PASSWORD"
  log "installing xs_consumption, xs_reporting and xs_shop"
  odoo_bin -d "$DB" -i xs_consumption,xs_reporting,xs_shop --load-language=zh_CN --stop-after-init --log-level=warn
else
  log "updating our addons in $DB"
  # A dependency our addons gained since comes without Odoo's samples, as at creation.
  odoo_py "$REPO/scripts/create_db.py" "$DB" --demo --modules=xs_consumption,xs_reporting,xs_shop \
    --deps-only -- --addons-path="$(addons_path)" --db_host="$PGHOST" --db_port="$PGPORT" \
    --db_user="$DB_USER" --db_password="$DB_PASSWORD"
  odoo_bin -d "$DB" -u xs_consumption,xs_reporting,xs_shop -i xs_shop --stop-after-init --log-level=warn
fi

# Where the demo's e-mails go: a local catch-all (scripts/mail_sink.py) keeps each one as a
# file under .run/demo-mail/ (index.log lists them); nothing leaves the machine. A county
# sets its real outgoing server instead (README.md, "Outgoing mail").
MAIL_PORT="${XS_MAIL_PORT:-2525}"
MAIL_DIR="$REPO/.run/demo-mail"
"$VENV/bin/python" "$REPO/scripts/mail_sink.py" "$MAIL_DIR" "$MAIL_PORT" &
MAIL_PID=$!
trap 'kill "$MAIL_PID" 2>/dev/null || true' EXIT

cat >&2 <<TXT

  Odoo is starting on http://localhost:$HTTP_PORT  (database: $DB)
  Log in as  admin / admin            (administrator, Chinese UI)
  or as a demo user of README.md ("Demo users"), password: demo
  The county's shop: http://localhost:$HTTP_PORT/shop  (a resident: resident / demo)
  E-mails it sends are kept in $MAIL_DIR (index.log lists them).
  Stop with Ctrl-C.

TXT
odoo_bin -d "$DB" --db-filter="^${DB}\$" --http-port="$HTTP_PORT" \
  --smtp=127.0.0.1 --smtp-port="$MAIL_PORT" "$@"
