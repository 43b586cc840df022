import type { z } from 'zod';
import { PaperStatus } from '../../shared/paper';
import { PaperSort, SortDir, type PaperSummary } from '../../shared/contract/library';
import { listPapers, searchPapers } from '../../core/store/repos/papers';
import { UsageError, numberOption, stringOption, type Verb } from '../verb';

/** Validates an enum-valued option against its schema, naming the allowed values. */
function parseEnum<T extends string>(
  schema: z.ZodEnum<Record<T, T>>,
  name: string,
  raw: string | undefined,
): T | undefined {
  if (raw === undefined) return undefined;
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new UsageError(`--${name} must be one of ${schema.options.join(', ')}; got "${raw}".`);
  return r.data as T;
}

function line(p: PaperSummary): string {
  return `${p.id.slice(0, 12)}  ${p.status.padEnd(11)}  ${String(p.pages ?? '-').padStart(4)}  ${p.title}`;
}

export const papersVerb: Verb = {
  name: 'papers',
  summary: 'List the papers in the library, filtered by status or a full-text search.',
  options: {
    status: {
      type: 'string',
      value: 'STATUS',
      description: `only papers with this status (${PaperStatus.options.join(', ')})`,
    },
    search: {
      type: 'string',
      value: 'QUERY',
      description: 'full-text search over titles and text, best match first',
    },
    sort: {
      type: 'string',
      value: 'KEY',
      description: `sort by ${PaperSort.options.join(', ')} (default added)`,
    },
    dir: { type: 'string', value: 'DIR', description: 'asc or desc (default desc)' },
    limit: { type: 'string', value: 'N', description: 'at most N papers (default 1000)' },
    json: { type: 'boolean', description: 'one JSON object per paper' },
  },
  run(ctx) {
    const status = parseEnum(PaperStatus, 'status', stringOption(ctx.values, 'status'));
    const sort = parseEnum(PaperSort, 'sort', stringOption(ctx.values, 'sort'));
    const dir = parseEnum(SortDir, 'dir', stringOption(ctx.values, 'dir'));
    const limit = numberOption(ctx.values, 'limit') ?? 1000;
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError('--limit must be a positive whole number.');
    const search = stringOption(ctx.values, 'search');
    const db = ctx.services().db;
    const filter = status ? { status } : {};
    const rows =
      search !== undefined
        ? searchPapers(db, search, { ...filter, limit })
        : listPapers(db, { ...filter, sort: sort ?? 'added', dir: dir ?? 'desc', limit });
    for (const row of rows) {
      if (ctx.values.json) ctx.out(JSON.stringify(row));
      else {
        ctx.out(line(row));
        if ('snippet' in row && row.snippet) ctx.out(`              ${row.snippet}`);
      }
    }
    if (!ctx.values.json) ctx.note(`${rows.length} paper${rows.length === 1 ? '' : 's'}`);
    return 0;
  },
};
