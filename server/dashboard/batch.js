// @ts-check
// The batch form: URLs pasted one a line, or a CSV / JSON Lines file, sent to
// `POST /api/articles/batch`; each line's outcome is listed, in French.

import { frenchOrGeneric } from './codes.fr.js';
import { byId, h } from './dom.js';


function lineReason(result) {
  const issues = Array.isArray(result.issues) ? result.issues : [];
  if (issues.length === 0) return 'refusée';
  return issues
    .map((issue) => {
      const field = issue.field === '(line)' || issue.field === '(body)' ? '' : `${issue.field} : `;
      return `${field}${frenchOrGeneric(issue)}`;
    })
    .join(' ; ');
}

function resultItem(result, label) {
  const link = result.id ? h('a', { href: `/job?id=${encodeURIComponent(result.id)}` }, 'voir l’article') : null;
  if (result.status === 'queued') return h('li', { className: 'batch-queued' }, `${label} : mise en file — `, link);
  if (result.status === 'duplicate') return h('li', { className: 'batch-duplicate' }, `${label} : déjà en file — `, link);
  return h('li', { className: 'batch-refused' }, `${label} : refusée — ${lineReason(result)}`);
}

/** `api(method, path, body, contentType)` is the dashboard's authenticated call. */
export function initBatch({ api, isSignedIn, onQueued }) {
  const form = byId('batch-form', HTMLFormElement);
  const urls = byId('batch-urls', HTMLTextAreaElement);
  const file = byId('batch-file', HTMLInputElement);
  const status = byId('batch-status', HTMLElement);
  const results = byId('batch-results', HTMLElement);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    results.replaceChildren();
    if (!isSignedIn()) {
      status.textContent = 'Connectez-vous d’abord avec le jeton d’API, en haut de la page.';
      return;
    }
    let body;
    let contentType;
    let labels;
    const chosen = file.files?.[0];
    if (chosen) {
      body = await chosen.text();
      contentType = /\.csv$/i.test(chosen.name) || chosen.type === 'text/csv' ? 'text/csv' : 'application/x-ndjson';
    } else {
      const lines = urls.value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
      if (lines.length === 0) {
        status.textContent = 'Collez au moins une adresse, une par ligne, ou choisissez un fichier.';
        urls.focus();
        return;
      }
      body = lines.map((url) => ({ url }));
      labels = lines;
    }
    status.textContent = 'Envoi du lot…';
    try {
      const { status: code, data } = await api('POST', '/api/articles/batch', body, contentType);
      if (code === 400) {
        // The issue's code says why the whole batch was refused; `batch_invalid` only that it was.
        const why = Array.isArray(data.issues) && data.issues[0] ? data.issues[0] : data;
        status.textContent = `Lot refusé : ${frenchOrGeneric(why, code)}`;
        return;
      }
      if (code !== 200) {
        status.textContent = `${frenchOrGeneric(data, code)} Les lignes déjà en file ne seront pas doublées.`;
        return;
      }
      status.textContent = `${data.queued} mise(s) en file, ${data.duplicate} déjà en file, ${data.refused} refusée(s).`;
      results.replaceChildren(
        ...data.results.map((result) => resultItem(result, labels ? `Ligne ${result.line} (${labels[result.line - 1]})` : `Ligne ${result.line}`)),
      );
      if (data.queued > 0) {
        form.reset();
        onQueued();
      }
    } catch {
      status.textContent = 'Lot non envoyé : session expirée ou serveur injoignable.';
    }
  });
}
