import type { FieldError } from '../src/domain/errors';
import { localName, messages } from '../src/domain/i18n';
import type { RoundKind } from '../src/domain/rounds';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { Refusal } from './parts';

export interface NewRoundProps {
  ctx: PageContext;
  model: { id: string; nameVi: string; nameEn: string };
  /** The kinds the model has no round of yet. */
  kinds: RoundKind[];
  /** Each instrument with its released versions, to pin one of them (or none). */
  instruments: { slug: string; title: string; versions: number[] }[];
  refused?: { form: Record<string, unknown>; errors: FieldError[] };
}

/** Creating a round of a model: kind, window, sample per commune and the instrument versions it pins. */
export function NewRoundPage(props: NewRoundProps) {
  const { ctx, refused } = props;
  const t = messages[ctx.locale];
  const n = t.newRound;
  const name = localName(props.model, ctx.locale);
  const typed = (field: string) => (typeof refused?.form[field] === 'string' ? (refused.form[field] as string) : '');
  const action = `/models/${props.model.id}/rounds`;
  return (
    <Layout ctx={ctx} title={`${n.title} · ${name}`}>
      <Breadcrumbs items={[{ href: '/models', label: t.models }, { href: `/models/${props.model.id}`, label: name }, { label: n.title }]} />
      <h1>{n.title}</h1>
      {refused && <Refusal title={n.notSaved} errors={refused.errors} />}
      {props.kinds.length === 0 ? (
        <p class="note">{n.allKinds}</p>
      ) : (
        <form method="post" action={action} class="card stack" novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <label>
            {n.kind}
            <select name="kind">
              {props.kinds.map((k) => (
                <option value={k} selected={typed('kind') === k}>
                  {t[k]}
                </option>
              ))}
            </select>
          </label>
          <div class="row">
            <label>
              {n.start}
              <input type="date" name="plannedStart" value={typed('plannedStart')} required />
            </label>
            <label>
              {n.end}
              <input type="date" name="plannedEnd" value={typed('plannedEnd')} required />
            </label>
          </div>
          <label>
            {n.sample}
            <input name="plannedSamplePerCommune" inputmode="numeric" value={typed('plannedSamplePerCommune') || '60'} required />
          </label>
          <fieldset>
            <legend>{n.instruments}</legend>
            {props.instruments.map((i) => (
              <label>
                {i.title}
                <select name={`version:${i.slug}`}>
                  <option value="">{n.notUsed}</option>
                  {i.versions.map((v) => (
                    <option value={String(v)} selected={typed(`version:${i.slug}`) === String(v)}>
                      v{v}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
          <label class="check">
            <input type="checkbox" name="open" value="1" checked={!refused || typed('open') === '1'} /> {n.openNow}
          </label>
          <button type="submit">{n.create}</button>
        </form>
      )}
    </Layout>
  );
}
