#!/usr/bin/env bash
# This broker against Debian's Mosquitto, every scenario of the load generator, in one run:
#
#   bench/run-vs-mosquitto.sh [extra load generator options, e.g. --scenarios fan-in,latency --duration 5]
#
# Builds the jars if they are missing or stale (BENCH_REBUILD=1 forces it, =0 skips it), installs mosquitto with
# apt-get if it is missing, starts both brokers on their own loopback ports (this broker with a fresh data directory;
# its credentials are created through its admin API by the generator; Mosquitto with a password file and a
# configuration of this script),
# runs each scenario against both, prints the result lines and the ratio of each figure to Mosquitto's, keeps the
# lines in bench/results/<date>.jsonl and regenerates the table of docs/performance.md and docs/performance.png. Both
# brokers are stopped at the end, whatever happens. See docs/performance.md.
#
# Environment: BENCH_MQTT_PORT (21883), BENCH_ADMIN_PORT (28080), BENCH_MOSQUITTO_PORT (21884),
# BENCH_BROKER_JAVA_OPTS, BENCH_GENERATOR_JAVA_OPTS, BENCH_BROKER_JAR (another broker jar, e.g. a build to compare),
# BENCH_MAVEN_FLAGS (e.g. -o), BENCH_KEEP=1 keeps the run directory (logs, data), BENCH_NO_DOCS=1 leaves docs/ alone.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

MQTT_PORT=${BENCH_MQTT_PORT:-21883}
ADMIN_PORT=${BENCH_ADMIN_PORT:-28080}
MOSQUITTO_PORT=${BENCH_MOSQUITTO_PORT:-21884}
INSTANCE=mqtt-bench
# The JVM's defaults (as the broker ships), with the heap capped for a shared machine. The idle-connection scenario
# reports the live heap per connection beside the resident memory (see docs/performance.md).
BROKER_JAVA_OPTS=${BENCH_BROKER_JAVA_OPTS:-"-Xmx2g"}
GENERATOR_JAVA_OPTS=${BENCH_GENERATOR_JAVA_OPTS:-"-Xms512m -Xmx2g"}
BROKER_JAR=${BENCH_BROKER_JAR:-broker-server/target/mqtt-broker.jar}
BENCH_JAR=bench/target/benchmarks.jar
DATE=$(date -u +%Y-%m-%dT%H%M%SZ)
RESULTS=bench/results/$DATE.jsonl

log() { printf '[run-vs-mosquitto %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "error: $*"; exit 1; }

# ---- file descriptors: as many as the hard limit allows (the idle-connection scenario needs them) -----------------
hard=$(ulimit -Hn)
if [[ $hard == unlimited ]]; then hard=1048576; fi
ulimit -n "$hard" || fail "cannot raise the open-files limit to $hard"
log "open-files limit: $(ulimit -n) per process"

# ---- jars: built when missing or older than a main source file (BENCH_REBUILD=1 always, =0 never) --------------
stale() {
  [[ ! -f $1 ]] && return 0
  [[ -n $(find broker-core auth-* admin-api broker-server bench -path '*/src/main/*' -newer "$1" -print -quit) ]]
}
if [[ ${BENCH_REBUILD:-} == 1 ]] || { [[ ${BENCH_REBUILD:-} != 0 ]] \
    && { { [[ -z ${BENCH_BROKER_JAR:-} ]] && stale "$BROKER_JAR"; } || stale "$BENCH_JAR"; }; }; then
  log "building the broker and the benchmark jars"
  # shellcheck disable=SC2086
  ./mvnw -q ${BENCH_MAVEN_FLAGS:-} -DskipTests -pl broker-server,bench -am package
fi

# ---- mosquitto ----------------------------------------------------------------------------------------------------
PATH=$PATH:/usr/sbin
if ! command -v mosquitto >/dev/null || ! command -v mosquitto_passwd >/dev/null; then
  log "installing mosquitto (Debian package)"
  sudo_cmd=""
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=sudo; fi
  $sudo_cmd apt-get update -qq && $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto \
    || fail "could not install mosquitto"
fi

for port in "$MQTT_PORT" "$ADMIN_PORT" "$MOSQUITTO_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use (set BENCH_MQTT_PORT / BENCH_ADMIN_PORT / BENCH_MOSQUITTO_PORT)"
  fi
done

# ---- run directory and cleanup ------------------------------------------------------------------------------------
RUN=$(mktemp -d "${TMPDIR:-/tmp}/mqtt-bench.XXXXXX")
BROKER_PID=""
MOSQUITTO_PID=""

stop() {
  local pid=$1
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop "$BROKER_PID"
  stop "$MOSQUITTO_PID"
  if [[ $status -ne 0 ]]; then
    log "failed (status $status); last lines of the broker logs:"
    tail -n 20 "$RUN/broker.log" "$RUN/mosquitto.log" 2>/dev/null >&2 || true
  fi
  if [[ ${BENCH_KEEP:-0} == 1 || $status -ne 0 ]]; then
    log "run directory kept: $RUN"
  else
    rm -rf "$RUN"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Private copies: a rebuild in the working tree during the run must not change what is measured.
cp "$BROKER_JAR" "$RUN/mqtt-broker.jar"
cp "$BENCH_JAR" "$RUN/benchmarks.jar"

wait_for_port() {
  local port=$1 pid=$2 name=$3
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || fail "$name exited at start"
    sleep 0.1
  done
  fail "$name did not listen on port $port within 60 s"
}

# ---- this broker --------------------------------------------------------------------------------------------------
OWNER_ID=bench-owner
OWNER_SECRET=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
log "starting mqtt-broker on 127.0.0.1:$MQTT_PORT (admin API on $ADMIN_PORT)"
# shellcheck disable=SC2086
env MQTT_PORT="$MQTT_PORT" MQTT_ADMIN_PORT="$ADMIN_PORT" MQTT_BIND_ADDRESS=127.0.0.1 MQTT_DATA_DIR="$RUN/data" \
  MQTT_INSTANCE_ID="$INSTANCE" MQTT_ADMIN_ACCESS_KEY_ID="$OWNER_ID" MQTT_ADMIN_ACCESS_KEY_SECRET="$OWNER_SECRET" \
  MQTT_WS_PORT=0 MQTT_WSS_PORT=0 MQTT_TLS_PORT=0 MQTT_MAX_CONNECTIONS=200000 \
  java $BROKER_JAVA_OPTS -jar "$RUN/mqtt-broker.jar" >"$RUN/broker.log" 2>&1 &
BROKER_PID=$!
wait_for_port "$MQTT_PORT" "$BROKER_PID" mqtt-broker
wait_for_port "$ADMIN_PORT" "$BROKER_PID" "mqtt-broker admin API"

# ---- mosquitto ----------------------------------------------------------------------------------------------------
MOSQUITTO_USER=bench
MOSQUITTO_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
touch "$RUN/passwd"
chmod 600 "$RUN/passwd"
mosquitto_passwd -b "$RUN/passwd" "$MOSQUITTO_USER" "$MOSQUITTO_PASSWORD"
cat >"$RUN/mosquitto.conf" <<EOF
# Written by bench/run-vs-mosquitto.sh: a password file, no ACL (Mosquitto runs without authorization), nothing kept
# on disk, no limit of connections, errors and warnings only in the log. Started as root it would switch to the user
# mosquitto, which cannot read this run directory: it stays the user that runs the script.
user $(id -un)
per_listener_settings false
listener $MOSQUITTO_PORT 127.0.0.1
allow_anonymous false
password_file $RUN/passwd
persistence false
max_connections -1
log_dest file $RUN/mosquitto.log
log_type error
log_type warning
EOF
log "starting mosquitto $(mosquitto -h 2>/dev/null | head -n 1 | awk '{print $3}') on 127.0.0.1:$MOSQUITTO_PORT"
mosquitto -c "$RUN/mosquitto.conf" >>"$RUN/mosquitto.log" 2>&1 &
MOSQUITTO_PID=$!
wait_for_port "$MOSQUITTO_PORT" "$MOSQUITTO_PID" mosquitto

# ---- the run ------------------------------------------------------------------------------------------------------
mkdir -p bench/results
log "running the scenarios; result lines go to $RESULTS"
# shellcheck disable=SC2086
BENCH_OWNER_SECRET="$OWNER_SECRET" java $GENERATOR_JAVA_OPTS -cp "$RUN/benchmarks.jar" \
  io.mqttbroker.bench.load.LoadMain --out "$RESULTS" "$@" \
  --target mqtt-broker "127.0.0.1:$MQTT_PORT" --admin "http://127.0.0.1:$ADMIN_PORT" --owner-id "$OWNER_ID" \
  --instance "$INSTANCE" --pid "$BROKER_PID" --jvm \
  --target mosquitto "127.0.0.1:$MOSQUITTO_PORT" --username "$MOSQUITTO_USER" --password "$MOSQUITTO_PASSWORD" \
  --auth-label password-file --pid "$MOSQUITTO_PID" \
  2> >(grep -v '^SLF4J' >&2)

kill -0 "$BROKER_PID" 2>/dev/null || fail "mqtt-broker died during the run"
kill -0 "$MOSQUITTO_PID" 2>/dev/null || fail "mosquitto died during the run"

# ---- report -------------------------------------------------------------------------------------------------------
TITLE="$DATE, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -n 1)"
REPORT_ARGS=(--results "$RESULTS" --subject mqtt-broker --baseline mosquitto --title "$TITLE")
if [[ ${BENCH_NO_DOCS:-0} != 1 ]]; then
  REPORT_ARGS+=(--doc docs/performance.md --chart docs/performance.png)
fi
echo
log "ratios (mqtt-broker / mosquitto):"
java -Djava.awt.headless=true -cp "$RUN/benchmarks.jar" io.mqttbroker.bench.report.ReportMain "${REPORT_ARGS[@]}"
log "done: $RESULTS"
