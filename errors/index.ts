export { PlumeError, type ErrorContext } from './plume-error.js';
export { TransientError } from './transient-error.js';
export { PermanentError } from './permanent-error.js';
export { RateLimitedError } from './rate-limited-error.js';
export { JobInterruptedError, LockLostError, ShutdownError } from './job-interrupted.js';
