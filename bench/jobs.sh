# MODE=jobs of run.sh (see its header), sourced by it once nginx runs: the SQLite gateway, the PostgreSQL server and
# its gateway, then io.pushgate.bench.JobLoad. Uses run.sh's variables and functions; sets `status`.

# Ports: the single gateway's and the two jar gateways' of the other modes, none of which starts in this one.
SQLITE_GATEWAY_PORT=$GATEWAY_PORT
PG_GATEWAY_PORT=$CURRENT_JAR_PORT
PG_PORT=$BASELINE_JAR_PORT

# One gateway jar, as shipped (Main, not BenchGateway), on the job store $3; log target/$1.log.
start_job_gateway() {
  local name=$1 port=$2 store_url=$3
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS holds several flags on purpose
  timeout "$PROCESS_TIMEOUT_S" java -Xmx256m $GATEWAY_JAVA_OPTS \
    -Dpushgate.http.port="$port" \
    -Dpushgate.targets.default.url="http://127.0.0.1:$NGINX_PORT/push" \
    -Dpushgate.jobs.store.url="$store_url" \
    -jar target/pushgate-gateway.jar -conf bench-config.json >"target/$name.log" 2>&1 &
}

# PostgreSQL refuses to run as root: as root, its server commands run as nobody, in a directory nobody owns.
as_postgres=()
[[ $(id -u) != 0 ]] || as_postgres=(runuser -u nobody --)

PG_DIR=""
PG_WATCHDOG_PID=""
stop_postgres() {
  if [[ -n $PG_WATCHDOG_PID ]]; then
    local sleeper
    sleeper=$(child_pid "$PG_WATCHDOG_PID")
    kill "$PG_WATCHDOG_PID" 2>/dev/null || true
    [[ -z $sleeper ]] || kill "$sleeper" 2>/dev/null || true
  fi
  if [[ -f $PG_DIR/data/postmaster.pid ]]; then
    timeout 60 "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m fast >>"$PG_DIR/server.log" 2>&1 || true
  fi
  cp "$PG_DIR/server.log" target/postgres.log 2>/dev/null || true
  rm -rf "$PG_DIR"
}

start_postgres() {
  local initdb
  initdb=$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)
  PG_BIN=$(dirname "$(readlink -f "$initdb")")
  if [[ ! -x $PG_BIN/pg_ctl ]]; then
    log "no PostgreSQL binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/15/bin; JOB_POSTGRES=0 runs without"
    exit 1
  fi
  PG_DIR=$(mktemp -d /tmp/pushgate-bench-pg.XXXXXX)
  cleanup_hooks+=(stop_postgres)
  [[ $(id -u) != 0 ]] || chown nobody:nogroup "$PG_DIR"
  log "starting PostgreSQL ($("$PG_BIN/postgres" --version)) on 127.0.0.1:$PG_PORT in $PG_DIR (target/postgres.log)"
  if ! timeout 120 "${as_postgres[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U pushgate >"$PG_DIR/setup.log" 2>&1 \
    || ! timeout 60 "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" -w -t 30 start >/dev/null \
    || ! timeout 30 "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U pushgate pushgate >>"$PG_DIR/setup.log" 2>&1; then
    tail -n 30 "$PG_DIR/setup.log" "$PG_DIR/server.log" >&2
    log "PostgreSQL did not start"
    exit 1
  fi
  # The server's log is written by the server (as nobody): pg_ctl -l creates it, so it is not created above.
  # pg_ctl leaves the server running on its own: should this script be killed before its exit trap, the watchdog
  # stops the server once every other process of the run has timed out.
  ( sleep "$PROCESS_TIMEOUT_S" && "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m immediate ) \
    >/dev/null 2>&1 &
  PG_WATCHDOG_PID=$!
  PG_SERVER_PID=$(head -n 1 "$PG_DIR/data/postmaster.pid")
}

rm -rf target/jobs target/jobs-partial.md
mkdir -p target/jobs
log "starting the SQLite gateway on 127.0.0.1:$SQLITE_GATEWAY_PORT, store target/jobs/jobs.db (target/jobs-sqlite.log)"
start_job_gateway jobs-sqlite "$SQLITE_GATEWAY_PORT" "sqlite:$(pwd)/target/jobs/jobs.db"
SQLITE_GATEWAY_TIMEOUT_PID=$!
pids+=("$SQLITE_GATEWAY_TIMEOUT_PID")
wait_for_line target/jobs-sqlite.log "Pushgate listening" "$SQLITE_GATEWAY_TIMEOUT_PID"
job_gateways="sqlite:$SQLITE_GATEWAY_PORT:$(child_pid "$SQLITE_GATEWAY_TIMEOUT_PID")"
declare -A watched=([nginx]=$NGINX_TIMEOUT_PID [jobs-sqlite]=$SQLITE_GATEWAY_TIMEOUT_PID)

if [[ $JOB_POSTGRES != 0 ]]; then
  start_postgres
  log "starting the PostgreSQL gateway on 127.0.0.1:$PG_GATEWAY_PORT (target/jobs-postgresql.log)"
  start_job_gateway jobs-postgresql "$PG_GATEWAY_PORT" \
    "postgresql://pushgate:pushgate@127.0.0.1:$PG_PORT/pushgate"
  PG_GATEWAY_TIMEOUT_PID=$!
  pids+=("$PG_GATEWAY_TIMEOUT_PID")
  wait_for_line target/jobs-postgresql.log "Pushgate listening" "$PG_GATEWAY_TIMEOUT_PID"
  job_gateways+=",postgresql:$PG_GATEWAY_PORT:$(child_pid "$PG_GATEWAY_TIMEOUT_PID"):$PG_SERVER_PID"
  watched+=([jobs-postgresql]=$PG_GATEWAY_TIMEOUT_PID)
fi

load_started=$SECONDS
status=0
log "jobs: ROUNDS=$ROUNDS JOB_MESSAGES=$JOB_MESSAGES JOB_ACCEPT_MESSAGES=$JOB_ACCEPT_MESSAGES JOB_WARMUP=$JOB_WARMUP" \
  "(progress also in target/jobload.log)"
timeout "$LOAD_TIMEOUT_S" java -Xmx512m -cp target/pushgate-bench.jar io.pushgate.bench.JobLoad \
  --sink-port "$NGINX_PORT" --sink-pids "$NGINX_PIDS" --gateways "$job_gateways" --rounds "$ROUNDS" \
  --job-messages "$JOB_MESSAGES" --accept-messages "$JOB_ACCEPT_MESSAGES" --warmup "$JOB_WARMUP" \
  --partial-table target/jobs-partial.md \
  2> >(tee target/jobload.log >&2) | tee target/jobs.md || status=$?

report_ended_processes
if [[ -n $PG_DIR ]]; then
  log "store sizes: SQLite $(du -sh target/jobs | cut -f1), PostgreSQL $(du -sh "$PG_DIR/data" | cut -f1)"
fi
log "load took $((SECONDS - load_started)) s; finished in $((SECONDS - started)) s with status $status"
