import type { RoundKind as RoundKindName } from '../src/domain/rounds';
import { localName, messages } from '../src/domain/i18n';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { RoundKind } from './parts';
import { Revisions, type RevisionsView } from './revisions';
import { ReviewSection, type ReviewSectionProps } from './review';
import { formatDateTime } from '../src/domain/format';

export interface SubmissionView {
  id: string;
  roundId: string;
  roundKind: RoundKindName;
  model: { id: string; nameVi: string; nameEn: string };
  commune: { code: string; nameVi: string; nameEn: string };
  /** Its title and version (domain/format.ts instrumentName), never the slug. */
  instrument: string;
  evaluator: string;
  receivedAt: string;
  contentHash: string;
  synthetic: boolean;
  answers: { name: string; title: string; display: string }[];
  /** Some personal answers are shown as ••• (the reader is neither its evaluator nor a manager of the model). */
  personalMasked: boolean;
  /** The history of corrections (views/revisions.tsx). */
  revisions?: RevisionsView;
}

export function SubmissionPage(props: { ctx: PageContext; submission: SubmissionView; /** State, review controls and history (views/review.tsx). */ review?: ReviewSectionProps }) {
  const { ctx, submission: s } = props;
  const t = messages[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.submission}>
      <Breadcrumbs
        items={[
          { href: `/models/${s.model.id}`, label: localName(s.model, ctx.locale) },
          { href: `/rounds/${s.roundId}`, label: t[s.roundKind] },
          { label: s.id.slice(0, 8) },
        ]}
      />
      <h1>
        {t.submission} <code>{s.id.slice(0, 8)}</code> {s.synthetic && <span class="tag">{t.synthetic}</span>}
      </h1>
      <dl class="facts">
        <dt>{t.round}</dt>
        <dd>
          <RoundKind t={t} kind={s.roundKind} />
        </dd>
        <dt>{t.commune}</dt>
        <dd>
          {localName(s.commune, ctx.locale)} <code>{s.commune.code}</code>
        </dd>
        <dt>{t.instrument}</dt>
        <dd>{s.instrument}</dd>
        <dt>{t.evaluator}</dt>
        <dd>{s.evaluator}</dd>
        <dt>{t.receivedAt}</dt>
        <dd>
          <time datetime={s.receivedAt}>{formatDateTime(s.receivedAt, ctx.locale)}</time>
        </dd>
        <dt>{t.contentHash}</dt>
        <dd>
          <code class="hash">{s.contentHash}</code>
        </dd>
      </dl>
      {props.review && <ReviewSection {...props.review} />}
      <section class="card">
        <h2>{t.answers}</h2>
        {s.personalMasked && <p class="note" data-personal="masked">{t.personalMasked}</p>}
        <dl class="answers">
          {s.answers.map((a) => (
            <>
              <dt>{a.title}</dt>
              <dd data-question={a.name}>{a.display}</dd>
            </>
          ))}
        </dl>
      </section>
      {s.revisions && <Revisions ctx={ctx} {...s.revisions} />}
    </Layout>
  );
}
