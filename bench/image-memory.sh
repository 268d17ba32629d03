#!/usr/bin/env bash
# Memory and CPU of the JVM image in the DaemonSet's limits (see bench/README.md, "The image in its
# limits"). Starts N idle busybox containers, then four agents side by side from the image bin/image
# builds, each with the README's `docker run` line (its own name and a free loopback port) plus a
# memory and CPU limit, for the same WINDOW:
#   192m-scraped  --memory 192m --cpus 0.2, /metrics fetched every 15 s (the DaemonSet's limits)
#   192m-idle     the same, never scraped
#   64m-scraped   --memory 64m --cpus 0.2 (the DaemonSet's memory request, as a limit)
#   64m-idle      the same, never scraped
#   <any of them>-nocache   the same from the image's stage "runtime": no ahead-of-time cache (its image
#                 id from bin/image's target/image/aot/jcadvisor.aot.key), for an A/B of the cache
# Swap is off in each (--memory-swap equal to --memory), as on a Kubernetes node.
# Every SAMPLE seconds it records each agent's JVM VmRSS and its cgroup's memory.usage_in_bytes; at
# the end it prints per agent: RSS min / median / max after the first SETTLE seconds, the cgroup's
# peak (memory.max_usage_in_bytes), memory.failcnt (times the limit was hit), the restarts and
# OOM kills Docker saw, and the CPU in cores over the window after SETTLE (cpuacct.usage).
#
# With HAMMER=<config> (e.g. HAMMER=192m-scraped), that agent then gets issue 11's 20-client hammer
# (bench/hammer.sh: subcontainers and /metrics for HAMMER_SECONDS=60, then HAMMER_SETTLE=60 s idle)
# inside its limits, and the table's peak, failcnt and restarts/OOM columns include the hammer (RSS and
# CPU stay the window's).
# CONFIGS="192m-scraped" runs only the agents named (default: all four), e.g.
# CONFIGS="192m-idle 192m-idle-nocache" the cache's A/B.
#
# Usage: bench/image-memory.sh     env: N=100 WINDOW=600 SETTLE=60 SAMPLE=15 SCRAPE=15 HAMMER= CONFIGS=
# Containers are named jcadv-imem-<pid>-*, removed on exit. Needs root, dockerd, and the image
# (bin/image builds it). Run on a quiet host: the four agents share it with the N containers.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/containers.sh

N=${N:-100}
WINDOW=${WINDOW:-600}
SETTLE=${SETTLE:-60}
SAMPLE=${SAMPLE:-15}
SCRAPE=${SCRAPE:-15}
BUSYBOX=${JCADVISOR_TEST_IMAGE:-jcadvisor/busybox:latest}
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=docker
PREFIX="jcadv-imem-$$"
out=$(mktemp -d /tmp/jcadv-imem.XXXXXX)
scrapers=()

cleanup() {
  for p in ${scrapers[@]+"${scrapers[@]}"}; do kill "$p" 2>/dev/null || true; done
  remove_prefixed "$PREFIX" || true
  rm -rf "$out"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

image=$(bin/image)
# The README's command, one line: the words from `docker run` to the image.
read -r -a readme_run <<<"$(sed -n '/^    docker run -d --name jcadvisor/,/[^\\]$/p' README.md | tr -d '\\\n')"
[[ ${readme_run[-1]} == "$image" ]] || { echo "README runs ${readme_run[-1]}, bin/image built $image" >&2; exit 1; }

for ((i = 1; i <= N; i++)); do
  $DOCKER run -d --name "$PREFIX-c$i" "$BUSYBOX" sleep 86400 >/dev/null
done

read -r -a configs <<<"${CONFIGS:-192m-scraped 192m-idle 64m-scraped 64m-idle}"
[[ -z ${HAMMER:-} || " ${configs[*]} " == *" $HAMMER "* ]] || { echo "HAMMER=$HAMMER is not one of: ${configs[*]}" >&2; exit 2; }
for c in "${configs[@]}"; do
  mem=${c%%-*}
  run_image=$image
  if [[ $c == *-nocache ]]; then
    run_image=$(cat target/image/aot/jcadvisor.aot.key) || { echo "$c: no runtime stage (bin/image on JDK 25+)" >&2; exit 2; }
  fi
  args=()
  for ((w = 0; w < ${#readme_run[@]} - 1; w++)); do
    word=${readme_run[w]}
    case $word in
      jcadvisor) word="$PREFIX-$c" ;;  # the value of --name
      8080:8080) word=127.0.0.1::8080 ;; # a free host port
      8081:8081) word=127.0.0.1::8081 ;; # the management port (probes), likewise
    esac
    args+=("$word")
  done
  "${args[@]}" --memory "$mem" --memory-swap "$mem" --cpus 0.2 "$run_image" >/dev/null
done

cgroup_of() { # controller pid -> the container's cgroup directory in that v1 hierarchy
  local path
  path=$(awk -F: -v c="$1" '$2 ~ "(^|,)" c "(,|$)" {print $3}' "/proc/$2/cgroup")
  echo "/sys/fs/cgroup/$1$path"
}
pid_of() { $DOCKER inspect -f '{{.State.Pid}}' "$PREFIX-$1"; } # 0 while it is not running
port_of() { timeout 5 $DOCKER port "$PREFIX-$1" 8080 | head -1; }

deadline=$(( $(date +%s) + 120 )) # each ready, or not: an agent that cannot start is part of the result
for c in "${configs[@]}"; do
  while (( $(date +%s) < deadline )); do
    addr=$(timeout 5 $DOCKER port "$PREFIX-$c" 8081 2>/dev/null | head -1 || true) # the probes' port
    [[ -n $addr ]] && curl -fs -m 2 "http://$addr/q/health/ready" >/dev/null && break
    sleep 1
  done
done
for c in "${configs[@]}"; do
  if [[ $c == *-scraped || $c == *-scraped-nocache ]]; then
    ( while sleep "$SCRAPE"; do
        addr=$(port_of "$c" 2>/dev/null) && curl -s -m 10 -o /dev/null "http://$addr/metrics" || true
      done ) &
    scrapers+=($!)
  fi
done

start=$(date +%s)
declare -A cpu0
while (( $(date +%s) - start < WINDOW )); do
  t=$(( $(date +%s) - start ))
  for c in "${configs[@]}"; do
    pid=$(pid_of "$c")
    if [[ $pid != 0 && -r /proc/$pid/status ]]; then
      rss=$(awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$pid/status")
      file=$(awk '/^RssFile:/ {print $2 * 1024}' "/proc/$pid/status")
      usage=$(cat "$(cgroup_of memory "$pid")/memory.usage_in_bytes")
      echo "$t $rss $usage $file" >> "$out/$c.samples"
      if (( t >= SETTLE )) && [[ -z ${cpu0[$c]:-} ]]; then
        cpu0[$c]="$(cat "$(cgroup_of cpuacct "$pid")/cpuacct.usage") $(date +%s%N)"
      fi
    fi
  done
  sleep "$SAMPLE"
done

declare -A cpu1 # at the window's end, so the CPU column is the window's only (the hammer comes after)
for c in "${configs[@]}"; do
  pid=$(pid_of "$c")
  [[ $pid == 0 ]] || cpu1[$c]="$(cat "$(cgroup_of cpuacct "$pid")/cpuacct.usage") $(date +%s%N)"
done

if [[ -n ${HAMMER:-} ]]; then
  # the agent's JVM, seen from the host (--pid host and Docker's own view agree on it)
  DURATION=${HAMMER_SECONDS:-60} SETTLE=${HAMMER_SETTLE:-60} bench/hammer.sh "http://$(port_of "$HAMMER")" "$(pid_of "$HAMMER")"
fi

printf '%-21s %-26s %-10s %-12s %-8s %-16s %s\n' config "RSS MiB min/median/max" "file MiB" "cgroup peak" failcnt "restarts/OOM" "CPU cores"
for c in "${configs[@]}"; do
  pid=$(pid_of "$c")
  rss=$({ awk -v s="$SETTLE" '$1 >= s {print $2}' "$out/$c.samples" 2>/dev/null || true; } | sort -n |
    awk '{v[NR] = $1} END {if (NR) printf "%.0f / %.0f / %.0f", v[1] / 1048576, v[int((NR + 1) / 2)] / 1048576, v[NR] / 1048576; else printf "-"}')
  # the median of the file pages in RSS (libraries, the jars, the ahead-of-time cache's mapping)
  file=$({ awk -v s="$SETTLE" '$1 >= s && $4 != "" {print $4}' "$out/$c.samples" 2>/dev/null || true; } | sort -n |
    awk '{v[NR] = $1} END {if (NR) printf "%.0f", v[int((NR + 1) / 2)] / 1048576; else printf "-"}')
  peak=- failcnt=- cpu=-
  if [[ $pid != 0 ]]; then
    mem_dir=$(cgroup_of memory "$pid")
    peak=$(awk '{printf "%.0f MiB", $1 / 1048576}' "$mem_dir/memory.max_usage_in_bytes")
    failcnt=$(cat "$mem_dir/memory.failcnt")
    if [[ -n ${cpu0[$c]:-} && -n ${cpu1[$c]:-} ]]; then
      read -r u0 t0 <<<"${cpu0[$c]}"
      read -r u1 t1 <<<"${cpu1[$c]}"
      cpu=$(awk -v u0="$u0" -v t0="$t0" -v u1="$u1" -v t1="$t1" 'BEGIN {printf "%.4f", (u1 - u0) / (t1 - t0)}')
    fi
  fi
  restarts=$($DOCKER inspect -f '{{.RestartCount}}/{{.State.OOMKilled}}' "$PREFIX-$c")
  printf '%-21s %-26s %-10s %-12s %-8s %-16s %s\n' "$c" "$rss" "$file" "$peak" "$failcnt" "$restarts" "$cpu"
done
echo "N=$N containers, WINDOW=${WINDOW}s, SETTLE=${SETTLE}s, image $image ($($DOCKER image inspect -f '{{.Id}}' "$image" | cut -c8-19))"
