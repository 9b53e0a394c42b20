#!/usr/bin/env bash
# Bytes allocated per request on the service's request path, and which code allocates them: the
# example jar on PostgreSQL under wrk, recorded with JFR (every new TLAB and every allocation
# outside one, with its stack, plus the heap before and after each collection).
# Needs: the built jar (./mvnw -q package -DskipTests), wrk, psql, python3, an empty PostgreSQL database.
#   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/latchkey_alloc benchmarks/load/run-allocation.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to an empty PostgreSQL database}"
PORT=${PORT:-8093}
SESSIONS=${SESSIONS:-256}
WARMUP=${WARMUP:-20s}
DURATION=${DURATION:-10s}
JAR=${JAR:-examples/target/latchkey-example.jar}
work=$(mktemp -d)
trap 'kill "$app" 2>/dev/null || true; rm -rf "$work"' EXIT

# The JDK's profile settings, with the two allocation events on and Jdbi's own JFR event off: Jdbi
# describes every statement's bindings while a recording listens for it, which is not the service's cost.
jfc="$work/allocation.jfc"
python3 - "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" "$jfc" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
for event in ("jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB"):
    s = re.sub(r'(<event name="%s">\s*<setting name="enabled"[^>]*>)false' % re.escape(event), r"\1true", s)
s = s.replace("</configuration>", '  <event name="jdbi.statement">\n    <setting name="enabled">false</setting>\n  </event>\n</configuration>')
open(sys.argv[2], "w").write(s)
PY

SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n') PORT=$PORT \
  java ${JAVA_OPTS:--Xmx128m} -jar "$JAR" > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 60); do grep -qs "Latchkey example on" "$work/app.log" && break; sleep 0.5; done
base=http://127.0.0.1:$PORT
curl -fsS -o /dev/null -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
  -d '{"real_name":"Load","email":"load@example.com","password":"load-test-password"}'
psql "$DATABASE_URL" -q -c "INSERT INTO refresh_tokens (id, user_id, token_hash, device_name, ip_address,
    user_agent, created_at, last_used_at, last_ip_address, expires_at)
  SELECT gen_random_uuid(), u.id, sha256(convert_to(lpad(g::text, 43, 'A'), 'UTF8')), 'Device ' || g,
    '203.0.113.7', 'load', now(), now(), '203.0.113.7', now() + interval '7 days'
  FROM generate_series(1, $SESSIONS) g, users u WHERE u.email = 'load@example.com'"
access=$(curl -fsS -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"load@example.com","password":"load-test-password"}' \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

wrk -t2 -c16 -d"$WARMUP" -s benchmarks/load/refresh.lua "$base/api/auth/refresh" -- "$SESSIONS" > /dev/null
wrk -t2 -c16 -d"$WARMUP" -s benchmarks/load/protected.lua "$base/api/notes" -- "$access" > /dev/null

measure() {
  local name=$1; shift
  jcmd "$app" JFR.start name="$name" settings="$jfc" filename="$work/$name.jfr" > /dev/null
  local out
  out=$(wrk -t2 -c16 -d"$DURATION" "$@")
  jcmd "$app" JFR.stop name="$name" > /dev/null
  echo "$out" | grep -E "Requests/sec|non-2xx"
  python3 benchmarks/load/allocation-report.py "$work/$name.jfr" "$(echo "$out" | awk '/requests in/ {print $1}')" "$name"
}
measure refresh -s benchmarks/load/refresh.lua "$base/api/auth/refresh" -- "$SESSIONS"
measure protected -s benchmarks/load/protected.lua "$base/api/notes" -- "$access"
