/**
 * The evaluator's home names the unfinished surveys and the send queue of the device (issue 14, part 3): the page
 * carries the sections and a map of names for its script (public/app/field-home.js), which draws them from
 * IndexedDB; others' homes carry neither.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;

beforeAll(async () => {
  t = await freshApp();
});

/** The names map the home page gives its script. */
function namesOf(html: string) {
  const json = /<script type="application\/json" id="field-work-config">([\s\S]*?)<\/script>/.exec(html)?.[1];
  return json ? (JSON.parse(json) as { locale: string; names: { rounds: Record<string, string>; instruments: Record<string, string>; communes: Record<string, string> }; text: Record<string, string> }) : null;
}

describe("the evaluator's home", () => {
  it('has the unfinished surveys and the queue, named in Vietnamese: rounds, instrument titles, communes', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const html = await (await lan.get('/')).text();
    expect(html).toContain('id="drafts-home"');
    expect(html).toContain('id="queue-home"');
    expect(html).toContain('src="/app/field-home.js"');
    const config = namesOf(html)!;
    expect(config.locale).toBe('vi');
    expect(config.text.drafts).toBe('Phiếu đang điền dở');
    expect(config.names.rounds['hn-phu-chau-midterm']).toMatch(/ — Giữa kỳ$/);
    expect(config.names.instruments.household).toMatch(/^Phiếu khảo sát hộ gia đình/);
    expect(config.names.communes['09649']).toBe('Phú Châu');
  });

  it('in English too', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const html = await (await lan.get('/', { cookie: `${lan.cookie}; moc_lang=en` })).text();
    const config = namesOf(html)!;
    expect(config.text.drafts).toBe('Unfinished surveys');
    expect(config.names.rounds['hn-phu-chau-midterm']).toMatch(/ — Midterm$/);
    expect(config.names.communes['09649']).toBe('Phu Chau');
  });
});

describe("others' homes", () => {
  for (const email of [people.managerHa, people.admin, people.sponsorWorldVision]) {
    it(`${email} has no device queue section`, async () => {
      const html = await (await (await webAs(t.app, email)).get('/')).text();
      expect(html).not.toContain('id="drafts-home"');
      expect(namesOf(html)).toBeNull();
    });
  }
});
