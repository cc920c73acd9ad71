// The first module of every pool thread (worker/thread-pool.ts): loads the task module the pool
// names, and runs the task each message names after telling the pool it starts (the time budget
// counts from there). Plain JavaScript because, under Node 20, threads do not inherit tsx's
// loader: in development the task module (.ts) is loaded through tsx's API.
import { parentPort, workerData } from 'node:worker_threads';

if (workerData.module.endsWith('.ts')) (await import('tsx/esm/api')).register();
const tasks = await import(workerData.module);

export default ({ id, task, input }) => {
  parentPort.postMessage({ started: id });
  return tasks[task](input);
};
