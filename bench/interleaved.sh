#!/usr/bin/env bash
# Sends the same request to several running agents in turn (one to each, round after round), so a busy
# host weighs on all of them alike, and prints for each agent its CPU per request, the median and p90
# latency and the answer's size.
#
#   bench/interleaved.sh [-n REQUESTS] [-w WARMUP] PATH NAME:PID:PORT [NAME:PID:PORT ...]
#   bench/interleaved.sh -n 100 -w 30 /metrics cadvisor:1234:18080 main:2345:18090 branch:3456:18100
#
# CPU is the on-CPU time of all the process's threads from /proc/<pid>/task/*/schedstat (nanoseconds, so
# not rounded to the 10 ms clock tick of /proc/<pid>/stat), over the requests, less the process's idle
# rate measured over IDLE seconds (default 5) just before, divided by the number of requests. Threads that
# end during the run take their time with them: fine for agents whose thread pools stay up.
# Requests go to 127.0.0.1; every answer must be 200. Nothing is started or stopped.
set -euo pipefail

n=60
warmup=10
idle=${IDLE:-5}
while getopts n:w: opt; do
  case $opt in
    n) n=$OPTARG ;;
    w) warmup=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
(($# >= 2)) || { sed -n '2,13p' "$0" >&2; exit 2; }
path=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=bench/agents.sh
source "$(dirname "$0")/agents.sh"
agents_parse "$@"

request() { # name, output file for "time size"
  local code
  code=$(curl -s -o "$tmp/body.$1" -w '%{http_code} %{time_total} %{size_download}' "http://127.0.0.1:${port[$1]}$path")
  [[ ${code%% *} == 200 ]] || { echo "$1: $path answered ${code%% *}" >&2; exit 1; }
  echo "${code#* }" >>"$2"
}

for _ in $(seq 1 "$warmup"); do
  for name in "${names[@]}"; do request "$name" /dev/null; done
done

declare -A i0 i1 c0 c1
for name in "${names[@]}"; do i0[$name]=$(cpu_ns "${pid[$name]}"); done
s0=$(now_ns)
sleep "$idle"
s1=$(now_ns)
for name in "${names[@]}"; do i1[$name]=$(cpu_ns "${pid[$name]}"); done

for name in "${names[@]}"; do : >"$tmp/times.$name"; c0[$name]=$(cpu_ns "${pid[$name]}"); done
t0=$(now_ns)
for _ in $(seq 1 "$n"); do
  for name in "${names[@]}"; do request "$name" "$tmp/times.$name"; done
done
t1=$(now_ns)
for name in "${names[@]}"; do c1[$name]=$(cpu_ns "${pid[$name]}"); done

printf '%s, %d requests each after %d warm-up rounds, load average %s\n' "$path" "$n" "$warmup" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${names[@]}"; do
  sort -n "$tmp/times.$name" | awk -v name="$name" -v n="$n" -v cpu=$((c1[$name] - c0[$name])) \
    -v idle=$((i1[$name] - i0[$name])) -v idlewall=$((s1 - s0)) -v wall=$((t1 - t0)) '
    {t[NR] = $1 * 1000; bytes = $2}
    END {
      rate = idle / idlewall
      printf "%-12s CPU %6.2f ms/request (idle %.4f cores taken off)  median %6.2f ms  p90 %6.2f ms  %d bytes\n",
        name, (cpu - rate * wall) / 1e6 / n, rate, t[int((n + 1) / 2)], t[int(0.9 * n)], bytes
    }'
done
