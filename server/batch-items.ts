import { parse } from 'csv-parse/sync';
import { formatCode, type ErrorParams } from '../errors/codes.js';

/** Items one `POST /api/articles/batch` may carry; a larger batch is refused whole, before any is queued. */
export const BATCH_MAX_ITEMS = 100;

/** The columns a CSV batch may have: the fields of one item; `tags` holds names separated by commas. */
export const CSV_COLUMNS = ['url', 'text', 'html', 'title', 'language', 'focus_keyword', 'category', 'tags', 'image_url'] as const;

/** Why a line, or a whole batch, cannot be read: a stable code (errors/codes.ts), its params, the English for logs. */
export interface BatchProblem {
  code: 'batch_empty' | 'batch_too_many' | 'batch_not_array' | 'batch_not_text' | 'batch_csv_unreadable' | 'batch_csv_columns' | 'line_not_json' | 'line_cell_count';
  params?: ErrorParams;
  message: string;
}

const problem = (code: BatchProblem['code'], params?: ErrorParams): BatchProblem => ({ code, ...(params ? { params } : {}), message: formatCode(code, params) });

/** One item of a batch, as read: its value, or why it could not be read. `line` counts from 1. */
export type BatchItem = { line: number; value: unknown } | { line: number; problem: BatchProblem };

export type BatchFormat = 'json' | 'jsonl' | 'csv';

/** The whole batch refused (nothing queued), with the reason. */
export class BatchError extends Error {
  readonly problem: BatchProblem;
  constructor(code: BatchProblem['code'], params?: ErrorParams) {
    const found = problem(code, params);
    super(found.message);
    this.problem = found;
  }
}

function limited(items: BatchItem[]): BatchItem[] {
  if (items.length === 0) throw new BatchError('batch_empty');
  if (items.length > BATCH_MAX_ITEMS) throw new BatchError('batch_too_many', { count: items.length, max: BATCH_MAX_ITEMS });
  return items;
}

function fromJson(body: unknown): BatchItem[] {
  if (!Array.isArray(body)) throw new BatchError('batch_not_array');
  return body.map((value, index) => ({ line: index + 1, value }));
}

/** A line that is not JSON refuses that line only; blank lines are skipped but counted. */
function fromJsonLines(body: string): BatchItem[] {
  return body.split(/\r?\n/).flatMap((text, index): BatchItem[] => {
    if (text.trim() === '') return [];
    try {
      return [{ line: index + 1, value: JSON.parse(text) as unknown }];
    } catch {
      return [{ line: index + 1, problem: problem('line_not_json') }];
    }
  });
}

/** A header row names the columns; empty cells are left out; a row of the wrong width refuses that row only. */
function fromCsv(body: string): BatchItem[] {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(body, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as never;
  } catch (error) {
    throw new BatchError('batch_csv_unreadable', { reason: (error as Error).message });
  }
  const [header, ...records] = rows;
  if (!header) throw new BatchError('batch_empty');
  const columns = header.record.map((name) => name.toLowerCase());
  const unknown = columns.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new BatchError('batch_csv_columns', { unknown: unknown.join(', '), expected: CSV_COLUMNS.join(', ') });
  return records.map(({ record, info }): BatchItem => {
    if (record.length !== columns.length) {
      return { line: info.lines, problem: problem('line_cell_count', { expected: columns.length, found: record.length }) };
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
  if (typeof body !== 'string') throw new BatchError('batch_not_text');
  return limited(format === 'csv' ? fromCsv(body) : fromJsonLines(body));
}
