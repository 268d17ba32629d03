#!/usr/bin/env bash
# side-by-side.sh's /metrics measurement, made in rounds on agents that are already running, to show how a
# fresh JVM's figure moves while its JIT compiler warms up (bench/README.md, "`/metrics` at 50 containers").
#
#   bench/scrape-rounds.sh [-r ROUNDS] [-i IDLE] [-w WARMUP] [-n SCRAPES] NAME:PID:PORT [NAME:PID:PORT ...]
#   bench/scrape-rounds.sh -r 3 -i 60 cadvisor:1234:18080 main:2345:18090 branch:3456:18100
#
# Each round is side-by-side.sh's method for every agent: the idle rate over IDLE seconds (default 60) with
# no requests, measured for all agents at once; then, one agent after the other, WARMUP (5) unmeasured and
# SCRAPES (50) measured sequential GET /metrics on 127.0.0.1. CPU per scrape is the process's utime + stime
# from /proc/<pid>/stat (clock ticks) over the measured scrapes, less the idle rate x their wall time, divided
# by SCRAPES; the same from /proc/<pid>/task/*/schedstat (nanoseconds); the median curl time_total; and the
# CPU per scrape of each thread name (pool numbers dropped) that used more than 0.05 ms a scrape, from
# schedstat. Round 1 on agents started IDLE + 150 s before is side-by-side.sh's own window. Every answer must
# be 200. Nothing is started or stopped.
set -euo pipefail

rounds=1 idle=60 warmup=5 scrapes=50
while getopts r:i:w:n: opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    i) idle=$OPTARG ;;
    w) warmup=$OPTARG ;;
    n) scrapes=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
(($# >= 1)) || { sed -n '2,15p' "$0" >&2; exit 2; }
for v in rounds idle scrapes; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || { echo "$v must be a positive integer, not '${!v}'" >&2; exit 2; }
done
[[ $warmup =~ ^[0-9]+$ ]] || { echo "warm-up must be a count, not '$warmup'" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
HZ=$(getconf CLK_TCK)

# shellcheck source=bench/agents.sh
source "$(dirname "$0")/agents.sh"
agents_parse "$@"

ticks() { local s; s=$(<"/proc/$1/stat"); s=${s##*) }; awk '{print $12 + $13}' <<<"$s"; }
# "<thread name> <on-CPU ns>" per thread name, sorted
threads() {
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' _ <"$t/comm" | sed 's/-[0-9]*$//')" "$(cut -d' ' -f1 "$t/schedstat")"
  done 2>/dev/null | awk '{s[$1] += $2} END {for (k in s) print k, s[k]}' | sort
}
scrape() { # name, output file for the time
  local code
  code=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:${port[$1]}/metrics")
  [[ ${code%% *} == 200 ]] || { echo "$1: /metrics answered ${code%% *}" >&2; exit 1; }
  echo "${code#* }" >>"$2"
}

declare -A k0 s0 idle_ticks idle_sched
for ((round = 1; round <= rounds; round++)); do
  t0=$(now_ns)
  for name in "${names[@]}"; do k0[$name]=$(ticks "${pid[$name]}"); s0[$name]=$(cpu_ns "${pid[$name]}"); done
  sleep "$idle"
  t1=$(now_ns)
  for name in "${names[@]}"; do
    idle_ticks[$name]=$(awk -v c=$(($(ticks "${pid[$name]}") - k0[$name])) -v hz="$HZ" -v ns=$((t1 - t0)) \
      'BEGIN {printf "%.6f", c / hz / (ns / 1e9)}')
    idle_sched[$name]=$(awk -v c=$(($(cpu_ns "${pid[$name]}") - s0[$name])) -v ns=$((t1 - t0)) \
      'BEGIN {printf "%.6f", c / ns}')
  done
  printf 'round %d: %d s idle window, then %d + %d scrapes per agent in turn; load average %s\n' "$round" "$idle" \
    "$warmup" "$scrapes" "$(cut -d' ' -f1-3 /proc/loadavg)"
  for name in "${names[@]}"; do
    p=${pid[$name]}
    for ((i = 0; i < warmup; i++)); do scrape "$name" /dev/null; done
    threads "$p" >"$tmp/threads0"
    : >"$tmp/times"
    a=$(now_ns); ka=$(ticks "$p"); sa=$(cpu_ns "$p")
    for ((i = 0; i < scrapes; i++)); do scrape "$name" "$tmp/times"; done
    b=$(now_ns); kb=$(ticks "$p"); sb=$(cpu_ns "$p")
    threads "$p" >"$tmp/threads1"
    median=$(sort -g "$tmp/times" | awk '{v[NR] = $1 * 1000} END {printf "%.2f", v[int((NR + 1) / 2)]}')
    awk -v name="$name" -v c=$((kb - ka)) -v hz="$HZ" -v ns=$((b - a)) -v idle="${idle_ticks[$name]}" \
      -v sc=$((sb - sa)) -v sidle="${idle_sched[$name]}" -v n="$scrapes" -v median="$median" 'BEGIN {
        printf "  %-10s CPU %6.2f ms/scrape (ticks; idle %.4f cores taken off), %6.2f ms/scrape (schedstat)  median %s ms\n",
          name, (c / hz - idle * ns / 1e9) / n * 1000, idle, (sc - sidle * ns) / n / 1e6, median}'
    join -a2 -e0 -o 0,1.2,2.2 "$tmp/threads0" "$tmp/threads1" |
      awk -v n="$scrapes" '{d = ($3 - $2) / 1e6 / n; if (d > 0.05) printf "%s%s %.2f", (k++ ? ", " : "    threads, ms/scrape: "), $1, d}
        END {if (k) print ""}'
  done
done
