// @ts-check
// The "Flux" panel: feeds Plume polls, with their state, and the jobs their entries became.
// Self-contained next to app.js: it reads the session's CSRF value from GET /api/session.
import { frenchOrGeneric } from './codes.fr.js';
import { byId } from './dom.js';

const list = byId('feeds', HTMLElement);
const form = byId('feed-form', HTMLFormElement);
const formError = byId('feed-error', HTMLElement);
const empty = byId('feeds-empty', HTMLElement);
let csrf = null;

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'className') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString('fr-FR') : '—');
const STATES = { active: 'actif', paused: 'en pause' };
const OUTCOMES = { ok: 'lu', not_modified: 'inchangé (304)', failed: 'échec' };

async function call(method, path, body) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrf && method !== 'GET') headers['x-plume-csrf'] = csrf;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
  return { status: response.status, data };
}

function feedCard(feed) {
  const action = (label, run) => h('button', { type: 'button', onclick: async () => { await run(); await load(); } }, label);
  const jobs = h(
    'ul',
    { className: 'feed-jobs' },
    ...(feed.queued_jobs ?? []).map((job) => h('li', {}, h('a', { href: `/job?id=${encodeURIComponent(job.id)}`, 'data-job-link': job.id }, job.id))),
  );
  return h(
    'li',
    { className: `feed feed-${feed.state}`, 'data-feed-id': feed.id },
    h('strong', {}, feed.title ?? feed.url),
    h('p', { className: 'feed-url' }, feed.url),
    h(
      'p',
      { className: 'feed-meta' },
      `État : ${STATES[feed.state] ?? feed.state} · dernière lecture : ${when(feed.last_poll_at)} (${OUTCOMES[feed.last_outcome] ?? '—'}) · prochaine : ${when(feed.next_poll_at)} · site : ${feed.site ?? '—'} · toutes les ${feed.interval} min · trouvés : ${feed.items_found} · mis en file : ${feed.items_queued}`,
    ),
    feed.last_error ? h('p', { className: 'feed-error', role: 'status' }, `Dernière erreur : ${feed.last_error}`) : null,
    feed.paused_reason && feed.state === 'paused' ? h('p', { className: 'feed-paused' }, `En pause : ${feed.paused_reason}`) : null,
    h(
      'div',
      { className: 'feed-actions' },
      feed.state === 'active'
        ? action('Mettre en pause', () => call('PATCH', `/api/feeds/${feed.id}`, { state: 'paused' }))
        : action('Reprendre', () => call('PATCH', `/api/feeds/${feed.id}`, { state: 'active' })),
      action('Supprimer', () => call('DELETE', `/api/feeds/${feed.id}`)),
    ),
    jobs,
  );
}

async function load() {
  if (!csrf) {
    const session = await call('GET', '/api/session');
    if (session.status !== 200) return;
    csrf = session.data.csrf;
  }
  const { status, data } = await call('GET', '/api/feeds');
  if (status === 401) {
    csrf = null;
    return;
  }
  if (status !== 200) return;
  empty.hidden = data.feeds.length > 0;
  list.replaceChildren(...data.feeds.map(feedCard));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  formError.hidden = true;
  await load();
  const values = new FormData(form);
  const body = { url: String(values.get('url') ?? '').trim() };
  const interval = String(values.get('interval') ?? '').trim();
  if (interval) body.interval = Number(interval);
  const category = String(values.get('category') ?? '').trim();
  if (category) body.category = category;
  const { status, data } = await call('POST', '/api/feeds', body);
  if (status !== 200 && status !== 201) {
    formError.textContent = frenchOrGeneric(data.issues?.[0] ?? data, status);
    formError.hidden = false;
    return;
  }
  form.reset();
  await load();
});

void load();
setInterval(() => {
  if (!document.hidden) void load().catch(() => {});
}, 3000);
