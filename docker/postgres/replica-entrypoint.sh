#!/usr/bin/env bash
# The read replica (docker-compose.replica.yml): on first start, a base backup of the
# primary that streams from it from then on (-R writes primary_conninfo and standby.signal);
# then the official image's entrypoint starts PostgreSQL as a hot standby.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h db -U replicator \
        -D "$PGDATA" -R -X stream -c fast; do
    echo "waiting for the primary to accept the replica..."; sleep 5
  done
  chmod 700 "$PGDATA"
fi
exec docker-entrypoint.sh "$@"
