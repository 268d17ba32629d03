/*
 * jcadvisor UI helpers: number formats, series derived from cAdvisor v1 stats samples, and a small
 * line chart drawn on <canvas>. No dependencies; exposed as window.JcCharts (and module.exports,
 * so the pure parts can be checked under Node).
 */
(function (global) {
  'use strict';

  const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  const GRID = '#d8dee4';
  const TEXT = '#656d76';

  /** 1536 -> "1.50 KiB"; three significant digits at most. */
  function formatBytes(n) {
    if (n == null || !isFinite(n)) return '–';
    let v = Math.abs(n);
    let i = 0;
    while (v >= 1024 && i < BYTE_UNITS.length - 1) {
      v /= 1024;
      i++;
    }
    const digits = i === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
    return (n < 0 ? '-' : '') + v.toFixed(digits) + ' ' + BYTE_UNITS[i];
  }

  /** CPU in cores: 0.0123 -> "0.012", 1.5 -> "1.50". */
  function formatCores(n) {
    if (n == null || !isFinite(n)) return '–';
    return n.toFixed(n >= 10 ? 1 : n >= 1 ? 2 : 3);
  }

  /** A round axis maximum >= v whose quarters are round too: 1, 2, 4, 6 or 8 times a power of ten. */
  function niceCeil(v) {
    if (!(v > 0)) return 1;
    const pow = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 4, 6, 8]) {
      if (m * pow >= v * (1 - 1e-9)) return m * pow;
    }
    return 10 * pow;
  }

  /** As niceCeil, in units of 1024^k, so byte axes read 512 MiB, 1 GiB, ...; at least 1 KiB. */
  function niceCeilBinary(v) {
    if (!(v > 1024)) return 1024;
    let unit = 1;
    while (v / unit >= 1024) unit *= 1024;
    return niceCeil(v / unit) * unit;
  }

  const TICK_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

  /**
   * Time axis ticks, newest first: [[t ms, label]] at whole round steps before tMax ("now", "-5s",
   * "-2m"), at most five, so equal spacing on the axis always means equal time. (Quarters of the
   * span rounded to seconds would read -5s -4s -3s -1s now for a 5.2 s span.)
   */
  function timeTicks(tMin, tMax) {
    const span = (tMax - tMin) / 1000;
    const step = TICK_SECONDS.find(st => span / st <= 4) || Math.ceil(span / 4 / 3600) * 3600;
    const ticks = [];
    for (let ago = 0; ago <= span + 1e-9; ago += step) {
      const label = ago === 0 ? 'now' : ago < 60 || ago % 60 !== 0 ? '-' + ago + 's' : '-' + ago / 60 + 'm';
      ticks.push([tMax - ago * 1000, label]);
    }
    return ticks;
  }

  /**
   * Milliseconds since the epoch of an RFC 3339 time with up to nanosecond digits
   * ("2026-11-26T22:38:54.280183765Z"); the sub-millisecond part is kept as a fraction.
   */
  function parseTime(s) {
    const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(s || '');
    if (!m) return Date.parse(s);
    return Date.parse(m[1] + m[3]) + (m[2] ? parseFloat(m[2]) * 1000 : 0);
  }

  /** [[t ms, value]] of a gauge over samples (oldest first); samples without the value are skipped. */
  function gauge(samples, value) {
    const out = [];
    for (const s of samples) {
      const v = value(s);
      if (v != null && isFinite(v)) out.push([parseTime(s.timestamp), v]);
    }
    return out;
  }

  /**
   * [[t ms, per-second rate]] of a cumulative counter between consecutive samples. A counter that
   * went down (container restarted, counter reset) or a repeated timestamp gives no point.
   */
  function rate(samples, value) {
    const out = [];
    for (let i = 1; i < samples.length; i++) {
      const t0 = parseTime(samples[i - 1].timestamp);
      const t1 = parseTime(samples[i].timestamp);
      const v0 = value(samples[i - 1]);
      const v1 = value(samples[i]);
      if (!(t1 > t0) || v0 == null || v1 == null || v1 < v0) continue;
      out.push([t1, (v1 - v0) / ((t1 - t0) / 1000)]);
    }
    return out;
  }

  /** CPU usage in cores: the rate of cpu.usage.<field> (ns of CPU time) per second / 1e9. */
  function cpuCores(samples, field) {
    return rate(samples, s => s.cpu && s.cpu.usage ? s.cpu.usage[field] : null).map(([t, v]) => [t, v / 1e9]);
  }

  /**
   * Cumulative network bytes of one sample, summed over its interfaces; the inlined first-interface
   * counters when the list is absent; null when the sample has no network stats.
   */
  function networkBytes(sample, field) {
    const net = sample.network;
    if (!net) return null;
    if (Array.isArray(net.interfaces) && net.interfaces.length > 0) {
      return net.interfaces.reduce((sum, i) => sum + (i[field] || 0), 0);
    }
    return net.name ? net[field] || 0 : null;
  }

  /**
   * Draws series of [[t ms, value]] as lines, with a zero-based y axis, four grid lines and seconds
   * before the newest sample on the x axis. The first series is drawn last, on top: CPU total and
   * user often coincide, and total is the one to see.
   *
   * The legend, each series' color and latest value, is HTML in a div.legend just before the canvas
   * (made on the first call): unlike text drawn on the canvas it wraps on a narrow screen instead of
   * being cut off, and it can be read and selected. The canvas is an image to assistive technology,
   * so its aria-label says what the legend says, and data-latest holds the same latest values as
   * JSON numbers ({"total": 0.97, ...}) for scripts reading the page.
   *
   * opts: {series: [{label, color, points}], format: value -> text, binary: bool, empty: text}
   */
  function drawChart(canvas, opts) {
    const latest = {};
    const legend = opts.series.map(s => {
      const last = s.points.length ? s.points[s.points.length - 1][1] : null;
      if (last != null) latest[s.label] = last;
      return { series: s, text: s.label + (last == null ? '' : ' ' + opts.format(last)) };
    });
    const dpr = global.devicePixelRatio || 1;
    const width = canvas.clientWidth || 400;
    const height = canvas.clientHeight || 180;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px system-ui, sans-serif';

    const points = opts.series.flatMap(s => s.points);
    canvas.dataset.latest = JSON.stringify(latest);
    if (points.length === 0) {
      const message = opts.empty || 'waiting for samples…';
      canvas.setAttribute('aria-label', message);
      showLegend(canvas, []);
      ctx.fillStyle = TEXT;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(message, width / 2, height / 2);
      return;
    }
    canvas.setAttribute('aria-label', legend.map(l => l.text).join(', '));
    showLegend(canvas, legend);
    // top: room for half the height of the top axis label
    const pad = { left: 70, right: 12, top: 8, bottom: 20 };
    const w = width - pad.left - pad.right;
    const h = height - pad.top - pad.bottom;
    const tMax = Math.max(...points.map(p => p[0]));
    const tMin = Math.min(tMax - 1000, Math.min(...points.map(p => p[0])));
    const vMax = Math.max(...points.map(p => p[1]));
    const yMax = opts.binary ? niceCeilBinary(vMax) : niceCeil(vMax);
    const x = t => pad.left + (t - tMin) / (tMax - tMin) * w;
    const y = v => pad.top + h - Math.max(0, v) / yMax * h;

    ctx.lineWidth = 1;
    ctx.strokeStyle = GRID;
    ctx.fillStyle = TEXT;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let i = 0; i <= 4; i++) {
      const v = yMax * i / 4;
      const gy = Math.round(y(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(pad.left, gy);
      ctx.lineTo(pad.left + w, gy);
      ctx.stroke();
      ctx.fillText(opts.format(v), pad.left - 6, gy);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const [t, label] of timeTicks(tMin, tMax)) {
      ctx.fillText(label, x(t), pad.top + h + 5);
    }

    ctx.lineWidth = 1.6;
    ctx.lineJoin = 'round';
    for (const s of opts.series.slice().reverse()) {
      if (s.points.length === 0) continue;
      ctx.strokeStyle = s.color;
      ctx.beginPath();
      s.points.forEach(([t, v], i) => (i === 0 ? ctx.moveTo(x(t), y(v)) : ctx.lineTo(x(t), y(v))));
      if (s.points.length === 1) ctx.lineTo(x(s.points[0][0]) - 2, y(s.points[0][1]));
      ctx.stroke();
    }
  }

  /** Fills the div.legend before the canvas with one span.item per series: a color swatch and text. */
  function showLegend(canvas, legend) {
    let box = canvas.previousElementSibling;
    if (!box || !box.classList.contains('legend')) {
      box = canvas.ownerDocument.createElement('div');
      box.className = 'legend';
      canvas.before(box);
    }
    box.replaceChildren(...legend.map(({ series, text }) => {
      const item = canvas.ownerDocument.createElement('span');
      item.className = 'item';
      const swatch = canvas.ownerDocument.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = series.color;
      item.append(swatch, text);
      return item;
    }));
  }

  const api = {
    formatBytes, formatCores, niceCeil, niceCeilBinary, timeTicks, parseTime, gauge, rate, cpuCores, networkBytes,
    drawChart,
  };
  global.JcCharts = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof window !== 'undefined' ? window : globalThis);
