import { z } from 'zod';
import { PermanentError } from '../../errors/index.js';
import type { WordPressHttp } from './http.js';
import { META } from './meta-keys.js';

/**
 * The first `limit` items of `route` whose source key is `sourceKey` (filter added by the
 * companion plugin), oldest first, whoever created them. Without the plugin WordPress ignores the
 * filter and lists everything, so an answer is trusted only when it carries the key back.
 */
export async function findBySourceKey<Item extends z.ZodType<{ meta: Record<string, unknown> }>>(
  http: WordPressHttp,
  step: string,
  route: string,
  sourceKey: string,
  limit: number,
  params: Record<string, string | number>,
  item: Item,
): Promise<Array<z.output<Item>>> {
  const call = { step, input: sourceKey };
  const items = await http.send(
    call,
    { route, params: { plume_source_key: sourceKey, orderby: 'id', order: 'asc', per_page: limit, context: 'edit', ...params } },
    z.array(item),
  );
  if (items.some((found) => found.meta[META.sourceKey] !== sourceKey)) {
    throw new PermanentError(
      `${step}: WordPress ignored the plume_source_key filter: install the Plume companion plugin (wordpress-plugin/plume-companion.php into wp-content/mu-plugins/). A retry will not help.`,
      { ...call, code: 'wordpress_plugin_missing' },
    );
  }
  return items;
}
