// Draws snapshots into the page's tables. Rows are kept and updated in place, one per node, target and job, so that
// a keyboard user's focus (on a Cancel button, say) survives the updates that come every second.

import {
  addSample, circuitText, etaSeconds, formatCount, formatDuration, formatLatency, formatRate, perSecond,
  progressOf, rateOver, sparklinePoints,
} from './figures.js';

const SVG = 'http://www.w3.org/2000/svg';
const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 28;

/** Each node's, target's and job's recent counts, by row key, for rates and sparklines. */
let histories = new Map();

/** Draws `snapshot`; `actions` has `cancel(jobId)` and `showFailed(jobId)`. */
export function render(snapshot, actions) {
  const seen = new Map();
  const track = (key, sample) => {
    const history = addSample(histories.get(key) ?? [], sample);
    seen.set(key, history);
    return history;
  };
  // Rows not in this snapshot (jobs, when the store did not answer) keep their counts until they come back.
  track.keep = (prefix) => histories.forEach((history, key) => key.startsWith(prefix) && seen.set(key, history));
  document.getElementById('cluster-name').textContent = snapshot.cluster ? `cluster ${snapshot.cluster}` : '';
  renderNodes(snapshot, track);
  renderTargets(snapshot, track);
  renderJobs(snapshot, track, actions);
  histories = seen;
}

/** Empties every table, the dialogs' too, and forgets every count: nothing stays in the page once the key is gone. */
export function clear() {
  histories = new Map();
  document.querySelectorAll('tbody').forEach((body) => body.replaceChildren());
  document.getElementById('cluster-name').textContent = '';
}

function renderNodes(snapshot, track) {
  syncRows(document.querySelector('#nodes tbody'), snapshot.nodes, (node) => `node:${node.name}`,
    () => row(['number', 'load', 'state']), (tr, node) => {
      tr.cells[0].textContent = !node.self ? node.name : node.name ? `${node.name} (this node)` : 'this node';
      const state = tr.cells[3];
      if (!node.answered) {
        tr.cells[1].textContent = '—';
        tr.cells[2].replaceChildren();
        state.replaceChildren(badge('no answer', 'no-answer'));
        return;
      }
      const done = (s) => s.delivered + s.failed + s.timedOut;
      const history = track(`node:${node.name}`, {
        t: snapshot.timeMs, delivered: node.delivered, failed: node.failed, timedOut: node.timedOut,
      });
      tr.cells[1].textContent = formatRate(rateOver(history, done));
      gauge(tr.cells[2], node.inFlight, node.maxInFlight, `Messages in flight on ${node.name ?? 'this node'}`);
      state.replaceChildren(node.draining ? badge('draining', 'draining') : badge('accepting', 'accepting'));
    });
}

function renderTargets(snapshot, track) {
  syncRows(document.querySelector('#targets tbody'), snapshot.targets, (target) => `target:${target.name}`,
    () => {
      const tr = row(['', 'url', 'circuit', 'number', 'number', 'number', 'number', 'spark', 'number', 'number']);
      tr.cells[8].append(sparkline());
      return tr;
    },
    (tr, target) => {
      const failed = (s) => s.failed;
      const delivered = (s) => s.delivered;
      const history = track(`target:${target.name}`, {
        t: snapshot.timeMs, delivered: target.delivered, failed: target.failed + target.timedOut,
      });
      const circuit = circuitText(target.circuit);
      tr.cells[0].textContent = target.name;
      tr.cells[1].textContent = target.kind;
      tr.cells[2].textContent = target.url ?? '(each message names its endpoint)';
      tr.cells[3].replaceChildren(badge(circuit, circuit));
      tr.cells[4].textContent = formatCount(target.inFlight);
      tr.cells[5].textContent = formatCount(target.jobsPending);
      tr.cells[6].textContent = formatRate(rateOver(history, delivered));
      tr.cells[7].textContent = formatRate(rateOver(history, failed));
      drawSparkline(tr.cells[8].firstChild, perSecond(history, delivered), perSecond(history, failed), target.name);
      tr.cells[9].textContent = formatLatency(target.latencyMs?.p50 ?? null);
      tr.cells[10].textContent = formatLatency(target.latencyMs?.p99 ?? null);
    });
}

function renderJobs(snapshot, track, actions) {
  const note = document.getElementById('jobs-note');
  note.hidden = snapshot.jobsServed && !snapshot.jobsError;
  note.textContent = !snapshot.jobsServed ? 'This node does not serve the job API (http.enabled or jobs.enabled is false).'
    : snapshot.jobsError ?? '';
  if (!snapshot.jobs) {
    track.keep('job:');
    return;
  }
  syncRows(document.querySelector('#jobs tbody'), snapshot.jobs, (job) => `job:${job.jobId}`,
    (job) => jobRow(job, actions),
    (tr, job) => {
      const { done, total, percent } = progressOf(job);
      const history = track(`job:${job.jobId}`, { t: snapshot.timeMs, done });
      const rate = job.status === 'running' ? rateOver(history, (s) => s.done) : null;
      tr.cells[1].textContent = job.target;
      tr.cells[2].replaceChildren(badge(job.status, job.status));
      const bar = tr.cells[3].querySelector('progress');
      bar.max = Math.max(1, total);
      bar.value = total === 0 ? 1 : done;
      tr.cells[3].querySelector('span').textContent = `${percent} % (${formatCount(done)} of ${formatCount(total)})`;
      tr.cells[4].textContent = formatRate(rate);
      tr.cells[5].textContent = timeLeft(job, rate);
      const link = tr.cells[6].querySelector('a');
      link.textContent = formatCount(job.failed);
      link.hidden = job.failed === 0;
      tr.cells[6].querySelector('span').hidden = job.failed !== 0;
      tr.cells[7].querySelector('button').hidden = job.status === 'completed' || job.status === 'cancelled';
    });
}

function jobRow(job, actions) {
  const tr = row(['', 'status', 'progress', 'number', 'number', 'number', 'action']);
  tr.cells[0].textContent = job.jobId;
  const bar = document.createElement('progress');
  bar.setAttribute('aria-label', `Progress of job ${job.jobId}`);
  tr.cells[3].append(bar, document.createElement('span'));
  const link = document.createElement('a');
  link.href = `../v1/jobs/${encodeURIComponent(job.jobId)}/results?status=failed`;
  link.setAttribute('aria-label', `Failed messages of job ${job.jobId}`);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    actions.showFailed(job.jobId);
  });
  const none = document.createElement('span');
  none.textContent = '0';
  tr.cells[6].append(link, none);
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  cancel.setAttribute('aria-label', `Cancel job ${job.jobId}`);
  cancel.addEventListener('click', () => actions.cancel(job.jobId));
  tr.cells[7].append(cancel);
  return tr;
}

function timeLeft(job, rate) {
  switch (job.status) {
    case 'completed':
      return 'done';
    case 'cancelled':
      return '—';
    case 'queued':
      return 'waiting';
    default:
      return formatDuration(etaSeconds(job.pending, rate));
  }
}

/** Keeps one row per item, in the items' order, creating, moving and removing only what changed. */
function syncRows(tbody, items, keyOf, create, update) {
  const wanted = new Set(items.map(keyOf));
  const rows = new Map();
  for (const tr of [...tbody.rows]) {
    if (wanted.has(tr.dataset.key)) {
      rows.set(tr.dataset.key, tr);
    } else {
      tr.remove();
    }
  }
  items.forEach((item, i) => {
    const key = keyOf(item);
    let tr = rows.get(key);
    if (!tr) {
      tr = create(item);
      tr.dataset.key = key;
    }
    if (tbody.rows[i] !== tr) {
      tbody.insertBefore(tr, tbody.rows[i] ?? null);
    }
    update(tr, item);
  });
}

/** A row: a header cell for its name, then one cell per class given. */
function row(cellClasses) {
  const tr = document.createElement('tr');
  const name = document.createElement('th');
  name.scope = 'row';
  tr.append(name);
  for (const cellClass of cellClasses) {
    const td = document.createElement('td');
    if (cellClass) {
      td.className = cellClass;
    }
    tr.append(td);
  }
  return tr;
}

function badge(text, state) {
  const span = document.createElement('span');
  span.className = `badge state-${state.replace(/[^a-z-]/g, '-')}`;
  span.textContent = text;
  return span;
}

function gauge(cell, value, max, label) {
  let meter = cell.querySelector('meter');
  if (!meter) {
    meter = document.createElement('meter');
    meter.setAttribute('aria-label', label);
    cell.replaceChildren(meter, document.createElement('span'));
  }
  meter.min = 0;
  meter.max = max;
  meter.high = max * 0.8;
  meter.value = value;
  cell.querySelector('span').textContent = `${formatCount(value)} of ${formatCount(max)}`;
}

function sparkline() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`);
  svg.setAttribute('width', SPARK_WIDTH);
  svg.setAttribute('height', SPARK_HEIGHT);
  svg.setAttribute('role', 'img');
  // Failed first, so that delivered is drawn over it where both lie at 0.
  for (const line of ['failed-line', 'delivered-line']) {
    const polyline = document.createElementNS(SVG, 'polyline');
    polyline.setAttribute('class', line);
    svg.append(polyline);
  }
  return svg;
}

function drawSparkline(svg, delivered, failed, name) {
  const max = Math.max(1, ...delivered, ...failed);
  svg.querySelector('.delivered-line').setAttribute('points', sparklinePoints(delivered, SPARK_WIDTH, SPARK_HEIGHT, max));
  svg.querySelector('.failed-line').setAttribute('points', sparklinePoints(failed, SPARK_WIDTH, SPARK_HEIGHT, max));
  const last = (values) => (values.length ? values[values.length - 1] : null);
  svg.setAttribute('aria-label', `${name}, last minute: delivered ${formatRate(last(delivered))} now, peak `
    + `${formatRate(delivered.length ? Math.max(...delivered) : null)}; failed ${formatRate(last(failed))} now`);
}
