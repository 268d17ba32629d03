# Sourced (not run) by side-by-side.sh and detection.sh: polling an agent until it serves a new container.

# poll_served URL [SECONDS]: asks URL every 10 ms over one kept-alive connection (one curl for all the
# requests, --rate 100/s) until it answers 200, for at most SECONDS (30); any other status means "not yet".
# Sets POLL_T1 to the wall clock (ns, bash's EPOCHREALTIME: no process started to read it) when the 200 came.
# Returns 1 with POLL_ERR set when the agent gave no answer at all, or no 200 in time.
#
# One connection, not one curl (one new connection) per request: on the 2-vCPU host a new connection every
# 10 ms slowed Docker's own start of the container being waited for, by 175 ms while it was our agent that
# answered and by 80 ms for cAdvisor, against 29 and 21 ms over one kept-alive connection (bench/README.md,
# "Detection: the polls slowed Docker's start"); the cost of new connections has a row of its own.
poll_served() {
  local url=$1 seconds=${2:-30} urls=() code fd curl_pid i answered=0
  POLL_T1= POLL_ERR=
  for ((i = 0; i < seconds * 100; i++)); do urls+=("$url"); done
  # the status of each answer on stderr as it completes; the bodies to /dev/null
  exec {fd}< <(exec curl -s --rate 100/s -w '%{stderr}%{http_code}\n' "${urls[@]}" 2>&1 >/dev/null)
  curl_pid=$!
  while IFS= read -r -u "$fd" code; do
    if [[ $code == 200 ]]; then
      POLL_T1=${EPOCHREALTIME/./}000
      break
    fi
    if [[ $code == 000 && $answered == 0 ]]; then
      POLL_ERR="no answer from $url"
      break
    fi
    answered=1
  done
  kill "$curl_pid" 2>/dev/null || true
  wait "$curl_pid" 2>/dev/null || true
  exec {fd}<&-
  [[ -n $POLL_T1 ]] && return 0
  POLL_ERR=${POLL_ERR:-"no 200 from $url within $seconds s"}
  return 1
}
