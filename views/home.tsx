import { raw } from 'hono/html';
import type { RoundKind as RoundKindName } from '../src/domain/rounds';
import { localName, messages } from '../src/domain/i18n';
import { Layout, type PageContext, scriptJson } from './layout';
import { ModelTable } from './models';
import { SummaryLinks } from './summary';
import type { ModelSummary } from '../src/queries/models';
import { Progress, RoundKind, RoundStatus } from './parts';
import { IssuesList, type IssueView } from './revisions';
import type { OpenRoundTodo } from '../src/queries/home';
import type { FieldNames } from '../src/workflows/field-names';

export interface HomeRound {
  id: string;
  kind: RoundKindName;
  status: 'open' | 'closed';
  modelVi: string;
  modelEn: string;
  received: number;
  plannedSample: number;
}

/** What the reader sees (src/domain/access.ts decides): their rounds or their models, the import link, the aggregates note. */
export interface HomeShows {
  rounds: boolean;
  models: boolean;
  imports: boolean;
  aggregatesOnly: boolean;
  /** The open rounds of the reader's models with what awaits review (managers, admins). */
  reviewWork?: boolean;
  /** Links to the programme overview and the roll-up. */
  indicators?: boolean;
  /** The unfinished surveys and the send queue of this device (those who collect in the field). */
  fieldWork?: boolean;
}

export function HomePage(props: { ctx: PageContext; rounds: HomeRound[]; models: ModelSummary[]; shows: HomeShows; openRounds?: OpenRoundTodo[]; canCreateModel?: boolean; issues?: IssueView[]; fieldNames?: FieldNames; summaries?: { href: string; label: string }[] }) {
  const { ctx, shows } = props;
  const t = messages[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.home} head={shows.fieldWork ? <script type="module" src="/app/field-home.js"></script> : undefined}>
      <h1>
        {ctx.actor!.name} <small>· {t.roles[ctx.actor!.role]}</small>
      </h1>
      {shows.aggregatesOnly && <p class="note">{t.aggregatesOnly}</p>}
      {props.issues && <IssuesList ctx={ctx} issues={props.issues} />}
      {shows.fieldWork && <FieldWork ctx={ctx} names={props.fieldNames ?? { rounds: {}, instruments: {}, communes: {} }} />}
      {shows.rounds && props.rounds.length > 0 && (
        <section class="card">
          <h2>{t.yourRounds}</h2>
          <ul class="rounds">
            {props.rounds.map((r) => (
              <li>
                <a href={`/rounds/${r.id}`}>
                  {localName({ nameVi: r.modelVi, nameEn: r.modelEn }, ctx.locale)} — <RoundKind t={t} kind={r.kind} />
                </a>{' '}
                <RoundStatus t={t} status={r.status} /> <Progress t={t} received={r.received} planned={r.plannedSample} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {shows.reviewWork && <OpenRounds ctx={ctx} rounds={props.openRounds ?? []} />}
      {shows.indicators && (
        <p class="home-links">
          <a href="/programme">{t.overview.title}</a> · <a href="/programme/rollup">{t.rollup.title}</a>
        </p>
      )}
      <SummaryLinks ctx={ctx} links={props.summaries ?? []} />
      {shows.models && (
        <section class="card">
          <h2>{t.yourModels}</h2>
          <ModelTable ctx={ctx} models={props.models} />
          {props.canCreateModel && (
            <p>
              <a class="button" href="/models/new">
                {t.modelEntry.newLink}
              </a>
            </p>
          )}
        </section>
      )}
      {shows.imports && (
        <p>
          <a href="/imports">{t.imports.title}</a>
        </p>
      )}
    </Layout>
  );
}

/** The open rounds of the reader's models: progress, and what awaits review linked to the round page's filter. */
function OpenRounds(props: { ctx: PageContext; rounds: OpenRoundTodo[] }) {
  const { ctx, rounds } = props;
  const t = messages[ctx.locale];
  const w = t.homeWork;
  const awaiting = rounds.reduce((sum, r) => sum + r.awaitingReview, 0);
  return (
    <section class="card" id="open-rounds">
      <h2>{w.openRounds}</h2>
      {rounds.length === 0 ? (
        <p>{w.noOpenRounds}</p>
      ) : (
        <>
          <p data-awaiting={awaiting}>{w.totalAwaiting.replace('{n}', String(awaiting))}</p>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>{w.round}</th>
                  <th>{w.progress}</th>
                  <th>{w.awaitingReview}</th>
                </tr>
              </thead>
              <tbody>
                {rounds.map((r) => (
                  <tr>
                    <td>
                      <a href={`/rounds/${r.id}`}>
                        {localName({ nameVi: r.modelVi, nameEn: r.modelEn }, ctx.locale)} — <RoundKind t={t} kind={r.kind} />
                      </a>
                    </td>
                    <td>
                      <Progress t={t} received={r.received} planned={r.plannedSample} />
                    </td>
                    <td>
                      {r.awaitingReview > 0 ? <a href={`/rounds/${r.id}?status=received`}>{w.awaitingLink.replace('{n}', String(r.awaitingReview))}</a> : w.noneAwaiting}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/**
 * The unfinished surveys and the send queue of this device, which only the device knows: drawn from IndexedDB by
 * public/app/field-home.js (also offline: the home page is in the evaluator's offline kit), named from `names`.
 */
function FieldWork(props: { ctx: PageContext; names: FieldNames }) {
  const { ctx, names } = props;
  const w = messages[ctx.locale].fieldWork;
  return (
    <>
      <section class="card field-work" id="drafts-home" aria-labelledby="drafts-home-title">
        <h2 id="drafts-home-title">
          {w.drafts} (<span data-drafts-count>–</span>)
        </h2>
        <ul class="field-work-list" data-drafts></ul>
        <p data-no-drafts hidden>
          {w.noDrafts}
        </p>
      </section>
      <section class="card field-work" id="queue-home" aria-labelledby="queue-home-title">
        <h2 id="queue-home-title">{w.queue}</h2>
        <p data-queue-summary></p>
        <ul class="field-work-list" data-queue></ul>
      </section>
      <script type="application/json" id="field-work-config">
        {raw(scriptJson({ locale: ctx.locale, names, text: w }))}
      </script>
    </>
  );
}
