#!/usr/bin/env bash
# Starts target/caravan.jar as ToolHive's operator runs the container image (there is no Docker
# engine here to run the image itself): the image's JVM flags (container/jvm.options), uid/gid 1000,
# HOME=/tmp and XDG_CONFIG_HOME=/tmp, and the whole root filesystem read-only (/tmp, the working
# directory and java.io.tmpdir included) in a mount namespace of its own. Then it checks that the
# gateway serves (MCP initialize, tools/list, tools/call over HTTP; /health, /readyz; the status
# page), that nothing in its output says it could not write, and prints its RSS.
# Needs root (unshare -m) or unprivileged user namespaces (unshare -r -m); else it is skipped.
# Output: target/readonly/.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/caravan.jar
# The flags under test; another file only to see what this check catches without them.
JVM_OPTIONS=${JVM_OPTIONS:-container/jvm.options}
OUT=target/readonly
[ -f "$JAR" ] || { echo "readonly-start: $JAR is missing; build it first (mvn -B -DskipTests package)"; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"

# As the pod: uid/gid 1000, when this runs as root and uid 1000 can read the build tree.
RUN_AS="setpriv --reuid=1000 --regid=1000 --clear-groups"
WHO="uid 1000"
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
  UNSHARE=(unshare -m)
  if ! $RUN_AS test -r "$JAR" -a -r container/jvm.options 2>/dev/null; then
    RUN_AS=""; WHO="root (uid 1000 cannot read $PWD)"
  fi
elif unshare -r -m true 2>/dev/null; then
  UNSHARE=(unshare -r -m)
  RUN_AS=""; WHO="uid $(id -u)"
else
  echo "readonly-start: SKIPPED: needs root for 'unshare -m', or user namespaces for 'unshare -r -m'"
  exit 0
fi

. .ci/free-port.sh
PORT=$(free_port); TAKEN=" $PORT "; MGMT=$(free_port); TAKEN="$TAKEN$MGMT "; DEMO=$(free_port)

# Inside the namespace: every mount read-only (but /proc, /sys and /dev, as in a pod), checked,
# then java exec'd as $WHO with the image's flags. The log files were opened outside, on the
# host's mounts, so they stay writable for this process only through those open descriptors.
INNER='
set -eu
mount --make-rprivate /
awk "{print \$5}" /proc/self/mountinfo | sort -u | while read -r mp; do
  mp=$(printf "%b" "$mp")
  case "$mp" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*) continue ;; esac
  if ! mount -o remount,bind,ro "$mp" 2>/dev/null; then
    mount --bind "$mp" "$mp"
    mount -o remount,bind,ro "$mp"
  fi
done
for dir in / /tmp "$PWD"; do
  if touch "$dir/.caravan-rw-check" 2>/dev/null; then
    echo "readonly-start: $dir is still writable inside the namespace" >&2
    rm -f "$dir/.caravan-rw-check"
    exit 97
  fi
done
echo "readonly-start: root, /tmp and $PWD are read-only; starting java as $WHO" >&2
exec $RUN_AS env -i PATH="$PATH" HOME=/tmp XDG_CONFIG_HOME=/tmp \
  TOOLHIVE_RUNTIME=kubernetes UNSTRUCTURED_LOGS=false \
  java @"$JVM_OPTIONS" -XX:SharedArchiveFile=target/caravan.jsa \
  -Dcamel.server.port="$PORT" -Dcamel.management.port="$MGMT" -Dcaravan.demo.port="$DEMO" \
  -jar target/caravan.jar
'

echo "== read-only start: demo mode on port $PORT (management $MGMT), log: $OUT/stdout.log, $OUT/stderr.log"
START=$(date +%s%N)
PORT=$PORT MGMT=$MGMT DEMO=$DEMO JVM_OPTIONS=$JVM_OPTIONS RUN_AS=$RUN_AS WHO=$WHO "${UNSHARE[@]}" bash -c "$INNER" >"$OUT/stdout.log" 2>"$OUT/stderr.log" </dev/null &
PID=$!
stop() {
  if kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2>/dev/null || true
  fi
}
trap stop EXIT

fail() {
  echo "readonly-start: FAILED: $*"
  tail -n 30 "$OUT/stderr.log" "$OUT/stdout.log"
  exit 1
}

BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
  kill -0 "$PID" 2>/dev/null || fail "the gateway exited"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz")" = 200 ] && break
  sleep 0.1
done
READY_MS=$((($(date +%s%N) - START) / 1000000))
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz")" = 200 ] || fail "/readyz is not 200 after 30 s"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health")" = 200 ] || fail "/health is not 200"

# MCP over HTTP, as a client: initialize, initialized, tools/list, tools/call.
mcp() {
  curl -s -D "$OUT/headers.txt" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2025-11-25' ${SESSION:+-H "Mcp-Session-Id: $SESSION"} --data "$1" "$BASE/mcp"
}
SESSION=
mcp '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"readonly-start","version":"1"}}}' \
  >"$OUT/initialize.json"
SESSION=$(tr -d '\r' <"$OUT/headers.txt" | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}')
[ -n "$SESSION" ] || fail "initialize gave no Mcp-Session-Id: $(cat "$OUT/initialize.json")"
mcp '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
mcp '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' >"$OUT/tools-list.json"
grep -q '"weather_get_forecast"' "$OUT/tools-list.json" || fail "tools/list lacks weather_get_forecast: $(head -c 500 "$OUT/tools-list.json")"
mcp '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"weather_get_forecast","arguments":{"city":"Oslo","days":2}}}' \
  >"$OUT/tools-call.json"
grep -q 'Forecast for Oslo' "$OUT/tools-call.json" || fail "tools/call gave no forecast: $(head -c 500 "$OUT/tools-call.json")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MGMT/caravan/status.json")" = 200 ] \
  || fail "the status page is not served on the management port"

RSS_KB=$(awk '/^VmRSS/{print $2}' "/proc/$PID/status")
stop
trap - EXIT

# Anything that tried to write: the JVM, Vert.x, Netty, log4j.
if grep -n -i -E 'read-only file system|EROFS|could not create|cannot create|failed to create|unable to create|access denied|permission denied|hs_err' \
    "$OUT/stdout.log" "$OUT/stderr.log"; then
  fail "the output shows a write that failed (lines above)"
fi
echo "readonly-start: OK: ready in ${READY_MS} ms on a read-only root as $WHO; initialize, tools/list, tools/call," \
  "/health, /readyz and the status page answered; RSS $((RSS_KB / 1024)) MB after those calls"
