// @ts-check
// What each error code of the API (errors/codes.ts) means for an editor, in French: the page
// translates codes, never English messages. `p` holds the error's `params`. A unit test checks
// that every code the API can return has a label here, and every label a code.

/** A job's state as `params.state` names it (BullMQ's), in French. */
const JOB_STATES_FR = { active: 'en cours', completed: 'terminée', waiting: 'en attente', delayed: 'différée', failed: 'en échec', prioritized: 'en attente' };

/** @type {Record<string, (p: Record<string, string | number>) => string>} */
export const CODE_LABELS_FR = {
  // Cleaning the source
  source_missing: () => 'La dépêche n’a ni texte ni page HTML.',
  source_too_short: (p) => `Une fois nettoyée, la source ne compte que ${p.words} mots (il en faut ${p.min}).`,
  source_no_article: () => 'La page ne contient pas d’article à extraire.',
  source_html_too_complex: () => 'La page HTML est trop grande ou trop imbriquée pour être nettoyée.',
  source_processing_limit: () => 'Le traitement de la source a dépassé une limite (temps, mémoire ou imbrication) : un nouvel essai n’y changera rien.',
  source_url_refused: () => 'Adresse refusée : elle mène à un réseau interne.',
  source_unreadable: () => 'La page est trop grande ou illisible.',
  source_fetch_failed: () => 'La page n’a pas pu être téléchargée : un nouvel essai peut suffire.',
  source_http_unavailable: (p) => `Le site de la source répond « erreur ${p.status} » : un nouvel essai peut suffire.`,
  source_http_refused: (p) => `Le site de la source répond « erreur ${p.status} » : vérifiez l’adresse.`,
  source_not_html: () => 'L’adresse ne mène pas à une page web (HTML).',
  thread_start_timeout: () => 'Le serveur était trop occupé pour commencer le travail : un nouvel essai peut suffire.',
  // The model
  model_aborted: () => 'L’appel au modèle a été interrompu (arrêt du serveur) : il reprendra.',
  model_timeout: () => 'Le modèle n’a pas répondu à temps : un nouvel essai peut suffire.',
  model_unreachable: () => 'Le modèle est injoignable : un nouvel essai peut suffire.',
  model_rate_limited: (p) => `Le modèle demande d’attendre (${p.seconds} s) : la dépêche repartira seule.`,
  model_auth_refused: () => 'Le modèle refuse la clé d’API : à corriger dans la configuration (OPENAI_API_KEY).',
  model_unknown: (p) => `Le modèle « ${p.model} » est inconnu du service : à corriger dans la configuration (OPENAI_MODEL).`,
  model_unavailable: (p) => `Le service du modèle est en panne (erreur ${p.status}) : un nouvel essai peut suffire.`,
  model_request_rejected: (p) => `Le service du modèle refuse la requête (erreur ${p.status}) : à corriger dans la configuration.`,
  model_call_failed: () => 'L’appel au modèle a échoué : un nouvel essai peut suffire.',
  model_no_usable_answer: (p) => `Le modèle n’a donné aucun article utilisable en ${p.calls} appel${Number(p.calls) > 1 ? 's' : ''}.`,
  // WordPress
  wordpress_url_invalid: () => 'L’adresse du site WordPress (WP_URL) est invalide.',
  wordpress_not_json: () => 'L’adresse configurée ne répond pas comme un site WordPress (WP_URL).',
  wordpress_answer_invalid: (p) => `La réponse de WordPress à ${p.route} n’a pas la forme attendue (champ ${p.field}) : une extension la modifie peut-être.`,
  wordpress_not_found: () => 'Le site WordPress est introuvable : vérifiez WP_URL.',
  wordpress_unreachable: () => 'WordPress ne répond pas : un nouvel essai peut suffire.',
  wordpress_redirect: () => 'L’adresse du site WordPress redirige ailleurs : corrigez WP_URL.',
  wordpress_auth_refused: () => 'WordPress refuse l’identifiant ou le mot de passe d’application de Plume.',
  wordpress_forbidden: () => 'Le compte WordPress de Plume n’a pas les droits nécessaires (rôle Éditeur ou Administrateur).',
  wordpress_unavailable: (p) => `WordPress est en panne (erreur ${p.status}) : un nouvel essai peut suffire.`,
  wordpress_rejected: (p) => `WordPress a refusé la demande (erreur ${p.status}).`,
  wordpress_capabilities_missing: (p) => `Le compte WordPress de Plume n’a pas les droits : ${p.missing}.`,
  wordpress_plugin_missing: () => 'L’extension Plume Companion n’est pas installée sur WordPress.',
  wordpress_plugin_outdated: (p) => `L’extension Plume Companion est trop ancienne (${p.version}, il faut ${p.required}).`,
  wordpress_meta_unregistered: (p) => `L’extension Plume Companion n’enregistre pas : ${p.missing}.`,
  // Publishing
  publish_conflict: (p) => `Un autre article porte déjà cette source (article ${p.post}) : Plume n’y touche pas.`,
  publish_wrong_author: (p) => `WordPress a enregistré l’article ${p.post} sous un autre compte que celui de Plume : mettez à jour l’extension.`,
  publish_fields_lost: (p) => `WordPress n’a pas gardé certains champs de l’article ${p.post} : ${p.fields}.`,
  // The image
  image_url_invalid: () => 'L’adresse de l’image n’est pas une URL http(s).',
  image_url_refused: () => 'Adresse de l’image refusée : elle mène à un réseau interne.',
  image_not_image: () => 'L’adresse de l’image ne mène pas à une image.',
  image_empty: () => 'L’image est vide.',
  image_too_large: () => 'L’image est trop lourde.',
  image_host_not_found: () => 'Le site de l’image est introuvable.',
  image_download_failed: () => 'L’image n’a pas pu être téléchargée : un nouvel essai peut suffire.',
  image_http_unavailable: (p) => `Le site de l’image répond « erreur ${p.status} » : un nouvel essai peut suffire.`,
  image_http_refused: (p) => `Le site de l’image répond « erreur ${p.status} ».`,
  unexpected_error: () => 'Erreur inattendue.',

  // Requests
  validation_failed: () => 'Requête refusée : corrigez les champs signalés.',
  body_not_utf8: () => 'Le contenu envoyé n’est pas du texte UTF-8 valide.',
  body_invalid: () => 'Le contenu envoyé n’est pas du JSON valide.',
  unsupported_media_type: () => 'Le contenu envoyé n’est pas du JSON.',
  body_too_large: () => 'Le contenu envoyé est trop volumineux.',
  auth_required: () => 'Jeton refusé par le serveur : vérifiez le jeton d’API (PLUME_API_TOKEN).',
  auth_rate_limited: (p) => `Trop d’essais refusés : réessayez dans ${p.seconds} s.`,
  csrf_invalid: () => 'Session incomplète : rechargez la page.',
  job_not_found: () => 'Dépêche introuvable.',
  job_not_failed: () => 'Seule une dépêche en échec peut être relancée.',
  redis_unavailable: () => 'Le serveur est momentanément indisponible : réessayez dans un instant, sans risque de doublon.',
  internal_error: () => 'Erreur interne du serveur.',

  // Fields of a request
  field_required: () => 'Indiquez la source : texte, page HTML ou adresse URL.',
  field_conflict: () => 'Donnez le texte ou la page HTML, pas les deux.',
  field_unknown: () => 'Champ inconnu.',
  field_type: () => 'Valeur d’un type inattendu.',
  field_too_short: (p) =>
    p.field === 'text'
      ? `Texte trop court : au moins ${p.min} caractères.`
      : p.field === 'html'
        ? `Page trop courte : au moins ${p.min} caractères.`
        : `Trop court : au moins ${p.min} caractère${Number(p.min) > 1 ? 's' : ''}.`,
  field_too_long: (p) => `Trop long : ${p.max} caractères au plus.`,
  field_too_many: (p) => `Trop d’éléments : ${p.max} au plus.`,
  field_too_many_words: (p) => `Expression trop longue : ${p.max} mots au plus.`,
  field_invalid_text: () => 'Caractères invalides (texte UTF-8 attendu, sans caractère nul).',
  field_not_one_line: () => 'Une seule ligne attendue, sans retour à la ligne ni tabulation.',
  field_invalid_url: () => 'Adresse invalide : une URL commençant par http:// ou https:// est attendue.',
  field_invalid_language: () => 'Langue invalide : un code de deux lettres est attendu (fr, en…).',
  field_empty_name: () => 'Nom vide.',
  field_name_markup: () => 'Nom invalide : pas de HTML (ni < ni >, ni entités &…;).',
  field_name_no_letter: () => 'Nom invalide : au moins une lettre ou un chiffre.',
  field_html_too_complex: () => 'Page HTML trop grande ou trop imbriquée.',
  field_invalid_value: () => 'Valeur invalide.',
  field_unknown_site: (p) => `Site inconnu : « ${p.site} ».`,
  field_invalid_cursor: () => 'Page demandée invalide : repartez de la première page.',
  field_not_a_feed: (p) => `Ce n’est pas un flux RSS ou Atom : ${p.found}.`,
  line_invalid: () => 'Ligne illisible.',
  batch_empty: () => 'Le lot est vide.',
  batch_too_many: (p) => `Le lot compte ${p.count} éléments : ${p.max} au plus.`,
  batch_not_array: () => 'Format de lot non reconnu : un tableau JSON est attendu.',
  batch_not_text: () => 'Format de lot non reconnu : des lignes JSON ou un CSV sont attendus.',
  batch_csv_unreadable: () => 'Fichier CSV illisible.',
  batch_csv_columns: (p) => `Colonne CSV inconnue : ${p.unknown}. Colonnes possibles : ${p.expected}.`,
  line_not_json: () => 'Ligne qui n’est pas un objet JSON écrit sur une seule ligne.',
  line_cell_count: (p) => `${p.found} cellules au lieu de ${p.expected}, comme dans l’en-tête.`,
  // Images, sites, authors, start-up
  image_not_image_bytes: () => 'L’adresse de l’image ne contient pas une image (son contenu a été vérifié).',
  image_timeout: (p) => `Le serveur de l’image n’a pas répondu en ${p.ms} ms.`,
  site_unknown: (p) => `Le site « ${p.site} » n’est pas configuré sur ce serveur Plume.`,
  site_unusable: (p) => `Le site « ${p.site} » ne peut pas recevoir d’articles (droits, identifiants ou extension Plume Companion).`,
  site_unavailable: (p) => `Le site « ${p.site} » ne répond pas encore.`,
  author_unknown: (p) => `L’auteur « ${p.author} » n’existe pas sur le site.`,
  author_cannot_write: (p) => `L’auteur « ${p.author} » n’a pas le droit d’écrire des articles sur le site.`,
  dependency_missing: (p) => `Plume n’a pas pu démarrer : ${p.missing} manquant.`,
  redis_auth_refused: () => 'Redis refuse les identifiants de REDIS_URL.',
  redis_unreachable: () => 'Redis ne répond pas.',
  model_probe_failed: () => 'Le service du modèle ne répond pas.',
  // Feeds
  feed_url_refused: () => 'Adresse du flux refusée : elle mène à un réseau interne.',
  feed_unreadable: () => 'Le flux est trop grand ou illisible.',
  feed_fetch_failed: () => 'Le flux n’a pas pu être téléchargé : un nouvel essai peut suffire.',
  feed_http_unavailable: (p) => `Le flux a répondu l’erreur ${p.status} (panne de son côté).`,
  feed_http_refused: (p) => `Le flux a répondu l’erreur ${p.status} : vérifiez l’adresse.`,
  // Requests
  job_not_removable: (p) => `Cette dépêche est ${JOB_STATES_FR[p.state] ?? p.state} : seule une dépêche en attente ou en échec peut être retirée.`,
  batch_invalid: () => 'Lot illisible.',
  feed_not_found: () => 'Flux introuvable.',
  feed_not_a_feed: (p) => `Ce n’est pas un flux RSS ou Atom : ${p.found}.`,
};

/** The French text of an error or issue `{code, params?, field?}`; undefined for a code this page does not know. */
export function frenchForCode(error) {
  const label = error && typeof error.code === 'string' && Object.hasOwn(CODE_LABELS_FR, error.code) ? CODE_LABELS_FR[error.code] : undefined;
  const params = error.params && typeof error.params === 'object' ? error.params : {};
  return label ? label(typeof error.field === 'string' ? { ...params, field: error.field } : params) : undefined;
}

/**
 * The French of an API answer or issue, from its code only: never its English message. Without a
 * code this page knows, a generic sentence with the HTTP status (`status` 0 or absent: an issue).
 */
export function frenchOrGeneric(error, status) {
  const french = frenchForCode(error);
  if (french) return french;
  if (!status) return 'Valeur refusée.';
  return status >= 500 ? `Erreur du serveur (${status}) : réessayez dans un instant.` : `Demande refusée par le serveur (erreur ${status}).`;
}
