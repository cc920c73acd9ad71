/**
 * Limits on an HTML source (pasted or fetched), fixed here rather than in the environment: they
 * protect the worker, and no page worth rewriting comes near them.
 */
export const HTML_LIMITS = {
  /** Characters of HTML the API takes and the clean step parses. */
  maxChars: 5_000_000,
  /**
   * Element nesting, as a tolerant tokenizer counts it. Real pages stay under ~60; the DOM and
   * Readability cost grows faster than the square of the depth (500 levels: seconds, 2 000:
   * minutes) and their recursion exhausts the stack long before 400 000.
   */
  maxDepth: 512,
  /** Wall time one cleaning may take in its thread before the thread is stopped. */
  timeBudgetMs: 30_000,
  /** Heap of a cleaning thread: a page that needs more fails alone instead of the process. */
  maxHeapMb: 1_024,
} as const;
