import { PlumeError } from './plume-error.js';

/** A failure that a retry cannot mend: bad input, bad credentials, a missing plugin. The job fails at once. */
export class PermanentError extends PlumeError {
  readonly retryable = false;
}
