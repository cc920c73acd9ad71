/** The checks' shared vocabulary: what a check reads (the source) and what it reports (findings). */

/** The source an article is checked against: the clean text, and its language. */
export interface SourceText {
  text: string;
  /** ISO 639-1 or 639-3 code, or a locale (`fr`, `fra`, `fr_FR`). */
  language: string;
}

/** One problem found by a check. */
export interface Finding {
  /** Stable identifier, e.g. `word_count`, `invented_number`, or Yoast's assessment id. */
  id: string;
  /** English, for logs. */
  message: string;
  /** French, for editors; a check that leaves it out gets its label from labels.fr.ts. */
  message_fr?: string;
  /** French, what the model must change: goes into the repair prompt. */
  instruction: string;
}

export type CheckName = 'yoast' | 'form' | 'facts' | 'originality';

/**
 * How much a failure weighs when answers are ranked: `mission` misses what every article must
 * be (French, long enough, complete), `hard` is a fault of the text (facts, form, originality),
 * `soft` a Yoast assessment below target.
 */
export type Severity = 'mission' | 'hard' | 'soft';

export interface CheckFailure extends Finding {
  check: CheckName;
  message_fr: string;
  severity: Severity;
  /** False when no change to the model's text can fix it (the image and links Plume adds): no repair call is asked for it. */
  fixable: boolean;
}
