// TradingAspire dashboard: a small single-page app over the JSON API (/api/...), live through Server-Sent Events.
const $ = (selector) => document.querySelector(selector);
const resources = new Map();
const escapeHtml = (text) => String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const time = (value) => (value ? new Date(value).toLocaleTimeString() : '');

function toast(message, ok = true) {
  const element = document.createElement('div');
  element.className = `toast ${ok ? '' : 'fail'}`;
  element.textContent = message;
  $('#toasts').appendChild(element);
  setTimeout(() => element.remove(), 6000);
}

document.querySelectorAll('nav button').forEach((button) => button.addEventListener('click', () => showTab(button.dataset.tab)));
function showTab(name) {
  document.querySelectorAll('nav button').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.id === name));
  if (name === 'logs') loadLogs();
  if (name === 'traces') loadTraces();
  if (name === 'metrics') loadInstruments();
}

// ---- Resources -------------------------------------------------------------------------------
async function runCommand(name, command, confirmation) {
  if (confirmation && !confirm(confirmation)) return;
  const response = await fetch(`/api/resources/${encodeURIComponent(name)}/commands/${encodeURIComponent(command)}`, { method: 'POST' });
  const result = await response.json();
  toast(`${name} ${command}: ${result.message ?? (result.success ? 'done' : 'failed')}`, result.success);
}

function renderResources() {
  const rows = [...resources.values()].sort((a, b) => a.name.localeCompare(b.name)).map((r) => {
    const checks = r.healthReports.map((h) => `${h.name}: ${h.status}${h.description ? ` (${h.description})` : ''}`).join('\n');
    const actions = [['start', 'Start'], ['stop', 'Stop'], ['restart', 'Restart']].map(([c, label]) =>
      `<button class="small" data-testid="action-${r.name}-${c}" onclick="runCommand('${r.name}','${c}')">${label}</button>`).join('')
      + r.commands.map((c) => `<button class="small" data-testid="action-${r.name}-${c.name}" title="${escapeHtml(c.description)}" onclick="runCommand('${r.name}','${c.name}',${c.requiresConfirmation ? `'${escapeHtml(c.displayName)}?'` : 'null'})">${escapeHtml(c.displayName)}</button>`).join('');
    return `<tr data-testid="resource-${r.name}">
      <td><a href="#" onclick="showDetails('${r.name}');return false">${escapeHtml(r.name)}</a></td><td>${escapeHtml(r.resourceType)}</td>
      <td class="state-${r.state}" data-testid="state-${r.name}" title="${escapeHtml(r.stateDetail)}">${r.state}${r.stateDetail ? ' ⓘ' : ''}</td>
      <td class="health-${r.healthStatus}" title="${escapeHtml(checks)}" data-testid="health-${r.name}">${r.healthStatus ?? ''}</td>
      <td>${time(r.startTime)}</td><td>${r.processId ?? ''}</td><td>${r.restartCount}</td>
      <td>${r.endpoints.map((e) => e.url.startsWith('http') ? `<a href="${e.url}" target="_blank">${e.url}</a>` : escapeHtml(e.url)).join('<br>')}</td>
      <td>${actions}</td></tr>`;
  });
  $('#resource-rows').innerHTML = rows.join('');
  renderGraph();
  for (const select of ['#console-resource', '#logs-resource', '#traces-resource', '#metrics-resource']) fillResourceSelect($(select));
}

function showDetails(name) {
  const r = resources.get(name);
  $('#details').innerHTML = `<h3>${escapeHtml(name)}</h3><p>${escapeHtml(r.stateDetail ?? '')}</p>
    <table class="env" data-testid="environment"><tr><th>Variable</th><th>Value</th></tr>${r.environment.map((e) =>
      `<tr><td>${escapeHtml(e.name)}</td><td>${escapeHtml(e.value)}</td></tr>`).join('')}</table>`;
}

function renderGraph() {
  const list = [...resources.values()];
  const depth = new Map();
  const depthOf = (r, seen = new Set()) => {
    if (depth.has(r.name)) return depth.get(r.name);
    if (seen.has(r.name)) return 0;
    seen.add(r.name);
    const d = r.dependsOn.length === 0 ? 0 : 1 + Math.max(...r.dependsOn.map((n) => (resources.has(n) ? depthOf(resources.get(n), seen) : 0)));
    depth.set(r.name, d);
    return d;
  };
  list.forEach((r) => depthOf(r));
  const columns = new Map();
  const position = new Map();
  list.sort((a, b) => a.name.localeCompare(b.name)).forEach((r) => {
    const d = depth.get(r.name);
    const row = columns.get(d) ?? 0;
    columns.set(d, row + 1);
    position.set(r.name, { x: 20 + d * 170, y: 20 + row * 34 });
  });
  const edges = list.flatMap((r) => r.dependsOn.filter((n) => position.has(n)).map((n) => {
    const a = position.get(r.name); const b = position.get(n);
    return `<line x1="${b.x + 130}" y1="${b.y + 11}" x2="${a.x}" y2="${a.y + 11}" stroke="#999"/>`;
  }));
  const nodes = list.map((r) => {
    const p = position.get(r.name);
    const color = r.state === 'Running' ? (r.healthStatus === 'Healthy' ? '#c8f0d0' : '#fff2c0') : r.state === 'FailedToStart' ? '#ffd0cc' : '#eee';
    return `<g><rect x="${p.x}" y="${p.y}" width="130" height="22" rx="4" fill="${color}" stroke="#888"/><text x="${p.x + 6}" y="${p.y + 15}" font-size="12">${escapeHtml(r.name)}</text></g>`;
  });
  $('#graph').setAttribute('height', String(40 + 34 * Math.max(1, ...columns.values())));
  $('#graph').innerHTML = edges.join('') + nodes.join('');
}

function fillResourceSelect(select) {
  const current = select.value;
  const keepAll = select.querySelector('option[value=""]');
  select.innerHTML = (keepAll ? keepAll.outerHTML : '') + [...resources.keys()].sort().map((n) => `<option>${escapeHtml(n)}</option>`).join('');
  if ([...select.options].some((o) => o.value === current)) select.value = current;
}

const resourceStream = new EventSource('/api/resources/stream');
resourceStream.onmessage = (event) => {
  const resource = JSON.parse(event.data);
  resources.set(resource.name, resource);
  renderResources();
};

// ---- Console ---------------------------------------------------------------------------------
let consoleStream = null;
let consoleLines = [];
async function openConsole(name) {
  consoleStream?.close();
  consoleLines = await (await fetch(`/api/resources/${encodeURIComponent(name)}/console?tail=1000`)).json();
  renderConsole();
  consoleStream = new EventSource(`/api/resources/${encodeURIComponent(name)}/console/stream`);
  consoleStream.onmessage = (event) => {
    consoleLines.push(JSON.parse(event.data));
    if (consoleLines.length > 5000) consoleLines.shift();
    if (!$('#console-pause').checked) renderConsole();
  };
}
function renderConsole() {
  const filter = $('#console-search').value.toLowerCase();
  const pre = $('#console-lines');
  pre.innerHTML = consoleLines.filter((l) => !filter || l.text.toLowerCase().includes(filter))
    .map((l) => `<span class="${l.isError ? 'err' : ''}">${escapeHtml(l.text)}</span>`).join('\n');
  pre.scrollTop = pre.scrollHeight;
}
$('#console-resource').addEventListener('change', (e) => openConsole(e.target.value));
$('#console-search').addEventListener('input', renderConsole);
$('#console-pause').addEventListener('change', renderConsole);
$('#console-download').addEventListener('click', () => {
  const blob = new Blob([consoleLines.map((l) => `${l.timestamp} ${l.text}`).join('\n')], { type: 'text/plain' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${$('#console-resource').value}.log`;
  link.click();
});
document.querySelector('nav button[data-tab="console"]').addEventListener('click', () => {
  if (!consoleStream && $('#console-resource').value) openConsole($('#console-resource').value);
});

// ---- Structured logs -------------------------------------------------------------------------
async function loadLogs() {
  const query = new URLSearchParams({ resource: $('#logs-resource').value, level: $('#logs-level').value, text: $('#logs-text').value, limit: '300' });
  const logs = await (await fetch(`/api/logs?${query}`)).json();
  $('#log-rows').innerHTML = logs.map((l) => `<tr><td>${time(l.timestamp)}</td><td>${escapeHtml(l.resource)}</td><td>${escapeHtml(l.severity)}</td>
    <td>${escapeHtml(l.message)}</td><td>${l.traceId ? `<a href="#" onclick="openTrace('${l.traceId}');return false">${l.traceId.slice(0, 8)}</a>` : ''}</td></tr>`).join('');
}
$('#logs-refresh').addEventListener('click', loadLogs);

// ---- Traces ----------------------------------------------------------------------------------
async function loadTraces() {
  const traces = await (await fetch(`/api/traces?resource=${encodeURIComponent($('#traces-resource').value)}`)).json();
  $('#trace-rows').innerHTML = traces.map((t) => `<tr data-testid="trace-${t.traceId}"><td>${time(t.start)}</td>
    <td><a href="#" onclick="openTrace('${t.traceId}');return false">${escapeHtml(t.rootName)}</a></td><td>${t.durationMs.toFixed(1)} ms</td>
    <td>${t.spanCount}</td><td>${t.resources.map(escapeHtml).join(', ')}</td><td>${t.hasError ? '⚠' : ''}</td></tr>`).join('');
}
$('#traces-refresh').addEventListener('click', loadTraces);

async function openTrace(traceId) {
  showTab('traces');
  const spans = await (await fetch(`/api/traces/${traceId}`)).json();
  const start = Math.min(...spans.map((s) => Date.parse(s.start)));
  const end = Math.max(...spans.map((s) => Date.parse(s.end)));
  const total = Math.max(1, end - start);
  const depthOf = (span) => { let d = 0; let p = span; while (p && p.parentSpanId) { p = spans.find((s) => s.spanId === p.parentSpanId); d++; } return d; };
  $('#waterfall').innerHTML = `<h3>Trace ${traceId}</h3>` + spans.map((s, i) => {
    const left = ((Date.parse(s.start) - start) / total) * 100;
    const width = Math.max(0.5, ((Date.parse(s.end) - Date.parse(s.start)) / total) * 100);
    return `<div class="waterfall-row" data-testid="span-row" onclick="document.getElementById('span-${i}').hidden ^= 1">
      <div style="padding-left:${depthOf(s)}rem">${escapeHtml(s.resource)}: ${escapeHtml(s.name)}</div>
      <div class="bar"><span class="${s.isError ? 'error' : ''}" style="left:${left}%;width:${width}%"></span></div></div>
      <pre id="span-${i}" hidden>${escapeHtml(JSON.stringify({ durationMs: s.durationMs, kind: s.kind, status: s.statusMessage, attributes: s.attributes, events: s.events }, null, 2))}</pre>`;
  }).join('');
}

// ---- Metrics ---------------------------------------------------------------------------------
let selectedInstrument = null;
async function loadInstruments() {
  const resource = $('#metrics-resource').value;
  const instruments = await (await fetch(`/api/metrics?resource=${encodeURIComponent(resource)}`)).json();
  $('#instruments').innerHTML = instruments.map((i) => `<li class="${selectedInstrument === i.name ? 'active' : ''}" onclick="selectInstrument('${escapeHtml(i.name)}')">${escapeHtml(i.name)} <small>${escapeHtml(i.unit)}</small></li>`).join('');
}
async function selectInstrument(name) {
  selectedInstrument = name;
  await drawChart();
  loadInstruments();
}
async function drawChart() {
  if (!selectedInstrument) return;
  const resource = $('#metrics-resource').value;
  const points = await (await fetch(`/api/metrics/${encodeURIComponent(resource)}/${encodeURIComponent(selectedInstrument)}?limit=600`)).json();
  $('#instrument-title').textContent = `${resource} · ${selectedInstrument}`;
  const svg = $('#chart');
  if (points.length === 0) { svg.innerHTML = '<text x="20" y="30">no points yet</text>'; return; }
  const times = points.map((p) => Date.parse(p.time)); const values = points.map((p) => p.value);
  const [t0, t1] = [Math.min(...times), Math.max(...times) || 1]; const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const x = (t) => 50 + ((t - t0) / Math.max(1, t1 - t0)) * 650; const y = (v) => 240 - ((v - v0) / Math.max(1e-9, v1 - v0)) * 220;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(times[i]).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  svg.innerHTML = `<text x="2" y="20" font-size="11">${v1.toPrecision(4)}</text><text x="2" y="240" font-size="11">${v0.toPrecision(4)}</text>
    <path d="${path}" fill="none" stroke="#3367d6" stroke-width="1.5"/>`;
}
$('#metrics-resource').addEventListener('change', () => { selectedInstrument = null; loadInstruments(); });
setInterval(() => { if ($('#metrics').classList.contains('active')) drawChart(); }, 2000);
