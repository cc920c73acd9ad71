import type { Article } from './contract.js';

/** What Plume adds to the model's article, deterministically, before checking and publishing. */
export interface RenderAdditions {
  /** Address of the source, cited in a closing attribution paragraph. */
  sourceUrl?: string | undefined;
  /** Name shown for the source link; defaults to the URL's host. */
  sourceName?: string | undefined;
  /** Posts of the same site to link to (Yoast's internal-link assessment). */
  relatedPosts?: ReadonlyArray<{ title: string; url: string }>;
  /** The featured image, also shown in the content; `alt` should hold the keyphrase. */
  image?: { url: string; alt: string; id?: number | undefined } | undefined;
}

export interface RenderedArticle {
  /** Gutenberg block markup, as stored in `post_content`. */
  blocks: string;
  /** The HTML visitors get (block comments removed): what Yoast analyses. */
  html: string;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const paragraph = (innerHtml: string): string =>
  `<!-- wp:paragraph -->\n<p>${innerHtml}</p>\n<!-- /wp:paragraph -->`;

// WordPress 6.1's heading block saves a bare <h2>; later versions accept it through their deprecations.
const heading = (text: string): string => `<!-- wp:heading -->\n<h2>${escapeHtml(text)}</h2>\n<!-- /wp:heading -->`;

function image(img: NonNullable<RenderAdditions['image']>): string {
  const attrs = img.id === undefined ? '{"sizeSlug":"large"}' : `{"id":${img.id},"sizeSlug":"large"}`;
  const cls = img.id === undefined ? '' : ` class="wp-image-${img.id}"`;
  return (
    `<!-- wp:image ${attrs} -->\n` +
    `<figure class="wp-block-image size-large"><img src="${escapeHtml(img.url)}" alt="${escapeHtml(img.alt)}"${cls}/></figure>\n` +
    `<!-- /wp:image -->`
  );
}

const link = (url: string, text: string): string => `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/**
 * Article + additions → block markup and the equivalent HTML. Pure: the same input always
 * gives the same output, so the checked HTML is exactly the published one.
 * Order: lead, image, sections (related posts before the last one), source attribution.
 */
export function renderArticle(article: Article, additions: RenderAdditions = {}): RenderedArticle {
  const blocks: string[] = [paragraph(escapeHtml(article.lead))];
  if (additions.image) blocks.push(image(additions.image));

  const related = additions.relatedPosts ?? [];
  article.sections.forEach((section, index) => {
    if (related.length > 0 && index === article.sections.length - 1) {
      blocks.push(paragraph(`À lire aussi : ${related.map((p) => link(p.url, p.title)).join(' ; ')}`));
    }
    blocks.push(heading(section.heading));
    for (const text of section.paragraphs) blocks.push(paragraph(escapeHtml(text)));
  });

  if (additions.sourceUrl) {
    const name = additions.sourceName ?? hostOf(additions.sourceUrl);
    blocks.push(paragraph(`Source : ${link(additions.sourceUrl, name)}`));
  }

  const markup = blocks.join('\n\n');
  const html = markup
    .replace(/<!-- \/?wp:[^>]*-->\n?/g, '')
    .replace(/\n{2,}/g, '\n')
    .trim();
  return { blocks: markup, html };
}
