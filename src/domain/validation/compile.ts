/** (being written) Compiles an instrument's SurveyJS JSON once into a strict validator. */
import type { Locale } from '../i18n';
import type { AnswerLimits } from './limits';
import type { ValidationResult } from './survey-core';

export interface CompiledInstrument {
  validate(raw: Record<string, unknown>, locale: Locale): ValidationResult;
}

export function compileInstrument(_json: Record<string, unknown>, _limits: AnswerLimits): CompiledInstrument | { unsupported: string[] } {
  return { unsupported: ['the compiler is being written'] };
}
