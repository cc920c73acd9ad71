/**
 * An attempt that stops without the job having failed: nothing is recorded against the job,
 * no attempt is spent. The worker hands the job back (shutdown) or leaves it to its new owner.
 */
export abstract class JobInterruptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** This worker no longer holds the job's lock: another worker may be running it, so this one must not touch it. */
export class LockLostError extends JobInterruptedError {}

/** The process is stopping: the job goes back to the queue and resumes at its last saved step. */
export class ShutdownError extends JobInterruptedError {}
