#!/usr/bin/env bash
# Load runs of the example jar on PostgreSQL, over loopback only, each bounded in time:
# a protected GET with a valid token, POST /api/auth/refresh, POST /api/auth/login.
# Needs: the built jar (./mvnw -q package -DskipTests), wrk, a PostgreSQL database.
#   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/latchkey_load benchmarks/load/run-http-load.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to an empty PostgreSQL database}"
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-8090}
SESSIONS=${SESSIONS:-10000}
work=$(mktemp -d)
trap 'kill "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n') PORT=$PORT DB_POOL_SIZE=${DB_POOL_SIZE:-8} DB_MAX_OVERFLOW=0 \
  java ${JAVA_OPTS:-} -jar examples/target/latchkey-example.jar > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 60); do grep -qs "Latchkey example on" "$work/app.log" && break; sleep 0.5; done
base=http://127.0.0.1:$PORT
curl -fsS -o /dev/null -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
  -d '{"real_name":"Load","email":"load@example.com","password":"load-test-password"}' || true
# Sessions for the refresh run, seeded in one statement rather than through the API.
psql "$DATABASE_URL" -q -c "INSERT INTO refresh_tokens (id, user_id, token_hash, device_name, ip_address,
    user_agent, created_at, last_used_at, last_ip_address, expires_at)
  SELECT gen_random_uuid(), u.id, sha256(convert_to(lpad(g::text, 43, 'A'), 'UTF8')), 'Device ' || g,
    '203.0.113.7', 'load', now(), now(), '203.0.113.7', now() + interval '7 days'
  FROM generate_series(1, $SESSIONS) g, users u WHERE u.email = 'load@example.com'" -c "VACUUM ANALYZE refresh_tokens"
curl -fsS -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"load@example.com","password":"load-test-password"}' > "$work/login.json"
access=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$work/login.json")

run() {
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | grep -E "Requests/sec|^ +50%|^ +99%|non-2xx|Socket errors"
  echo "RSS after $name: $(( $(ps -o rss= -p "$app") / 1024 )) MB"
}
echo "RSS idle: $(( $(ps -o rss= -p "$app") / 1024 )) MB"
# Warm-up, not measured: with PostgreSQL and wrk on the same two cores the JIT needs about a minute
# of traffic before it settles (measured: 918, 1,506, then 2,486 refreshes/s in three 20 s windows).
WARMUP=${WARMUP:-40s}
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s benchmarks/load/refresh.lua "$base/api/auth/refresh" -- "$SESSIONS" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s benchmarks/load/protected.lua "$base/api/notes" -- "$access" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s benchmarks/load/refresh.lua "$base/api/auth/refresh" -- "$SESSIONS" > /dev/null
run "GET /api/notes (valid token)" -s benchmarks/load/protected.lua "$base/api/notes" -- "$access"
run "POST /api/auth/refresh ($SESSIONS sessions)" -s benchmarks/load/refresh.lua "$base/api/auth/refresh" -- "$SESSIONS"
CONNECTIONS=4 run "POST /api/auth/login (bcrypt cost ${BCRYPT_COST:-12})" -s benchmarks/load/login.lua "$base/api/auth/login"
