# Sourced (not run) by side-by-side.sh, detection.sh and startup.sh: polling an agent until it serves a new
# container, or until it is ready.

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

# probe_ok PORT PATH: whether 127.0.0.1:PORT answers GET PATH with a 200 on a new connection (2 s at most for
# the status line). Starts no process: bash's own /dev/tcp.
#
# For readiness, polled every 10 ms while an agent starts. A curl per probe (two a round, with a date and a
# sleep) took a share of the 2-vCPU host from the agent being started: in turn, six starts each at 50
# containers, 1.07 s to ready for ours against 0.94 s when polled without processes, 0.29 against 0.27 s for
# cAdvisor (bench/README.md, "Start to ready, polled without starting processes").
probe_ok() {
  local fd line=
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&"$fd" 2>/dev/null &&
    IFS= read -r -t 2 line <&"$fd" || true
  exec {fd}<&-
  [[ $line == "HTTP/1."?" 200"* ]]
}

# poll_nap SECONDS: a pause that starts no process (a read with a timeout on a pipe nobody writes to)
poll_nap() {
  [[ -n ${POLL_NAP_FD:-} ]] || exec {POLL_NAP_FD}<> <(:)
  read -r -t "$1" -u "$POLL_NAP_FD" _ || true
}
