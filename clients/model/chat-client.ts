import OpenAI from 'openai';
import { toPlumeError } from './errors.js';
import { estimateCallTokens, type RateBudget } from './rate-budget.js';

export interface ChatClientOptions {
  apiKey: string;
  /** Any OpenAI-compatible `/v1` base: OpenAI, Ollama, vLLM, Mistral… Unset means OpenAI. */
  baseURL?: string | undefined;
  model: string;
  timeoutMs: number;
  /** Retries the SDK makes itself on 429/5xx/timeouts, honouring Retry-After. */
  maxRetries: number;
  maxTokens: number;
  /** Aborts the call in flight (shutdown, lost job lock); the SDK then throws an abort error. */
  signal?: AbortSignal | undefined;
  /** Requests and tokens per minute shared by every worker (OPENAI_RPM, OPENAI_TPM); unlimited when absent. */
  budget?: RateBudget | undefined;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenUsage {
  prompt: number;
  completion: number;
  total: number;
}

/** One answer, as the endpoint gave it: the caller decides whether it is usable. */
export interface ChatAnswer {
  content: string;
  /** `stop` for a complete answer; `length` means it was cut at the token limit. */
  finishReason: string;
  usage: TokenUsage;
  model: string;
}

export interface ChatClient {
  readonly model: string;
  /** Chat Completions with strict Structured Outputs. Throws Plume errors (transient, permanent, rate limited). */
  completeJson(request: { step: string; messages: ChatMessage[]; schemaName: string; schema: Record<string, unknown> }): Promise<ChatAnswer>;
}

export function createChatClient(options: ChatClientOptions): ChatClient {
  const openai = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
  let tokenLimitField: 'max_tokens' | 'max_completion_tokens' = 'max_tokens';
  return {
    model: options.model,
    async completeJson({ step, messages, schemaName, schema }) {
      const ask = async (limit: 'max_tokens' | 'max_completion_tokens') => {
        const ticket = await options.budget?.acquire(estimateCallTokens(messages, options.maxTokens));
        const { data, response } = await openai.chat.completions
          .create({
            model: options.model,
            messages,
            [limit]: options.maxTokens,
            response_format: { type: 'json_schema', json_schema: { name: schemaName, strict: true, schema } },
          }, { signal: options.signal })
          .withResponse()
          .catch(async (error: unknown) => {
            await ticket?.settle({ headers: error instanceof OpenAI.APIError ? error.headers : undefined });
            throw error;
          });
        await ticket?.settle({ tokens: data.usage?.total_tokens, headers: response.headers });
        return data;
      };
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        try {
          completion = await ask(tokenLimitField);
        } catch (error) {
          // `max_tokens` is what every compatible server knows (Ollama, vLLM, Mistral); OpenAI's
          // reasoning models refuse it and name `max_completion_tokens`, which is then kept.
          if (!(error instanceof OpenAI.BadRequestError) || !/max_completion_tokens/.test(error.message)) throw error;
          tokenLimitField = 'max_completion_tokens';
          completion = await ask(tokenLimitField);
        }
      } catch (error) {
        throw toPlumeError(error, step, options.model);
      }
      const choice = completion.choices?.[0];
      return {
        content: choice?.message?.content ?? '',
        finishReason: choice?.finish_reason ?? 'unknown',
        usage: {
          prompt: completion.usage?.prompt_tokens ?? 0,
          completion: completion.usage?.completion_tokens ?? 0,
          total: completion.usage?.total_tokens ?? 0,
        },
        model: completion.model ?? options.model,
      };
    },
  };
}
