import type { TokenUsage } from '../../clients/model/chat-client.js';
import type { CheckReport } from './checks/check-article.js';
import type { CleanSource } from './source/clean-source.js';
import type { Article } from './contract.js';
import type { PlainTextRemovals } from './plain-text.js';

/** How one model answer turned out. Only `ok` answers carry an article. */
export type AnswerOutcome = 'ok' | 'truncated' | 'invalid_json' | 'schema_violation' | 'empty';

/** One model call, kept in the job so that no call is ever paid for twice. */
export interface ModelCall {
  kind: 'write' | 'revise';
  outcome: AnswerOutcome;
  /** What was wrong with an answer that is not `ok`. */
  problem?: string;
  finishReason: string;
  usage: TokenUsage;
  model: string;
  promptVersion: string;
  at: string;
  article?: Article;
  /** What making the answer's one-line fields plain text removed (markup, excess length). */
  removed?: PlainTextRemovals;
  report?: CheckReport;
  /** For a repair: the index of the call whose answer was given back to the model… */
  repairOf?: number;
  /** …and the findings (findingKey) it was asked to fix. */
  asked?: string[];
}

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
