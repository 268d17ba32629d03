#!/usr/bin/env bash
# Idle CPU of two agent builds and cAdvisor, all three running at once on the same containers (see
# bench/README.md, "Idle CPU, two builds and cAdvisor at once"): starts cAdvisor (CADVISOR, skipped when
# absent), the build in APP_A and the build in APP_B with bin/run's JVM flags (no class-data archive:
# it acts on start-up only), waits WARM seconds from their start, then measures over WINDOW seconds
# utime + stime of /proc/<pid>/stat (all threads) in cores, VmRSS at the end, the wake-ups a second
# (voluntary context switches summed over the threads alive at both ends of the window) and, for the
# agents, the ticks (1/CLK_TCK s) of each thread name, user / system, summed over the threads of one name.
# The host's noise hits the three alike; figures from different runs are not comparable.
#
# Usage: APP_A=/tmp/main-app APP_B=target/quarkus-app bench/idle-ab.sh
#        env: N=50 (busybox containers started first, every fifth running `while true; do sleep 1; done`,
#             named jcadv-idleab-<pid>-<i>, removed on exit; N=0: whatever runs), WARM=150 WINDOW=60,
#             CADVISOR=/tmp/cadvisor-0.36.0
# Needs root and a running dockerd. One { ... exit; } block: bash reads it all before it runs, so editing
# the script or checking out another commit does not disturb a run under way.
set -euo pipefail
{
cd "$(dirname "$0")/.."
source bench/containers.sh

N=${N:-50}
WARM=${WARM:-150}
WINDOW=${WINDOW:-60}
APP_A=${APP_A:?a quarkus-app directory (the build before)}
APP_B=${APP_B:-target/quarkus-app}
CADVISOR=${CADVISOR:-/tmp/cadvisor-0.36.0}
IMAGE=${JCADVISOR_TEST_IMAGE:-jcadvisor/busybox:latest}
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=docker
PREFIX="jcadv-idleab-$$"
hz=$(getconf CLK_TCK)
tmp=$(mktemp -d /tmp/jcadv-idleab.XXXXXX)
pids=()
names=()

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  remove_prefixed "$PREFIX" || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for app in "$APP_A" "$APP_B"; do
  [[ -f $app/quarkus-run.jar ]] || { echo "no $app/quarkus-run.jar" >&2; exit 1; }
done
for ((i = 1; i <= N; i++)); do
  if ((i % 5 == 0)); then
    $DOCKER run -d --name "$PREFIX-$i" "$IMAGE" sh -c 'while true; do sleep 1; done' >/dev/null
  else
    $DOCKER run -d --name "$PREFIX-$i" "$IMAGE" sleep 86400 >/dev/null
  fi
done

# bin/run's JVM and flags (bin/jvm), without its start-up archive (each build would need its own)
java=$(bin/jvm)
read -r -a run_flags <<<"$(bin/jvm --flags)"

if [[ -x $CADVISOR ]]; then
  "$CADVISOR" -port "$(free_port)" -logtostderr >"$tmp/cadvisor.log" 2>&1 &
  pids+=($!)
  names+=(cadvisor)
fi
for label in A B; do
  app=APP_$label
  port=$(free_port)
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} "$java" "${run_flags[@]}" -Dquarkus.http.port="$port" \
    -Dquarkus.management.port="$(free_port)" -jar "${!app}/quarkus-run.jar" -port="$port" >"$tmp/$label.log" 2>&1 &
  pids+=($!)
  names+=("$label")
done

ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
# wake-ups: voluntary context switches summed over the process's threads (a thread that sleeps and wakes)
wakeups() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ {s += $2} END {print s}'; }
threads() {
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' _ <"$t/comm" | sed 's/-[0-9]*$//')" "$(sed 's/.*) //' "$t/stat" | awk '{print $12, $13}')"
  done 2>/dev/null | awk '{u[$1] += $2; s[$1] += $3} END {for (k in u) print k, u[k], s[k]}' | sort
}

echo "# idle-ab: $(date -u +%FT%TZ), $(nproc) CPUs, A=$APP_A B=$APP_B, warm ${WARM}s, window ${WINDOW}s, $($DOCKER ps -q | wc -l) containers running"
sleep "$WARM"
declare -A c0 v0
for i in "${!pids[@]}"; do
  kill -0 "${pids[$i]}" 2>/dev/null || { echo "${names[$i]} exited:" >&2; tail -20 "$tmp/${names[$i]}.log" >&2; exit 1; }
  c0[$i]=$(ticks "${pids[$i]}")
  v0[$i]=$(wakeups "${pids[$i]}")
  threads "${pids[$i]}" >"$tmp/${names[$i]}.t0"
done
w0=$(date +%s%N)
load0=$(cut -d' ' -f1 /proc/loadavg)
sleep "$WINDOW"
w1=$(date +%s%N)
for i in "${!pids[@]}"; do
  c1=$(ticks "${pids[$i]}")
  v1=$(wakeups "${pids[$i]}")
  threads "${pids[$i]}" >"$tmp/${names[$i]}.t1"
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/${pids[$i]}/status")
  cores=$(awk -v c=$((c1 - c0[$i])) -v hz="$hz" -v ns=$((w1 - w0)) 'BEGIN {printf "%.4f", c / hz / (ns / 1e9)}')
  echo "${names[$i]}: ${cores} cores ($((c1 - c0[$i])) ticks), RSS $((rss / 1024)) MB, $(((v1 - v0[$i]) * 1000000000 / (w1 - w0))) wake-ups/s"
  if [[ ${names[$i]} != cadvisor ]]; then
    busiest=$(join -a2 -e0 -o 0,1.2,1.3,2.2,2.3 "$tmp/${names[$i]}.t0" "$tmp/${names[$i]}.t1" |
      awk '{u = $4 - $2; s = $5 - $3; if (u + s > 0) print u + s, $1, u, s}' | sort -rn | head -10 |
      awk '{printf "%s%s %d (%d/%d)", (NR > 1 ? ", " : ""), $2, $1, $3, $4}')
    echo "  threads, ticks (user/system): $busiest"
  fi
done
echo "load $load0 -> $(cut -d' ' -f1 /proc/loadavg)"
exit
}
