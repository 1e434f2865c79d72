/**
 * `npm run bench:weight`: bytes over the network (as sent, i.e. compressed) for the survey page in real
 * Chromium against `npm start`: the first load with a cold cache, and a repeat visit once the service worker
 * controls the page. Also what the service worker fetches in the background on first visit (the shell and the
 * evaluator's offline kit), which is not part of the page's load. Targets: first ≤ 450 KB, repeat ≤ 10 KB.
 */
import net from 'node:net';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { benchPassword, startBenchServer } from './server';

const surveyPath = '/rounds/hn-phu-chau-midterm/survey/household';
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Sums encodedDataLength of everything the page loads from the network (not from its service worker). */
async function recordBytes(cdp: CDPSession) {
  const urls = new Map<string, string>();
  const fromWorker = new Set<string>();
  const bytes = new Map<string, number>();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromServiceWorker) fromWorker.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (!fromWorker.has(e.requestId)) bytes.set(e.requestId, e.encodedDataLength);
  });
  return () => {
    const byUrl = [...bytes].map(([id, n]) => ({ url: urls.has(id) ? new URL(urls.get(id)!).pathname : '(a page of the offline kit, fetched by field.js)', bytes: n })).filter((r) => r.bytes > 0);
    bytes.clear();
    return { total: byUrl.reduce((s, r) => s + r.bytes, 0), byUrl: byUrl.sort((a, b) => b.bytes - a.bytes) };
  };
}

/**
 * A TCP relay in front of the server that counts the bytes the server sends: everything over the wire,
 * including what the service worker fetches (which the page's CDP session does not see).
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
  await page.waitForSelector('#survey [data-name="hamlet"] input', { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

const server = await startBenchServer();
const relay = await countingRelay(server.port);
const base = relay.url;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  // Chromium asks for br on 127.0.0.1; BENCH_ENCODING=gzip measures what a gzip-only path costs.
  const encoding = process.env.BENCH_ENCODING;
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, ...(encoding ? { extraHTTPHeaders: { 'accept-encoding': encoding } } : {}) });
  const page = await context.newPage();
  await page.goto(`${base}/signin`);
  await page.fill('input[name=email]', 'evaluator@example.org');
  await page.fill('input[name=password]', benchPassword);
  await Promise.all([page.waitForURL(`${base}/`), page.click('form#signin button[type=submit]')]);

  // The sign-in and home pages have registered the service worker by now; clear every cache so the survey
  // page's first load is cold, as on a new phone that went straight to the survey.
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
    for (const k of await caches.keys()) await caches.delete(k);
    localStorage.clear();
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  const take = await recordBytes(cdp);

  let wire = relay.sent();
  const wireSince = () => {
    const now = relay.sent();
    const bytes = now - wire;
    wire = now;
    return bytes;
  };
  await page.goto(base + surveyPath);
  await surveyRendered(page);
  const first = take();
  const firstWire = wireSince();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 }).catch(() => page.reload());
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });
  // The background work is done when nothing has crossed the wire for two seconds.
  for (let last = -1; last !== relay.sent(); ) {
    last = relay.sent();
    await page.waitForTimeout(2000);
  }
  const kit = take();
  const kitWire = wireSince();

  await page.goto(base + surveyPath);
  await surveyRendered(page);
  await page.waitForTimeout(1000);
  const repeat = take();
  const repeatWire = wireSince();

  console.log(`Content encoding: ${encoding ?? "Chromium's own (br, gzip)"}`);
  console.log(`Survey page, first load (cold cache): ${kb(first.total)} over the network (target ≤ 450 KB); on the wire, with headers and the service worker's start: ${kb(firstWire)}`);
  for (const r of first.byUrl) console.log(`  ${kb(r.bytes).padStart(9)}  ${r.url}`);
  console.log(`After the first load, in the background: the service worker's shell and the offline kit: ${kb(kitWire)} on the wire (${kit.byUrl.length} requests from the page)`);
  console.log(`Survey page, repeat visit (service worker): ${kb(repeatWire)} on the wire (target ≤ 10 KB)`);
  for (const r of repeat.byUrl) console.log(`  ${kb(r.bytes).padStart(9)}  ${r.url}`);
} finally {
  await browser.close();
  server.stop();
}
