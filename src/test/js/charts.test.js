// Checks of the UI's pure helpers (static/charts.js). bin/test runs them before Maven:
//   node --test src/test/js/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const C = require('../../main/resources/META-INF/resources/static/charts.js');

const sample = (t, total, rx) => ({
  timestamp: t,
  cpu: { usage: { total, user: 0, system: 0 } },
  network: { name: 'eth0', rx_bytes: rx, interfaces: [{ name: 'eth0', rx_bytes: rx }, { name: 'eth1', rx_bytes: 2 * rx }] },
});

test('parseTime keeps nanosecond timestamps to sub-millisecond precision', () => {
  const base = Date.UTC(2026, 10, 26, 22, 38, 54);
  assert.ok(Math.abs(C.parseTime('2026-11-26T22:38:54.280183765Z') - base - 280.183765) < 1e-3);
  assert.strictEqual(C.parseTime('2026-11-26T22:38:54Z'), base);
});

test('cpu cores are the usage rate over the sample interval', () => {
  const s = [sample('2026-11-26T22:00:00Z', 0, 0), sample('2026-11-26T22:00:00.500Z', 250e6, 0),
    sample('2026-11-26T22:00:01.500Z', 2250e6, 0)];
  assert.deepStrictEqual(C.cpuCores(s, 'total').map(p => p[1]), [0.5, 2]);
});

test('a counter that goes down or a repeated timestamp gives no point', () => {
  const s = [sample('2026-11-26T22:00:00Z', 5e9, 0), sample('2026-11-26T22:00:01Z', 1e9, 0),
    sample('2026-11-26T22:00:01Z', 2e9, 0), sample('2026-11-26T22:00:02Z', 3e9, 0)];
  assert.deepStrictEqual(C.cpuCores(s, 'total').map(p => p[1]), [1]);
});

test('network bytes sum the interfaces, else take the inlined first interface', () => {
  assert.strictEqual(C.networkBytes(sample('2026-11-26T22:00:00Z', 0, 100), 'rx_bytes'), 300);
  assert.strictEqual(C.networkBytes({ network: { name: 'eth0', rx_bytes: 7 } }, 'rx_bytes'), 7);
  assert.strictEqual(C.networkBytes({}, 'rx_bytes'), null);
  const s = [sample('2026-11-26T22:00:00Z', 0, 0), sample('2026-11-26T22:00:02Z', 0, 1024)];
  assert.deepStrictEqual(C.rate(s, x => C.networkBytes(x, 'rx_bytes')).map(p => p[1]), [1536]);
});

test('formats', () => {
  assert.strictEqual(C.formatBytes(0), '0 B');
  assert.strictEqual(C.formatBytes(1536), '1.50 KiB');
  assert.strictEqual(C.formatBytes(25276502016), '23.5 GiB');
  assert.strictEqual(C.formatBytes(undefined), '–');
  assert.strictEqual(C.formatCores(0.0123), '0.012');
  assert.strictEqual(C.formatCores(1.5), '1.50');
});

test('axis maxima are round and their quarters too', () => {
  assert.strictEqual(C.niceCeil(0), 1);
  assert.strictEqual(C.niceCeil(0.37), 0.4);
  assert.strictEqual(C.niceCeil(1.9), 2);
  assert.strictEqual(C.niceCeil(7), 8);
  assert.strictEqual(C.niceCeil(9), 10);
  assert.strictEqual(C.niceCeilBinary(0), 1024);
  assert.strictEqual(C.niceCeilBinary(3 * 2 ** 30), 4 * 2 ** 30);
});

test('time ticks sit at whole round steps before now, at most five', () => {
  const now = Date.UTC(2026, 10, 27, 2, 0, 0);
  const labels = span => C.timeTicks(now - span * 1000, now).map(t => t[1]);
  // 5.2 s of samples: a tick every 2 s (quarters gave "-5s -4s -3s -1s now", equal spacing for unequal time)
  assert.deepStrictEqual(labels(5.2), ['now', '-2s', '-4s']);
  assert.deepStrictEqual(labels(59), ['now', '-15s', '-30s', '-45s']);
  assert.deepStrictEqual(labels(60), ['now', '-15s', '-30s', '-45s', '-1m']);
  assert.deepStrictEqual(labels(900), ['now', '-5m', '-10m', '-15m']);
  assert.deepStrictEqual(labels(1), ['now', '-1s']);
  assert.deepStrictEqual(C.timeTicks(now - 2000, now).map(t => t[0]), [now, now - 1000, now - 2000]);
  for (const span of [1, 3, 7.5, 44, 61, 299, 3000, 20000]) {
    const ticks = C.timeTicks(now - span * 1000, now);
    assert.ok(ticks.length >= 2 && ticks.length <= 5, span + ': ' + ticks.length);
    assert.ok(ticks.every(([t]) => t >= now - span * 1000 && t <= now), 'inside the span ' + span);
  }
});
