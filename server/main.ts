import { ConfigError, loadConfig } from '../config/index.js';
import { createLogger } from '../observability/logger.js';
import { startServer } from './start-server.js';

/** `npm run server`: the HTTP API and dashboard alone, to scale apart from workers. */
try {
  const config = loadConfig(process.env, ['server']);
  const logger = createLogger(config.logLevel, 'plume-server');
  const server = await startServer(config, logger);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
