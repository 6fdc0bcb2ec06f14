# shellcheck shell=bash
# Shared set-up for scripts/demo.sh and scripts/test.sh. Idempotent: every step checks
# first and does only what is missing, so a second run costs seconds.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Odoo 18.0 source: a directory, or a URL of a source tarball. Never inside this repository.
# Unset: /opt/odoo where it exists, else Odoo's official 18.0 source archive (downloaded once).
ODOO_DEFAULT_DIR=/opt/odoo
ODOO_OFFICIAL_TARBALL="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
if [ -z "${ODOO_SRC:-}" ]; then
  if [ -d "$ODOO_DEFAULT_DIR" ]; then ODOO_SRC="$ODOO_DEFAULT_DIR"; else ODOO_SRC="$ODOO_OFFICIAL_TARBALL"; fi
fi
XS_HOME="${XS_HOME:-$HOME/.cache/xiushan}"
VENV="${XS_VENV:-$XS_HOME/venv}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
DB_USER="${XS_DB_USER:-odoo}"
DB_PASSWORD="${XS_DB_PASSWORD:-odoo}"
export PGHOST PGPORT

log() { printf '\033[1m[xs]\033[0m %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_odoo_src() {
  case "$ODOO_SRC" in
    http://*|https://*)
      local dest="$XS_HOME/odoo-src"
      if [ ! -f "$dest/odoo-bin" ]; then
        log "no Odoo source at $ODOO_DEFAULT_DIR and ODOO_SRC unset or a URL: downloading $ODOO_SRC"
        command -v curl >/dev/null || apt_install curl ca-certificates
        rm -rf "$dest.part" && mkdir -p "$dest.part"
        curl -fsSL "$ODOO_SRC" | tar -xz -C "$dest.part" --strip-components=1
        rm -rf "$dest" && mv "$dest.part" "$dest"
      fi
      ODOO_SRC="$dest" ;;
  esac
  if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
    log "no Odoo 18.0 source at ODOO_SRC=$ODOO_SRC (see README: 'Odoo source')"; exit 2
  fi
  if ! grep -q "^version_info = (18, 0" "$ODOO_SRC/odoo/release.py"; then
    log "ODOO_SRC=$ODOO_SRC is not Odoo 18.0"; exit 2
  fi
  case "$ODOO_SRC" in "$REPO"/*) log "ODOO_SRC must live outside the repository"; exit 2;; esac
}

apt_install() {
  # $@: Debian packages; installs those that are missing.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_system_packages() {
  # nginx: the reverse proxy of the load test (scripts/load.sh), as in docker/.
  # wkhtmltopdf renders every PDF (orders, purchase orders, invoices) with the CJK fonts;
  # poppler-utils (pdftotext, pdffonts) reads them back in the tests.
  # fonts-wqy-zenhei: the formal documents' CJK font (their text copies as typed).
  apt_install postgresql chromium fonts-noto-cjk fonts-wqy-zenhei python3-venv nginx wkhtmltopdf poppler-utils
}

ensure_venv() {
  local stamp_src stamp
  stamp_src="$(cat "$ODOO_SRC/requirements.txt" "$REPO/requirements.txt" "$REPO/requirements-addons.txt" | sha1sum | cut -c1-12)"
  stamp="$VENV/.xs-stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_src" ]; then ensure_gevent_plugins; return 0; fi
  log "preparing Python environment in $VENV"
  local py="${PYTHON:-python3}"
  [ -x "$VENV/bin/python" ] || "$py" -m venv "$VENV"
  local tmp; tmp="$(mktemp -d)"
  # Some of Odoo's pinned sdists import pkg_resources at build time, gone in setuptools 81.
  echo 'setuptools<81' > "$tmp/constraints.txt"
  # python-ldap is only for auth_ldap and needs LDAP headers: left out.
  grep -v '^python-ldap' "$ODOO_SRC/requirements.txt" > "$tmp/odoo-requirements.txt"
  PIP_CONSTRAINT="$tmp/constraints.txt" "$VENV/bin/pip" install -q --disable-pip-version-check \
    -r "$tmp/odoo-requirements.txt" -r "$REPO/requirements.txt"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$REPO/requirements-addons.txt"
  rm -rf "$tmp"
  ensure_gevent_plugins
  echo "$stamp_src" > "$stamp"
}

ensure_gevent_plugins() {
  # With --workers Odoo serves the websocket from a gevent process, and gevent checks its
  # requirements through pkg_resources at start. The venv's own setuptools is too old to
  # find wheels with normalised names (zope_interface-*.dist-info): the process would die
  # and respawn for ever. A newer one (with pkg_resources still in it) reads them.
  "$VENV/bin/python" -W ignore -c "import pkg_resources; pkg_resources.require('gevent')" \
    2>/dev/null && return 0
  log "updating setuptools in $VENV (gevent's plugins)"
  "$VENV/bin/pip" install -q --disable-pip-version-check 'setuptools>=75,<81'
}

addons_path() {
  # Our addons, Odoo's, and the OCA addons pip put in the venv's odoo/addons namespace.
  local site
  site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$REPO/addons,$site/odoo/addons,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons"
}

ensure_postgres() {
  if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    log "starting PostgreSQL"
    if command -v pg_lsclusters >/dev/null && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
      local ver name
      read -r ver name _ < <(pg_lsclusters -h | head -1)
      as_root pg_ctlcluster "$ver" "$name" start || true
    else
      as_root service postgresql start
    fi
    for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || { log "PostgreSQL did not start"; exit 2; }
  fi
  # Odoo refuses to run as the postgres superuser: a dedicated role that may create databases.
  # (over the local socket: peer authentication as the postgres system user)
  local psql_pg=(as_root su postgres -c)
  if ! "${psql_pg[@]}" "env -u PGHOST psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'\"" | grep -q 1; then
    log "creating PostgreSQL role $DB_USER"
    "${psql_pg[@]}" "env -u PGHOST psql -qc \"CREATE ROLE \\\"$DB_USER\\\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'\""
  fi
}

odoo_py() {
  # Runs a Python script of ours with Odoo importable.
  PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" "$VENV/bin/python" "$@"
}

odoo_bin() {
  # Runs odoo-bin from the venv with our connection settings; extra args pass through.
  # A subcommand (shell) must come first: odoo_bin shell -d DB ...
  local cmd=()
  if [ "${1:-}" = shell ]; then cmd=(shell); shift; fi
  "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "${cmd[@]}" \
    --addons-path="$(addons_path)" \
    --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$DB_USER" --db_password="$DB_PASSWORD" \
    "$@"
}

setup_all() {
  ensure_odoo_src
  ensure_system_packages
  ensure_postgres
  ensure_venv
}
