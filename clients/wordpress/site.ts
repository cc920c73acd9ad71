import { PermanentError } from '../../errors/index.js';
import { WordPressRestError, type RestCall, type WordPressHttp } from './http.js';
import type { z } from 'zod';
import { seoPluginsOf, type SeoPlugin } from './seo.js';
import { authorAnswer, authorsAnswer, companionStatusAnswer, currentUserAnswer, restIndexAnswer, settingsAnswer, userIdAnswer } from './answers.js';

export interface WordPressUser {
  id: number;
  username: string;
  name: string;
  roles: string[];
}

/** The companion plugin's status, with the post meta keys it registers for REST writes. */
export type CompanionStatus = z.output<typeof companionStatusAnswer>;

export interface SiteApi {
  /** The user behind WP_USERNAME/WP_APP_PASSWORD; throws a PermanentError unless they have every capability listed. */
  verifyCredentials(capabilities?: string[]): Promise<WordPressUser>;
  /** The id of that user, asked once: only what this user created is Plume's to write over. */
  currentUserId(): Promise<number>;
  /** The companion plugin's status; throws a PermanentError when it is missing or lacks one of `metaKeys`. */
  checkCompanionPlugin(metaKeys?: string[]): Promise<CompanionStatus>;
  /** The site's default category (option `default_category`); undefined when the user may not read the settings. */
  defaultCategoryId(): Promise<number | undefined>;
  /** The SEO plugins the site runs, from the namespaces of its REST index; asked once. */
  seoPlugins(): Promise<SeoPlugin[]>;
  /** The id of the user `author` (an id or a login) names; a PermanentError when none, or when that user may not write posts. */
  resolveAuthor(author: string): Promise<number>;
}

const installHint =
  'copy wordpress-plugin/plume-companion.php from the Plume repository into wp-content/mu-plugins/ on the WordPress server';

/** The first companion plugin that registers the canonical meta and takes an image's caption. */
export const COMPANION_MIN_VERSION = '1.5.0';

/** Whether dotted version `version` comes before `minimum` (a version that does not parse does). */
function olderThan(version: string, minimum: string): boolean {
  const parts = (v: string) => v.split('.').map((n) => (/^\d+$/.test(n) ? Number(n) : NaN));
  const have = parts(version);
  const need = parts(minimum);
  for (let i = 0; i < need.length; i++) {
    const h = have[i] ?? 0;
    if (Number.isNaN(h)) return true;
    if (h !== need[i]) return h < need[i]!;
  }
  return false;
}

/** A 404 from one of the companion plugin's routes: the plugin is missing or older than this worker. */
export function companionRouteMissing(error: unknown, call: RestCall, url: string): unknown {
  if (!(error instanceof WordPressRestError) || error.status !== 404 || error.wpCode !== 'rest_no_route') return error;
  return new PermanentError(`${call.step}: the Plume companion plugin at ${url} is missing or too old for this worker: ${installHint}. A retry will not help.`, {
    ...call,
    code: 'wordpress_plugin_missing',
    cause: error,
  });
}

export function createSiteApi(http: WordPressHttp): SiteApi {
  let userId: Promise<number> | undefined;
  let seo: Promise<SeoPlugin[]> | undefined;
  return {
    seoPlugins() {
      seo ??= http
        .send({ step: 'wordpress.seoPlugins', input: '/' }, { route: '/', params: { _fields: 'namespaces' } }, restIndexAnswer)
        .then((index) => seoPluginsOf(index.namespaces))
        .catch((error: unknown) => {
          seo = undefined;
          throw error;
        });
      return seo;
    },

    currentUserId() {
      userId ??= http
        .send({ step: 'wordpress.currentUser', input: '/wp/v2/users/me' }, { route: '/wp/v2/users/me', params: { _fields: 'id' } }, userIdAnswer)
        .then((user) => user.id)
        .catch((error: unknown) => {
          userId = undefined;
          throw error;
        });
      return userId;
    },

    async verifyCredentials(capabilities = ['edit_posts']) {
      const call = { step: 'wordpress.verifyCredentials', input: '/wp/v2/users/me' };
      // An unknown user or password is not always refused: the request may just run as anonymous,
      // which /users/me answers with 401.
      const user = await http.send(call, { route: '/wp/v2/users/me', params: { context: 'edit' } }, currentUserAnswer);
      const missing = capabilities.filter((capability) => user.capabilities?.[capability] !== true);
      if (missing.length > 0) {
        throw new PermanentError(
          `${call.step}: WordPress user ${user.username} (WP_USERNAME) lacks the capabilities ${missing.join(', ')}: give them the Editor or Administrator role. A retry will not help.`,
          { ...call, code: 'wordpress_capabilities_missing', params: { missing: missing.join(', ') } },
        );
      }
      userId = Promise.resolve(user.id);
      return { id: user.id, username: user.username, name: user.name, roles: user.roles };
    },

    async checkCompanionPlugin(metaKeys = []) {
      const call = { step: 'wordpress.checkCompanionPlugin', input: '/plume/v1/status' };
      let status: CompanionStatus;
      try {
        status = await http.send(call, { route: '/plume/v1/status' }, companionStatusAnswer);
      } catch (error) {
        if (error instanceof WordPressRestError && error.status === 404) {
          throw new PermanentError(`${call.step}: the Plume companion plugin is not installed at ${http.url}: ${installHint}. A retry will not help.`, {
            ...call,
            code: 'wordpress_plugin_missing',
            cause: error,
          });
        }
        throw error;
      }
      if (olderThan(status.version, COMPANION_MIN_VERSION)) {
        throw new PermanentError(
          `${call.step}: the Plume companion plugin at ${http.url} is version ${status.version}; this worker needs ${COMPANION_MIN_VERSION} or later (its per-source draft, image and term routes): update it (${installHint}). A retry will not help.`,
          { ...call, code: 'wordpress_plugin_outdated', params: { version: status.version, required: COMPANION_MIN_VERSION } },
        );
      }
      const missing = metaKeys.filter((key) => !status.meta_keys.includes(key));
      if (missing.length > 0) {
        throw new PermanentError(
          `${call.step}: the Plume companion plugin ${status.version} at ${http.url} does not register ${missing.join(', ')}: update it (${installHint}). A retry will not help.`,
          { ...call, code: 'wordpress_meta_unregistered', params: { missing: missing.join(', ') } },
        );
      }
      return status;
    },

    async resolveAuthor(author) {
      const call = { step: 'wordpress.resolveAuthor', input: author };
      let user: z.output<typeof authorAnswer> | undefined;
      if (/^\d+$/.test(author)) {
        try {
          user = await http.send(call, { route: `/wp/v2/users/${author}`, params: { context: 'edit', _fields: 'id,username,capabilities' } }, authorAnswer);
        } catch (error) {
          if (!(error instanceof WordPressRestError && error.status === 404)) throw error;
        }
      } else {
        // `search` also matches names and e-mail addresses: only the exact login counts.
        const found = await http.send(call, { route: '/wp/v2/users', params: { search: author, context: 'edit', per_page: 100, _fields: 'id,username,capabilities' } }, authorsAnswer);
        user = found.find((candidate) => candidate.username === author);
      }
      if (user === undefined) throw new PermanentError(`${call.step}: author "${author}" is not a user of ${http.url} (give a user id or login). A retry will not help.`, { ...call, code: 'author_unknown', params: { author } });
      if (user.capabilities?.['edit_posts'] !== true) {
        throw new PermanentError(`${call.step}: author "${author}" (user ${user.id}) may not write posts on ${http.url}. A retry will not help.`, { ...call, code: 'author_cannot_write', params: { author } });
      }
      return user.id;
    },

    async defaultCategoryId() {
      try {
        const settings = await http.send(
          { step: 'wordpress.readSettings', input: '/wp/v2/settings' },
          { route: '/wp/v2/settings', params: { _fields: 'default_category' } },
          settingsAnswer,
        );
        return settings.default_category;
      } catch (error) {
        // Only administrators may read the settings: an editor's refusal is an answer, not a failure.
        if (error instanceof PermanentError) return undefined;
        throw error;
      }
    },
  };
}
