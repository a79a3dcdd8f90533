// Server-Sent Events read from a fetch() body. The browser's EventSource cannot send an Authorization header, so the
// console reads the stream itself: this parser takes its text as it comes and calls back once per whole event.

/**
 * A parser of `text/event-stream` text: `push(text)` as chunks arrive (cut anywhere); `onEvent({id, event, data})`
 * for each complete event, `event` defaulting to `message` and `data` lines joined with `\n`. Comment lines (`:`)
 * are skipped; an event with no data is not dispatched, as the specification says.
 */
export function createSseParser(onEvent) {
  let buffer = '';
  let data = [];
  let event = '';
  let id = null;

  function line(text) {
    if (text === '') {
      if (data.length > 0) {
        onEvent({ id, event: event || 'message', data: data.join('\n') });
      }
      data = [];
      event = '';
      return;
    }
    if (text.startsWith(':')) {
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') {
      data.push(value);
    } else if (field === 'event') {
      event = value;
    } else if (field === 'id') {
      id = value;
    }
  }

  return {
    push(text) {
      buffer += text;
      let end;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const breakLength = buffer.startsWith('\r\n', end) ? 2 : 1;
        // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
        if (buffer[end] === '\r' && breakLength === 1 && end === buffer.length - 1) {
          break;
        }
        line(buffer.slice(0, end));
        buffer = buffer.slice(end + breakLength);
      }
    },
    /** The last event id seen, to resume with `Last-Event-ID`. */
    lastId() {
      return id;
    },
  };
}
