#!/usr/bin/env bash
# Resident memory of the JVM-mode agent after warm-up, with N live cgroups to track.
#
#   bench/rss.sh [label]            env: CGROUPS (100), WARMUP seconds (60), PORT (18089),
#                                        JAVA_OPTS (extra JVM flags / -Dquarkus.* appended to bin/run's),
#                                        ISOLATE (1; 0 tracks everything on the host)
#
# ISOLATE=1 tracks only the N cgroups (and the root): cadvisor.containers.raw-cgroup-prefix-whitelist
# and the Docker runtime off, so other work on a shared host (other builds' cgroups and containers
# come and go by the hundred) does not change what is measured.
#
# Creates N empty cgroups /jcadv-ship-<i> in the cpu, cpuacct, memory and pids v1 hierarchies (the
# host is cgroup v1 hybrid; on a cgroup v2 host it creates them under /sys/fs/cgroup), starts the
# agent through bin/run (so the flags measured are the ones shipped), waits for /healthz, lets it
# run WARMUP seconds with a light client (one v1 containers request and one subcontainers request
# every 5 s, as a scraper would), then prints VmRSS, VmHWM, thread count, the CPU time the agent used
# during the warm-up, the slowest request pair and how many of the N cgroups the agent tracks. Everything it created is removed on exit, even on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

label=${1:-default}
n=${CGROUPS:-100}
warmup=${WARMUP:-60}
port=${PORT:-18089}
prefix=jcadv-ship

if [[ -d /sys/fs/cgroup/memory ]]; then
  roots=(/sys/fs/cgroup/cpu /sys/fs/cgroup/cpuacct /sys/fs/cgroup/memory /sys/fs/cgroup/pids)
else
  roots=(/sys/fs/cgroup)
fi
# cpu and cpuacct may be one hierarchy mounted twice (cpu,cpuacct): create each directory once.
declare -A seen=()
dirs=()
for r in "${roots[@]}"; do
  real=$(readlink -f "$r")
  [[ -n ${seen[$real]:-} ]] && continue
  seen[$real]=1
  dirs+=("$real")
done

agent=
cleanup() {
  if [[ -n $agent ]] && kill -0 "$agent" 2>/dev/null; then
    kill "$agent"
    wait "$agent" 2>/dev/null || true
  fi
  for d in "${dirs[@]}"; do
    for ((i = 0; i < n; i++)); do
      [[ -d $d/$prefix-$i ]] && rmdir "$d/$prefix-$i"
    done
  done
  return 0
}
trap cleanup EXIT

for d in "${dirs[@]}"; do
  for ((i = 0; i < n; i++)); do
    mkdir -p "$d/$prefix-$i"
  done
done

# Build once outside the measurement (bin/run builds when the jar is stale).
jar=target/quarkus-app/quarkus-run.jar
if [[ ! -f $jar || -n $(find src/main pom.xml -newer "$jar" -print -quit) ]]; then
  mvn -B -ntp -q package -DskipTests
fi

isolate=
if [[ ${ISOLATE:-1} == 1 ]]; then
  isolate="-Dcadvisor.containers.raw-cgroup-prefix-whitelist=/$prefix- -Dcadvisor.runtimes.docker.enabled=false"
fi
export JAVA_OPTS="-Dquarkus.http.port=$port -Dquarkus.management.port=0 $isolate ${JAVA_OPTS:-}"
log=$(mktemp /tmp/jcadv-ship-rss.XXXXXX.log)
# bin/run execs java, so $! is the JVM's pid.
bin/run >"$log" 2>&1 &
agent=$!

url=http://127.0.0.1:$port
for _ in $(seq 1 120); do
  curl -fs "$url/healthz" >/dev/null 2>&1 && break
  kill -0 "$agent" 2>/dev/null || { echo "agent exited:"; tail -20 "$log"; exit 1; }
  sleep 0.5
done
curl -fs "$url/healthz" >/dev/null || { echo "agent did not start:"; tail -20 "$log"; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$agent/stat"; }
cpu0=$(cpu_ticks)
start=$(date +%s)
worst=0
cpu_late=
while (($(date +%s) - start < warmup)); do
  # CPU of the last 30 s alone: steady state, after start-up and most JIT compilation.
  if [[ -z $cpu_late ]] && (($(date +%s) - start >= warmup - 30)); then
    cpu_late=$(cpu_ticks)
  fi
  t0=$(date +%s%N)
  curl -fs -o /dev/null "$url/api/v1.0/containers/"
  curl -fs -o /dev/null "$url/api/v1.3/subcontainers/"
  ms=$((($(date +%s%N) - t0) / 1000000))
  ((ms > worst)) && worst=$ms
  sleep 5
done

ours=$(curl -fs "$url/api/v1.3/subcontainers/" | grep -o "\"name\":\"/$prefix-[0-9]*\"" | sort -u | wc -l)
cpu_end=$(cpu_ticks)
hz=$(getconf CLK_TCK)
cpu_ms=$(((cpu_end - cpu0) * 1000 / hz))
late_ms=$(((cpu_end - ${cpu_late:-$cpu0}) * 1000 / hz))
# Every container the agent tracks: ours plus whatever else runs on the host (other Docker containers).
total=$(curl -fs "$url/api/v1.3/subcontainers/" | jq length)
status=/proc/$agent/status
rss=$(awk '/^VmRSS/ {print $2}' "$status")
hwm=$(awk '/^VmHWM/ {print $2}' "$status")
threads=$(awk '/^Threads/ {print $2}' "$status")
printf '%-10s rss=%6d KiB hwm=%6d KiB threads=%3d cpu=%5d ms/%ds (last 30 s: %4d ms) containers=%d (ours %d) slowest request pair=%d ms JAVA_OPTS=%s MALLOC_ARENA_MAX=%s\n' \
  "$label" "$rss" "$hwm" "$threads" "$cpu_ms" "$warmup" "$late_ms" "$total" "$ours" "$worst" "$JAVA_OPTS" \
  "$(tr '\0' '\n' <"/proc/$agent/environ" | sed -n 's/^MALLOC_ARENA_MAX=//p')"
# NMT=1 (with -XX:NativeMemoryTracking=summary in JAVA_OPTS): where the resident memory goes.
if [[ -n ${NMT:-} ]]; then
  jcmd "$agent" VM.native_memory summary | grep -E '^(Total|-)|committed=' | grep -E 'Total|^-' || true
fi
rm -f "$log"
