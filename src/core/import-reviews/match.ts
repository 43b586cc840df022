import type { Db } from '../store/open';
import { normalizeTitle } from '../../shared/title';

export { normalizeTitle };

function stem(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, '');
}

/**
 * The library paper a corpus review file belongs to: the PDF whose original file name
 * without extension is the dataset's paper id, else a paper whose external_id is that id,
 * else the one paper whose normalized title equals the dataset's. Several candidates for a
 * title count as no match (reported), never a guess.
 */
export function matchPaper(db: Db, datasetPaperId: string, title: string | null): string | undefined {
  const byFile = db
    .prepare(
      'SELECT id, file_name FROM papers WHERE file_name IS NOT NULL AND substr(file_name, 1, ?) = ? ORDER BY added_at, id',
    )
    .all(datasetPaperId.length, datasetPaperId) as Array<{ id: string; file_name: string }>;
  const file = byFile.find((p) => stem(p.file_name) === datasetPaperId);
  if (file) return file.id;
  const ext = db
    .prepare('SELECT id FROM papers WHERE external_id = ? ORDER BY added_at, id')
    .get(datasetPaperId) as { id: string } | undefined;
  if (ext) return ext.id;
  if (!title) return undefined;
  const wanted = normalizeTitle(title);
  if (!wanted) return undefined;
  const hits: string[] = [];
  for (const p of db.prepare('SELECT id, title FROM papers WHERE title IS NOT NULL').iterate() as Iterable<{
    id: string;
    title: string;
  }>) {
    if (normalizeTitle(p.title) === wanted) hits.push(p.id);
  }
  return hits.length === 1 ? hits[0] : undefined;
}
