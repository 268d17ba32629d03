#!/usr/bin/env bash
# Idle CPU of agent builds, each started with its own bin/run (its JVM flags and class-data archive) at the
# same moment on the containers already running (bench/README.md, "One timer thread"): waits WARM s (150)
# from the launch, then measures over WINDOW s (60) utime + stime of /proc/<pid>/stat in cores, and per
# thread name (threads alive at both ends, summed over one name; the kernel keeps 15 characters) the
# ticks (1/CLK_TCK s) user / system and the wake-ups (voluntary context switches); at the end it asks each
# agent's /q/health/live and counts the samples of the last WINDOW s in /api/v2.0/stats/?recursive=true.
# The builds share the host's noise; figures from different runs are not comparable. The agents' logs and
# the snapshots stay in the directory printed last; the agents are stopped on exit.
#
# Usage: bench/run-ab.sh LABEL=WORKTREE[,JVM-FLAG...] ...   (launched in the order given)
#   e.g. bench/run-ab.sh base=/work/wt/base new=. slack100=.,-Dcadvisor.housekeeping.timer-slack=100ms
#   env: WARM=150 WINDOW=60. Each worktree must be built (bin/run builds it when its sources are newer
#   than the jar, which would run inside the window), and its archive made once (bin/cds-archive).
# Needs python3, curl, bc; reads /proc of the agents (same user or root).
set -euo pipefail
{
WARM=${WARM:-150}; WINDOW=${WINDOW:-60}
out=$(mktemp -d /tmp/jcadv-run-ab.XXXXXX)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }
declare -A pid mport hport
labels=()
for spec in "$@"; do
  l=${spec%%=*}; rest=${spec#*=}; d=${rest%%,*}; extra=(); [[ $rest == *,* ]] && IFS=, read -r -a extra <<<"${rest#*,}"
  labels+=("$l")
  hp=$(free_port); mp=$(free_port); mport[$l]=$mp; hport[$l]=$hp
  (cd "$d" && exec bin/run -Dquarkus.http.port="$hp" -Dquarkus.management.port="$mp" ${extra[@]+"${extra[@]}"} >"$out/$l.log" 2>&1) &
  pid[$l]=$!
done
trap 'for l in "${labels[@]}"; do kill "${pid[$l]}" 2>/dev/null || true; done' EXIT
snap() { # label file: per thread "comm utime stime vcsw", plus a line for the process
  local p=${pid[$1]}
  for t in /proc/$p/task/*; do
    c=$(tr ' ' '_' <"$t/comm" 2>/dev/null) || continue
    s=$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12, $13}') || continue
    v=$(awk '/^voluntary_ctxt_switches/ {print $2}' "$t/status" 2>/dev/null) || continue
    echo "$(basename "$t") $c $s $v"
  done >"$2"
  sed 's/.*) //' /proc/$p/stat | awk '{print "PROC", $12 + $13}' >>"$2"
}
sleep "$WARM"
for l in "${labels[@]}"; do snap "$l" "$out/$l.0"; done
sleep "$WINDOW"
for l in "${labels[@]}"; do snap "$l" "$out/$l.1"; done
hz=$(getconf CLK_TCK)
for l in "${labels[@]}"; do
  p0=$(awk '$1=="PROC"{print $2}' "$out/$l.0"); p1=$(awk '$1=="PROC"{print $2}' "$out/$l.1")
  live=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:${mport[$l]}/q/health/live" || true)
  samples=$(curl -s "http://localhost:${hport[$l]}/api/v2.0/stats/?recursive=true&count=240" | python3 -c '
import json, sys, datetime
d = json.load(sys.stdin); now = datetime.datetime.now(datetime.timezone.utc); n = 0
for name, st in d.items():
    for s in st:
        t = datetime.datetime.fromisoformat(s["timestamp"][:26].rstrip("Z") + "+00:00")
        n += (now - t).total_seconds() <= '"$WINDOW"'
print(n, "samples in the last", '"$WINDOW"', "s of", len(d), "containers")')
  printf '%s: %.4f cores (%d ticks in %d s), live %s, %s\n' "$l" "$(echo "($p1 - $p0) / $hz / $WINDOW" | bc -l)" $((p1 - p0)) "$WINDOW" "$live" "$samples"
  # per thread name: ticks user+system and voluntary context switches over the window (threads alive at both ends)
  join <(sort "$out/$l.0") <(sort "$out/$l.1") | awk '$2==$6 {u[$2]+=$7-$3; s[$2]+=$8-$4; v[$2]+=$9-$5}
    END {for (k in u) printf "   %-18s %3d ticks (%d user, %d sys) %6d wake-ups\n", k, u[k]+s[k], u[k], s[k], v[k]}' | sort -k2 -nr | head -12
done
echo "logs: $out"
exit
}
