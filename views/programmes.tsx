import type { FieldError } from '../src/domain/errors';
import { localName, messages } from '../src/domain/i18n';
import type { OrganisationKind } from '../src/domain/programmes';
import type { ProgrammeView } from '../src/workflows/programmes';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { Refusal } from './parts';

/** A province code and the units that carried it (e.g. 15: Yên Bái until 2025-06-30, Lào Cai since 2025-07-01). */
export interface ProvinceChoice {
  code: string;
  units: { nameVi: string; nameEn: string; validFrom: string; validTo: string | null }[];
}

export interface ProgrammesPageProps {
  ctx: PageContext;
  programmes: ProgrammeView[];
  /** Whether the reader creates and edits programmes and organisations (admins). */
  canSetUp: boolean;
  /** Whether each programme links to its yearly report (src/domain/access.ts canSeeYearlyReports). */
  canSeeReports?: boolean;
}

/** The programmes the reader sees, with links to create and edit them for admins. */
export function ProgrammesPage(props: ProgrammesPageProps) {
  const { ctx } = props;
  const t = messages[ctx.locale].programmes;
  return (
    <Layout ctx={ctx} title={t.title}>
      <h1>{t.title}</h1>
      {props.canSetUp && (
        <p class="filters">
          <a class="button" href="/programmes/new">
            {t.create}
          </a>
          <a href="/organisations">{t.manageOrganisations}</a>
        </p>
      )}
      {props.programmes.length === 0 ? (
        <p class="note">{t.none}</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>{messages[ctx.locale].programmes.nav}</th>
                <th>{t.province}</th>
                <th>{messages[ctx.locale].period}</th>
                {props.canSetUp && <th></th>}
              </tr>
            </thead>
            <tbody>
              {props.programmes.map((p) => (
                <tr data-programme={p.id}>
                  <td>
                    {localName(p, ctx.locale)}
                    <br />
                    <span class="muted">{p.id}</span>
                    {props.canSeeReports && (
                      <>
                        {' · '}
                        <a href={`/programmes/${p.id}/report`} data-yearly-report>
                          {messages[ctx.locale].yearlyReport.link}
                        </a>
                      </>
                    )}
                  </td>
                  <td>
                    {p.province.code} · {localName(p.province, ctx.locale)}
                  </td>
                  <td>
                    {p.periodStart} – {p.periodEnd}
                  </td>
                  {props.canSetUp && (
                    <td>
                      <a href={`/programmes/${p.id}/edit`}>{t.edit}</a>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface ProgrammeFormProps {
  ctx: PageContext;
  /** The programme being edited; none for a new one. */
  programme?: ProgrammeView;
  provinces: ProvinceChoice[];
  refused?: { form: Record<string, unknown>; errors: FieldError[] };
}

/** A new programme (/programmes/new) or a change to one (/programmes/:id/edit); the province is chosen once. */
export function ProgrammeFormPage(props: ProgrammeFormProps) {
  const { ctx, programme, refused } = props;
  const t = messages[ctx.locale].programmes;
  const title = programme ? t.edit : t.create;
  const value = (field: 'id' | 'nameVi' | 'nameEn' | 'periodStart' | 'periodEnd' | 'source') => {
    if (refused) return typeof refused.form[field] === 'string' ? (refused.form[field] as string) : '';
    return programme ? String(programme[field as keyof ProgrammeView] ?? '') : '';
  };
  const chosen = refused ? String(refused.form.province ?? '') : '';
  const unitLabel = (u: ProvinceChoice['units'][number]) => `${localName(u, ctx.locale)} (${u.validTo ? `${t.until} ${u.validTo}` : `${t.since} ${u.validFrom}`})`;
  return (
    <Layout ctx={ctx} title={programme ? `${title} · ${localName(programme, ctx.locale)}` : title}>
      <Breadcrumbs items={[{ href: '/programmes', label: t.title }, { label: programme ? localName(programme, ctx.locale) : title }]} />
      <h1>{title}</h1>
      {refused && <Refusal title={t.notSaved} errors={refused.errors} />}
      <form method="post" action={programme ? `/programmes/${programme.id}` : '/programmes'} class="card stack" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {!programme && (
          <label>
            {t.id}
            <input name="id" value={value('id')} autocomplete="off" pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          </label>
        )}
        <label>
          {t.nameVi}
          <input name="nameVi" value={value('nameVi')} required maxlength={200} />
        </label>
        <label>
          {t.nameEn}
          <input name="nameEn" value={value('nameEn')} required maxlength={200} />
        </label>
        {programme ? (
          <p>
            <b>{t.province}:</b> {programme.province.code} · {localName(programme.province, ctx.locale)} <span class="muted">({t.provinceFixed})</span>
          </p>
        ) : (
          <label>
            {t.province}
            <select name="province" required>
              <option value="">{t.chooseProvince}</option>
              {props.provinces.map((p) => (
                <option value={p.code} selected={chosen === p.code}>
                  {p.code} · {p.units.map(unitLabel).join(' / ')}
                </option>
              ))}
            </select>
          </label>
        )}
        <div class="row">
          <label>
            {t.start}
            <input type="date" name="periodStart" value={value('periodStart')} required />
          </label>
          <label>
            {t.end}
            <input type="date" name="periodEnd" value={value('periodEnd')} required />
          </label>
        </div>
        <label>
          {t.source}
          <input name="source" value={value('source')} maxlength={500} />
        </label>
        <button type="submit">{t.save}</button>
      </form>
    </Layout>
  );
}

export interface OrganisationsPageProps {
  ctx: PageContext;
  organisations: { id: string; name: string; kind: OrganisationKind }[];
  canSetUp: boolean;
  refused?: { form: Record<string, unknown>; errors: FieldError[] };
}

/** Sponsors and government bodies: the list, and for admins the form to add one. */
export function OrganisationsPage(props: OrganisationsPageProps) {
  const { ctx, refused } = props;
  const t = messages[ctx.locale].programmes;
  const typed = (name: string) => (typeof refused?.form[name] === 'string' ? (refused.form[name] as string) : '');
  return (
    <Layout ctx={ctx} title={t.organisations}>
      <Breadcrumbs items={[{ href: '/programmes', label: t.title }, { label: t.organisations }]} />
      <h1>{t.organisations}</h1>
      {refused && <Refusal title={t.notSaved} errors={refused.errors} />}
      {props.organisations.length === 0 ? (
        <p class="note">{t.noOrganisations}</p>
      ) : (
        <ul class="actions">
          {props.organisations.map((o) => (
            <li data-organisation={o.id}>
              {o.name} <span class="muted">· {t[o.kind]} · {o.id}</span>
            </li>
          ))}
        </ul>
      )}
      {props.canSetUp && (
        <form method="post" action="/organisations" class="card stack" novalidate>
          <h2>{t.addOrganisation}</h2>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <label>
            {t.orgName}
            <input name="name" value={typed('name')} required maxlength={200} />
          </label>
          <label>
            {t.orgKind}
            <select name="kind">
              <option value="sponsor">{t.sponsor}</option>
              <option value="government" selected={typed('kind') === 'government'}>
                {t.government}
              </option>
            </select>
          </label>
          <button type="submit">{t.addOrganisation}</button>
        </form>
      )}
    </Layout>
  );
}
