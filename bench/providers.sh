# MODE=providers of run.sh (see its header), sourced by it once nginx runs: one gateway jar with a webhook target and
# a Web Push target, both at nginx, then io.pushgate.bench.ProviderLoad. Uses run.sh's variables and functions;
# sets `status`.

rm -rf target/providers
mkdir -p target/providers
# VAPID keys made as the README says, with openssl.
openssl ecparam -name prime256v1 -genkey -noout -out target/providers/vapid.pem
vapid_public=$(openssl ec -in target/providers/vapid.pem -outform DER 2>/dev/null | tail -c 65 | base64 | tr '/+' '_-' | tr -d '=\n')
vapid_private=$(openssl ec -in target/providers/vapid.pem -outform DER 2>/dev/null | head -c 39 | tail -c 32 | base64 | tr '/+' '_-' | tr -d '=\n')
cat >target/providers/gateway.json <<JSON
{"http": {"host": "127.0.0.1", "port": $GATEWAY_PORT}, "demoReceiver": {"enabled": false}, "jobs": {"enabled": false},
 "targets": {
   "default": {"url": "http://127.0.0.1:$NGINX_PORT/push"},
   "browsers": {"kind": "webpush", "allowedOrigins": ["http://127.0.0.1:$NGINX_PORT"],
                "vapid": {"publicKey": "$vapid_public", "privateKey": "$vapid_private", "subject": "mailto:bench@example.com"}}}}
JSON

log "starting the gateway on 127.0.0.1:$GATEWAY_PORT with a webhook and a webpush target at nginx (target/providers-gateway.log)"
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
  --sink-port "$NGINX_PORT" --rounds "$ROUNDS" --messages "$MESSAGES" --warmup "$WARMUP" \
  2> >(tee target/providers.log >&2) | tee target/providers.md || status=$?
report_ended_processes
log "finished in $((SECONDS - started)) s with status $status"
