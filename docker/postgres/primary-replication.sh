#!/usr/bin/env bash
# Run once by the official postgres image when it initialises the primary's data
# (/docker-entrypoint-initdb.d): a role that may only stream the WAL, and the one pg_hba
# line that lets it (the image's own line, "host all all all", does not cover replication).
# A primary initialised before the replica was added: run the same two statements by hand
# (docker/README.md, "A read replica for the shop").
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
  -c "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD:?}'"
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
