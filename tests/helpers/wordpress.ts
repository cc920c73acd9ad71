import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import axios from 'axios';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../scripts/wordpress.sh', import.meta.url));

export interface WordPressServer {
  url: string;
  username: string;
  appPassword: string;
  /** The site's name in scripts/wordpress.sh: database `wp_<name>`. */
  name: string;
  port: number;
  /** Config, wp-content (uploads, mu-plugins), passwords and logs of the site. */
  stateDir: string;
  /** Drops the database and reinstalls (about a second); the credentials stay the same. */
  reset(): Promise<void>;
  /** Stops the PHP server; the database and state folder stay for the next start. */
  stop(): Promise<void>;
  /** Runs SQL on the site's database, as root; rows of tab-separated columns. */
  query(sql: string): Promise<string[][]>;
  /** Drops `php` into the site's mu-plugins as `<name>.php` (loaded on the next request); `removeMuPlugin` takes it out. */
  addMuPlugin(name: string, php: string): Promise<void>;
  removeMuPlugin(name: string): Promise<void>;
  /** Adds a user with `role` and an Application Password (through the REST API, as the admin). */
  addUser(login: string, role: 'contributor' | 'author' | 'editor'): Promise<WordPressUserLogin>;
}

export interface WordPressUserLogin {
  id: number;
  username: string;
  appPassword: string;
}

export interface StartWordPressOptions {
  /** `test` by default. Test files run one at a time, so they can share it. */
  name?: string;
  /** A free port by default. */
  port?: number;
}

/** Starts a fresh WordPress with `scripts/wordpress.sh up --reset` (installs packages on a new machine). */
export async function startWordPress(options: StartWordPressOptions = {}): Promise<WordPressServer> {
  // PLUME_TEST_SITE_SUFFIX keeps the databases of two checkouts testing at once apart.
  const name = `${options.name ?? 'test'}${process.env['PLUME_TEST_SITE_SUFFIX'] ?? ''}`;
  const port = options.port ?? (await freePort());
  const up = async () => parseEnv(await wordpressSh('up', '--reset', '--name', name, '--port', String(port)));
  const server: WordPressServer = {
    ...(await up()),
    name,
    port,
    // As scripts/wordpress.sh places it.
    stateDir: join(process.env['PLUME_WORDPRESS_STATE'] ?? '/tmp/plume-wordpress', name),
    async reset() {
      Object.assign(server, await up());
    },
    async stop() {
      await wordpressSh('down', '--name', name);
    },
    async query(sql) {
      const { stdout } = await run('mysql', ['-uroot', '--batch', '--skip-column-names', `wp_${name}`, '-e', sql]);
      return stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t'));
    },
    async addMuPlugin(pluginName, php) {
      await writeFile(join(server.stateDir, 'wp-content/mu-plugins', `${pluginName}.php`), php);
    },
    async removeMuPlugin(pluginName) {
      await rm(join(server.stateDir, 'wp-content/mu-plugins', `${pluginName}.php`), { force: true });
    },
    async addUser(login, role) {
      const admin = axios.create({ baseURL: `${server.url}/`, auth: { username: server.username, password: server.appPassword } });
      const user = await admin.post<{ id: number }>('', { username: login, email: `${login}@example.test`, password: randomBytes(16).toString('hex'), roles: [role] }, {
        params: { rest_route: '/wp/v2/users' },
      });
      const password = await admin.post<{ password: string }>('', { name: 'test' }, { params: { rest_route: `/wp/v2/users/${user.data.id}/application-passwords` } });
      return { id: user.data.id, username: login, appPassword: password.data.password };
    },
  };
  return server;
}

async function wordpressSh(...args: string[]): Promise<string> {
  try {
    // Ten minutes: on a fresh machine `up` installs packages first.
    const { stdout } = await run('bash', [script, ...args], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`bash scripts/wordpress.sh ${args.join(' ')} failed:\n${stderr.trim().split('\n').slice(-15).join('\n')}`, { cause: error });
  }
}

function parseEnv(stdout: string): { url: string; username: string; appPassword: string } {
  const env = new Map(stdout.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  const url = env.get('WP_URL');
  const username = env.get('WP_USERNAME');
  const appPassword = env.get('WP_APP_PASSWORD');
  if (!url || !username || !appPassword) throw new Error(`scripts/wordpress.sh up printed no connection:\n${stdout}`);
  return { url, username, appPassword };
}

