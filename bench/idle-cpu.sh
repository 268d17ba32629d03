#!/usr/bin/env bash
# Idle CPU of the packaged agent with N idle Docker containers (see bench/README.md, "Idle CPU"):
# RUNS times: start the agent with bin/run's JVM flags at default settings, wait until it is ready,
# let it settle SETTLE seconds (start-up, first samples, most JIT compilation), then measure over
# WINDOW seconds utime + stime of /proc/<pid>/stat (all threads, JIT and GC included) in cores, VmRSS
# and the thread count at the end, and the ticks (1/CLK_TCK s) of each thread name, user / system,
# summed over threads of the same name (pool threads come and go). Prints one line per run, then
# the mean, standard deviation and range of the cores.
#
# Usage: bench/idle-cpu.sh        env: N=100 RUNS=3 SETTLE=60 WINDOW=60 PORT=<free> APP=target/quarkus-app
#                                      EXTRA_JVM_FLAGS (after bin/run's flags)
# N busybox `sleep` containers named jcadv-idle-<pid>-<i> are started first and removed on exit;
# N=0 starts none and measures with whatever runs (the count is printed). APP is a quarkus-app
# directory: another build's (a copy of its target/quarkus-app) can be measured side by side.
# Needs root and a running dockerd (bin/provision).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/containers.sh

N=${N:-100}
RUNS=${RUNS:-3}
SETTLE=${SETTLE:-60}
WINDOW=${WINDOW:-60}
APP=${APP:-target/quarkus-app}
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')}
# the probes are on the management interface: a port of their own, picked free
MPORT=${MPORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')}
IMAGE=${JCADVISOR_TEST_IMAGE:-jcadvisor/busybox:latest}
DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=docker
PREFIX="jcadv-idle-$$"
hz=$(getconf CLK_TCK)
log=$(mktemp /tmp/jcadv-idle.XXXXXX.log)
agent=

stop_agent() {
  if [[ -n $agent ]] && kill -0 "$agent" 2>/dev/null; then
    kill "$agent" 2>/dev/null || true
    wait "$agent" 2>/dev/null || true
  fi
  agent=
}
cleanup() {
  stop_agent
  remove_prefixed "$PREFIX" || true
  rm -f "$log" "$log".t0 "$log".t1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -f $APP/quarkus-run.jar ]] || { [[ $APP == target/quarkus-app ]] && mvn -B -ntp -q package -DskipTests; }
for ((i = 1; i <= N; i++)); do
  $DOCKER run -d --name "$PREFIX-$i" "$IMAGE" sleep 86400 >/dev/null
done

# bin/run's JVM and flags (bin/jvm); its start-up archive (bin/cds-archive), made for this build when
# missing, is added as bin/run adds it; another build's APP uses the archive in its directory when it has
# one for this JVM (JCADVISOR_CDS=0: none)
java=$(bin/jvm)
read -r -a run_flags <<<"$(bin/jvm --flags)"
if [[ ${JCADVISOR_CDS:-1} != 0 ]]; then
  if [[ $APP == target/quarkus-app ]]; then
    archive_flag=$(bin/cds-archive || true)
    [[ -n $archive_flag ]] && run_flags+=("$archive_flag")
  elif [[ $(cat "$APP/jcadvisor.aot.key" 2>/dev/null) == "$(readlink -f "$java") "* ]]; then
    run_flags+=(-XX:AOTCache="$APP/jcadvisor.aot")
  elif [[ -f $APP/jcadvisor-cds.jsa ]]; then
    run_flags+=(-XX:SharedArchiveFile="$APP/jcadvisor-cds.jsa")
  fi
fi
read -r -a extra_flags <<<"${EXTRA_JVM_FLAGS:-}"

ticks() { sed 's/.*) //' "$1" | awk '{print $12 + $13}'; }
# "<thread name> <utime> <stime>" per thread name (pool numbers dropped), sorted
threads() {
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' _ <"$t/comm" | sed 's/-[0-9]*$//')" "$(sed 's/.*) //' "$t/stat" | awk '{print $12, $13}')"
  done 2>/dev/null | awk '{u[$1] += $2; s[$1] += $3} END {for (k in u) print k, u[k], s[k]}' | sort
}

echo "# idle-cpu: $(date -u +%FT%TZ), $(nproc) CPUs, app $APP, settle ${SETTLE}s, window ${WINDOW}s, $($DOCKER ps -q | wc -l) containers running${EXTRA_JVM_FLAGS:+, extra JVM flags: $EXTRA_JVM_FLAGS}"
results=()
for ((run = 1; run <= RUNS; run++)); do
  # -port is the agent's upstream flag; the property too, for builds older than the flag
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} "$java" "${run_flags[@]}" "${extra_flags[@]}" -Dquarkus.http.port="$PORT" -Dquarkus.management.port="$MPORT" \
    -jar "$APP/quarkus-run.jar" -port="$PORT" >"$log" 2>&1 &
  agent=$!
  for ((i = 0; i < 600; i++)); do
    curl -sf -o /dev/null "http://127.0.0.1:$MPORT/q/health/ready" && break
    kill -0 "$agent" 2>/dev/null || { echo "agent exited:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.1
  done
  sleep "$SETTLE"
  threads "$agent" >"$log.t0"
  c0=$(ticks "/proc/$agent/stat")
  w0=$(date +%s%N)
  load0=$(cut -d' ' -f1 /proc/loadavg)
  sleep "$WINDOW"
  c1=$(ticks "/proc/$agent/stat")
  w1=$(date +%s%N)
  threads "$agent" >"$log.t1"
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$agent/status")
  nthreads=$(awk '/^Threads/ {print $2}' "/proc/$agent/status")
  tracked=$(curl -s "http://127.0.0.1:$MPORT/q/health/ready" | sed -n 's/.*"containers": *\([0-9]*\).*/\1/p')
  load1=$(cut -d' ' -f1 /proc/loadavg)
  cores=$(awk -v c=$((c1 - c0)) -v hz="$hz" -v ns=$((w1 - w0)) 'BEGIN {printf "%.4f", c / hz / (ns / 1e9)}')
  busiest=$(join -a2 -e0 -o 0,1.2,1.3,2.2,2.3 "$log.t0" "$log.t1" |
    awk '{u = $4 - $2; s = $5 - $3; if (u + s > 0) print u + s, $1, u, s}' | sort -rn | head -10 |
    awk '{printf "%s%s %d (%d/%d)", (NR > 1 ? ", " : ""), $2, $1, $3, $4}')
  echo "run $run: ${cores} cores, RSS $((rss / 1024)) MB, $nthreads threads, $tracked containers tracked, load $load0 -> $load1"
  echo "  threads, ticks (user/system): $busiest"
  results+=("$cores")
  stop_agent
done
printf '%s\n' "${results[@]}" | awk '{s += $1; q += $1 * $1; v[NR] = $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1}
  END {m = s / NR; sd = NR > 1 ? sqrt((q - NR * m * m) / (NR - 1)) : 0
       printf "cores over %d runs: mean %.4f, sd %.4f, range %.4f-%.4f\n", NR, m, sd, lo, hi}'
