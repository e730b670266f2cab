#!/usr/bin/env bash
# The status page in a real browser: starts target/caravan.jar in demo mode (with the page also on
# the MCP port, caravan.ui.public=true), opens one MCP session that calls a tool, loads the page in
# headless Chromium (Debian's chromium package, installed here when missing) on the management
# port and on the MCP port, and checks the DOM its script rendered: the phase, both backends with
# their health, the aggregated tools with their origin, the config, the session; and that the
# public page shows no backend URL. Then a second gateway, started with the operator's arguments
# (serve --config=FILE ...), gets a broken config file: its page must show the rejected reload.
# Keeps target/ui/status.png and status-rejected.png (screenshots) and the DOMs.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/caravan.jar
OUT=target/ui
[ -f "$JAR" ] || { echo "browser-test: $JAR is missing; build it first (mvn -B -DskipTests package)"; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "browser-test: SKIPPED: chromium is not installed, and installing it needs root and apt-get"
    exit 0
  fi
  echo "== browser-test: installing Debian's chromium package (log: $OUT/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends chromium >"$OUT/apt.log" 2>&1; then
    # a fresh machine has no package lists yet
    apt-get update >>"$OUT/apt.log" 2>&1
    apt-get install -y --no-install-recommends chromium >>"$OUT/apt.log" 2>&1 \
      || { tail -n 20 "$OUT/apt.log"; echo "browser-test: FAILED: apt-get install chromium"; exit 1; }
  fi
  CHROMIUM=$(command -v chromium)
fi

. .ci/free-port.sh
PORT=$(free_port); TAKEN=" $PORT "; MGMT=$(free_port); TAKEN="$TAKEN$MGMT "; DEMO=$(free_port); TAKEN="$TAKEN$DEMO "
OP_PORT=$(free_port); TAKEN="$TAKEN$OP_PORT "; OP_MGMT=$(free_port)
echo "== browser-test: demo mode on port $PORT (management $MGMT); $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
java @container/jvm.options -XX:SharedArchiveFile=target/caravan.jsa -Dcamel.server.host=127.0.0.1 \
  -Dcamel.management.host=127.0.0.1 -Dcamel.server.port="$PORT" -Dcamel.management.port="$MGMT" \
  -Dcaravan.demo.port="$DEMO" -Dcaravan.ui.public=true -Dcaravan.config= -jar "$JAR" \
  >"$OUT/gateway.log" 2>&1 </dev/null &
PID=$!
PIDS=("$PID")
PROFILE=$(mktemp -d)
stop() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$PROFILE"
}
trap stop EXIT

fail() {
  echo "browser-test: FAILED: $*"
  tail -n 20 "$OUT"/gateway*.log
  exit 1
}

BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
  kill -0 "$PID" 2>/dev/null || fail "the gateway exited"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz")" = 200 ] && break
  sleep 0.1
done

# One client session that has used the weather backend, so the sessions table has a row.
HDR=(-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2025-11-25')
SESSION=$(curl -s -D - -o /dev/null "${HDR[@]}" --data \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"browser-test","version":"1"}}}' \
  "$BASE/mcp" | tr -d '\r' | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}')
[ -n "$SESSION" ] || fail "initialize gave no session"
curl -s -o /dev/null "${HDR[@]}" -H "Mcp-Session-Id: $SESSION" --data '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$BASE/mcp"
curl -s -o /dev/null "${HDR[@]}" -H "Mcp-Session-Id: $SESSION" --data \
  '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"weather_get_forecast","arguments":{"city":"Lisbon"}}}' "$BASE/mcp"

# Headless Chromium, with virtual time: the page's script fetches status.json and renders it
# before the DOM is taken.
browse() {
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$PROFILE" --virtual-time-budget=5000 "$@" 2>>"$OUT/chromium.log"
}
OPERATOR_URL="http://127.0.0.1:$MGMT/caravan/"
browse --dump-dom "$OPERATOR_URL" >"$OUT/status-operator.html"
browse --dump-dom "$BASE/caravan/" >"$OUT/status-public.html"
browse --window-size=1280,1000 --screenshot="$OUT/status.png" "$OPERATOR_URL" >/dev/null
[ -s "$OUT/status.png" ] || fail "no screenshot"

# What the script rendered, as a reader sees it.
expect() { # file, fixed text, what it shows
  grep -q -F -- "$2" "$1" || fail "$(basename "$1") lacks $3 ($2)"
}
OP="$OUT/status-operator.html"
expect "$OP" 'data-phase="Ready"' "the Ready phase"
expect "$OP" '<td>weather<div class="detail">' "the weather backend"
expect "$OP" '<td>notes<div class="detail">' "the notes backend"
[ "$(grep -o 'data-health="healthy">healthy<' "$OP" | wc -l)" -eq 2 ] || fail "both backends should show healthy"
expect "$OP" "http://127.0.0.1:$DEMO/weather/mcp" "the backend URL (operator view)"
expect "$OP" '<td>weather_get_forecast</td><td>weather</td><td>get_forecast</td>' "a tool with its origin"
expect "$OP" '<td>notes_add_note</td><td>notes</td><td>add_note</td>' "a tool with its origin"
expect "$OP" '<dd>caravan-demo</dd>' "the config's name"
expect "$OP" '<dd>built-in demo config</dd>' "the config's source"
expect "$OP" 'id="session-count">(1)</span>' "one session"
expect "$OP" "<td>${SESSION:0:8}…</td>" "the session's short id"
grep -q -F -- "$SESSION" "$OP" && fail "the full session id is on the page"
expect "$OP" '<section id="rejected-box" class="rejected" hidden="">' "the rejected-reload box, hidden"
expect "$OP" 'id="audience">operator</span>' "the operator view"

PUB="$OUT/status-public.html"
expect "$PUB" 'id="audience">public</span>' "the public view"
expect "$PUB" '<td>weather_get_forecast</td><td>weather</td><td>get_forecast</td>' "a tool with its origin"
grep -q -F '127.0.0.1' "$PUB" && fail "the public page shows a host"

# A rejected reload: a gateway started as the operator starts it, on a config file whose backends
# are the demo's; the file is then broken, and the page must show the rejection in its red box.
printf 'name: browser-test\nbackends:\n  - {name: weather, url: "http://127.0.0.1:%s/weather/mcp", transport: streamable-http}\n' \
  "$DEMO" >"$OUT/config.yaml"
java @container/jvm.options -XX:SharedArchiveFile=target/caravan.jsa -Dcamel.management.host=127.0.0.1 \
  -Dcamel.management.port="$OP_MGMT" -Dcaravan.config.poll-interval=200 \
  -jar "$JAR" serve --config="$OUT/config.yaml" --host=127.0.0.1 --port="$OP_PORT" >"$OUT/gateway-operator.log" 2>&1 </dev/null &
PIDS+=($!)
OP_JSON="http://127.0.0.1:$OP_MGMT/caravan/status.json"
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$OP_PORT/readyz")" = 200 ] && break
  sleep 0.1
done
printf 'name: browser-test\nbackends:\n  - {name: weather, url: "ftp://nowhere", transport: streamable-http}\n' >"$OUT/config.yaml"
for _ in $(seq 1 100); do
  curl -s "$OP_JSON" | grep -q '"rejected":{' && break
  sleep 0.1
done
curl -s "$OP_JSON" | grep -q '"rejected":{' || fail "the broken config was not reported as rejected"
browse --dump-dom "http://127.0.0.1:$OP_MGMT/caravan/" >"$OUT/status-rejected.html"
browse --window-size=1280,1000 --screenshot="$OUT/status-rejected.png" "http://127.0.0.1:$OP_MGMT/caravan/" >/dev/null
RJ="$OUT/status-rejected.html"
expect "$RJ" '<section id="rejected-box" class="rejected">' "the rejected-reload box, shown"
grep -q -E '<ul id="rejected-problems"><li>[^<]*url' "$RJ" || fail "status-rejected.html lists no problem with the url"
expect "$RJ" '<dd>browser-test</dd>' "the config still in force"
expect "$RJ" "<dd>$OUT/config.yaml</dd>" "the file in force"

echo "browser-test: OK: the status page rendered in $("$CHROMIUM" --version 2>/dev/null | head -1):" \
  "phase, 2 healthy backends, tools with origin, config, 1 session; public view without hosts;" \
  "a rejected reload in its box; screenshots $OUT/status.png, $OUT/status-rejected.png"
