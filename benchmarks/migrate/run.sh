#!/usr/bin/env bash
# Import benchmark: N guide-shaped users from the local MariaDB into PostgreSQL with
# latchkey-migrate.jar, beside the floor measured in the same run: the same rows piped
# `mariadb -B | psql \copy` into a bare table with no checks. Also the importer's peak heap at
# 10,000 and at N rows.
#
#   ./mvnw -q -pl auth-migrate -am package -DskipTests
#   benchmarks/migrate/run.sh [N]          # default 100000
#
# Needs MariaDB on 127.0.0.1:3306 (root, no password) and PostgreSQL on 127.0.0.1:5432
# (user postgres, password postgres); creates and drops the databases latchkey_bench_source and
# latchkey_bench_target. RUNS (default 3) sets how many times each side runs; the median counts.
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${1:-100000}
JAR=auth-migrate/target/latchkey-migrate.jar
SRC=latchkey_bench_source
DST=latchkey_bench_target
RUNS=${RUNS:-3}
[ -f "$JAR" ] || { echo "build first: ./mvnw -q -pl auth-migrate -am package -DskipTests" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

my() { mariadb -h 127.0.0.1 -uroot "$@"; }
pg() { PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
now() { date +%s.%N; }

fill_source() {
  local rows=$1
  my -e "DROP DATABASE IF EXISTS $SRC; CREATE DATABASE $SRC CHARACTER SET utf8mb4"
  my "$SRC" -e "
    CREATE TABLE users (
      id CHAR(36) PRIMARY KEY, real_name VARCHAR(100) NOT NULL, email VARCHAR(255) NOT NULL UNIQUE,
      phone_number VARCHAR(20), hashed_password VARCHAR(255) NOT NULL, is_active TINYINT(1) DEFAULT 1,
      created_at DATETIME DEFAULT CURRENT_TIMESTAMP, updated_at DATETIME NULL
    ) DEFAULT CHARSET=utf8mb4;
    INSERT INTO users (id, real_name, email, phone_number, hashed_password, is_active, created_at)
    SELECT UUID(), CONCAT('사용자 ', seq), CONCAT('user', seq, '@example.com'),
           IF(seq % 3 = 0, '', CONCAT('010-', LPAD(seq % 10000, 4, '0'), '-', LPAD(seq % 7919, 4, '0'))),
           CONCAT('\$2b\$12\$', LPAD(HEX(seq), 22, 'a'), 'abcdefghijklmnopqrstuvwxyz01234'),
           seq % 50 <> 0, TIMESTAMP('2024-01-01') + INTERVAL seq MINUTE
    FROM seq_1_to_$rows;"
}

fresh_target() {
  pg -d postgres -c "DROP DATABASE IF EXISTS $DST" -c "CREATE DATABASE $DST"
}

floor_once() {
  fresh_target
  pg -d "$DST" -c "CREATE TABLE bare (id text, real_name text, email text, phone_number text,
                   hashed_password text, is_active text, created_at text)"
  local start; start=$(now)
  my -B -N --raw "$SRC" -e "SELECT id, real_name, email, phone_number, hashed_password, is_active, created_at FROM users" \
    | pg -d "$DST" -c "\\copy bare FROM STDIN"
  echo "$(now) - $start" | bc
}

import_once() {
  local heap_log=$1
  fresh_target
  local start; start=$(now)
  java -Xlog:gc:file="$heap_log" -jar "$JAR" import-users \
      --from "mysql://root@127.0.0.1:3306/$SRC" \
      --to "postgresql://postgres:postgres@127.0.0.1:5432/$DST" >/dev/null 2>"$WORK/import.err" \
    || { cat "$WORK/import.err" >&2; exit 1; }
  echo "$(now) - $start" | bc
}

# The largest heap occupancy after a collection, in MB, from -Xlog:gc ("… 50M->12M(256M) …").
peak_heap() {
  grep -o '[0-9]*M->[0-9]*M' "$1" | sed 's/.*->\([0-9]*\)M/\1/' | sort -n | tail -1
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "rows: $N; runs: $RUNS (median)"
fill_source "$N"
floors=(); imports=()
for i in $(seq 1 "$RUNS"); do
  floors+=("$(floor_once)")
  imports+=("$(import_once "$WORK/gc-$N.log")")
done
floor=$(printf '%s\n' "${floors[@]}" | median)
import=$(printf '%s\n' "${imports[@]}" | median)
printf 'floor  (mariadb -B | psql \\copy): %.2f s   runs: %s\n' "$floor" "${floors[*]}"
printf 'import (java -jar, JVM start incl.): %.2f s   runs: %s\n' "$import" "${imports[*]}"
printf 'ratio: %.1fx   import rate: %.0f rows/s\n' "$(echo "$import / $floor" | bc -l)" "$(echo "$N / $import" | bc -l)"
echo "users in target: $(pg -d "$DST" -c 'SELECT count(*) FROM users')"
heap_n=$(peak_heap "$WORK/gc-$N.log")

fill_source 10000
import_once "$WORK/gc-10000.log" >/dev/null
heap_10k=$(peak_heap "$WORK/gc-10000.log")
echo "peak heap after GC: ${heap_10k} MB at 10,000 rows, ${heap_n} MB at $N rows"

my -e "DROP DATABASE $SRC"
pg -d postgres -c "DROP DATABASE $DST"
