#!/usr/bin/env bash
# A/B of a young agent's /metrics scrapes: side-by-side.sh's scrape window (the 6th to the 55th scrape of an
# agent's life) for two or more builds started fresh at the same time, scraped in turn, so a busy host weighs
# on all of them alike (bench/README.md, "/metrics of a young agent without Micrometer's families").
#
#   bench/fresh-scrape-ab.sh [-r REPEATS] [-i IDLE] [-w WARMUP] [-n SCRAPES] [-p BASEPORT] NAME:WORKTREE ...
#   bench/fresh-scrape-ab.sh -r 3 main:/work/wt/main-copy branch:/work/wt/branch
#
# Each repeat starts every agent with its worktree's own bin/run (its flags and start-up archive as shipped)
# on ports BASEPORT + 10*k (main) and + 1 (management), waits until all answer /healthz, leaves them idle
# IDLE seconds (default 60; the idle rate is measured over its second half), then sends WARMUP (5) unmeasured
# and SCRAPES (50) measured sequential GET /metrics on 127.0.0.1, one to each agent in turn (which agent goes
# first alternates between repeats), and stops the agents. CPU per scrape is the process's utime + stime from
# /proc/<pid>/stat (10 ms ticks) and, finer, the sum of /proc/<pid>/task/*/schedstat, over the measured scrapes,
# less the idle rate x their wall time, divided by SCRAPES; latency is curl's time_total; RSS is VmRSS right
# after the measured scrapes. Every answer must be 200. The containers are whatever the host runs (bench/containers.sh makes some).
set -euo pipefail

repeats=3 idle=60 warmup=5 scrapes=50 base=18350
while getopts r:i:w:n:p: opt; do
  case $opt in
    r) repeats=$OPTARG ;;
    i) idle=$OPTARG ;;
    w) warmup=$OPTARG ;;
    n) scrapes=$OPTARG ;;
    p) base=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
(($# >= 1)) || { sed -n '2,16p' "$0" >&2; exit 2; }
names=() dirs=()
for a in "$@"; do
  [[ $a == *:* && -x ${a#*:}/bin/run ]] || { echo "bad agent $a (NAME:WORKTREE with bin/run)" >&2; exit 2; }
  names+=("${a%%:*}") dirs+=("${a#*:}")
done
tmp=$(mktemp -d)
declare -A pid=() port=()
stop_all() {
  for n in "${names[@]}"; do [[ -n ${pid[$n]:-} ]] && kill "${pid[$n]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop_all; rm -rf "$tmp"' EXIT

ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' /proc/"$1"/stat; }
sched_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'; }
now_ns() { date +%s%N; }
hz=$(getconf CLK_TCK)

printf '%-10s %-3s %10s %14s %10s %10s %8s\n' agent rep "ms/scrape" "ms/scrape(ns)" "median ms" bytes "RSS MB"
for ((r = 1; r <= repeats; r++)); do
  for k in "${!names[@]}"; do
    n=${names[$k]} port[$n]=$((base + 10 * k))
    (cd "${dirs[$k]}" && exec bin/run -Dquarkus.http.port="${port[$n]}" -Dquarkus.management.port="$((port[$n] + 1))") \
      >"$tmp/$n.log" 2>&1 &
    pid[$n]=$!
  done
  for n in "${names[@]}"; do
    for ((i = 0; i < 600; i++)); do
      [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$n]}/healthz") == 200 ]] && break
      kill -0 "${pid[$n]}" 2>/dev/null || { echo "$n did not start:" >&2; tail -5 "$tmp/$n.log" >&2; exit 1; }
      sleep 0.1
    done
    # the JVM that listens (bin/run's shell may not have exec'd into it under every bash)
    jvm=$(ss -Hltnp "sport = :${port[$n]}" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
    [[ -n $jvm ]] || { echo "$n: no process listens on ${port[$n]}" >&2; exit 1; }
    pid[$n]=$jvm
  done
  sleep $((idle - idle / 2))
  declare -A t0=() s0=()
  for n in "${names[@]}"; do t0[$n]=$(ticks "${pid[$n]}") s0[$n]=$(sched_ns "${pid[$n]}"); done
  w0=$(now_ns)
  sleep $((idle / 2))
  w1=$(now_ns)
  declare -A idle_ms=() idle_ns=()
  for n in "${names[@]}"; do
    idle_ms[$n]=$(awk -v a="${t0[$n]}" -v b="$(ticks "${pid[$n]}")" -v w=$((w1 - w0)) -v hz="$hz" \
      'BEGIN {print (b - a) * 1000 / hz / (w / 1e6)}') # ms of CPU per ms of wall
    idle_ns[$n]=$(awk -v a="${s0[$n]}" -v b="$(sched_ns "${pid[$n]}")" -v w=$((w1 - w0)) 'BEGIN {print (b - a) / w}')
  done
  order=("${names[@]}")
  if ((r % 2 == 0)); then # the other agent first
    order=(); for ((k = ${#names[@]} - 1; k >= 0; k--)); do order+=("${names[$k]}"); done
  fi
  scrape() { # name, file to append "time_total size"
    local code
    code=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}' "http://127.0.0.1:${port[$1]}/metrics")
    [[ ${code%% *} == 200 ]] || { echo "$1: /metrics answered ${code%% *}" >&2; exit 1; }
    [[ -z ${2:-} ]] || echo "${code#* }" >>"$2"
  }
  for ((i = 0; i < warmup; i++)); do for n in "${order[@]}"; do scrape "$n"; done; done
  for n in "${names[@]}"; do t0[$n]=$(ticks "${pid[$n]}") s0[$n]=$(sched_ns "${pid[$n]}"); : >"$tmp/$n.lat"; done
  w0=$(now_ns)
  for ((i = 0; i < scrapes; i++)); do for n in "${order[@]}"; do scrape "$n" "$tmp/$n.lat"; done; done
  w1=$(now_ns)
  for n in "${names[@]}"; do
    t=$(ticks "${pid[$n]}") s=$(sched_ns "${pid[$n]}")
    cpu=$(awk -v a="${t0[$n]}" -v b="$t" -v hz="$hz" -v i="${idle_ms[$n]}" -v w=$((w1 - w0)) -v n="$scrapes" \
      'BEGIN {printf "%.2f", ((b - a) * 1000 / hz - i * w / 1e6) / n}')
    cpuns=$(awk -v a="${s0[$n]}" -v b="$s" -v i="${idle_ns[$n]}" -v w=$((w1 - w0)) -v n="$scrapes" \
      'BEGIN {printf "%.2f", ((b - a) - i * w) / 1e6 / n}')
    med=$(sort -n "$tmp/$n.lat" | awk '{t[NR] = $1; b = $2} END {printf "%.2f %d", t[int((NR + 1) / 2)] * 1000, b}')
    rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' /proc/"${pid[$n]}"/status)
    printf '%-10s %-3s %10s %14s %10s %10s %8s\n' "$n" "$r" "$cpu" "$cpuns" "${med% *}" "${med#* }" "$rss"
    echo "$n $cpu $cpuns ${med% *} $rss" >>"$tmp/all"
  done
  stop_all
  pid=()
done
echo "mean over $repeats repeats:"
awk '{c[$1] += $2; s[$1] += $3; l[$1] += $4; m[$1] += $5; k[$1]++}
  END {for (n in c) printf "%-10s     %10.2f %14.2f %10.2f %10s %8.1f\n", n, c[n] / k[n], s[n] / k[n], l[n] / k[n], "", m[n] / k[n]}' "$tmp/all"
