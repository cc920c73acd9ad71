import { createRateBudget } from '../clients/model/rate-budget.js';
import { ConfigError, loadConfig, type Role } from '../config/index.js';
import { createCheckPool } from '../jobs/article/checks/check-pool.js';
import { PlumeError } from '../errors/index.js';
import { createLogger } from '../observability/logger.js';
import { startServer, type ServerHandle } from '../server/start-server.js';
import { startArticleWorker } from './article-worker.js';
import { buildArticleJobDeps } from './build-deps.js';
import { preflight } from './preflight.js';

/** `npm run worker` (jobs only) or `npm start` (`--with-server`: jobs and the HTTP server in one process). */
const withServer = process.argv.includes('--with-server');
const roles: Role[] = withServer ? ['worker', 'server'] : ['worker'];

try {
  const config = loadConfig(process.env, roles);
  const logger = createLogger(config.logLevel, 'plume');
  const checkPool = createCheckPool();
  const { requestsPerMinute, tokensPerMinute } = config.model;
  const budget =
    requestsPerMinute || tokensPerMinute
      ? createRateBudget({ redisUrl: config.redisUrl, prefix: config.queuePrefix, model: config.model.name, requests: requestsPerMinute, tokens: tokensPerMinute })
      : undefined;
  const owned = { check: checkPool.check, budget };
  await preflight(buildArticleJobDeps(config, undefined, owned).wordpress, logger);
  const worker = startArticleWorker(config, (signal) => buildArticleJobDeps(config, signal, owned), logger);
  const server: ServerHandle | undefined = withServer ? await startServer(config, logger) : undefined;
  logger.info({ concurrency: config.jobs.concurrency, model: config.model.name, wordpress: config.wordpress.url, server: withServer }, 'Plume started');

  const stop = async (signal: string) => {
    logger.info({ signal, graceMs: config.jobs.shutdownGraceMs }, 'stopping: active jobs get the grace period, then go back to the queue');
    // Whatever hangs (Redis gone while handing jobs back), the process ends soon after the grace period.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting anyway');
      process.exit(1);
    }, config.jobs.shutdownGraceMs + 10_000).unref();
    await server?.close();
    await worker.close();
    await checkPool.close();
    await budget?.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof PlumeError) console.error(`Cannot start Plume: [${error.step}] ${error.message}`);
  else console.error(error);
  process.exit(1);
}
