import type { RoundKind as RoundKindName } from '../src/domain/rounds';
import { localName, messages } from '../src/domain/i18n';
import { Layout, type PageContext } from './layout';
import { ModelTable } from './models';
import type { ModelSummary } from '../src/queries/models';
import { Progress, RoundKind, RoundStatus } from './parts';

export interface HomeRound {
  id: string;
  kind: RoundKindName;
  status: 'open' | 'closed';
  modelVi: string;
  modelEn: string;
  received: number;
  plannedSample: number;
}

export function HomePage(props: { ctx: PageContext; rounds: HomeRound[]; models: ModelSummary[] }) {
  const { ctx } = props;
  const t = messages[ctx.locale];
  const role = ctx.actor!.role;
  return (
    <Layout ctx={ctx} title={t.home}>
      <h1>
        {ctx.actor!.name} <small>· {t.roles[role]}</small>
      </h1>
      {role === 'sponsor' && <p class="note">{t.aggregatesOnly}</p>}
      {props.rounds.length > 0 && (
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
      {role !== 'evaluator' && (
        <section class="card">
          <h2>{t.yourModels}</h2>
          <ModelTable ctx={ctx} models={props.models} />
        </section>
      )}
      {role !== 'sponsor' && (
        <p>
          <a href="/imports">{t.imports.title}</a>
        </p>
      )}
    </Layout>
  );
}
