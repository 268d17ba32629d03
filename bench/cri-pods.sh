#!/usr/bin/env bash
# The agent on a CRI node of PODS pods with 2 containers each (see bench/README.md, "CRI pods"):
# starts the tests' private containerd and kubelet-like harness (CriPodsMain, test scope: its own
# socket, root, state and CNI bridge; JCADVISOR_CRI_CONTAINERD names another containerd binary),
# runs the pods through the CRI API, then starts the packaged agent on that socket (namespace k8s.io)
# with bin/run's JVM flags, lets it settle SETTLE seconds, and measures over WINDOW seconds its
# process CPU (utime + stime of /proc/<pid>/stat, all threads) in cores, then N scrapes of /metrics
# with bench/metrics-scrape.sh (latency, bytes, samples, agent CPU per scrape). Everything is removed
# on exit: agent, pods, pod and QoS cgroups, the daemon, its bridge and directory.
#
# Usage: bench/cri-pods.sh     env: PODS=30 SETTLE=60 WINDOW=60 N=20 APP=target/quarkus-app
# Needs root on a cgroup v1/hybrid host with Debian's containerd, runc and CNI plugins (bin/provision).
set -euo pipefail
cd "$(dirname "$0")/.."

PODS=${PODS:-30}
SETTLE=${SETTLE:-60}
WINDOW=${WINDOW:-60}
N=${N:-20}
APP=${APP:-target/quarkus-app}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }
PORT=${PORT:-$(free_port)}
MPORT=${MPORT:-$(free_port)}
hz=$(getconf CLK_TCK)
tmp=$(mktemp -d /tmp/jcadv-cri-bench.XXXXXX)
agent=
node=

cleanup() {
  if [[ -n $agent ]] && kill -0 "$agent" 2>/dev/null; then kill "$agent"; wait "$agent" 2>/dev/null || true; fi
  # closing the harness's input makes it remove the pods and stop its containerd
  if [[ -n $node ]]; then exec 3>&-; wait "$node" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -f $APP/quarkus-run.jar ]] || { [[ $APP == target/quarkus-app ]] && mvn -B -ntp -q package -DskipTests; }
mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/cp"
mkfifo "$tmp/in"
java -cp "target/test-classes:target/classes:$(cat "$tmp/cp")" io.jcadvisor.container.containerd.CriPodsMain "$PODS" \
  <"$tmp/in" >"$tmp/node.log" 2>&1 &
node=$!
exec 3>"$tmp/in"
for ((i = 0; i < 6000; i++)); do
  grep -qx ready "$tmp/node.log" && break
  kill -0 "$node" 2>/dev/null || { echo "harness exited:" >&2; tail -30 "$tmp/node.log" >&2; exit 1; }
  sleep 0.1
done
grep -qx ready "$tmp/node.log" || { echo "pods not up within 10 min" >&2; exit 1; }
sock=$(sed -n 's/^socket //p' "$tmp/node.log")
grep 'pods of 2 containers' "$tmp/node.log"

read -r -a run_flags <<<"$(bin/jvm --flags)"
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} "$(bin/jvm)" "${run_flags[@]}" -Dquarkus.http.port="$PORT" -Dquarkus.management.port="$MPORT" \
  -Dcadvisor.runtimes.containerd.endpoint="$sock" -Dcadvisor.runtimes.containerd.namespace=k8s.io \
  -jar "$APP/quarkus-run.jar" -port="$PORT" >"$tmp/agent.log" 2>&1 &
agent=$!
for ((i = 0; i < 600; i++)); do
  curl -sf -o /dev/null "http://127.0.0.1:$MPORT/q/health/ready" && break
  kill -0 "$agent" 2>/dev/null || { echo "agent exited:" >&2; tail -20 "$tmp/agent.log" >&2; exit 1; }
  sleep 0.1
done
sleep "$SETTLE"
ticks() { sed 's/.*) //' "/proc/$agent/stat" | awk '{print $12 + $13}'; }
c0=$(ticks); w0=$(date +%s%N); load0=$(cut -d' ' -f1 /proc/loadavg)
sleep "$WINDOW"
c1=$(ticks); w1=$(date +%s%N); load1=$(cut -d' ' -f1 /proc/loadavg)
metrics=$(curl -s "http://127.0.0.1:$PORT/metrics")
cri=$(grep -c '^container_memory_usage_bytes{.*container_label_io_cri_containerd_kind="[a-z]' <<<"$metrics" || true)
pods=$(grep -c '^container_memory_usage_bytes{.*id="/kubepods/[a-z/]*pod[^/"]*"' <<<"$metrics" || true)
tracked=$(curl -s "http://127.0.0.1:$MPORT/q/health/ready" | sed -n 's/.*"containers": *\([0-9]*\).*/\1/p')
awk -v c=$((c1 - c0)) -v hz="$hz" -v ns=$((w1 - w0)) -v l0="$load0" -v l1="$load1" -v n="$cri" -v p="$pods" -v t="$tracked" \
  'BEGIN {printf "idle: %.4f cores over %.0f s (%d ticks); %s CRI containers (sandboxes included), %s pod cgroups, %s containers tracked in all; load %s -> %s\n",
          c / hz / (ns / 1e9), ns / 1e9, c, n, p, t, l0, l1}'
echo "rss: $(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$agent/status") MB"
bench/metrics-scrape.sh -u "http://127.0.0.1:$PORT/metrics" -p "$agent" -n "$N"
