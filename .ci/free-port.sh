# Sourced by the .ci scripts that start the jar: free_port prints a TCP port that is free now,
# below the kernel's ephemeral range (so no outgoing connection holds it) and not in $TAKEN
# (" p1 p2 "); the caller adds each port it takes to TAKEN.
TAKEN=" "
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((12000 + RANDOM % 18000))
    case "$TAKEN" in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}
