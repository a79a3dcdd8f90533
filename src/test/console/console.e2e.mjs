// The console in a real browser: Debian's headless Chromium driven by playwright-core, against a running gateway
// whose targets are fakes (ConsoleBrowserIT starts both and runs this script). Exits 0 when every check holds; the
// first that does not throws, and the script exits 1 naming it. Screenshots go to $SCREENSHOTS.
//
// The gateway must have API key $PUSHGATE_API_KEY and the targets `slow` (answers 200 after about 100 ms), `stuck`
// (answers after seconds), `broken` (answers 503; its circuit opens after 3 failures) and `rejecting` (answers 422),
// besides the bundled `default`.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const gateway = required('PUSHGATE_URL');
const apiKey = required('PUSHGATE_API_KEY');
const screenshots = required('SCREENSHOTS');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** How long the console may take to show a change the API already shows: a snapshot a second, and some slack. */
const SHOWN_WITHIN_MS = 5000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
  console.log(`ok: ${what}`);
}

/** Polls `probe` until it returns something truthy, every 100 ms, for at most `timeoutMs`; returns that. */
async function until(what, probe, timeoutMs = SHOWN_WITHIN_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      console.log(`ok: ${what}`);
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`not within ${timeoutMs} ms: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function api(method, path, body) {
  const response = await fetch(gateway + path, {
    method,
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok && response.status !== 202) {
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  }
  return json;
}

function messages(count) {
  return Array.from({ length: count }, (_, i) => ({ user_id: String(i), message: 'Hello' }));
}

async function submitJob(target, count) {
  return (await api('POST', '/v1/jobs', { target, messages: messages(count) })).jobId;
}

async function shoot(page, name) {
  await page.screenshot({ path: join(screenshots, name), fullPage: true });
  console.log(`screenshot: ${name}`);
}

const jobRow = (page, jobId) => page.locator(`#jobs tbody tr[data-key="job:${jobId}"]`);
const targetRow = (page, name) => page.locator(`#targets tbody tr[data-key="target:${name}"]`);

async function keyIsAskedFor(page) {
  await page.goto(`${gateway}/console`);
  check(page.url() === `${gateway}/console/`, '/console leads to /console/');
  await page.locator('#key-form').waitFor({ state: 'visible', timeout: SHOWN_WITHIN_MS });
  check(await page.locator('#api-key').getAttribute('type') === 'password', 'the key is asked for in a password field');
  check(await page.locator('#console').isHidden(), 'without the key, the console is hidden');
  check(await page.locator('tbody tr').count() === 0, 'without the key, no row is drawn');
  const text = await page.locator('body').innerText();
  check(!text.includes('slow') && !text.includes('127.0.0.1'), 'without the key, no target is named on the page');
  await shoot(page, 'api-key.png');

  await page.locator('#api-key').fill('not-the-key');
  await page.locator('#api-key').press('Enter');
  await until('a wrong key is refused', async () => (await page.locator('#key-error').innerText()) === 'That key was refused.');
  check(await page.locator('#console').isHidden(), 'with a wrong key, the console stays hidden');

  await page.locator('#api-key').fill(apiKey);
  await page.locator('button[type=submit]').click();
  await until('with the key, the console shows a row for each of the four targets', async () => {
    const names = await page.locator('#targets tbody tr th').allInnerTexts();
    return ['broken', 'rejecting', 'slow', 'stuck'].every((name) => names.includes(name));
  });
  check(!page.url().includes(apiKey), 'the key is not in the URL');
  check(await page.evaluate(() => document.cookie) === '', 'the key is not in a cookie');
  check(await page.evaluate(() => sessionStorage.getItem('pushgate.console.apiKey')) === apiKey,
    'the key is kept for the tab, in sessionStorage');
}

async function circuitOpens(page) {
  check((await targetRow(page, 'broken').locator('.badge').innerText()) === 'closed', 'broken starts closed');
  const batch = await api('POST', '/v1/push', { target: 'broken', messages: messages(6) });
  check(batch.delivered === 0, 'the batch to broken is not delivered');
  const circuit = (await api('GET', '/v1/targets')).targets.find((t) => t.name === 'broken').circuit;
  check(circuit === 'open', `the API says broken's circuit is open (${circuit})`);
  await until('the console shows broken\'s circuit "open"',
    async () => (await targetRow(page, 'broken').locator('.badge').innerText()) === 'open');
  check(await targetRow(page, 'broken').locator('.badge.state-open').count() === 1, 'open has its own colour class');
}

async function progressAdvances(page) {
  const jobId = await submitJob('slow', 200);
  const bar = jobRow(page, jobId).locator('progress');
  await until('the new job has its row, at the top', async () =>
    (await page.locator('#jobs tbody tr').first().getAttribute('data-key')) === `job:${jobId}`);
  const seen = new Set();
  let shot = false;
  await until('the job\'s progress bar reaches 100 %', async () => {
    const { value, max } = await bar.evaluate((b) => ({ value: b.value, max: b.max }));
    if (value > 0 && value < max) {
      seen.add(value);
      if (!shot && value >= max * 0.3) {
        shot = true;
        await shoot(page, 'console.png');
      }
    }
    return value === max && (await jobRow(page, jobId).locator('.badge').innerText()) === 'completed';
  }, 90_000);
  check(seen.size >= 2, `the bar advanced through ${seen.size} values on its way (at least 2)`);
  check((await jobRow(page, jobId).innerText()).includes('100 % (200 of 200)'), 'the row reads 100 % (200 of 200)');
  check(await bar.evaluate((b, id) => b.value === b.max && b.getAttribute('aria-label').includes(id), jobId),
    'the progress element is full and named after its job');
}

async function cancelWorks(page, jobId) {
  const row = jobRow(page, jobId);
  await until('the stuck job runs', async () => (await row.locator('.badge').innerText()) === 'running', 15_000);
  const cancel = row.getByRole('button', { name: `Cancel job ${jobId}` });
  await cancel.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('#cancel-dialog');
  await until('Enter on the focused Cancel button asks for confirmation', () => dialog.evaluate((d) => d.open));
  await shoot(page, 'cancel-dialog.png');
  await dialog.getByRole('button', { name: 'Keep the job' }).click();
  check(!(await dialog.evaluate((d) => d.open)), '"Keep the job" closes the dialog');
  check((await api('GET', `/v1/jobs/${jobId}`)).status === 'running', 'and the job still runs');

  await cancel.click();
  await dialog.getByRole('button', { name: 'Cancel the job' }).click();
  await until('the API says the job is cancelled',
    async () => (await api('GET', `/v1/jobs/${jobId}`)).status === 'cancelled');
  await until('the console shows it cancelled, with no Cancel button',
    async () => (await row.locator('.badge').innerText()) === 'cancelled' && await cancel.isHidden());
}

async function failedResultsOpen(page, jobId) {
  const row = jobRow(page, jobId);
  await until('the rejected job completes with 5 failed', async () =>
    (await row.locator('.badge').innerText()) === 'completed' && (await row.locator('a').innerText()) === '5');
  await row.locator('a').click();
  const dialog = page.locator('#failed-dialog');
  await until('its failed link lists the five failed messages, each answered 422', async () =>
    (await dialog.evaluate((d) => d.open)) && (await dialog.locator('tbody tr').count()) === 5
    && (await dialog.locator('tbody tr td:nth-of-type(2)').allInnerTexts()).every((text) => text === '422'));
  await shoot(page, 'failed-results.png');
  await dialog.getByRole('button', { name: 'Close' }).click();
}

async function readableOnAPhone(page) {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `at phone width, the page does not scroll sideways (tables do, inside): ${overflow} px`);
  await shoot(page, 'phone.png');
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function forgettingTheKeyHidesEverything(page) {
  await page.locator('#forget-key').click();
  await page.locator('#key-form').waitFor({ state: 'visible', timeout: SHOWN_WITHIN_MS });
  check(await page.locator('tbody tr').count() === 0, 'once the key is forgotten, no row is left');
  check(await page.evaluate(() => sessionStorage.length) === 0, 'and sessionStorage is empty');
}

mkdirSync(screenshots, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'pushgate-console-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = false;
const page = browser.pages()[0] ?? await browser.newPage();
try {
  const pageErrors = [];
  page.on('pageerror', (error) => {
    console.log(`page error: ${error.message}`);
    pageErrors.push(error.message);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') {
      console.log(`page console: ${message.text()}`);
      pageErrors.push(message.text());
    }
  });

  await keyIsAskedFor(page);
  const rejected = await submitJob('rejecting', 5);
  await circuitOpens(page);
  const stuck = await submitJob('stuck', 200);
  await progressAdvances(page);
  await cancelWorks(page, stuck);
  await failedResultsOpen(page, rejected);
  await readableOnAPhone(page);
  await forgettingTheKeyHidesEverything(page);
  // The wrong key's 401 is logged by Chromium as a failed resource load: expected, and the only one allowed.
  const unexpected = pageErrors.filter((error) => !error.includes('401'));
  check(unexpected.length === 0, `no script error on the page ${JSON.stringify(unexpected)}`);
} catch (error) {
  failed = true;
  console.error(error.stack ?? String(error));
  await shoot(page, 'failure.png');
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
