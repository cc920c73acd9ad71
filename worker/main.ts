import { Redis } from 'ioredis';
import { createRateBudget } from '../clients/model/rate-budget.js';
import { ConfigError, loadConfig, type Role } from '../config/index.js';
import { createCheckPool } from '../jobs/article/checks/check-pool.js';
import { PlumeError } from '../errors/index.js';
import { createLogger } from '../observability/logger.js';
import { startServer, type ServerHandle } from '../server/start-server.js';
import { startArticleWorker } from './article-worker.js';
import { startFeedWorker } from './feed-worker.js';
import { buildArticleJobDeps } from './build-deps.js';
import { connectRedis } from '../clients/redis/connect.js';
import { allDependencies, checkSites, modelDependency, preflight, publishSiteStates, redisDependency, DependencyError, type SiteStates } from './preflight.js';

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
  const stopOwned = async () => {
    await checkPool.close();
    await budget?.close();
  };
  const [, siteStates] = await allDependencies<[void, SiteStates]>([
    preflight(
      [redisDependency(config.redisUrl, () => pingRedis(config.redisUrl)), ...(config.model.probe ? [modelDependency(config.model, logger)] : [])],
      logger,
      { waitMs: config.startWaitMs },
    ),
    checkSites(
      config.sites.map((site) => ({ name: site.name, author: site.author, wordpress: buildArticleJobDeps(config, undefined, {}, undefined, site.name).wordpress })),
      logger,
      { waitMs: config.startWaitMs },
    ),
  ]).catch(async (error: unknown) => {
    await stopOwned();
    throw error;
  });
  const statesRedis = connectRedis(config.redis, { lazyConnect: true });
  await publishSiteStates(statesRedis, config.queuePrefix, siteStates).catch((error: unknown) => logger.warn({ err: error }, 'could not leave the sites\' state for /readyz'));
  statesRedis.disconnect();
  const owned = { check: checkPool.check, budget, siteStates };
  const worker = startArticleWorker(config, (signal, beforeModelRequest, site) => buildArticleJobDeps(config, signal, owned, beforeModelRequest, site), logger);
  const feedWorker = startFeedWorker(config, logger);
  const server: ServerHandle | undefined = withServer ? await startServer(config, logger) : undefined;
  logger.info({ concurrency: config.jobs.concurrency, model: config.model.name, sites: Object.fromEntries(siteStates), server: withServer }, 'Plume started');

  const stop = async (signal: string) => {
    logger.info({ signal, graceMs: config.jobs.shutdownGraceMs }, 'stopping: active jobs get the grace period, then go back to the queue');
    // Whatever hangs (Redis gone while handing jobs back), the process ends soon after the grace period.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting anyway');
      process.exit(1);
    }, config.jobs.shutdownGraceMs + 10_000).unref();
    await server?.close();
    await worker.close();
    await feedWorker.close();
    await checkPool.close();
    await budget?.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof DependencyError) console.error(error.report());
  else if (error instanceof PlumeError) console.error(`Cannot start Plume: [${error.step}] ${error.message}`);
  else console.error(error);
  process.exit(1);
}

/** One connection, one PING, closed: BullMQ's own connection would wait for Redis forever. */
async function pingRedis(redisUrl: string): Promise<void> {
  const redis = connectRedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000, retryStrategy: () => null, enableOfflineQueue: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}
