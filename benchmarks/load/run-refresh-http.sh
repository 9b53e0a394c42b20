#!/usr/bin/env bash
# Refresh over HTTP beside the database's own limit, in one run: the example jar on PostgreSQL with
# the default pool (DB_POOL_SIZE 20 + DB_MAX_OVERFLOW 30), DEVICES devices logged in through the API
# (USERS users), wrk refreshing a random device per request; then pgbench running the same
# UPDATE ... RETURNING on the same table (ROWS sessions in all) as the floor. Prints both rates, their
# ratio and the service's RSS.
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
work=$(mktemp -d)
trap 'kill "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n') PORT=$PORT BCRYPT_COST=${BCRYPT_COST:-4} \
  REGISTRATIONS_PER_ADDRESS_PER_HOUR=1000000 \
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
for d in $(seq 1 "$DEVICES"); do
  u=$(( (d - 1) % USERS + 1 ))
  curl -fsS -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"load$u@example.com\",\"password\":\"load-test-password\",\"device_name\":\"device $d\"}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["refresh_token"])' >> "$work/tokens"
done
# The rest of the table, for pgbench (and for the service, the same table size): session g's
# refresh token is g left-padded with 'A', spread over the same users.
psql "$DATABASE_URL" -q -c "INSERT INTO refresh_tokens (id, user_id, token_hash, device_name, ip_address,
    user_agent, created_at, last_used_at, last_ip_address, expires_at)
  SELECT gen_random_uuid(), u.id, sha256(convert_to(lpad(g::text, 43, 'A'), 'UTF8')), 'Device ' || g,
    '203.0.113.7', 'load', now(), now(), '203.0.113.7', now() + interval '7 days'
  FROM generate_series(1, $ROWS - $DEVICES) g
  JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users) u ON u.n = g % $USERS" \
  -c "VACUUM ANALYZE refresh_tokens" -c "VACUUM ANALYZE users" -c CHECKPOINT

echo "== warm-up $WARMUP, then $DURATION: POST /api/auth/refresh, $DEVICES devices, $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s benchmarks/load/refresh-devices.lua "$base/api/auth/refresh" -- "$work/tokens" > /dev/null
http=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s benchmarks/load/refresh-devices.lua \
  "$base/api/auth/refresh" -- "$work/tokens")
echo "$http" | grep -E "Requests/sec|^ +50%|^ +99%|non-2xx|Socket errors"
rss=$(( $(ps -o rss= -p "$app") / 1024 ))
echo "RSS: $rss MB"
kill "$app"; wait "$app" 2>/dev/null || true

echo "== pgbench, the same statement on the same $ROWS sessions, $CONNECTIONS clients"
export PGOPTIONS="-c search_path=public"
pgbench -n -M prepared -c "$CONNECTIONS" -j 2 -D rows=$((ROWS - DEVICES)) -T 10 \
  -f benchmarks/load/refresh-http-touch.sql "$DATABASE_URL" > /dev/null
pg=$(pgbench -n -M prepared -c "$CONNECTIONS" -j 2 -D rows=$((ROWS - DEVICES)) -T "${DURATION%s}" \
  -f benchmarks/load/refresh-http-touch.sql "$DATABASE_URL" | awk '/^tps/ {print $3}')
echo "pgbench tps: $pg"
rate=$(echo "$http" | awk '/Requests\/sec/ {print $2}')
python3 -c "import sys; print('ratio: %.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$rate" "$pg"
