/**
 * Creating and editing a model: names, type, programme, period, sponsor, and the communes it runs in, picked
 * with a live search (htmx). Without JavaScript the same buttons post the whole form, which comes back with
 * the commune added or removed or the search's results, nothing saved until the last button.
 */
import type { FieldError } from '../src/domain/errors';
import { localName, type Messages, messages } from '../src/domain/i18n';
import type { ModelChoices } from '../src/queries/model-entry';
import type { PlaceWithContext } from '../src/queries/places';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { Refusal } from './parts';

/** The form's fields as typed (all strings) and the chosen units' codes. */
export interface ModelFormValues {
  id: string;
  nameVi: string;
  nameEn: string;
  type: string;
  programme: string;
  periodStart: string;
  periodEnd: string;
  sponsor: string;
  communes: string[];
  /** Those of the communes marked as comparison ones (not treated). */
  comparison: string[];
}

export interface ModelEntryProps {
  ctx: PageContext;
  /** A new model, or the stored one being edited (its id and names as stored). */
  editing: { id: string; nameVi: string; nameEn: string } | null;
  choices: ModelChoices;
  values: ModelFormValues;
  /** The chosen units with their district and province (a code not found comes back as the code alone). */
  chosen: (PlaceWithContext | { code: string })[];
  query: string;
  /** The search's results, when a search was made. */
  results: PlaceWithContext[] | null;
  /** Which parts the reader may change (src/domain/access.ts modelPartsEditable). */
  editable: { type: boolean; programme: boolean; sponsor: boolean };
  refused?: FieldError[];
}

/** Where the form posts: the create or the edit URL. */
export const modelFormAction = (editing: { id: string } | null) => (editing ? `/models/${editing.id}/edit` : '/models/new');

/** "Ba Vì, Hà Nội" for a unit's district and province. */
function whereIs(p: PlaceWithContext, locale: 'vi' | 'en') {
  return [p.district, p.province]
    .filter((u) => u !== null)
    .map((u) => localName(u!, locale))
    .join(', ');
}

/** One unit as a line: name, level, where, code, validity and, for a unit ended by the reorganisation, what it became. */
function PlaceLine(props: { t: Messages; locale: 'vi' | 'en'; place: PlaceWithContext }) {
  const { t, place: p } = props;
  const m = t.modelEntry;
  return (
    <span class="place-line">
      <strong>{localName(p, props.locale)}</strong> <span class="muted">({p.level === 'district' ? m.district : m.commune}{whereIs(p, props.locale) && `, ${whereIs(p, props.locale)}`})</span> <code>{p.code}</code>{' '}
      <small class="muted">
        {m.validity} {p.validFrom} – {p.validTo ?? '…'}
        {p.successors.length > 0 && `; ${m.successor} ${p.successors.map((s) => `${localName(s, props.locale)} (${s.code}, ${s.effective})`).join(', ')}`}
      </small>
    </span>
  );
}

/** The buttons that change the picker swap only the picker through htmx; without it they post the form. */
const pickerButton = (action: string) => ({ 'hx-post': action, 'hx-target': '#places', 'hx-select': '#places', 'hx-swap': 'outerHTML' });

/** The search's results, each with an Add button (swapped in by the live search). */
export function PlaceResults(props: { ctx: PageContext; action: string | null; results: PlaceWithContext[] | null; chosen: readonly string[] }) {
  const { locale } = props.ctx;
  const t = messages[locale];
  if (props.results === null) return <div id="place-results" aria-live="polite" />;
  return (
    <div id="place-results" aria-live="polite">
      {props.results.length === 0 ? (
        <p class="note">{t.modelEntry.noMatch}</p>
      ) : (
        <ul class="actions">
          {props.results.map((p) => (
            <li data-code={p.code}>
              <PlaceLine t={t} locale={locale} place={p} />{' '}
              {!props.chosen.includes(p.code) && (
                <button type="submit" name="add" value={p.code} {...(props.action ? pickerButton(props.action) : {})}>
                  {t.modelEntry.add}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The places fieldset: the search, then the chosen units (hidden inputs, each with a Remove button). Enter in
 * any field presses the form's first button, so the search's button comes first: it saves nothing.
 */
function PlacePicker(props: ModelEntryProps & { action: string }) {
  const { ctx, action } = props;
  const t = messages[ctx.locale];
  const m = t.modelEntry;
  const searchUrl = `/places/search?for=${encodeURIComponent(action)}`;
  return (
    <fieldset id="places" class="card">
      <legend>{m.places}</legend>
      <label>
        {m.search}
        <input
          type="search"
          name="q"
          value={props.query}
          autocomplete="off"
          hx-get={searchUrl}
          hx-trigger="input changed delay:300ms, search"
          hx-target="#place-results"
          hx-swap="outerHTML"
          hx-include="#model-form [name='periodStart'], #model-form [name='periodEnd'], #model-form [name='communes']"
        />
      </label>
      <button type="submit" name="find" value="1" class="secondary" {...pickerButton(action)}>
        {m.searchButton}
      </button>
      <PlaceResults ctx={ctx} action={action} results={props.results} chosen={props.values.communes} />
      <p>{m.chosen}:</p>
      <p class="note">{m.comparisonNote}</p>
      {props.chosen.length === 0 ? (
        <p class="note">{m.noneChosen}</p>
      ) : (
        <ul class="actions" id="chosen">
          {props.chosen.map((p) => (
            <li data-code={p.code}>
              <input type="hidden" name="communes" value={p.code} />
              {'level' in p ? <PlaceLine t={t} locale={ctx.locale} place={p} /> : <code>{p.code}</code>}{' '}
              {p.code.length === 5 ? (
                <label>
                  <input type="checkbox" name="comparison" value={p.code} checked={props.values.comparison.includes(p.code)} /> {m.comparison}
                </label>
              ) : null}{' '}
              <button type="submit" name="remove" value={p.code} class="secondary" {...pickerButton(action)}>
                {m.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

export function ModelEntryPage(props: ModelEntryProps) {
  const { ctx, values, choices, editable, editing } = props;
  const t = messages[ctx.locale];
  const m = t.modelEntry;
  const title = editing ? m.editTitle : m.newTitle;
  const action = modelFormAction(editing);
  const stored = (list: { id: string; nameVi: string; nameEn: string }[], id: string) => list.find((x) => x.id === id);
  const crumbs = editing
    ? [{ href: '/models', label: t.models }, { href: `/models/${editing.id}`, label: localName(editing, ctx.locale) }, { label: title }]
    : [{ href: '/models', label: t.models }, { label: title }];
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs items={crumbs} />
      <h1>{title}</h1>
      {props.refused && <Refusal title={m.notSaved} errors={props.refused} />}
      <form method="post" action={action} id="model-form" class="card stack" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {!editing && (
          <label>
            {m.id}
            <input name="id" value={values.id} pattern="[a-z0-9]+(-[a-z0-9]+)*" maxlength={60} autocomplete="off" />
          </label>
        )}
        <label>
          {m.nameVi}
          <input name="nameVi" value={values.nameVi} maxlength={200} required />
        </label>
        <label>
          {m.nameEn}
          <input name="nameEn" value={values.nameEn} maxlength={200} required />
        </label>
        {editable.type ? (
          <label>
            {m.type}
            <select name="type">
              <option value="" />
              {choices.types.map((ty) => (
                <option value={ty.id} selected={values.type === ty.id}>
                  {localName(ty, ctx.locale)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {editable.programme ? (
          <label>
            {m.programme}
            <select name="programme">
              <option value="" />
              {choices.programmes.map((p) => (
                <option value={p.id} selected={values.programme === p.id}>
                  {localName(p, ctx.locale)} ({p.periodStart.slice(0, 4)}–{p.periodEnd.slice(0, 4)})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div class="row">
          <label>
            {m.start}
            <input type="date" name="periodStart" value={values.periodStart} required />
          </label>
          <label>
            {m.end}
            <input type="date" name="periodEnd" value={values.periodEnd} required />
          </label>
        </div>
        {editable.sponsor ? (
          <label>
            {m.sponsor}
            <select name="sponsor">
              <option value="">{m.noSponsor}</option>
              {choices.sponsors.map((s) => (
                <option value={s.id} selected={values.sponsor === s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {editing && !(editable.type && editable.programme && editable.sponsor) && (
          <dl class="facts">
            <dt>{m.type}</dt>
            <dd>{localName(stored(choices.types, values.type) ?? { nameVi: values.type, nameEn: values.type }, ctx.locale)}</dd>
            <dt>{m.programme}</dt>
            <dd>{localName(stored(choices.programmes, values.programme) ?? { nameVi: values.programme, nameEn: values.programme }, ctx.locale)}</dd>
            <dt>{m.sponsor}</dt>
            <dd>{choices.sponsors.find((s) => s.id === values.sponsor)?.name ?? m.noSponsor}</dd>
            <dd class="note">{m.adminOnly}</dd>
          </dl>
        )}
        <PlacePicker {...props} action={action} />
        <button type="submit" name="save" value="1">
          {editing ? m.save : m.create}
        </button>
      </form>
    </Layout>
  );
}
