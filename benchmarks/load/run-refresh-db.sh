#!/usr/bin/env bash
# Refresh through auth-jdbi (RefreshLoad) beside pgbench running the same SQL, on the same seeded
# sessions, each after the same warm-up. Prints both rates, p50/p99 (pgbench's from its
# per-transaction log) and PostgreSQL's full-page images and blocks read per transaction.
# Needs: the built benchmarks jar (./mvnw -q package -DskipTests), pgbench, a PostgreSQL database.
#   benchmarks/load/run-refresh-db.sh ROWS WARM_UP_SECONDS SECONDS ROTATION(true|false)
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (defaults: 127.0.0.1, 5432, postgres,
# postgres, latchkey_test).
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:?ROWS}; warm=${2:?WARM_UP_SECONDS}; seconds=${3:?SECONDS}; rotation=${4:?ROTATION}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGPASSWORD=${PGPASSWORD:-postgres} PGDATABASE=${PGDATABASE:-latchkey_test}
url="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?user=$PGUSER&password=$PGPASSWORD"
load() { java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.RefreshLoad "$url" "$rows" 8 "$@"; }
sql() { psql -q -v ON_ERROR_STOP=1 "$@"; }
counters() { psql -Atc "SELECT (SELECT wal_fpi FROM pg_stat_wal), (SELECT blks_read FROM pg_stat_database
  WHERE datname = current_database())" | tr '|' ' '; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== Latchkey: rotation=$rotation, $rows sessions, $warm s warm-up, $seconds s measured"
load 1 "$rotation" seed-only
sql -c "VACUUM ANALYZE latchkey_bench.refresh_tokens" -c CHECKPOINT
load "$seconds" "$rotation" reuse "$warm"

echo "== pgbench, the same SQL"
if [ "$rotation" = true ]; then
  # Fresh sessions, and a map from each session's number to its id for refresh-rotate.sql.
  load 1 true seed-only
  sql -c "CREATE TABLE latchkey_bench.bench_map AS SELECT g, r.id FROM generate_series(1, $rows) g
            JOIN latchkey_bench.refresh_tokens r ON r.token_hash = sha256(convert_to(lpad(g::text, 43, 'A'), 'UTF8'))" \
      -c "CREATE UNIQUE INDEX ON latchkey_bench.bench_map (g)" -c "VACUUM ANALYZE latchkey_bench.bench_map"
  script=$PWD/benchmarks/load/refresh-rotate.sql
else
  script=$PWD/benchmarks/load/refresh-touch.sql
fi
sql -c "VACUUM ANALYZE latchkey_bench.refresh_tokens" -c CHECKPOINT
export PGOPTIONS="-c search_path=latchkey_bench"
bench() { pgbench -n -M prepared -c 8 -j 2 -D rows="$rows" -f "$script" "$@"; }
bench -T "$warm" > /dev/null
read -r fpi0 read0 < <(counters)
(cd "$work" && bench -T "$seconds" -l --log-prefix=tx) | grep -E "^tps|actually processed"
read -r fpi1 read1 < <(counters)
cat "$work"/tx.* | awk '{print $3}' | sort -n > "$work/latency"
n=$(wc -l < "$work/latency")
awk -v n="$n" -v fpi=$((fpi1 - fpi0)) -v rd=$((read1 - read0)) \
  'NR == int(n / 2) {p50 = $1} NR == int(n * 0.99) {p99 = $1}
   END {printf "pgbench p50 %.2f ms, p99 %.2f ms; %.2f WAL full-page images and %.2f blocks read per transaction\n",
        p50 / 1000, p99 / 1000, fpi / n, rd / n}' "$work/latency"
[ "$rotation" = true ] && sql -c "DROP TABLE latchkey_bench.bench_map"
exit 0
