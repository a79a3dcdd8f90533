// Unit tests of the console's computations (src/main/resources/io/pushgate/console/figures.js): `node --test`, run
// by `mvn test` through the exec plugin.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  WINDOW_MS, addSample, circuitText, etaSeconds, formatCount, formatDuration, formatLatency, formatRate, perSecond,
  progressOf, rateOver, sparklinePoints,
} from '../../main/resources/io/pushgate/console/figures.js';

const delivered = (s) => s.delivered;

describe('addSample', () => {
  test('appends newer samples and drops those older than the window', () => {
    let history = [];
    for (let t = 0; t <= 70_000; t += 10_000) {
      history = addSample(history, { t, delivered: t / 1000 });
    }
    assert.deepEqual(history.map((s) => s.t), [10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000]);
    assert.equal(history[history.length - 1].t - history[0].t, WINDOW_MS);
  });

  test('ignores a sample not newer than the last: the same snapshot twice', () => {
    const history = addSample([], { t: 1000, delivered: 5 });
    assert.equal(addSample(history, { t: 1000, delivered: 5 }), history);
    assert.equal(addSample(history, { t: 900, delivered: 6 }), history);
  });

  test('starts afresh when a count goes down: the gateway restarted', () => {
    const history = addSample(addSample([], { t: 0, delivered: 50, failed: 1 }), { t: 1000, delivered: 60, failed: 1 });
    assert.deepEqual(addSample(history, { t: 2000, delivered: 3, failed: 0 }), [{ t: 2000, delivered: 3, failed: 0 }]);
  });
});

describe('rates', () => {
  const history = [
    { t: 0, delivered: 0 },
    { t: 1000, delivered: 10 },
    { t: 3000, delivered: 50 },
    { t: 4000, delivered: 50 },
  ];

  test('perSecond gives the rate between consecutive samples, whatever their spacing', () => {
    assert.deepEqual(perSecond(history, delivered), [10, 20, 0]);
  });

  test('rateOver averages from the oldest sample within the span to the newest', () => {
    assert.equal(rateOver(history, delivered, 10_000), 12.5);
    assert.equal(rateOver(history, delivered, 3000), (50 - 10) / 3);
    assert.equal(rateOver(history, delivered, 1000), 0);
  });

  test('rateOver has nothing to say with fewer than two samples', () => {
    assert.equal(rateOver([], delivered), null);
    assert.equal(rateOver([{ t: 0, delivered: 3 }], delivered), null);
  });
});

describe('jobs', () => {
  test('progress counts delivered and failed messages of the total, in whole percent', () => {
    assert.deepEqual(progressOf({ total: 300, delivered: 199, failed: 1 }), { done: 200, total: 300, percent: 66 });
    assert.deepEqual(progressOf({ total: 10, delivered: 7, failed: 3 }), { done: 10, total: 10, percent: 100 });
    assert.equal(progressOf({ total: 0, delivered: 0, failed: 0 }).percent, 100);
  });

  test('the estimated time is what is pending over the rate', () => {
    assert.equal(etaSeconds(500, 25), 20);
    assert.equal(etaSeconds(0, 25), 0);
    assert.equal(etaSeconds(0, null), 0);
  });

  test('no estimate without a rate: not started, or stalled', () => {
    assert.equal(etaSeconds(500, null), null);
    assert.equal(etaSeconds(500, 0), null);
  });
});

describe('formatting', () => {
  test('durations', () => {
    assert.equal(formatDuration(null), '—');
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(0.4), '< 1 s');
    assert.equal(formatDuration(42.4), '42 s');
    assert.equal(formatDuration(185), '3 min 05 s');
    assert.equal(formatDuration(7500), '2 h 05 min');
  });

  test('rates', () => {
    assert.equal(formatRate(null), '—');
    assert.equal(formatRate(0), '0/s');
    assert.equal(formatRate(2.46), '2.5/s');
    assert.equal(formatRate(3), '3/s');
    assert.equal(formatRate(249.6), '250/s');
    assert.equal(formatRate(12_345), '12.3k/s');
    assert.equal(formatRate(2_000_000), '2M/s');
  });

  test('counts', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(1_234_567), '1,234,567');
  });

  test('latencies', () => {
    assert.equal(formatLatency(null), '—');
    assert.equal(formatLatency(0.84), '0.8 ms');
    assert.equal(formatLatency(250.4), '250 ms');
    assert.equal(formatLatency(1250), '1.25 s');
  });

  test('circuit states as words, half-open with a hyphen', () => {
    assert.equal(circuitText('closed'), 'closed');
    assert.equal(circuitText('half_open'), 'half-open');
    assert.equal(circuitText('open'), 'open');
  });
});

describe('sparklinePoints', () => {
  test('draws the values left to right, the largest at the top, 0 at the bottom', () => {
    assert.equal(sparklinePoints([0, 5, 10], 100, 20), '0,20 50,10 100,0');
  });

  test('a shared scale: values above max are cut at the top', () => {
    assert.equal(sparklinePoints([0, 40], 10, 20, 20), '0,20 10,0');
  });

  test('nothing to draw with fewer than two values; an all-zero line lies at the bottom', () => {
    assert.equal(sparklinePoints([7], 100, 20), '');
    assert.equal(sparklinePoints([0, 0], 10, 20), '0,20 10,20');
  });
});
