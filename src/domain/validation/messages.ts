/**
 * The messages of the compiled validator: survey-core's own strings (the texts the form shows, from its
 * localization) and, for the checks the form makes by construction, ours. Pure.
 */
import { surveyLocalization } from 'survey-core';
import 'survey-core/i18n/vietnamese';
import type { Locale } from '../i18n';
import type { Text } from './schema';
import type { Misfit } from './values';

/** A localizable text of the instrument in one language: `{ default, vi }` or a plain string. */
export function textIn(text: Text, locale: Locale): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  return text[locale] ?? text.default ?? Object.values(text)[0];
}

/** One of survey-core's strings in `locale`, with {0}, {1}… filled in. Example: formMessage('minError', 'en', 1). */
export function formMessage(key: string, locale: Locale, ...args: unknown[]): string {
  const text = surveyLocalization.getString(key, locale) ?? key;
  return args.reduce<string>((s, arg, i) => s.replace(`{${i}}`, String(arg)), text);
}

const ours = {
  type: { vi: 'Câu trả lời không đúng dạng.', en: 'The answer does not have the expected form.' },
  choice: { vi: 'Câu trả lời không nằm trong các lựa chọn.', en: 'The answer is not one of the choices.' },
  panels: { vi: 'Không được quá {0} mục.', en: 'No more than {0} entries.' },
  fewPanels: { vi: 'Cần ít nhất {0} mục.', en: 'At least {0} entries are needed.' },
} as const;

/** Why an answer does not fit, in `locale`; `limit` is the length or number of entries allowed. */
export function misfitMessage(misfit: Exclude<Misfit, null> | 'fewPanels', locale: Locale, limit = 0, numeric = false): string {
  if (misfit === 'length') return formMessage('textMaxLength', locale, limit);
  if (misfit === 'type' && numeric) return formMessage('numericError', locale);
  return ours[misfit][locale].replace('{0}', String(limit));
}
