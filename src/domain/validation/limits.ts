/**
 * Limits the form implies, enforced even where an instrument is silent (settings with these defaults, see
 * README "Validation"). Example: a paneldynamic without `maxPanelCount` takes at most `maxPanels` entries.
 */
export interface AnswerLimits {
  /** Entries of a dynamic panel when the instrument sets no `maxPanelCount`. */
  maxPanels: number;
  /** Characters of a text answer when the instrument sets no `maxLength`. */
  textMaxLength: number;
  /** Characters of a comment answer when the instrument sets no `maxLength`. */
  commentMaxLength: number;
}

export const defaultAnswerLimits: AnswerLimits = { maxPanels: 30, textMaxLength: 1000, commentMaxLength: 5000 };
