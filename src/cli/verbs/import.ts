import type { ImportResult } from '../../shared/contract/library';
import { importFiles } from '../../core/library/import';
import { UsageError, type Verb } from '../verb';

/** The --json line for one file: id/title/pages when known, error only when failed. */
export function importJsonLine(r: ImportResult): string {
  return JSON.stringify({
    file: r.file,
    status: r.status,
    ...(r.id !== undefined ? { id: r.id } : {}),
    ...(r.title !== undefined ? { title: r.title } : {}),
    ...(r.pages !== undefined ? { pages: r.pages } : {}),
    warnings: r.warnings.map((w) => w.code),
    ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
  });
}

function readableLine(r: ImportResult): string {
  const id = r.id ? r.id.slice(0, 12) : '';
  const warn = r.warnings.length ? `  [${r.warnings.map((w) => w.message).join('; ')}]` : '';
  if (r.status === 'failed')
    return `failed     ${r.file}: ${r.error?.message ?? 'unknown error'} (${r.error?.code ?? 'internal'})`;
  const what = `${r.title ?? ''}${r.pages !== undefined ? ` (${r.pages} pages)` : ''}`;
  if (r.status === 'duplicate') return `duplicate  ${id}  ${r.file}: already in the library as "${what}"`;
  return `imported   ${id}  ${r.file}: ${what}${warn}`;
}

export const importVerb: Verb = {
  name: 'import',
  summary: 'Import PDFs (folders recursively); one line per file. Exit 1 if any file failed.',
  args: '<pdf|dir>...',
  options: { json: { type: 'boolean', description: 'one JSON object per input file' } },
  async run(ctx) {
    if (ctx.positionals.length === 0)
      throw new UsageError('import needs at least one PDF or folder, e.g. "import paper.pdf".');
    const json = ctx.values.json === true;
    // Ctrl+C stops after the current page; the files not done are reported as cancelled.
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    let results: ImportResult[];
    try {
      results = await importFiles(ctx.services(), ctx.positionals, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'reading') ctx.note(`[${p.index + 1}/${p.total}] ${p.file}`);
        },
        onResult: (r) => ctx.out(json ? importJsonLine(r) : readableLine(r)),
      });
    } finally {
      process.off('SIGINT', onSigint);
    }
    const count = (s: ImportResult['status']) => results.filter((r) => r.status === s).length;
    const failed = count('failed');
    if (!json) ctx.out(`${count('imported')} imported, ${count('duplicate')} duplicate, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  },
};
