// FinPipe dashboard: draws the page named by the URL from the JSON API, and redraws it (no reload) whenever
// /api/version reports a new Delta version of any table. Every text goes in through textContent, never innerHTML,
// so payloads and ids from the tables are shown as text, escaped.
'use strict';

const PAGE = location.pathname.replace(/^\/+/, '') || 'business';
const state = { token: null, charts: [], topDate: null, topCurrency: null, volumeCurrency: null, segmentCurrency: null,
  domain: 'transactions', sampleStage: '', sampleReason: '', opsService: '' };
const DOMAINS = ['customers', 'accounts', 'transactions', 'app_logs', 'infra_metrics'];
const COLORS = ['#1f6feb', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f',
  '#bab0ac'];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

async function api(path) {
  const response = await fetch(path, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

const int = new Intl.NumberFormat('en-US');
function num(v) { return v === null || v === undefined ? '–' : int.format(v); }
// Exact decimal strings from the API, grouped by thousands without going through a float.
function amount(text) {
  if (text === null || text === undefined) return '–';
  const [whole, frac] = String(text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : grouped + '.' + frac;
}
function pct(v) { return v === null || v === undefined ? '–' : (100 * v).toFixed(2) + ' %'; }
function bytes(v) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0; while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}
function ago(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.abs(seconds);
  const text = s < 120 ? Math.round(s) + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : s < 172800 ?
    (s / 3600).toFixed(1) + ' h' : (s / 86400).toFixed(1) + ' d';
  return seconds < 0 ? 'in ' + text : text;
}
function time(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '–'; }

function card(title, sub, ...body) {
  return el('section', { class: 'card' }, el('h2', {}, title), sub ? el('p', { class: 'sub' }, sub) : null, ...body);
}
function half(node) { node.classList.add('half'); return node; }
function kpis(items) {
  return el('div', { class: 'kpis' }, items.map(([id, label, value]) =>
    el('div', { class: 'kpi' }, el('div', { class: 'label' }, label), el('div', { class: 'value', id }, value))));
}
function table(id, columns, rows, empty) {
  if (!rows.length) return el('div', { class: 'empty', id }, empty || 'No rows.');
  return el('table', { id },
    el('thead', {}, el('tr', {}, columns.map(c => el('th', { class: c.num ? 'num' : null }, c.label)))),
    el('tbody', {}, rows.map(r => el('tr', {}, columns.map(c => {
      const v = c.render ? c.render(r) : r[c.key];
      return el('td', { class: c.num ? 'num' : null, 'data-key': c.key }, v instanceof Node ? v : String(v));
    })))));
}
function select(id, values, chosen, onchange, labels) {
  return el('select', { id, onchange: e => onchange(e.target.value) },
    values.map(v => { const o = el('option', { value: v }, labels ? labels(v) : v); if (v === chosen) o.selected = true; return o; }));
}
function chartBox(id, cls) { return el('div', { class: 'chart' + (cls ? ' ' + cls : ''), id }); }

// SVG rendering: crisp, and the tests count the drawn points in the DOM.
function chart(id, option) {
  const node = document.getElementById(id);
  if (!node) return;
  const c = echarts.init(node, null, { renderer: 'svg' });
  c.setOption(Object.assign({ animation: false, color: COLORS, textStyle: { fontFamily: 'DejaVu Sans, sans-serif' },
    grid: { left: 56, right: 28, top: 64, bottom: 32, containLabel: true },
    tooltip: { trigger: 'axis' } }, option));
  state.charts.push(c);
}

// ---------------------------------------------------------------- Business
async function business() {
  const [daily, top, seg] = await Promise.all([api('/api/business/daily'),
    api('/api/business/top?' + new URLSearchParams(Object.fromEntries(Object.entries(
      { date: state.topDate, currency: state.topCurrency }).filter(([, v]) => v)))), api('/api/business/segments')]);
  const rows = daily.rows;
  if (!rows.length) return [card('Business', null, el('div', { class: 'empty' }, 'Gold has no rows yet.'))];
  const totalTx = rows.reduce((s, r) => s + r.tx_count, 0);
  const byCurrency = {};
  rows.forEach(r => { byCurrency[r.currency] = (byCurrency[r.currency] || 0) + r.tx_count; });
  const busiest = Object.entries(byCurrency).sort((a, b) => b[1] - a[1])[0][0];
  const volumeCurrency = daily.currencies.includes(state.volumeCurrency) ? state.volumeCurrency : busiest;
  const approved = rows.reduce((s, r) => s + r.approved_count, 0);
  const nodes = [kpis([['kpi-transactions', 'Transactions (gold)', num(totalTx)],
    ['kpi-currencies', 'Currencies', num(daily.currencies.length)],
    ['kpi-days', 'Days', num(daily.dates.length)],
    ['kpi-approved', 'Approved', pct(approved / totalTx)],
    ['kpi-latest', 'Latest date', daily.dates[daily.dates.length - 1]]])];
  nodes.push(half(card('Transactions per day and currency', 'Sum of tx_count over users, gold/daily_user_currency',
    chartBox('chart-count'))));
  nodes.push(half(card('Daily volume', 'Sum of total_amount in the chosen currency (amounts are never mixed across currencies)',
    el('div', { class: 'controls' }, el('label', { for: 'volume-currency' }, 'Currency'),
      select('volume-currency', daily.currencies, volumeCurrency, v => { state.volumeCurrency = v; refresh(); })),
    chartBox('chart-volume', 'short'))));
  const topRows = top.rows;
  nodes.push(card('Top users', 'gold/daily_top_users for one date and currency, by total amount',
    el('div', { class: 'controls' },
      el('label', { for: 'top-date' }, 'Date'),
      select('top-date', top.dates, top.date, v => { state.topDate = v; state.topCurrency = null; refresh(); }),
      el('label', { for: 'top-currency' }, 'Currency'),
      select('top-currency', top.currencies, top.currency, v => { state.topCurrency = v; refresh(); })),
    table('top-users', [{ key: 'rank', label: 'Rank', num: true }, { key: 'user_id', label: 'User' },
      { key: 'total_amount', label: 'Total amount (' + (top.currency || '') + ')', num: true, render: r => amount(r.total_amount) },
      { key: 'tx_count', label: 'Transactions', num: true, render: r => num(r.tx_count) }], topRows,
    'No ranked users for this date and currency.')));
  nodes.push(card('Per date and currency', 'All gold aggregates', el('div', { class: 'scroll' },
    table('daily-table', [{ key: 'date', label: 'Date' }, { key: 'currency', label: 'Currency' },
      { key: 'tx_count', label: 'Transactions', num: true, render: r => num(r.tx_count) },
      { key: 'total_amount', label: 'Volume', num: true, render: r => amount(r.total_amount) },
      { key: 'users', label: 'Users', num: true, render: r => num(r.users) },
      { key: 'approved_count', label: 'Approved', num: true, render: r => num(r.approved_count) },
      { key: 'declined_count', label: 'Declined', num: true, render: r => num(r.declined_count) }], rows))));
  const segmentCurrency = seg.currencies.includes(state.segmentCurrency) ? state.segmentCurrency
    : seg.currencies.includes(volumeCurrency) ? volumeCurrency : seg.currencies[0];
  const segRows = seg.rows.filter(r => r.currency === segmentCurrency);
  nodes.push(card('Volume by customer segment and account type',
    'gold/daily_segment_volume: each transaction with its customer\'s segment and its account\'s type as they were at '
      + 'its event time; UNKNOWN where customers or accounts did not know it',
    seg.rows.length ? [
      el('div', { class: 'controls' }, el('label', { for: 'segment-currency' }, 'Currency'),
        select('segment-currency', seg.currencies, segmentCurrency, v => { state.segmentCurrency = v; refresh(); })),
      el('div', { class: 'split' }, chartBox('chart-segment-days', 'short'), chartBox('chart-segment-volume', 'short')),
      el('div', { class: 'scroll' }, table('segment-table', [{ key: 'segment', label: 'Segment' },
        { key: 'account_type', label: 'Account type' }, { key: 'currency', label: 'Currency' },
        { key: 'tx_count', label: 'Transactions', num: true, render: r => num(r.tx_count) },
        { key: 'total_amount', label: 'Volume', num: true, render: r => amount(r.total_amount) },
        { key: 'approved_count', label: 'Approved', num: true, render: r => num(r.approved_count) },
        { key: 'declined_count', label: 'Declined', num: true, render: r => num(r.declined_count) }], segRows))]
    : el('div', { class: 'empty', id: 'segment-table' }, 'No segment volume yet: gold builds '
      + 'gold/daily_segment_volume when it runs; with no customers and accounts every row is UNKNOWN.')));
  return [nodes, () => {
    if (seg.rows.length) {
      chart('chart-segment-days', { legend: { type: 'scroll', top: 0 }, xAxis: { type: 'category', data: seg.dates },
        yAxis: { type: 'value', name: 'transactions' }, series: seg.segments.map(s => ({ name: s, type: 'bar', stack: 'segment',
          data: seg.dates.map(d => { const r = seg.daily.find(x => x.date === d && x.segment === s); return r ? r.tx_count : 0; }) })) });
      chart('chart-segment-volume', { legend: { type: 'scroll', top: 0 }, tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: seg.segments }, yAxis: { type: 'value', name: segmentCurrency },
        series: seg.accountTypes.map(t => ({ name: t, type: 'bar', stack: 'type', data: seg.segments.map(s => {
          const r = segRows.find(x => x.segment === s && x.account_type === t); return r ? Number(r.total_amount) : 0; }) })) });
    }
    const series = daily.currencies.map(c => ({ name: c, type: 'bar', stack: 'tx',
      data: daily.dates.map(d => { const r = rows.find(x => x.date === d && x.currency === c); return r ? r.tx_count : 0; }) }));
    chart('chart-count', { legend: { type: 'scroll', top: 0 }, xAxis: { type: 'category', data: daily.dates },
      yAxis: { type: 'value', name: 'transactions' }, series });
    const vol = rows.filter(r => r.currency === volumeCurrency);
    chart('chart-volume', { legend: { top: 0 }, xAxis: { type: 'category', data: vol.map(r => r.date) },
      yAxis: { type: 'value', name: volumeCurrency }, series: [{ name: 'volume ' + volumeCurrency, type: 'line',
        symbolSize: 8, data: vol.map(r => Number(r.total_amount)) }] });
  }];
}

// ---------------------------------------------------------------- Data quality
async function quality() {
  const domain = 'domain=' + encodeURIComponent(state.domain);
  const sampleQuery = new URLSearchParams(Object.fromEntries(Object.entries(
    { domain: state.domain, stage: state.sampleStage, reason: state.sampleReason }).filter(([, v]) => v)));
  const [daily, reasons, rules, sample] = await Promise.all([api('/api/quality/daily?' + domain),
    api('/api/quality/reasons?' + domain), api('/api/quality/rules?' + domain), api('/api/quality/sample?' + sampleQuery)]);
  const days = daily.rows;
  const silver = days.reduce((s, r) => s + r.silver, 0);
  const quarantined = days.reduce((s, r) => s + r.quarantined, 0);
  const late = days.reduce((s, r) => s + r.late, 0);
  const duplicates = days.reduce((s, r) => s + r.duplicates, 0);
  const all = silver + quarantined + late;
  const nodes = [el('div', { class: 'controls' }, el('label', { for: 'quality-domain' }, 'Domain'),
    select('quality-domain', DOMAINS, state.domain, v => {
      state.domain = v; state.sampleStage = ''; state.sampleReason = ''; refresh(); })),
    kpis([['kpi-silver', 'Silver rows', num(silver)], ['kpi-quarantined', 'Quarantined (not late)', num(quarantined)],
    ['kpi-late', 'Late', num(late)], ['kpi-quarantine-rate', 'Quarantine share', all ? pct((quarantined + late) / all) : '–'],
    ['kpi-duplicates', 'Duplicates dropped', num(duplicates)]])];
  nodes.push(card('Records per event date (' + state.domain + ')', 'silver vs quarantined vs duplicates vs late; quarantine rows without an event time count on their ingest date',
    chartBox('chart-records'), el('p', { class: 'note', id: 'duplicates-note' }, daily.duplicatesNote)));
  const ruleNames = [...new Set(rules.rows.map(r => r.rule))].sort();
  nodes.push(half(card('Quarantine by stage and reason', 'A record with several reasons counts once per reason',
    chartBox('chart-reasons', 'short'),
    table('reasons-table', [{ key: 'stage', label: 'Stage' }, { key: 'reason', label: 'Reason' },
      { key: 'records', label: 'Records', num: true, render: r => num(r.records) }], reasons.reasons, 'Nothing quarantined.'),
    el('h2', { style: 'margin-top:14px' }, 'Per stage'),
    table('stages-table', [{ key: 'stage', label: 'Stage' }, { key: 'records', label: 'Records', num: true,
      render: r => num(r.records) }], reasons.stages, 'Nothing quarantined.'))));
  nodes.push(half(card('Validation rule failure rate per day', rules.note,
    ruleNames.length ? chartBox('chart-rules') : el('div', { class: 'empty' }, 'No record failed a validation rule.'))));
  const stages = ['', ...reasons.stages.map(s => s.stage)];
  const reasonNames = ['', ...new Set(reasons.reasons.map(r => r.reason))];
  nodes.push(card('Quarantined records (newest first)', 'Payloads are shown as text, cut at 2,000 characters',
    el('div', { class: 'controls' }, el('label', { for: 'sample-stage' }, 'Stage'),
      select('sample-stage', stages, state.sampleStage, v => { state.sampleStage = v; refresh(); }, v => v || 'all'),
      el('label', { for: 'sample-reason' }, 'Reason'),
      select('sample-reason', reasonNames, state.sampleReason, v => { state.sampleReason = v; refresh(); }, v => v || 'all')),
    el('div', { class: 'scroll' }, table('sample-table', [{ key: 'stage', label: 'Stage' }, { key: 'reasons', label: 'Reasons' },
      { key: 'error', label: 'Error' }, { key: 'record_id', label: sample.idColumn, render: r => r.record_id || '–' },
      { key: 'source', label: 'Source', render: r => r.source + ' #' + r.source_partition + ' @' + r.source_offset },
      { key: 'event_date', label: 'Date' },
      { key: 'payload', label: 'Payload', render: r => el('pre', { class: 'payload' }, r.payload + (r.payload_cut ? ' …' : '')) }],
    sample.rows, 'No quarantined records match.'))));
  return [nodes, () => {
    const dates = days.map(r => r.date);
    chart('chart-records', { legend: { top: 0 }, xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value', name: 'records' },
      series: [['silver', '#59a14f'], ['quarantined', '#e15759'], ['duplicates', '#76b7b2'], ['late', '#f28e2b']].map(([k, color]) =>
        ({ name: k, type: 'bar', stack: 'records', itemStyle: { color }, data: days.map(r => r[k]) })) });
    const top = reasons.reasons.slice(0, 12).reverse();
    chart('chart-reasons', { tooltip: { trigger: 'item' }, grid: { left: 24, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value' }, yAxis: { type: 'category', data: top.map(r => r.stage + ' ' + r.reason) },
      series: [{ type: 'bar', data: top.map(r => r.records), itemStyle: { color: '#e15759' } }] });
    if (ruleNames.length) {
      chart('chart-rules', { legend: { type: 'scroll', top: 0 }, xAxis: { type: 'category', data: rules.dates },
        yAxis: { type: 'value', name: 'failure rate %' }, tooltip: { trigger: 'axis', valueFormatter: v => v.toFixed(2) + ' %' },
        series: ruleNames.map(rule => ({ name: rule, type: 'line', symbolSize: 7, connectNulls: false,
          data: rules.dates.map(d => { const r = rules.rows.find(x => x.rule === rule && x.event_date === d);
            return r && r.rate !== null ? 100 * r.rate : 0; }) })) });
    }
  }];
}

// ---------------------------------------------------------------- Pipeline health
async function health() {
  const h = await api('/api/health');
  const nodes = [el('div', { class: 'stages', id: 'stages' }, h.stages.length ? h.stages.map(s =>
    el('div', { class: 'kpi stage', 'data-stage': s.stage },
      el('h3', {}, el('span', { class: 'name' }, s.stage), ' ', el('span', { class: 'badge ' + (s.behind ? 'behind' : 'ok') },
        s.behind ? 'behind' : 'on time')),
      el('div', { class: 'line' }, 'last commit ' + time(s.lastCommit) + ' (' + ago(s.idleSeconds) + ' ago)'),
      el('div', { class: 'line' }, s.commits + ' commits · behind after ' + ago(h.behindAfterSeconds) + ' without one'),
      s.upstreamTable ? el('div', { class: 'line' }, 'consumed ' + s.upstreamTable + ' v' + s.consumedVersion + ' of v' +
        s.upstreamVersion + ' ', el('span', { class: 'badge ' + (s.pendingVersions ? 'pending' : 'ok') },
        s.pendingVersions ? s.pendingVersions + ' pending' : 'up to date')) : null))
    : el('div', { class: 'kpi' }, 'No stage has committed yet.'))];
  nodes.push(card('Tables', 'From each Delta log; freshness = now − the newest value of the column shown',
    table('tables-table', [{ key: 'table', label: 'Table' }, { key: 'version', label: 'Version', num: true },
      { key: 'files', label: 'Files', num: true, render: r => num(r.files) },
      { key: 'rows', label: 'Rows', num: true, render: r => num(r.rows) },
      { key: 'bytes', label: 'Size', num: true, render: r => bytes(r.bytes) },
      { key: 'partitions', label: 'Partitions', num: true },
      { key: 'lastCommit', label: 'Last commit', render: r => time(r.lastCommit) },
      { key: 'lastCompaction', label: 'Last compaction', render: r => r.lastCompaction ?
        r.lastCompactionOperation + ' ' + time(r.lastCompaction) : 'never' },
      { key: 'newestEvent', label: 'Newest', render: r => r.newestEvent ? r.newestEventColumn + ' ' + (r.newestEvent.includes('T') ? time(r.newestEvent) : r.newestEvent) : '–' },
      { key: 'freshnessSeconds', label: 'Freshness', num: true, render: r => ago(r.freshnessSeconds) }], h.tables)));
  nodes.push(half(card('Rows committed per run', 'Each point is one commit (commitInfo.operationMetrics.numOutputRows)',
    chartBox('chart-runs'))));
  const partitions = h.kafka.partitions;
  nodes.push(half(card('Kafka offsets committed by bronze', 'Next offset per topic/partition, from bronze\'s Delta log',
    partitions.length ? chartBox('chart-kafka', 'short') : null,
    table('kafka-table', [{ key: 'partition', label: 'Topic/partition' },
      { key: 'nextOffset', label: 'Next offset', num: true, render: r => num(r.nextOffset) }], partitions,
    'Bronze has committed no Kafka offsets (it ingested files).'))));
  nodes.push(card('Commits (newest first)', 'start→commit: from the run start in the run id to the commit time; the log records no other duration',
    el('div', { class: 'scroll' }, table('runs-table', [{ key: 'committedAt', label: 'Committed', render: r => time(r.committedAt) },
      { key: 'stage', label: 'Stage', render: r => r.stage || '–' }, { key: 'table', label: 'Table' },
      { key: 'version', label: 'Version', num: true }, { key: 'operation', label: 'Operation' },
      { key: 'rows', label: 'Rows', num: true, render: r => num(r.rows) },
      { key: 'files', label: 'Files', num: true, render: r => num(r.files) },
      { key: 'secondsToCommit', label: 'start→commit', num: true, render: r => r.secondsToCommit === null ? '–' :
        r.secondsToCommit.toFixed(0) + ' s' },
      { key: 'runId', label: 'Run id', render: r => r.runId || '–' }], h.runs, 'No commits yet.'))));
  return [nodes, () => {
    const tables = [...new Set(h.runs.map(r => r.table))];
    chart('chart-runs', { legend: { type: 'scroll', top: 0 }, tooltip: { trigger: 'item' },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } }, yAxis: { type: 'value', name: 'rows' },
      series: tables.map(t => ({ name: t, type: 'scatter', symbolSize: 10,
        data: h.runs.filter(r => r.table === t && r.rows !== null).map(r => [r.committedAt, r.rows]) })) });
    if (partitions.length) {
      chart('chart-kafka', { legend: { type: 'scroll', top: 0 }, xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
        yAxis: { type: 'value', name: 'next offset' },
        series: partitions.map(p => ({ name: p.partition, type: 'line', step: 'end', symbolSize: 7,
          data: h.kafka.commits.filter(c => c.partition === p.partition).map(c => [c.committedAt, c.nextOffset]) })) });
    }
  }];
}

// ---------------------------------------------------------------- Operations
function peak(v) { return v === null || v === undefined ? '–' : Number(v.toPrecision(4)).toString(); }
function minutes(seconds) { return seconds === null || seconds === undefined ? '–' : (seconds / 60).toFixed(1) + ' min'; }

async function ops() {
  const o = await api('/api/ops?' + new URLSearchParams(state.opsService ? { service: state.opsService } : {}));
  const count = (rows, key, value, n) => rows.filter(r => r[key] === value).reduce((s, r) => s + r[n], 0);
  const open = o.open.length;
  const all = o.incidentCounts.reduce((s, r) => s + r.incidents, 0);
  const nodes = [kpis([['kpi-open-incidents', 'Open incidents', num(open)], ['kpi-incidents', 'Incidents', num(all)],
    ['kpi-alerts-delivered', 'Alerts delivered', num(count(o.alertCounts, 'status', 'DELIVERED', 'alerts'))],
    ['kpi-alerts-pending', 'Alerts pending or failed', num(count(o.alertCounts, 'status', 'PENDING', 'alerts')
      + count(o.alertCounts, 'status', 'FAILED', 'alerts'))]])];
  if (o.incidentsMessage) {
    nodes.push(card('Incidents', null, el('div', { class: 'empty', id: 'ops-message' }, o.incidentsMessage)));
  } else {
    nodes.push(card('Incidents per service', 'gold/incidents: from the first breaching minute to resolved_at (open ones to '
      + 'their last breach); colour by severity', el('div', { class: 'controls' },
        el('label', { for: 'ops-service' }, 'Service'),
        select('ops-service', ['', ...o.services], state.opsService || '', v => { state.opsService = v; refresh(); },
          v => v || 'all')), chartBox('chart-incidents', 'short')));
    nodes.push(card('Open incidents', 'status OPEN: not yet followed by the rule\'s healthy minutes',
      table('open-incidents', [{ key: 'service', label: 'Service' }, { key: 'rule', label: 'Rule' },
        { key: 'severity', label: 'Severity' }, { key: 'started_at', label: 'Started', render: r => time(r.started_at) },
        { key: 'detected_at', label: 'Detected', render: r => time(r.detected_at) },
        { key: 'last_breach_at', label: 'Last breach', render: r => time(r.last_breach_at) },
        { key: 'peak_value', label: 'Peak', num: true, render: r => peak(r.peak_value) }], o.open, 'No open incident.')));
    nodes.push(half(card('MTTD and MTTR per day' + (state.opsService ? ' (' + state.opsService + ')' : ''),
      'gold/ops_kpis_daily: median and p90 in minutes (with all services: the worst service of each day); MTTD over the '
        + 'incidents detected that day, MTTR over those resolved',
      o.kpis.length ? chartBox('chart-kpis', 'short') : el('div', { class: 'empty' }, 'No KPIs yet.'))));
    nodes.push(half(card('KPIs per service and day', 'mean / median / p90 (nearest rank)', el('div', { class: 'scroll' },
      table('kpi-table', [{ key: 'date', label: 'Date' }, { key: 'service', label: 'Service' },
        { key: 'incidents_opened', label: 'Opened', num: true }, { key: 'incidents_resolved', label: 'Resolved', num: true },
        { key: 'mttd_median_s', label: 'MTTD median', num: true, render: r => minutes(r.mttd_median_s) },
        { key: 'mttd_p90_s', label: 'MTTD p90', num: true, render: r => minutes(r.mttd_p90_s) },
        { key: 'mttr_median_s', label: 'MTTR median', num: true, render: r => minutes(r.mttr_median_s) },
        { key: 'mttr_p90_s', label: 'MTTR p90', num: true, render: r => minutes(r.mttr_p90_s) }], o.kpis, 'No KPIs yet.')))));
    nodes.push(card('Incidents (newest first)', null, el('div', { class: 'scroll' }, table('incidents-table', [
      { key: 'service', label: 'Service' }, { key: 'rule', label: 'Rule' }, { key: 'severity', label: 'Severity' },
      { key: 'status', label: 'Status' }, { key: 'started_at', label: 'Started', render: r => time(r.started_at) },
      { key: 'detected_at', label: 'Detected', render: r => time(r.detected_at) },
      { key: 'resolved_at', label: 'Resolved', render: r => time(r.resolved_at) },
      { key: 'breach_minutes', label: 'Breach min', num: true },
      { key: 'peak_value', label: 'Peak', num: true, render: r => peak(r.peak_value) }, { key: 'signal', label: 'Signal' }],
      o.incidents))));
  }
  nodes.push(card('Alerts (newest first)', 'ops/alerts: each alert once by its idempotency key; PENDING and FAILED are '
    + 'delivered again by the next run', o.alertsMessage ? el('div', { class: 'empty', id: 'alerts-message' }, o.alertsMessage)
    : el('div', { class: 'scroll' }, table('alerts-table', [{ key: 'raised_at', label: 'Raised', render: r => time(r.raised_at) },
      { key: 'kind', label: 'Kind' }, { key: 'severity', label: 'Severity' }, { key: 'subject', label: 'Subject' },
      { key: 'status', label: 'Status' }, { key: 'attempts', label: 'Attempts', num: true },
      { key: 'delivered_to', label: 'Delivered to', render: r => r.delivered_to || '–' },
      { key: 'alert_key', label: 'Key' }], o.alerts, 'No alerts.'))));
  return [nodes, () => {
    if (!o.incidentsMessage) {
      const services = [...new Set(o.incidents.map(r => r.service))].sort();
      const colors = { critical: '#c62828', major: '#f28e2b', minor: '#edc948' };
      chart('chart-incidents', { tooltip: { trigger: 'item', formatter: p => p.data.name },
        grid: { left: 24, right: 28, top: 16, bottom: 32, containLabel: true },
        xAxis: { type: 'time', axisLabel: { hideOverlap: true } }, yAxis: { type: 'category', data: services },
        series: [{ type: 'custom', encode: { x: [1, 2], y: 0 }, renderItem: (params, a) => {
          const start = a.coord([a.value(1), a.value(0)]);
          const end = a.coord([a.value(2), a.value(0)]);
          const h = a.size([0, 1])[1] * 0.5;
          return { type: 'rect', shape: { x: start[0], y: start[1] - h / 2, width: Math.max(3, end[0] - start[0]), height: h },
            style: a.style() };
        }, data: o.incidents.map(r => ({ name: r.service + ' ' + r.rule + ' ' + r.status,
          value: [services.indexOf(r.service), Date.parse(r.started_at), Date.parse(r.resolved_at || r.last_breach_at) + 60000],
          itemStyle: { color: colors[r.severity] || '#1f6feb', opacity: r.status === 'OPEN' ? 0.6 : 1 } })) }] });
      if (o.kpis.length) {
        const dates = [...new Set(o.kpis.map(r => r.date))].sort();
        // One service: its figures; all services: the worst service's of each day (medians do not add up).
        const worst = (k) => dates.map(d => { const v = o.kpis.filter(r => r.date === d && r[k] !== null).map(r => r[k]);
          return v.length ? Math.max(...v) / 60 : null; });
        const prefix = state.opsService ? '' : 'worst ';
        chart('chart-kpis', { legend: { top: 0 }, xAxis: { type: 'category', data: dates },
          yAxis: { type: 'value', name: 'minutes' }, series: [['MTTD median', 'mttd_median_s'], ['MTTD p90', 'mttd_p90_s'],
            ['MTTR median', 'mttr_median_s'], ['MTTR p90', 'mttr_p90_s']].map(([name, k]) =>
            ({ name: prefix + name, type: 'line', symbolSize: 8, connectNulls: false, data: worst(k) })) });
      }
    }
  }];
}

const PAGES = { business, quality, health, ops };

// Returns whether the page drew; a failed draw is tried again at the next poll.
async function refresh() {
  try {
    const [nodes, draw] = await (PAGES[PAGE] || business)();
    state.charts.forEach(c => c.dispose());
    state.charts = [];
    document.getElementById('page').replaceChildren(...nodes.flat());
    draw();
    document.getElementById('updated').textContent = 'updated ' + new Date().toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
    return true;
  } catch (e) {
    document.getElementById('page').replaceChildren(card('Error', null, el('div', { class: 'empty', id: 'error' }, e.message)));
    return false;
  }
}

async function poll() {
  let delay = 2000;
  try {
    const v = await api('/api/version');
    delay = v.pollMillis;
    document.getElementById('warehouse').textContent = v.warehouse;
    const banner = document.getElementById('banner');
    banner.hidden = !v.message;
    banner.textContent = v.message || '';
    // The transactions chain by layer name, the other tables counted (all of them in the tooltip).
    const existing = Object.entries(v.versions).filter(([, n]) => n >= 0);
    const chain = existing.filter(([t]) => t.endsWith('/transactions'));
    const others = existing.length - chain.length;
    document.getElementById('versions').textContent = existing.length ? chain.map(([t, n]) => t.split('/')[0] + ' v' + n)
      .join(' · ') + (others ? (chain.length ? ' · ' : '') + '+' + others + ' tables' : '') : 'no tables yet';
    document.getElementById('versions').title = existing.map(([t, n]) => t + ' v' + n).join('\n');
    if (v.token !== state.token && await refresh()) {
      state.token = v.token;
    }
  } catch (e) {
    const banner = document.getElementById('banner');
    banner.hidden = false;
    banner.textContent = 'The dashboard server does not answer (' + e.message + '); retrying.';
  }
  setTimeout(poll, delay);
}

document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === PAGE));
window.addEventListener('resize', () => state.charts.forEach(c => c.resize()));
poll();
