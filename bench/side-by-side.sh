#!/usr/bin/env bash
# The agent and cAdvisor v0.36.0 side by side, in one invocation (issue 13; bench/README.md,
# "Side by side with cAdvisor"). For each container count N it runs our agent, then cAdvisor, on the
# same N idle Docker containers with the same method, and prints one markdown table: each figure for
# both, the ratio agent / cAdvisor, the issue's target for the row and whether it holds.
#
# Usage: bench/side-by-side.sh /path/to/cadvisor-0.36.0
#   env: AGENT_DIR  the checkout whose bin/run and target/quarkus-app are measured (default: the one this
#                   script lives in; its jar is built first if bin/run would rebuild it)
#        NS="50 100"  container counts       WARMUP=150  s from start to the idle window
#        WINDOW=120   idle window, s         FIRST=120   s from start for the first-minutes CPU
#        SCRAPES=50   measured /metrics scrapes (after SCRAPE_WARMUP=5 unmeasured ones)
#        WARM_SCRAPES=500  unmeasured scrapes after the API calls, before SCRAPES more are measured again:
#                     the steady state of a JIT-compiled agent (0: that phase is left out)
#        REQUESTS=20  measured requests per API call (after API_WARMUP=3)
#        CONNECTIONS=200  measured requests on a new connection each (GET /healthz, one curl each)
#        POLLS=500    measured polls for a container not yet known, 100 a second over one kept-alive connection
#        DETECT=15    detection rounds (after one unmeasured round)
#        TOGETHER_SETTLE=60  s both agents run before the detection rounds in turns (below)
#        ORDER="agent cadvisor"   which runs first for each N
#        RETRIES=0    how often a failed request is made again before the run stops (each failure is
#                     listed under the table); cAdvisor 0.36 panics on /api/v2.0/stats when a container
#                     appears at that moment, which other work on a shared host can cause
#        PEER_VERSION=v0.36.0  how the peer is named in the output (the vendored build has no version)
#        AGENT_LAUNCH=image  start our agent with Dockerfile.jvm's ENTRYPOINT flags and ENV (on this host's
#                     java) instead of bin/run
#        MATCH_METRICS=1  give our agent cAdvisor 0.36's metric groups instead of its own default
#                     (hugetlb on; oom_event and pressure, which 0.36 lacks, off)
#        OUT=<dir>    raw figures (raw.tsv), the table, agents' logs, per-thread ticks (default: a new
#                     /tmp/side-by-side.* directory; never the repository)
#   short mode, for development: NS=5 WARMUP=20 WINDOW=10 FIRST=20 SCRAPES=10 REQUESTS=5 DETECT=2
#
# The peer is built from its public source and never committed: fetch github.com/google/cadvisor, then
#   git archive v0.36.0 | tar -x -C /tmp/cadvisor-src     # the tag vendors its dependencies
#   cd /tmp/cadvisor-src && GOFLAGS=-mod=vendor go build -o /tmp/cadvisor-0.36.0 .   # Debian golang-go
#
# Method, the same for both (every figure from the kernel's /proc files or curl, never from the agents):
# - Containers: N from jcadvisor/busybox:latest named jcadv-sbs-<pid>-<i>, every fifth running a shell
#   loop that wakes once a second, the rest `sleep`; made once per N (kept from one N to the next),
#   removed on exit, also on Ctrl-C or failure.
# - Our agent through AGENT_DIR/bin/run (its JVM flags) with -port and -Dquarkus.management.port set
#   to free ports, nothing else; cAdvisor with -port only. Both on their default settings.
# - start to ready: from launching the process until it answers 200 (polled every 10 ms, a new
#   connection each time, by bash itself: no process started that would take CPU from the agent starting;
#   bench/poll.sh): ours /healthz and /q/health/ready (management port) both, cAdvisor /healthz (it serves
#   no other probe, and starts its HTTP server only after its manager has started).
# - CPU: utime + stime of /proc/<pid>/stat (all threads: JIT, GC included) / CLK_TCK / wall time.
#   First minutes: from launch to FIRST s after it (start-up included). Idle: a WINDOW s window that
#   starts max(WARMUP, FIRST) s after launch, no request during it.
# - RSS: VmRSS of /proc/<pid>/status at the end of the idle window and after the API requests; peak:
#   VmHWM at the end of the run.
# - /metrics: SCRAPES sequential scrapes; CPU per scrape = (process CPU over the scrapes - idle cores
#   x their wall time) / SCRAPES; median curl time_total; bytes and samples (non-comment lines).
#   The same again after the API calls and WARM_SCRAPES more scrapes ("warm" rows, no target): the first
#   figure is a young JVM's, whose JIT compiler is still compiling the scrape path (bench/README.md,
#   "`/metrics` at 50 containers"), the second what a long-running agent costs.
# - API: REQUESTS sequential requests each, median time_total: /api/v1.3/docker (no body: upstream's
#   default history of up to 60 samples per container), /api/v2.0/stats?type=docker&recursive=true,
#   /api/v1.3/subcontainers/.
# - a new connection: CPU per request over CONNECTIONS sequential GET /healthz, one curl (one new TCP
#   connection) each, less the idle rate, after 20 unmeasured (no target: what a client that does not keep
#   its connection costs, and what the detection polls no longer show).
# - a poll for a container not yet known: CPU per request over POLLS GET /api/v1.3/docker/<a name no container
#   has>, 100 a second over one kept-alive connection (one curl, after 20 unmeasured), less the idle rate: what
#   each of the detection's polls costs the agent before the container is there (no target). Ours answers
#   404, cAdvisor 0.36 500; any 200, or no answer, stops the run.
# - detection: a new container; from just before `docker run -d` starts until the agent answers 200 at
#   /api/v1.3/docker/<name> (polled every 10 ms by name, an alias both serve, over one kept-alive
#   connection: bench/poll.sh says why), median of DETECT rounds;
#   split at the container's State.StartedAt: Docker's start (docker run starting -> StartedAt) and the
#   agent's part (StartedAt -> the 200), medians of the same rounds. Docker's start drifts by tens of ms
#   between the two agents' turns, so after both turns for an N the two agents run together for
#   TOGETHER_SETTLE s and bench/detection.sh -a times DETECT more rounds for each, in turn, the other agent
#   stopped (SIGSTOP) during each round: the same minutes and the same engine state for both.
# Every request must answer 200 (detection polls: any HTTP status until 200); anything else stops the run.
# Each agent must serve all N bench containers, and they must all still run at both ends of each idle
# window (a restarted engine takes them down). Needs root, dockerd (bin/provision), curl, jq, python3
# (free ports), java 17.
set -euo pipefail
# The whole script is one block, read before it runs: editing the file meanwhile does not change a run that
# has started. Editing AGENT_DIR's sources would (bin/run rebuilds at the next launch), so a launch stops
# the run instead.
{

here=$(cd "$(dirname "$0")/.." && pwd)
PEER=${1:?usage: bench/side-by-side.sh /path/to/cadvisor-0.36.0 (see the header for how to build it)}
[[ -x $PEER ]] || { echo "peer $PEER is not an executable" >&2; exit 2; }
PEER=$(cd "$(dirname "$PEER")" && pwd)/$(basename "$PEER")
AGENT_DIR=$(cd "${AGENT_DIR:-$here}" && pwd)
NS=${NS:-"50 100"}
WARMUP=${WARMUP:-150}
WINDOW=${WINDOW:-120}
FIRST=${FIRST:-120}
SCRAPES=${SCRAPES:-50}
SCRAPE_WARMUP=${SCRAPE_WARMUP:-5}
WARM_SCRAPES=${WARM_SCRAPES:-500}
REQUESTS=${REQUESTS:-20}
API_WARMUP=${API_WARMUP:-3}
DETECT=${DETECT:-15}
CONNECTIONS=${CONNECTIONS:-200}
POLLS=${POLLS:-500}
TOGETHER_SETTLE=${TOGETHER_SETTLE:-60}
RETRIES=${RETRIES:-0}
ORDER=${ORDER:-"agent cadvisor"}
MATCH_METRICS=${MATCH_METRICS:-0}
AGENT_LAUNCH=${AGENT_LAUNCH:-bin/run}
[[ $AGENT_LAUNCH == bin/run || $AGENT_LAUNCH == image ]] || { echo "AGENT_LAUNCH must be bin/run or image" >&2; exit 2; }
IMAGE=${JCADVISOR_TEST_IMAGE:-jcadvisor/busybox:latest}
OUT=${OUT:-$(mktemp -d /tmp/side-by-side.XXXXXX)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
case $OUT/ in "$here"/* | "$AGENT_DIR"/*) echo "OUT=$OUT is inside a repository; use a directory outside" >&2; exit 2 ;; esac
[[ $RETRIES =~ ^[0-9]+$ ]] || { echo "RETRIES must be a count, not '$RETRIES'" >&2; exit 2; }
[[ $WARM_SCRAPES =~ ^[0-9]+$ ]] || { echo "WARM_SCRAPES must be a count, not '$WARM_SCRAPES'" >&2; exit 2; }
for v in WARMUP WINDOW FIRST SCRAPES REQUESTS DETECT CONNECTIONS POLLS; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || { echo "$v must be a positive integer, not '${!v}'" >&2; exit 2; }
done
prev=0
for n in $NS; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "NS: '$n' is not a positive count" >&2; exit 2; }
  # the containers of one count are kept for the next, so the counts must grow
  ((n > prev)) || { echo "NS: the counts must grow ('$NS')" >&2; exit 2; }
  prev=$n
done
for who in $ORDER; do [[ $who == agent || $who == cadvisor ]] || { echo "ORDER: '$who' is neither agent nor cadvisor" >&2; exit 2; }; done

DOCKER=/usr/bin/docker
source "$(dirname "$0")/containers.sh"
# shellcheck source=bench/poll.sh
source "$(dirname "$0")/poll.sh"
[[ -x $DOCKER ]] || DOCKER=docker
PREFIX="jcadv-sbs-$$"
HZ=$(getconf CLK_TCK)
START_CMD="$(printf '%q ' "${BASH_SOURCE[0]}" "$@")"
ENV_CMD="AGENT_DIR=$AGENT_DIR AGENT_LAUNCH=$AGENT_LAUNCH NS=\"$NS\" WARMUP=$WARMUP WINDOW=$WINDOW FIRST=$FIRST SCRAPES=$SCRAPES SCRAPE_WARMUP=$SCRAPE_WARMUP WARM_SCRAPES=$WARM_SCRAPES REQUESTS=$REQUESTS API_WARMUP=$API_WARMUP CONNECTIONS=$CONNECTIONS POLLS=$POLLS DETECT=$DETECT RETRIES=$RETRIES ORDER=\"$ORDER\" MATCH_METRICS=$MATCH_METRICS"
RAW=$OUT/raw.tsv
printf 'n\tagent\tfigure\tvalue\tunit\n' >"$RAW"
pid= cur_n= cur_who=
together=()
declare -A R=()

log() { printf '[%s] %s\n' "$(date -u +%T)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

stop_process() {
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  pid=
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_process
  stop_together
  # the containers (one `docker rm -f` each: bench/containers.sh); if the engine does not answer (restarted
  # by someone else), ask again for a minute
  local try
  for ((try = 0; try < 12; try++)); do
    remove_prefixed "$PREFIX" && break
    sleep 5
  done
  ((try < 12)) || log "WARNING: could not remove the containers named $PREFIX-*: remove them with docker rm -f"
  ((rc == 0)) || log "stopped (exit $rc); raw figures so far in $OUT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ns() { local t=${EPOCHREALTIME/./}; echo "${t}000"; }
# utime + stime of the whole process, in ticks
ticks() { local s; s=$(<"/proc/$pid/stat") || die "process $pid is gone"; s=${s##*) }; awk '{print $12 + $13}' <<<"$s"; }
status_kb() { local v; v=$(awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status") && [[ -n $v ]] || die "no $1 for process $pid"; echo "$v"; }
# "<thread name> <utime> <stime>" per thread name (pool numbers dropped), sorted
threads() {
  local t
  for t in /proc/"$pid"/task/*; do
    printf '%s %s\n' "$(tr ' ' _ <"$t/comm" | sed 's/-[0-9]*$//')" "$(sed 's/.*) //' "$t/stat" | awk '{print $12, $13}')"
  done 2>/dev/null | awk '{u[$1] += $2; s[$1] += $3} END {for (k in u) print k, u[k], s[k]}' | sort
}
# busiest threads between two threads() snapshots: "name ticks (user/system), ..."
busiest() {
  join -a2 -e0 -o 0,1.2,1.3,2.2,2.3 "$1" "$2" |
    awk '{u = $4 - $2; s = $5 - $3; if (u + s > 0) print u + s, $1, u, s}' | sort -rn | head -"${3:-12}" |
    awk '{printf "%s%s %d (%d/%d)", (NR > 1 ? ", " : ""), $2, $1, $3, $4}'
}
# one GET that must answer 200: prints "<seconds> <bytes>"; the body goes to $2
get() {
  local url=$1 body=$2 w try why
  for ((try = 0; ; try++)); do
    if w=$(curl -sS -o "$body" --max-time 120 -w '%{http_code} %{time_total} %{size_download}' "$url" 2>"$body.err"); then
      [[ ${w%% *} == 200 ]] && break
      why="answered ${w%% *}: $(head -c 300 "$body" | tr '\n' ' ')"
    else
      why="curl failed: $(tr '\n' ' ' <"$body.err")"
    fi
    ((try < RETRIES)) || die "GET $url $why"
    # with RETRIES: the failure is kept and listed under the table, the request made again
    printf '%s\t%s\tGET %s %s\n' "$cur_n" "$cur_who" "$url" "$why" >>"$OUT/failures.tsv"
    log "N=$cur_n $cur_who: GET $url $why; again ($((try + 1)) of $RETRIES)"
  done
  echo "${w#* }"
}
code() { curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$1" || true; }
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
put() { # n who figure value unit
  R[$1/$2/$3]=$4
  printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RAW"
}
sleep_until() { local left; left=$(awk -v t="$1" -v n="$(now_ns)" 'BEGIN {d = (t - n) / 1e9; print (d > 0 ? d : 0)}'); nap "$left"; }
# a sleep that a signal interrupts at once (bash runs a trap only after its foreground command ends)
nap() { sleep "$1" & wait $!; }

# ---- what runs ----
[[ -f $AGENT_DIR/bin/run ]] || die "no bin/run in AGENT_DIR=$AGENT_DIR"
jar=$AGENT_DIR/target/quarkus-app/quarkus-run.jar
# sources_changed: whether a source of AGENT_DIR is newer than its jar, as bin/run checks before it rebuilds
sources_changed() { [[ -n $(cd "$AGENT_DIR" && find src/main pom.xml -newer "$jar" -print -quit) ]]; }
if [[ ! -f $jar ]] || sources_changed; then
  log "building the agent in $AGENT_DIR (bin/run would, inside the start-up time)"
  (cd "$AGENT_DIR" && mvn -B -ntp -q package -DskipTests) || die "build of the agent"
fi
# bin/run's class-data archive is made once per build by a training run (bin/cds-archive), which bin/run
# would otherwise do inside the first measured start-up
if [[ -x $AGENT_DIR/bin/cds-archive && ${JCADVISOR_CDS:-1} != 0 ]]; then
  log "making bin/run's class-data archive (bin/cds-archive), outside the measured start-up"
  "$AGENT_DIR/bin/cds-archive" >/dev/null || log "no class-data archive: bin/run starts without one"
fi
agent_commit=$(git -C "$AGENT_DIR" describe --always --dirty 2>/dev/null || echo unknown)
agent_branch=$(git -C "$AGENT_DIR" rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
# a vendored build from `git archive` carries no version of its own: PEER_VERSION names it
peer_version="${PEER_VERSION:-v0.36.0} (\`--version\`: '$("$PEER" --version 2>&1 | head -1)'; $(go version "$PEER" 2>/dev/null | sed 's/.*: //' || true); sha256 $(sha256sum "$PEER" | cut -c1-16))"
peer_help=$("$PEER" --help 2>&1 || true)
peer_default() { awk -v f="-$1" '$1 == f {getline; if (match($0, /\(default [^)]*\)/)) print substr($0, RSTART + 9, RLENGTH - 10)}' <<<"$peer_help"; }
peer_disabled=$(peer_default disable_metrics)
agent_disabled=$(grep -A1 -h 'WithDefault("advtcp' "$AGENT_DIR"/src/main/java/io/jcadvisor/config/CadvisorConfig.java 2>/dev/null | sed -n 's/.*WithDefault("\([^"]*\)").*/\1/p' | head -1)
agent_args=()
image_flags=() image_env=()
if [[ $AGENT_LAUNCH == image ]]; then
  # the JVM flags and environment of Dockerfile.jvm's ENTRYPOINT and ENV, on this host's java (the image
  # runs a jlinked runtime of the same JDK): its java.library.path (Netty's epoll library) only when
  # bin/image has extracted it, since Netty otherwise unpacks the same library itself
  mapfile -t image_flags < <(python3 - "$AGENT_DIR/Dockerfile.jvm" "$AGENT_DIR/target/image/native" <<'PY'
import json, os, re, sys
text = open(sys.argv[1]).read().replace('\\\n', ' ')
words = json.loads(re.search(r'^ENTRYPOINT\s+(\[.*?\])', text, re.M).group(1))
for w in words[1:words.index('-jar')]:
    if w.startswith('-Djava.library.path='):
        if not os.path.isdir(sys.argv[2]):
            continue
        w = '-Djava.library.path=' + sys.argv[2]
    print(w)
PY
  ) || die "no ENTRYPOINT in $AGENT_DIR/Dockerfile.jvm"
  ((${#image_flags[@]})) || die "no JVM flags in $AGENT_DIR/Dockerfile.jvm's ENTRYPOINT"
  mapfile -t image_env < <(sed -n 's/^ENV \([A-Z_]*=[^ ]*\)$/\1/p' "$AGENT_DIR/Dockerfile.jvm")
fi
if [[ $MATCH_METRICS == 1 ]]; then
  # cAdvisor 0.36's groups: it has none of cpu_topology, cpuset, memory_numa, referenced_memory,
  # resctrl (all off here too), oom_event and pressure (on here), and always reads hugetlb (off here)
  agent_args+=(-disable_metrics=advtcp,cpu_topology,cpuset,memory_numa,oom_event,pressure,process,referenced_memory,resctrl,sched,tcp,udp)
fi
hugetlb=$(awk '$3 == "cgroup" && $4 ~ /(^|,)hugetlb(,|$)/ {print "mounted"}' /proc/mounts | head -1)
[[ -n $hugetlb ]] || { [[ -f /sys/fs/cgroup/cgroup.controllers ]] && grep -qw hugetlb /sys/fs/cgroup/cgroup.controllers && hugetlb=mounted; } || true
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%FT%TZ)

# ---- containers ----
made=0
make_containers() { # up to $1
  local i
  for ((i = made + 1; i <= $1; i++)); do
    if ((i % 5 == 0)); then
      $DOCKER run -d --name "$PREFIX-$i" "$IMAGE" sh -c 'while :; do echo tick >/dev/null; sleep 1; done' >/dev/null ||
        die "docker run $PREFIX-$i"
    else
      $DOCKER run -d --name "$PREFIX-$i" "$IMAGE" sleep 86400 >/dev/null || die "docker run $PREFIX-$i"
    fi
  done
  made=$1
}

# how many Docker containers run on the host (all, not only ours); stops the run unless all of ours
# still run (another user of the host restarting the engine takes them down)
docker_running() {
  local all ours
  all=$($DOCKER ps -q) || die "the Docker engine does not answer"
  ours=$($DOCKER ps -q --filter "name=^/$PREFIX-[0-9]+$") || die "the Docker engine does not answer"
  (($(wc -w <<<"$ours") == made)) || die "only $(wc -w <<<"$ours") of the $made bench containers run (was the engine restarted?)"
  wc -w <<<"$all"
}

# ---- one run of one agent on n containers ----
# launch WHO PORT MPORT LOG: starts our agent (MPORT: its management port) or cAdvisor, as the method says;
# sets pid
launch() {
  if [[ $1 == agent ]]; then
    if [[ $AGENT_LAUNCH == image ]]; then
      env "${image_env[@]}" java "${image_flags[@]}" -Dquarkus.management.port="$3" -jar "$jar" \
        -port="$2" ${agent_args[@]+"${agent_args[@]}"} >"$4" 2>&1 &
    else
      # bin/run rebuilds when a source is newer than the jar, which would be inside the measured start
      ! sources_changed ||
        die "a file under $AGENT_DIR/src/main or its pom.xml changed during the run: bin/run would rebuild the agent inside its measured start"
      "$AGENT_DIR/bin/run" -port="$2" -Dquarkus.management.port="$3" ${agent_args[@]+"${agent_args[@]}"} >"$4" 2>&1 &
    fi
  else
    "$PEER" -port="$2" >"$4" 2>&1 &
  fi
  pid=$!
}

# await_ready PORT MPORT T0 LOG WHAT: polls the agent $pid every 10 ms until /healthz on PORT and (when MPORT is
# set) /q/health/ready on MPORT have each answered 200 once; sets t_healthz to the time of the first 200 of
# /healthz and t_ready to the time both had. Stops the run when the process exits first (with LOG's tail) or
# 120 s after T0 (ns). Starts no process while it polls (probe_ok, poll_nap: bench/poll.sh says why).
await_ready() {
  local port=$1 mport=$2 t0=$3 log=$4 what=$5 r1=0 r2=0 now
  [[ -n $mport ]] || r2=1
  while :; do
    if ((!r1)) && probe_ok "$port" /healthz; then r1=1 t_healthz=${EPOCHREALTIME/./}000; fi
    if ((!r2)) && probe_ok "$mport" /q/health/ready; then r2=1; fi
    now=${EPOCHREALTIME/./}000
    if ((r1 && r2)); then t_ready=$now; return 0; fi
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; die "$what exited before it was ready"; }
    ((now - t0 < 120000000000)) || die "$what not ready after 120 s"
    poll_nap 0.01
  done
}
# cpu_each TICKS0 TICKS1 NS0 NS1 COUNT FORMAT: within measure() (its idle), the process CPU between the two
# readings less the idle cores x the wall time between them, per one of COUNT requests, in ms
cpu_each() {
  awk -v c=$(($2 - $1)) -v hz="$HZ" -v ns=$(($4 - $3)) -v idle="$idle" -v k="$5" -v f="$6" \
    'BEGIN {printf f, (c / hz - idle * ns / 1e9) / k * 1000}'
}
# scrapes UNMEASURED KEY: within measure() (its n, who, dir, base, body, idle), UNMEASURED scrapes of /metrics,
# then SCRAPES measured ones: KEY_cpu_ms (process CPU over them less the idle rate, per scrape) and KEY_ms
# (median time_total, from $dir/KEY.times); threads' ticks before and after in $dir/threads.KEY0 and KEY1.
scrapes() {
  local unmeasured=$1 key=$2 i tk0 tk1 tn0 tn1
  for ((i = 0; i < unmeasured; i++)); do get "$base/metrics" "$body" >/dev/null; done
  : >"$dir/$key.times"
  threads >"$dir/threads.${key}0"
  tk0=$(ticks); tn0=$(now_ns)
  for ((i = 0; i < SCRAPES; i++)); do get "$base/metrics" "$body" >>"$dir/$key.times"; done
  tk1=$(ticks); tn1=$(now_ns)
  threads >"$dir/threads.${key}1"
  put "$n" "$who" "${key}_cpu_ms" "$(cpu_each "$tk0" "$tk1" "$tn0" "$tn1" "$SCRAPES" %.2f)" ms
  put "$n" "$who" "${key}_ms" "$(awk '{print $1 * 1000}' "$dir/$key.times" | median)" ms
}
measure() {
  local n=$1 who=$2 port mport base dir t0 i c1 t_ready running body tk0 tk1 tn0 tn1 idle kb
  dir=$OUT/n$n-$who
  cur_n=$n cur_who=$who
  mkdir -p "$dir"
  port=$(free_port)
  base=http://127.0.0.1:$port
  log "N=$n $who: starting on port $port"
  mport=
  [[ $who == cadvisor ]] || mport=$(free_port)
  t0=$(now_ns)
  launch "$who" "$port" "$mport" "$dir/log"
  await_ready "$port" "$mport" "$t0" "$dir/log" "N=$n $who"
  put "$n" "$who" ready_s "$(awk -v d=$((t_ready - t0)) 'BEGIN {printf "%.3f", d / 1e9}')" s
  put "$n" "$who" healthz_s "$(awk -v d=$((t_healthz - t0)) 'BEGIN {printf "%.3f", d / 1e9}')" s
  log "N=$n $who: ready after ${R[$n/$who/ready_s]} s"

  # first minutes: CPU from launch to FIRST s
  sleep_until $((t0 + FIRST * 1000000000))
  tk1=$(ticks)
  threads >"$dir/threads.first"
  busiest /dev/null "$dir/threads.first" >"$dir/busiest.first"
  put "$n" "$who" first_cores "$(awk -v c="$tk1" -v hz="$HZ" -v ns=$(($(now_ns) - t0)) 'BEGIN {printf "%.4f", c / hz / (ns / 1e9)}')" cores

  # idle window
  local start=$((WARMUP > FIRST ? WARMUP : FIRST))
  sleep_until $((t0 + start * 1000000000))
  threads >"$dir/threads.idle0"
  tk0=$(ticks); tn0=$(now_ns)
  running=$(docker_running)
  put "$n" "$who" docker_running_idle_start "$running" containers
  nap "$WINDOW"
  tk1=$(ticks); tn1=$(now_ns)
  threads >"$dir/threads.idle1"
  running=$(docker_running)
  put "$n" "$who" docker_running_idle_end "$running" containers
  idle=$(awk -v c=$((tk1 - tk0)) -v hz="$HZ" -v ns=$((tn1 - tn0)) 'BEGIN {printf "%.5f", c / hz / (ns / 1e9)}')
  put "$n" "$who" idle_cores "$idle" cores
  kb=$(status_kb VmRSS)
  put "$n" "$who" rss_idle_mb "$(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}')" MB
  kb=$(status_kb Threads)
  put "$n" "$who" threads_idle "$kb" threads
  busiest "$dir/threads.idle0" "$dir/threads.idle1" >"$dir/busiest.idle"
  log "N=$n $who: idle $idle cores; threads (ticks user/system): $(<"$dir/busiest.idle")"

  # /metrics
  body=$dir/metrics.body
  scrapes "$SCRAPE_WARMUP" metrics
  busiest "$dir/threads.metrics0" "$dir/threads.metrics1" >"$dir/busiest.scrape"
  put "$n" "$who" metrics_bytes "$(awk 'END {print $2}' "$dir/metrics.times")" bytes
  put "$n" "$who" metrics_samples "$(grep -vc '^#' "$body" || true)" samples
  log "N=$n $who: /metrics ${R[$n/$who/metrics_cpu_ms]} ms CPU, ${R[$n/$who/metrics_ms]} ms median; threads: $(<"$dir/busiest.scrape")"

  # API calls
  local key path
  for key in docker v2stats subcontainers; do
    case $key in
      docker) path=/api/v1.3/docker ;;
      v2stats) path='/api/v2.0/stats?type=docker&recursive=true' ;;
      subcontainers) path=/api/v1.3/subcontainers/ ;;
    esac
    for ((i = 0; i < API_WARMUP; i++)); do get "$base$path" "$dir/$key.body" >/dev/null; done
    : >"$dir/$key.times"
    for ((i = 0; i < REQUESTS; i++)); do get "$base$path" "$dir/$key.body" >>"$dir/$key.times"; done
    put "$n" "$who" "${key}_ms" "$(awk '{print $1 * 1000}' "$dir/$key.times" | median)" ms
    put "$n" "$who" "${key}_bytes" "$(awk 'END {print $2}' "$dir/$key.times")" bytes
  done
  # a request on a new connection each: CONNECTIONS sequential GET /healthz, one curl each
  for ((i = 0; i < 20; i++)); do code "$base/healthz" >/dev/null; done
  tk0=$(ticks); tn0=$(now_ns)
  for ((i = 0; i < CONNECTIONS; i++)); do
    [[ $(code "$base/healthz") == 200 ]] || die "N=$n $who: /healthz did not answer 200"
  done
  tk1=$(ticks); tn1=$(now_ns)
  put "$n" "$who" connection_cpu_ms "$(cpu_each "$tk0" "$tk1" "$tn0" "$tn1" "$CONNECTIONS" %.3f)" ms
  # polls for a container not yet known: POLLS over one kept-alive connection, 100 a second
  local urls=() codes
  for ((i = 0; i < POLLS; i++)); do urls+=("$base/api/v1.3/docker/jcadv-sbs-$$-none"); done
  curl -s "${urls[@]:0:20}" >/dev/null || true
  tk0=$(ticks); tn0=$(now_ns)
  codes=$(curl -s --rate 100/s -w '%{stderr}%{http_code}\n' "${urls[@]}" 2>&1 >/dev/null | sort | uniq -c) || true
  tk1=$(ticks); tn1=$(now_ns)
  [[ $(awk '$2 == 200 || $2 == "000" {print}' <<<"$codes") == "" ]] || die "N=$n $who: a poll for no container answered: $codes"
  put "$n" "$who" poll_cpu_ms "$(cpu_each "$tk0" "$tk1" "$tn0" "$tn1" "$POLLS" %.3f)" ms
  # how many of our containers it serves, and how many containers it tracks in all
  get "$base/api/v1.3/docker" "$dir/docker.body" >/dev/null
  put "$n" "$who" docker_served "$(jq 'length' "$dir/docker.body")" containers
  put "$n" "$who" bench_served "$(jq --arg p "$PREFIX-" '[.[] | select(any(.aliases[]?; startswith($p)))] | length' "$dir/docker.body")" containers
  ((R[$n/$who/bench_served] >= n)) || die "N=$n $who serves ${R[$n/$who/bench_served]} of the $n bench containers"
  get "$base/api/v2.0/spec?recursive=true" "$dir/spec.body" >/dev/null
  put "$n" "$who" tracked "$(jq 'length' "$dir/spec.body")" containers
  kb=$(status_kb VmRSS)
  put "$n" "$who" rss_after_mb "$(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}')" MB
  if ((WARM_SCRAPES > 0)); then
    scrapes "$WARM_SCRAPES" metrics_warm
    log "N=$n $who: /metrics warm ${R[$n/$who/metrics_warm_cpu_ms]} ms CPU, ${R[$n/$who/metrics_warm_ms]} ms median"
  fi
  log "N=$n $who: API docker ${R[$n/$who/docker_ms]} ms, v2 stats ${R[$n/$who/v2stats_ms]} ms, subcontainers ${R[$n/$who/subcontainers_ms]} ms; tracks ${R[$n/$who/tracked]}"

  # detection
  local round name td ts=
  : >"$dir/detect.times"
  : >"$dir/detect.start"
  : >"$dir/detect.after"
  for ((round = 0; round <= DETECT; round++)); do
    name=$PREFIX-detect-$n-$who-$round
    td=$(now_ns)
    $DOCKER run -d --name "$name" "$IMAGE" sleep 86400 >"$dir/detect.id" 2>&1 &
    local drun=$!
    poll_served "$base/api/v1.3/docker/$name" || die "N=$n $who, polled for $name: $POLL_ERR"
    c1=$POLL_T1
    wait "$drun" || die "docker run $name: $(<"$dir/detect.id")"
    # dockerd's StartedAt (RFC 3339, ns), on the same host clock
    ts=$($DOCKER inspect -f '{{.State.StartedAt}}' "$name") && [[ -n $ts ]] && ts=$(date -d "$ts" +%s%N) ||
      die "no StartedAt for $name"
    if ((round > 0)); then
      awk -v d=$((c1 - td)) 'BEGIN {printf "%.1f\n", d / 1e6}' >>"$dir/detect.times"
      awk -v d=$((ts - td)) 'BEGIN {printf "%.1f\n", d / 1e6}' >>"$dir/detect.start"
      awk -v d=$((c1 - ts)) 'BEGIN {printf "%.1f\n", d / 1e6}' >>"$dir/detect.after"
    fi
    $DOCKER rm -f "$name" >/dev/null || die "docker rm $name"
    nap 2
  done
  put "$n" "$who" detect_ms "$(median <"$dir/detect.times")" ms
  put "$n" "$who" detect_start_ms "$(median <"$dir/detect.start")" ms
  put "$n" "$who" detect_after_ms "$(median <"$dir/detect.after")" ms
  kb=$(status_kb VmHWM)
  put "$n" "$who" rss_peak_mb "$(awk -v k="$kb" 'BEGIN {printf "%.1f", k / 1024}')" MB
  log "N=$n $who: detection ${R[$n/$who/detect_ms]} ms (rounds: $(paste -sd' ' "$dir/detect.times"); Docker's start ${R[$n/$who/detect_start_ms]} ms, then ${R[$n/$who/detect_after_ms]} ms), peak RSS ${R[$n/$who/rss_peak_mb]} MB"
  stop_process
}

# ---- detection with both agents running, in turns ----
# Docker's own start varies by tens of ms from one minute to the next, and measure() takes it once in each
# agent's turn. Here both agents run, and bench/detection.sh -a starts the new containers for each in
# turn, the other agent stopped (SIGSTOP) for the round so it takes no CPU from it: the same minutes, the
# same engine, for both (bench/README.md, "Detection: where the milliseconds go").
detect_together() {
  local n=$1 dir=$OUT/n$1-together who port mport served started after
  local -A p=() po=()
  mkdir -p "$dir"
  for who in agent cadvisor; do
    po[$who]=$(free_port) mport=
    [[ $who == cadvisor ]] || mport=$(free_port)
    launch "$who" "${po[$who]}" "$mport" "$dir/$who.log"
    p[$who]=$pid together+=("$pid")
    await_ready "${po[$who]}" "$mport" "$(now_ns)" "$dir/$who.log" "N=$n $who (together)"
  done
  pid=
  log "N=$n: both agents running; detection in turns after ${TOGETHER_SETTLE} s"
  nap "$TOGETHER_SETTLE"
  PREFIX=$PREFIX-together IMAGE=$IMAGE "$here/bench/detection.sh" -a -n "$DETECT" -w 1 \
    "agent:${p[agent]}:${po[agent]}" "cadvisor:${p[cadvisor]}:${po[cadvisor]}" >"$dir/detection.txt" ||
    die "N=$n: bench/detection.sh failed ($dir/detection.txt)"
  for who in agent cadvisor; do
    # "<name> <served> ms (<min>-<max>) <run> ms <started> ms <after> ms <cpu> ms"
    read -r _ served _ _ _ _ started _ after _ < <(awk -v w="$who" '$1 == w && $3 == "ms"' "$dir/detection.txt")
    [[ -n $served ]] || die "N=$n: no detection figures for $who in $dir/detection.txt"
    put "$n" "$who" detect_together_ms "$served" ms
    put "$n" "$who" detect_together_start_ms "$started" ms
    put "$n" "$who" detect_together_after_ms "$after" ms
  done
  log "N=$n together: detection agent ${R[$n/agent/detect_together_ms]} ms, cAdvisor ${R[$n/cadvisor/detect_together_ms]} ms"
  stop_together
}
stop_together() {
  local q
  for q in ${together[@]+"${together[@]}"}; do
    pid=$q
    stop_process
  done
  together=()
}

log "side by side: agent $AGENT_DIR ($agent_commit), peer $PEER ($peer_version), out $OUT"
for n in $NS; do
  log "N=$n: making containers"
  make_containers "$n"
  for who in $ORDER; do measure "$n" "$who"; done
  detect_together "$n"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ----
# rows: key | label | target kind (ratio bound, "abs<" bound on ours, or empty)
rows=(
  "ready_s|start to ready, s (ours: \`/healthz\` and \`/q/health/ready\`; cAdvisor: \`/healthz\`)|abs<1|%.2f"
  "healthz_s|start to \`/healthz\` 200, s||%.2f"
  "first_cores|CPU, cores, first ${FIRST} s after start|ratio<=1|%.4f"
  "idle_cores|idle CPU, cores (${WINDOW} s window after ${WARMUP} s)|ratio<=0.5|%.4f"
  "rss_idle_mb|RSS idle, MB|ratio<=1.5|%.1f"
  "metrics_cpu_ms|\`/metrics\` CPU per scrape, ms|ratio<=0.25|%.1f"
  "metrics_ms|\`/metrics\` median latency, ms|ratio<=0.25|%.1f"
  "metrics_bytes|\`/metrics\` bytes / samples||bytes"
  "metrics_warm_cpu_ms|\`/metrics\` CPU per scrape, warm (after the API calls and ${WARM_SCRAPES} more scrapes), ms||%.1f"
  "metrics_warm_ms|\`/metrics\` median latency, warm, ms||%.1f"
  "docker_ms|\`/api/v1.3/docker\` (default history), ms|ratio<=1|%.1f"
  "v2stats_ms|\`/api/v2.0/stats?type=docker&recursive=true\`, ms|ratio<=1|%.1f"
  "subcontainers_ms|\`/api/v1.3/subcontainers/\`, ms|ratio<=1|%.1f"
  "connection_cpu_ms|CPU per request on a new connection (\`/healthz\`, one \`curl\` each), ms||%.2f"
  "poll_cpu_ms|CPU per poll for a container not yet known (\`/api/v1.3/docker/<name>\`, 100 a second over one kept-alive connection), ms||%.2f"
  "rss_after_mb|RSS after the requests, MB|ratio<=1.5|%.1f"
  "rss_peak_mb|peak RSS (VmHWM) over the run, MB|ratio<=2|%.1f"
  "detect_ms|new container served, from \`docker run\` starting, ms|ratio<=1|%.0f"
  "detect_start_ms|… of which Docker's start (\`docker run\` starting → \`StartedAt\`), ms||%.0f"
  "detect_after_ms|… and the agent's part (\`StartedAt\` → served), ms||%.0f"
  "detect_together_ms|new container served, both agents running, containers started for each in turn, ms|ratio<=1|%.1f"
  "detect_together_start_ms|… of which Docker's start, ms||%.1f"
  "detect_together_after_ms|… and the agent's part, ms||%.1f"
  "tracked|containers tracked (\`/api/v2.0/spec\`, all runtimes)||%d"
)
show() { # n who key format: the figure as the table shows it
  local v=${R[$1/$2/$3]:-}
  [[ -n $v ]] || { echo "–"; return; }
  if [[ $4 == bytes ]]; then
    awk -v b="$v" -v s="${R[$1/$2/metrics_samples]:-?}" 'BEGIN {printf "%.2f MB / %s", b / 1e6, s}'
  else
    awk -v v="$v" -v f="$4" 'BEGIN {printf f, v}'
  fi
}
table() {
  local n head="| | target" sep="|---|---" row key label target fmt a c ratio holds line
  for n in $NS; do head+=" | N=$n: agent | N=$n: cAdvisor 0.36 | ratio | holds"; sep+="|---|---|---|---"; done
  echo "$head |"
  echo "$sep|"
  for row in "${rows[@]}"; do
    IFS='|' read -r key label target fmt <<<"$row"
    case $target in
      ratio\<=*) line="| $label | ≤ ${target#ratio<=}×" ;;
      abs\<*) line="| $label | agent < ${target#abs<}" ;;
      *) line="| $label | " ;;
    esac
    for n in $NS; do
      a=${R[$n/agent/$key]:-} c=${R[$n/cadvisor/$key]:-}
      ratio=$(awk -v a="$a" -v c="$c" 'BEGIN {if (a != "" && c != "" && c + 0 != 0) printf "%.2f", a / c}')
      case $target in
        ratio\<=*) holds=$(awk -v r="$ratio" -v b="${target#ratio<=}" 'BEGIN {print (r == "") ? "?" : (r + 0 <= b + 0) ? "yes" : "**no**"}') ;;
        abs\<*) holds=$(awk -v a="$a" -v b="${target#abs<}" 'BEGIN {print (a == "") ? "?" : (a + 0 < b + 0) ? "yes" : "**no**"}') ;;
        *) holds= ;;
      esac
      line+=" | $(show "$n" agent "$key" "$fmt") | $(show "$n" cadvisor "$key" "$fmt") | $ratio | $holds"
    done
    echo "$line |"
  done
}
{
  echo
  echo "## Side by side: jcadvisor vs cAdvisor 0.36 ($started to $(date -u +%FT%TZ))"
  echo
  table
  echo
  for n in $NS; do
    # both agents track the whole host: other work's containers coming and going between the runs
    # make the rows of this N incomparable
    awk -v n="$n" -v a0="${R[$n/agent/docker_running_idle_start]:-}" -v a1="${R[$n/agent/docker_running_idle_end]:-}" \
      -v c0="${R[$n/cadvisor/docker_running_idle_start]:-}" -v c1="${R[$n/cadvisor/docker_running_idle_end]:-}" \
      -v ta="${R[$n/agent/tracked]:-}" -v tc="${R[$n/cadvisor/tracked]:-}" 'BEGIN {
        if (a0 == "" || c0 == "") exit
        d = ta - tc; if (d < 0) d = -d; m = (ta > tc ? ta : tc)
        if (a0 != a1 || c0 != c1 || a0 != c0 || d > 5 && d > 0.1 * m)
          printf "- **WARNING, N=%d: the host changed between or during the runs** (Docker containers running in the idle windows: agent %s-%s, cAdvisor %s-%s; containers tracked: %s and %s): other work on the host, which both agents track, differed, so the rows of N=%d do not compare like with like; run again on a quiet host\n", n, a0, a1, c0, c1, ta, tc, n
      }'
  done
  if [[ -s $OUT/failures.tsv ]]; then
    echo "- **failed requests, made again (RETRIES=$RETRIES)**: $(awk -F'\t' '{printf "%sN=%s %s: %s", (NR > 1 ? "; " : ""), $1, $2, $3}' "$OUT/failures.tsv")"
  fi
  echo "- command: \`$ENV_CMD $START_CMD\`"
  echo "- host: $(uname -r), $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(stat -fc %T /sys/fs/cgroup | sed 's/tmpfs/cgroup v1 or hybrid/; s/cgroup2fs/cgroup v2/'), Docker $($DOCKER version -f '{{.Server.Version}}' 2>/dev/null), $("$(cd "$AGENT_DIR" && { bin/jvm 2>/dev/null || command -v java; })" -version 2>&1 | head -1)"
  echo "- load average (1/5/15 min): $load_start at the start, $load_end at the end"
  if [[ $AGENT_LAUNCH == image ]]; then
    echo "- agent: $AGENT_DIR, branch $agent_branch, commit $agent_commit, started as Dockerfile.jvm's ENTRYPOINT on this host's java: \`${image_env[*]} java ${image_flags[*]}\` with -port and -Dquarkus.management.port${agent_args[*]:+, plus ${agent_args[*]}}; probes for ready: /healthz and /q/health/ready"
  else
    echo "- agent: $AGENT_DIR, branch $agent_branch, commit $agent_commit, started by bin/run (its JVM flags) with -port and -Dquarkus.management.port only${agent_args[*]:+, plus ${agent_args[*]}}; probes for ready: /healthz and /q/health/ready"
  fi
  echo "- peer: $PEER, $peer_version, started with -port only; probe for ready: /healthz"
  echo "- settings both ran with (defaults): housekeeping 1s (ours) / $(peer_default housekeeping_interval) (peer), max $(peer_default max_housekeeping_interval) (peer; ours 60s), dynamic, global housekeeping 1m / $(peer_default global_housekeeping_interval), storage 2m / $(peer_default storage_duration)"
  echo "- metric groups disabled: ours ${agent_args[*]:-${agent_disabled:-(default, see CadvisorConfig)}}; peer ${peer_disabled}. cAdvisor 0.36 has no cpu_topology, cpuset, memory_numa, referenced_memory, resctrl, pressure, oom_event groups, and reads hugetlb always (hugetlb controller on this host: ${hugetlb:-not mounted, so neither reads it}); ours also exports families of later cAdvisor versions within the groups both have (see the samples row)"
  echo "- containers: N from $IMAGE, every fifth a shell loop waking once a second, the rest sleep; Docker containers running during the idle windows (all, not only ours): $(for n in $NS; do for who in $ORDER; do printf '%s ' "N=$n $who ${R[$n/$who/docker_running_idle_start]}-${R[$n/$who/docker_running_idle_end]}"; done; done)"
  echo "- idle CPU is from a ${WINDOW} s window starting $((WARMUP > FIRST ? WARMUP : FIRST)) s after launch; first-minutes CPU from launch to ${FIRST} s; ${SCRAPES} scrapes, ${REQUESTS} requests per API call, ${CONNECTIONS} requests on new connections, ${POLLS} polls for no container, ${DETECT} detection rounds (medians, polled over one kept-alive connection) in each agent's turn, then ${DETECT} more each with both agents running ${TOGETHER_SETTLE} s after both were ready (bench/detection.sh -a: containers started for each in turn, the other agent stopped meanwhile)"
  echo "- raw figures: $RAW; logs and per-thread ticks: $OUT/n<N>-<agent>/"
  echo
  echo "Busiest threads (ticks of 1/$HZ s, user/system, summed per thread name):"
  for n in $NS; do
    for who in $ORDER; do
      echo "- N=$n $who, launch to ${FIRST} s: $(<"$OUT/n$n-$who/busiest.first")"
      echo "- N=$n $who, idle window: $(<"$OUT/n$n-$who/busiest.idle")"
      echo "- N=$n $who, ${SCRAPES} scrapes: $(<"$OUT/n$n-$who/busiest.scrape")"
    done
  done
} | tee "$OUT/table.md"
exit
}
