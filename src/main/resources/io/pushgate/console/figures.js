// What the console computes from the snapshots the gateway sends: rates from counter deltas, progress, estimated
// times, and how figures are written. Pure functions, no DOM: tested with `node --test` (src/test/console).

/** How far back rates and sparklines look, in milliseconds. */
export const WINDOW_MS = 60_000;

/**
 * How far back the rates shown as numbers look, in milliseconds: long enough to smooth a job's counts, which the
 * store updates a chunk at a time, short enough to follow a change.
 */
export const RATE_SPAN_MS = 10_000;

/**
 * The history with `sample` ({t: ms, ...counts}) added and samples older than `windowMs` before it dropped. A sample
 * not newer than the last is ignored (the same snapshot twice), and one whose counts went down (the gateway
 * restarted) starts the history afresh. Returns a new array.
 */
export function addSample(history, sample, windowMs = WINDOW_MS, keys = countKeys(sample)) {
  const last = history[history.length - 1];
  if (last && sample.t <= last.t) {
    return history;
  }
  if (last && keys.some((key) => sample[key] < last[key])) {
    return [sample];
  }
  return [...history, sample].filter((s) => s.t >= sample.t - windowMs);
}

function countKeys(sample) {
  return Object.keys(sample).filter((key) => key !== 't' && typeof sample[key] === 'number');
}

/** Per-second rates between consecutive samples of `pick(sample)`, oldest first: a sparkline's points. */
export function perSecond(history, pick) {
  const rates = [];
  for (let i = 1; i < history.length; i++) {
    const seconds = (history[i].t - history[i - 1].t) / 1000;
    rates.push(Math.max(0, pick(history[i]) - pick(history[i - 1])) / seconds);
  }
  return rates;
}

/**
 * The per-second rate of `pick(sample)` from the oldest sample within `spanMs` of the newest to the newest; null
 * with fewer than two samples.
 */
export function rateOver(history, pick, spanMs = RATE_SPAN_MS) {
  if (history.length < 2) {
    return null;
  }
  const newest = history[history.length - 1];
  const oldest = history.find((s) => s.t >= newest.t - spanMs);
  if (oldest === newest) {
    return null;
  }
  return Math.max(0, pick(newest) - pick(oldest)) / ((newest.t - oldest.t) / 1000);
}

/** A job's progress: messages with a final outcome (delivered + failed) of its total, and the whole percent. */
export function progressOf(job) {
  const done = job.delivered + job.failed;
  const percent = job.total === 0 ? 100 : Math.floor((done * 100) / job.total);
  return { done, total: job.total, percent };
}

/**
 * Seconds until `pending` messages are done at `ratePerSecond`: 0 when none are pending, null when there is no rate
 * to go by (not started, or stalled).
 */
export function etaSeconds(pending, ratePerSecond) {
  if (pending <= 0) {
    return 0;
  }
  if (ratePerSecond === null || !(ratePerSecond > 0)) {
    return null;
  }
  return pending / ratePerSecond;
}

/** `closed`, `half-open` or `open`, from the API's `closed`, `half_open` or `open`. */
export function circuitText(circuit) {
  return circuit === 'half_open' ? 'half-open' : circuit;
}

/** A duration for people: `< 1 s`, `42 s`, `3 min 05 s`, `2 h 05 min`; `—` for null. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '—';
  }
  if (seconds < 1) {
    return seconds === 0 ? '0 s' : '< 1 s';
  }
  const whole = Math.round(seconds);
  if (whole < 60) {
    return `${whole} s`;
  }
  if (whole < 3600) {
    return `${Math.floor(whole / 60)} min ${pad(whole % 60)} s`;
  }
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** A rate for people: `0/s`, `2.5/s`, `250/s`, `12.3k/s`, `1.2M/s`; `—` for null. */
export function formatRate(perSecond) {
  if (perSecond === null || perSecond === undefined) {
    return '—';
  }
  if (perSecond === 0) {
    return '0/s';
  }
  if (perSecond < 10) {
    return `${trimZero(perSecond.toFixed(1))}/s`;
  }
  if (perSecond < 1000) {
    return `${Math.round(perSecond)}/s`;
  }
  if (perSecond < 1_000_000) {
    return `${trimZero((perSecond / 1000).toFixed(1))}k/s`;
  }
  return `${trimZero((perSecond / 1_000_000).toFixed(1))}M/s`;
}

function trimZero(text) {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** A count with thousands separated: `1,234,567`. */
export function formatCount(n) {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A latency for people: `0.8 ms`, `250 ms`, `1.25 s`; `—` for null. */
export function formatLatency(ms) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  if (ms < 10) {
    return `${trimZero(ms.toFixed(1))} ms`;
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  return `${trimZero((ms / 1000).toFixed(2))} s`;
}

/**
 * The `points` of an SVG polyline drawing `values` left to right in a `width` × `height` box, 0 at the bottom and
 * `max` (at least 1) at the top; empty for fewer than two values.
 */
export function sparklinePoints(values, width, height, max = Math.max(1, ...values)) {
  if (values.length < 2) {
    return '';
  }
  const step = width / (values.length - 1);
  const top = Math.max(1, max);
  return values
    .map((v, i) => `${round1(i * step)},${round1(height - (Math.min(v, top) / top) * height)}`)
    .join(' ');
}

function round1(n) {
  return Math.round(n * 10) / 10;
}
