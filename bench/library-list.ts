/**
 * Library table at scale: 10 000 papers (with a text row each), one page of 100 rows per
 * sort key, the matching count, and a full-text search. Not a test: prints one JSON line
 * and a short table. Run: npx tsx bench/library-list.ts
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { migrate } from '../src/core/store/migrate';
import {
  countPapers,
  insertPaper,
  listPapers,
  savePaperText,
  searchPapers,
} from '../src/core/store/repos/papers';

const N = 10_000;
const db = new Database(':memory:');
migrate(db);
const words = [
  'graph',
  'network',
  'attention',
  'review',
  'zebrafish',
  'matrix',
  'gradient',
  'token',
  'layout',
  'corpus',
];
const t0 = performance.now();
db.transaction(() => {
  for (let i = 0; i < N; i++) {
    const id = createHash('sha256').update(`p${i}`).digest('hex');
    insertPaper(db, {
      id,
      title: `Paper ${(i * 7919) % N} on ${words[i % 10]}`,
      pages: i % 40,
      status: (['new', 'drafted', 'in_progress', 'approved', 'skipped'] as const)[i % 5],
      addedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      authors: [`Author ${(i * 31) % 997}`, `Second ${i % 13}`],
      venue: i % 7 === 0 ? null : ['ICLR', 'ACL', 'NeurIPS', 'ICML'][i % 4]!,
      year: i % 11 === 0 ? null : 2010 + (i % 15),
    });
    const body = Array.from({ length: 300 }, (_, k) => words[(i + k * 7) % 10]).join(' ') + ` unique${i}`;
    const warnings = i % 50 === 0 ? [{ code: 'no_text_layer' as const, message: 'scanned' }] : [];
    savePaperText(db, id, { extractorVersion: 'b', sections: [], captions: [], warnings }, body);
  }
})();
const insertMs = performance.now() - t0;

function time(fn: () => unknown, reps = 20): number {
  fn();
  const start = performance.now();
  for (let r = 0; r < reps; r++) fn();
  return (performance.now() - start) / reps;
}

const rows: Array<[string, number]> = [];
for (const sort of ['title', 'added', 'updated', 'pages', 'status', 'author', 'venue', 'year'] as const) {
  rows.push([
    `list 100 by ${sort} (offset 5000)`,
    time(() => listPapers(db, { sort, dir: 'asc', limit: 100, offset: 5000 })),
  ]);
}
rows.push(['count (all)', time(() => countPapers(db))]);
rows.push(['count (flag scanned)', time(() => countPapers(db, { flag: 'scanned' }))]);
rows.push([
  'list 100 by year, author "author 5", venue "icl"',
  time(() => listPapers(db, { author: 'author 5', venue: 'icl', sort: 'year', limit: 100 })),
]);
rows.push(['count (status)', time(() => countPapers(db, { status: 'approved' }))]);
rows.push([
  'list 100 by title, query "zebrafish"',
  time(() => listPapers(db, { query: 'zebrafish', sort: 'title', limit: 100 })),
]);
rows.push(['search "unique123" (top 50)', time(() => searchPapers(db, 'unique123'))]);
rows.push(['search "graph net" (top 50)', time(() => searchPapers(db, 'graph net'))]);

console.log(
  JSON.stringify({
    bench: 'library-list',
    papers: N,
    insertMs: Math.round(insertMs),
    ms: Object.fromEntries(rows.map(([k, v]) => [k, +v.toFixed(2)])),
  }),
);
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v.toFixed(2).padStart(8)} ms`);
