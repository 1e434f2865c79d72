/**
 * Validating a submission's answers against its instrument version. Pure (no I/O).
 * Each version is compiled once (./validation/compile.ts) into a validator that checks types, conditions,
 * validators and limits in microseconds, evaluating every expression with survey-core's own runners. An
 * instrument that uses something the compiler does not support is validated by survey-core itself, as the
 * form does (./validation/survey-core.ts); `unsupportedInstruments` names them at start.
 */
import type { Instrument } from './instrument';
import type { Locale } from './i18n';
import { type CompiledInstrument, compileInstrument } from './validation/compile';
import { type AnswerLimits, defaultAnswerLimits } from './validation/limits';
import { type ValidationResult, validateWithSurveyCore } from './validation/survey-core';

export type { ValidationResult } from './validation/survey-core';
export { keepInstrumentKeys } from './validation/survey-core';

// Compiled once per released version and limits, keyed by the version's hash (its content): a version read
// again from the database reuses its validator.
const compiled = new Map<string, CompiledInstrument | { unsupported: string[] }>();

function compiledFor(instrument: Instrument, limits: AnswerLimits) {
  const key = `${instrument.slug}/${instrument.version}/${instrument.hash}/${limits.maxPanels}/${limits.textMaxLength}/${limits.commentMaxLength}`;
  let entry = compiled.get(key);
  if (!entry) compiled.set(key, (entry = compileInstrument(instrument.json, limits)));
  return entry;
}

/**
 * Validates raw answers (any JSON) against one instrument version; returns the answers to store (unknown keys
 * and answers to hidden questions dropped) and the failing questions with messages in `locale`.
 */
export function validateAnswers(instrument: Instrument, raw: Record<string, unknown>, locale: Locale, limits: AnswerLimits = defaultAnswerLimits): ValidationResult {
  const validator = compiledFor(instrument, limits);
  if ('unsupported' in validator) return validateWithSurveyCore(instrument, raw, locale);
  return validator.validate(raw, locale);
}

/** What the compiler cannot take, per instrument: e.g. ["household v3: question 'x' uses 'choicesByUrl'"]. */
export function unsupportedInstruments(all: readonly Instrument[], limits: AnswerLimits = defaultAnswerLimits): string[] {
  return all.flatMap((instrument) => {
    const validator = compiledFor(instrument, limits);
    return 'unsupported' in validator ? validator.unsupported.map((why) => `${instrument.slug} v${instrument.version}: ${why}`) : [];
  });
}

/** The lines a server prints at start about instruments left to survey-core (none when all compile). */
export function validationNotice(all: readonly Instrument[], limits: AnswerLimits): string[] {
  return unsupportedInstruments(all, limits).map((why) => `Validated by survey-core, not compiled (unsupported): ${why}`);
}
