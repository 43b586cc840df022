import { randomUUID } from 'node:crypto';
import type { Services } from '../services';
import type { HandlerGroup } from './types';
import { AppError } from '../../shared/errors';
import type { PaperDetail, PaperTextView } from '../../shared/contract/library';
import { importBytes, importFiles } from '../library/import';
import type { PaperFilter } from '../store/repos/papers';
import {
  countPapers,
  getLatestPaperText,
  getPaper,
  listPapers,
  searchPapers,
  setPaperStatus,
} from '../store/repos/papers';

type LibraryMethod =
  | 'importPapers'
  | 'importPaperBytes'
  | 'cancelImport'
  | 'listPapers'
  | 'getPaper'
  | 'getPaperText'
  | 'searchPapers'
  | 'setPaperStatus';

export function libraryHandlers(s: Services): HandlerGroup<LibraryMethod> {
  // Running batches, so cancelImport from any window can stop one.
  const running = new Map<string, AbortController>();
  const track = async <T>(batchId: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    if (running.has(batchId)) throw new AppError('conflict', `Import batch ${batchId} is already running.`);
    const controller = new AbortController();
    running.set(batchId, controller);
    try {
      return await run(controller.signal);
    } finally {
      running.delete(batchId);
    }
  };
  s.onClose(() => {
    for (const c of running.values()) c.abort();
  });

  return {
    importPapers: async ({ paths, batchId = randomUUID() }) => {
      const results = await track(batchId, (signal) => importFiles(s, paths, { batchId, signal }));
      return { batchId, results };
    },
    importPaperBytes: ({ fileName, data, dataBase64, batchId = randomUUID() }) =>
      track(batchId, (signal) =>
        importBytes(
          s,
          { fileName, bytes: data ?? Buffer.from(dataBase64 ?? '', 'base64') },
          { batchId, signal },
        ),
      ),
    cancelImport: ({ batchId }) => {
      const c = running.get(batchId);
      c?.abort();
      return { cancelled: c !== undefined };
    },
    listPapers: (q) => {
      const { sort, dir, limit, offset } = q;
      // Only the filters given: an absent key is "any".
      const filter: PaperFilter = {
        ...(q.status ? { status: q.status } : {}),
        ...(q.query ? { query: q.query } : {}),
        ...(q.author ? { author: q.author } : {}),
        ...(q.venue ? { venue: q.venue } : {}),
        ...(q.year !== undefined ? { year: q.year } : {}),
        ...(q.flag ? { flag: q.flag } : {}),
      };
      return {
        papers: listPapers(s.db, { ...filter, sort, dir, limit, offset }),
        total: countPapers(s.db, filter),
      };
    },
    getPaper: ({ id }) => paperDetail(s, id),
    getPaperText: ({ id }) => paperText(s, id),
    searchPapers: ({ query, status, limit, offset }) => ({
      hits: searchPapers(s.db, query, { limit, offset, ...(status ? { status } : {}) }),
    }),
    setPaperStatus: ({ id, status }) => {
      const summary = setPaperStatus(s.db, id, status);
      s.events.emit('papersChanged', { ids: [id] });
      return summary;
    },
  };
}

export function paperDetail(s: Services, id: string): PaperDetail {
  const paper = getPaper(s.db, id);
  if (!paper) throw new AppError('not_found', `No paper with id ${id}.`);
  const text = getLatestPaperText(s.db, id);
  const warnings = text?.warnings ?? [];
  return {
    ...paper,
    extractorVersion: text?.extractorVersion ?? null,
    warnings: warnings.map((w) => ({ code: w.code, message: w.message })),
    hiddenPassages: warnings.flatMap((w) => w.passages ?? []),
  };
}

export function paperText(s: Services, id: string): PaperTextView {
  if (!getPaper(s.db, id)) throw new AppError('not_found', `No paper with id ${id}.`);
  const text = getLatestPaperText(s.db, id);
  if (!text) throw new AppError('not_found', `Paper ${id} has no extracted text.`);
  return { id, ...text };
}
