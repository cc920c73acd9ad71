/**
 * A separate worker process for term races: creates the tags named in argv (each in its own
 * call, all at once) on the WordPress of PLUME_RACE_WP_* and prints their ids as JSON.
 */
import { createWordPressClient } from '../../clients/wordpress/index.js';

const client = createWordPressClient({
  url: process.env['PLUME_RACE_WP_URL'] ?? '',
  username: process.env['PLUME_RACE_WP_USERNAME'] ?? '',
  appPassword: process.env['PLUME_RACE_WP_APP_PASSWORD'] ?? '',
});
const names = process.argv.slice(2);
const ids = await Promise.all(names.map(async (name) => (await client.terms.ensureTags([name]))[0]));
process.stdout.write(JSON.stringify(ids));
