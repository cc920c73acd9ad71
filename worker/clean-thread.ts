import { cleanSource } from '../jobs/article/source/clean-source.js';
import { threadTask } from './thread-pool.js';

/** The clean step's thread: DOM building and Readability never hold the worker's event loop. */
export const clean = threadTask(cleanSource);
