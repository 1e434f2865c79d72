/**
 * The submission page over HTTP: the largest household the limits allow, and rows stored before the limits
 * (5,000 children, an answer nested 5,000 levels deep) render, bounded, instead of blocking the server or
 * answering 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '../db/schema';
import { largestHouseholdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { submissionDetail } from '../src/queries/submissions';
import { freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
let largestId: string;

beforeAll(async () => {
  t = await freshApp();
  const lan = await webAs(t.app, people.evaluatorLan);
  largestId = crypto.randomUUID();
  const body = { id: largestId, commune: '09649', instrument: 'household', version: 1, answers: largestHouseholdAnswers(seededRng(15)) };
  const res = await lan.postJson('/rounds/hn-phu-chau-midterm/submissions', body);
  if (res.status !== 201) throw new Error(`storing the largest household answered ${res.status}`);
});

afterAll(() => t.remove());

/** A row stored as it was before the limits, beside the largest household (same round, commune, evaluator). */
async function storeOldRow(answers: string) {
  const like = (await submissionDetail(t.db, largestId))!.submission;
  const id = crypto.randomUUID();
  await t.db.insert(submissions).values({ ...like, id, answers, contentHash: `old-${id}` });
  return id;
}

describe('the submission page', () => {
  it('shows the largest household the limits allow in full', async () => {
    const ha = await webAs(t.app, people.managerHa);
    const res = await ha.get(`/submissions/${largestId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('15) Tuổi:');
    expect(html).not.toContain('đã cắt bớt');
  });

  it('shows 100 of an old row’s 5,000 children and says how many more there are', async () => {
    const answers = { hamlet: 'Thôn 1', children: Array.from({ length: 5000 }, (_, i) => ({ age: i % 18, sex: 'female', birth_registered: true })) };
    const id = await storeOldRow(JSON.stringify(answers));
    const ha = await webAs(t.app, people.managerHa);
    const t0 = performance.now();
    const res = await ha.get(`/submissions/${id}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(html).toContain('100) Tuổi: 9; Giới tính: Nữ');
    expect(html).not.toContain('101) ');
    expect(html).toContain('… và 4900 mục nữa không hiển thị');
  });

  it('shows an old answer nested 5,000 levels deep in part, in English for an English reader', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const id = await storeOldRow(`{"hamlet":${deep},"children":[{"age":${deep}}]}`);
    const ha = await webAs(t.app, people.managerHa);
    const res = await ha.get(`/submissions/${id}`, { cookie: `${ha.cookie}; moc_lang=en` });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('(cut: the stored value is too large to show in full)');
  });
});
