#!/usr/bin/env bash
# Refresh over HTTP beside the database's own limit, in one run: the example jar on PostgreSQL with
# the default pool (DB_POOL_SIZE 20 + DB_MAX_OVERFLOW 30), DEVICES devices logged in through the API
# (USERS users), wrk refreshing a random device per request; then pgbench running the transaction a
# refresh is for the database, one per refresh, on the same table (ROWS sessions in all), as the
# floor. Prints both rates, their ratio, CPU per refresh on each side and the service's RSS.
# ROTATION=true turns refresh token rotation on: each device then presents the successor it was last
# given (a second set of devices is logged in for the measured run), and pgbench rotates.
# Needs: the built jar (./mvnw -q package -DskipTests), wrk, pgbench, psql, an empty PostgreSQL database.
#   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/latchkey_http JAVA_OPTS=-Xmx128m \
#     benchmarks/load/run-refresh-http.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to an empty PostgreSQL database}"
PORT=${PORT:-8094}
USERS=${USERS:-64}
DEVICES=${DEVICES:-256}
ROWS=${ROWS:-100000}
CONNECTIONS=${CONNECTIONS:-16}
WARMUP=${WARMUP:-80s}
DURATION=${DURATION:-30s}
ROTATION=${ROTATION:-false}
work=$(mktemp -d)
trap 'kill "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n') PORT=$PORT BCRYPT_COST=${BCRYPT_COST:-4} \
  REGISTRATIONS_PER_ADDRESS_PER_HOUR=1000000 REFRESH_TOKEN_ROTATION=$ROTATION \
  java ${JAVA_OPTS:--Xmx128m} -jar examples/target/latchkey-example.jar > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 60); do grep -qs "Latchkey example on" "$work/app.log" && break; sleep 0.5; done
grep "Latchkey example on" "$work/app.log"
base=http://127.0.0.1:$PORT

# The devices: USERS users, each logged in DEVICES/USERS times (a session per login).
for u in $(seq 1 "$USERS"); do
  curl -fsS -o /dev/null -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
    -d "{\"real_name\":\"Load $u\",\"email\":\"load$u@example.com\",\"password\":\"load-test-password\"}"
done
login_devices() {
  for d in $(seq 1 "$DEVICES"); do
    u=$(( (d - 1) % USERS + 1 ))
    curl -fsS -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"load$u@example.com\",\"password\":\"load-test-password\",\"device_name\":\"device $d\"}" \
      | python3 -c 'import json, sys; print(json.load(sys.stdin)["refresh_token"])' >> "$1"
  done
}
login_devices "$work/tokens"
if [ "$ROTATION" = true ]; then
  # Rotation replaces every token the warm-up presents: the measured run gets devices of its own.
  login_devices "$work/tokens-measured"
  script=(-s benchmarks/load/refresh-rotate-devices.lua)
  args=(2)
  pgbench_sql=benchmarks/load/refresh-http-rotate.sql
  logged_in=$(( 2 * DEVICES ))
else
  cp "$work/tokens" "$work/tokens-measured"
  script=(-s benchmarks/load/refresh-devices.lua)
  args=()
  pgbench_sql=benchmarks/load/refresh-http-touch.sql
  logged_in=$DEVICES
fi
# The rest of the table, for pgbench (and for the service, the same table size): session g's
# refresh token is g left-padded with 'A', spread over the same users.
psql "$DATABASE_URL" -q -c "INSERT INTO refresh_tokens (id, user_id, token_hash, device_name, ip_address,
    user_agent, created_at, last_used_at, last_ip_address, expires_at)
  SELECT gen_random_uuid(), u.id, sha256(convert_to(lpad(g::text, 43, 'A'), 'UTF8')), 'Device ' || g,
    '203.0.113.7', 'load', now(), now(), '203.0.113.7', now() + interval '7 days'
  FROM generate_series(1, $ROWS - $logged_in) g
  JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users) u ON u.n = g % $USERS" \
  -c "CREATE TABLE bench_map AS SELECT g, s.id FROM generate_series(1, $ROWS - $logged_in) g
        JOIN refresh_tokens s ON s.token_hash = sha256(convert_to(lpad(g::text, 43, 'A'), 'UTF8'))" \
  -c "ALTER TABLE bench_map ADD PRIMARY KEY (g)" \
  -c "VACUUM ANALYZE refresh_tokens" -c "VACUUM ANALYZE users" -c "VACUUM ANALYZE bench_map" -c CHECKPOINT

echo "== warm-up $WARMUP, then $DURATION: POST /api/auth/refresh, rotation $ROTATION, $DEVICES devices, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${script[@]}" "$base/api/auth/refresh" -- "$work/tokens" "${args[@]}" > /dev/null
# CPU time (clock ticks, user + system) of the service and of every PostgreSQL process, before and
# after the measured run: what a refresh costs each side.
ticks() { cat /proc/$1/stat 2>/dev/null | awk '{print $14 + $15}' || echo 0; }
# PostgreSQL: its live processes, plus what the postmaster's ended children (pgbench's connections) used.
pg_ticks() {
  local t=0; for p in $(pgrep -x postgres); do t=$(( t + $(ticks "$p") )); done
  echo $(( t + $(awk '{print $16 + $17}' "/proc/$(pgrep -o -x postgres)/stat") ))
}
app0=$(ticks "$app"); pg0=$(pg_ticks); wall0=$(date +%s%N)
http=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${script[@]}" \
  "$base/api/auth/refresh" -- "$work/tokens-measured" "${args[@]}")
app1=$(ticks "$app"); pg1=$(pg_ticks); wall1=$(date +%s%N)
echo "$http" | grep -E "Requests/sec|^ +50%|^ +99%|non-2xx|Socket errors"
requests=$(echo "$http" | awk '/requests in/ {print $1}')
python3 -c "import sys, os
hz = os.sysconf('SC_CLK_TCK'); n = int(sys.argv[5]); wall = (int(sys.argv[6]) - int(sys.argv[7])) / 1e9
app, pg = (int(sys.argv[1]) - int(sys.argv[2])) / hz, (int(sys.argv[3]) - int(sys.argv[4])) / hz
print('CPU per refresh: service %.0f us, PostgreSQL %.0f us (cores busy: service %.2f, PostgreSQL %.2f)'
      % (app / n * 1e6, pg / n * 1e6, app / wall, pg / wall))" \
  "$app1" "$app0" "$pg1" "$pg0" "$requests" "$wall1" "$wall0"
rss=$(( $(ps -o rss= -p "$app") / 1024 ))
echo "RSS: $rss MB"
kill "$app"; wait "$app" 2>/dev/null || true

echo "== pgbench, $(basename "$pgbench_sql") on the same $ROWS sessions, $CONNECTIONS clients"
export PGOPTIONS="-c search_path=public"
pgbench -n -M prepared -c "$CONNECTIONS" -j 2 -D rows=$((ROWS - logged_in)) -T 10 \
  -f "$pgbench_sql" "$DATABASE_URL" > /dev/null
pg0=$(pg_ticks)
bench=$(pgbench -n -M prepared -c "$CONNECTIONS" -j 2 -D rows=$((ROWS - logged_in)) -T "${DURATION%s}" \
  -f "$pgbench_sql" "$DATABASE_URL")
pg1=$(pg_ticks)
pg=$(echo "$bench" | awk '/^tps/ {print $3}')
echo "pgbench tps: $pg"
python3 -c "import sys, os
n = int(sys.argv[3]); print('CPU per transaction: PostgreSQL %.0f us' % ((int(sys.argv[1]) - int(sys.argv[2])) / os.sysconf('SC_CLK_TCK') / n * 1e6))" \
  "$pg1" "$pg0" "$(echo "$bench" | awk '/number of transactions actually processed/ {print $NF}' | cut -d/ -f1)"
rate=$(echo "$http" | awk '/Requests\/sec/ {print $2}')
python3 -c "import sys; print('ratio: %.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$rate" "$pg"
