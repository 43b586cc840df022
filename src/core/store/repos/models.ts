import type { Db } from '../open';
import { stmt } from '../statements';
import { parseJson } from '../json';
import type { AdapterInfo, ModelInfo } from '../../../shared/contract/engine';

/** The models and model_adapters tables. Plain functions, db first, statements prepared once. */

interface ModelRow {
  id: string;
  path: string;
  file_name: string;
  size_bytes: number;
  sha256: string | null;
  architecture: string | null;
  parameters: number | null;
  quantization: string | null;
  context_length: number | null;
  chat_template: string | null;
  metadata: string;
  round: string | null;
  added_at: string;
}
/** An adapter row read straight into AdapterInfo's shape (its metadata column stays behind). */
const ADAPTER_COLS =
  'id, model_id AS modelId, path, file_name AS fileName, sha256, scale, added_at AS addedAt';

export interface NewModel {
  id: string;
  path: string;
  fileName: string;
  sizeBytes: number;
  architecture: string;
  parameters: number | null;
  quantization: string | null;
  contextLength: number | null;
  chatTemplate: string | null;
  /** JSON-safe metadata we read (name, shape, tensor summary); never the whole vocabulary. */
  metadata: Record<string, unknown>;
  round: string | null;
}

function modelFromRow(db: Db, r: ModelRow): ModelInfo {
  // Damaged metadata only loses the display name.
  const meta = parseJson<Record<string, unknown>>(r.metadata, {});
  return {
    id: r.id,
    path: r.path,
    fileName: r.file_name,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    architecture: r.architecture ?? 'unknown',
    parameters: r.parameters,
    quantization: r.quantization,
    contextLength: r.context_length,
    chatTemplate: r.chat_template,
    name: typeof meta.name === 'string' ? meta.name : null,
    round: r.round,
    addedAt: r.added_at,
    adapters: listAdapters(db, r.id),
    server: serverOf(meta),
  };
}

/** A served model keeps its endpoint in metadata.server (no schema change for a JSON field). */
function serverOf(meta: Record<string, unknown>): ModelInfo['server'] {
  const s = meta.server as { url?: unknown; model?: unknown; gguf?: unknown } | undefined;
  if (!s || typeof s.url !== 'string' || typeof s.model !== 'string') return null;
  return { url: s.url, model: s.model, gguf: typeof s.gguf === 'string' ? s.gguf : null };
}

export function insertModel(db: Db, m: NewModel): ModelInfo {
  stmt(
    db,
    `INSERT INTO models (id, path, file_name, size_bytes, architecture, parameters, quantization, context_length,
       chat_template, metadata, round, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.id,
    m.path,
    m.fileName,
    m.sizeBytes,
    m.architecture,
    m.parameters,
    m.quantization,
    m.contextLength,
    m.chatTemplate,
    JSON.stringify(m.metadata),
    m.round,
    new Date().toISOString(),
  );
  return getModel(db, m.id) as ModelInfo;
}

export function getModel(db: Db, id: string): ModelInfo | null {
  const r = stmt(db, 'SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
  return r ? modelFromRow(db, r) : null;
}

export function findModelByPath(db: Db, path: string): ModelInfo | null {
  const r = stmt(db, 'SELECT * FROM models WHERE path = ?').get(path) as ModelRow | undefined;
  return r ? modelFromRow(db, r) : null;
}

export function listModels(db: Db): ModelInfo[] {
  const rows = stmt(db, 'SELECT * FROM models ORDER BY added_at, id').all() as ModelRow[];
  return rows.map((r) => modelFromRow(db, r));
}

/** Only fills a missing hash: a model's file is identified by the hash taken when it was added. */
export function setModelSha(db: Db, id: string, sha256: string): void {
  stmt(db, 'UPDATE models SET sha256 = ? WHERE id = ? AND sha256 IS NULL').run(sha256, id);
}

export function deleteModel(db: Db, id: string): boolean {
  return stmt(db, 'DELETE FROM models WHERE id = ?').run(id).changes > 0;
}

export function insertAdapter(
  db: Db,
  a: {
    id: string;
    modelId: string;
    path: string;
    fileName: string;
    scale: number;
    metadata: Record<string, unknown>;
  },
): AdapterInfo {
  stmt(
    db,
    'INSERT INTO model_adapters (id, model_id, path, file_name, scale, metadata, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(a.id, a.modelId, a.path, a.fileName, a.scale, JSON.stringify(a.metadata), new Date().toISOString());
  return getAdapter(db, a.id) as AdapterInfo;
}

export function getAdapter(db: Db, id: string): AdapterInfo | null {
  const r = stmt(db, `SELECT ${ADAPTER_COLS} FROM model_adapters WHERE id = ?`).get(id);
  return (r as AdapterInfo | undefined) ?? null;
}

export function listAdapters(db: Db, modelId: string): AdapterInfo[] {
  const sql = `SELECT ${ADAPTER_COLS} FROM model_adapters WHERE model_id = ? ORDER BY added_at, id`;
  return stmt(db, sql).all(modelId) as AdapterInfo[];
}

export function setAdapterSha(db: Db, id: string, sha256: string): void {
  stmt(db, 'UPDATE model_adapters SET sha256 = ? WHERE id = ? AND sha256 IS NULL').run(sha256, id);
}

export function deleteAdapter(db: Db, id: string): boolean {
  return stmt(db, 'DELETE FROM model_adapters WHERE id = ?').run(id).changes > 0;
}
