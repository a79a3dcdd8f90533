#!/usr/bin/env bash
# Hostile peers at -Xmx256m: replays the ten scenarios of issue 13 (huge, trickling, slow and malformed targets;
# clients that never read, send huge bodies, half a head, or go away) against the real jar, each against a fresh
# gateway (java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar target/pushgate.jar -conf FILE, demo receiver off, all on
# 127.0.0.1), and prints one Markdown table row per scenario: what happened, /health/live during and after, alive,
# OutOfMemoryError, unearned 5xx, peak RSS, exit status and time after SIGTERM, PASS/FAIL.
#
#   bench/hostile.sh                  # every scenario, about 2.5 minutes on 2 cores (plus the build if needed)
#   bench/hostile.sh --only 3,7       # some of them (numbers as in the issue and the table)
#   bench/hostile.sh --jar /tmp/old-pushgate.jar   # another build
#
# Needs Java 17, Maven (only when target/pushgate.jar is missing) and /usr/bin/python3 (standard library only).
# The script raises its open-file limit to at most 20000 (scenario 7 holds 2,000 connections). The gateways'
# configs and logs stay in /tmp/pushgate-hostile-*/ (printed at the start). Exit status: 0 when every row is PASS,
# 1 when one is FAIL, 2 when the script could not run. Every process it starts is killed when it ends, Ctrl-C included.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -f ../target/pushgate.jar ]]; then
  mvn -B -q -f ../pom.xml package -DskipTests
fi
ulimit -n 20000 2>/dev/null || true
exec /usr/bin/python3 hostile.py "$@"
