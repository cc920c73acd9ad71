import type { ErrorParams, JobErrorCode } from './codes.js';

/**
 * Where an error happened and what it was about, so that a failed job tells an editor
 * which step broke, on which input, and whether trying again can help.
 */
export interface ErrorContext {
  /** Stable code from `codes.ts`: what API clients and the dashboard go by, never the message. */
  code: JobErrorCode;
  /** Values of the code's template (a status, a limit, missing fields). */
  params?: ErrorParams;
  /** Pipeline step or client operation, e.g. `write`, `publish`, `wordpress.createPost`. */
  step: string;
  /** The input concerned: a field name, a URL, a post id. */
  input?: string;
  cause?: unknown;
}

export interface PlumeErrorJson {
  name: string;
  code: JobErrorCode;
  params?: ErrorParams;
  message: string;
  step: string;
  input?: string;
  retryable: boolean;
}

export abstract class PlumeError extends Error {
  readonly code: JobErrorCode;
  readonly params: ErrorParams | undefined;
  readonly step: string;
  readonly input: string | undefined;
  /** True when the same call may succeed later (network, 5xx, rate limit). */
  abstract readonly retryable: boolean;

  constructor(message: string, context: ErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = context.code;
    this.params = context.params;
    this.step = context.step;
    this.input = context.input;
  }

  toJSON(): PlumeErrorJson {
    return {
      name: this.name,
      code: this.code,
      ...(this.params === undefined ? {} : { params: this.params }),
      message: this.message,
      step: this.step,
      ...(this.input === undefined ? {} : { input: this.input }),
      retryable: this.retryable,
    };
  }
}
