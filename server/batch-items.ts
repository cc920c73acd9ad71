import { parse } from 'csv-parse/sync';

/** Items one `POST /api/articles/batch` may carry; a larger batch is refused whole, before any is queued. */
export const BATCH_MAX_ITEMS = 100;

/** The columns a CSV batch may have: the fields of one item; `tags` holds names separated by commas. */
export const CSV_COLUMNS = ['url', 'text', 'html', 'title', 'language', 'focus_keyword', 'category', 'tags', 'image_url'] as const;

/** One item of a batch, as read: its value, or why it could not be read. `line` counts from 1. */
export type BatchItem = { line: number; value: unknown } | { line: number; problem: string };

export type BatchFormat = 'json' | 'jsonl' | 'csv';

/** The whole batch refused (nothing queued), with the reason. */
export class BatchError extends Error {}

function limited(items: BatchItem[]): BatchItem[] {
  if (items.length === 0) throw new BatchError('the batch holds no item');
  if (items.length > BATCH_MAX_ITEMS) throw new BatchError(`the batch holds ${items.length} items; at most ${BATCH_MAX_ITEMS} are accepted`);
  return items;
}

function fromJson(body: unknown): BatchItem[] {
  if (!Array.isArray(body)) throw new BatchError('expected a JSON array of items');
  return body.map((value, index) => ({ line: index + 1, value }));
}

/** A line that is not JSON refuses that line only; blank lines are skipped but counted. */
function fromJsonLines(body: string): BatchItem[] {
  return body.split(/\r?\n/).flatMap((text, index): BatchItem[] => {
    if (text.trim() === '') return [];
    try {
      return [{ line: index + 1, value: JSON.parse(text) as unknown }];
    } catch {
      return [{ line: index + 1, problem: 'not a JSON object on one line' }];
    }
  });
}

/** A header row names the columns; empty cells are left out; a row of the wrong width refuses that row only. */
function fromCsv(body: string): BatchItem[] {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(body, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as never;
  } catch (error) {
    throw new BatchError(`not readable as CSV: ${(error as Error).message}`);
  }
  const [header, ...records] = rows;
  if (!header) throw new BatchError('the batch holds no item');
  const columns = header.record.map((name) => name.toLowerCase());
  const unknown = columns.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new BatchError(`unknown CSV column ${unknown.join(', ')} (expected some of ${CSV_COLUMNS.join(', ')})`);
  return records.map(({ record, info }): BatchItem => {
    if (record.length !== columns.length) {
      return { line: info.lines, problem: `expected ${columns.length} cells as in the header, found ${record.length}` };
    }
    const value: Record<string, unknown> = {};
    columns.forEach((name, index) => {
      const cell = record[index] ?? '';
      if (cell === '') return;
      value[name] = name === 'tags' ? cell.split(',').map((tag) => tag.trim()).filter(Boolean) : cell;
    });
    return { line: info.lines, value };
  });
}

/** The items of a batch body in the given format; throws BatchError when the body as a whole cannot be read. */
export function batchItems(body: unknown, format: BatchFormat): BatchItem[] {
  if (format === 'json') return limited(fromJson(body));
  if (typeof body !== 'string') throw new BatchError('expected a text body');
  return limited(format === 'csv' ? fromCsv(body) : fromJsonLines(body));
}
