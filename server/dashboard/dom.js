// @ts-check
// What every dashboard page builds its DOM with. Job data reaches the page only through text
// nodes and attributes, never parsed as HTML.
import { frenchForCode } from './codes.fr.js';

/** Creates an element; strings become text nodes, so data is never parsed as markup. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = value;
    else element.setAttribute(name, String(value));
  }
  // `append` turns strings into text nodes.
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null && child !== false) element.append(child);
  return element;
}

/**
 * The page's element with this id, of the type the page needs; a missing one is a bug of the page,
 * said at once rather than as a `null` later.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T; prototype: T }} type
 * @returns {T}
 */
export function byId(id, type) {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is missing or not the expected element`);
  return element;
}

/** Only http(s) addresses become links: a `javascript:` URL in the data must stay text. */
export function safeHref(value) {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export const STATE_LABELS = {
  waiting: 'en attente',
  prioritized: 'en attente',
  'waiting-children': 'en attente',
  active: 'en cours',
  completed: 'terminé',
  failed: 'échec',
  delayed: 'différé',
};

// Steps as the job reports them (`progress.step`, `error.step`); sub-steps such as
// `wordpress.createPost` are named after their first part.
export const STEP_LABELS = {
  clean: 'nettoyage de la source',
  write: 'rédaction',
  check: 'vérification',
  revise: 'révision',
  publish: 'publication',
  wordpress: 'WordPress',
  done: 'finalisation',
  job: 'traitement',
};

// Checks as the report names them (`failure.check`).
export const CHECK_LABELS = {
  yoast: 'Yoast',
  form: 'forme',
  facts: 'faits',
  originality: 'originalité',
};

export function stepLabel(step) {
  if (typeof step !== 'string' || step === '') return undefined;
  return STEP_LABELS[step] ?? STEP_LABELS[step.split('.')[0]] ?? step;
}

const relative = new Intl.RelativeTimeFormat('fr-FR', { numeric: 'auto' });

/** "il y a 5 minutes": how long ago an ISO date was. */
export function age(iso, now = Date.now()) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (!Number.isFinite(seconds)) return '';
  /** @type {Array<[Intl.RelativeTimeFormatUnit, number]>} */
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(seconds, 'second');
}

// What a failed step means for an editor when its error carries no code this page knows (a job
// failed by an older Plume); the English message stays folded under « Détail technique ».
const STEP_CAUSES = {
  clean: 'La source n’a pas pu être téléchargée ou nettoyée.',
  write: 'Le modèle de langue n’a pas pu rédiger l’article.',
  revise: 'Le modèle de langue n’a pas pu réviser l’article.',
  check: 'Les vérifications de l’article n’ont pas pu être faites.',
  publish: 'Le brouillon n’a pas pu être enregistré dans WordPress.',
  wordpress: 'WordPress n’a pas accepté le brouillon ou n’a pas répondu.',
};

/** The cause of a failure in French, from its code (else its step), and what to do; never its English message. */
export function errorCauseFr(error) {
  const action =
    error.retryable === false
      ? ' Un nouvel essai n’y changera rien : corrigez d’abord la source ou la configuration.'
      : ' Erreur passagère : réessayez quand le service répondra de nouveau.';
  const step = typeof error.step === 'string' ? error.step.split('.')[0] : '';
  return `${frenchForCode(error) ?? STEP_CAUSES[step] ?? 'Le traitement a échoué.'}${action}`;
}
