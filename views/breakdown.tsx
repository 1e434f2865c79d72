import { localName, type Messages } from '../src/domain/i18n';
import { cscGroupName, formatCount, formatValue, unitOf } from '../src/domain/format';
import type { IndicatorDef } from '../src/domain/indicators';
import type { BreakdownBy } from '../src/workflows/breakdown';
import type { ShownSeries } from '../src/workflows/shown';

/** One indicator's categories (rows) × rounds (columns): value and n, suppressed as the reader may see it. */
export function BreakdownTable(props: {
  t: Messages;
  locale: 'vi' | 'en';
  by: BreakdownBy;
  categories: { category: string; series: ShownSeries }[] | undefined;
  communeNames: Map<string, { nameVi: string; nameEn: string }>;
  /** The indicator broken down: its unit and what its n counts. */
  def: IndicatorDef;
}) {
  const { t } = props;
  if (!props.categories) return <p class="muted">{t.breakdown.notApplicable}</p>;
  const label = (category: string) => {
    if (props.by === 'commune') {
      const commune = props.communeNames.get(category);
      return commune ? localName(commune, props.locale) : category;
    }
    if (props.by === 'sex') return category === 'female' ? t.breakdown.female : category === 'male' ? t.breakdown.male : category;
    if (props.by === 'cscGroup') return cscGroupName(category, props.locale);
    return category;
  };
  const kinds = props.categories[0]?.series.values.map((v) => v.kind) ?? [];
  return (
    <div class="scroll">
      <table class="breakdown" data-by={props.by}>
        <thead>
          <tr>
            <th>{t.breakdown[props.by]}</th>
            {kinds.map((k) => (
              <th>{t[k as 'baseline' | 'midterm' | 'final']}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.categories.map((c) => (
            <tr data-category={c.category}>
              <td>{label(c.category)}</td>
              {c.series.values.map((v) => (
                <td>
                  {v.suppressed ? (
                    <span class="muted">{t.suppressed}</span>
                  ) : v.value.value === null ? (
                    <span class="muted">—</span>
                  ) : (
                    <>
                      {formatValue(v.value.value, unitOf(props.def, props.locale), props.locale)}{' '}
                      <span class="muted" data-n={v.value.n}>
                        n = {formatCount(v.value.n, props.def.unitOfAnalysis, props.locale)}
                      </span>
                    </>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
