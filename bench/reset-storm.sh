#!/usr/bin/env bash
# HostileClientsIT's reset storm against a running agent: 3,000 connections from 4 threads, each sending
# one of six request stages (nothing, half a head, half a body, a subcontainers request, /metrics, an
# event stream) and reset at once (SO_LINGER 0); then ten /healthz probes on connections of their own,
# each retried until it is answered 200.
#
#   bench/reset-storm.sh <port> <agent pid> [<management port>]
#
# Prints how long the storm took, each probe's time and tries (a connection closed at accept is a try),
# the CPU clock ticks of the agent's threads over the storm and the 3 s after it (/proc/<pid>/task/*/stat,
# grouped by thread name), and, given the management port, the agent's connection counters before and after.
# Loopback only.
set -euo pipefail
port=${1:?port}
pid=${2:?agent pid}
mgmt=${3:-}
counters() {
  [[ -n $mgmt ]] || return 0
  curl -s --max-time 5 "http://127.0.0.1:$mgmt/q/metrics" | grep -E '^jcadvisor_http_connections' | tr '\n' ' '
  echo
}
counters
timeout 120 python3 - "$port" "$pid" <<'PY'
import os, socket, struct, sys, threading, time
port, pid = int(sys.argv[1]), sys.argv[2]
stages = [b"", b"GET /api/v1.3/machine HTTP/1.1\r\nHost: x\r\nX-Slow: ",
          b"POST /api/v1.3/containers/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"num_stats\"",
          b"GET /api/v1.3/subcontainers/ HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
          b"GET /api/v1.3/events?stream=true HTTP/1.1\r\nHost: x\r\n\r\n"]
def ticks():
    out = {}
    for t in os.listdir('/proc/%s/task' % pid):
        try:
            s = open('/proc/%s/task/%s/stat' % (pid, t)).read()
            f = s[s.rindex(')') + 2:].split()
            out[t] = (s[s.index('(') + 1:s.rindex(')')], int(f[11]) + int(f[12]))
        except (OSError, ValueError):
            pass  # a thread that ended meanwhile
    return out
def client(first):
    for i in range(first, 3000, 4):
        try:
            s = socket.create_connection(('127.0.0.1', port))
            if stages[i % 6]:
                s.sendall(stages[i % 6])
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            s.close()
        except OSError:
            pass
def probe():
    started, tries = time.time(), 0
    while time.time() - started < 10:
        tries += 1
        try:
            s = socket.create_connection(('127.0.0.1', port), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            got = b''
            while True:
                d = s.recv(65536)
                if not d:
                    break
                got += d
            s.close()
            if got.startswith(b'HTTP/1.1 200'):
                return '%.0f ms/%d' % ((time.time() - started) * 1000, tries)
        except OSError:
            pass  # closed at accept or reset: try again
    return 'none in 10 s/%d' % tries
before = ticks()
t0 = time.time()
threads = [threading.Thread(target=client, args=(c,)) for c in range(4)]
for t in threads: t.start()
for t in threads: t.join()
storm = (time.time() - t0) * 1000
probes = [probe() for _ in range(10)]
time.sleep(3)
after = ticks()
print('storm %.0f ms; probes (time/tries): %s' % (storm, ', '.join(probes)))
by_name = {}
for t, (name, cpu) in after.items():
    key = name.rstrip('0123456789-')
    by_name[key] = by_name.get(key, 0) + cpu - before.get(t, (name, 0))[1]
print('ticks over the storm and 3 s after:', ', '.join('%s %d' % (k, v) for v, k in sorted(((v, k) for k, v in by_name.items() if v), reverse=True)))
PY
counters
