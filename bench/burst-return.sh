#!/usr/bin/env bash
# What a burst of heavy requests leaves resident: agents already running (each NAME:PID:PORT, e.g. two
# builds side by side on the same containers) are hammered together by bench/hammer.sh's 20 clients,
# BURSTS (3) times, and each burst's RSS is read before, at its peak, and SETTLE s after.
#
#   bench/burst-return.sh main:4242:18080 new:4343:18090
#
#   DURATION=30   seconds each hammer lasts
#   SETTLE=70     seconds of quiet after each burst before RSS is read again: longer than the agent's
#                 cadvisor.limits.memory-return-quiet (30s) plus one check period, so its memory
#                 return has run
#   BURSTS=3
#   REST=1        before the first burst, run one full collection (`jcmd <pid> GC.run`) and wait 5 s:
#                 "before" is then the heap's resting size after a collection, the size the memory
#                 return brings it back to, not a low point of the heap's saw-tooth. REST=0 skips it.
#
# Per agent and burst it prints RSS before / peak / after and the difference after - before, with
# RssAnon and RssFile (the file pages are the jar, libraries and class-data archive, which the kernel
# can reclaim; the anonymous ones are heap, code, buffers and malloc). The agents should have run long
# enough for their sample history to be full (cadvisor.storage.duration, 2 min) and have answered one
# request of each kind, so the history's growth and first-request caches are not counted as the burst's.
# Loopback only. Needs jcmd (REST=1) and python3.
set -euo pipefail
cd "$(dirname "$0")"
source ./agents.sh
(($# > 0)) || { echo "usage: $0 NAME:PID:PORT..." >&2; exit 2; }
agents_parse "$@"
DURATION=${DURATION:-30} SETTLE=${SETTLE:-70} BURSTS=${BURSTS:-3} REST=${REST:-1}

# mem PID: "rss anon file" in MiB, from /proc/PID/status
mem() { awk '/^VmRSS:/ {r = $2} /^RssAnon:/ {a = $2} /^RssFile:/ {f = $2} END {printf "%d %d %d", r / 1024, a / 1024, f / 1024}' "/proc/$1/status"; }

if ((REST)); then
  for n in "${names[@]}"; do jcmd "${pid[$n]}" GC.run >/dev/null; done
  sleep 5
fi
out=$(mktemp -d /tmp/burst-return.XXXXXX)
printf '%-10s %-5s %-22s %-9s %-22s %s\n' agent burst "before rss/anon/file" peak "after rss/anon/file" "after - before (rss/anon)"
for ((b = 1; b <= BURSTS; b++)); do
  declare -A before=()
  for n in "${names[@]}"; do before[$n]=$(mem "${pid[$n]}"); done
  for n in "${names[@]}"; do
    DURATION=$DURATION SETTLE=$SETTLE ./hammer.sh "http://127.0.0.1:${port[$n]}" "${pid[$n]}" >"$out/$n.$b" 2>&1 &
  done
  wait
  for n in "${names[@]}"; do
    read -r rb ab fb <<<"${before[$n]}"
    read -r ra aa fa <<<"$(mem "${pid[$n]}")"
    peak=$(sed -n 's/.*peak \([0-9]*\) MiB.*/\1/p' "$out/$n.$b")
    printf '%-10s %-5s %-22s %-9s %-22s %+d / %+d MiB\n' "$n" "$b" "$rb / $ab / $fb" "${peak:-?}" "$ra / $aa / $fa" \
      $((ra - rb)) $((aa - ab))
  done
done
echo "hammer outputs: $out"
