import type { FieldError } from '../src/domain/errors';
import { messages } from '../src/domain/i18n';
import type { InstrumentDiff } from '../src/domain/instrument-release';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { Refusal } from './parts';
import { formatDateTime } from '../src/domain/format';

export interface InstrumentVersionRow {
  slug: string;
  version: number;
  title: string;
  hash: string;
  releasedAt: string;
  releasedBy: string | null;
  pinnedBy: string[];
}

export interface InstrumentsProps {
  ctx: PageContext;
  versions: InstrumentVersionRow[];
  /** Uploads waiting to be released (shown to those who may release them). */
  drafts: { id: string; slug: string; version: number; createdAt: string }[];
  /** Whether the reader may upload and release (admins). */
  canUpload: boolean;
  /** Just released, e.g. "household v3". */
  releasedNotice?: string;
  refused?: { form: Record<string, unknown>; errors: FieldError[] };
}

/** The instruments with their released versions and the rounds that pin them; for admins, the upload form. */
export function InstrumentsPage(props: InstrumentsProps) {
  const { ctx, refused } = props;
  const t = messages[ctx.locale].instrumentsPage;
  const when = (iso: string) => formatDateTime(iso, ctx.locale);
  const slugs = [...new Set(props.versions.map((v) => v.slug))];
  const typed = (name: string) => (typeof refused?.form[name] === 'string' ? (refused.form[name] as string) : '');
  return (
    <Layout ctx={ctx} title={t.title}>
      <h1>{t.title}</h1>
      {props.releasedNotice && (
        <p class="saved" role="status">
          {t.releasedNotice.replace('{name}', props.releasedNotice)}
        </p>
      )}
      {slugs.map((slug) => {
        const versions = props.versions.filter((v) => v.slug === slug);
        return (
          <section class="card" id={`instrument-${slug}`}>
            <h2>
              {versions[versions.length - 1].title} <small class="muted">{slug}</small>
            </h2>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>{t.version}</th>
                    <th>{t.released}</th>
                    <th>{t.pinnedBy}</th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
                    <tr data-version={`${v.slug}-v${v.version}`}>
                      <td>
                        <a href={`/instruments/${v.slug}/v${v.version}.json`}>v{v.version}</a> <code class="muted" title={v.hash}>{v.hash.slice(0, 8)}</code>
                      </td>
                      <td>
                        {when(v.releasedAt)} · {v.releasedBy ?? t.firstVersions}
                      </td>
                      <td>
                        {v.pinnedBy.length === 0 ? (
                          t.none
                        ) : (
                          <details>
                            <summary>{v.pinnedBy.length}</summary>
                            {v.pinnedBy.map((id, i) => (
                              <>
                                {i > 0 && ', '}
                                <a href={`/rounds/${id}`}>{id}</a>
                              </>
                            ))}
                          </details>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
      {props.drafts.length > 0 && (
        <section class="card" id="drafts">
          <h2>{t.draftsWaiting}</h2>
          <ul>
            {props.drafts.map((d) => (
              <li>
                <a href={`/instruments/drafts/${d.id}`}>
                  {d.slug} v{d.version}
                </a>{' '}
                <span class="muted">{when(d.createdAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.canUpload && (
        <section id="upload">
          {refused && <Refusal title={t.notSaved} errors={refused.errors} />}
          <form method="post" action="/instruments" enctype="multipart/form-data" class="card stack" novalidate>
            <h2>{t.upload}</h2>
            <p class="note">{t.uploadHelp}</p>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <div class="row">
              <label>
                {t.slug}
                <input name="slug" value={typed('slug')} required autocomplete="off" pattern="[a-z][a-z0-9\-]{1,39}" />
              </label>
              <label>
                {t.version}
                <input name="version" inputmode="numeric" value={typed('version')} required />
              </label>
            </div>
            <label>
              {t.file}
              <input type="file" name="file" accept="application/json,.json" />
            </label>
            <label>
              {t.pasted}
              <textarea name="json" rows={6} spellcheck={false}>
                {typed('json')}
              </textarea>
            </label>
            <label>
              {t.renamed}
              <textarea name="renamed" rows={2} spellcheck={false} placeholder='{ "hotline_111": "knows_111" }'>
                {typed('renamed')}
              </textarea>
            </label>
            <button type="submit">{t.check}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

export interface DraftProps {
  ctx: PageContext;
  draft: { id: string; slug: string; version: number; hash: string; title: string };
  /** The version it follows, or null for a new instrument. */
  previous: number | null;
  problems: FieldError[];
  fallback: string[];
  diff: InstrumentDiff;
  /** The questions it marks personal, e.g. ['hamlet', 'children[].name']. */
  personal: string[];
  refused?: FieldError[];
}

/** An upload before release: its checks, the differences from the previous version, a preview and the Release button. */
export function DraftPage(props: DraftProps) {
  const { ctx, draft } = props;
  const t = messages[ctx.locale].instrumentsPage;
  const name = `${draft.slug} v${draft.version}`;
  return (
    <Layout ctx={ctx} title={`${t.draftTitle} · ${name}`}>
      <Breadcrumbs items={[{ href: '/instruments', label: t.title }, { label: name }]} />
      <h1>
        {draft.title} <small>v{draft.version}</small>
      </h1>
      <p class="muted">
        {t.draftTitle} · <code title={draft.hash}>{draft.hash.slice(0, 12)}</code>
      </p>
      {props.refused && <Refusal title={t.notReleased} errors={props.refused} />}
      <section class="card" id="checks">
        <h2>{t.checks}</h2>
        {props.problems.length > 0 ? (
          <Refusal title={t.notReleased} errors={props.problems} />
        ) : (
          <p data-checks="passed">✓ {t.checksPassed}</p>
        )}
        {props.fallback.length > 0 && (
          <>
            <p class="note">{t.fallback}</p>
            <ul>
              {props.fallback.map((f) => (
                <li>{f}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section class="card" id="diff">
        <h2>
          {t.diff} {props.previous !== null && <small class="muted">v{props.previous} → v{draft.version}</small>}
        </h2>
        <DiffList ctx={ctx} diff={props.diff} first={props.previous === null} />
      </section>
      <section class="card" id="personal">
        <h2>{t.personal}</h2>
        {props.personal.length > 0 ? (
          <>
            <ul>
              {props.personal.map((name) => (
                <li>
                  <code data-personal={name}>{name}</code>
                </li>
              ))}
            </ul>
            <p class="note">{t.personalNote}</p>
          </>
        ) : (
          <p>{t.personalNone}</p>
        )}
      </section>
      <p class="actions">
        <a class="button" href={`/instruments/drafts/${draft.id}/preview`} target="_blank" rel="noopener">
          {t.preview}
        </a>
      </p>
      {props.problems.length === 0 && (
        <form method="post" action={`/instruments/drafts/${draft.id}/release`} class="card stack">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <p class="note">{t.releaseNote}</p>
          <button type="submit">
            {t.release} {name}
          </button>
        </form>
      )}
    </Layout>
  );
}

function DiffList(props: { ctx: PageContext; diff: InstrumentDiff; first: boolean }) {
  const t = messages[props.ctx.locale].instrumentsPage;
  const { diff } = props;
  if (props.first) return <p>{t.diffFirst}</p>;
  const items: [string, string, string[]][] = [
    ['added', t.added, diff.added],
    ['removed', t.removed, diff.removed],
    ['renamed', t.renamedQ, diff.renamed.map((r) => `${r.from} → ${r.to}`)],
    ['type', t.typeChanged, diff.typeChanged.map((c) => `${c.name}: ${c.from} → ${c.to}`)],
    ['required', t.requiredChanged, diff.requiredChanged.map((c) => `${c.name}: ${c.from ? t.yes : t.no} → ${c.to ? t.yes : t.no}`)],
    ['personal', t.personalChanged, diff.personalChanged.map((c) => `${c.name}: ${c.from ? t.personalYes : t.personalNo} → ${c.to ? t.personalYes : t.personalNo}`)],
    [
      'choices',
      t.choicesChanged,
      diff.choicesChanged.map((c) =>
        [
          c.name,
          c.added.length > 0 ? `${t.choicesAdded} ${c.added.join(', ')}` : '',
          c.removed.length > 0 ? `${t.choicesRemoved} ${c.removed.join(', ')}` : '',
          ...c.retitled.map((r) => `${t.choicesRetitled} ${r.value}: “${r.from}” → “${r.to}”`),
        ]
          .filter(Boolean)
          .join('; '),
      ),
    ],
  ];
  const shown = items.filter(([, , list]) => list.length > 0);
  if (shown.length === 0) return <p>{t.diffNone}</p>;
  return (
    <dl class="diff">
      {shown.map(([key, label, list]) => (
        <>
          <dt>{label}</dt>
          <dd data-diff={key}>
            <ul>
              {list.map((line) => (
                <li>
                  <code>{line}</code>
                </li>
              ))}
            </ul>
          </dd>
        </>
      ))}
    </dl>
  );
}

/** A draft in the real survey renderer (public/app/instrument-preview.js): nothing is saved or sent. */
export function PreviewPage(props: { ctx: PageContext; draft: { id: string; slug: string; version: number; title: string } }) {
  const { ctx, draft } = props;
  const t = messages[ctx.locale].instrumentsPage;
  const head = (
    <>
      <link rel="stylesheet" href="/vendor/survey-core.min.css" />
      <script src="/vendor/survey.core.min.js" defer></script>
      <script src="/vendor/survey.vietnamese.min.js" defer></script>
      <script src="/vendor/survey-js-ui.min.js" defer></script>
      <script type="module" src="/app/instrument-preview.js"></script>
    </>
  );
  return (
    <Layout ctx={ctx} title={`${t.preview} · ${draft.slug} v${draft.version}`} head={head} htmx={false}>
      <Breadcrumbs items={[{ href: '/instruments', label: t.title }, { href: `/instruments/drafts/${draft.id}`, label: `${draft.slug} v${draft.version}` }, { label: t.preview }]} />
      <h1>
        {draft.title} <small>v{draft.version}</small>
      </h1>
      <p class="note">{t.previewNote}</p>
      <p id="preview-status" class="status-line" role="status" aria-live="polite"></p>
      <div id="survey" data-json-url={`/instruments/drafts/${draft.id}/json`} data-locale={ctx.locale} data-done={t.previewDone}></div>
    </Layout>
  );
}
