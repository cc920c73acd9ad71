import { readFileSync } from 'node:fs';
import type { ChatMessage } from '../../clients/model/chat-client.js';
import type { Article } from './contract.js';
import { plainText, singleLine } from './plain-text.js';

/** The prompt file is plain Markdown so editors can read and change it; it ships next to this module. */
const PROMPT_FILE = new URL('./prompt.fr.md', import.meta.url);

interface PromptTemplates {
  version: string;
  system: string;
  write: string;
  revise: string;
}

function parsePromptFile(text: string): PromptTemplates {
  const version = /Version\s*:\s*(\S+)/.exec(text)?.[1];
  const body = text.replace(/<!--[\s\S]*?-->/, '');
  const sections = new Map<string, string>();
  for (const part of body.split(/^## /m).slice(1)) {
    const newline = part.indexOf('\n');
    sections.set(part.slice(0, newline).trim(), part.slice(newline + 1).trim());
  }
  const get = (name: string): string => {
    const section = sections.get(name);
    if (!section) throw new Error(`prompt file ${PROMPT_FILE.pathname}: missing section "## ${name}"`);
    return section;
  };
  if (!version) throw new Error(`prompt file ${PROMPT_FILE.pathname}: missing "Version :" line`);
  return { version, system: get('système'), write: get('rédaction'), revise: get('révision') };
}

const templates = parsePromptFile(readFileSync(PROMPT_FILE, 'utf8'));

export const PROMPT_VERSION = templates.version;

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt: no value for {{${name}}}`);
    return value;
  });

const LANGUAGE_NAMES: Record<string, string> = {
  fr: 'français', en: 'anglais', es: 'espagnol', de: 'allemand', it: 'italien', pt: 'portugais', nl: 'néerlandais',
  ar: 'arabe', ru: 'russe', zh: 'chinois', ja: 'japonais', pl: 'polonais', tr: 'turc', uk: 'ukrainien',
};

export interface PromptSource {
  text: string;
  language: string;
  title?: string | undefined;
  focusKeyword?: string | undefined;
}

/**
 * Whatever a reader could take for the `<` opening a tag: the ASCII sign, its fullwidth and
 * small forms, its HTML entities (named or numeric, with or without `;`, encoded again as
 * `&amp;lt;`), and angle brackets that open a tag-like word (`〈/source〉`).
 */
const TAG_OPENER =
  /[<\uFF1C\uFE64]|&(?:amp;)*(?:lt;?|#0*60(?![0-9]);?|#x0*3c(?![0-9a-f]);?)|[\u2329\u3008\u27E8\u276C\u276E\u29FC](?=\s*[/\uFF0F\u2044\u2215]?\s*[a-z\uFF21-\uFF3A\uFF41-\uFF5A])/giu;

/**
 * Data put between delimiters can never contain a tag, so it can never close its delimiter,
 * however it is nested, spaced or encoded: every opener becomes a lookalike single guillemet.
 */
export const fence = (text: string): string => text.replace(TAG_OPENER, '‹');

/** A one-line value from the editor or the model, stated in the prompt outside the delimiters. */
const inline = (text: string): string => fence(plainText(text));

function common(source: PromptSource): Record<string, string> {
  // The title comes from the page or the editor: it is source material too, so it stays inside the delimiters.
  const title = source.title ? `Titre : ${singleLine(source.title)}\n\n` : '';
  return {
    source: fence(`${title}${source.text}`),
    source_language: inline(LANGUAGE_NAMES[source.language] ?? source.language),
    keyword_rule: source.focusKeyword
      ? ` La rédaction impose l’expression clé « ${inline(source.focusKeyword)} » : utilise-la telle quelle.`
      : '',
  };
}

function systemMessage(source: PromptSource): ChatMessage {
  return { role: 'system', content: fill(templates.system, common(source)) };
}

/** First call: rules in the system message, the source alone (as data) in the user message. */
export function writeMessages(source: PromptSource): ChatMessage[] {
  const values = {
    ...common(source),
    keyword_line: source.focusKeyword ? `Expression clé imposée : ${inline(source.focusKeyword)}\n` : '',
  };
  return [systemMessage(source), { role: 'user', content: fill(templates.write, values) }];
}

/** Repair call: the same rules, the source, the previous answer (if any was usable) and what failed. */
export function reviseMessages(source: PromptSource, previous: Article | undefined, problems: string[]): ChatMessage[] {
  const values = {
    ...common(source),
    // The previous answer and the findings quote the model's own text: hostile as the source.
    previous: previous ? fence(JSON.stringify(previous, null, 1)) : '(aucune réponse exploitable)',
    problems: problems.map((p) => `- ${fence(singleLine(p))}`).join('\n'),
  };
  return [systemMessage(source), { role: 'user', content: fill(templates.revise, values) }];
}
