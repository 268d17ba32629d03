#!/usr/bin/env bash
# Start-up of the JVM image (bin/image) with and without its ahead-of-time cache, interleaved so the
# host's noise hits both alike (bench/README.md, "The image's ahead-of-time cache"):
#   with     the image as shipped (its last stage: -XX:AOTCache=/deployments/jcadvisor.aot)
#   without  its stage "runtime", the same runtime, jars and flags without the cache (the image on a
#            JDK before 25), run by its image id (bin/image's target/image/aot/jcadvisor.aot.key)
# Each start is the README's `docker run` line (its own name, free loopback ports) next to N idle
# busybox containers. Per start: wall time from `docker run` until /healthz (8080) and
# /q/health/ready (8081) both answer 200, polled every 10 ms (it includes Docker's own start of the
# container, about the same for both), and from the container's start (Docker's State.StartedAt, when
# its process was started) until then; the container's CPU (cpuacct.usage) and the JVM's VmRSS then;
# the "started in" Quarkus logs; the [aot]/[cds] lines of the JVM's log (a rejected cache); then the
# container is removed.
#
# Usage: bench/image-startup.sh     env: RUNS=5 (pairs) N=50
# Containers are named jcadv-istart-<pid>-*, removed on exit. Needs root, dockerd (cgroup v1 or
# hybrid: cpuacct), and the image with its cache (bin/image on JDK 25+).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/containers.sh

RUNS=${RUNS:-5}
N=${N:-50}
BUSYBOX=${JCADVISOR_TEST_IMAGE:-jcadvisor/busybox:latest}
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=docker
PREFIX="jcadv-istart-$$"
trap 'remove_prefixed "$PREFIX" || true' EXIT
trap 'exit 130' INT TERM

image=$(bin/image)
runtime=$(cat target/image/aot/jcadvisor.aot.key 2>/dev/null) || { echo "no ahead-of-time cache: bin/image on JDK 25+" >&2; exit 1; }
$DOCKER image inspect "$runtime" >/dev/null
read -r -a readme_run <<<"$(sed -n '/^    docker run -d --name jcadvisor/,/[^\\]$/p' README.md | tr -d '\\\n')"
[[ ${readme_run[-1]} == "$image" ]] || { echo "README runs ${readme_run[-1]}, bin/image built $image" >&2; exit 1; }

for ((i = 1; i <= N; i++)); do
  $DOCKER run -d --name "$PREFIX-c$i" "$BUSYBOX" sleep 86400 >/dev/null
done
sleep 5

cgroup_of() { # controller pid -> the container's cgroup directory in that v1 hierarchy
  local path
  path=$(awk -F: -v c="$1" '$2 ~ "(^|,)" c "(,|$)" {print $3}' "/proc/$2/cgroup")
  echo "/sys/fs/cgroup/$1$path"
}

start() { # label image run
  local label=$1 img=$2 name="$PREFIX-$1-$3" args=() w word t0 t1 ts port mport i pid cpu rss started
  for ((w = 0; w < ${#readme_run[@]} - 1; w++)); do
    word=${readme_run[w]}
    case $word in
      docker) word=$DOCKER ;;
      jcadvisor) word=$name ;;
      8080:8080) word=127.0.0.1::8080 ;;
      8081:8081) word=127.0.0.1::8081 ;;
      unless-stopped) word=no ;;
    esac
    args+=("$word")
  done
  t0=$(date +%s%N)
  "${args[@]}" "$img" >/dev/null
  port=$($DOCKER port "$name" 8080/tcp | head -1) mport=$($DOCKER port "$name" 8081/tcp | head -1)
  for ((i = 0; i < 6000; i++)); do
    curl -sf -o /dev/null "http://$port/healthz" && curl -sf -o /dev/null "http://$mport/q/health/ready" && break
    sleep 0.01
  done
  t1=$(date +%s%N)
  pid=$($DOCKER inspect -f '{{.State.Pid}}' "$name")
  ts=$(date -d "$($DOCKER inspect -f '{{.State.StartedAt}}' "$name")" +%s%N)
  cpu=$(awk '{printf "%.0f", $1 / 1e6}' "$(cgroup_of cpuacct "$pid")/cpuacct.usage")
  rss=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  started=$($DOCKER logs "$name" 2>&1 | sed -n 's/.* started in \([0-9.]*\)s.*/\1/p')
  printf '%-8s %4d %10d %12d %10d %8d %10s %s\n' "$label" "$3" $(((t1 - t0) / 1000000)) $(((t1 - ts) / 1000000)) \
    "$cpu" "$rss" "$started" \
    "$($DOCKER logs "$name" 2>&1 | grep -c '\[\(aot\|cds\) *\]' || true)"
  $DOCKER rm -f "$name" >/dev/null
}

echo "# image-startup: $(date -u +%FT%TZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $N idle containers, image $image ($($DOCKER image inspect -f '{{.Id}}' "$image" | cut -c8-19)), runtime stage ${runtime:7:12}"
printf '%-8s %4s %10s %12s %10s %8s %10s %s\n' build run "wall ms" "from start" "CPU ms" "RSS MiB" "started s" "[aot] lines"
for ((r = 1; r <= RUNS; r++)); do # each goes first in every other pair
  if ((r % 2)); then start with "$image" "$r"; start without "$runtime" "$r"
  else start without "$runtime" "$r"; start with "$image" "$r"; fi
done
echo "# load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
