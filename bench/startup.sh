#!/usr/bin/env bash
# Start-up of the packaged agent with bin/run's JVM and flags (bin/jvm), with and without its start-up
# archive (bin/cds-archive: JDK 25's ahead-of-time cache, or an older JDK's class-data archive),
# interleaved so the host's noise hits both alike (bench/README.md, "Start-up").
# Per start: wall time from launching java until /healthz (main port) and /q/health/ready (management
# port) both answer 200, polled every 10 ms without starting a process (bench/poll.sh); the agent's CPU
# time (utime + stime, all threads) at that moment; VmRSS then. CPU time is the steadier figure on a
# shared host.
#
# Usage: bench/startup.sh        env: RUNS=3 (pairs), EXTRA_JVM_FLAGS (after bin/run's flags),
#   BASELINE=<dir>: instead of without/with the archive, compare another build with this one, each with
#   its own JVM and archive, in turn (<dir> holds that build's bin/ and target/quarkus-app/, e.g. a
#   worktree of main after `mvn package`; its archive is made there by its own bin/cds-archive, and it runs
#   on its own bin/jvm's JVM, or the java on the PATH when it has none)
# Threads: the thread count at ready is printed too (/proc/<pid>/task).
# Tracks whatever runs on the host (start containers first to measure start-up with them).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/poll.sh
source bench/poll.sh
RUNS=${RUNS:-3}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'; }
jar=target/quarkus-app/quarkus-run.jar
if [[ ! -f $jar || -n $(find src/main pom.xml -newer "$jar" -print -quit) ]]; then
  mvn -B -ntp -q package -DskipTests
fi
archive=$(bin/cds-archive) || { echo "no start-up archive could be made" >&2; exit 1; }
java=$(bin/jvm)
read -r -a run_flags <<<"$(bin/jvm --flags)"
read -r -a extra_flags <<<"${EXTRA_JVM_FLAGS:-}"
hz=$(getconf CLK_TCK)
log=$(mktemp /tmp/jcadv-startup.XXXXXX.log)
agent=
cleanup() {
  if [[ -n $agent ]] && kill -0 "$agent" 2>/dev/null; then kill "$agent"; wait "$agent" 2>/dev/null || true; fi
  rm -f "$log"
}
trap cleanup EXIT

start() { # label, flags...
  local label=$1 port mport t0 t1 i
  shift
  port=$(free_port) mport=$(free_port)
  t0=${EPOCHREALTIME/./}000
  (cd "$dir" && exec env MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" "$java" "${run_flags[@]}" "$@" \
    ${extra_flags[@]+"${extra_flags[@]}"} -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" \
    -jar "$jar") >"$log" 2>&1 &
  agent=$!
  for ((i = 0; i < 6000; i++)); do
    probe_ok "$port" /healthz && probe_ok "$mport" /q/health/ready && break
    kill -0 "$agent" 2>/dev/null || { echo "agent exited:" >&2; tail -20 "$log" >&2; exit 1; }
    poll_nap 0.01
  done
  t1=${EPOCHREALTIME/./}000
  printf '%-10s ready %5d ms  cpu %5d ms  rss %4d MB  threads %3d  load %s\n' "$label" $(((t1 - t0) / 1000000)) \
    "$(awk -v hz="$hz" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$agent/stat")" \
    "$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$agent/status")" "$(ls "/proc/$agent/task" | wc -l)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  kill "$agent"
  wait "$agent" 2>/dev/null || true
  agent=
}

here=$PWD dir=$PWD
if [[ -n ${BASELINE:-} ]]; then
  base=$(cd "$BASELINE" && pwd)
  [[ -f $base/$jar && -x $base/bin/cds-archive ]] || { echo "BASELINE=$BASELINE: no $jar or bin/cds-archive there" >&2; exit 1; }
  base_archive=$(cd "$base" && bin/cds-archive) || { echo "no start-up archive for $base" >&2; exit 1; }
  # builds before bin/jvm printed the archive's path, not the flag, and ran the java on the PATH
  [[ $base_archive == -XX:* ]] || base_archive=-XX:SharedArchiveFile=$base_archive
  base_java=$(cd "$base" && { [[ -x bin/jvm ]] && bin/jvm || command -v java; })
  if [[ -x $base/bin/jvm ]]; then read -r -a base_flags <<<"$(cd "$base" && bin/jvm --flags)"; else base_flags=("${run_flags[@]}"); fi
fi
echo "# startup: $(date -u +%FT%TZ), $(nproc) CPUs, $(docker ps -q 2>/dev/null | wc -l) containers running, $java with $archive${BASELINE:+, baseline $BASELINE on $base_java with $base_archive}"
for ((run = 1; run <= RUNS; run++)); do
  if [[ -n ${BASELINE:-} ]]; then
    # the archive paths are relative to each build's directory, as bin/run uses them
    this_java=$java this_flags=("${run_flags[@]}")
    java=$base_java run_flags=("${base_flags[@]}") dir=$base
    start "baseline" "$base_archive"
    java=$this_java run_flags=("${this_flags[@]}") dir=$here
    start "this" "$archive"
  else
    start "no-archive"
    start "archive" "$archive"
  fi
done
