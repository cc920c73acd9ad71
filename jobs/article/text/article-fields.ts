import type { Article } from '../contract.js';

export interface ArticleField {
  /** Path of the field, e.g. `sections[2].paragraphs[0]`. */
  field: string;
  text: string;
}

/** Every text field of the article, in reading order. */
export function articleFields(article: Article, { includeSlug = true } = {}): ArticleField[] {
  const fields: ArticleField[] = [
    { field: 'title', text: article.title },
    { field: 'seo_title', text: article.seo_title },
    { field: 'focus_keyword', text: article.focus_keyword },
    ...(includeSlug ? [{ field: 'slug', text: article.slug }] : []),
    { field: 'meta_description', text: article.meta_description },
    { field: 'excerpt', text: article.excerpt },
    { field: 'lead', text: article.lead },
  ];
  article.sections.forEach((section, i) => {
    fields.push({ field: `sections[${i}].heading`, text: section.heading });
    section.paragraphs.forEach((text, j) => fields.push({ field: `sections[${i}].paragraphs[${j}]`, text }));
  });
  article.tags.forEach((text, i) => fields.push({ field: `tags[${i}]`, text }));
  return fields;
}

/** The running text the reader gets: lead, then each section's paragraphs. */
export function bodyText(article: Article): string {
  return [article.lead, ...article.sections.flatMap((section) => section.paragraphs)].join('\n\n');
}
