#!/usr/bin/env bash
# Pushgate benchmark: builds the gateway and the bench, starts the sinks, the gateway, a reverse proxy and (for the
# cluster row) a two-node Pushgate cluster, each JVM and nginx in a process of its own under `timeout`, all on
# 127.0.0.1 only, runs the load generator against them and prints its Markdown table on stdout.
#
#   bench/run.sh                                    # full run: ROUNDS=5 MESSAGES=200000 WARMUP=200000
#   MESSAGES=5000 WARMUP=5000 ROUNDS=2 bench/run.sh   # smoke run
#   SWEEP=1 bench/run.sh                            # the direct sweep (SWEEP_* below) against nginx, nothing else
#   SWEEP=1 SWEEP_VERTICLES=1 SWEEP_INFLIGHT=16 SWEEP_PER_CONNECTION=1 MESSAGES=2000 WARMUP=2000 ROUNDS=1 bench/run.sh
#   GATEWAY_JAVA_OPTS='-XX:StartFlightRecording=filename=target/gateway.jfr' bench/run.sh
#   CLUSTER_JAVA_OPTS='...' bench/run.sh            # JVM flags for the two cluster nodes (none by default)
#   MODE=soak bench/run.sh                         # soak: 10x the sustainable rate at a slow target (SOAK_* below)
#   BASELINE_JAR=/tmp/pushgate-baseline.jar bench/run.sh   # also compare the current build with a baseline build
#   MODE=jobs bench/run.sh                         # the job rows (JOB_* below): ROUNDS=3 JOB_MESSAGES=1000000
#   MODE=jobs ROUNDS=1 JOB_MESSAGES=20000 JOB_ACCEPT_MESSAGES=20000 bench/run.sh   # job rows, smoke run
#   MODE=providers bench/run.sh                    # push provider rows beside batch-1000 webhook (providers.sh)
#   ROWS='direct relay proxy' bench/run.sh         # only these rows (throughput mode; each row's label, lower case,
#                                                  # other characters than letters and digits as one dash)
#
# The sink is nginx from Debian's packages (bench/nginx.conf: one worker, `return 200 {"ok":true}` for every POST,
# keep-alive, no access log, stub_status for the count of requests received), installed with apt-get when missing
# (root only). The JVM sink (io.pushgate.bench.Sink) runs beside it for the `direct (JVM sink)` row, and is the
# only sink of the soak (which needs an answer delay). The undici row needs node and npm (`npm ci` in bench/node when
# node_modules is missing), the old-client rows Debian's python3-aiohttp for /usr/bin/python3 (apt-get when missing).
#
# The `direct` row's fan-out is DIRECT_VERTICLES senders sharing DIRECT_INFLIGHT requests in flight, each with a pool
# of DIRECT_POOL connections; the defaults are the fastest shape of the last recorded sweep (BENCHMARKS.md).
# SWEEP=1 measures every combination of SWEEP_VERTICLES x SWEEP_INFLIGHT x SWEEP_PER_CONNECTION (requests per pooled
# connection: 1 = a connection per request in flight, 2 = half as many) for MESSAGES per shape in ROUNDS interleaved
# rounds, and prints the table and the fastest shape as DIRECT_* settings.
#
# With BASELINE_JAR (throughput mode only), two more single-node gateways start, identically (java -Xmx256m
# $JAR_JAVA_OPTS -jar JAR -conf bench-config.json, circuit breaker at maxFailures 20): one from the current build's jar
# and one from BASELINE_JAR. Two more rows, "jar batch-1000 (current)" and "jar batch-1000 (baseline)", give both
# batch-1000's load in the same interleaved rounds as the others, and "current / baseline" under the table is the
# ratio of their rates per round and its median. Without BASELINE_JAR the run and its table are as before.
#
# MODE=jobs measures the durable job API instead, and starts nothing but nginx, two gateways and a PostgreSQL
# server: one gateway jar (java -Xmx256m $GATEWAY_JAVA_OPTS -jar, the real Main) on an SQLite store in
# target/jobs/jobs.db (deleted first), one on a throwaway PostgreSQL 15 server (initdb into a fresh /tmp directory,
# as nobody when run as root since PostgreSQL refuses root, -A trust, 127.0.0.1 and a socket in that directory only;
# stopped with pg_ctl stop -m fast at exit, and by a watchdog after PROCESS_TIMEOUT_S should this script be killed;
# its log copied to target/postgres.log). io.pushgate.bench.JobLoad then runs, in ROUNDS (default 3) interleaved
# rounds: batch-1000 (JOB_MESSAGES as POST /v1/push batches of 1000, 4 in flight, to the SQLite gateway), and to each
# gateway one job of JOB_MESSAGES (default 1,000,000) and one of JOB_ACCEPT_MESSAGES (default 100,000) messages in
# each body format (JSON, NDJSON), one at a time, each timed from its first byte to its 202 (job-accept) and from
# the 202 to `completed` (job), with the gateway's and the PostgreSQL server's CPU per message. JOB_WARMUP (default
# JOB_ACCEPT_MESSAGES) messages warm each gateway up first; JOB_POSTGRES=0 leaves PostgreSQL out. GATEWAY_JAVA_OPTS
# goes to both gateways (a JFR file name needs %p to keep them apart). Table in target/jobs.md, progress in
# target/jobload.log, the gateways' logs in target/jobs-sqlite.log and target/jobs-postgresql.log.
#
# MODE=providers starts nginx and one gateway jar with three targets at it, a webhook, a Web Push target (VAPID keys
# made with openssl; nginx's origin allowed) and an FCM target (a service account with an RSA key made with openssl,
# its token_uri served by the driver), and a fourth, an APNs target, at the tests' APNs stand-in
# (../src/test/apns/apns-stand-in.mjs on node: HTTP/2 over TLS, a certificate and a signing key made with openssl);
# io.pushgate.bench.ProviderLoad pushes batches of 1000, 4 in flight, to each in ROUNDS interleaved rounds of
# MESSAGES (after WARMUP): msg/s, the gateway's CPU per message, and each provider row's ratio to the webhook row;
# then the stand-in's count of HTTP/2 connections and streams over the run. Table in target/providers.md.
#
# Logs go to bench/target/*.log, a copy of the table to bench/target/results.md (sweep: target/sweep.md). Exit
# status: the load generator's (1 when any message was not delivered exactly once), or non-zero when the build, an
# installation, a start-up or a process fails.
set -euo pipefail
cd "$(dirname "$0")"

MODE=${MODE:-throughput}
if [[ $MODE == jobs ]]; then ROUNDS=${ROUNDS:-3}; else ROUNDS=${ROUNDS:-5}; fi
MESSAGES=${MESSAGES:-200000}
WARMUP=${WARMUP:-200000}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
CLUSTER_JAVA_OPTS=${CLUSTER_JAVA_OPTS:-}
JOB_MESSAGES=${JOB_MESSAGES:-1000000}
JOB_ACCEPT_MESSAGES=${JOB_ACCEPT_MESSAGES:-100000}
JOB_WARMUP=${JOB_WARMUP:-$JOB_ACCEPT_MESSAGES}
JOB_POSTGRES=${JOB_POSTGRES:-1}
BASELINE_JAR=${BASELINE_JAR:-}
ROWS=${ROWS:-}
SWEEP=${SWEEP:-0}
SWEEP_VERTICLES=${SWEEP_VERTICLES:-1 2 4}
SWEEP_INFLIGHT=${SWEEP_INFLIGHT:-16 32 64 128}
SWEEP_PER_CONNECTION=${SWEEP_PER_CONNECTION:-1 2}
DIRECT_VERTICLES=${DIRECT_VERTICLES:-2}
DIRECT_INFLIGHT=${DIRECT_INFLIGHT:-128}
DIRECT_POOL=${DIRECT_POOL:-64}
# The old client sends one message at a time: its rows send at most this many per round.
OLD_CLIENT_MESSAGES=${OLD_CLIENT_MESSAGES:-5000}
# Connections of each of the proxy's instances (one per event loop) to the sink.
PROXY_POOL=32
PYTHON=/usr/bin/python3
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
# Every process of the run is bounded by `timeout`: the load generator (or the sweep) by LOAD_TIMEOUT_S, the sinks,
# gateways and proxy a little longer so that they outlive it.
LOAD_TIMEOUT_S=1100
PROCESS_TIMEOUT_S=1200
# A full job run delivers about 5 million messages per round.
[[ $MODE != jobs ]] || { LOAD_TIMEOUT_S=3600; PROCESS_TIMEOUT_S=3700; }

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

# Installs Debian packages; the packaged nginx service must not start (it would listen on port 80 of every
# interface), so a policy-rc.d that forbids starting services is in place while apt-get runs.
apt_install() {
  if [[ $(id -u) != 0 ]]; then
    log "$* missing; install them as root (apt-get install $*)"
    exit 1
  fi
  local own_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  log "installing $* with apt-get (target/apt.log)"
  local installed=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } \
    >>target/apt.log 2>&1 || installed=$?
  [[ -z $own_policy ]] || rm -f /usr/sbin/policy-rc.d
  if (( installed != 0 )); then
    tail -n 20 target/apt.log >&2
    log "apt-get install $* failed"
    exit 1
  fi
}

if [[ $MODE != soak ]]; then
  command -v nginx >/dev/null || apt_install nginx
  if ! nginx -V 2>&1 | grep -q -- --with-http_stub_status_module; then
    log "this nginx has no stub_status module, which the sink's count needs"
    exit 1
  fi
fi
if [[ $MODE != soak && $MODE != jobs && $MODE != providers && $SWEEP == 0 ]]; then
  "$PYTHON" -c 'import aiohttp' 2>/dev/null || apt_install python3-aiohttp
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    log "the undici row needs node (>= 20.18.1) and npm"
    exit 1
  fi
  if [[ ! -d node/node_modules ]]; then
    log "npm ci in bench/node (target/npm.log)"
    (cd node && npm ci --no-audit --no-fund) >target/npm.log 2>&1 || { tail -n 20 target/npm.log >&2; exit 1; }
  fi
fi

log "building the gateway and the bench (target/build.log)"
if ! { mvn -B -q -f ../pom.xml install -DskipTests && mvn -B -q -f pom.xml package; } >target/build.log 2>&1; then
  tail -n 40 target/build.log >&2
  log "build failed"
  exit 1
fi
log "built in $((SECONDS - started)) s"
# The logs that wait_for_line reads go now, not when each process opens its own: a background process truncates its
# log only once it runs, and a wait could meanwhile find the line of the run before.
rm -f target/sink.log target/proxy.log target/gateway.log target/cluster-1.log target/cluster-2.log \
  target/jar-current.log target/jar-baseline.log target/jobs-sqlite.log target/jobs-postgresql.log \
  target/providers/apns.out target/providers-gateway.log

# The gateway runs from a copy of its jar, so that a rebuild of ../target while the bench runs (someone else's
# `mvn package`) cannot change or truncate the jar under the running JVM.
cp ../target/pushgate.jar target/pushgate-gateway.jar

# Distinct free ports: bound together so that none is handed out twice, then released for the JVMs.
read -r SINK_PORT GATEWAY_PORT CONTROL_PORT CLUSTER_HTTP_PORT MEMBER1_PORT MEMBER2_PORT CURRENT_JAR_PORT \
  BASELINE_JAR_PORT NGINX_PORT PROXY_PORT FCM_TOKEN_PORT < <("$PYTHON" -c '
import socket
socks = [socket.socket() for _ in range(11)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
')

pids=()
# Commands run at exit after the processes above have ended (MODE=jobs: stopping PostgreSQL).
cleanup_hooks=()
cleanup() {
  local pid hook
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  for hook in "${cleanup_hooks[@]}"; do
    "$hook" || true
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

# The pid(s) of a process's children: the process under a `timeout` parent, nginx's worker under its master.
# A JVM that died under load explains a failed run: says how each process in `watched` (name -> pid) that is gone
# ended, and makes `status` a failure.
report_ended_processes() {
  local name pid ended
  for name in "${!watched[@]}"; do
    pid=${watched[$name]}
    if ! kill -0 "$pid" 2>/dev/null; then
      ended=0
      wait "$pid" || ended=$?
      log "the $name process ended during the run with status $ended (see target/$name.log or target/$name/)"
      status=$(( status == 0 ? 1 : status ))
    fi
  done
}

child_pid() {
  cat "/proc/$1/task/$1/children" 2>/dev/null | awk '{print $1}'
}

# Waits until something listens on 127.0.0.1:$1 while process $2 lives (a connection only: no request, so that
# nginx's request count holds the load's requests alone).
wait_for_port() {
  local port=$1 pid=$2 waited=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || (( waited >= READY_TIMEOUT_S * 10 )); then
      log "gave up waiting for 127.0.0.1:$port"
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

NGINX_PIDS=""
if [[ $MODE != soak ]]; then
  log "starting the nginx sink on 127.0.0.1:$NGINX_PORT (target/nginx/)"
  rm -rf target/nginx
  mkdir -p target/nginx
  nginx_prefix=$(pwd)/target/nginx
  # Workers of a root master run as `user`; the default (nobody's own group) does not exist on Debian.
  nginx_user=""
  [[ $(id -u) != 0 ]] || nginx_user="user nobody nogroup;"
  sed -e "s|@PORT@|$NGINX_PORT|g" -e "s|@PREFIX@|$nginx_prefix|g" -e "s|@USER@|$nginx_user|" nginx.conf \
    >target/nginx/nginx.conf
  timeout "$PROCESS_TIMEOUT_S" nginx -p "$nginx_prefix/" -e "$nginx_prefix/error.log" -c "$nginx_prefix/nginx.conf" \
    >target/nginx/stdout.log 2>&1 &
  NGINX_TIMEOUT_PID=$!
  pids+=("$NGINX_TIMEOUT_PID")
  wait_for_port "$NGINX_PORT" "$NGINX_TIMEOUT_PID"
  nginx_master=$(child_pid "$NGINX_TIMEOUT_PID")
  nginx_worker=$(child_pid "$nginx_master")
  if [[ -z $nginx_master || -z $nginx_worker ]]; then
    cat target/nginx/error.log >&2
    log "nginx has no master or worker process"
    exit 1
  fi
  NGINX_PIDS="$nginx_master,$nginx_worker"
fi

if [[ $SWEEP != 0 ]]; then
  log "direct sweep: verticles '$SWEEP_VERTICLES' x in flight '$SWEEP_INFLIGHT' x requests per connection" \
    "'$SWEEP_PER_CONNECTION', ROUNDS=$ROUNDS MESSAGES=$MESSAGES WARMUP=$WARMUP (progress also in target/sweep.log)"
  status=0
  timeout "$LOAD_TIMEOUT_S" java -Xmx512m -cp target/pushgate-bench.jar io.pushgate.bench.DirectSweep \
    --sink-port "$NGINX_PORT" --sink-pids "$NGINX_PIDS" --verticles "$SWEEP_VERTICLES" \
    --inflight "$SWEEP_INFLIGHT" --per-connection "$SWEEP_PER_CONNECTION" \
    --rounds "$ROUNDS" --messages "$MESSAGES" --warmup "$WARMUP" \
    2> >(tee target/sweep.log >&2) | tee target/sweep.md || status=$?
  log "finished in $((SECONDS - started)) s with status $status"
  exit "$status"
fi

if [[ $MODE == jobs ]]; then
  source ./jobs.sh
  exit "$status"
fi

if [[ $MODE == providers ]]; then
  source ./providers.sh
  exit "$status"
fi

log "starting the JVM sink on 127.0.0.1:$SINK_PORT (target/sink.log)"
timeout "$PROCESS_TIMEOUT_S" java -Xmx256m -cp target/pushgate-bench.jar io.pushgate.bench.Sink --port "$SINK_PORT" --delay-ms "$SINK_DELAY_MS" \
  >target/sink.log 2>&1 &
SINK_TIMEOUT_PID=$!
pids+=("$SINK_TIMEOUT_PID")
wait_for_line target/sink.log "sink listening on $SINK_PORT" "$SINK_TIMEOUT_PID"

# The gateways' target: nginx, or in the soak the JVM sink, which can answer late.
TARGET_PORT=$NGINX_PORT
[[ $MODE != soak ]] || TARGET_PORT=$SINK_PORT

if [[ $MODE != soak ]]; then
  log "starting the reverse proxy on 127.0.0.1:$PROXY_PORT to nginx (target/proxy.log)"
  timeout "$PROCESS_TIMEOUT_S" java -Xmx256m -cp target/pushgate-bench.jar io.pushgate.bench.ProxyServer --port "$PROXY_PORT" \
    --target-port "$NGINX_PORT" --pool "$PROXY_POOL" >target/proxy.log 2>&1 &
  PROXY_TIMEOUT_PID=$!
  pids+=("$PROXY_TIMEOUT_PID")
  wait_for_line target/proxy.log "proxy listening on $PROXY_PORT (pid [0-9]*)" "$PROXY_TIMEOUT_PID"
  PROXY_PID=$(sed -n 's/.*proxy listening on [0-9]* (pid \([0-9]*\)).*/\1/p' target/proxy.log | head -n 1)
fi

# Every gateway of the current build gets a job store of its own (jobs are on by default): JVMs must not share a
# SQLite file. A baseline jar built before jobs knows no jobs.* key, so it gets none.
rm -rf target/job-stores
store_of() { echo "-Dpushgate.jobs.store.url=sqlite:target/job-stores/$1.db"; }

log "starting the gateway on 127.0.0.1:$GATEWAY_PORT, control port $CONTROL_PORT (target/gateway.log)"
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS holds several flags on purpose
timeout "$PROCESS_TIMEOUT_S" java -Xmx256m $GATEWAY_JAVA_OPTS "$(store_of gateway)" \
  -Dpushgate.http.port="$GATEWAY_PORT" \
  -Dpushgate.targets.default.url="http://127.0.0.1:$TARGET_PORT/push" \
  -cp target/pushgate-gateway.jar:target/pushgate-bench.jar io.pushgate.bench.BenchGateway \
  -conf bench-config.json --control-port "$CONTROL_PORT" >target/gateway.log 2>&1 &
GATEWAY_TIMEOUT_PID=$!
pids+=("$GATEWAY_TIMEOUT_PID")
# The whole line, pid included: the JVM may write a line in two pieces.
wait_for_line target/gateway.log "bench gateway ready (pid [0-9]*, .*)" "$GATEWAY_TIMEOUT_PID"
# The pid of the gateway JVM itself (timeout is its parent), for its CPU time and peak RSS.
GATEWAY_PID=$(sed -n 's/.*bench gateway ready (pid \([0-9]*\),.*/\1/p' target/gateway.log | head -n 1)

# The cluster row's two nodes: the real jar (Main) with -cluster, node 1 serving HTTP, node 2 only sending, in a
# cluster of their own on 127.0.0.1.
start_cluster_node() {
  local index=$1 member_port=$2 http_opts=$3 log=target/cluster-$1.log
  # shellcheck disable=SC2086 # CLUSTER_JAVA_OPTS and http_opts hold several flags on purpose
  timeout "$PROCESS_TIMEOUT_S" java -Xmx256m $CLUSTER_JAVA_OPTS $http_opts "$(store_of "cluster-$index")" \
    -Dpushgate.targets.default.url="http://127.0.0.1:$TARGET_PORT/push" \
    -Dpushgate.cluster.name="pushgate-bench-$$" -Dpushgate.cluster.port="$member_port" \
    -Dpushgate.cluster.members="127.0.0.1:$MEMBER1_PORT,127.0.0.1:$MEMBER2_PORT" \
    -Dpushgate.cluster.nodeName="bench-$index" \
    -jar target/pushgate-gateway.jar -conf bench-config.json -cluster >"$log" 2>&1 &
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
  local name=$1 jar=$2 port=$3 store_opt=$4 log=target/$1.log
  # shellcheck disable=SC2086 # JAR_JAVA_OPTS and store_opt hold flags on purpose (store_opt may be none)
  timeout "$PROCESS_TIMEOUT_S" java -Xmx256m $JAR_JAVA_OPTS $store_opt \
    -Dpushgate.http.port="$port" \
    -Dpushgate.targets.default.url="http://127.0.0.1:$TARGET_PORT/push" \
    -Dpushgate.targets.default.circuitBreaker.maxFailures="$JAR_BREAKER_MAX_FAILURES" \
    -jar "$jar" -conf bench-config.json >"$log" 2>&1 &
}
compare_args=()
if [[ -n $BASELINE_JAR ]]; then
  log "starting the current jar on 127.0.0.1:$CURRENT_JAR_PORT and the baseline jar on 127.0.0.1:$BASELINE_JAR_PORT" \
    "(target/jar-current.log, target/jar-baseline.log)"
  start_jar_gateway jar-current target/pushgate-gateway.jar "$CURRENT_JAR_PORT" "$(store_of jar-current)"
  CURRENT_JAR_TIMEOUT_PID=$!
  pids+=("$CURRENT_JAR_TIMEOUT_PID")
  wait_for_line target/jar-current.log "Pushgate listening" "$CURRENT_JAR_TIMEOUT_PID"
  start_jar_gateway jar-baseline target/pushgate-baseline.jar "$BASELINE_JAR_PORT" ""
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
  timeout "$LOAD_TIMEOUT_S" java -Xmx512m -cp target/pushgate-bench.jar io.pushgate.bench.LoadGenerator \
    --gateway-port "$GATEWAY_PORT" --control-port "$CONTROL_PORT" --gateway-pid "$GATEWAY_PID" \
    --sink-port "$NGINX_PORT" --sink-pids "$NGINX_PIDS" \
    --jvm-sink-port "$SINK_PORT" --jvm-sink-pid "$(child_pid "$SINK_TIMEOUT_PID")" \
    --proxy-port "$PROXY_PORT" --proxy-pid "$PROXY_PID" \
    --cluster-port "$CLUSTER_HTTP_PORT" --cluster-pids "$CLUSTER_PIDS" \
    --direct-verticles "$DIRECT_VERTICLES" --direct-inflight "$DIRECT_INFLIGHT" --direct-pool "$DIRECT_POOL" \
    --undici-command "node node/undici-driver.mjs" --old-client-command "$PYTHON old_client.py" \
    --driver-log target/drivers.log --old-client-messages "$OLD_CLIENT_MESSAGES" \
    "${compare_args[@]}" --rows "$ROWS" --rounds "$ROUNDS" --messages "$MESSAGES" --warmup "$WARMUP" \
    2> >(tee target/loadgen.log >&2) | tee target/results.md || status=$?
fi

# A JVM that died under load explains a failed run: say how it ended (143 = SIGTERM, 137 = SIGKILL, 124 = timeout).
declare -A watched=([sink]=$SINK_TIMEOUT_PID [gateway]=$GATEWAY_TIMEOUT_PID)
[[ $MODE == soak ]] || watched+=([cluster-1]=$CLUSTER1_TIMEOUT_PID [cluster-2]=$CLUSTER2_TIMEOUT_PID
  [nginx]=$NGINX_TIMEOUT_PID [proxy]=$PROXY_TIMEOUT_PID)
[[ -z $BASELINE_JAR ]] || watched+=([jar-current]=$CURRENT_JAR_TIMEOUT_PID [jar-baseline]=$BASELINE_JAR_TIMEOUT_PID)
report_ended_processes
log "load took $((SECONDS - load_started)) s; finished in $((SECONDS - started)) s with status $status"
exit "$status"
