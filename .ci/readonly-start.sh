#!/usr/bin/env bash
# Starts target/caravan.jar as ToolHive's operator runs the container image (there is no Docker
# engine here to run the image itself): the image's JVM flags (container/jvm.options), uid/gid 1000,
# HOME=/tmp and XDG_CONFIG_HOME=/tmp, and the whole root filesystem read-only (/tmp, the working
# directory and java.io.tmpdir included) in a mount namespace of its own. Two gateways start so:
#   demo      java -jar with no arguments: the built-in demo backends
#   operator  the operator's arguments, serve --config=FILE --host=0.0.0.0 --port=N, with a static
#             config (read-only, as the operator's ConfigMap) whose backends are the demo's
# For each it checks that it serves (MCP initialize, tools/list, tools/call over HTTP; /health,
# /readyz; the status page), that nothing in its output says it could not write, and prints its RSS.
# The operator's config has Cedar authorization (incomingAuth.authz.type: cedar): its native library
# is loaded from CEDAR_JAVA_FFI_LIB, unpacked beforehand as the image does (the root cannot take it),
# and the tool a policy forbids (notes_add_note) must be missing from tools/list.
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
take() { local p; p=$(free_port); TAKEN="$TAKEN$p "; echo "$p"; }
PORT=$(take); TAKEN=" $PORT "; MGMT=$(take); TAKEN="$TAKEN$MGMT "; DEMO=$(take); TAKEN="$TAKEN$DEMO "
OP_PORT=$(take); TAKEN="$TAKEN$OP_PORT "; OP_MGMT=$(take)

# Cedar's native library, unpacked as the Dockerfile does (the gateway cannot unpack it on this root)
CEDAR_LIB="$PWD/$OUT/native/libcedar_java_ffi.so"
mkdir -p "$OUT/native"
unzip -q -o -j "$JAR" "jne/linux/$(uname -m)/libcedar_java_ffi.so" -d "$OUT/native"

# The operator's config: what its ConfigMap would hold, with the demo gateway's backends.
cat >"$OUT/config.yaml" <<EOF
name: readonly-start
groupRef: readonly-start
incomingAuth:
  type: anonymous
  authz:
    type: cedar
    policies:
      - 'permit(principal, action, resource);'
      - 'forbid(principal, action == Action::"call_tool", resource == Tool::"notes_add_note");'
outgoingAuth: {source: inline}
backends:
  - {name: weather, url: "http://127.0.0.1:$DEMO/weather/mcp", transport: streamable-http}
  - {name: notes, url: "http://127.0.0.1:$DEMO/notes/mcp", transport: streamable-http}
aggregation: {conflictResolution: prefix, conflictResolutionConfig: {prefixFormat: '{workload}_'}}
operational:
  failureHandling: {healthCheckInterval: 30s, unhealthyThreshold: 3,
                    partialFailureMode: fail, circuitBreaker: {failureThreshold: 5, timeout: 1m0s}}
EOF

# Inside the namespace: every mount read-only (but /proc, /sys and /dev, as in a pod), checked,
# then java exec'd as $WHO with the image's flags and the given arguments. The log files were
# opened outside, on the host's mounts, so they stay writable through those open descriptors only.
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
exec $RUN_AS env -i PATH="$PATH" HOME=/tmp XDG_CONFIG_HOME=/tmp TOOLHIVE_RUNTIME=kubernetes UNSTRUCTURED_LOGS=false \
  CEDAR_JAVA_FFI_LIB="$CEDAR_LIB" \
  java @"$JVM_OPTIONS" -XX:SharedArchiveFile=target/caravan.jsa -Dcamel.management.port="$MGMT" "$@"
'

PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT

fail() {
  echo "readonly-start: FAILED: $*"
  for f in "$OUT"/*.log; do echo "--- $f"; tail -n 15 "$f"; done
  exit 1
}

# start NAME MANAGEMENT_PORT JAVA_ARGS...: in its own read-only namespace, in the background
start() {
  local name=$1 mgmt=$2
  shift 2
  MGMT=$mgmt JVM_OPTIONS=$JVM_OPTIONS RUN_AS=$RUN_AS WHO=$WHO CEDAR_LIB=$CEDAR_LIB "${UNSHARE[@]}" bash -c "$INNER" inner "$@" \
    >"$OUT/$name-stdout.log" 2>"$OUT/$name-stderr.log" </dev/null &
  PIDS+=($!)
}

# check NAME PID PORT MANAGEMENT_PORT: it serves MCP and its endpoints; prints a summary line
check() {
  local name=$1 pid=$2 port=$3 mgmt=$4 base="http://127.0.0.1:$3" session started
  started=$(date +%s%N)
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || fail "$name: the gateway exited"
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" = 200 ] && break
    sleep 0.1
  done
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" = 200 ] || fail "$name: /readyz is not 200 after 30 s"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health")" = 200 ] || fail "$name: /health is not 200"
  local hdr=(-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'
    -H 'MCP-Protocol-Version: 2025-11-25')
  curl -s -D "$OUT/$name-headers.txt" -o "$OUT/$name-initialize.json" "${hdr[@]}" --data \
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"readonly-start","version":"1"}}}' \
    "$base/mcp"
  session=$(tr -d '\r' <"$OUT/$name-headers.txt" | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}')
  [ -n "$session" ] || fail "$name: initialize gave no Mcp-Session-Id: $(cat "$OUT/$name-initialize.json")"
  hdr+=(-H "Mcp-Session-Id: $session")
  curl -s -o /dev/null "${hdr[@]}" --data '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$base/mcp"
  curl -s -o "$OUT/$name-tools-list.json" "${hdr[@]}" --data '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' "$base/mcp"
  grep -q '"weather_get_forecast"' "$OUT/$name-tools-list.json" \
    || fail "$name: tools/list lacks weather_get_forecast: $(head -c 500 "$OUT/$name-tools-list.json")"
  if [ "$name" = operator ]; then
    grep -q '"notes_list_notes"' "$OUT/$name-tools-list.json" \
      || fail "$name: tools/list lacks notes_list_notes: $(head -c 500 "$OUT/$name-tools-list.json")"
    if grep -q '"notes_add_note"' "$OUT/$name-tools-list.json"; then
      fail "$name: Cedar forbids notes_add_note, yet tools/list has it"
    fi
  fi
  curl -s -o "$OUT/$name-tools-call.json" "${hdr[@]}" --data \
    '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"weather_get_forecast","arguments":{"city":"Oslo","days":2}}}' \
    "$base/mcp"
  grep -q 'Forecast for Oslo' "$OUT/$name-tools-call.json" \
    || fail "$name: tools/call gave no forecast: $(head -c 500 "$OUT/$name-tools-call.json")"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$mgmt/caravan/status.json")" = 200 ] \
    || fail "$name: the status page is not served on the management port"
  echo "readonly-start: $name: ready $((($(date +%s%N) - started) / 1000000)) ms after the check began;" \
    "initialize, tools/list, tools/call, /health, /readyz and the status page answered;" \
    "RSS $(($(awk '/^VmRSS/{print $2}' "/proc/$pid/status") / 1024)) MB"
}

echo "== read-only start as $WHO (logs: $OUT/): demo on port $PORT, then the operator's serve on port $OP_PORT"
start demo "$MGMT" -Dcamel.server.port="$PORT" -Dcaravan.demo.port="$DEMO" -jar "$JAR"
check demo "${PIDS[0]}" "$PORT" "$MGMT"
start operator "$OP_MGMT" -jar "$JAR" serve --config="$OUT/config.yaml" --host=0.0.0.0 --port="$OP_PORT"
check operator "${PIDS[1]}" "$OP_PORT" "$OP_MGMT"
stop_all
trap - EXIT

# Anything that tried to write: the JVM, Vert.x, Netty, log4j; at start, while serving, at shutdown.
if grep -n -i -E 'read-only file system|EROFS|could not create|cannot create|failed to create|unable to create|access denied|permission denied|hs_err' \
    "$OUT"/*.log; then
  fail "the output shows a write that failed (lines above)"
fi
echo "readonly-start: OK: both gateways served on a read-only root as $WHO with $JVM_OPTIONS; no failed write in their output"
