#!/usr/bin/env bash
# From a cold start to steady refresh throughput: the example jar on PostgreSQL, started afresh, with
# DEVICES devices logged in through the API and the clock starting at the first refresh; wrk then
# refreshes a random device for WINDOWS windows of 10 s each, back to back, and prints each window's
# rate. Run once as it is and once with a class-data-sharing archive of the jar's classes (built by a
# first, short training run with -XX:ArchiveClassesAtExit), each from a fresh JVM on the same table.
# Needs: the built jar (./mvnw -q package -DskipTests), wrk, psql, an empty PostgreSQL database.
#   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/latchkey_cold benchmarks/load/run-cold-start.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to an empty PostgreSQL database}"
PORT=${PORT:-8095}
USERS=${USERS:-64}
DEVICES=${DEVICES:-256}
WINDOWS=${WINDOWS:-9}
JAVA_OPTS=${JAVA_OPTS:--Xmx128m -XX:+UseParallelGC}
JAR=examples/target/latchkey-example.jar
work=$(mktemp -d)
app=
trap 'if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
base=http://127.0.0.1:$PORT

# Starts the service with JAVA_OPTS and the given JVM options; sets started_ms, from exec to listening.
start() {
  local t0
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  SECRET_KEY=$secret PORT=$PORT BCRYPT_COST=4 REGISTRATIONS_PER_ADDRESS_PER_HOUR=1000000 \
    java $JAVA_OPTS "$@" -jar "$JAR" > "$work/app.log" 2>&1 &
  app=$!
  until curl -fsS -o /dev/null "$base/openapi.json" 2>/dev/null; do sleep 0.02; done
  started_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop() { kill "$app"; wait "$app" 2>/dev/null || true; app=; }

# Devices, once: USERS users, DEVICES logins.
start
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
stop

windows() {
  local line="" i
  for i in $(seq 1 "$WINDOWS"); do
    line="$line $(wrk -t2 -c16 -d10s -s benchmarks/load/refresh-devices.lua "$base/api/auth/refresh" -- "$work/tokens" \
      | awk '/Requests\/sec/ {printf "%.0f", $2}')"
  done
  echo "$line"
}

echo "== $JAVA_OPTS, without an archive"
start
echo "listening after $started_ms ms; refreshes/s per 10 s window:$(windows)"
stop

echo "== with a class-data-sharing archive"
# Training: start, serve a window of refreshes, stop; the JVM writes the classes it loaded at exit.
start -XX:ArchiveClassesAtExit="$work/app.jsa"
wrk -t2 -c16 -d10s -s benchmarks/load/refresh-devices.lua "$base/api/auth/refresh" -- "$work/tokens" > /dev/null
stop
echo "archive: $(( $(stat -c %s "$work/app.jsa") / 1024 / 1024 )) MB"
start -XX:SharedArchiveFile="$work/app.jsa"
echo "listening after $started_ms ms; refreshes/s per 10 s window:$(windows)"
stop
