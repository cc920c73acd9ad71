/**
 * Where an error happened and what it was about, so that a failed job tells an editor
 * which step broke, on which input, and whether trying again can help.
 */
export interface ErrorContext {
  /** Pipeline step or client operation, e.g. `write`, `publish`, `wordpress.createPost`. */
  step: string;
  /** The input concerned: a field name, a URL, a post id. */
  input?: string;
  cause?: unknown;
}

export abstract class PlumeError extends Error {
  readonly step: string;
  readonly input: string | undefined;
  /** True when the same call may succeed later (network, 5xx, rate limit). */
  abstract readonly retryable: boolean;

  constructor(message: string, context: ErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.step = context.step;
    this.input = context.input;
  }

  toJSON(): { name: string; message: string; step: string; input?: string; retryable: boolean } {
    return {
      name: this.name,
      message: this.message,
      step: this.step,
      ...(this.input === undefined ? {} : { input: this.input }),
      retryable: this.retryable,
    };
  }
}
