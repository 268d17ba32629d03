#!/usr/bin/env bash
# Detection rounds against several running agents, interleaved (issue 13; bench/README.md, "Detection:
# where the milliseconds go"): each round starts one new container per agent, the agents taking turns (the
# order rotates every round), and polls only that agent by name, as side-by-side.sh's detection does. The
# same host state weighs on all of them alike, and Docker's own start is split from the agent's part.
#
#   bench/detection.sh [-a] [-q] [-n ROUNDS] [-w WARMUP] NAME:PID:PORT [NAME:PID:PORT ...]
#   bench/detection.sh -n 20 -w 2 cadvisor:1234:18080 main:2345:18090 branch:3456:18100
#
# -a  alone, as in side-by-side.sh where one agent runs at a time: the other agents are stopped (SIGSTOP)
#     for the round and continued (SIGCONT) before the 2 s pause between rounds, in which they catch up on
#     the container they did not see start. Without -a all agents run and see every start.
# -q  quiet: the agent is not polled (no served, no after): what its own reaction to a start, without the
#     requests, does to Docker's start (with -a: each agent alone).
#
# Per round and agent, from just before `docker run -d --name <name> IMAGE sleep 3600` starts (t0):
#   served   until GET /api/v1.3/docker/<name> answers 200, polled every 10 ms over one kept-alive
#            connection (bench/poll.sh; any other status, e.g. cAdvisor's 500 for an unknown name, means
#            "not yet"): side-by-side.sh's figure
#   run      until the `docker run` client returns
#   started  until the container's State.StartedAt (dockerd's clock, the same host clock)
#   after    served - started: the agent's own part, Docker's start taken out
#   cpu      the agent's on-CPU time from t0 until the 200 and the client's return (all threads,
#            /proc/<pid>/task/*/schedstat): its reaction to the start, the polls and its idle work
# Prints each agent's medians (and the min-max of served). The containers are named <prefix>-<round>-<name>
# (PREFIX, default jcadv-detect-<pid>), removed one `docker rm -f` at a time after each round and on exit.
# No agent is started or ended (-a pauses them). Needs dockerd, curl; IMAGE=jcadvisor/busybox:latest.
set -euo pipefail

rounds=10
warmup=1
alone=0
quiet=0
while getopts aqn:w: opt; do
  case $opt in
    a) alone=1 ;;
    q) quiet=1 ;;
    n) rounds=$OPTARG ;;
    w) warmup=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
(($# >= 1)) || { sed -n '2,26p' "$0" >&2; exit 2; }
[[ $rounds =~ ^[0-9]+$ && $rounds -gt 0 ]] || { echo "-n must be a positive count, not '$rounds'" >&2; exit 2; }
[[ $warmup =~ ^[0-9]+$ ]] || { echo "-w must be a count, not '$warmup'" >&2; exit 2; }
IMAGE=${IMAGE:-jcadvisor/busybox:latest}
PREFIX=${PREFIX:-jcadv-detect-$$}
tmp=$(mktemp -d)
current=
paused=()

# shellcheck source=bench/agents.sh
source "$(dirname "$0")/agents.sh"
# shellcheck source=bench/poll.sh
source "$(dirname "$0")/poll.sh"
agents_parse "$@"

cleanup() {
  resume
  [[ -z $current ]] || docker rm -f "$current" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -a: stops every agent but $1; resume continues them
pause_others() {
  local other
  for other in "${names[@]}"; do
    [[ $other == "$1" ]] && continue
    kill -STOP "${pid[$other]}"
    paused+=("${pid[$other]}")
  done
}
resume() {
  local p
  for p in ${paused[@]+"${paused[@]}"}; do kill -CONT "$p" 2>/dev/null || true; done
  paused=()
}

ms() { awk -v d="$1" 'BEGIN {printf "%.1f", d / 1e6}'; }
median() { sort -g | awk '$1 != "-" {v[++n] = $1} END {if (n == 0) {print "-"; exit} print (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2}'; }

# one round for agent $1 (round number $2); appends "served run started after cpu" (ms; "-" when not polled) to $3
round() {
  local name=$1 url t0 t1 c0 c1 started_at started
  current=$PREFIX-$2-$name
  url="http://127.0.0.1:${port[$name]}/api/v1.3/docker/$current"
  ((alone == 0)) || pause_others "$name"
  c0=$(cpu_ns "${pid[$name]}")
  t0=$(now_ns)
  { docker run -d --name "$current" "$IMAGE" sleep 3600 >"$tmp/run.out" 2>&1; echo $? "$(now_ns)" >"$tmp/run.end"; } &
  local drun=$!
  t1=$t0
  if ((quiet == 0)); then
    poll_served "$url" || { echo "$name, polled for $current: $POLL_ERR" >&2; exit 1; }
    t1=$POLL_T1
  fi
  wait "$drun" || true
  c1=$(cpu_ns "${pid[$name]}")
  read -r rc tr <"$tmp/run.end"
  ((rc == 0)) || { echo "docker run $current: $(<"$tmp/run.out")" >&2; exit 1; }
  started_at=$(docker inspect -f '{{.State.StartedAt}}' "$current")
  started=$(date -d "$started_at" +%s%N)
  local served=- after=-
  ((quiet == 1)) || { served=$(ms $((t1 - t0))); after=$(ms $((t1 - started))); }
  [[ -z ${3:-} ]] || echo "$served $(ms $((tr - t0))) $(ms $((started - t0))) $after $(ms $((c1 - c0)))" >>"$3"
  docker rm -f "$current" >/dev/null
  current=
  resume
  sleep 2
}

for name in "${names[@]}"; do : >"$tmp/$name"; done
load0=$(cut -d' ' -f1-3 /proc/loadavg)
k=${#names[@]}
for ((r = 0; r < warmup + rounds; r++)); do
  for ((j = 0; j < k; j++)); do
    name=${names[(r + j) % k]}
    if ((r < warmup)); then round "$name" "$r" ""; else round "$name" "$r" "$tmp/$name"; fi
  done
done

printf '%d rounds per agent after %d warm-up rounds, interleaved%s%s; load average %s at the start, %s at the end\n' \
  "$rounds" "$warmup" "$( ((alone == 0)) || echo ', each agent alone in its rounds (-a)')" \
  "$( ((quiet == 0)) || echo ', not polled (-q)')" "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %10s %13s %9s %10s %10s %8s\n' agent served '(min-max)' run started after cpu
for name in "${names[@]}"; do
  f=$tmp/$name
  range=-
  ((quiet == 1)) || range="($(cut -d' ' -f1 "$f" | sort -g | head -1)-$(cut -d' ' -f1 "$f" | sort -g | tail -1))"
  printf '%-12s %7s ms %13s %6s ms %7s ms %7s ms %5s ms\n' "$name" "$(cut -d' ' -f1 "$f" | median)" "$range" \
    "$(cut -d' ' -f2 "$f" | median)" "$(cut -d' ' -f3 "$f" | median)" "$(cut -d' ' -f4 "$f" | median)" \
    "$(cut -d' ' -f5 "$f" | median)"
done
