import type { ChatClient } from '../../../clients/model/chat-client.js';
import { applyTypography } from '../typography.js';
import { articleJsonSchema, articleSchema, type Article } from '../contract.js';
import { plainArticle, plainText, PLAIN_LIMITS } from '../plain-text.js';
import { PROMPT_VERSION, reviseMessages, writeMessages, type PromptSource } from '../prompt.js';
import type { ModelCall, UnusableCall } from '../state.js';

export interface AskModelInput {
  source: PromptSource;
  /** For a repair call: the best article so far (if any) and what failed, in French for the model. */
  repair?: { previous: Article | undefined; problems: string[] };
}

/**
 * One model call → one recorded answer. A cut, unparsable or off-contract answer is returned as
 * a failed outcome (never as an article), so the caller can ask again and say what went wrong.
 * Endpoint errors (429, 5xx, timeouts, bad key) are thrown as Plume errors by the chat client.
 */
export async function askModel(input: AskModelInput, chat: ChatClient, now = new Date()): Promise<ModelCall> {
  const kind = input.repair ? 'revise' : 'write';
  const messages = input.repair
    ? reviseMessages(input.source, input.repair.previous, input.repair.problems)
    : writeMessages(input.source);
  const answer = await chat.completeJson({ step: kind, messages, schemaName: 'article', schema: articleJsonSchema });
  const base = {
    kind,
    finishReason: answer.finishReason,
    usage: answer.usage,
    model: answer.model,
    promptVersion: PROMPT_VERSION,
    at: now.toISOString(),
  } as const;

  if (answer.finishReason === 'length') {
    return { ...base, outcome: 'truncated', problem: `answer cut at the token limit (finish_reason "length", ${answer.usage.completion} completion tokens)` };
  }
  if (answer.content.trim() === '') return { ...base, outcome: 'empty', problem: 'empty answer' };
  let json: unknown;
  try {
    json = JSON.parse(answer.content);
  } catch (error) {
    return { ...base, outcome: 'invalid_json', problem: `answer is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = articleSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ...base, outcome: 'schema_violation', problem: `answer does not follow the article contract: ${issues}` };
  }
  // The one-line fields become plain text here, so the checks see what WordPress will get;
  // what that removed is kept for the checks to report.
  const { article: plain, removed } = plainArticle(parsed.data);
  // A keyphrase the editor imposed is the one the SEO plugin gets, whatever the model wrote there.
  const keyword = input.source.focusKeyword;
  const article = keyword ? { ...plain, focus_keyword: plainText(keyword, PLAIN_LIMITS.focus_keyword) } : plain;
  return { ...base, outcome: 'ok', article: applyTypography(article), removed };
}

/** What the model is told about an answer that could not be used at all. */
export function unusableAnswerProblem(call: UnusableCall): string {
  switch (call.outcome) {
    case 'truncated':
      return 'Ta réponse précédente a été coupée avant la fin (limite de longueur atteinte) : renvoie un article complet, plus concis, sans dépasser 1 200 mots.';
    case 'invalid_json':
    case 'empty':
      return 'Ta réponse précédente n’était pas un objet JSON valide : renvoie uniquement l’objet JSON demandé.';
    default:
      return `Ta réponse précédente ne respectait pas le format demandé (${call.problem}) : renvoie l’objet JSON complet avec exactement les champs demandés.`;
  }
}
