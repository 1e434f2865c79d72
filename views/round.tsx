import { localName, messages } from '../src/domain/i18n';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { Pager, Progress, RoundKind, RoundStatus, type RoundSummary } from './parts';

export interface RoundSubmission {
  id: string;
  receivedAt: string;
  instrumentSlug: string;
  instrumentVersion: number;
  synthetic: boolean;
  communeVi: string;
  communeEn: string;
  evaluator: string;
}

export interface RoundView extends RoundSummary {
  model: { id: string; nameVi: string; nameEn: string };
  instruments: { slug: string; version: number; title: string }[];
}

export function SubmissionTable(props: { ctx: PageContext; roundId: string; rows: RoundSubmission[]; page: number; pageCount: number }) {
  const { ctx } = props;
  const t = messages[ctx.locale];
  return (
    <div id="submissions">
      {props.rows.length === 0 ? (
        <p>{t.noSubmissions}</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>{t.receivedAt}</th>
                <th>{t.commune}</th>
                <th>{t.instrument}</th>
                <th>{t.evaluator}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((s) => (
                <tr>
                  <td>
                    <a href={`/submissions/${s.id}`}>{s.receivedAt.replace('T', ' ').slice(0, 16)}</a>
                    {s.synthetic && <span class="tag">{t.synthetic}</span>}
                  </td>
                  <td>{localName({ nameVi: s.communeVi, nameEn: s.communeEn }, ctx.locale)}</td>
                  <td>
                    {s.instrumentSlug} v{s.instrumentVersion}
                  </td>
                  <td>{s.evaluator}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager t={t} base={`/rounds/${props.roundId}`} page={props.page} pageCount={props.pageCount} target="#submissions" />
    </div>
  );
}

export function RoundPage(props: {
  ctx: PageContext;
  round: RoundView;
  received: number;
  canSubmit: boolean;
  submissions: Parameters<typeof SubmissionTable>[0] | null;
}) {
  const { ctx, round } = props;
  const t = messages[ctx.locale];
  const modelName = localName(round.model, ctx.locale);
  return (
    <Layout ctx={ctx} title={`${modelName} · ${t[round.kind]}`}>
      <Breadcrumbs items={[{ href: '/models', label: t.models }, { href: `/models/${round.model.id}`, label: modelName }, { label: t[round.kind] }]} />
      <h1>
        <RoundKind t={t} kind={round.kind} /> <RoundStatus t={t} status={round.status} />
      </h1>
      <p>
        <span class="muted">
          {round.plannedStart} – {round.plannedEnd}
        </span>{' '}
        <Progress t={t} received={props.received} planned={round.plannedSample} />
      </p>
      {props.canSubmit && round.status === 'open' && (
        <section class="card">
          <h2>{t.fillSurvey}</h2>
          <ul class="actions">
            {round.instruments.map((i) => (
              <li>
                <a class="button" href={`/rounds/${round.id}/survey/${i.slug}`}>
                  {i.title} <small>v{i.version}</small>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.submissions ? (
        <section class="card">
          <h2>{t.submissions}</h2>
          <SubmissionTable {...props.submissions} />
        </section>
      ) : (
        <p class="note">{t.aggregatesOnly}</p>
      )}
    </Layout>
  );
}
