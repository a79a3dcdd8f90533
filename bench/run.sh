#!/usr/bin/env bash
# Pushgate benchmark: builds the gateway and the bench, starts a sink, the gateway and (for the cluster row) a
# two-node Pushgate cluster, each node in its own JVM, all on 127.0.0.1 only, runs the load generator against them
# and prints its Markdown table on stdout.
#
#   bench/run.sh                                   # full run: ROUNDS=3 MESSAGES=200000 WARMUP=200000
#   MESSAGES=2000 WARMUP=2000 ROUNDS=1 bench/run.sh  # smoke run
#   GATEWAY_JAVA_OPTS='-XX:StartFlightRecording=filename=target/gateway.jfr' bench/run.sh
#   CLUSTER_JAVA_OPTS='...' bench/run.sh            # JVM flags for the two cluster nodes (none by default)
#   MODE=soak bench/run.sh                         # soak: 10x the sustainable rate at a slow target (SOAK_* below)
#   BASELINE_JAR=/tmp/pushgate-baseline.jar bench/run.sh   # also compare the current build with a baseline build
#
# With BASELINE_JAR (throughput mode only), two more single-node gateways start, identically (java -Xmx256m
# $JAR_JAVA_OPTS -jar JAR -conf bench-config.json, circuit breaker at maxFailures 20): one from the current build's jar
# and one from BASELINE_JAR. Two more rows, "jar batch-1000 (current)" and "jar batch-1000 (baseline)", give both
# batch-1000's load in the same interleaved rounds as the others, and "current / baseline" under the table is the
# ratio of their rates per round and its median. Without BASELINE_JAR the run and its table are as before.
#
# Logs go to bench/target/*.log, a copy of the table to bench/target/results.md. Exit status: the load generator's
# (1 when any message was not delivered exactly once), or non-zero when the build, a start-up or a JVM fails.
set -euo pipefail
cd "$(dirname "$0")"

ROUNDS=${ROUNDS:-3}
MESSAGES=${MESSAGES:-200000}
WARMUP=${WARMUP:-200000}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
CLUSTER_JAVA_OPTS=${CLUSTER_JAVA_OPTS:-}
MODE=${MODE:-throughput}
BASELINE_JAR=${BASELINE_JAR:-}
JAR_JAVA_OPTS=${JAR_JAVA_OPTS:-}
# Both jars of a build comparison run with this breaker setting, so that neither build's default decides it.
JAR_BREAKER_MAX_FAILURES=20
# The soak's slow target answers after SOAK_TARGET_DELAY_MS; with the default 4 senders x 32 connections the gateway
# can deliver 128 / 0.05 s = 2,560 msg/s to it, and the soak offers ten times that for SOAK_SECONDS.
SOAK_TARGET_DELAY_MS=${SOAK_TARGET_DELAY_MS:-50}
SOAK_SUSTAINABLE=${SOAK_SUSTAINABLE:-2560}
SOAK_RATE=${SOAK_RATE:-$((SOAK_SUSTAINABLE * 10))}
SOAK_SECONDS=${SOAK_SECONDS:-60}
SINK_DELAY_MS=0
[[ $MODE == soak ]] && SINK_DELAY_MS=$SOAK_TARGET_DELAY_MS
READY_TIMEOUT_S=60

started=$SECONDS
mkdir -p target
log() { echo "run.sh: $*" >&2; }

if [[ -n $BASELINE_JAR ]]; then
  if [[ ! -f $BASELINE_JAR ]]; then
    log "BASELINE_JAR=$BASELINE_JAR is no file"
    exit 1
  fi
  if [[ $MODE == soak ]]; then
    log "BASELINE_JAR is for the throughput run; the soak ignores it"
    BASELINE_JAR=""
  else
    # A copy, for the same reason as the gateway's below; taken before the build, which could be the one that made it.
    cp "$BASELINE_JAR" target/pushgate-baseline.jar
  fi
fi

log "building the gateway and the bench (target/build.log)"
if ! { mvn -B -q -f ../pom.xml install -DskipTests && mvn -B -q -f pom.xml package; } >target/build.log 2>&1; then
  tail -n 40 target/build.log >&2
  log "build failed"
  exit 1
fi
log "built in $((SECONDS - started)) s"

# The gateway runs from a copy of its jar, so that a rebuild of ../target while the bench runs (someone else's
# `mvn package`) cannot change or truncate the jar under the running JVM.
cp ../target/pushgate.jar target/pushgate-gateway.jar

# Distinct free ports: bound together so that none is handed out twice, then released for the JVMs.
read -r SINK_PORT GATEWAY_PORT CONTROL_PORT CLUSTER_HTTP_PORT MEMBER1_PORT MEMBER2_PORT CURRENT_JAR_PORT \
  BASELINE_JAR_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(8)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
')

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# Waits until $2 appears in log file $1, while process $3 lives; bounded by READY_TIMEOUT_S.
wait_for_line() {
  local file=$1 line=$2 pid=$3 waited=0
  until grep -q "$line" "$file" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || (( waited >= READY_TIMEOUT_S * 10 )); then
      tail -n 40 "$file" >&2
      log "gave up waiting for '$line' in $file"
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

log "starting the sink on 127.0.0.1:$SINK_PORT (target/sink.log)"
timeout 600 java -Xmx256m -cp target/pushgate-bench.jar io.pushgate.bench.Sink --port "$SINK_PORT" --delay-ms "$SINK_DELAY_MS" \
  >target/sink.log 2>&1 &
SINK_TIMEOUT_PID=$!
pids+=("$SINK_TIMEOUT_PID")
wait_for_line target/sink.log "sink listening on $SINK_PORT" "$SINK_TIMEOUT_PID"

log "starting the gateway on 127.0.0.1:$GATEWAY_PORT, control port $CONTROL_PORT (target/gateway.log)"
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS holds several flags on purpose
timeout 600 java -Xmx256m $GATEWAY_JAVA_OPTS \
  -Dpushgate.http.port="$GATEWAY_PORT" \
  -Dpushgate.targets.default.url="http://127.0.0.1:$SINK_PORT/push" \
  -cp target/pushgate-gateway.jar:target/pushgate-bench.jar io.pushgate.bench.BenchGateway \
  -conf bench-config.json --control-port "$CONTROL_PORT" >target/gateway.log 2>&1 &
GATEWAY_TIMEOUT_PID=$!
pids+=("$GATEWAY_TIMEOUT_PID")
wait_for_line target/gateway.log "bench gateway ready" "$GATEWAY_TIMEOUT_PID"
# The pid of the gateway JVM itself (timeout is its parent), for its CPU time and peak RSS.
GATEWAY_PID=$(sed -n 's/.*bench gateway ready (pid \([0-9]*\),.*/\1/p' target/gateway.log | head -n 1)

# The cluster row's two nodes: the real jar (Main) with -cluster, node 1 serving HTTP, node 2 only sending, in a
# cluster of their own on 127.0.0.1.
start_cluster_node() {
  local index=$1 member_port=$2 http_opts=$3 log=target/cluster-$1.log
  # shellcheck disable=SC2086 # CLUSTER_JAVA_OPTS and http_opts hold several flags on purpose
  timeout 600 java -Xmx256m $CLUSTER_JAVA_OPTS $http_opts \
    -Dpushgate.targets.default.url="http://127.0.0.1:$SINK_PORT/push" \
    -Dpushgate.cluster.name="pushgate-bench-$$" -Dpushgate.cluster.port="$member_port" \
    -Dpushgate.cluster.members="127.0.0.1:$MEMBER1_PORT,127.0.0.1:$MEMBER2_PORT" \
    -Dpushgate.cluster.nodeName="bench-$index" \
    -jar target/pushgate-gateway.jar -conf bench-config.json -cluster >"$log" 2>&1 &
}
# The JVM under a `timeout` parent, for its CPU time and peak RSS.
child_pid() {
  cat "/proc/$1/task/$1/children" | awk '{print $1}'
}
CLUSTER_PIDS=""
if [[ $MODE != soak ]]; then
  log "starting a two-node cluster, HTTP on 127.0.0.1:$CLUSTER_HTTP_PORT (target/cluster-1.log, target/cluster-2.log)"
  start_cluster_node 1 "$MEMBER1_PORT" "-Dpushgate.http.port=$CLUSTER_HTTP_PORT"
  CLUSTER1_TIMEOUT_PID=$!
  pids+=("$CLUSTER1_TIMEOUT_PID")
  wait_for_line target/cluster-1.log "Pushgate listening" "$CLUSTER1_TIMEOUT_PID"
  start_cluster_node 2 "$MEMBER2_PORT" "-Dpushgate.http.enabled=false"
  CLUSTER2_TIMEOUT_PID=$!
  pids+=("$CLUSTER2_TIMEOUT_PID")
  wait_for_line target/cluster-2.log "Pushgate listening" "$CLUSTER2_TIMEOUT_PID"
  wait_for_line target/cluster-1.log "cluster member joined: bench-2" "$CLUSTER1_TIMEOUT_PID"
  CLUSTER_PIDS="$(child_pid "$CLUSTER1_TIMEOUT_PID"),$(child_pid "$CLUSTER2_TIMEOUT_PID")"
fi

# The build comparison's two gateways: the current jar and the baseline jar, started identically, each on its own.
start_jar_gateway() {
  local name=$1 jar=$2 port=$3 log=target/$1.log
  # shellcheck disable=SC2086 # JAR_JAVA_OPTS holds several flags on purpose
  timeout 600 java -Xmx256m $JAR_JAVA_OPTS \
    -Dpushgate.http.port="$port" \
    -Dpushgate.targets.default.url="http://127.0.0.1:$SINK_PORT/push" \
    -Dpushgate.targets.default.circuitBreaker.maxFailures="$JAR_BREAKER_MAX_FAILURES" \
    -jar "$jar" -conf bench-config.json >"$log" 2>&1 &
}
compare_args=()
if [[ -n $BASELINE_JAR ]]; then
  log "starting the current jar on 127.0.0.1:$CURRENT_JAR_PORT and the baseline jar on 127.0.0.1:$BASELINE_JAR_PORT" \
    "(target/jar-current.log, target/jar-baseline.log)"
  start_jar_gateway jar-current target/pushgate-gateway.jar "$CURRENT_JAR_PORT"
  CURRENT_JAR_TIMEOUT_PID=$!
  pids+=("$CURRENT_JAR_TIMEOUT_PID")
  wait_for_line target/jar-current.log "Pushgate listening" "$CURRENT_JAR_TIMEOUT_PID"
  start_jar_gateway jar-baseline target/pushgate-baseline.jar "$BASELINE_JAR_PORT"
  BASELINE_JAR_TIMEOUT_PID=$!
  pids+=("$BASELINE_JAR_TIMEOUT_PID")
  wait_for_line target/jar-baseline.log "Pushgate listening" "$BASELINE_JAR_TIMEOUT_PID"
  compare_args=(--current-jar-port "$CURRENT_JAR_PORT" --current-jar-pid "$(child_pid "$CURRENT_JAR_TIMEOUT_PID")"
    --baseline-jar-port "$BASELINE_JAR_PORT" --baseline-jar-pid "$(child_pid "$BASELINE_JAR_TIMEOUT_PID")")
fi

load_started=$SECONDS
status=0
if [[ $MODE == soak ]]; then
  log "soak: $SOAK_RATE msg/s for $SOAK_SECONDS s at a target answering after $SOAK_TARGET_DELAY_MS ms"
  timeout 420 java -Xmx512m -cp target/pushgate-bench.jar io.pushgate.bench.SoakGenerator \
    --gateway-port "$GATEWAY_PORT" --sink-port "$SINK_PORT" --gateway-pid "$GATEWAY_PID" \
    --rate "$SOAK_RATE" --seconds "$SOAK_SECONDS" --target-delay-ms "$SOAK_TARGET_DELAY_MS" \
    --sustainable "$SOAK_SUSTAINABLE" 2> >(tee target/soak.log >&2) | tee target/soak.md || status=$?
else
  log "load: ROUNDS=$ROUNDS MESSAGES=$MESSAGES WARMUP=$WARMUP (progress also in target/loadgen.log)"
  timeout 420 java -Xmx512m -cp target/pushgate-bench.jar io.pushgate.bench.LoadGenerator \
    --gateway-port "$GATEWAY_PORT" --control-port "$CONTROL_PORT" --sink-port "$SINK_PORT" \
    --gateway-pid "$GATEWAY_PID" --cluster-port "$CLUSTER_HTTP_PORT" --cluster-pids "$CLUSTER_PIDS" \
    "${compare_args[@]}" --rounds "$ROUNDS" --messages "$MESSAGES" --warmup "$WARMUP" \
    2> >(tee target/loadgen.log >&2) | tee target/results.md || status=$?
fi

# A JVM that died under load explains a failed run: say how it ended (143 = SIGTERM, 137 = SIGKILL, 124 = timeout).
declare -A watched=([sink]=$SINK_TIMEOUT_PID [gateway]=$GATEWAY_TIMEOUT_PID)
[[ $MODE == soak ]] || watched+=([cluster-1]=$CLUSTER1_TIMEOUT_PID [cluster-2]=$CLUSTER2_TIMEOUT_PID)
[[ -z $BASELINE_JAR ]] || watched+=([jar-current]=$CURRENT_JAR_TIMEOUT_PID [jar-baseline]=$BASELINE_JAR_TIMEOUT_PID)
for name in "${!watched[@]}"; do
  pid=${watched[$name]}
  if ! kill -0 "$pid" 2>/dev/null; then
    ended=0
    wait "$pid" || ended=$?
    log "the $name JVM ended during the run with status $ended (see target/$name.log)"
    status=$(( status == 0 ? 1 : status ))
  fi
done
log "load took $((SECONDS - load_started)) s; finished in $((SECONDS - started)) s with status $status"
exit "$status"
