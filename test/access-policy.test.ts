/**
 * The access policy (src/domain/access.ts) checked cell by cell over HTTP. For every action of the table and
 * every role, each probe of the action makes its request as the role's seeded person:
 * - on an object inside the role's reach: allowed → 2xx/3xx; a `none` cell → 403 (the role never does this);
 * - for a scoped cell (`own-models`, `assigned`, `own`) also on an object beyond that reach → 404, as if it
 *   did not exist (a probe naming its object in the body, not the URL, documents 403 instead).
 * The tests are generated from the table's keys: an action without a probe fails, and so does a scoped cell
 * without a place beyond its reach. A few probes read what the answer holds rather than its status (the kit,
 * a suppressed value, a target in the list); `seen` turns what they read into the status the rule implies.
 * Writes are harmless (the same value again) or undone through the API before the probe returns.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Action, policy, type Reach, type Role } from '../src/domain/access';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';
import { surveyFile } from './support/instruments';

/** Where a probe acts: the model, rounds, commune and submission of one side of a role's reach. */
interface Place {
  side: 'in' | 'out';
  programme: string;
  model: string;
  /** An open round of the model. */
  round: string;
  /** A closed round the person can see (for reopening). */
  closedRound: string;
  commune: string;
  /** A stored submission, filled in beforeAll. */
  submission: string;
  /** Whom an imported item names as its collector. */
  collector: string;
}

const hanoi = { programme: 'hanoi-2015-2020', model: 'hn-phu-chau', round: 'hn-phu-chau-midterm', closedRound: 'hn-phu-chau-baseline', commune: '09649', collector: people.evaluatorLan };
const yenBai = { programme: 'yen-bai-2018-2020', model: 'yb-service-pilot', round: 'yb-service-pilot-midterm', closedRound: 'yb-service-pilot-baseline', commune: '04771', collector: people.evaluatorLan };
const ducGiang = { programme: 'hanoi-2015-2020', model: 'hn-duc-giang', round: 'hn-duc-giang-midterm', closedRound: 'hn-duc-giang-baseline', commune: '09847', collector: people.evaluatorLan };

/** Submissions sent in beforeAll: Lan's and Minh's in Phú Châu, the admin's in Yên Bái and Đức Giang. */
const sent = { lan: crypto.randomUUID(), minh: crypto.randomUUID(), yenBai: crypto.randomUUID(), ducGiang: crypto.randomUUID() };

const person: Record<Role, string> = { admin: people.admin, manager: people.managerHa, evaluator: people.evaluatorLan, sponsor: people.sponsorWorldVision };

/** Each seeded person's side of their reach: Hà manages the Hanoi models, Lan works Phú Châu's midterm, World Vision sponsors Yên Bái. */
const inside: Record<Role, Place> = {
  admin: { side: 'in', ...hanoi, submission: sent.lan },
  manager: { side: 'in', ...hanoi, submission: sent.lan },
  evaluator: { side: 'in', ...hanoi, submission: sent.lan },
  sponsor: { side: 'in', ...yenBai, submission: sent.yenBai },
};

/** Beyond each scoped reach: another person's model, a round Lan is not assigned to, Minh's submission. */
const outside: Record<Role, Partial<Record<Reach, Place>>> = {
  admin: {},
  manager: { 'own-models': { side: 'out', ...yenBai, submission: sent.yenBai } },
  evaluator: {
    assigned: { side: 'out', ...ducGiang, submission: sent.ducGiang },
    own: { side: 'out', ...hanoi, submission: sent.minh, collector: people.evaluatorMinh },
  },
  sponsor: { 'own-models': { side: 'out', ...hanoi, submission: sent.lan } },
};

type Client = Awaited<ReturnType<typeof clientOf>>;

interface Probe {
  name: string;
  run: (as: Client, at: Place) => Promise<number>;
  /** The status beyond the reach when the object is named in the body (default 404). */
  outside?: number;
  /** A role whose `none` reads otherwise than 403, and why. */
  none?: Partial<Record<Role, number>>;
  /** The status that means allowed, where a deliberately empty body stops a write after the permission (422). */
  allowed?: number;
  /** A page about no object in particular: probed inside the reach only. */
  noObject?: true;
}

/** The status a rule implies when a probe reads the answer: allowed, never (403), beyond reach (404). */
const seen = (allowed: boolean, at: Place) => (allowed ? 200 : at.side === 'in' ? 403 : 404);

let t: Awaited<ReturnType<typeof freshApp>>;
const clients = {} as Record<Role, Client>;
const ids: Record<string, number> = {};
const rng = seededRng(12);
let made = 0;

async function clientOf(email: string) {
  const api = await apiAs(t.app, email);
  const web = await webAs(t.app, email);
  const send = (method: string, path: string, body: unknown) =>
    t.app.request(path, { method, headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { email, api, web, send };
}

const household = (at: Place, id = crypto.randomUUID()) => ({ id, round: at.round, commune: at.commune, instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) });
const target = (model: string) => ({ indicator: 'caregivers-know-111', model, year: 2020, value: 80, source: 'access-policy test' });
const admin = () => clients.admin;

const probes: Record<Action, readonly Probe[]> = {
  'model.see': [{ name: 'GET /models/:id', run: async (as, at) => (await as.web.get(`/models/${at.model}`)).status }],
  'round.see': [{ name: 'GET /rounds/:id', run: async (as, at) => (await as.web.get(`/rounds/${at.round}`)).status }],
  'submission.see': [
    { name: 'GET /submissions/:id', run: async (as, at) => (await as.web.get(`/submissions/${at.submission}`)).status },
    { name: 'GET /api/v1/submissions/:id', run: async (as, at) => (await as.api.get(`/api/v1/submissions/${at.submission}`)).status },
    {
      name: 'GET /api/v1/rounds/:id/submissions lists the submission',
      run: async (as, at) => {
        const res = await as.api.get(`/api/v1/rounds/${at.round}/submissions`);
        if (res.status !== 200) return res.status;
        return seen(((await res.json()) as { submissions: { id: string }[] }).submissions.some((x) => x.id === at.submission), at);
      },
    },
  ],
  'submission.review': [
    {
      name: 'POST /api/v1/submissions/:id/reviews rejected (an admin puts it back to received)',
      run: async (as, at) => {
        const res = await as.api.post(`/api/v1/submissions/${at.submission}/reviews`, { status: 'rejected', comment: 'access-policy test' });
        if (res.ok) expect((await admin().api.post(`/api/v1/submissions/${at.submission}/reviews`, { status: 'received' })).status).toBe(201);
        return res.status;
      },
    },
  ],
  'submission.correct': [
    {
      // Sent back first (an evaluator corrects only then); an empty body stops after the permission (422); an
      // admin puts it back to the state it was in (approved, or received through rejected).
      name: 'PUT /api/v1/submissions/:id while it has issues',
      allowed: 422,
      run: async (as, at) => {
        const { status } = (await (await admin().api.get(`/api/v1/submissions/${at.submission}`)).json()) as { status: string };
        const back = (body: unknown) => admin().api.post(`/api/v1/submissions/${at.submission}/reviews`, body);
        expect((await back({ status: 'has_issues', comment: 'access-policy test' })).status).toBe(201);
        const res = await as.send('PUT', `/api/v1/submissions/${at.submission}`, {});
        if (status === 'approved') expect((await back({ status: 'approved' })).status).toBe(201);
        else {
          expect((await back({ status: 'rejected', comment: 'access-policy test' })).status).toBe(201);
          expect((await back({ status: 'received' })).status).toBe(201);
        }
        return res.status;
      },
    },
  ],
  'submission.personal': [
    {
      // Household v3 (released in beforeAll) marks the hamlet personal, also in the v1 answers sent there.
      name: 'GET /submissions/:id shows the hamlet, not •••',
      run: async (as, at) => {
        const res = await as.web.get(`/submissions/${at.submission}`);
        if (res.status !== 200) return res.status;
        return seen(!(await res.text()).includes('<dd data-question="hamlet">•••</dd>'), at);
      },
    },
  ],
  'indicators.see': [
    { name: 'GET /api/v1/models/:id/indicators', run: async (as, at) => (await as.api.get(`/api/v1/models/${at.model}/indicators`)).status },
    { name: 'GET /programme', noObject: true, run: async (as) => (await as.web.get('/programme')).status },
  ],
  'indicators.unsuppressed': [
    {
      name: 'GET /api/v1/models/:id/indicators?round=midterm: one household, no value hidden',
      run: async (as, at) => {
        const res = await as.api.get(`/api/v1/models/${at.model}/indicators?round=midterm`);
        if (res.status !== 200) return res.status;
        const body = (await res.json()) as { indicators: { rounds: { suppressed: boolean }[] }[] };
        return seen(!body.indicators.some((i) => i.rounds.some((r) => r.suppressed)), at);
      },
    },
  ],
  'indicators.unreviewed': [
    {
      name: 'GET /api/v1/models/:id/indicators?counted=received says which submissions it counted',
      run: async (as, at) => {
        const res = await as.api.get(`/api/v1/models/${at.model}/indicators?counted=received`);
        if (res.status !== 200) return res.status;
        return seen(((await res.json()) as { counted: string }).counted === 'received', at);
      },
    },
  ],
  'summary.see': [
    { name: 'GET /models/:id/summary', run: async (as, at) => (await as.web.get(`/models/${at.model}/summary`)).status },
    { name: 'GET /models/:id/summary.pdf', run: async (as, at) => (await drained(await as.web.get(`/models/${at.model}/summary.pdf`))).status },
    { name: 'GET /programmes/:id/summary (a programme holding a model in reach)', run: async (as, at) => (await as.web.get(`/programmes/${at.programme}/summary`)).status },
  ],
  'targets.see': [
    {
      name: 'GET /api/v1/targets lists the model’s target',
      run: async (as, at) => {
        const res = await as.api.get('/api/v1/targets');
        if (res.status !== 200) return res.status;
        const { targets } = (await res.json()) as { targets: { model?: string | null }[] };
        return seen(targets.some((x) => x.model === at.model), at);
      },
    },
    { name: 'GET /targets', noObject: true, run: async (as) => (await as.web.get('/targets')).status },
  ],
  'submission.send': [
    { name: 'GET /rounds/:id/survey/household', run: async (as, at) => (await as.web.get(`/rounds/${at.round}/survey/household`)).status },
    { name: 'GET /api/v1/rounds/:id/households (the follow-up list)', run: async (as, at) => (await as.api.get(`/api/v1/rounds/${at.round}/households`)).status },
    // The round is named in the body: beyond reach it is 403 not_assigned, nothing stored.
    { name: 'POST /api/v1/submissions', run: async (as, at) => (await as.api.post('/api/v1/submissions', household(at))).status, outside: 403 },
  ],
  import: [
    {
      // The item's status in the report: 403 not_assigned (uploader's round) or other_evaluator (another's item).
      name: 'POST /api/v1/imports, one item',
      outside: 403,
      run: async (as, at) => {
        const item = { ...household(at), startedAt: '2026-11-19T08:00:00.000Z', evaluator: at.collector };
        const res = await as.api.post('/api/v1/imports', { format: 'moc-backup', formatVersion: 1, exportedAt: '2026-11-19T09:00:00.000Z', exportedBy: as.email, submissions: [item] });
        if (res.status !== 200) return res.status;
        return ((await res.json()) as { results: { status: number }[] }).results[0].status;
      },
    },
    { name: 'GET /imports', noObject: true, run: async (as) => (await as.web.get('/imports')).status },
  ],
  'offline.kit': [
    {
      name: 'GET /field/kit.json keeps the round’s survey',
      run: async (as, at) => {
        const { urls } = (await (await as.web.get('/field/kit.json')).json()) as { urls: string[] };
        return seen(urls.includes(`/rounds/${at.round}/survey/household`), at);
      },
    },
  ],
  'round.create': [
    { name: 'GET /models/:id/rounds/new', run: async (as, at) => (await as.web.get(`/models/${at.model}/rounds/new`)).status },
  ],
  'round.close': [
    {
      name: 'PATCH /api/v1/rounds/:id closed (an admin reopens it)',
      run: async (as, at) => {
        const res = await as.send('PATCH', `/api/v1/rounds/${at.round}`, { status: 'closed' });
        if (res.ok) expect((await admin().send('PATCH', `/api/v1/rounds/${at.round}`, { status: 'open', reason: 'access-policy test' })).status).toBe(200);
        return res.status;
      },
    },
  ],
  'round.reopen': [
    {
      name: 'PATCH /api/v1/rounds/:id open with a reason (closed again)',
      run: async (as, at) => {
        const res = await as.send('PATCH', `/api/v1/rounds/${at.closedRound}`, { status: 'open', reason: 'access-policy test' });
        if (res.ok) expect((await admin().send('PATCH', `/api/v1/rounds/${at.closedRound}`, { status: 'closed' })).status).toBe(200);
        return res.status;
      },
    },
  ],
  'assignments.set': [
    { name: 'GET /api/v1/rounds/:id/assignments', run: async (as, at) => (await as.api.get(`/api/v1/rounds/${at.round}/assignments`)).status },
    {
      name: 'PUT /api/v1/rounds/:id/assignments, the same list again',
      run: async (as, at) => {
        const { assignments } = (await (await admin().api.get(`/api/v1/rounds/${at.round}/assignments`)).json()) as { assignments: { user: { id: number }; communes: string[] }[] };
        return (await as.send('PUT', `/api/v1/rounds/${at.round}/assignments`, assignments.map((a) => ({ user: a.user.id, communes: a.communes })))).status;
      },
    },
  ],
  'counts.enter': [{ name: 'GET /rounds/:id/counts', run: async (as, at) => (await as.web.get(`/rounds/${at.round}/counts`)).status }],
  'target.set.model': [
    // The model is named in the body: beyond reach it is 403.
    { name: 'PUT /api/v1/targets, the same model target again', run: async (as, at) => (await as.send('PUT', '/api/v1/targets', target(at.model))).status, outside: 403 },
  ],
  'target.set.programme': [
    {
      name: 'PUT /api/v1/targets, a seeded programme target again',
      run: async (as) => (await as.send('PUT', '/api/v1/targets', { indicator: 'csc-assisted', programme: 'hanoi-2015-2020', value: 95, year: 2015, source: 'Hanoi plan 2015 (seed 000)' })).status,
    },
  ],
  'user.list.evaluators': [{ name: 'GET /api/v1/users', run: async (as) => (await as.api.get('/api/v1/users')).status }],
  'user.list.any': [
    {
      name: 'GET /api/v1/users lists an admin',
      run: async (as, at) => {
        const res = await as.api.get('/api/v1/users');
        if (res.status !== 200) return res.status;
        return seen(((await res.json()) as { users: { role: Role }[] }).users.some((u) => u.role === 'admin'), at);
      },
    },
  ],
  'user.create.evaluator': [{ name: 'POST /api/v1/users, an evaluator (deactivated after)', run: async (as) => createUser(as, 'evaluator') }],
  'user.create.any': [
    // A manager who asks for another role gets 422 naming the role field (the accounts form shows it).
    { name: 'POST /api/v1/users, a sponsor (deactivated after)', run: async (as) => createUser(as, 'sponsor'), none: { manager: 422 } },
  ],
  'user.change': [{ name: 'PATCH /api/v1/users/:id, the same name', run: async (as) => (await as.send('PATCH', `/api/v1/users/${ids.minh}`, { name: 'Lê Văn Minh' })).status }],
  'account.password': [
    { name: 'POST /api/v1/users/me/password, empty', noObject: true, allowed: 422, run: async (as) => (await as.send('POST', '/api/v1/users/me/password', {})).status },
  ],
  'user.scope.set': [
    { name: 'GET /api/v1/users/:id/scope', run: async (as) => (await as.api.get(`/api/v1/users/${ids.ha}/scope`)).status },
    {
      name: 'PUT /api/v1/users/:id/scope, Hà’s scope again',
      run: async (as) => {
        const given = await (await admin().api.get(`/api/v1/users/${ids.ha}/scope`)).json();
        return (await as.send('PUT', `/api/v1/users/${ids.ha}/scope`, given)).status;
      },
    },
  ],
  'audit.see': [
    { name: 'GET /api/v1/audit', noObject: true, run: async (as) => (await as.api.get('/api/v1/audit')).status },
    { name: 'GET /audit', noObject: true, run: async (as) => (await as.web.get('/audit')).status },
  ],
  'export.submissions': [
    { name: 'GET /api/v1/exports/submissions.csv?round=', run: async (as, at) => (await drained(await as.api.get(`/api/v1/exports/submissions.csv?round=${at.round}`))).status },
    { name: 'GET /exports/submissions.xlsx?round=', run: async (as, at) => (await drained(await as.web.get(`/exports/submissions.xlsx?round=${at.round}`))).status },
  ],
  'export.indicators': [
    { name: 'GET /api/v1/exports/indicators.csv?model=', run: async (as, at) => (await drained(await as.api.get(`/api/v1/exports/indicators.csv?model=${at.model}`))).status },
  ],
  'report.yearly': [
    { name: 'GET /programmes/:id/report?year=2020', run: async (as, at) => (await as.web.get(`/programmes/${at.programme}/report?year=2020`)).status },
    { name: 'GET /api/v1/programmes/:id/report?year=2020', run: async (as, at) => (await as.api.get(`/api/v1/programmes/${at.programme}/report?year=2020`)).status },
    { name: 'GET /programmes/:id/report.xlsx?year=2020', run: async (as, at) => (await drained(await as.web.get(`/programmes/${at.programme}/report.xlsx?year=2020`))).status },
  ],
  'programme.see': [
    {
      name: 'GET /api/v1/programmes lists the model’s programme',
      run: async (as, at) => {
        const res = await as.api.get('/api/v1/programmes');
        if (res.status !== 200) return res.status;
        return seen(((await res.json()) as { programmes: { id: string }[] }).programmes.some((p) => p.id === at.programme), at);
      },
    },
  ],
  'programme.setup': [{ name: 'GET /programmes/new', noObject: true, run: async (as) => (await as.web.get('/programmes/new')).status }],
  'model.create': [{ name: 'GET /models/new', noObject: true, run: async (as) => (await as.web.get('/models/new')).status }],
  'model.edit': [
    { name: 'GET /models/:id/edit', run: async (as, at) => (await as.web.get(`/models/${at.model}/edit`)).status },
    {
      name: 'PATCH /api/v1/models/:id, the same period',
      run: async (as, at) => (await as.send('PATCH', `/api/v1/models/${at.model}`, { period: (await modelAsStored(at.model)).period })).status,
    },
  ],
  'model.edit.programme': [
    {
      name: 'PATCH /api/v1/models/:id, another type (an admin puts it back)',
      run: async (as, at) => {
        const { type } = await modelAsStored(at.model);
        const res = await as.send('PATCH', `/api/v1/models/${at.model}`, { type: type === 'abuse-violence' ? 'community-cp' : 'abuse-violence' });
        if (res.ok) expect((await admin().send('PATCH', `/api/v1/models/${at.model}`, { type })).status).toBe(200);
        return res.status;
      },
    },
  ],
  'instrument.list': [{ name: 'GET /api/v1/instruments', noObject: true, run: async (as) => (await as.api.get('/api/v1/instruments')).status }],
  'instrument.release': [
    // An upload is a new version for good: an empty one stops at the checks (422), after the permission.
    { name: 'POST /api/v1/instruments, empty', noObject: true, allowed: 422, run: async (as) => (await as.api.post('/api/v1/instruments', {})).status },
  ],
  'instrument.pin': [
    {
      name: 'PATCH /api/v1/rounds/:id, the pinned versions again',
      run: async (as, at) => {
        const { rounds } = await modelAsStored(at.model);
        const pins = rounds.find((r) => r.id === at.round)!.instruments;
        return (await as.send('PATCH', `/api/v1/rounds/${at.round}`, { instruments: pins })).status;
      },
    },
  ],
};

/** The response once its body is read to the end (a streamed export). */
async function drained(res: Response) {
  await res.arrayBuffer();
  return res;
}

/** A model as the admin reads it in GET /api/v1/models. */
async function modelAsStored(id: string) {
  const { models } = (await (await admin().api.get('/api/v1/models')).json()) as {
    models: { id: string; type: string; period: { start: string; end: string }; rounds: { id: string; instruments: { slug: string; version: number }[] }[] }[];
  };
  return models.find((m) => m.id === id)!;
}

async function createUser(as: Client, role: Role) {
  const res = await as.send('POST', '/api/v1/users', { email: `probe-${++made}@example.org`, name: `Probe ${made}`, role });
  if (res.status === 201) {
    const { id } = (await res.json()) as { id: number };
    expect((await admin().send('PATCH', `/api/v1/users/${id}`, { active: false })).status).toBe(200);
  }
  return res.status;
}

beforeAll(async () => {
  t = await freshApp();
  for (const role of Object.keys(person) as Role[]) clients[role] = await clientOf(person[role]);
  const minh = await clientOf(people.evaluatorMinh);
  const ok = (res: Response) => expect(res.status).toBeLessThan(300);
  ok(await admin().api.post('/api/v1/instruments', { slug: 'household', version: 3, json: surveyFile('household.v3.json'), renamed: { hotline_111: 'knows_111' }, release: true }));
  ok(await clients.evaluator.api.post('/api/v1/submissions', household(inside.evaluator, sent.lan)));
  ok(await minh.api.post('/api/v1/submissions', household(inside.evaluator, sent.minh)));
  ok(await admin().api.post('/api/v1/submissions', household(inside.sponsor, sent.yenBai)));
  ok(await admin().api.post('/api/v1/submissions', household(outside.evaluator.assigned!, sent.ducGiang)));
  // Sponsors count approved submissions only (domain/review.ts): the Yên Bái household is approved so that
  // the sponsor's probes read a value (suppressed, one household) rather than nothing.
  ok(await admin().api.post(`/api/v1/submissions/${sent.yenBai}/reviews`, { status: 'approved' }));
  // A closed round Lan can see, so that refusing her a reopening is a 403, not a 404.
  ok(await admin().send('PUT', `/api/v1/rounds/${hanoi.closedRound}/assignments`, [{ user: people.evaluatorLan, communes: [hanoi.commune] }]));
  for (const model of [hanoi.model, yenBai.model]) ok(await admin().send('PUT', '/api/v1/targets', target(model)));
  const { users } = (await (await admin().api.get('/api/v1/users')).json()) as { users: { id: number; email: string }[] };
  ids.minh = users.find((u) => u.email === people.evaluatorMinh)!.id;
  ids.ha = users.find((u) => u.email === people.managerHa)!.id;
}, 60_000);

const roles = Object.keys(person) as Role[];
const scoped: Reach[] = ['own-models', 'assigned', 'own'];

for (const action of Object.keys(policy) as Action[]) {
  describe(action, () => {
    it('has a probe', () => {
      expect(probes[action]?.length ?? 0, `no probe for ${action}`).toBeGreaterThan(0);
    });

    for (const role of roles) {
      const cell = policy[action][role];
      it(`${role}: ${cell}`, async () => {
        if (scoped.includes(cell)) expect(probes[action]?.some((p) => !p.noObject), `a probe of ${action} on an object, for ${role}'s ${cell}`).toBe(true);
        for (const probe of probes[action] ?? []) {
          const status = await probe.run(clients[role], inside[role]);
          if (cell === 'none') expect(status, `${probe.name} as ${role}`).toBe(probe.none?.[role] ?? 403);
          else if (probe.allowed) expect(status, `${probe.name} as ${role}`).toBe(probe.allowed);
          else expect([status >= 200 && status < 400, status], `${probe.name} as ${role}`).toEqual([true, status]);
          if (!scoped.includes(cell) || probe.noObject) continue;
          const beyond = outside[role][cell];
          expect(beyond, `a place beyond ${role}'s ${cell} reach`).toBeDefined();
          expect(await probe.run(clients[role], beyond!), `${probe.name} as ${role}, beyond reach`).toBe(probe.outside ?? 404);
        }
      });
    }
  });
}
