import type { FirstLook as FirstLookData, FirstLookQuestion } from '../src/domain/first-look';

/**
 * The survey's first page as plain HTML inside #survey, in SurveyJS's own classes so the form does not jump when
 * SurveyJS replaces it (public/app/first-look.js carries the answers over). Works without any script: the
 * answers are plain inputs (not a form: Enter submits nothing). src/domain/first-look.ts decides what is drawn.
 */
export function FirstLook({ look }: { look: FirstLookData }) {
  return (
    <div class="sd-root-modern sd-root-modern--mobile first-look" data-first-look>
      <div class="sd-container-modern">
        <div class="sd-body sd-body--responsive">
          <div class="sd-page sd-body__page">
            {look.title && <div class="sd-title sd-page__title">{look.title}</div>}
            {look.questions.map((q) => (
              <div class="sd-row sd-page__row">
                <div class="sd-element--with-frame sd-element sd-question sd-row__question sd-question--title-top" data-name={q.name} data-kind={q.kind}>
                  {q.kind === 'radiogroup' ? <Choices q={q} /> : <Field q={q} />}
                </div>
              </div>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

const inputId = (name: string) => `first-look-${name}`;

function Title({ q }: { q: FirstLookQuestion }) {
  return (
    <>
      {q.number && <span class="sd-element__num">{q.number} </span>}
      <span>{q.title}</span>
      {q.required && <span class="sd-question__required-text"> *</span>}
    </>
  );
}

function Field({ q }: { q: Exclude<FirstLookQuestion, { kind: 'radiogroup' }> }) {
  const common = { id: inputId(q.name), name: q.name, 'aria-required': q.required ? 'true' : undefined };
  return (
    <>
      <div class="sd-question__header sd-element__header">
        <label class="sd-title sd-element__title sd-question__title" for={inputId(q.name)}>
          <Title q={q} />
        </label>
        {q.description && <div class="sd-description">{q.description}</div>}
      </div>
      <div class="sd-question__content">
        {q.kind === 'text' && <input class="sd-input sd-text" type={q.inputType} step={q.inputType === 'number' ? 'any' : undefined} maxlength={q.maxLength} min={q.min} max={q.max} {...common} />}
        {q.kind === 'comment' && <textarea class="sd-input sd-comment" rows={4} maxlength={q.maxLength} {...common}></textarea>}
        {q.kind === 'dropdown' && (
          <select class="sd-input sd-dropdown" {...common}>
            <option value=""></option>
            {q.choices.map((c) => (
              <option value={c.value}>{c.text}</option>
            ))}
          </select>
        )}
      </div>
    </>
  );
}

function Choices({ q }: { q: Extract<FirstLookQuestion, { kind: 'radiogroup' }> }) {
  return (
    <fieldset class="sd-question__content first-look__choices">
      <legend class="sd-title sd-element__title sd-question__title">
        <Title q={q} />
      </legend>
      {q.description && <div class="sd-description">{q.description}</div>}
      {q.choices.map((c, i) => (
        <label class="sd-item sd-radio sd-selectbase__item first-look__choice">
          <input type="radio" name={q.name} value={c.value} id={i === 0 ? inputId(q.name) : undefined} />
          <span class="sd-item__control-label">{c.text}</span>
        </label>
      ))}
    </fieldset>
  );
}
