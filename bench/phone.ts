/**
 * `npm run bench:phone`: the survey on a phone profile (issue 14, part 11), in Debian's Chromium against
 * `npm start` on a fresh database. The profile: a 360 × 740 screen; the network throttled by CDP's
 * Network.emulateNetworkConditions to 400 ms latency, 400 kbit/s down and 400 kbit/s up (DevTools' "Slow 3G"
 * bandwidth; its preset adds 2 s of latency, this bench the 400 ms the issue's figures imply) on the page AND on
 * the service worker's own target (attached over the browser's CDP session: throttling the page alone leaves
 * the worker's fetches at full speed); the page's CPU slowed 4× (Emulation.setCPUThrottlingRate; Chromium
 * refuses it for workers, so the service worker's own CPU is not slowed).
 *
 * Each run, in a fresh browser context: the evaluator signs in (unthrottled), every cache is emptied, then
 *  - first visit: the survey page, cold, until the first question is drawn (a frame after it is in the DOM);
 *  - repeat visit online, then offline (the network off for page and worker), each BENCH_REPEATS times;
 *  - next page: every "Next" through the survey with the answers typed in (the first change apart);
 *  - "Thêm trẻ": adding a child to the household roster, 4 times;
 *  - a queued survey: finished while requests fail but the browser says online (signal, no data), the outage
 *    lasting BENCH_OUTAGE seconds; then how long after the network works again it is sent. And the same with
 *    the browser offline, sent after the `online` event.
 * Prints the median and the spread of BENCH_RUNS runs (default 3) against the issue's targets; it reports and
 * never fails on a target. On a shared machine the figures swing: compare runs made side by side.
 * Nothing is left in /tmp: the database folder is deleted at the end, the browser's profiles by Playwright.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { benchPassword, startBenchServer } from './server';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const outageSeconds = Number(process.env.BENCH_OUTAGE ?? 30);
const surveyPath = '/rounds/hn-phu-chau-midterm/survey/household';
const network = { latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
const cpuRate = 4;
const targets = { first: 7000, repeatOnline: 1500, repeatOffline: 1500, nextPage: 300, addChild: 500, queuedNoData: 3000, queuedOffline: 3000 };

type Conditions = { offline: boolean; blocked: boolean };

/**
 * Network conditions for every page and service worker of the browser. Workers are attached through the
 * browser's CDP session (Target.attachToTarget without flatten, messages through Target.sendMessageToTarget),
 * as Playwright's public API gives CDP sessions for pages and frames only.
 */
class Throttle {
  private pages = new Set<CDPSession>();
  private workers = new Map<string, (method: string, params: object) => Promise<unknown>>();
  private conditions: Conditions = { offline: false, blocked: false };
  /** Bytes the service workers received (encodedDataLength of their finished requests). */
  workerBytes = 0;

  private constructor(private browserSession: CDPSession) {}

  static async start(browser: Browser) {
    const session = await browser.newBrowserCDPSession();
    const throttle = new Throttle(session);
    let nextId = 1;
    const pending = new Map<number, (m: unknown) => void>();
    session.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message) as { id?: number; method?: string; params?: { encodedDataLength?: number } };
      if (m.id !== undefined) pending.get(m.id)?.(m);
      else if (m.method === 'Network.loadingFinished') throttle.workerBytes += m.params?.encodedDataLength ?? 0;
    });
    session.on('Target.detachedFromTarget', (e) => throttle.workers.delete(e.sessionId!));
    const attach = async (targetId: string) => {
      const { sessionId } = await session.send('Target.attachToTarget', { targetId, flatten: false });
      const send = (method: string, params: object) =>
        new Promise((resolve) => {
          const id = nextId++;
          pending.set(id, resolve);
          void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => resolve(null));
        });
      throttle.workers.set(sessionId, send);
      await send('Network.enable', {});
      await throttle.applyTo(send);
    };
    session.on('Target.targetCreated', (e) => {
      if (e.targetInfo.type === 'service_worker') void attach(e.targetInfo.targetId).catch(() => {});
    });
    await session.send('Target.setDiscoverTargets', { discover: true });
    return throttle;
  }

  /** A page of the profile: its network throttled and its CPU slowed; the bytes it receives counted. */
  async page(page: Page, context: BrowserContext) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    this.pages.add(cdp);
    await this.applyTo((method, params) => cdp.send(method as 'Network.enable', params as never));
    return cdp;
  }

  async set(change: Partial<Conditions>) {
    Object.assign(this.conditions, change);
    await Promise.all([...[...this.pages].map((cdp) => this.applyTo((method, params) => cdp.send(method as 'Network.enable', params as never).catch(() => {}))), ...[...this.workers.values()].map((send) => this.applyTo(send))]);
  }

  forget(cdp: CDPSession) {
    this.pages.delete(cdp);
  }

  private async applyTo(send: (method: string, params: object) => Promise<unknown>) {
    await send('Network.emulateNetworkConditions', { offline: this.conditions.offline, ...network });
    await send('Network.setBlockedURLs', { urls: this.conditions.blocked ? ['*'] : [] });
  }
}

/**
 * Records, on every page, when the survey's first question is drawn (the server's first look, or SurveyJS's form
 * where there is none) and when SurveyJS's form is drawn: ms since the navigation started, a frame after it is
 * in the DOM; and the long animation frames with the scripts that ran in them (printed with BENCH_DETAIL).
 */
const firstQuestionProbe = () => {
  const w = window as unknown as { __firstQuestion?: number; __formReady?: number; __frames: string[] };
  w.__frames = [];
  new PerformanceObserver((list) => {
    for (const f of list.getEntries() as unknown as { startTime: number; duration: number; blockingDuration: number; scripts: { sourceURL: string; invoker: string; duration: number; forcedStyleAndLayoutDuration: number }[] }[]) {
      const scripts = f.scripts.map((x) => `${x.invoker || x.sourceURL.split('/').pop()} ${Math.round(x.duration)}`).join(', ');
      w.__frames.push(`${Math.round(f.startTime)}+${Math.round(f.duration)} ms: ${scripts}`);
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  const seen = { question: false, form: false };
  new MutationObserver((_, observer) => {
    if (!seen.question && document.querySelector('#survey [data-name]')) {
      seen.question = true;
      requestAnimationFrame(() => (w.__firstQuestion = performance.now()));
    }
    if (!seen.form && document.querySelector('#survey[aria-busy="false"] [data-name]')) {
      seen.form = true;
      requestAnimationFrame(() => (w.__formReady = performance.now()));
    }
    if (seen.question && seen.form) observer.disconnect();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
};

/** When the page's own response arrived and its scripts ran, ms since the navigation started. */
function navigationTiming(page: Page) {
  return page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.name.endsWith('.js')).map((r) => r.responseEnd);
    return `response ${Math.round(n.responseStart)}–${Math.round(n.responseEnd)} ms (worker start ${Math.round(n.workerStart)}), last script in ${Math.round(Math.max(...scripts))} ms, DOMContentLoaded ${Math.round(n.domContentLoadedEventEnd)} ms`;
  });
}

/** A visit to the survey page: when its first question was drawn, and when SurveyJS's form was (ms). */
async function firstQuestion(page: Page, path = surveyPath): Promise<{ question: number; form: number }> {
  await page.goto(path, { waitUntil: 'commit', timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as { __formReady?: number }).__formReady !== undefined, null, { timeout: 60_000, polling: 100 });
  return page.evaluate(() => {
    const w = window as unknown as { __firstQuestion: number; __formReady: number };
    return { question: w.__firstQuestion, form: w.__formReady };
  });
}
type Visit = Awaited<ReturnType<typeof firstQuestion>>;

type Done = { kind: 'page'; from: string | null } | { kind: 'child'; from: number };

/**
 * In the page: clicks `selector` and waits for the frame in which the change is drawn (another page's first
 * question, or one more child's questions); the ms in between. (No `new Function` here: the CSP.)
 */
function timedClick(page: Page, selector: string, done: Done): Promise<number> {
  return page.evaluate(
    async ({ selector, done }) => {
      const drawn = () =>
        done.kind === 'child'
          ? document.querySelectorAll('#survey [data-name="age"]').length > done.from
          : (document.querySelector('#survey .sd-page [data-name]')?.getAttribute('data-name') ?? null) !== done.from;
      const button = document.querySelector(selector) as HTMLElement;
      const t0 = performance.now();
      button.click();
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (drawn()) return performance.now() - t0;
        if (performance.now() - t0 > 30_000) throw new Error(`${done.kind} not drawn`);
      }
    },
    { selector, done },
  );
}

const firstOnPage = (page: Page) => page.evaluate(() => document.querySelector('#survey .sd-page [data-name]')?.getAttribute('data-name') ?? null);
const surveyDrawn = (page: Page) => page.waitForSelector('#survey .sd-page [data-name]', { timeout: 60_000 });

/**
 * Opens the survey with `answers` as its draft (written through the page's own field module, as the device
 * keeps drafts; the page has no test hook), on its first step.
 */
async function openWithAnswers(page: Page, answers: Record<string, unknown>) {
  await page.goto(surveyPath);
  await surveyDrawn(page);
  const id = await page.evaluate(async (answers) => {
    const { fieldApi } = await import('/app/field.js' as string);
    const config = JSON.parse(document.getElementById('survey-config')!.textContent!);
    const commune = document.querySelector('#commune') as unknown as { value: string; options: { value: string }[] };
    const draft = { id: fieldApi.newId(), round: config.round, instrument: config.instrument, version: config.version, startedAt: new Date().toISOString(), commune: commune.value || commune.options[1]?.value, data: answers, pageNo: 0 };
    await fieldApi.saveDraft(draft);
    return draft.id as string;
  }, answers);
  await page.goto(`${surveyPath}?draft=${id}`);
  await surveyDrawn(page);
}

/** Goes to step `n` (-1: the last) by its step dot. */
async function goToStep(page: Page, n: number) {
  const dots = page.locator('#survey .sd-progress-buttons__list li');
  const target = n < 0 ? (await dots.count()) + n : n;
  await dots.nth(target).click();
  await page.waitForFunction((i) => document.querySelectorAll('#survey .sd-progress-buttons__list li')[i]?.classList.contains('sd-progress-buttons__list-element--current'), target);
}

/** With the answers in, every Next through the survey, timed (the first one after the page loaded first). */
async function walkPages(page: Page, answers: Record<string, unknown>) {
  await openWithAnswers(page, answers);
  await page.waitForTimeout(1000);
  const times: number[] = [];
  while (await page.locator('#survey .sd-navigation__next-btn').isVisible()) {
    times.push(await timedClick(page, '#survey .sd-navigation__next-btn', { kind: 'page', from: await firstOnPage(page) }));
  }
  return times;
}

/** On the roster's page, "Thêm trẻ" `n` times, each timed until the new child's questions are drawn. */
async function addChildren(page: Page, n: number) {
  await goToStep(page, 1);
  await page.waitForSelector('#survey .sd-paneldynamic__add-btn');
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = await page.locator('#survey [data-name="age"]').count();
    times.push(await timedClick(page, '#survey .sd-paneldynamic__add-btn', { kind: 'child', from }));
  }
  return times;
}

const fieldBar = (page: Page, what: 'waiting' | 'sent') => page.locator('#field-bar').getAttribute(`data-${what}`).then(Number);

/**
 * A survey finished during an outage (`how`: requests fail while the browser says online, or the browser is
 * offline), kept `outageSeconds`; the ms from the network working again to the survey being sent.
 */
async function queuedSend(page: Page, throttle: Throttle, how: 'blocked' | 'offline', seconds: number, answers: Record<string, unknown>) {
  await openWithAnswers(page, answers);
  await goToStep(page, -1);
  const sentBefore = await fieldBar(page, 'sent');
  await throttle.set(how === 'blocked' ? { blocked: true } : { offline: true });
  await page.locator('#survey .sd-navigation__complete-btn').click();
  await page.waitForFunction(() => document.querySelector('#field-bar')?.getAttribute('data-waiting') === '1', null, { timeout: 30_000 });
  await page.waitForTimeout(seconds * 1000);
  await throttle.set({ blocked: false, offline: false });
  const t0 = Date.now();
  await page.waitForFunction((sent) => Number(document.querySelector('#field-bar')?.getAttribute('data-sent')) > sent, sentBefore, { timeout: 600_000, polling: 50 });
  return Date.now() - t0;
}

/** Waits until nothing more is loading for 2 s (the kit filled by the service worker included). */
async function quiet(page: Page, throttle: Throttle, cdp: CDPSession) {
  let bytes = -1;
  let pageBytes = 0;
  const count = (e: { encodedDataLength: number }) => {
    pageBytes += e.encodedDataLength;
  };
  cdp.on('Network.loadingFinished', count);
  while (bytes !== pageBytes + throttle.workerBytes) {
    bytes = pageBytes + throttle.workerBytes;
    await page.waitForTimeout(2000);
  }
  cdp.off('Network.loadingFinished', count);
}

type Run = { first: Visit; firstKb: { page: number; worker: number }; repeatOnline: Visit[]; repeatOffline: Visit[]; firstChange: number; nextPage: number[]; addChild: number[]; queuedNoData: number; queuedOffline: number };

async function oneRun(browser: Browser, throttle: Throttle, base: string, seed: number): Promise<Run> {
  const rng = seededRng(seed);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: base, serviceWorkers: 'allow' });
  // tsx (esbuild's keepNames) wraps functions handed to page.evaluate in __name(): a no-op in the page.
  await context.addInitScript('window.__name = (f) => f;');
  await context.addInitScript(firstQuestionProbe);
  try {
    const page = await context.newPage();
    await page.goto('/signin');
    await page.fill('input[name=email]', 'evaluator@example.org');
    await page.fill('input[name=password]', benchPassword);
    await Promise.all([page.waitForURL(`${base}/`), page.click('form#signin button[type=submit]')]);
    // The home page registers the service worker and fills the kit: gone again, so the survey's first visit is cold.
    await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 30_000 }).catch(() => {});
    await page.evaluate(async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
      for (const k of await caches.keys()) await caches.delete(k);
    });
    await page.goto('about:blank');
    const cdp = await throttle.page(page, context);
    await cdp.send('Network.clearBrowserCache');

    let pageBytes = 0;
    const requests = new Map<string, { url: string; start: number; encoding?: string }>();
    const detail: string[] = [];
    const started = (e: { requestId: string; timestamp: number; request: { url: string } }) => requests.set(e.requestId, { url: new URL(e.request.url).pathname, start: e.timestamp });
    const encoded = (e: { requestId: string; response: { headers: Record<string, string> } }) => {
      const r = requests.get(e.requestId);
      if (r) r.encoding = e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'];
    };
    let t0 = 0;
    const count = (e: { requestId: string; timestamp: number; encodedDataLength: number }) => {
      pageBytes += e.encodedDataLength;
      const r = requests.get(e.requestId);
      if (!r) return;
      t0 ||= r.start;
      detail.push(`  ${(e.encodedDataLength / 1024).toFixed(1).padStart(7)} KB ${r.encoding ?? ''}`.padEnd(18) + `${((r.start - t0) * 1000).toFixed(0).padStart(6)}–${((e.timestamp - t0) * 1000).toFixed(0).padStart(6)} ms  ${r.url}`);
    };
    cdp.on('Network.requestWillBeSent', started);
    cdp.on('Network.responseReceived', encoded);
    cdp.on('Network.loadingFinished', count);
    const workerBefore = throttle.workerBytes;
    const first = await firstQuestion(page);
    const firstKb = { page: pageBytes / 1024, worker: (throttle.workerBytes - workerBefore) / 1024 };
    cdp.off('Network.loadingFinished', count);
    cdp.off('Network.requestWillBeSent', started);
    cdp.off('Network.responseReceived', encoded);
    // BENCH_DETAIL=1: what the first visit loaded, with when each request started and finished.
    const frames = () => page.evaluate(() => (window as unknown as { __frames: string[] }).__frames.join('\n  '));
    if (process.env.BENCH_DETAIL) console.log(`first visit, first question at ${ms(first.question)}, form at ${ms(first.form)}:\n${detail.join('\n')}\n  long frames:\n  ${await frames()}`);

    await page.waitForFunction(() => navigator.serviceWorker.controller !== null || navigator.serviceWorker.getRegistrations().then((r) => r.length > 0), null, { timeout: 30_000 });
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
    await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 120_000 });
    await quiet(page, throttle, cdp);

    const repeatOnline: Visit[] = [];
    for (let i = 0; i < repeats; i++) repeatOnline.push(await firstQuestion(page));
    if (process.env.BENCH_DETAIL) console.log(`repeat visit online, first question at ${ms(repeatOnline[repeats - 1].question)}; ${await navigationTiming(page)}\n  long frames:\n  ${await frames()}`);
    await throttle.set({ offline: true });
    const repeatOffline: Visit[] = [];
    for (let i = 0; i < repeats; i++) repeatOffline.push(await firstQuestion(page));
    if (process.env.BENCH_DETAIL) console.log(`repeat visit offline, first question at ${ms(repeatOffline[repeats - 1].question)}; ${await navigationTiming(page)}\n  long frames:\n  ${await frames()}`);
    await throttle.set({ offline: false });

    const [firstChange, ...nextPage] = await walkPages(page, householdAnswers(rng, { knows111Rate: 0.5 }));
    const addChild = await addChildren(page, 4);

    const queuedNoData = await queuedSend(page, throttle, 'blocked', outageSeconds, householdAnswers(rng, { knows111Rate: 0.5 }));
    const queuedOffline = await queuedSend(page, throttle, 'offline', Math.min(outageSeconds, 10), householdAnswers(rng, { knows111Rate: 0.5 }));
    throttle.forget(cdp);
    return { first, firstKb, repeatOnline, repeatOffline, firstChange, nextPage, addChild, queuedNoData, queuedOffline };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
/** A visit as "first question / SurveyJS's form". */
const visit = (v: Visit) => `${ms(v.question)}/${ms(v.form)}`;

function line(label: string, values: number[], target: number | null) {
  const m = median(values);
  const spread = `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
  const verdict = target === null ? '' : `  target ≤ ${ms(target)}: ${m <= target ? 'met' : 'MISSED'}`;
  console.log(`${label.padEnd(44)} median ${ms(m).padStart(8)}  (${spread}, n=${values.length})${verdict}`);
}

const dir = mkdtempSync(join(tmpdir(), 'moc-bench-phone-'));
const server = await startBenchServer({ databasePath: join(dir, 'bench.sqlite') });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const throttle = await Throttle.start(browser);
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await oneRun(browser, throttle, server.url, 1000 + i);
    console.log(
      `run ${i + 1}: first ${visit(run.first)} (${run.firstKb.page.toFixed(0)} KB page + ${run.firstKb.worker.toFixed(0)} KB worker), repeat online ${run.repeatOnline.map(visit).join(' ')}, offline ${run.repeatOffline.map(visit).join(' ')}, ` +
        `first Next ${ms(run.firstChange)}, Next ${ms(median(run.nextPage))}, add child ${run.addChild.map(ms).join(' ')}, queued sent ${ms(run.queuedNoData)} (no data) ${ms(run.queuedOffline)} (offline)`,
    );
    all.push(run);
  }
  console.log(`\nPhone profile: 360×740, ${network.latency} ms latency, ${(network.downloadThroughput * 8) / 1000} kbit/s down and up (page and service worker), page CPU ${cpuRate}× slower; ${runs} runs`);
  line('First visit, to the first question', all.map((r) => r.first.question), targets.first);
  line("  … to SurveyJS's form (no target)", all.map((r) => r.first.form), null);
  console.log(`${''.padEnd(44)} bytes received: page ${median(all.map((r) => r.firstKb.page)).toFixed(0)} KB, service worker ${median(all.map((r) => r.firstKb.worker)).toFixed(0)} KB (median)`);
  line('Repeat visit online', all.flatMap((r) => r.repeatOnline.map((v) => v.question)), targets.repeatOnline);
  line("  … to SurveyJS's form (no target)", all.flatMap((r) => r.repeatOnline.map((v) => v.form)), null);
  line('Repeat visit offline', all.flatMap((r) => r.repeatOffline.map((v) => v.question)), targets.repeatOffline);
  line("  … to SurveyJS's form (no target)", all.flatMap((r) => r.repeatOffline.map((v) => v.form)), null);
  line('Next page (after the first change)', all.flatMap((r) => r.nextPage), targets.nextPage);
  line('First page change after loading', all.map((r) => r.firstChange), targets.nextPage);
  line('"Thêm trẻ" (add a child)', all.flatMap((r) => r.addChild), targets.addChild);
  line(`Queued survey sent after ${outageSeconds} s with no data`, all.map((r) => r.queuedNoData), targets.queuedNoData);
  line(`Queued survey sent after ${Math.min(outageSeconds, 10)} s offline`, all.map((r) => r.queuedOffline), targets.queuedOffline);
} finally {
  await browser.close();
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
