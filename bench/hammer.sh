#!/usr/bin/env bash
# The 20-client hammer of issue 11 against a running agent: CLIENTS threads (20) each GET
# /api/v1.3/subcontainers/ and /metrics in turn for SECONDS (60), while the agent's VmRSS is sampled
# every 0.5 s; then it idles SETTLE seconds (60) and reads VmRSS again.
#
#   bench/hammer.sh <base url> <agent pid>      e.g. bench/hammer.sh http://127.0.0.1:8080 "$(pgrep -f quarkus-run.jar)"
#
# Prints, per path, the count of each status and the p50/p99 latency of the 200s, then the RSS before,
# at its peak during the run, and after settling. 503 answers (cadvisor.limits.heavy-requests) are
# expected under this load and must carry Retry-After; any other non-200 is counted as an error.
# Loopback only: the URL must be on 127.0.0.1 or localhost.
set -euo pipefail
url=${1:?base url}
pid=${2:?agent pid}
[[ $url == http://127.0.0.1:* || $url == http://localhost:* ]] || { echo "loopback only" >&2; exit 2; }
exec python3 - "$url" "$pid" "${CLIENTS:-20}" "${SECONDS_:-${DURATION:-60}}" "${SETTLE:-60}" <<'PY'
import sys, threading, time, urllib.request, urllib.error, collections
url, pid, clients, duration, settle = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
paths = ['/api/v1.3/subcontainers/', '/metrics']
def rss():
    for line in open('/proc/%s/status' % pid):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) // 1024
lat = collections.defaultdict(list); status = collections.Counter(); missing_retry = [0]
stop = time.time() + duration
def client(i):
    k = i
    while time.time() < stop:
        p = paths[k % 2]; k += 1
        t = time.time()
        try:
            r = urllib.request.urlopen(url + p, timeout=30); r.read(); code = r.status
        except urllib.error.HTTPError as e:
            code = e.code; e.read()
            if code == 503 and not e.headers.get('Retry-After'):
                missing_retry[0] += 1
            if code == 503:
                time.sleep(0.05)
        except Exception as e:
            code = type(e).__name__
        status[(p, code)] += 1
        if code == 200:
            lat[p].append((time.time() - t) * 1000)
before = rss(); peak = [before]
threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for t in threads: t.start()
while any(t.is_alive() for t in threads):
    peak[0] = max(peak[0], rss()); time.sleep(0.5)
for (p, code), n in sorted(status.items(), key=str):
    print('%-28s %-6s %6d' % (p, code, n))
for p in paths:
    v = sorted(lat[p])
    if v:
        print('%-28s p50 %.0f ms  p99 %.0f ms  (%d answers)' % (p, v[len(v)//2], v[int(len(v)*0.99)], len(v)))
print('503 without Retry-After: %d' % missing_retry[0])
print('RSS before %d MiB, peak %d MiB' % (before, peak[0]), flush=True)
time.sleep(settle)
print('RSS %d s after: %d MiB' % (settle, rss()))
PY
