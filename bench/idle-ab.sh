#!/usr/bin/env bash
# Idle CPU of agent builds and cAdvisor, all running at once on the same containers (see bench/README.md,
# "Idle CPU, two builds and cAdvisor at once" and "One timer thread"): starts cAdvisor (CADVISOR, skipped
# when absent) and the builds, waits WARM seconds from their start, then measures over WINDOW seconds
# utime + stime of /proc/<pid>/stat (all threads) in cores, VmRSS at the end, the wake-ups a second
# (voluntary context switches summed over the threads alive at both ends of the window) and, for the
# agents, the ticks (1/CLK_TCK s) of each thread name, user / system, summed over the threads of one name,
# their /q/health/live and how many samples they took in the window (/api/v2.0/stats, all containers).
# The host's noise hits all alike; figures from different runs are not comparable.
#
# Usage: bench/idle-ab.sh LABEL=DIR[,JVM-FLAG...] ...   each build started by DIR/bin/run, so with its own
#                                                        JVM, flags and start-up archive (made first)
#   e.g. bench/idle-ab.sh base=/tmp/base new=. slack100=.,-Dcadvisor.housekeeping.timer-slack=100ms
#        APP_A=/tmp/main-app APP_B=target/quarkus-app bench/idle-ab.sh
#                                                        two quarkus-app directories on bin/jvm's java and
#                                                        flags, no start-up archive (it acts on start-up only)
#        env: N=50 (busybox containers started first, every fifth running `while true; do sleep 1; done`,
#             named jcadv-idleab-<pid>-<i>, removed on exit; N=0: whatever runs), WARM=150 WINDOW=60
#             (WARM=0: the first WINDOW s from launch, start-up included),
#             CADVISOR=/tmp/cadvisor-0.36.0 (CADVISOR=none: without it)
# Needs root and a running dockerd. One { ... exit; } block: bash reads it all before it runs, so editing
# the script or checking out another commit does not disturb a run under way.
set -euo pipefail
{
cd "$(dirname "$0")/.."
source bench/containers.sh

N=${N:-50}
WARM=${WARM:-150}
WINDOW=${WINDOW:-60}
# the agents: label, then how each starts (a build's directory for bin/run, or a quarkus-app directory)
builds=() dirs=() extras=()
if (($# > 0)); then
  for spec in "$@"; do
    [[ $spec == *=* ]] || { echo "not LABEL=DIR[,JVM-FLAG...]: $spec" >&2; exit 2; }
    rest=${spec#*=}
    builds+=("${spec%%=*}") dirs+=("$(cd "${rest%%,*}" && pwd)") extras+=("$([[ $rest == *,* ]] && echo "${rest#*,}" || true)")
    [[ -x ${dirs[-1]}/bin/run ]] || { echo "no bin/run in ${rest%%,*}" >&2; exit 2; }
  done
else
  APP_A=${APP_A:?a quarkus-app directory (the build before), or LABEL=DIR arguments}
  APP_B=${APP_B:-target/quarkus-app}
  builds=(A B) dirs=("$APP_A" "$APP_B") extras=("" "")
fi
CADVISOR=${CADVISOR:-/tmp/cadvisor-0.36.0}
IMAGE=${JCADVISOR_TEST_IMAGE:-jcadvisor/busybox:latest}
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=docker
PREFIX="jcadv-idleab-$$"
hz=$(getconf CLK_TCK)
tmp=$(mktemp -d /tmp/jcadv-idleab.XXXXXX)
pids=()
names=()
declare -A hport mport

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

if (($# == 0)); then
  for app in "${dirs[@]}"; do
    [[ -f $app/quarkus-run.jar ]] || { echo "no $app/quarkus-run.jar" >&2; exit 1; }
  done
else
  # each build's start-up archive before the clock starts (bin/run would make it inside the warm-up)
  for d in "${dirs[@]}"; do (cd "$d" && { [[ -x bin/cds-archive ]] && bin/cds-archive >/dev/null || true; }); done
fi
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

# WARM=0 measures from here: each process's CPU since its launch (its threads' ticks from 0), not from a
# reading taken after the launches, which would leave out the start-up of the processes read last
launched=$(date +%s%N)
if [[ -x $CADVISOR ]]; then
  "$CADVISOR" -port "$(free_port)" -logtostderr >"$tmp/cadvisor.log" 2>&1 &
  pids+=($!)
  names+=(cadvisor)
fi
for i in "${!builds[@]}"; do
  label=${builds[$i]} hport[$label]=$(free_port) mport[$label]=$(free_port)
  if (($# > 0)); then
    extra=()
    [[ -z ${extras[$i]} ]] || IFS=, read -r -a extra <<<"${extras[$i]}"
    (cd "${dirs[$i]}" && exec bin/run -Dquarkus.http.port="${hport[$label]}" -Dquarkus.management.port="${mport[$label]}" \
      ${extra[@]+"${extra[@]}"}) >"$tmp/$label.log" 2>&1 &
  else
    MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} "$java" "${run_flags[@]}" -Dquarkus.http.port="${hport[$label]}" \
      -Dquarkus.management.port="${mport[$label]}" -jar "${dirs[$i]}/quarkus-run.jar" >"$tmp/$label.log" 2>&1 &
  fi
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

echo "# idle-ab: $(date -u +%FT%TZ), $(nproc) CPUs, $(for i in "${!builds[@]}"; do printf '%s=%s%s ' "${builds[$i]}" "${dirs[$i]}" "${extras[$i]:+,${extras[$i]}}"; done)warm ${WARM}s, window ${WINDOW}s, $($DOCKER ps -q | wc -l) containers running"
sleep "$WARM"
declare -A c0 v0
for i in "${!pids[@]}"; do
  kill -0 "${pids[$i]}" 2>/dev/null || { echo "${names[$i]} exited:" >&2; tail -20 "$tmp/${names[$i]}.log" >&2; exit 1; }
  if ((WARM == 0)); then
    c0[$i]=0 v0[$i]=0
    : >"$tmp/${names[$i]}.t0"
  else
    c0[$i]=$(ticks "${pids[$i]}")
    v0[$i]=$(wakeups "${pids[$i]}")
    threads "${pids[$i]}" >"$tmp/${names[$i]}.t0"
  fi
done
w0=$(date +%s%N)
((WARM > 0)) || w0=$launched
load0=$(cut -d' ' -f1 /proc/loadavg)
sleep "$(awk -v w0="$w0" -v n="$(date +%s%N)" -v s="$WINDOW" 'BEGIN {d = s - (n - w0) / 1e9; print (d > 0 ? d : 0)}')"
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
    # still live, and how many samples it took in the window (all containers' held samples of the last WINDOW s)
    live=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${mport[${names[$i]}]}/q/health/live" || true)
    samples=$(curl -s "http://127.0.0.1:${hport[${names[$i]}]}/api/v2.0/stats/?recursive=true&count=240" | python3 -c '
import datetime, json, sys
d = json.load(sys.stdin)
now = datetime.datetime.now(datetime.timezone.utc)
n = sum(1 for st in d.values() for s in st
        if (now - datetime.datetime.fromisoformat(s["timestamp"][:26].rstrip("Z") + "+00:00")).total_seconds() <= '"$WINDOW"')
print(n, "samples in the last", '"$WINDOW"', "s of", len(d), "containers")' || echo "no samples answer")
    echo "  /q/health/live $live; $samples"
  fi
done
echo "load $load0 -> $(cut -d' ' -f1 /proc/loadavg)"
exit
}
