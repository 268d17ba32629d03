/*
 * jcadvisor UI page logic. The server answers every UI route with one page whose <base href> points
 * at the application root; this script reads the route from location.pathname and fetches
 * everything from the API with root-relative URLs, so the UI works behind a path prefix.
 *
 *   containers/<name…>  one container by cgroup path (containers/ is "/")
 *   docker/             the Docker containers
 *   docker/<alias|id>   one Docker container
 *   podman/, podman/<alias|id>   the same for Podman (no v1 API there: read through v2 ?type=podman)
 */
(function () {
  'use strict';

  const C = window.JcCharts;
  const NUM_STATS = 60;
  const REFRESH_MS = 1000;
  /** Processes and the slower-changing facts (spec, subcontainers) refresh every this many ticks. */
  const SLOW_EVERY = 5;
  const MAX_PROCESSES = 50;
  /** Limits at or above 2^62 are the kernel's "no limit" values (v1 page-rounded max, v2 "max"). */
  const UNLIMITED = 2 ** 62;
  const COLORS = ['#0969da', '#bf3989', '#1a7f37', '#9a6700'];

  const $ = id => document.getElementById(id);
  let machine = null;

  // ---- DOM helpers: text always goes through textContent, never HTML ----

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c != null) node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  function facts(dl, rows) {
    dl.replaceChildren(...rows.filter(r => r && r[1] != null && r[1] !== '')
      .flatMap(([k, v]) => [el('dt', null, k), el('dd', null, v)]));
  }

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = false;
  }

  function showStatus(message) {
    $('status').textContent = message || '';
    $('status').hidden = !message;
  }

  // ---- route and API ----

  function decode(segment) {
    try {
      return decodeURIComponent(segment);
    } catch (e) {
      return segment;
    }
  }

  /** {kind: "containers" | "docker" | "podman", segments: raw (still encoded) path segments after it}. */
  function route() {
    const root = new URL(document.baseURI).pathname;
    const path = location.pathname;
    const rel = path.startsWith(root) ? path.slice(root.length) : path.replace(/^\/+/, '');
    const slash = rel.indexOf('/');
    return {
      kind: slash < 0 ? rel : rel.slice(0, slash),
      segments: (slash < 0 ? '' : rel.slice(slash + 1)).split('/').filter(s => s !== ''),
    };
  }

  /** Root-relative URL path of a container name: "/docker/a b" -> "docker/a%20b". */
  function encodeName(name) {
    return name.split('/').filter(s => s !== '').map(encodeURIComponent).join('/');
  }

  class HttpError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** GET (no body) or POST of a JSON body; the error's message is the server's plain-text answer. */
  async function api(path, body) {
    const init = body === undefined ? { cache: 'no-store' }
      : { method: 'POST', cache: 'no-store', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    const res = await fetch(path, init);
    if (!res.ok) {
      const text = (await res.text()).trim();
      throw new HttpError(res.status, text || res.status + ' ' + res.statusText);
    }
    return res.json();
  }

  /** Calls step every REFRESH_MS after the previous call ended; skips while the tab is hidden. */
  function every(step) {
    let tick = 0;
    const run = async () => {
      if (!document.hidden) {
        let more = true;
        try {
          more = await step(tick);
        } catch (e) {
          // A rendering fault must not stop the refresh loop: show it, log it with its stack for
          // the developer console, and carry on.
          showStatus('page error: ' + e.message);
          console.error(e);
        }
        if (more === false) return;
        tick++;
      }
      setTimeout(run, REFRESH_MS);
    };
    run();
  }

  // ---- machine ----

  async function loadMachine() {
    try {
      machine = await api('api/v1.0/machine');
    } catch (e) {
      facts($('machine-list'), [['Error', e.message]]);
      return;
    }
    const m = machine;
    facts($('machine-list'), [
      ['CPU', m.num_cores + ' logical cores' + (m.num_physical_cores ? ', ' + m.num_physical_cores + ' physical' : '')
        + (m.num_sockets ? ', ' + m.num_sockets + (m.num_sockets === 1 ? ' socket' : ' sockets') : '')],
      ['CPU frequency', m.cpu_frequency_khz ? (m.cpu_frequency_khz / 1e6).toFixed(2) + ' GHz' : null],
      ['CPU vendor', m.vendor_id],
      ['Memory', C.formatBytes(m.memory_capacity)],
      ['Swap', m.swap_capacity ? C.formatBytes(m.swap_capacity) : null],
      ['Machine ID', m.machine_id],
      ['Cloud', m.cloud_provider && m.cloud_provider !== 'Unknown' ? m.cloud_provider + ' ' + m.instance_type : null],
    ]);
  }

  // ---- one container ----

  function breadcrumbs(name) {
    const parts = name.split('/').filter(s => s !== '');
    const nodes = [el('a', { href: 'containers/' }, '/')];
    parts.forEach((p, i) => {
      if (i > 0) nodes.push(' / ');
      nodes.push(el('a', { href: 'containers/' + encodeName(parts.slice(0, i + 1).join('/')) }, p));
    });
    $('breadcrumbs').replaceChildren(...nodes);
  }

  function limitText(bytes) {
    if (!bytes || bytes >= UNLIMITED) return 'unlimited';
    const ofMachine = machine && machine.memory_capacity === bytes ? ' (all machine memory)' : '';
    return C.formatBytes(bytes) + ofMachine;
  }

  function showFacts(info) {
    const spec = info.spec || {};
    document.title = (info.aliases && info.aliases[0] ? info.aliases[0] : info.name) + ' – jcadvisor';
    $('title').textContent = info.aliases && info.aliases[0] ? info.aliases[0] : info.name;
    breadcrumbs(info.name);
    const labels = Object.entries(spec.labels || {}).sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => el('span', { class: 'label' }, k + '=' + v));
    const collected = ['cpu', 'memory', 'network', 'filesystem', 'diskio', 'processes', 'hugetlb']
      .filter(k => spec['has_' + k]).join(', ');
    facts($('overview-list'), [
      ['Name', el('a', { href: 'containers/' + encodeName(info.name) }, info.name)],
      ['Aliases', (info.aliases || []).join(', ')],
      ['Namespace', info.namespace],
      ['ID', info.id],
      ['Image', spec.image],
      ['Labels', labels.length ? el('span', null, ...labels) : null],
      ['Created', spec.creation_time ? new Date(C.parseTime(spec.creation_time)).toLocaleString() : null],
      ['Collected', collected || 'nothing'],
    ]);

    const cpu = spec.cpu || {};
    const mem = spec.memory || {};
    facts($('spec-list'), [
      ['CPU shares', spec.has_cpu ? String(cpu.limit) : null],
      ['CPU limit', !spec.has_cpu ? null : cpu.quota && cpu.period
        ? C.formatCores(cpu.quota / cpu.period) + ' cores (quota ' + cpu.quota + ' µs per ' + cpu.period + ' µs period)'
        : 'unlimited'],
      ['CPUs allowed', cpu.mask],
      ['Memory limit', spec.has_memory ? limitText(mem.limit) : null],
      ['Memory reservation', spec.has_memory && mem.reservation && mem.reservation < UNLIMITED
        ? limitText(mem.reservation) : null],
      ['Swap limit', spec.has_memory && mem.swap_limit ? limitText(mem.swap_limit) : null],
      ['Process limit', spec.processes && spec.processes.limit
        ? (spec.processes.limit >= UNLIMITED ? 'unlimited' : String(spec.processes.limit)) : null],
    ]);

    const subs = (info.subcontainers || []).map(r => r.name).sort();
    $('subcontainer-list').replaceChildren(...(subs.length
      ? subs.map(n => el('li', null, el('a', { href: 'containers/' + encodeName(n) }, n)))
      : [el('li', { class: 'muted' }, 'none')]));
  }

  function showUsage(info) {
    const stats = info.stats || [];
    const newest = stats.length ? stats[stats.length - 1] : null;
    $('sample-info').textContent = newest
      ? stats.length + ' samples, newest ' + new Date(C.parseTime(newest.timestamp)).toLocaleTimeString()
      : 'no samples yet';

    C.drawChart($('cpu-chart'), {
      series: [
        { label: 'total', color: COLORS[0], points: C.cpuCores(stats, 'total') },
        { label: 'user', color: COLORS[2], points: C.cpuCores(stats, 'user') },
        { label: 'system', color: COLORS[3], points: C.cpuCores(stats, 'system') },
      ],
      format: C.formatCores,
      empty: info.spec && !info.spec.has_cpu ? 'no CPU statistics for this container' : undefined,
    });
    C.drawChart($('memory-chart'), {
      series: [
        { label: 'usage', color: COLORS[0], points: C.gauge(stats, s => s.memory && s.memory.usage) },
        { label: 'working set', color: COLORS[1], points: C.gauge(stats, s => s.memory && s.memory.working_set) },
      ],
      format: C.formatBytes,
      binary: true,
      empty: info.spec && !info.spec.has_memory ? 'no memory statistics for this container' : undefined,
    });
    const perSecond = v => C.formatBytes(v) + '/s';
    C.drawChart($('network-chart'), {
      series: [
        { label: 'rx', color: COLORS[0], points: C.rate(stats, s => C.networkBytes(s, 'rx_bytes')) },
        { label: 'tx', color: COLORS[1], points: C.rate(stats, s => C.networkBytes(s, 'tx_bytes')) },
      ],
      format: perSecond,
      binary: true,
      empty: stats.length > 1 ? 'no network statistics for this container' : undefined,
    });
    showFilesystems(newest);
  }

  function showFilesystems(sample) {
    const list = (sample && sample.filesystem) || [];
    if (list.length === 0) {
      $('filesystems').replaceChildren(el('p', { class: 'muted' }, 'no filesystem statistics for this container'));
      return;
    }
    const rows = list.flatMap(fs => {
      const pct = fs.capacity ? fs.usage / fs.capacity * 100 : 0;
      const bar = el('div', { class: 'bar' + (pct >= 90 ? ' high' : '') }, el('span', { style: 'width:' + Math.min(100, pct).toFixed(1) + '%' }));
      return [
        el('div', null, fs.device || '(none)', fs.type ? el('span', { class: 'muted' }, ' ' + fs.type) : null),
        bar,
        el('div', null, C.formatBytes(fs.usage) + ' of ' + C.formatBytes(fs.capacity)
          + (fs.capacity ? ' (' + pct.toFixed(1) + '%)' : '')),
      ];
    });
    $('filesystems').replaceChildren(el('div', { class: 'fs' }, ...rows));
  }

  async function showProcesses(name) {
    let list;
    try {
      list = await api('api/v2.0/ps/' + encodeName(name));
    } catch (e) {
      $('process-info').textContent = '(' + e.message + ')';
      return;
    }
    list.sort((a, b) => (b.percent_cpu - a.percent_cpu) || (b.rss - a.rss));
    $('process-info').textContent = list.length + (list.length === 1 ? ' process' : ' processes')
      + (list.length > MAX_PROCESSES ? ', top ' + MAX_PROCESSES + ' by CPU shown' : '');
    const num = v => el('td', { class: 'num' }, v);
    $('process-table').tBodies[0].replaceChildren(...list.slice(0, MAX_PROCESSES).map(p => el('tr', null,
      el('td', null, p.user), num(p.pid), num(p.parent_pid), el('td', null, p.start_time),
      num(Number(p.percent_cpu).toFixed(1)), num(Number(p.percent_mem).toFixed(1)),
      num(C.formatBytes(p.rss)), num(C.formatBytes(p.virtual_size)), el('td', null, p.status),
      el('td', null, p.running_time), el('td', p.cgroup_path ? { title: p.cgroup_path } : null, p.cmd),
      num(p.fd_count))));
  }

  /** Polls one container: infoUrl answers a ContainerInfo, or {name: ContainerInfo} when keyed. */
  function containerPage(infoUrl, keyed) {
    $('container').hidden = false;
    every(async tick => {
      let info;
      try {
        info = await api(infoUrl, { num_stats: NUM_STATS });
        if (keyed) info = Object.values(info)[0];
        if (!info) throw new HttpError(404, 'container not found');
      } catch (e) {
        if (e.status === 404) {
          // The container is gone (or never was): say so and stop polling.
          showError(e.message);
          showStatus('');
          return false;
        }
        showStatus('update failed: ' + e.message + ' (retrying)');
        return true;
      }
      showStatus('');
      if (tick % SLOW_EVERY === 0) {
        showFacts(info);
        showProcesses(info.name);
      }
      showUsage(info);
      return true;
    });
  }

  // ---- Docker / Podman list ----

  const RUNTIMES = { docker: 'Docker', podman: 'Podman' };

  /**
   * Podman's containers in the v1 shape the list needs ({name: {name, id, aliases, spec, stats}}),
   * from the v2 spec and stats of the podman namespace: upstream has no v1 podman endpoint.
   */
  async function podmanContainers() {
    const [specs, stats] = await Promise.all([
      api('api/v2.0/spec/?type=podman&recursive=true'),
      api('api/v2.0/stats/?type=podman&recursive=true&count=2'),
    ]);
    const out = {};
    for (const [name, spec] of Object.entries(specs)) {
      out[name] = { name, id: spec.aliases && spec.aliases[1], aliases: spec.aliases, spec, stats: stats[name] || [] };
    }
    return out;
  }

  async function dockerList(kind) {
    const label = RUNTIMES[kind] + ' containers';
    $('title').textContent = label;
    $('docker-heading').textContent = label;
    document.title = label + ' – jcadvisor';
    $('breadcrumbs').replaceChildren(el('a', { href: 'containers/' }, '/'));
    $('docker-list').hidden = false;
    if (kind === 'docker') {
      api('api/v2.0/attributes').then(a => {
        $('docker-summary').dataset.version = a.docker_version ? 'Docker ' + a.docker_version : '';
      }).catch(() => {});
    }
    every(async () => {
      let all;
      try {
        all = kind === 'docker' ? await api('api/v1.3/docker/', { num_stats: 2 }) : await podmanContainers();
      } catch (e) {
        showStatus('update failed: ' + e.message + ' (retrying)');
        return true;
      }
      showStatus('');
      const list = Object.values(all).sort((a, b) => (a.aliases?.[0] || a.name).localeCompare(b.aliases?.[0] || b.name));
      const version = $('docker-summary').dataset.version;
      $('docker-summary').textContent = (version ? version + ' · ' : '')
        + (list.length === 0 ? 'no ' + label + ' found' : list.length + (list.length === 1 ? ' container' : ' containers'));
      $('docker-table').tBodies[0].replaceChildren(...list.map(c => {
        const stats = c.stats || [];
        const cpu = C.cpuCores(stats, 'total');
        const newest = stats[stats.length - 1];
        const alias = c.aliases && c.aliases[0] ? c.aliases[0] : c.id || c.name;
        return el('tr', null,
          el('td', null, el('a', { href: kind + '/' + encodeURIComponent(alias) }, alias)),
          el('td', { title: c.id || '' }, (c.id || '').slice(0, 12)),
          el('td', null, c.spec && c.spec.image),
          el('td', null, c.spec && c.spec.creation_time ? new Date(C.parseTime(c.spec.creation_time)).toLocaleString() : ''),
          el('td', { class: 'num' }, cpu.length ? C.formatCores(cpu[cpu.length - 1][1]) : '–'),
          el('td', { class: 'num' }, newest && newest.memory ? C.formatBytes(newest.memory.usage) : '–'));
      }));
      return true;
    });
  }

  // ---- start ----

  function start() {
    loadMachine();
    const r = route();
    const runtime = RUNTIMES[r.kind] ? r.kind : null;
    $('title').textContent = runtime ? r.segments.map(decode).join('/') || RUNTIMES[runtime] + ' containers'
      : '/' + r.segments.map(decode).join('/');
    if (!$('error').hidden) {
      // The server already answered 404 for this route: its message stays and nothing is polled.
      return;
    }
    if (runtime && r.segments.length === 0) {
      dockerList(runtime);
    } else if (runtime === 'docker') {
      containerPage('api/v1.3/docker/' + r.segments[0], true);
    } else if (runtime === 'podman') {
      // The alias names a cgroup; the page then polls that container like any other.
      api('api/v2.0/spec/' + r.segments[0] + '?type=podman')
        .then(spec => containerPage('api/v1.0/containers/' + encodeName(Object.keys(spec)[0]), false))
        .catch(e => showError(e.message));
    } else {
      containerPage('api/v1.0/containers/' + r.segments.join('/'), false);
    }
  }

  start();
})();
