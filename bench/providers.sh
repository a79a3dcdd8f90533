# MODE=providers of run.sh (see its header), sourced by it once nginx runs: one gateway jar with a webhook target, a
# Web Push target and an FCM target, all at nginx, then io.pushgate.bench.ProviderLoad. Uses run.sh's variables and functions;
# sets `status`.

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
cat >target/providers/gateway.json <<JSON
{"http": {"host": "127.0.0.1", "port": $GATEWAY_PORT}, "demoReceiver": {"enabled": false}, "jobs": {"enabled": false},
 "targets": {
   "default": {"url": "http://127.0.0.1:$NGINX_PORT/push"},
   "browsers": {"kind": "webpush", "allowedOrigins": ["http://127.0.0.1:$NGINX_PORT"],
                "vapid": {"publicKey": "$vapid_public", "privateKey": "$vapid_private", "subject": "mailto:bench@example.com"}},
   "android": {"kind": "fcm", "url": "http://127.0.0.1:$NGINX_PORT",
               "fcm": {"serviceAccountPath": "$PWD/target/providers/fcm-service-account.json"}}}}
JSON

log "starting the gateway on 127.0.0.1:$GATEWAY_PORT with a webhook, a webpush and an fcm target at nginx (target/providers-gateway.log)"
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS holds several flags on purpose
timeout "$PROCESS_TIMEOUT_S" java -Xmx256m $GATEWAY_JAVA_OPTS -jar target/pushgate-gateway.jar \
  -conf target/providers/gateway.json >target/providers-gateway.log 2>&1 &
PROVIDERS_GATEWAY_TIMEOUT_PID=$!
pids+=("$PROVIDERS_GATEWAY_TIMEOUT_PID")
wait_for_line target/providers-gateway.log "Pushgate listening" "$PROVIDERS_GATEWAY_TIMEOUT_PID"
declare -A watched=([nginx]=$NGINX_TIMEOUT_PID [providers-gateway]=$PROVIDERS_GATEWAY_TIMEOUT_PID)

status=0
timeout "$LOAD_TIMEOUT_S" java -Xmx512m -cp target/pushgate-bench.jar io.pushgate.bench.ProviderLoad \
  --gateway-port "$GATEWAY_PORT" --gateway-pid "$(child_pid "$PROVIDERS_GATEWAY_TIMEOUT_PID")" \
  --sink-port "$NGINX_PORT" --fcm-token-port "$FCM_TOKEN_PORT" --rounds "$ROUNDS" --messages "$MESSAGES" --warmup "$WARMUP" \
  2> >(tee target/providers.log >&2) | tee target/providers.md || status=$?
report_ended_processes
log "finished in $((SECONDS - started)) s with status $status"
