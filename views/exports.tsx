/** The download links of the round page (submissions) and the model page (indicators). */
import { exportLinks } from '../src/domain/exports';
import type { PageContext } from './layout';

export interface ExportLink {
  href: string;
  label: string;
}

/** What a page offers for download, worked out by the route from the access rules (empty: nothing shown). */
export function ExportLinks(props: { ctx: PageContext; links: ExportLink[] }) {
  if (props.links.length === 0) return null;
  const t = exportLinks[props.ctx.locale];
  return (
    <section class="card exports">
      <h2>{t.heading}</h2>
      <ul class="actions">
        {props.links.map((l) => (
          <li>
            <a class="button" href={l.href} download>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
      <p class="muted">{t.note}</p>
    </section>
  );
}
