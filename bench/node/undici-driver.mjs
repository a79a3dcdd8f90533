// The `undici` row of the Pushgate benchmark: what a JS team would pick to fan messages out. Started once by the
// load generator (node undici-driver.mjs) and kept for the whole run, so that its pools stay warm across rounds.
// Reads one command per stdin line, {"port":P,"path":"/push","messages":N,"firstSeq":S}, POSTs N messages (the
// bench's 200-byte JSON, sequence numbers from S) to http://127.0.0.1:P/path through one undici Pool of
// CONNECTIONS connections with IN_FLIGHT requests outstanding, no pipelining, and answers one stdout line,
// {"messages":N,"elapsedNanos":E,"errors":K,"p50":µs,"p99":µs,"p999":µs}. Exits when stdin ends.
import { createInterface } from 'node:readline';
import { Pool } from 'undici';

const CONNECTIONS = 64;
const IN_FLIGHT = 64;
const SIZE_BYTES = 200;
const FIXED_BYTES = '{"user_id":"u","seq":,"message":""}'.length;
const PADDING = 'x'.repeat(SIZE_BYTES);
const HEADERS = { 'content-type': 'application/json' };

const pools = new Map();

// The same text as io.pushgate.bench.Messages.json(seq).
function message(seq) {
  const digits = String(seq);
  const padding = PADDING.substring(0, SIZE_BYTES - FIXED_BYTES - 2 * digits.length);
  return `{"user_id":"u${digits}","seq":${digits},"message":"${padding}"}`;
}

function pool(port) {
  if (!pools.has(port)) {
    pools.set(port, new Pool(`http://127.0.0.1:${port}`, { connections: CONNECTIONS, pipelining: 1 }));
  }
  return pools.get(port);
}

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run({ port, path, messages, firstSeq }) {
  const target = pool(port);
  const latencies = new Float64Array(messages);
  let next = 0;
  let errors = 0;
  async function worker() {
    while (next < messages) {
      const i = next++;
      const sent = process.hrtime.bigint();
      try {
        const { statusCode, body } = await target.request({ path, method: 'POST', headers: HEADERS,
          body: message(firstSeq + i) });
        await body.dump();
        if (statusCode < 200 || statusCode > 299) {
          errors++;
        }
      } catch {
        errors++;
      }
      latencies[i] = Number(process.hrtime.bigint() - sent) / 1000;
    }
  }
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, messages) }, worker));
  const elapsedNanos = Number(process.hrtime.bigint() - started);
  latencies.sort();
  return { messages, elapsedNanos, errors, p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)), p999: Math.round(percentile(latencies, 99.9)) };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== '') {
    process.stdout.write(JSON.stringify(await run(JSON.parse(line))) + '\n');
  }
}
await Promise.all([...pools.values()].map((p) => p.close()));
