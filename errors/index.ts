export { PlumeError, type ErrorContext, type PlumeErrorJson } from './plume-error.js';
export { TransientError } from './transient-error.js';
export { PermanentError } from './permanent-error.js';
export { RateLimitedError } from './rate-limited-error.js';
export { JobInterruptedError, LockLostError, ShutdownError } from './job-interrupted.js';
export { ERROR_CODES, formatCode, isErrorCode, isJobErrorCode, requestError, type CodeSpec, type ErrorCode, type ErrorParams, type JobErrorCode } from './codes.js';
