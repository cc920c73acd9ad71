// @ts-check
// Plume's editor dashboard: one ES module, no build step. Every piece of job data reaches the
// page through text nodes and attributes (see `h`), never as HTML.
//
// The API token is typed once to sign in and never kept: the server answers with an HttpOnly
// session cookie (scripts cannot read it) and a CSRF value, held in memory only and sent in
// `X-Plume-CSRF` on every request that changes something.

import { initBatch } from './batch.js';
import { byId, CHECK_LABELS, h, safeHref, STATE_LABELS, stepLabel } from './dom.js';
import { cardExtras, firstPage, initListControls, isFirstPage, listQuery, loadSites, pageLoaded } from './list.js';
import { frenchForCode, frenchOrGeneric } from './codes.fr.js';

const REFRESH_MS = 3000;
const LIST_LIMIT = 50;
const SOURCE_FIELDS = ['text', 'html', 'url'];


const dateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const numberFormat = new Intl.NumberFormat('fr-FR');

const tokenForm = byId('token-form', HTMLFormElement);
const tokenInput = byId('token', HTMLInputElement);
const tokenStatus = byId('token-status', HTMLElement);
const signInButton = byId('sign-in', HTMLButtonElement);
const signOutButton = byId('sign-out', HTMLButtonElement);
const form = byId('article-form', HTMLFormElement);
const formError = byId('form-error', HTMLElement);
const formStatus = byId('form-status', HTMLElement);
const submitButton = byId('submit', HTMLButtonElement);
const stateFilter = byId('state-filter', HTMLSelectElement);
const refreshStatus = byId('refresh-status', HTMLElement);
const list = byId('jobs', HTMLElement);
const emptyNote = byId('jobs-empty', HTMLElement);

/** The session's CSRF value; `null` while signed out. @type {string | null} */
let csrf = null;
/** The job just submitted: shown first, with a note when it was already queued. */
let pinned = null;
/** Per-job messages from the retry button, kept across refreshes. */
const notes = new Map();
/** id → { element, signature }: a card is rebuilt only when its data changed, so refreshes do not flicker. */
const cards = new Map();

/** The server refused the session (expired, signed out elsewhere, token changed). */
class SessionEnded extends Error {}

// ---- API ----

/**
 * `contentType` given: `body` is sent as is (a CSV or JSON Lines batch); otherwise as JSON.
 * `etag`: a poll's last ETag, sent in If-None-Match; the server answers 304 while nothing changed.
 */
async function send(method, path, body, contentType, etag) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (etag) headers['if-none-match'] = etag;
  if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
  if (csrf && method !== 'GET') headers['x-plume-csrf'] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
    credentials: 'same-origin',
    // The page keeps the last answer itself: the browser's cache must not turn a 304 into a 200.
    cache: 'no-store',
  });
  const data = response.status === 204 || response.status === 304 ? {} : await response.json().catch(() => ({}));
  return { status: response.status, data, retryAfter: response.headers.get('retry-after'), etag: response.headers.get('etag') };
}

async function api(method, path, body, contentType, etag) {
  const answer = await send(method, path, body, contentType, etag);
  if (answer.status === 401) {
    signedOut('Session expirée ou fermée : reconnectez-vous avec le jeton d’API.', 'error');
    throw new SessionEnded();
  }
  return answer;
}

// ---- Session ----

function setTokenStatus(text, kind) {
  tokenStatus.textContent = text;
  tokenStatus.className = `token-status ${kind ?? ''}`;
  tokenInput.setAttribute('aria-invalid', kind === 'error' ? 'true' : 'false');
}

/** Shows the sign-in form or the sign-out button. */
function showSignedIn(signedIn) {
  for (const element of [tokenForm.querySelector('label'), tokenInput, signInButton]) if (element) element.hidden = signedIn;
  signOutButton.hidden = !signedIn;
}

function signedIn(value) {
  csrf = value;
  showSignedIn(true);
  setTokenStatus('Connecté.', 'ok');
  loadSites(api).catch(() => {});
  void refresh();
}

/** Drops everything the session gave: the CSRF value and the jobs it listed. */
function signedOut(message, kind) {
  csrf = null;
  pinned = null;
  lastPage = { path: '', etag: null, data: null };
  showSignedIn(false);
  setTokenStatus(message, kind);
  for (const card of cards.values()) card.element.remove();
  cards.clear();
  emptyNote.textContent = 'Connectez-vous avec le jeton d’API pour voir et ajouter des articles.';
  emptyNote.hidden = false;
  refreshStatus.textContent = '';
}

tokenForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (!token) {
    setTokenStatus('Saisissez le jeton d’API.', 'error');
    tokenInput.focus();
    return;
  }
  signInButton.disabled = true;
  try {
    const { status, data, retryAfter } = await send('POST', '/api/session', { token });
    if (status === 201 && typeof data.csrf === 'string') {
      tokenInput.value = '';
      signedIn(data.csrf);
    } else if (status === 401) {
      setTokenStatus('Jeton refusé par le serveur : vérifiez le jeton d’API (PLUME_API_TOKEN).', 'error');
    } else if (status === 429) {
      setTokenStatus(`Trop d’essais refusés : réessayez dans ${retryAfter ?? 60} s.`, 'error');
    } else {
      setTokenStatus(`Connexion impossible : ${frenchOrGeneric(data, status)}`, 'error');
    }
  } catch {
    setTokenStatus('Serveur injoignable : réessayez dans un instant.', 'error');
  } finally {
    signInButton.disabled = false;
  }
});

signOutButton.addEventListener('click', async () => {
  signOutButton.disabled = true;
  try {
    await send('DELETE', '/api/session');
  } finally {
    signOutButton.disabled = false;
    signedOut('Déconnecté.', 'info');
  }
});

// ---- Submission form ----

/** A named control of the submission form (an input, a textarea or the radio group). */
function control(name) {
  return /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
}

/** @returns {string} The chosen source field: text, html or url. */
function currentKind() {
  return control('kind').value;
}

function showKind() {
  const kind = currentKind();
  for (const field of form.querySelectorAll('[data-kind]')) if (field instanceof HTMLElement) field.hidden = field.dataset.kind !== kind;
}

function clearErrors() {
  formError.hidden = true;
  formError.textContent = '';
  for (const error of form.querySelectorAll('.field-error')) error.textContent = '';
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/** Puts each API issue next to its field; what matches no field goes above the form. */
function showIssues(issues) {
  const kind = currentKind();
  const general = [];
  let first;
  for (const issue of issues) {
    const [name = '', index] = String(issue.field).split('.');
    // Only the chosen source is sent, so a source problem belongs to the visible source field.
    const target = SOURCE_FIELDS.includes(name) ? kind : name;
    const slot = form.querySelector(`.field[data-field="${CSS.escape(target)}"]`);
    const message = frenchOrGeneric(issue);
    if (!slot) {
      general.push(message);
      continue;
    }
    const error = slot.querySelector('.field-error');
    const text = name === 'tags' && index !== undefined ? `Étiquette n° ${Number(index) + 1} : ${message}` : message;
    if (error) error.textContent = error.textContent ? `${error.textContent} ${text}` : text;
    /** @type {HTMLInputElement | HTMLTextAreaElement | null} */
    const input = slot.querySelector('input, textarea');
    input?.setAttribute('aria-invalid', 'true');
    first ??= input ?? undefined;
  }
  if (general.length > 0) {
    formError.textContent = general.join(' ');
    formError.hidden = false;
  }
  first?.focus();
}

/** @returns {Record<string, string | string[]>} The item as the API takes it, empty fields left out. */
function payloadFromForm() {
  /** @param {string} name */
  const value = (name) => control(name).value.trim();
  const kind = currentKind();
  /** @type {Record<string, string | string[]>} */
  const payload = { [kind]: kind === 'html' ? control('html').value : value(kind) };
  for (const name of ['title', 'focus_keyword', 'category', 'image_url']) if (value(name)) payload[name] = value(name);
  const tags = value('tags')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  if (tags.length > 0) payload.tags = tags;
  return payload;
}

form.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.name === 'kind') showKind();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  formStatus.textContent = '';
  if (!csrf) {
    formStatus.textContent = 'Connectez-vous d’abord avec le jeton d’API, en haut de la page.';
    tokenInput.focus();
    return;
  }
  submitButton.disabled = true;
  formStatus.textContent = 'Envoi…';
  try {
    const { status, data } = await api('POST', '/api/articles', payloadFromForm());
    if (status === 400) {
      formStatus.textContent = 'La dépêche n’a pas été mise en file : corrigez les champs signalés.';
      showIssues(Array.isArray(data.issues) ? data.issues : [{ field: '(body)', code: data.code, params: data.params }]);
      return;
    }
    if (status !== 200 && status !== 202) {
      formStatus.textContent = frenchOrGeneric(data, status);
      return;
    }
    pinned = { id: data.id, duplicate: data.duplicate === true };
    formStatus.textContent = pinned.duplicate
      ? 'Cette source est déjà en file : aucun nouvel article n’a été créé.'
      : 'Dépêche mise en file.';
    const kind = currentKind();
    form.reset();
    const chosen = form.querySelector(`input[name="kind"][value="${kind}"]`);
    if (chosen instanceof HTMLInputElement) chosen.checked = true;
    // The new job must be visible whatever the list was filtered on.
    stateFilter.value = '';
    firstPage();
    await refresh();
  } catch (error) {
    formStatus.textContent =
      error instanceof SessionEnded ? 'Session expirée : rien n’a été envoyé.' : 'Serveur injoignable : la dépêche n’a pas été envoyée.';
  } finally {
    submitButton.disabled = false;
  }
});

// ---- Job list ----

function stateBadge(job) {
  const label = STATE_LABELS[job.state] ?? job.state;
  const step = job.state === 'active' ? stepLabel(job.progress?.step) : undefined;
  return h('span', { className: `badge state state-${job.state}` }, step ? `${label} — ${step}` : label);
}

function scoreItem(label, score) {
  if (typeof score !== 'number') return null;
  // Yoast's own traffic light for its 0–100 scores.
  const rating = score > 70 ? 'good' : score > 40 ? 'ok' : 'bad';
  return h('li', { className: `score ${rating}` }, `${label} `, h('strong', {}, String(score)), '/100');
}

// Findings and warnings come with a French text for editors (`message_fr`, `warnings_fr`); the
// English ones are for logs and never shown. Results from before the French texts get a French stand-in.
function failureText(failure) {
  if (typeof failure.message_fr === 'string' && failure.message_fr !== '') return failure.message_fr;
  return `Point signalé${failure.id ? ` (${failure.id})` : ''} : détail dans le rapport de l’article.`;
}

function warningTexts(result) {
  if (Array.isArray(result.warnings_fr)) return result.warnings_fr.map(String);
  const count = Array.isArray(result.warnings) ? result.warnings.length : 0;
  return count > 0 ? [`${count} avertissement${count > 1 ? 's' : ''} : détail dans le rapport de l’article.`] : [];
}

function resultBlock(result) {
  const scores = result.scores ?? {};
  const failures = Array.isArray(result.report?.failures) ? result.report.failures : [];
  const warnings = warningTexts(result);
  const editHref = safeHref(result.edit_url);
  return h(
    'div',
    { className: 'result' },
    h(
      'div',
      { className: 'result-head' },
      h('h3', { className: 'article-title' }, result.title ?? 'Article sans titre'),
      result.needs_review ? h('span', { className: 'badge review' }, 'à relire') : null,
    ),
    h(
      'ul',
      { className: 'metrics', 'aria-label': 'Indicateurs de l’article' },
      scoreItem('SEO', scores.seo),
      scoreItem('Lisibilité', scores.readability),
      h('li', {}, h('strong', {}, numberFormat.format(result.word_count ?? 0)), ' mots'),
      result.focus_keyword ? h('li', {}, 'Mot-clé : ', h('strong', {}, result.focus_keyword)) : null,
    ),
    result.needs_review && failures.length > 0
      ? h(
          'div',
          { className: 'failures' },
          h('p', {}, 'Points à vérifier :'),
          h('ul', {}, failures.map((f) => h('li', {}, f.check ? h('span', { className: 'check' }, CHECK_LABELS[f.check] ?? f.check) : null, ` ${failureText(f)}`))),
        )
      : null,
    warnings.length > 0 ? h('div', { className: 'failures warnings' }, h('p', {}, 'À savoir :'), h('ul', {}, warnings.map((w) => h('li', {}, w)))) : null,
    editHref ? h('a', { className: 'button', href: editHref, target: '_blank', rel: 'noopener noreferrer' }, 'Ouvrir le brouillon') : null,
  );
}

// Plume's errors are written in English for logs; editors get what their code means, in French,
// and the original under « Détail technique », folded.
function errorSummary(error) {
  const french = frenchForCode(error);
  if (french) return french;
  if (error.retryable === true) return 'Erreur passagère : un nouvel essai peut suffire.';
  if (error.retryable === false) return 'Un nouvel essai n’y changera rien : corrigez d’abord la source ou la configuration.';
  return 'Erreur inattendue.';
}

function technicalDetail(message) {
  return h('details', { className: 'error-detail' }, h('summary', {}, 'Détail technique'), h('p', { className: 'error-message' }, message));
}

function errorBlock(job) {
  const { step } = job.error;
  const message = String(job.error.message ?? 'erreur inconnue');
  const summary = errorSummary(job.error);
  const label = stepLabel(step);
  const note = notes.get(job.id);
  if (job.state === 'failed') {
    return h(
      'div',
      { className: 'error-box' },
      h('p', { className: 'error-title' }, label ? `Échec à l’étape « ${label} »` : 'Échec', job.attempts > 1 ? ` (après ${job.attempts} tentatives)` : ''),
      h('p', { className: 'error-summary' }, summary),
      technicalDetail(message),
      h(
        'div',
        { className: 'error-actions' },
        h('button', { type: 'button', className: 'retry', 'data-retry': job.id }, 'Réessayer'),
        note ? h('span', { className: 'note', role: 'status' }, note) : null,
      ),
    );
  }
  const lead = job.state === 'delayed' ? 'Nouvel essai automatique prévu. Dernier échec' : 'Dernier échec';
  return h('div', { className: 'last-error' }, h('p', {}, `${lead}${label ? ` (${label})` : ''} : ${summary}`), technicalDetail(message));
}

function progressBlock(job) {
  const percent = Number(job.progress?.percent);
  if (job.state !== 'active' || !Number.isFinite(percent)) return null;
  return h('progress', { max: 100, value: percent, 'aria-label': `Avancement : ${percent} %` });
}

function cardContent(job) {
  const source = job.source ?? {};
  const sourceHref = safeHref(source.url);
  const created = job.created_at ? dateFormat.format(new Date(job.created_at)) : '';
  return [
    h(
      'div',
      { className: 'job-head' },
      stateBadge(job),
      pinned?.id === job.id && pinned.duplicate ? h('span', { className: 'badge duplicate' }, 'déjà en file') : null,
      h('span', { className: 'job-date' }, created ? `ajouté le ${created}` : ''),
    ),
    progressBlock(job),
    cardExtras(job, notes.get(job.id)),
    h(
      'p',
      { className: 'source' },
      h('span', { className: 'source-title' }, source.title ?? 'Source sans titre'),
      sourceHref ? h('a', { className: 'source-url', href: sourceHref, target: '_blank', rel: 'noopener noreferrer' }, source.url) : null,
    ),
    job.state === 'completed' && job.result ? resultBlock(job.result) : null,
    job.error && job.state !== 'completed' ? errorBlock(job) : null,
  ];
}

function renderJobs(jobs) {
  const seen = new Set();
  let previous = null;
  for (const job of jobs) {
    seen.add(job.id);
    const signature = JSON.stringify([job, pinned?.id === job.id && pinned.duplicate, notes.get(job.id)]);
    let card = cards.get(job.id);
    if (!card) {
      card = { element: h('li', { className: 'job', 'data-job-id': job.id }), signature: '' };
      cards.set(job.id, card);
    }
    if (card.signature !== signature) {
      card.element.className = `job job-${job.state}`;
      card.element.replaceChildren(...cardContent(job).filter(Boolean));
      card.signature = signature;
    }
    // Moved only when out of place, so an unchanged list leaves the DOM untouched.
    const expected = previous ? previous.nextSibling : list.firstChild;
    if (expected !== card.element) list.insertBefore(card.element, expected);
    previous = card.element;
  }
  for (const [id, card] of cards) {
    if (!seen.has(id)) {
      card.element.remove();
      cards.delete(id);
    }
  }
  emptyNote.hidden = jobs.length > 0;
  emptyNote.textContent = stateFilter.value ? 'Aucun article dans cet état.' : 'Aucun article pour l’instant.';
}

list.addEventListener('click', async (event) => {
  if (!(event.target instanceof Element)) return;
  /** @type {HTMLButtonElement | null} */
  const remove = event.target.closest('button[data-remove]');
  if (remove) {
    const id = remove.dataset.remove ?? '';
    remove.disabled = true;
    try {
      const { status, data } = await api('DELETE', `/api/articles/${encodeURIComponent(id)}`);
      if (status === 204) notes.delete(id);
      else notes.set(id, `Retrait impossible : ${frenchOrGeneric(data, status)}`);
    } catch (error) {
      notes.set(id, error instanceof SessionEnded ? 'Session expirée.' : 'Serveur injoignable.');
    }
    await refresh();
    return;
  }
  /** @type {HTMLButtonElement | null} */
  const button = event.target.closest('button[data-retry]');
  if (!button) return;
  const id = button.dataset.retry ?? '';
  button.disabled = true;
  notes.set(id, 'Relance…');
  try {
    const { status, data } = await api('POST', `/api/articles/${encodeURIComponent(id)}/retry`);
    if (status === 202) notes.delete(id);
    else notes.set(id, `Relance impossible : ${frenchOrGeneric(data, status)}`);
  } catch (error) {
    notes.set(id, error instanceof SessionEnded ? 'Session expirée.' : 'Serveur injoignable.');
  }
  await refresh();
});

// ---- Refresh loop ----

let timer;
let running = false;
let again = false;

/**
 * The last page read, its address and ETag: a poll answered 304 reuses it without parsing anything.
 * @type {{ path: string; etag: string | null; data: any }}
 */
let lastPage = { path: '', etag: null, data: null };

async function loadJobs() {
  const state = stateFilter.value;
  const path = `/api/articles?${listQuery(state, LIST_LIMIT)}`;
  const known = lastPage.path === path ? lastPage : null;
  const { status, data, etag } = await api('GET', path, undefined, undefined, known?.etag);
  let page = data;
  if (status === 304 && known) page = known.data;
  else if (status === 200) lastPage = { path, etag, data };
  else throw new Error(frenchOrGeneric(data, status));
  pageLoaded(page.next_cursor);
  const jobs = page.articles;
  if (pinned && isFirstPage()) {
    let job = jobs.find((j) => j.id === pinned.id);
    // A duplicate may be older than the listed ones: it is fetched on its own.
    if (!job && !state) {
      const one = await api('GET', `/api/articles/${encodeURIComponent(pinned.id)}`);
      if (one.status === 200) job = one.data;
      else pinned = null;
    }
    if (job) return [job, ...jobs.filter((j) => j !== job)];
  }
  return jobs;
}

/** Reloads the list now; calls made while one is running fold into a single follow-up. */
async function refresh() {
  if (running) {
    again = true;
    return;
  }
  clearTimeout(timer);
  running = true;
  try {
    if (!csrf || document.hidden) return;
    const jobs = await loadJobs();
    renderJobs(jobs);
    refreshStatus.textContent = `Mis à jour à ${timeFormat.format(new Date())}`;
    refreshStatus.classList.remove('stale');
  } catch (error) {
    if (!(error instanceof SessionEnded)) {
      refreshStatus.textContent = 'Serveur injoignable, nouvel essai…';
      refreshStatus.classList.add('stale');
    }
  } finally {
    running = false;
    if (again) {
      again = false;
      void refresh();
    } else {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }
}

stateFilter.addEventListener('change', () => {
  firstPage();
  void refresh();
});
initListControls(() => void refresh());
initBatch({
  api,
  isSignedIn: () => csrf !== null,
  onQueued: () => {
    firstPage();
    void refresh();
  },
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) void refresh();
});

/** A reload keeps the session (the cookie); its CSRF value is asked again. */
async function resumeSession() {
  try {
    const { status, data } = await send('GET', '/api/session');
    if (status === 200 && typeof data.csrf === 'string') return signedIn(data.csrf);
    signedOut('Saisissez le jeton d’API pour voir et ajouter des articles.', 'info');
  } catch {
    signedOut('Serveur injoignable : rechargez la page dans un instant.', 'error');
  }
}

showKind();
void resumeSession();
