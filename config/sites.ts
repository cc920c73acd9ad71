import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * The WordPress sites Plume writes to. The single-site `WP_*` variables make the site `default`;
 * `WP_<NAME>_*` variables and the JSON or YAML file named by `PLUME_SITES_FILE` add others. A job without
 * `site` goes to the default site: the `WP_*` one when set, else the first site of the file.
 */
export interface SiteConfig {
  /** Lower-case letters and digits; the name `POST /api/articles` takes as `site`. */
  name: string;
  url: string;
  /** Where editors reach the site, when the worker reaches it by another name (containers). */
  publicUrl: string;
  username: string;
  appPassword: string;
  /** Category for items enqueued without one. */
  defaultCategory: string | undefined;
  /** The WordPress user (id or login) drafts are attributed to, when an item names none. */
  author: string | undefined;
  /** Status of drafts when an item names none. */
  defaultStatus: DraftStatus;
  /** Model or editor tag (lower case) → name of an existing category of the site. */
  categoryMap: Readonly<Record<string, string>>;
  /** Whether the source's address goes into the SEO plugin's canonical field (the article then points search engines to the source). */
  canonicalToSource: boolean;
}

/** What Plume leaves a post as: never published. */
export type DraftStatus = 'draft' | 'pending';
export const DRAFT_STATUSES = ['draft', 'pending'] as const;

export const DEFAULT_SITE = 'default';
const SITE_NAME = /^[a-z0-9]{1,32}$/;

/** One bad value: the variable (or file) and, inside it, where. */
export interface SiteIssue {
  variable: string;
  message: string;
}

const siteUrl = z
  .string({ error: 'expected the http(s) address of the WordPress site' })
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), { error: 'expected the http(s) address of the WordPress site' });
const nonEmpty = (what: string) => z.string({ error: `required: ${what}` }).trim().min(1, { error: `required: ${what}` });

/** One site as written in the sites file (snake_case, like the JSON the API takes). */
const siteFileEntry = z.strictObject({
  url: siteUrl,
  public_url: siteUrl.optional(),
  username: nonEmpty('the WordPress user that owns the Application Password'),
  app_password: nonEmpty('a WordPress Application Password').optional(),
  app_password_file: nonEmpty('a file holding the Application Password').optional(),
  default_category: nonEmpty('a category name').optional(),
  author: z.union([z.number().int().positive(), nonEmpty('a user id or login')], { error: 'expected a WordPress user id or login' }).optional(),
  default_status: z.enum(DRAFT_STATUSES, { error: 'expected "draft" or "pending"' }).optional(),
  category_map: z.record(z.string().trim().min(1), nonEmpty('a category name'), { error: 'expected an object of tag → category name' }).optional(),
  canonical_to_source: z.boolean({ error: 'expected true or false' }).optional(),
});

type SiteFileEntry = z.infer<typeof siteFileEntry>;

/** The variables of one site, by field: `WP_SPORT_URL` → site `sport`, field `URL`. */
const FIELDS = {
  URL: 'url',
  PUBLIC_URL: 'public_url',
  USERNAME: 'username',
  APP_PASSWORD: 'app_password',
  APP_PASSWORD_FILE: 'app_password_file',
  DEFAULT_CATEGORY: 'default_category',
  AUTHOR: 'author',
  DEFAULT_STATUS: 'default_status',
  CATEGORY_MAP: 'category_map',
  CANONICAL_TO_SOURCE: 'canonical_to_source',
} as const satisfies Record<string, keyof SiteFileEntry>;
type Field = keyof typeof FIELDS;
// Longest first, so that WP_X_PUBLIC_URL is site X's PUBLIC_URL, not site X_PUBLIC's URL.
const FIELD_NAMES = (Object.keys(FIELDS) as Field[]).sort((a, b) => b.length - a.length);

/** `WP_<NAME>_<FIELD>` → [name, field]; the name is one run of letters and digits, so no variable reads two ways. */
function siteVariable(variable: string): [string, Field] | undefined {
  if (!variable.startsWith('WP_')) return undefined;
  for (const field of FIELD_NAMES) {
    const suffix = `_${field}`;
    if (!variable.endsWith(suffix)) continue;
    const name = variable.slice('WP_'.length, -suffix.length);
    // `WP_PUBLIC_URL` is the default site's PUBLIC_URL, never a site named `public`.
    return /^[A-Z0-9]+$/.test(name) ? [name.toLowerCase(), field] : undefined;
  }
  return undefined;
}

function issuesOf(error: z.ZodError, where: (path: PropertyKey[]) => string): SiteIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return { variable: where(issue.path), message: `unknown field ${issue.keys.join(', ')} (expected ${Object.values(FIELDS).join(', ')})` };
    return { variable: where(issue.path), message: issue.message };
  });
}

function readSecret(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

/** A validated entry made whole: password read from its file, defaults filled. */
function toSite(name: string, entry: SiteFileEntry, where: (field: string) => string, defaults: { defaultCategory?: string | undefined }): SiteConfig | SiteIssue {
  let appPassword = entry.app_password;
  if (appPassword === undefined && entry.app_password_file !== undefined) {
    try {
      appPassword = readSecret(entry.app_password_file);
    } catch (error) {
      return { variable: where('app_password_file'), message: `cannot read ${entry.app_password_file}: ${(error as Error).message}` };
    }
  }
  if (!appPassword) return { variable: where('app_password'), message: 'required: a WordPress Application Password (or app_password_file)' };
  const url = entry.url.replace(/\/+$/, '');
  return {
    name,
    url,
    publicUrl: (entry.public_url ?? url).replace(/\/+$/, ''),
    username: entry.username,
    appPassword,
    defaultCategory: entry.default_category ?? defaults.defaultCategory,
    author: entry.author === undefined ? undefined : String(entry.author),
    defaultStatus: entry.default_status ?? 'draft',
    categoryMap: Object.fromEntries(Object.entries(entry.category_map ?? {}).map(([tag, category]) => [tag.trim().toLocaleLowerCase('fr'), category])),
    canonicalToSource: entry.canonical_to_source ?? false,
  };
}

/**
 * Every configured site, the default one first; `issues` names each bad value by variable (and,
 * in the sites file, by site and field). `env` has empty values removed and `_FILE` secrets read.
 */
export function loadSites(env: Readonly<Record<string, string>>): { sites: SiteConfig[]; issues: SiteIssue[] } {
  const sites: SiteConfig[] = [];
  const issues: SiteIssue[] = [];
  const add = (site: SiteConfig | SiteIssue) => {
    if ('variable' in site) issues.push(site);
    else if (sites.some((s) => s.name === site.name)) issues.push({ variable: site.name === DEFAULT_SITE ? 'WP_URL' : `WP_${site.name.toUpperCase()}_URL`, message: `site "${site.name}" is configured twice (variables and PLUME_SITES_FILE)` });
    else sites.push(site);
  };

  // The single-site variables: the default site, checked by the main schema.
  if (env['WP_URL'] && env['WP_USERNAME'] && env['WP_APP_PASSWORD']) {
    const url = env['WP_URL'].trim().replace(/\/+$/, '');
    add({
      name: DEFAULT_SITE,
      url,
      publicUrl: (env['WP_PUBLIC_URL'] ?? url).trim().replace(/\/+$/, ''),
      username: env['WP_USERNAME'].trim(),
      appPassword: env['WP_APP_PASSWORD'].trim(),
      defaultCategory: env['WP_DEFAULT_CATEGORY']?.trim(),
      author: env['WP_AUTHOR']?.trim(),
      defaultStatus: env['WP_DEFAULT_STATUS'] === 'pending' ? 'pending' : 'draft',
      categoryMap: {},
      canonicalToSource: env['WP_CANONICAL_TO_SOURCE'] === 'true',
    });
    if (env['WP_CANONICAL_TO_SOURCE'] !== undefined && !['true', 'false'].includes(env['WP_CANONICAL_TO_SOURCE'])) {
      issues.push({ variable: 'WP_CANONICAL_TO_SOURCE', message: 'expected true or false' });
    }
    if (env['WP_DEFAULT_STATUS'] !== undefined && !(DRAFT_STATUSES as readonly string[]).includes(env['WP_DEFAULT_STATUS'])) {
      issues.push({ variable: 'WP_DEFAULT_STATUS', message: 'expected "draft" or "pending"' });
    }
  }

  // WP_<NAME>_* variables, grouped by site.
  const byName = new Map<string, Partial<Record<Field, string>>>();
  for (const [variable, value] of Object.entries(env)) {
    const parsed = siteVariable(variable);
    if (!parsed) continue;
    const [name, field] = parsed;
    byName.set(name, { ...byName.get(name), [field]: value });
  }
  for (const [name, fields] of byName) {
    const variable = (field: string) => `WP_${name.toUpperCase()}_${field.toUpperCase()}`;
    if (fields.URL === undefined) {
      issues.push({ variable: variable('URL'), message: `required: site "${name}" has ${Object.keys(fields).map((f) => variable(f)).join(', ')} but no address` });
      continue;
    }
    let categoryMap: unknown;
    if (fields.CATEGORY_MAP !== undefined) {
      try {
        categoryMap = JSON.parse(fields.CATEGORY_MAP);
      } catch {
        issues.push({ variable: variable('CATEGORY_MAP'), message: 'expected JSON such as {"rugby": "Sport"}' });
        continue;
      }
    }
    const entry = {
      ...Object.fromEntries(Object.entries(fields).filter(([f]) => f !== 'CATEGORY_MAP' && f !== 'AUTHOR' && f !== 'CANONICAL_TO_SOURCE').map(([f, v]) => [FIELDS[f as Field], v])),
      ...(fields.CANONICAL_TO_SOURCE === undefined ? {} : { canonical_to_source: fields.CANONICAL_TO_SOURCE === 'true' ? true : fields.CANONICAL_TO_SOURCE === 'false' ? false : fields.CANONICAL_TO_SOURCE }),
      ...(fields.AUTHOR === undefined ? {} : { author: /^\d+$/.test(fields.AUTHOR) ? Number(fields.AUTHOR) : fields.AUTHOR }),
      ...(categoryMap === undefined ? {} : { category_map: categoryMap }),
    };
    const parsed = siteFileEntry.safeParse(entry);
    if (!parsed.success) {
      issues.push(...issuesOf(parsed.error, (path) => variable(String(path[0] ?? 'URL'))));
      continue;
    }
    add(toSite(name, parsed.data, variable, { defaultCategory: env['WP_DEFAULT_CATEGORY'] }));
  }

  // The sites file, JSON or YAML (by its extension), one schema: {"<name>": {url, username, app_password | app_password_file, …}}.
  const file = env['PLUME_SITES_FILE'];
  if (file !== undefined) {
    const format = /\.ya?ml$/i.test(file) ? 'YAML' : 'JSON';
    let content: unknown;
    try {
      const text = readFileSync(file, 'utf8');
      // YAML's `yes`/`no` stay strings (core schema): a boolean field must say true or false.
      content = format === 'YAML' ? parseYaml(text, { schema: 'core' }) : JSON.parse(text);
    } catch (error) {
      issues.push({ variable: `PLUME_SITES_FILE (${file})`, message: `cannot read ${file} as ${format}: ${(error as Error).message}` });
      content = {};
    }
    const parsed = z.record(z.string(), z.unknown()).safeParse(content);
    if (!parsed.success) issues.push({ variable: `PLUME_SITES_FILE (${file})`, message: `expected a ${format} mapping of site name → site` });
    for (const [name, raw] of Object.entries(parsed.success ? parsed.data : {})) {
      const site = `PLUME_SITES_FILE (${file}, site "${name}")`;
      const where = (field: string) => `PLUME_SITES_FILE (${file}, site "${name}", field ${field})`;
      if (!SITE_NAME.test(name)) {
        issues.push({ variable: site, message: 'expected a site name of 1 to 32 lower-case letters and digits' });
        continue;
      }
      const entry = siteFileEntry.safeParse(raw);
      if (!entry.success) {
        issues.push(...issuesOf(entry.error, (path) => (path.length > 0 ? where(path.map(String).join('.')) : site)));
        continue;
      }
      add(toSite(name, entry.data, where, { defaultCategory: env['WP_DEFAULT_CATEGORY'] }));
    }
  }
  return { sites, issues };
}

/** The site a job without `site` goes to. */
export function defaultSite(sites: readonly SiteConfig[]): SiteConfig | undefined {
  return sites.find((s) => s.name === DEFAULT_SITE) ?? sites[0];
}

/** The Redis hash where workers leave each site's state for `/readyz`. */
export const siteStatesKey = (prefix: string): string => `${prefix}:sites`;
