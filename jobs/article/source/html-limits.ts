import { setImmediate as nextTurn } from 'node:timers/promises';
import { Parser } from 'htmlparser2';
import { HTML_LIMITS } from '../../../config/limits.js';
import { PermanentError } from '../../../errors/index.js';

/** Text the tokenizer reads between two checks of the depth (and two turns of the event loop). */
const CHUNK_CHARS = 64 * 1024;

/**
 * Reads HTML slice by slice without building a tree, yielding between slices; returns what makes
 * it too large or too deeply nested, or undefined. htmlparser2 streams tags, closes void elements
 * and the elements an opening tag implies closed (`<p>`, `<li>`, `<td>`…), and pops to the
 * matching element on an end tag, much as a browser does; nothing recurses, so no input can
 * exhaust the stack. Reading stops at the first excess.
 */
function* measure(html: string): Generator<void, string | undefined> {
  if (html.length > HTML_LIMITS.maxChars) {
    return `expected at most ${HTML_LIMITS.maxChars} characters of HTML (the size limit); got ${html.length}`;
  }
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentagname: () => {
      depth += 1;
      deepest = Math.max(deepest, depth);
    },
    onclosetag: () => {
      depth -= 1;
    },
  });
  for (let i = 0; i < html.length && deepest <= HTML_LIMITS.maxDepth; i += CHUNK_CHARS) {
    if (i > 0) yield;
    parser.write(html.slice(i, i + CHUNK_CHARS));
  }
  return deepest > HTML_LIMITS.maxDepth
    ? `expected elements nested at most ${HTML_LIMITS.maxDepth} deep (the nesting limit); this HTML nests deeper`
    : undefined;
}

/** What makes this HTML too large or too deeply nested to parse, or undefined. */
export function htmlLimitProblem(html: string): string | undefined {
  const reading = measure(html);
  for (;;) {
    const step = reading.next();
    if (step.done) return step.value;
  }
}

/** `htmlLimitProblem` for the HTTP server: other requests are served between two slices of a 5 MB body. */
export async function htmlLimitProblemAsync(html: string): Promise<string | undefined> {
  const reading = measure(html);
  for (;;) {
    const step = reading.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}

/** Throws the clean step's `PermanentError`, naming the limit, for HTML over the limits. */
export function assertHtmlWithinLimits(html: string): void {
  const found = htmlLimitProblem(html);
  if (found) throw new PermanentError(`The html cannot be cleaned: ${found}`, { code: 'source_html_too_complex', params: { limit: found }, step: 'clean', input: 'html' });
}
