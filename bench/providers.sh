# MODE=providers of run.sh (see its header), sourced by it once nginx runs: one gateway jar with a webhook target, a
# Web Push target and an FCM target, all at nginx, and an APNs target at the local APNs stand-in (node), then
# io.pushgate.bench.ProviderLoad. Uses run.sh's variables and functions; sets `status`.

rm -rf target/providers
mkdir -p target/providers
# VAPID keys made as the README says, with openssl.
openssl ecparam -name prime256v1 -genkey -noout -out target/providers/vapid.pem
vapid_public=$(openssl ec -in target/providers/vapid.pem -outform DER 2>/dev/null | tail -c 65 | base64 | tr '/+' '_-' | tr -d '=\n')
vapid_private=$(openssl ec -in target/providers/vapid.pem -outform DER 2>/dev/null | head -c 39 | tail -c 32 | base64 | tr '/+' '_-' | tr -d '=\n')
# An FCM service account as Firebase's console writes it, with a fresh RSA key; its token_uri is the driver's.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out target/providers/fcm-key.pem 2>/dev/null
"$PYTHON" - "$FCM_TOKEN_PORT" >target/providers/fcm-service-account.json <<'PY'
import json, sys
key = open("target/providers/fcm-key.pem").read()
print(json.dumps({"type": "service_account", "project_id": "pushgate-bench", "private_key_id": "bench", "client_id": "100000000000000000001",
                  "private_key": key, "client_email": "bench@pushgate-bench.iam.gserviceaccount.com",
                  "token_uri": "http://127.0.0.1:%s/token" % sys.argv[1]}))
PY

# The APNs row's server: the tests' APNs stand-in (Node's own HTTP/2 server over TLS; every provider token verified,
# nothing recorded), with a certificate and a signing key made by openssl. Its stdin is a FIFO this script holds open:
# it runs until the script ends, and answers `stats` on its stdout.
if ! command -v node >/dev/null; then
  log "the apns row needs node (18+) for its APNs stand-in"
  exit 1
fi
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 -keyout target/providers/apns-tls-key.pem \
  -out target/providers/apns-cert.pem 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out target/providers/AuthKey_KEY1234567.p8
openssl pkey -in target/providers/AuthKey_KEY1234567.p8 -pubout -out target/providers/apns-public.pem
mkfifo target/providers/apns.in
exec {apns_in}<>target/providers/apns.in
log "starting the APNs stand-in (target/providers-apns.log)"
timeout "$PROCESS_TIMEOUT_S" node ../src/test/apns/apns-stand-in.mjs --port 0 \
  --cert target/providers/apns-cert.pem --key target/providers/apns-tls-key.pem \
  --jwt-key target/providers/apns-public.pem --team-id TEAM123456 --key-id KEY1234567 --topics com.example.app \
  --max-streams 1000 --record 0 <target/providers/apns.in >target/providers/apns.out 2>target/providers-apns.log &
APNS_TIMEOUT_PID=$!
pids+=("$APNS_TIMEOUT_PID")
wait_for_line target/providers/apns.out listening "$APNS_TIMEOUT_PID"
APNS_PORT=$(sed -n '1s/[^0-9]*\([0-9]*\).*/\1/p' target/providers/apns.out)

# The apns (nginx h2) row's sink: a second nginx, HTTP/2 over TLS with the stand-in's certificate (nginx-h2.conf).
read -r NGINX_H2_PORT NGINX_H2_STATUS_PORT < <("$PYTHON" -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
')
mkdir -p target/nginx-h2
sed -e "s|@PORT@|$NGINX_H2_PORT|g" -e "s|@STATUS_PORT@|$NGINX_H2_STATUS_PORT|g" -e "s|@PREFIX@|$(pwd)/target/nginx-h2|g" \
  -e "s|@USER@|$nginx_user|" -e "s|@CERT@|$(pwd)/target/providers/apns-cert.pem|" \
  -e "s|@KEY@|$(pwd)/target/providers/apns-tls-key.pem|" nginx-h2.conf >target/nginx-h2/nginx.conf
log "starting the HTTP/2 nginx sink on 127.0.0.1:$NGINX_H2_PORT (target/nginx-h2/)"
timeout "$PROCESS_TIMEOUT_S" nginx -p "$(pwd)/target/nginx-h2/" -e "$(pwd)/target/nginx-h2/error.log" \
  -c "$(pwd)/target/nginx-h2/nginx.conf" >target/nginx-h2/stdout.log 2>&1 &
NGINX_H2_TIMEOUT_PID=$!
pids+=("$NGINX_H2_TIMEOUT_PID")
wait_for_port "$NGINX_H2_STATUS_PORT" "$NGINX_H2_TIMEOUT_PID"

cat >target/providers/gateway.json <<JSON
{"http": {"host": "127.0.0.1", "port": $GATEWAY_PORT}, "demoReceiver": {"enabled": false}, "jobs": {"enabled": false},
 "targets": {
   "default": {"url": "http://127.0.0.1:$NGINX_PORT/push"},
   "browsers": {"kind": "webpush", "allowedOrigins": ["http://127.0.0.1:$NGINX_PORT"],
                "vapid": {"publicKey": "$vapid_public", "privateKey": "$vapid_private", "subject": "mailto:bench@example.com"}},
   "android": {"kind": "fcm", "url": "http://127.0.0.1:$NGINX_PORT",
               "fcm": {"serviceAccountPath": "$PWD/target/providers/fcm-service-account.json"}},
   "ios": {"kind": "apns", "url": "https://127.0.0.1:$APNS_PORT",
           "trustStore": {"path": "$PWD/target/providers/apns-cert.pem"},
           "apns": {"teamId": "TEAM123456", "keyId": "KEY1234567", "topic": "com.example.app",
                    "keyPath": "$PWD/target/providers/AuthKey_KEY1234567.p8"}},
   "ios-nginx": {"kind": "apns", "url": "https://127.0.0.1:$NGINX_H2_PORT",
           "trustStore": {"path": "$PWD/target/providers/apns-cert.pem"},
           "apns": {"teamId": "TEAM123456", "keyId": "KEY1234567", "topic": "com.example.app",
                    "keyPath": "$PWD/target/providers/AuthKey_KEY1234567.p8"}}}}
JSON

log "starting the gateway on 127.0.0.1:$GATEWAY_PORT with a webhook, a webpush and an fcm target at nginx and an" \
  "apns target at the stand-in (target/providers-gateway.log)"
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS holds several flags on purpose
timeout "$PROCESS_TIMEOUT_S" java -Xmx256m $GATEWAY_JAVA_OPTS -jar target/pushgate-gateway.jar \
  -conf target/providers/gateway.json >target/providers-gateway.log 2>&1 &
PROVIDERS_GATEWAY_TIMEOUT_PID=$!
pids+=("$PROVIDERS_GATEWAY_TIMEOUT_PID")
wait_for_line target/providers-gateway.log "Pushgate listening" "$PROVIDERS_GATEWAY_TIMEOUT_PID"
declare -A watched=([nginx]=$NGINX_TIMEOUT_PID [providers-gateway]=$PROVIDERS_GATEWAY_TIMEOUT_PID
  [providers-apns]=$APNS_TIMEOUT_PID [nginx-h2]=$NGINX_H2_TIMEOUT_PID)

status=0
timeout "$LOAD_TIMEOUT_S" java -Xmx512m -cp target/pushgate-bench.jar io.pushgate.bench.ProviderLoad \
  --gateway-port "$GATEWAY_PORT" --gateway-pid "$(child_pid "$PROVIDERS_GATEWAY_TIMEOUT_PID")" \
  --sink-port "$NGINX_PORT" --h2-sink-status-port "$NGINX_H2_STATUS_PORT" --fcm-token-port "$FCM_TOKEN_PORT" --rounds "$ROUNDS" --messages "$MESSAGES" --warmup "$WARMUP" \
  2> >(tee target/providers.log >&2) | tee target/providers.md || status=$?

# What the APNs stand-in saw over the whole run (warm-up included): connections, streams, tokens, violations.
echo stats >&"$apns_in"
apns_waited=0
until (( $(wc -l <target/providers/apns.out) >= 2 )) || (( apns_waited >= 100 )); do
  sleep 0.1
  apns_waited=$((apns_waited + 1))
done
apns_line=$("$PYTHON" - target/providers/apns.out "$WARMUP" "$ROUNDS" "$MESSAGES" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
stats = json.loads(lines[1])["stats"]
expected = int(sys.argv[2]) + int(sys.argv[3]) * int(sys.argv[4])
print(f"APNs stand-in over the run: {stats['connections']} HTTP/2 connection(s) for {stats['streams']:,} streams "
      f"({expected:,} messages; at most {stats['maxConcurrentStreams']} streams at once on one connection), "
      f"{stats['tokens']} provider token(s), {stats['violationCount']} violation(s); the stand-in's CPU "
      f"{stats['cpuMicros'] / max(1, stats['streams']):.0f} µs per stream.")
sys.exit(0 if stats["streams"] == expected and stats["violationCount"] == 0 else 1)
PY
) || status=$(( status == 0 ? 1 : status ))
if [[ -n $apns_line ]]; then
  echo "$apns_line" | tee -a target/providers.md
else
  log "no stats from the APNs stand-in (target/providers/apns.out)"
  status=$(( status == 0 ? 1 : status ))
fi
report_ended_processes
log "finished in $((SECONDS - started)) s with status $status"
