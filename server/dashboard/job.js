// @ts-check
// The job page: what Plume did with one item, for an editor to review before opening WordPress.
// Everything from the job is shown as text, except the preview: the sanitised HTML the server
// sends is parsed into an inert document and only allowlisted elements and attributes are copied.

import { frenchOrGeneric } from './codes.fr.js';
import { age, byId, CHECK_LABELS, errorCauseFr, h, safeHref, STATE_LABELS, stepLabel } from './dom.js';

const REFRESH_MS = 3000;
const numberFormat = new Intl.NumberFormat('fr-FR');
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const dollars = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });

const RATINGS = { good: 'bon', ok: 'moyen', bad: 'mauvais', feedback: 'à revoir', error: 'erreur' };
const REMOVAL_RULES = { 'photo-caption': 'légende de photo' };
const CALL_KINDS = { write: 'rédaction', revise: 'révision' };
const OUTCOMES = { ok: 'réponse utilisable', truncated: 'réponse coupée', invalid_json: 'JSON invalide', schema_violation: 'forme inattendue', empty: 'réponse vide' };

const main = byId('job', HTMLElement);
const refreshStatus = byId('refresh-status', HTMLElement);
const id = new URLSearchParams(location.search).get('id') ?? '';
let csrf = null;
let shown = '';
/** The last review read: a 304 keeps it. */
let review = null;
let note = '';

/** The review's last ETag: while the job does not change, each poll is an empty 304. */
let etag = null;

async function send(method, path) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (csrf && method !== 'GET') headers['x-plume-csrf'] = csrf;
  if (method === 'GET' && etag) headers['if-none-match'] = etag;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store' });
  const data = response.status === 204 || response.status === 304 ? {} : await response.json().catch(() => ({}));
  return { status: response.status, data, etag: response.headers.get('etag') };
}

// ---- Highlighting ----

/** Text with every occurrence of the passages (case ignored) wrapped in `<mark class>`. */
function highlighted(text, passages, className) {
  const lower = text.toLowerCase();
  const ranges = [];
  for (const passage of passages) {
    const needle = passage.toLowerCase();
    if (needle.length < 3) continue;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) ranges.push([at, at + needle.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const parts = [];
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (start < cursor) continue;
    parts.push(text.slice(cursor, start), h('mark', { className }, text.slice(start, end)));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts;
}

// ---- Preview ----

const PREVIEW_TAGS = new Set(['P', 'H2', 'H3', 'A', 'IMG', 'FIGURE', 'FIGCAPTION', 'STRONG', 'EM', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'BR']);

/** Rebuilds allowlisted nodes with `h`: nothing the HTML holds can run, load a script or style the page. */
function copyAllowed(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const children = [...node.childNodes].map(copyAllowed);
  if (!PREVIEW_TAGS.has(node.tagName)) return children;
  const attributes = {};
  if (node.tagName === 'A') Object.assign(attributes, { href: safeHref(node.getAttribute('href')), rel: 'noopener noreferrer nofollow', target: '_blank' });
  if (node.tagName === 'IMG') Object.assign(attributes, { src: safeHref(node.getAttribute('src')), alt: node.getAttribute('alt') ?? '', loading: 'lazy' });
  return h(node.tagName.toLowerCase(), attributes, ...children);
}

function preview(html) {
  // DOMParser makes an inert document: its scripts never run and its images are not fetched.
  const doc = new DOMParser().parseFromString(String(html), 'text/html');
  return h('div', { className: 'preview', 'data-testid': 'preview' }, [...doc.body.childNodes].map(copyAllowed));
}

// ---- Sections ----

function scoreLine(label, score, target) {
  if (typeof score !== 'number') return null;
  const rating = score > 70 ? 'good' : score > 40 ? 'ok' : 'bad';
  return h('li', { className: `score ${rating}` }, `${label} `, h('strong', {}, String(score)), '/100', typeof target === 'number' ? ` (objectif ${target})` : '');
}

/** Every Yoast assessment of one kind, the weakest first, with its French label and Yoast's 0–9 score. */
function assessmentTable(kind, title, assessments) {
  const rows = assessments.filter((a) => a.kind === kind).sort((a, b) => a.score - b.score);
  const id = `assessments-${kind}`;
  return [
    h('h3', { id }, title),
    rows.length === 0
      ? h('p', {}, 'Aucun critère évalué.')
      : h(
          'div',
          { className: 'table-wrap' },
          h(
            'table',
            { className: 'assessments', 'aria-labelledby': id },
            h('thead', {}, h('tr', {}, ['Critère', 'Note', 'Score'].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              {},
              rows.map((a) =>
                h(
                  'tr',
                  { className: `rating-${a.rating}`, 'data-assessment': a.id },
                  h('th', { scope: 'row' }, a.label_fr),
                  h('td', {}, h('span', { className: `badge rating rating-${a.rating}` }, RATINGS[a.rating] ?? a.rating)),
                  h('td', {}, a.score < 0 ? '—' : `${a.score}/9`),
                ),
              ),
            ),
          ),
        ),
  ];
}

function reportSection(review) {
  const report = review.report;
  if (!report) return null;
  const facts = report.facts;
  const originality = report.originality;
  return h(
    'section',
    { className: 'panel', 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title' }, 'Rapport des vérifications'),
    h(
      'ul',
      { className: 'metrics', 'aria-label': 'Scores' },
      scoreLine('SEO Yoast', report.scores.seo, report.targets?.seo),
      scoreLine('Lisibilité Yoast', report.scores.readability, report.targets?.readability),
      h('li', {}, h('strong', {}, numberFormat.format(report.word_count ?? 0)), ' mots'),
    ),
    assessmentTable('seo', 'Critères SEO Yoast', report.assessments),
    assessmentTable('readability', 'Critères de lisibilité Yoast', report.assessments),
    report.assessments_complete === false ? h('p', { className: 'hint' }, 'Rapport ancien : seuls les critères sous l’objectif ont été gardés.') : null,
    h('h3', {}, 'Faits'),
    h('p', {}, `Vérifiés dans la source : ${facts.checked.numbers} chiffres, ${facts.checked.dates} dates, ${facts.checked.quotes} citations, ${facts.checked.names} noms.`),
    facts.flagged.length === 0
      ? h('p', {}, 'Aucun fait absent de la source.')
      : h(
          'ul',
          { className: 'facts', 'aria-label': 'Faits absents de la source' },
          facts.flagged.map((fact) =>
            h(
              'li',
              {},
              h('strong', {}, `${fact.kind_fr[0].toUpperCase()}${fact.kind_fr.slice(1)} absent de la source : « ${fact.value} »`),
              fact.passage ? h('blockquote', { className: 'passage' }, highlighted(fact.passage, [fact.value], 'fact')) : null,
            ),
          ),
        ),
    h('h3', {}, 'Originalité'),
    originality.applicable
      ? h(
          'p',
          { className: originality.passed ? 'ok' : 'bad' },
          `Texte repris de la source : ${percent.format(originality.ratio)} (limite ${percent.format(originality.threshold)}).`,
        )
      : h('p', {}, 'Non mesurée : la source n’est pas en français.'),
    originality.passages.length > 0
      ? h(
          'ul',
          { className: 'copied', 'aria-label': 'Passages repris de la source' },
          originality.passages.map((p) => h('li', {}, h('mark', { className: 'copied' }, p.text), ` (${p.words} mots)`)),
        )
      : null,
    report.failures.length > 0
      ? h(
          'div',
          { className: 'failures' },
          h('p', {}, 'Points à vérifier :'),
          h('ul', {}, report.failures.map((f) => h('li', {}, h('span', { className: 'check' }, CHECK_LABELS[f.check] ?? f.check), ` ${f.message_fr ?? f.label_fr}`))),
        )
      : null,
  );
}

function sideBySide(review) {
  const copied = review.report?.originality.passages.map((p) => p.text) ?? [];
  const source = review.source;
  const article = review.article;
  if (!source && !article) return null;
  return h(
    'section',
    { className: 'panel', 'aria-labelledby': 'compare-title' },
    h('h2', { id: 'compare-title' }, 'Source et article côte à côte'),
    h('p', { className: 'hint' }, h('mark', { className: 'copied' }, 'Surligné'), ' : passage repris mot pour mot.'),
    h(
      'div',
      { className: 'columns' },
      h(
        'article',
        { className: 'column', 'aria-labelledby': 'source-title' },
        h('h3', { id: 'source-title' }, 'Source nettoyée'),
        source
          ? [
              source.title ? h('p', { className: 'doc-title' }, source.title) : null,
              source.paragraphs.map((p) => h('p', {}, highlighted(p, copied, 'copied'))),
              h(
                'details',
                {},
                h('summary', {}, `Retiré au nettoyage (${source.removed.length})`),
                source.removed.length === 0
                  ? h('p', {}, 'Rien.')
                  : h('ul', {}, source.removed.map((r) => h('li', {}, h('span', { className: 'check' }, REMOVAL_RULES[r.rule] ?? r.rule), ` ${r.text}`))),
              ),
            ]
          : h('p', {}, 'Pas encore nettoyée.'),
      ),
      h(
        'article',
        { className: 'column', 'aria-labelledby': 'article-title' },
        h('h3', { id: 'article-title' }, 'Article rédigé'),
        article
          ? [
              h('p', { className: 'doc-title' }, article.title),
              h('p', { className: 'meta' }, `Méta-description : ${article.meta_description}`),
              article.paragraphs.map((p) => (p.kind === 'heading' ? h('h4', {}, p.text) : h('p', { className: p.kind }, highlighted(p.text, copied, 'copied')))),
            ]
          : h('p', {}, 'Pas encore rédigé.'),
      ),
    ),
  );
}

function callsSection(review) {
  if (review.calls.length === 0) return null;
  return h(
    'section',
    { className: 'panel', 'aria-labelledby': 'calls-title' },
    h('h2', { id: 'calls-title' }, 'Appels au modèle'),
    h(
      'div',
      { className: 'table-wrap' },
      h(
        'table',
        { className: 'calls' },
        h('thead', {}, h('tr', {}, ['Appel', 'Résultat', 'Modèle', 'Jetons envoyés', 'Jetons reçus', 'Coût estimé'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          review.calls.map((call, index) => {
            const cost = review.model_calls_cost[index];
            return h(
              'tr',
              {},
              h('td', {}, `${index + 1}. ${CALL_KINDS[call.kind] ?? call.kind}`),
              h('td', {}, OUTCOMES[call.outcome] ?? call.outcome),
              h('td', {}, call.model),
              h('td', {}, numberFormat.format(call.tokens?.prompt ?? 0)),
              h('td', {}, numberFormat.format(call.tokens?.completion ?? 0)),
              h('td', {}, typeof cost === 'number' ? dollars.format(cost) : '—'),
            );
          }),
        ),
      ),
    ),
    typeof review.cost_usd === 'number' ? h('p', {}, `Coût total estimé : ${dollars.format(review.cost_usd)}`) : null,
  );
}

function headSection(review) {
  const job = review.job;
  const label = STATE_LABELS[job.state] ?? job.state;
  const step = job.state === 'active' ? stepLabel(job.progress?.step) : undefined;
  const edit = safeHref(review.edit_url);
  const title = review.article?.title ?? job.source?.title ?? 'Article sans titre';
  return h(
    'section',
    { className: 'panel head' },
    h('h1', {}, title),
    h(
      'p',
      { className: 'job-head' },
      h('span', { className: `badge state state-${job.state}` }, step ? `${label} — ${step}` : label),
      job.result?.needs_review ? h('span', { className: 'badge review' }, 'à relire') : null,
      h('span', { className: 'job-date' }, `ajouté ${age(job.created_at)} · ${job.attempts} tentative${job.attempts > 1 ? 's' : ''}`),
    ),
    job.source?.url && safeHref(job.source.url) ? h('p', {}, 'Source : ', h('a', { href: safeHref(job.source.url), target: '_blank', rel: 'noopener noreferrer' }, job.source.url)) : null,
    h(
      'div',
      { className: 'actions' },
      edit ? h('a', { className: 'button primary', href: edit, target: '_blank', rel: 'noopener noreferrer' }, 'Ouvrir le brouillon dans WordPress') : null,
      job.state === 'failed' ? h('button', { type: 'button', 'data-action': 'retry' }, 'Réessayer') : null,
      note ? h('span', { className: 'note', role: 'status' }, note) : null,
    ),
    job.error && job.state !== 'completed'
      ? h(
          'div',
          { className: job.state === 'failed' ? 'error-box' : 'last-error' },
          h('p', { className: 'error-title' }, job.state === 'failed' ? `Échec à l’étape « ${stepLabel(job.error.step) ?? 'inconnue'} »` : `Dernier échec (${stepLabel(job.error.step) ?? 'étape inconnue'}) ; nouvel essai prévu`),
          h('p', { className: 'error-summary' }, errorCauseFr(job.error)),
          h('details', { className: 'error-detail' }, h('summary', {}, 'Détail technique'), h('p', { className: 'error-message' }, job.error.message ?? '')),
        )
      : null,
    review.warnings_fr.length > 0 ? h('div', { className: 'failures warnings' }, h('p', {}, 'À savoir :'), h('ul', {}, review.warnings_fr.map((w) => h('li', {}, w)))) : null,
  );
}

function render(review) {
  main.replaceChildren(
    ...[
      headSection(review),
      reportSection(review),
      sideBySide(review),
      review.article?.preview_html
        ? h('section', { className: 'panel', 'aria-labelledby': 'preview-title' }, h('h2', { id: 'preview-title' }, 'Aperçu de l’article'), preview(review.article.preview_html))
        : null,
      callsSection(review),
    ].filter(Boolean),
  );
  document.title = `Plume — ${review.article?.title ?? review.job.source?.title ?? 'article'}`;
}

async function load() {
  try {
    const answer = await send('GET', `/api/articles/${encodeURIComponent(id)}/review`);
    const { status, data } = answer;
    if (status === 401) {
      main.replaceChildren(h('p', { className: 'error-box' }, 'Session expirée ou fermée : ', h('a', { href: '/' }, 'reconnectez-vous'), ' avec le jeton d’API.'));
      return;
    }
    if (status === 404) {
      main.replaceChildren(h('p', { className: 'error-box' }, 'Cet article n’existe pas ou a été retiré de la file.'));
      return;
    }
    if (status === 200) {
      etag = answer.etag;
      review = data;
    } else if (status !== 304 || !review) throw new Error(String(status));
    const signature = JSON.stringify([etag, note]);
    if (signature !== shown) {
      shown = signature;
      render(review);
    }
    refreshStatus.textContent = `Mis à jour à ${new Date().toLocaleTimeString('fr-FR')}`;
  } catch {
    refreshStatus.textContent = 'Serveur injoignable, nouvel essai…';
  }
  setTimeout(load, REFRESH_MS);
}

main.addEventListener('click', async (event) => {
  if (!(event.target instanceof Element)) return;
  /** @type {HTMLButtonElement | null} */
  const button = event.target.closest('button[data-action="retry"]');
  if (!button) return;
  button.disabled = true;
  const { status, data } = await send('POST', `/api/articles/${encodeURIComponent(id)}/retry`);
  note = status === 202 ? 'Relancé.' : `Relance impossible : ${frenchOrGeneric(data, status)}`;
  shown = '';
});

const session = await send('GET', '/api/session').catch(() => ({ status: 0, data: {} }));
csrf = typeof session.data.csrf === 'string' ? session.data.csrf : null;
void load();
