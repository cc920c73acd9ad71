/**
 * What editors read: a short French label for every finding a check can report and for every
 * Yoast assessment. The English messages stay in the report for logs; the dashboard shows these.
 */

/** Findings of Plume's own checks (form, facts, originality) and the Yoast score findings. */
export const FINDING_LABELS_FR: Readonly<Record<string, string>> = {
  // Form
  language: 'Article pas en français',
  word_count: 'Article trop court',
  sections: 'Trop peu d’intertitres',
  section_length: 'Section trop longue',
  meta_description_length: 'Longueur de la méta-description',
  seo_title_width: 'Titre SEO trop long',
  keyphrase_length: 'Longueur de l’expression clé',
  slug_format: 'Slug mal formé',
  keyphrase_in_slug: 'Expression clé absente du slug',
  keyphrase_in_title: 'Expression clé absente du titre',
  keyphrase_in_seo_title: 'Expression clé absente du titre SEO',
  keyphrase_in_lead: 'Expression clé absente de l’introduction',
  keyphrase_in_meta_description: 'Expression clé absente de la méta-description',
  typography: 'Typographie française',
  markup: 'Mise en forme parasite',
  markup_in_field: 'HTML retiré d’un champ',
  field_too_long: 'Champ coupé à la publication',
  // Facts
  invented_number: 'Chiffres absents de la source',
  invented_date: 'Dates absentes de la source',
  invented_quote: 'Citations absentes de la source',
  invented_name: 'Noms absents de la source',
  // Originality
  copied_text: 'Texte trop proche de la source',
  // Yoast scores below target with no single assessment to blame
  seo_score: 'Score SEO Yoast sous l’objectif',
  readability_score: 'Score de lisibilité Yoast sous l’objectif',
};

/** Every assessment of Yoast's French SEO and readability assessors, by Yoast's identifier. */
export const YOAST_LABELS_FR: Readonly<Record<string, string>> = {
  introductionKeyword: 'Expression clé dans l’introduction',
  keyphraseLength: 'Longueur de l’expression clé',
  keyphraseDensity: 'Densité de l’expression clé',
  metaDescriptionKeyword: 'Expression clé dans la méta-description',
  metaDescriptionLength: 'Longueur de la méta-description',
  subheadingsKeyword: 'Expression clé dans les intertitres',
  textCompetingLinks: 'Liens concurrents sur l’expression clé',
  imageKeyphrase: 'Expression clé dans le texte alternatif des images',
  images: 'Images',
  textLength: 'Longueur du texte',
  externalLinks: 'Liens sortants',
  keyphraseInSEOTitle: 'Expression clé dans le titre SEO',
  internalLinks: 'Liens internes',
  titleWidth: 'Largeur du titre SEO',
  slugKeyword: 'Expression clé dans le slug',
  functionWordsInKeyphrase: 'Expression clé faite de mots outils',
  singleH1: 'Un seul titre de niveau 1',
  subheadingsTooLong: 'Répartition des intertitres',
  textParagraphTooLong: 'Longueur des paragraphes',
  textSentenceLength: 'Longueur des phrases',
  textTransitionWords: 'Mots de liaison',
  passiveVoice: 'Voix passive',
  textPresence: 'Présence de texte',
  sentenceBeginnings: 'Débuts de phrase répétés',
};

/** The label of a finding id or Yoast assessment id; an id no table knows is named as such, in French. */
export function labelFr(id: string): string {
  return FINDING_LABELS_FR[id] ?? YOAST_LABELS_FR[id] ?? `Point signalé (${id})`;
}
