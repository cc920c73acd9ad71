import { PlumeError, type ErrorContext } from './plume-error.js';

/** The model's endpoint asked us to wait (429). The worker pauses the queue for `retryAfterMs` without spending an attempt. */
export class RateLimitedError extends PlumeError {
  readonly retryable = true;
  readonly retryAfterMs: number;

  constructor(message: string, context: ErrorContext & { retryAfterMs: number }) {
    super(message, context);
    this.retryAfterMs = context.retryAfterMs;
  }
}
