import { fileTypeFromBuffer } from 'file-type';
import axios from 'axios';
import { DEFAULT_WP_TIMEOUT_MS } from '../../config/defaults.js';
import { PermanentError, PlumeError, TransientError } from '../../errors/index.js';
import type { WordPressHttp } from './http.js';
import { attachmentAnswer, savedMediaAnswer } from './answers.js';
import { assertPublicLiteral, internalAddressBehind, publicOnlyRequestOptions } from '../web/public-only.js';
import { companionRouteMissing } from './site.js';
import { findBySourceKey as findAllBySourceKey } from './find-by-source-key.js';

export interface UploadFromUrlInput {
  imageUrl: string;
  altText: string;
  /** Stored as the attachment's `_plume_source_key` meta, so that a retry finds the upload. */
  sourceKey: string;
  /** Attachment title; also names the file. */
  title?: string;
  /** The image's credit, stored as its caption (plain text). */
  caption?: string;
}

export interface Media {
  id: number;
  /** The full-size file's address. */
  url: string;
}

/** An image Plume's user uploaded, and the images of other users that carry the same key (never used). */
export interface UploadedMedia extends Media {
  foreignIds: number[];
}

export interface MediaApi {
  /** The image Plume's user uploaded with this source key, or null; images of other users never count. */
  findBySourceKey(sourceKey: string): Promise<Media | null>;
  /**
   * Downloads the image and uploads it to the media library, unless Plume's user uploaded one with
   * this source key before. The upload holds a per-source lock inside WordPress (companion plugin),
   * so two workers racing upload once.
   */
  uploadFromUrl(input: UploadFromUrlInput): Promise<UploadedMedia>;
}

export interface MediaOptions {
  /** Largest image accepted; 10 MB by default. */
  maxImageBytes?: number;
  /**
   * For the download of the source's image; 10 s by default. Its host is a third party's, and
   * the image is optional: a host that hangs must not hold the article for WordPress's timeout.
   */
  imageTimeoutMs?: number;
  /** Images come from third-party pages: internal addresses are refused unless this is set. */
  allowPrivateImageHosts?: boolean;
}

// WordPress checks that a file's extension matches its content.
const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
  'image/heic': 'heic',
};

export function createMediaApi(http: WordPressHttp, currentUserId: () => Promise<number>, options: MediaOptions = {}): MediaApi {
  const maxBytes = options.maxImageBytes ?? 10 * 1024 * 1024;
  const guard = options.allowPrivateImageHosts ? {} : publicOnlyRequestOptions();
  const timeoutMs = options.imageTimeoutMs ?? 10_000;

  /** Plume's own image for this source, and the ids of other users' images that carry its key. */
  async function lookUp(sourceKey: string): Promise<{ own: Media | null; foreign: number[] }> {
    const [me, items] = await Promise.all([
      currentUserId(),
      findAllBySourceKey(http, 'wordpress.findMediaBySourceKey', '/wp/v2/media', sourceKey, 100, { _fields: 'id,author,source_url,meta' }, attachmentAnswer),
    ]);
    const own = items.find((item) => item.author === me);
    return { own: own ? { id: own.id, url: own.source_url } : null, foreign: items.filter((item) => item.author !== me).map((item) => item.id) };
  }

  async function findBySourceKey(sourceKey: string): Promise<Media | null> {
    return (await lookUp(sourceKey)).own;
  }

  async function download(imageUrl: string): Promise<{ bytes: Buffer; contentType: string }> {
    const step = IMAGE_DOWNLOAD_STEP;
    let response;
    try {
      if (!options.allowPrivateImageHosts) assertPublicLiteral(new URL(imageUrl).hostname);
      response = await axios.get<ArrayBuffer>(imageUrl, {
        responseType: 'arraybuffer',
        ...guard,
        timeout: timeoutMs,
        maxContentLength: maxBytes,
        maxRedirects: 5,
        headers: { Accept: 'image/*' },
      });
    } catch (error) {
      throw downloadError(error, imageUrl, maxBytes, timeoutMs);
    }
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!contentType.startsWith('image/')) {
      throw new PermanentError(`${step}: ${imageUrl} is not an image (Content-Type: ${contentType || 'none'}); a retry will not help.`, {
        code: 'image_not_image',
        params: { content_type: contentType || 'none' },
        step,
        input: imageUrl,
      });
    }
    const bytes = Buffer.from(response.data);
    if (bytes.length === 0) {
      throw new PermanentError(`${step}: ${imageUrl} is empty; a retry will not help.`, { code: 'image_empty', step, input: imageUrl });
    }
    // The bytes decide, not the header a third-party server sends: a page or script named .png
    // is never uploaded. SVG, which file-type does not detect (it is text, and can carry script), is refused too.
    const detected = await fileTypeFromBuffer(bytes);
    if (detected === undefined || !detected.mime.startsWith('image/')) {
      throw new PermanentError(
        `${step}: ${imageUrl} is not an image: its bytes are ${detected === undefined ? 'of no known file type' : `${detected.mime}`}, whatever its Content-Type (${contentType}) says; a retry will not help.`,
        { step, input: imageUrl, code: 'image_not_image_bytes', params: { detected: detected?.mime ?? 'of no known file type' } },
      );
    }
    return { bytes, contentType: detected.mime };
  }

  return {
    findBySourceKey,

    async uploadFromUrl(input) {
      if (!/^https?:\/\//.test(input.imageUrl) || !URL.canParse(input.imageUrl)) {
        throw new PermanentError(`${IMAGE_DOWNLOAD_STEP}: "${input.imageUrl}" is not an http(s) address; a retry will not help.`, {
          code: 'image_url_invalid',
          step: IMAGE_DOWNLOAD_STEP,
          input: input.imageUrl,
        });
      }
      const before = await lookUp(input.sourceKey);
      if (before.own !== null) return { ...before.own, foreignIds: before.foreign };

      const { bytes, contentType } = await download(input.imageUrl);
      const file = `${fileStem(input.title, input.imageUrl)}.${extensions[contentType] ?? contentType.slice('image/'.length).replace(/\W.*$/, '')}`;
      // Alt text and source key go with the upload itself: with a second request, a failure in
      // between would leave an image that a retry cannot find, and uploads twice.
      const call = { step: 'wordpress.uploadMedia', input: input.imageUrl };
      let saved;
      try {
        saved = await http.send(call, {
          method: 'POST',
          route: '/plume/v1/media',
          params: {
            source_key: input.sourceKey,
            alt_text: input.altText,
            ...(input.title === undefined ? {} : { title: input.title }),
            ...(input.caption === undefined ? {} : { caption: input.caption }),
          },
          data: bytes,
          headers: { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${file}"` },
        }, savedMediaAnswer);
      } catch (error) {
        // No answer (timed out, cut): the upload may have landed; an image found now is this one.
        if (error instanceof PlumeError && error.retryable) {
          const after = await lookUp(input.sourceKey).catch(() => null);
          if (after?.own) return { ...after.own, foreignIds: after.foreign };
        }
        throw companionRouteMissing(error, call, http.url);
      }
      return { id: saved.media.id, url: saved.media.source_url, foreignIds: saved.foreign };
    },
  };
}

/** An ASCII file name from the title, else from the URL's last path segment. */
function fileStem(title: string | undefined, imageUrl: string): string {
  let fromUrl = new URL(imageUrl).pathname.split('/').pop() ?? '';
  try {
    fromUrl = decodeURIComponent(fromUrl);
  } catch {
    // Malformed escapes: the encoded form still gives a usable name.
  }
  const stem = (title || fromUrl.replace(/\.[^.]*$/, ''))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return stem || 'image';
}

/** The step of an image download's errors: the image's host failing, not WordPress. */
export const IMAGE_DOWNLOAD_STEP = 'wordpress.downloadImage';

function downloadError(error: unknown, imageUrl: string, maxBytes: number, timeoutMs: number): unknown {
  const context = { step: IMAGE_DOWNLOAD_STEP, input: imageUrl, cause: error };
  const internal = internalAddressBehind(error);
  if (internal) return new PermanentError(`${context.step}: refused ${imageUrl}: ${internal.message}.`, { ...context, code: 'image_url_refused' });
  if (!axios.isAxiosError(error)) return error;
  const status = error.response?.status;
  if (status === undefined) {
    if (error.message.includes('maxContentLength')) {
      return new PermanentError(`${context.step}: ${imageUrl} is larger than ${maxBytes} bytes; a retry will not help.`, {
        ...context,
        code: 'image_too_large',
        params: { max_bytes: maxBytes },
      });
    }
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') {
      return new TransientError(`${context.step}: ${imageUrl} did not answer within ${timeoutMs} ms (PLUME_IMAGE_TIMEOUT_MS); a retry may help.`, { ...context, code: 'image_timeout', params: { ms: timeoutMs } });
    }
    if (error.code === 'ENOTFOUND') {
      return new PermanentError(`${context.step}: cannot reach ${imageUrl} (${error.code}); a retry will not help.`, { ...context, code: 'image_host_not_found' });
    }
    return new TransientError(`${context.step}: downloading ${imageUrl} failed (${error.code ?? error.message}); a retry may help.`, {
      ...context,
      code: 'image_download_failed',
      params: { reason: error.code ?? 'no code' },
    });
  }
  if (status >= 500 || status === 408 || status === 429) {
    return new TransientError(`${context.step}: ${imageUrl} answered HTTP ${status}; a retry may help.`, { ...context, code: 'image_http_unavailable', params: { status } });
  }
  return new PermanentError(`${context.step}: ${imageUrl} answered HTTP ${status}; a retry will not help.`, { ...context, code: 'image_http_refused', params: { status } });
}
