import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractArticle } from '../../jobs/article/source/extract-html.js';
import { PermanentError } from '../../errors/index.js';

const tramHtml = readFileSync(new URL('../fixtures/tram-lyon.fr.html', import.meta.url), 'utf8');
const PAGE_URL = 'https://www.journal-du-rhone.example/lyon/tram-t10';
const tram = extractArticle(tramHtml, { url: PAGE_URL });

/** A story long enough to be an article body, in paragraphs. */
const STORY = Array.from(
  { length: 5 },
  (_, i) => `<p>Paragraphe ${i + 1} : le conseil municipal a voté le budget de la ville après un long débat sur les transports, les écoles et la rénovation des logements du centre.</p>`,
).join('\n');

describe('extractArticle on tram-lyon.fr.html', () => {
  test('keeps the headline, the lead, every paragraph and the quote', () => {
    assert.equal(tram.title, 'Lyon : la ligne de tramway T10 mise en service avec trois mois de retard');
    assert.equal(tram.paragraphs.length, 7);
    assert.ok(tram.paragraphs[0]?.startsWith("Attendue depuis l'été, la ligne T10 du tramway lyonnais a transporté ses premiers voyageurs vendredi 13 novembre."));
    assert.ok(tram.paragraphs.includes('« Nous aurions préféré tenir le calendrier initial, mais la sécurité des travaux passait avant tout », a déclaré le président du Sytral lors de l\'inauguration.'));
    assert.match(tram.text, /40 000 voyageurs par jour d'ici 2028/);
    assert.match(tram.text, /« On attendait ça depuis dix ans », confie une boulangère/);
    assert.equal(tram.paragraphs.at(-1), "Une seconde phase, qui prolongerait la ligne jusqu'à Perrache, est à l'étude. Aucune date n'a été annoncée.");
    assert.equal(tram.text, tram.paragraphs.join('\n\n'));
  });

  test('leaves no page furniture', () => {
    for (const furniture of [
      'cookies', 'Accepter', 'Accueil', 'Politique', "S'abonner", 'Partager', 'Facebook', 'WhatsApp',
      'LIRE AUSSI', 'Métro E', 'Vélo : Lyon double', 'PUBLICITÉ', 'newsletter', "S'inscrire",
      'commentaires', 'Enfin !', 'Mentions légales', '© 2026', 'dataLayer', 'gtag', 'tracker.js',
      '.cookie', 'Par la rédaction', 'La première rame du T10 quitte la gare',
    ]) {
      assert.ok(!tram.text.includes(furniture), furniture);
      assert.ok(!tram.title.includes(furniture), furniture);
    }
  });

  test('finds the image, the site name and the language', () => {
    assert.equal(tram.imageUrl, 'https://images.journal-du-rhone.example/tram-t10.jpg');
    assert.equal(tram.siteName, 'Le Journal du Rhône');
    assert.equal(tram.lang, 'fr');
  });

  test('keeps the story’s photo caption apart from the text', () => {
    assert.deepEqual(tram.captions, ['La première rame du T10 quitte la gare de Vénissieux, vendredi matin. (Photo Le Journal du Rhône)']);
    assert.ok(!tram.text.includes('La première rame du T10 quitte'), 'not in the running text');
  });

  test('the fixture declares no canonical URL, so none is invented', () => {
    assert.equal(tram.canonicalUrl, undefined);
    assert.equal(extractArticle(tramHtml).canonicalUrl, undefined);
  });

  test('resolves a relative canonical and og:image against the page URL, or the canonical', () => {
    const withCanonical = tramHtml
      .replace('<meta charset="utf-8">', '<meta charset="utf-8"><link rel="canonical" href="/lyon/tram-t10-mise-en-service">')
      .replace('https://images.journal-du-rhone.example/tram-t10.jpg', '/img/og-tram.jpg');
    const a = extractArticle(withCanonical, { url: PAGE_URL });
    assert.equal(a.canonicalUrl, 'https://www.journal-du-rhone.example/lyon/tram-t10-mise-en-service');
    assert.equal(a.imageUrl, 'https://www.journal-du-rhone.example/img/og-tram.jpg');

    const absoluteCanonical = withCanonical.replace('href="/lyon/', 'href="https://autre.example/lyon/');
    assert.equal(extractArticle(absoluteCanonical).imageUrl, 'https://autre.example/img/og-tram.jpg');
    // A relative image with nothing to resolve it against is dropped rather than returned broken.
    assert.equal(extractArticle(withCanonical).imageUrl, undefined);
  });
});

describe('extractArticle on other pages', () => {
  test('captions outside the article (a related box) are not the story’s', () => {
    const body = '<p>' + 'Le conseil municipal a voté mardi le nouveau plan de circulation du centre-ville. '.repeat(8) + '</p>';
    const page = extractArticle(
      `<html><body><article><h1>Plan</h1><figure><img src="a.jpg"><figcaption>Le maire, mardi.</figcaption></figure>${body}</article>` +
        `<aside><figure><img src="b.jpg"><figcaption>Autre sujet.</figcaption></figure></aside></body></html>`,
    );
    assert.deepEqual(page.captions, ['Le maire, mardi.']);
  });

  test('keeps a blockquote as a paragraph and drops read-also and share blocks Readability would keep', () => {
    const html = `<html lang="en-GB"><head><title>Budget vote</title><meta property="og:site_name" content="City News"></head><body>
      <article><h1>Budget vote</h1>${STORY}
      <blockquote>We finally have a budget that serves everyone.</blockquote>
      <p><strong>Read also:</strong> <a href="/x">Another story about something else</a></p>
      <p>Share this article on Facebook</p>
      </article></body></html>`;
    const a = extractArticle(html);
    assert.equal(a.title, 'Budget vote');
    assert.equal(a.siteName, 'City News');
    assert.equal(a.lang, 'en');
    assert.ok(a.paragraphs.includes('We finally have a budget that serves everyone.'));
    assert.ok(!a.text.includes('Read also'));
    assert.ok(!a.text.includes('Another story'));
    assert.ok(!a.text.includes('Share this'));
    assert.equal(a.paragraphs.length, 6);
  });

  test('keeps story paragraphs that merely mention cookies, newsletters or related things', () => {
    const topical = [
      "La newsletter de l'Élysée a été piratée lundi, selon le ministère.",
      'Les cookies publicitaires sont visés, a annoncé la CNIL dans son rapport annuel.',
      'Voir aussi la page du Sytral, conseille la mairie.',
    ];
    const html = `<html><body><article><h1>T</h1>${STORY}${topical.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const a = extractArticle(html);
    for (const p of topical) assert.ok(a.paragraphs.includes(p), p);
    assert.equal(a.paragraphs.length, 8);
  });

  test('never runs scripts nor fetches resources', () => {
    const html = `<html><body><article><h1>T</h1>${STORY}
      <script>document.body.innerHTML = '<p>INJECTED</p>'; globalThis.__plumeRan = true;</script>
      <img src="http://127.0.0.1:9/pixel.gif" onerror="globalThis.__plumeRan = true"></article></body></html>`;
    const a = extractArticle(html, { url: 'https://example.org/a' });
    assert.equal((globalThis as { __plumeRan?: boolean }).__plumeRan, undefined);
    assert.ok(!a.text.includes('INJECTED'));
    assert.equal(a.paragraphs.length, 5);
  });

  test('throws PermanentError(clean, html) when the page has no article body', () => {
    const empty = '<html><body><nav><a href="/">Accueil</a></nav><div class="cookie">Nous utilisons des cookies.</div><footer>© 2026</footer></body></html>';
    for (const html of [empty, '', '<p>Trop court.</p>']) {
      assert.throws(
        () => extractArticle(html),
        (e: unknown) => e instanceof PermanentError && e.step === 'clean' && e.input === 'html',
      );
    }
  });
});
