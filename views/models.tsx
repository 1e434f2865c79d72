import { localName, messages } from '../src/domain/i18n';
import type { ModelSummary } from '../src/queries/models';
import { Layout, type PageContext } from './layout';

export interface ModelFilter {
  province?: string;
  type?: string;
}

export interface FilterOptions {
  provinces: { code: string; nameVi: string; nameEn: string }[];
  types: { id: string; nameVi: string; nameEn: string }[];
}

export function ModelTable(props: { ctx: PageContext; models: ModelSummary[] }) {
  const { locale } = props.ctx;
  const t = messages[locale];
  if (props.models.length === 0) return <p id="model-list">{t.noModels}</p>;
  return (
    <div id="model-list" class="scroll">
      <table>
        <thead>
          <tr>
            <th>{t.model}</th>
            <th>{t.type}</th>
            <th>{t.province}</th>
            <th>{t.period}</th>
          </tr>
        </thead>
        <tbody>
          {props.models.map((m) => (
            <tr>
              <td>
                <a href={`/models/${m.id}`}>{localName(m, locale)}</a>
              </td>
              <td>{localName({ nameVi: m.typeVi, nameEn: m.typeEn }, locale)}</td>
              <td>{localName({ nameVi: m.provinceVi, nameEn: m.provinceEn }, locale)}</td>
              <td>
                {m.periodStart.slice(0, 4)}–{m.periodEnd.slice(0, 4)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Filters re-render only the list through htmx; without JavaScript the form submits normally. */
export function ModelsPage(props: { ctx: PageContext; models: ModelSummary[]; filter: ModelFilter; options: FilterOptions; canCreateModel?: boolean }) {
  const { ctx, filter, options } = props;
  const t = messages[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.models}>
      <h1>{t.models}</h1>
      {props.canCreateModel && (
        <p>
          <a class="button" href="/models/new">
            {t.modelEntry.newLink}
          </a>
        </p>
      )}
      <form class="filters" method="get" action="/models" hx-get="/models" hx-target="#model-list" hx-select="#model-list" hx-swap="outerHTML" hx-trigger="change" hx-push-url="true">
        <ModelFilterFields ctx={ctx} filter={filter} options={options} />
        <noscript>
          <button type="submit">{t.filter}</button>
        </noscript>
      </form>
      <ModelTable ctx={ctx} models={props.models} />
    </Layout>
  );
}

/** The province and model-type selects, shared by the models list and the programme overview. */
export function ModelFilterFields(props: { ctx: PageContext; filter: ModelFilter; options: FilterOptions }) {
  const { ctx, filter, options } = props;
  const t = messages[ctx.locale];
  return (
    <>
      <label>
        {t.province}
        <select name="province">
          <option value="">{t.allProvinces}</option>
          {options.provinces.map((p) => (
            <option value={p.code} selected={filter.province === p.code}>
              {localName(p, ctx.locale)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.type}
        <select name="type">
          <option value="">{t.allTypes}</option>
          {options.types.map((ty) => (
            <option value={ty.id} selected={filter.type === ty.id}>
              {localName(ty, ctx.locale)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
