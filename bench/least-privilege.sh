#!/usr/bin/env bash
# What the image loses with less privilege (README, "Capabilities"): starts the image with the
# README's `docker run` line as it is, then as a non-root user, then with each of its capabilities
# taken away in turn, next to two busybox containers (root, and user 1000), and prints per run:
# whether it became ready, the busybox containers' fd counts and network counters in /metrics, the OOM watcher's state, the
# agent's WARN lines and what /validate/ says about privileges.
#
# Usage: bench/least-privilege.sh     (needs root, dockerd and the image: bin/image builds it)
# Containers are named jcadv-lp-<pid>-*, removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/containers.sh

DOCKER=/usr/bin/docker
[[ -x $DOCKER ]] || DOCKER=docker
BUSYBOX=${JCADVISOR_TEST_IMAGE:-jcadvisor/busybox:latest}
PREFIX="jcadv-lp-$$"
cleanup() {
  remove_prefixed "$PREFIX" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

image=$(bin/image)
read -r -a readme_run <<<"$(sed -n '/^    docker run -d --name jcadvisor/,/[^\\]$/p' README.md | tr -d '\\\n')"
$DOCKER run -d --name "$PREFIX-sibling" "$BUSYBOX" sleep 86400 >/dev/null
# a process of another user: its /proc/<pid>/fd is that user's, mode 0500
$DOCKER run -d --name "$PREFIX-user1000" --user 1000 "$BUSYBOX" sleep 86400 >/dev/null

# run <label> <words to drop, as "--cap-add X" or "--user 0"> [extra options...]
run() {
  local label=$1 drop=$2
  shift 2
  local args=() name="$PREFIX-$label" w=0 n=${#readme_run[@]}
  while ((w < n - 1)); do
    local word=${readme_run[w]} next=${readme_run[w + 1]:-}
    if [[ -n $drop && "$word $next" == "$drop" ]]; then w=$((w + 2)); continue; fi
    case $word in
      jcadvisor) word=$name ;;
      8080:8080) word=127.0.0.1::8080 ;;
      8081:8081) word=127.0.0.1::8081 ;;
    esac
    args+=("$word")
    w=$((w + 1))
  done
  # the process group (fd counts) is off by default, as upstream's
  "${args[@]}" "$@" "$image" -enable_metrics=cpu,memory,network,process,oom_event >/dev/null
  local addr="" ready=no
  for _ in $(seq 1 90); do
    addr=$($DOCKER port "$name" 8081 2>/dev/null | head -1 || true) # the probes' (management) port
    if [[ -n $addr ]] && curl -fs -m 2 "http://$addr/q/health/ready" >/dev/null; then ready=yes; break; fi
    sleep 1
  done
  sleep 12 # a housekeeping round or two after ready
  local metrics validate
  addr=$($DOCKER port "$name" 8080 2>/dev/null | head -1 || true) # the API's port
  metrics=$(curl -s -m 20 "http://$addr/metrics" || true)
  validate=$(curl -s -m 20 "http://$addr/validate/" || true)
  local sib="name=\"$PREFIX-sibling\""
  local fds fds1000 net
  fds=$({ grep "^container_file_descriptors{.*$sib" <<<"$metrics" || true; } | sed 's/.*} \([^ ]*\).*/\1/' | head -1)
  fds1000=$({ grep "^container_file_descriptors{.*name=\"$PREFIX-user1000\"" <<<"$metrics" || true; } |
    sed 's/.*} \([^ ]*\).*/\1/' | head -1)
  net=$(grep -c "^container_network_receive_bytes_total{.*$sib" <<<"$metrics" || true)
  echo "=== $label: ready=$ready state=$($DOCKER inspect -f '{{.State.Status}}/{{.State.ExitCode}}' "$name")" \
    "sibling fds=${fds:-absent} (user 1000: ${fds1000:-absent}) sibling network series=$net"
  $DOCKER logs "$name" 2>&1 | grep -E ' (WARN|ERROR) ' | grep -v NativeLibraryLoader | sed 's/^/  log: /' | cut -c1-400 || true
  sed -n '/^Privileges/,/^$/p' <<<"$validate" | sed 's/^/  validate: /'
  $DOCKER rm -f "$name" >/dev/null
}

run readme ""
run non-root "--user 0" --user 65534
run no-DAC_READ_SEARCH "--cap-add DAC_READ_SEARCH"
run no-SYS_PTRACE "--cap-add SYS_PTRACE"
run no-SYSLOG "--cap-add SYSLOG"
run no-kmsg-device "--device /dev/kmsg"
