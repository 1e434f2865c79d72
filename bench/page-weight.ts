/**
 * `npm run bench:weight`: bytes over the network (as sent, i.e. compressed) for the survey page in real
 * Chromium against `npm start`: the first load with a cold cache, and a repeat visit once the service worker
 * controls the page (or with the HTTP cache alone when there is no service worker). Measured twice, with
 * Chromium's own Accept-Encoding (br, gzip) and with gzip only; BENCH_ENCODING=gzip (or br) measures one.
 * Targets: first ≤ 450 KB, repeat ≤ 10 KB. It reports; it never fails on a target.
 */
import net from 'node:net';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { benchPassword, startBenchServer } from './server';

const surveyPath = '/rounds/hn-phu-chau-midterm/survey/household';
const targets = { first: 450 * 1024, repeat: 10 * 1024 };
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const against = (bytes: number, target: number) => `${kb(bytes)} (target ≤ ${kb(target)}: ${bytes <= target ? 'met' : 'MISSED'})`;

type Row = { url: string; bytes: number; kit: boolean };

/**
 * Sums encodedDataLength of what the page loads from the network, not from its service worker. Only requests
 * that start after recording begins count: the previous page's requests still in flight are not this page's.
 * Fetches started by field.js (other than its session) are the offline kit, kept apart in the breakdown.
 */
async function recordBytes(cdp: CDPSession) {
  const started = new Map<string, { url: string; kit: boolean }>();
  const fromWorker = new Set<string>();
  const rows: Row[] = [];
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => {
    const url = new URL(e.request.url).pathname;
    const byFieldJs = e.initiator.stack?.callFrames[0]?.url.endsWith('/app/field.js') ?? false;
    started.set(e.requestId, { url, kit: byFieldJs && url !== '/field/session.json' });
  });
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromServiceWorker) fromWorker.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const request = started.get(e.requestId);
    if (request && !fromWorker.has(e.requestId) && e.encodedDataLength > 0) rows.push({ ...request, bytes: e.encodedDataLength });
  });
  return () => {
    const taken = rows.splice(0).sort((a, b) => b.bytes - a.bytes);
    const sum = (rs: Row[]) => rs.reduce((s, r) => s + r.bytes, 0);
    return { total: sum(taken), kit: sum(taken.filter((r) => r.kit)), rows: taken };
  };
}

/**
 * A TCP relay in front of the server that counts the bytes the server sends: everything over the wire,
 * headers included, and what the service worker fetches (which the page's CDP session does not see).
 */
function countingRelay(port: number): Promise<{ url: string; sent: () => number }> {
  let sent = 0;
  const relay = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    upstream.on('data', (chunk) => {
      sent += chunk.length;
    });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  relay.unref();
  return new Promise((resolve) => relay.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`, sent: () => sent })));
}

async function surveyRendered(page: Page) {
  await page.waitForSelector('#survey .sd-root-modern [data-name="hamlet"] input', { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

/** Whether a service worker controls the page within ~10 s; a first visit may need one reload for it. */
async function controlledByServiceWorker(page: Page) {
  const controlled = () => page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 10_000 }).then(() => true, () => false);
  if (await controlled()) return true;
  const registered = await page.evaluate(async () => ((await navigator.serviceWorker?.getRegistrations()) ?? []).length > 0);
  if (!registered) return false;
  await page.reload();
  return controlled();
}

async function quiet(page: Page, sent: () => number) {
  for (let last = -1; last !== sent(); ) {
    last = sent();
    await page.waitForTimeout(2000);
  }
}

async function measure(browser: Browser, relay: { url: string; sent: () => number }, encoding: string | undefined) {
  const base = relay.url;
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, ...(encoding ? { extraHTTPHeaders: { 'accept-encoding': encoding } } : {}) });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    await page.fill('input[name=email]', 'evaluator@example.org');
    await page.fill('input[name=password]', benchPassword);
    await Promise.all([page.waitForURL(`${base}/`), page.click('form#signin button[type=submit]')]);
    // The home page may register the service worker and start the offline kit: let it finish, then clear
    // every cache so the survey page's first load is cold, as on a new phone that went straight to the survey.
    await quiet(page, relay.sent);
    await page.evaluate(async () => {
      for (const r of (await navigator.serviceWorker?.getRegistrations()) ?? []) await r.unregister();
      for (const k of await caches.keys()) await caches.delete(k);
      localStorage.clear();
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    const take = await recordBytes(cdp);
    let wire = relay.sent();
    const wireSince = () => {
      const before = wire;
      wire = relay.sent();
      return wire - before;
    };

    await page.goto(base + surveyPath);
    await surveyRendered(page);
    const first = take();
    const firstWire = wireSince();

    const controlled = await controlledByServiceWorker(page);
    if (controlled) await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 }).catch(() => {});
    await quiet(page, relay.sent);
    const between = take();
    const betweenWire = wireSince();

    await page.goto(base + surveyPath);
    await surveyRendered(page);
    await page.waitForTimeout(1000);
    const repeat = take();
    const repeatWire = wireSince();

    console.log(`\n== Accept-Encoding: ${encoding ?? "Chromium's own (br, gzip)"}`);
    console.log(`Survey page, first load (cold cache): ${against(first.total, targets.first)} over the network`);
    console.log(`  of which the offline kit fetched by field.js: ${kb(first.kit)}; the page alone: ${kb(first.total - first.kit)}`);
    console.log(`  on the wire, with headers and the service worker's own fetches: ${kb(firstWire)}`);
    for (const r of first.rows) console.log(`  ${kb(r.bytes).padStart(9)}  ${r.url}${r.kit ? '  (offline kit)' : ''}`);
    console.log(`Between the visits (service worker's shell, rest of the offline kit): ${kb(betweenWire)} on the wire, ${between.rows.length} requests from the page`);
    if (!controlled) console.log('No service worker controls the page (none registered): the repeat visit uses the HTTP cache only.');
    console.log(`Survey page, repeat visit (${controlled ? 'service worker' : 'HTTP cache'}): ${against(repeatWire, targets.repeat)} on the wire; ${kb(repeat.total)} seen by the page`);
    for (const r of repeat.rows) console.log(`  ${kb(r.bytes).padStart(9)}  ${r.url}`);
  } finally {
    await context.close();
  }
}

const server = await startBenchServer();
const relay = await countingRelay(server.port);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const encodings = process.env.BENCH_ENCODING ? [process.env.BENCH_ENCODING] : [undefined, 'gzip'];
  for (const encoding of encodings) await measure(browser, relay, encoding);
} finally {
  await browser.close();
  server.stop();
}
