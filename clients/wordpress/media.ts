import axios from 'axios';
import { PermanentError, TransientError } from '../../errors/index.js';
import type { WordPressHttp } from './http.js';
import { assertPublicLiteral, internalAddressBehind, publicOnlyRequestOptions } from '../web/public-only.js';
import { findOneBySourceKey, SOURCE_KEY_META } from './source-key.js';

export interface UploadFromUrlInput {
  imageUrl: string;
  altText: string;
  /** Stored as the attachment's `_plume_source_key` meta, so that a retry finds the upload. */
  sourceKey: string;
  /** Attachment title; also names the file. */
  title?: string;
}

export interface Media {
  id: number;
  /** The full-size file's address. */
  url: string;
}

export interface MediaApi {
  findBySourceKey(sourceKey: string): Promise<Media | null>;
  /** Downloads the image and uploads it to the media library, unless an upload with this source key exists. */
  uploadFromUrl(input: UploadFromUrlInput): Promise<Media>;
}

export interface MediaOptions {
  /** Largest image accepted; 10 MB by default. */
  maxImageBytes?: number;
  /** For the download; 30 s by default. */
  timeoutMs?: number;
  /** Images come from third-party pages: internal addresses are refused unless this is set. */
  allowPrivateImageHosts?: boolean;
}

interface Attachment {
  id: number;
  source_url: string;
  meta?: Record<string, unknown>;
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

export function createMediaApi(http: WordPressHttp, options: MediaOptions = {}): MediaApi {
  const maxBytes = options.maxImageBytes ?? 10 * 1024 * 1024;
  const guard = options.allowPrivateImageHosts ? {} : publicOnlyRequestOptions();

  async function findBySourceKey(sourceKey: string): Promise<Media | null> {
    const item = await findOneBySourceKey<Attachment>(http, 'wordpress.findMediaBySourceKey', '/wp/v2/media', sourceKey, {
      _fields: 'id,source_url,meta',
    });
    return item && { id: item.id, url: item.source_url };
  }

  async function download(imageUrl: string): Promise<{ bytes: Buffer; contentType: string }> {
    const step = 'wordpress.downloadImage';
    let response;
    try {
      if (!options.allowPrivateImageHosts) assertPublicLiteral(new URL(imageUrl).hostname);
      response = await axios.get<ArrayBuffer>(imageUrl, {
        responseType: 'arraybuffer',
        ...guard,
        timeout: options.timeoutMs ?? 30_000,
        maxContentLength: maxBytes,
        maxRedirects: 5,
        headers: { Accept: 'image/*' },
      });
    } catch (error) {
      throw downloadError(error, imageUrl, maxBytes);
    }
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!contentType.startsWith('image/')) {
      throw new PermanentError(`${step}: ${imageUrl} is not an image (Content-Type: ${contentType || 'none'}); a retry will not help.`, {
        step,
        input: imageUrl,
      });
    }
    const bytes = Buffer.from(response.data);
    if (bytes.length === 0) {
      throw new PermanentError(`${step}: ${imageUrl} is empty; a retry will not help.`, { step, input: imageUrl });
    }
    return { bytes, contentType };
  }

  return {
    findBySourceKey,

    async uploadFromUrl(input) {
      if (!/^https?:\/\//.test(input.imageUrl) || !URL.canParse(input.imageUrl)) {
        throw new PermanentError(`wordpress.downloadImage: "${input.imageUrl}" is not an http(s) address; a retry will not help.`, {
          step: 'wordpress.downloadImage',
          input: input.imageUrl,
        });
      }
      const existing = await findBySourceKey(input.sourceKey);
      if (existing !== null) return existing;

      const { bytes, contentType } = await download(input.imageUrl);
      const file = `${fileStem(input.title, input.imageUrl)}.${extensions[contentType] ?? contentType.slice('image/'.length).replace(/\W.*$/, '')}`;
      // Alt text and source key go with the upload itself: with a second request, a failure in
      // between would leave an image that a retry cannot find, and uploads twice.
      const call = { step: 'wordpress.uploadMedia', input: input.imageUrl };
      const attachment = await http.send<Attachment>(
        call,
        {
          method: 'POST',
          route: '/wp/v2/media',
          params: {
            alt_text: input.altText,
            meta: { [SOURCE_KEY_META]: input.sourceKey },
            ...(input.title === undefined ? {} : { title: input.title }),
          },
          data: bytes,
          headers: { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${file}"` },
        },
      );
      if (attachment.meta?.[SOURCE_KEY_META] !== input.sourceKey) {
        throw new PermanentError(
          `${call.step}: WordPress did not store the source key of attachment ${attachment.id}, so a retry would upload the image again: install the Plume companion plugin (wordpress-plugin/plume-companion.php into wp-content/mu-plugins/).`,
          call,
        );
      }
      return { id: attachment.id, url: attachment.source_url };
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

function downloadError(error: unknown, imageUrl: string, maxBytes: number): unknown {
  const context = { step: 'wordpress.downloadImage', input: imageUrl, cause: error };
  const internal = internalAddressBehind(error);
  if (internal) return new PermanentError(`${context.step}: refused ${imageUrl}: ${internal.message}.`, context);
  if (!axios.isAxiosError(error)) return error;
  const status = error.response?.status;
  if (status === undefined) {
    if (error.message.includes('maxContentLength')) {
      return new PermanentError(`${context.step}: ${imageUrl} is larger than ${maxBytes} bytes; a retry will not help.`, context);
    }
    if (error.code === 'ENOTFOUND') {
      return new PermanentError(`${context.step}: cannot reach ${imageUrl} (${error.code}); a retry will not help.`, context);
    }
    return new TransientError(`${context.step}: downloading ${imageUrl} failed (${error.code ?? error.message}); a retry may help.`, context);
  }
  if (status >= 500 || status === 408 || status === 429) {
    return new TransientError(`${context.step}: ${imageUrl} answered HTTP ${status}; a retry may help.`, context);
  }
  return new PermanentError(`${context.step}: ${imageUrl} answered HTTP ${status}; a retry will not help.`, context);
}
