// The console page: reads the gateway's snapshots from GET /v1/console/events and draws them (view.js). With API
// keys configured, the stream answers 401 until the page sends a key: the page then shows nothing but a password
// field, and keeps the key given in sessionStorage (this tab only; never in a URL or a cookie). EventSource cannot
// send an Authorization header, so the stream is read with fetch().

import { createSseParser } from './sse.js';
import { clear, render } from './view.js';

const KEY = 'pushgate.console.apiKey';
const EVENTS = '../v1/console/events';
const RETRY_MS = 2000;
const FAILED_SHOWN = 100;

const byId = (id) => document.getElementById(id);
let connection = null;
let retryTimer = null;
let lastEventId = null;

function authorization() {
  const key = sessionStorage.getItem(KEY);
  return key ? { Authorization: `Bearer ${key}` } : {};
}

function say(text, live = false) {
  byId('connection').textContent = text;
  byId('connection').classList.toggle('live', live);
}

async function connect() {
  clearTimeout(retryTimer);
  connection?.abort();
  const current = new AbortController();
  connection = current;
  const headers = { Accept: 'text/event-stream', ...authorization() };
  if (lastEventId !== null) {
    headers['Last-Event-ID'] = lastEventId;
  }
  try {
    const response = await fetch(EVENTS, { headers, signal: current.signal, cache: 'no-store' });
    if (response.status === 401) {
      askForKey(sessionStorage.getItem(KEY) ? 'That key was refused.' : '');
      return;
    }
    if (response.status === 404) {
      hideConsole();
      say('The console is switched off on this gateway (console.enabled).');
      return;
    }
    if (!response.ok) {
      retry(`the gateway answered ${response.status}`);
      return;
    }
    say('Live', true);
    const parser = createSseParser((event) => {
      if (event.event === 'snapshot') {
        lastEventId = event.id;
        show(JSON.parse(event.data));
      }
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      parser.push(value);
    }
    retry('the stream ended');
  } catch (failure) {
    if (!current.signal.aborted) {
      retry('the gateway cannot be reached');
    }
  }
}

function retry(why) {
  say(`Reconnecting: ${why}…`);
  retryTimer = setTimeout(connect, RETRY_MS);
}

function show(snapshot) {
  byId('key-form').hidden = true;
  byId('forget-key').hidden = !sessionStorage.getItem(KEY);
  byId('console').hidden = false;
  render(snapshot, { cancel: askToCancel, showFailed });
}

function hideConsole() {
  connection?.abort();
  document.querySelectorAll('dialog[open]').forEach((dialog) => dialog.close());
  byId('console').hidden = true;
  clear();
}

function askForKey(error) {
  sessionStorage.removeItem(KEY);
  hideConsole();
  byId('forget-key').hidden = true;
  byId('key-error').textContent = error;
  byId('key-form').hidden = false;
  say('Waiting for an API key');
  byId('api-key').focus();
}

byId('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId('api-key');
  sessionStorage.setItem(KEY, input.value.trim());
  input.value = '';
  byId('key-form').hidden = true;
  say('Connecting…');
  lastEventId = null;
  connect();
});

byId('forget-key').addEventListener('click', () => askForKey(''));

function askToCancel(jobId) {
  const dialog = byId('cancel-dialog');
  byId('cancel-job-id').textContent = jobId;
  dialog.returnValue = '';
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'cancel') {
      cancel(jobId);
    }
  }, { once: true });
  dialog.showModal();
}

async function cancel(jobId) {
  try {
    const response = await fetch(`../v1/jobs/${encodeURIComponent(jobId)}`, {
      method: 'DELETE', headers: authorization(),
    });
    say(response.ok ? `Job ${jobId} cancelled` : `Job ${jobId} could not be cancelled: ${await errorOf(response)}`,
      response.ok);
  } catch (failure) {
    say(`Job ${jobId} could not be cancelled: the gateway cannot be reached`);
  }
}

async function showFailed(jobId) {
  const dialog = byId('failed-dialog');
  const body = document.querySelector('#failed-results tbody');
  byId('failed-job-id').textContent = jobId;
  byId('failed-note').textContent = 'Loading…';
  body.replaceChildren();
  dialog.showModal();
  try {
    const response = await fetch(
      `../v1/jobs/${encodeURIComponent(jobId)}/results?status=failed&limit=${FAILED_SHOWN}`,
      { headers: authorization() },
    );
    if (!response.ok) {
      byId('failed-note').textContent = `The gateway answered ${response.status}: ${await errorOf(response)}`;
      return;
    }
    const page = await response.json();
    for (const result of page.results) {
      const tr = document.createElement('tr');
      const answer = result.httpStatus ?? result.error ?? '';
      const detail = result.detail ?? (result.response === undefined ? '' : JSON.stringify(result.response));
      for (const [i, text] of [result.index, result.attempts, answer, detail].entries()) {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) {
          cell.scope = 'row';
        }
        cell.textContent = String(text).slice(0, 200);
        tr.append(cell);
      }
      body.append(tr);
    }
    byId('failed-note').textContent = page.next === null
      ? `${page.results.length} failed message(s).`
      : `The first ${page.results.length}; GET ../v1/jobs/${jobId}/results?status=failed has them all.`;
  } catch (failure) {
    byId('failed-note').textContent = 'The gateway cannot be reached.';
  }
}

async function errorOf(response) {
  try {
    return (await response.json()).message;
  } catch (notJson) {
    return response.statusText;
  }
}

connect();
