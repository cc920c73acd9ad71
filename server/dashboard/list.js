// @ts-check
// The jobs list's filters (à relire, site, title search) and its pages (cursor of
// `GET /api/articles`), and what each card shows besides the job itself: attempts, age, the
// job page's link, the remove button of a waiting job.

import { age, byId, h } from './dom.js';

const reviewFilter = byId('review-filter', HTMLInputElement);
const siteFilter = byId('site-filter', HTMLSelectElement);
const searchInput = byId('search', HTMLInputElement);
const previousButton = byId('page-previous', HTMLButtonElement);
const nextButton = byId('page-next', HTMLButtonElement);
const pageLabel = byId('page-label', HTMLElement);

/** The cursor of each page read so far; the current page is the last. */
let cursors = [null];
let nextCursor = null;

/** States whose job may be removed (see server/article-remove.ts). */
const REMOVABLE = new Set(['waiting', 'prioritized', 'delayed', 'failed']);

/** The query of the current page, filters included. */
export function listQuery(state, limit) {
  const query = new URLSearchParams({ limit: String(limit) });
  const cursor = cursors.at(-1);
  if (cursor) query.set('cursor', cursor);
  if (state) query.set('state', state);
  if (reviewFilter.checked) query.set('needs_review', 'true');
  if (siteFilter.value) query.set('site', siteFilter.value);
  if (searchInput.value.trim()) query.set('q', searchInput.value.trim());
  return query;
}

/** Fills the site filter with the configured sites (`GET /api/sites`), keeping the one chosen. */
export async function loadSites(api) {
  const { status, data } = await api('GET', '/api/sites');
  if (status !== 200 || !Array.isArray(data.sites)) return;
  const chosen = siteFilter.value;
  siteFilter.replaceChildren(
    h('option', { value: '' }, 'tous'),
    ...data.sites.map((site) => h('option', { value: site.name, selected: site.name === chosen }, site.default ? `${site.name} (par défaut)` : site.name)),
  );
}

export function isFirstPage() {
  return cursors.length === 1;
}

/** Back to the first page, as after a filter change or a submission. */
export function firstPage() {
  cursors = [null];
}

export function pageLoaded(next) {
  nextCursor = next ?? null;
  nextButton.disabled = nextCursor === null;
  previousButton.disabled = cursors.length === 1;
  pageLabel.textContent = `Page ${cursors.length}`;
}

/** Calls `onChange` when a filter or the page changes; typing in the search waits for a pause. */
export function initListControls(onChange) {
  let typing;
  const changed = () => {
    firstPage();
    onChange();
  };
  reviewFilter.addEventListener('change', changed);
  siteFilter.addEventListener('change', changed);
  searchInput.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(changed, 300);
  });
  byId('list-filters', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    changed();
  });
  nextButton.addEventListener('click', () => {
    if (!nextCursor) return;
    cursors.push(nextCursor);
    onChange();
  });
  previousButton.addEventListener('click', () => {
    if (cursors.length > 1) cursors.pop();
    onChange();
  });
}

/** Attempts, age, the job page's link and, for a waiting job, the remove button. */
export function cardExtras(job, note) {
  const attempts = Number(job.attempts) || 0;
  return h(
    'div',
    { className: 'job-extras' },
    h('span', {}, `${attempts} tentative${attempts > 1 ? 's' : ''}`),
    job.created_at ? h('span', {}, `ajouté ${age(job.created_at)}`) : null,
    h('a', { href: `/job?id=${encodeURIComponent(job.id)}`, className: 'job-link' }, 'Voir le détail'),
    REMOVABLE.has(job.state) && job.state !== 'failed' ? h('button', { type: 'button', className: 'remove', 'data-remove': job.id }, 'Retirer de la file') : null,
    note ? h('span', { className: 'note', role: 'status' }, note) : null,
  );
}
