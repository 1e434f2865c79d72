/**
 * Pages write numbers, dates and codes in the reader's language (src/domain/format.ts): Vietnamese with a
 * decimal comma and dd/mm/yyyy dates, CSC groups and instruments by name, p-values never 'p = 0', n with
 * what it counts. HTTP through app.request over the demo data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { seedDemoSubmissions } from '../src/seed/demo';
import { bringAggregatesUpToDate } from '../src/workflows/aggregates';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
let ha: Awaited<ReturnType<typeof webAs>>;

beforeAll(async () => {
  t = await freshApp();
  await seedDemoSubmissions(t.db, new Date('2026-11-20T00:00:00Z'));
  // A midterm where every caregiver knows the 111 hotline: a change no chance explains (p < 0.001).
  const lan = await apiAs(t.app, people.evaluatorLan);
  const rng = seededRng(14);
  for (let i = 0; i < 60; i++) {
    const body = { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 1 }) };
    expect((await lan.post('/api/v1/submissions', body)).status).toBe(201);
  }
  await bringAggregatesUpToDate(t.db);
  ha = await webAs(t.app, people.managerHa);
});

/** What a reader sees: the text between tags, without attributes or scripts. */
const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]*>/g, ' ');
const english = { cookie: '' };

describe('the model page', () => {
  it('writes Vietnamese numbers with a decimal comma, dates dd/mm/yyyy, p-values and n in words', async () => {
    const html = await (await ha.get('/models/hn-phu-chau')).text();
    const text = visible(html);
    expect(html).toMatch(/<strong class="value">\d+,\d%<\/strong>/);
    expect(html).not.toMatch(/<strong class="value">\d+\.\d+%/);
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} – \d{2}\/\d{2}\/\d{4}/);
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(text).toMatch(/n = \d+ hộ · \d+ có/);
    expect(text).not.toMatch(/n=\d/);
    const change = /<li data-change="baseline-midterm"[^>]*>(.*?)<\/li>/s.exec(/<article class="indicator" data-indicator="caregivers-know-111">(.*?)<\/article>/s.exec(html)![1])![1];
    expect(change).toContain('p &lt; 0,001');
    expect(text).not.toMatch(/p = 0[ )]/);
    expect(text).toMatch(/p = 0,\d{1,3}\)/);
    expect(text).toContain('buổi');
  });
  it('names the CSC groups, never "Nhóm 3"', async () => {
    const html = await (await ha.get('/models/hn-phu-chau?by=cscGroup')).text();
    expect(html).toContain('data-by="cscGroup"');
    expect(visible(html)).not.toMatch(/Nhóm \d/);
    expect(html).toMatch(/<tr data-category="4">\s*<td>Khuyết tật<\/td>/);
  });
  it('writes English numbers with a decimal point and dates as "1 Mar 2026"', async () => {
    english.cookie = `${ha.cookie}; moc_lang=en`;
    const html = await (await t.app.request('/models/hn-phu-chau', { headers: english })).text();
    expect(html).toMatch(/<strong class="value">\d+\.\d%<\/strong>/);
    expect(visible(html)).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4} – \d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(visible(html)).toMatch(/n = \d+ households · \d+ yes/);
  });
});

describe('the programme overview and the roll-up', () => {
  it('write values and the chart in Vietnamese, n with what it counts', async () => {
    const overview = await (await ha.get('/programme?chart=csc-share')).text();
    expect(overview).toMatch(/<strong>\d+,\d+%<\/strong>/);
    // The chart: what each value rests on under the model's name, the value beside its bar.
    expect(overview).toMatch(/<span class="chart-note">[\d.]+\/[\d.]+ · từ \d+ xã<\/span>/);
    expect(overview).toMatch(/<div class="chart-value">\d+,\d+%/);
    expect(visible(overview)).not.toMatch(/n=\d/);
    const rollup = await (await ha.get('/programme/rollup?level=province&round=baseline')).text();
    expect(rollup).toMatch(/<strong>\d+,\d+%<\/strong>/);
    expect(visible(rollup)).not.toMatch(/n=\d/);
  });
});

describe('the round and submission pages', () => {
  it('show instruments by title, times on Vietnam’s clock in dd/mm/yyyy', async () => {
    const round = await (await ha.get('/rounds/hn-phu-chau-baseline')).text();
    const row = /<tr data-submission="([^"]+)">(.*?)<\/tr>/s.exec(round)!;
    expect(row[2]).toMatch(/>\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}</);
    expect(row[2]).toContain('Phiếu khảo sát hộ gia đình (người chăm sóc trẻ) (v');
    expect(row[2]).not.toMatch(/household v\d/);
    expect(visible(round)).toMatch(/\d{2}\/\d{2}\/\d{4} – \d{2}\/\d{2}\/\d{4}/);

    const submission = await (await ha.get(`/submissions/${row[1]}`)).text();
    const facts = /<dl class="facts">(.*?)<\/dl>/s.exec(submission)![1];
    expect(facts).toContain('Phiếu khảo sát hộ gia đình (người chăm sóc trẻ) (v');
    expect(facts).not.toMatch(/household v\d/);
    expect(facts).toMatch(/<time datetime="[^"]+">\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}<\/time>/);
  });
});
