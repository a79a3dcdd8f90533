// Unit tests of the console's Server-Sent Events parser (src/main/resources/io/pushgate/console/sse.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSseParser } from '../../main/resources/io/pushgate/console/sse.js';

function parse(...chunks) {
  const events = [];
  const parser = createSseParser((event) => events.push(event));
  chunks.forEach((chunk) => parser.push(chunk));
  return { events, parser };
}

test('an event as the gateway sends it', () => {
  const { events, parser } = parse('id: 7\nevent: snapshot\ndata: {"timeMs":1}\n\n');
  assert.deepEqual(events, [{ id: '7', event: 'snapshot', data: '{"timeMs":1}' }]);
  assert.equal(parser.lastId(), '7');
});

test('chunks cut anywhere, even inside a CRLF, give the same events', () => {
  const text = 'id: 1\r\nevent: snapshot\r\ndata: {"a":1}\r\n\r\nid: 2\r\nevent: snapshot\r\ndata: {"a":2}\r\n\r\n';
  const whole = parse(text).events;
  for (let cut = 1; cut < text.length; cut++) {
    assert.deepEqual(parse(text.slice(0, cut), text.slice(cut)).events, whole, `cut at ${cut}`);
  }
  assert.equal(whole.length, 2);
});

test('keep-alive comments are skipped; data lines are joined; no data, no event', () => {
  const { events } = parse(': keep-alive\n\n', 'data: a\ndata: b\n\n', 'event: empty\n\n');
  assert.deepEqual(events, [{ id: null, event: 'message', data: 'a\nb' }]);
});

test('an event is dispatched only once its blank line has come', () => {
  assert.deepEqual(parse('id: 1\nevent: snapshot\ndata: {}\n').events, []);
});
