import { PlumeError } from './plume-error.js';

/** A failure that may pass: network errors, timeouts, 5xx answers. The job is retried with backoff. */
export class TransientError extends PlumeError {
  readonly retryable = true;
}
