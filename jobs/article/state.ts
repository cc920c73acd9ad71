import type { TokenUsage } from '../../clients/model/chat-client.js';
import type { CheckReport } from './checks/check-article.js';
import type { CleanSource } from './source/clean-source.js';
import type { Article } from './contract.js';
import type { PlainTextRemovals } from './plain-text.js';

/** How one model answer turned out. Only `ok` answers carry an article. */
export type AnswerOutcome = 'ok' | 'truncated' | 'invalid_json' | 'schema_violation' | 'empty';

interface ModelCallBase {
  kind: 'write' | 'revise';
  finishReason: string;
  usage: TokenUsage;
  model: string;
  promptVersion: string;
  at: string;
  /** For a repair: the index of the call whose answer was given back to the model… */
  repairOf?: number;
  /** …and the findings (findingKey) it was asked to fix. */
  asked?: string[];
}

/** A call whose answer is an article: the type, not a `!`, says the article is there. */
export interface AnsweredCall extends ModelCallBase {
  outcome: 'ok';
  article: Article;
  /** What making the answer's one-line fields plain text removed (markup, excess length). */
  removed?: PlainTextRemovals;
  /** Set once the answer is checked. */
  report?: CheckReport;
}

/** An answer checked: what the loop compares and publishes. */
export type CheckedCall = AnsweredCall & { report: CheckReport };

/** A call whose answer could not be used, and why. */
export interface UnusableCall extends ModelCallBase {
  outcome: Exclude<AnswerOutcome, 'ok'>;
  /** What was wrong with the answer. */
  problem: string;
}

/** One model call, kept in the job so that no call is ever paid for twice. */
export type ModelCall = AnsweredCall | UnusableCall;

export const isChecked = (call: ModelCall): call is CheckedCall => call.outcome === 'ok' && call.report !== undefined;

/** Something the draft goes without, for the editor: English for logs, French for the dashboard. */
export interface JobWarning {
  message: string;
  message_fr: string;
}

export interface RelatedPost {
  /** The post's id, or the category's for a category archive. */
  id: number;
  /** A category's archive page rather than a post. */
  kind?: 'category';
  title: string;
  url: string;
}

/**
 * Each step's output, saved in the BullMQ job before the next step starts: a retry or a
 * restart after a crash resumes from the first step that has no output.
 */
export interface ArticleJobState {
  clean?: CleanSource;
  calls?: ModelCall[];
  /** Published posts of the site that the article links to (searched once). */
  related?: RelatedPost[];
  /** The featured image once uploaded; `null` when there is none to use (no image, or it could not be had: see `warnings`). */
  media?: { id: number; url: string } | null;
  /** What the draft goes without, for the editor. */
  warnings?: JobWarning[];
  /** The draft, as soon as WordPress has it. */
  post?: { id: number };
}
