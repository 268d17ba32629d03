#!/usr/bin/env bash
# Scrapes several running agents the way Prometheus does, GAP seconds apart (default 6: more than the 5 s for
# which both agents keep a container's spec, so every scrape re-reads every spec), each agent in turn after
# each gap, and prints for each its CPU per scrape and median latency (bench/README.md, "`/metrics` at 50
# containers").
#
#   bench/spaced-scrapes.sh [-n SCRAPES] [-g GAP] [-p PATH] NAME:PID:PORT [NAME:PID:PORT ...]
#   bench/spaced-scrapes.sh -n 10 -g 6 cadvisor:1234:18080 main:2345:18090 branch:3456:18100
#
# CPU of one scrape is the process's on-CPU time from /proc/<pid>/task/*/schedstat from just before the
# request to 100 ms after its answer, less the process's idle rate (measured over all the gaps so far, in
# which no request is made) times that window; the mean and the median over the scrapes are printed (one
# garbage collection or housekeeping round inside a window moves the mean). Threads that end during the run take their time with them,
# which shows as a lower, even negative, idle rate. Requests go to 127.0.0.1; every answer must be 200.
# Nothing is started or stopped. Takes about SCRAPES x (GAP + 0.2 s per agent).
set -euo pipefail

n=10
gap=6
path=/metrics
while getopts n:g:p: opt; do
  case $opt in
    n) n=$OPTARG ;;
    g) gap=$OPTARG ;;
    p) path=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
(($# >= 1)) || { sed -n '2,14p' "$0" >&2; exit 2; }
[[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "SCRAPES must be a positive integer, not '$n'" >&2; exit 2; }
[[ $gap =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "GAP must be a number of seconds, not '$gap'" >&2; exit 2; }

# shellcheck source=bench/agents.sh
source "$(dirname "$0")/agents.sh"
agents_parse "$@"


declare -A cpus idle_cpu idle_wall times g0
for name in "${names[@]}"; do cpus[$name]="" idle_cpu[$name]=0 idle_wall[$name]=0 times[$name]=""; done
for ((i = 0; i < n; i++)); do
  t0=$(now_ns)
  for name in "${names[@]}"; do g0[$name]=$(cpu_ns "${pid[$name]}"); done
  sleep "$gap"
  t1=$(now_ns)
  for name in "${names[@]}"; do
    idle_cpu[$name]=$((idle_cpu[$name] + $(cpu_ns "${pid[$name]}") - g0[$name]))
    idle_wall[$name]=$((idle_wall[$name] + t1 - t0))
  done
  for name in "${names[@]}"; do
    a=$(cpu_ns "${pid[$name]}")
    s=$(now_ns)
    w=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:${port[$name]}$path")
    [[ ${w%% *} == 200 ]] || { echo "$name: $path answered ${w%% *}" >&2; exit 1; }
    sleep 0.1
    b=$(cpu_ns "${pid[$name]}")
    e=$(now_ns)
    cpus[$name]+=" $(awk -v d=$((b - a)) -v w=$((e - s)) -v c="${idle_cpu[$name]}" -v iw="${idle_wall[$name]}" \
      'BEGIN {printf "%.0f", d - w * c / iw}')"
    times[$name]+=" ${w#* }"
  done
done

printf '%s, %d scrapes each, %s s apart, load average %s\n' "$path" "$n" "$gap" "$(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${names[@]}"; do
  median=$(tr ' ' '\n' <<<"${times[$name]}" | grep . | sort -g | awk '{v[NR] = $1 * 1000} END {printf "%.2f", v[int((NR + 1) / 2)]}')
  tr ' ' '\n' <<<"${cpus[$name]}" | grep . | sort -g | awk -v name="$name" -v median="$median" -v c="${idle_cpu[$name]}" \
    -v iw="${idle_wall[$name]}" '{v[NR] = $1 / 1e6; s += v[NR]} END {
      printf "%-12s CPU mean %6.2f, median %6.2f ms/scrape (idle %.4f cores taken off)  latency median %s ms\n", name,
        s / NR, v[int((NR + 1) / 2)], c / iw, median}'
done
