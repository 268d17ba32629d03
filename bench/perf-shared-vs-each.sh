#!/usr/bin/env bash
# One perf child per container against one shared child: 10 perf_event cgroups perfb-s1..10 with a once-a-second shell each,
# 10 per-cgroup `perf stat` children and one shared `perf stat` over all 10 cgroups side by side; CPU of
# each side over 60 s after 10 s, and their Pss. Needs root, perf and the perf_event hierarchy; removes
# what it made.
set -euo pipefail
pids=(); shells=(); hz=$(getconf CLK_TCK)
cleanup() { for p in "${pids[@]}" "${shells[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  for i in $(seq 1 10); do for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir /sys/fs/cgroup/perf_event/perfb-s$i 2>/dev/null && break; sleep 0.2; done; done; }
trap cleanup EXIT
G=(); E=()
for i in $(seq 1 10); do mkdir -p /sys/fs/cgroup/perf_event/perfb-s$i; sh -c 'while :; do sleep 1; done' & shells+=($!)
  echo $! > /sys/fs/cgroup/perf_event/perfb-s$i/cgroup.procs; G+=(/perfb-s$i /perfb-s$i); E+=(task-clock context-switches); done
each=()
for i in $(seq 1 10); do perf stat -x';' -I 1000 --no-big-num -a -A -e task-clock,context-switches -G /perfb-s$i,/perfb-s$i 2>/dev/null & each+=($!); pids+=($!); done
IFS=,; perf stat -x';' -I 1000 --no-big-num -a -A -e "${E[*]}" -G "${G[*]}" 2>/dev/null & shared=$!; pids+=($!); unset IFS
sleep 10
t() { sed 's/.*) //' /proc/$1/stat | awk '{print $12+$13}'; }
e0=0; for p in "${each[@]}"; do e0=$((e0+$(t $p))); done; s0=$(t $shared)
sleep 60
e1=0; pe=0; for p in "${each[@]}"; do e1=$((e1+$(t $p))); pe=$((pe+$(awk '/^Pss:/{print $2}' /proc/$p/smaps_rollup))); done; s1=$(t $shared)
ps=$(awk '/^Pss:/{print $2}' /proc/$shared/smaps_rollup)
echo "10 children: $(awk -v d=$((e1-e0)) -v h=$hz 'BEGIN{printf "%.5f", d/h/60}') cores, Pss $((pe/1024)) MB; shared child: $(awk -v d=$((s1-s0)) -v h=$hz 'BEGIN{printf "%.5f", d/h/60}') cores, Pss $((ps/1024)) MB"
