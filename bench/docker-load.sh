#!/usr/bin/env bash
# Docker load benchmark of the packaged agent against the real dockerd (see bench/README.md):
#  1. detection latency: `docker run -d` returning (and starting) -> first 200 from /api/v1.3/docker/<name>;
#     removal latency: `docker rm -f` returning -> 404 from /api/v1.3/docker/<id>; median of ROUNDS (5);
#  2. the agent's CPU (cores, /proc/<pid>/stat utime+stime over WINDOW seconds, 60, after SETTLE seconds,
#     60) and RSS (VmRSS) with N (100) running busybox `sleep` containers, at default settings.
# Starts `java -jar target/quarkus-app/quarkus-run.jar` with bin/run's JVM flags (plus EXTRA_JVM_FLAGS)
# on PORT (default: a free ephemeral port), packaging it first when missing. Every container it starts
# is named jcadv-bench-<pid>-* and removed on exit, as is the agent. Needs root and a running dockerd
# (bin/provision).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
N=${N:-100}
WINDOW=${WINDOW:-60}
SETTLE=${SETTLE:-60}
PORT=${PORT:-}
if [[ -z $PORT ]]; then
  # Fixed ports collide with other agents on a shared host: let the kernel pick a free one.
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')
fi
IMAGE=${JCADVISOR_TEST_IMAGE:-jcadvisor/busybox:latest}
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=docker
PREFIX="jcadv-bench-$$"
BASE="http://127.0.0.1:$PORT"
# the probes are on the management interface: a port of their own, picked free
MPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')
jar=target/quarkus-app/quarkus-run.jar
log() { printf '[docker-load] %s\n' "$*" >&2; }

agent=""
cleanup() {
  local names
  names=$($DOCKER ps -aq --filter "name=^/$PREFIX-" 2>/dev/null || true)
  if [[ -n $names ]]; then
    # shellcheck disable=SC2086
    $DOCKER rm -f $names >/dev/null 2>&1 || true
  fi
  if [[ -n $agent ]] && kill -0 "$agent" 2>/dev/null; then
    kill "$agent" 2>/dev/null || true
    wait "$agent" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

$DOCKER info >/dev/null 2>&1 || { log "dockerd is not running: run bin/provision"; exit 1; }
if [[ ! -f $jar ]]; then
  log "packaging the agent"
  mvn -B -ntp -q package -DskipTests
fi

now_ns() { date +%s%N; }
code() { curl -s -o /dev/null -w '%{http_code}' "$BASE$1" || true; }
# Polls every 10 ms until the path answers the status; prints the ns timestamp when it did.
await_code() {
  local path=$1 want=$2 deadline=$(($(now_ns) + ${3:-10} * 1000000000))
  while [[ $(code "$path") != "$want" ]]; do
    (($(now_ns) < deadline)) || { log "$path did not answer $want"; return 1; }
    sleep 0.01
  done
  now_ns
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, in clock ticks
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

log "starting the agent on port $PORT"
# bin/run's JVM and flags (bin/jvm; EXTRA_JVM_FLAGS to try others).
read -r -a run_flags <<<"$(bin/jvm --flags)"
# shellcheck disable=SC2086
"$(bin/jvm)" "${run_flags[@]}" ${EXTRA_JVM_FLAGS:-} \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" -Dquarkus.management.port="$MPORT" -jar "$jar" >"/tmp/$PREFIX-agent.log" 2>&1 &
agent=$!
BASE="http://127.0.0.1:$MPORT" await_code /q/health/ready 200 120 >/dev/null || { tail -20 "/tmp/$PREFIX-agent.log" >&2; exit 1; }
# Another process on the port would answer too: make sure the one answering is ours.
kill -0 "$agent" 2>/dev/null || { log "the agent exited:"; tail -20 "/tmp/$PREFIX-agent.log" >&2; exit 1; }

# One warm-up round so that the first measured one does not pay for JIT compilation.
# The container is polled by its name from the moment `docker run` starts (the name is an alias), so
# both "after docker run returned" (0 when served before it returned) and "after it started" (what the
# cAdvisor reference figure measures) come from one round.
for round in $(seq 0 "$ROUNDS"); do
  name="$PREFIX-latency-$round"
  t0=$(now_ns)
  ($DOCKER run -d --name "$name" "$IMAGE" sleep 300 >"/tmp/$PREFIX-id" && now_ns >"/tmp/$PREFIX-returned") &
  runner=$!
  t2=$(await_code "/api/v1.3/docker/$name" 200)
  wait "$runner"
  t1=$(cat "/tmp/$PREFIX-returned")
  id=$(cat "/tmp/$PREFIX-id")
  after=$((t2 > t1 ? (t2 - t1) / 1000000 : 0))
  $DOCKER rm -f "$id" >/dev/null
  t3=$(now_ns)
  t4=$(await_code "/api/v1.3/docker/$id" 404)
  if ((round > 0)); then
    echo "$after $(((t2 - t0) / 1000000)) $(((t4 - t3) / 1000000))" >>"/tmp/$PREFIX-latency"
    log "round $round: served $(((t2 - t0) / 1000000)) ms after docker run started (${after} ms after it returned); 404 $(((t4 - t3) / 1000000)) ms after docker rm -f returned"
  fi
done
rm -f "/tmp/$PREFIX-id" "/tmp/$PREFIX-returned"
detect=$(cut -d' ' -f1 "/tmp/$PREFIX-latency" | median)
detect_start=$(cut -d' ' -f2 "/tmp/$PREFIX-latency" | median)
remove=$(cut -d' ' -f3 "/tmp/$PREFIX-latency" | median)
rm -f "/tmp/$PREFIX-latency"

log "starting $N containers"
for i in $(seq 1 "$N"); do
  $DOCKER run -d --name "$PREFIX-idle-$i" "$IMAGE" sleep 86400 >/dev/null
done
deadline=$(($(now_ns) + 120 * 1000000000))
while :; do
  seen=$(curl -s "$BASE/api/v1.2/docker/" | grep -o "\"$PREFIX-idle-[0-9]*\"" | sort -u | wc -l)
  ((seen >= N)) && break
  (($(now_ns) < deadline)) || { log "only $seen of $N containers served"; exit 1; }
  sleep 1
done
log "all $N served; settling for ${SETTLE}s, then measuring for ${WINDOW}s"
sleep "$SETTLE"
hz=$(getconf CLK_TCK)
threads() { for t in /proc/"$1"/task/*; do printf '%s %s\n' "$(tr ' ' _ <"$t/comm")" "$(awk '{print $14 + $15}' "$t/stat")"; done 2>/dev/null | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort; }
threads "$agent" >"/tmp/$PREFIX-threads0"
c0=$(cpu_ticks "$agent")
w0=$(now_ns)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
cgroups0=$(find /sys/fs/cgroup/memory -mindepth 1 -type d 2>/dev/null | wc -l)
sleep "$WINDOW"
c1=$(cpu_ticks "$agent")
threads "$agent" >"/tmp/$PREFIX-threads1"
busiest=$(join "/tmp/$PREFIX-threads0" "/tmp/$PREFIX-threads1" | awk '$3 > $2 {print $3 - $2, $1}' | sort -rn | head -6 | awk '{printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1}')
rm -f "/tmp/$PREFIX-threads0" "/tmp/$PREFIX-threads1"
w1=$(now_ns)
load1=$(cut -d' ' -f1-3 /proc/loadavg)
rss=$(rss_kb "$agent")
# Other work on a shared host adds cgroups the agent tracks as raw containers: say how many there were.
cgroups=$(find /sys/fs/cgroup/memory -mindepth 1 -type d 2>/dev/null | wc -l)
kill -0 "$agent" 2>/dev/null || { log "the agent exited"; exit 1; }
cores=$(awk -v c=$((c1 - c0)) -v hz="$hz" -v ns=$((w1 - w0)) 'BEGIN {printf "%.4f", c / hz / (ns / 1e9)}')

cat <<EOF
docker-load: $(date -u +%FT%TZ), $(nproc) CPUs, dockerd $($DOCKER version --format '{{.Server.Version}}')
detection, median of $ROUNDS: ${detect} ms after docker run returned (0 = served before), ${detect_start} ms after it started
removal (docker rm -f returned -> 404), median of $ROUNDS: ${remove} ms
agent with $N idle containers: CPU ${cores} cores over $(((w1 - w0) / 1000000000)) s, RSS $((rss / 1024)) MB (${rss} kB)
busiest threads (clock ticks of 1/$hz s): $busiest
load average: before [$load0], after [$load1]; cgroups in the memory hierarchy: $cgroups0 at the start, $cgroups at the end
EOF
