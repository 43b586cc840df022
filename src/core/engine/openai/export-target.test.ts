import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../export/run';
import { ManifestTargetModel } from '../../export/target-types';
import { insertReview } from '../../store/repos/reviews';
import { writeEngineSettings } from '../settings';
import {
  addTestPaper,
  makeTestModels,
  prose,
  section,
  testLibrary,
  type TestLibrary,
} from '../engine.fixtures';
import {
  SKIP_LLAMA_SERVER,
  requireLlamaServerBinary,
  startLlamaServer,
  type RunningServer,
} from '../../../../test/support/llama-server';
import { ollamaLike, vllmLike } from './gateways.fixtures';

/**
 * `export --for-model server:NAME` against a real llama-server: records are fitted with the
 * server's chat template (/props) and tokenizer (/tokenize), to the context of one of its
 * slots — the same prompts, token for token, as the same GGUF gives locally. Other servers'
 * surfaces are gateways in front of the real server (gateways.fixtures.ts): Ollama's (no
 * /props, no /tokenize) and vLLM's (no /props; /tokenize in its own dialect). Where the server
 * gives neither template nor tokenizer and no GGUF is registered, or is down, the export is
 * refused with one line naming the model.
 */
const models = makeTestModels();
const ALIAS = 'tiny-mistral';
const SLOTS = 2;

type Line = { messages: Array<{ role: string; content: string }>; metadata: Record<string, unknown> };
const sha256Of = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The manifest's target, read through its schema, and its token-counting line. */
function manifestOf(dir: string): { target: ManifestTargetModel; tokenCounting: string } {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    target_model: unknown;
    tokenCounting: string;
  };
  return { target: ManifestTargetModel.parse(m.target_model), tokenCounting: m.tokenCounting };
}

const ctxOf = (l: TestLibrary) => ({ db: l.services.db, dataDir: l.services.paths.root, schemaVersion: 1 });

/** A library of one approved review, fitted to 1,024 tokens of context. */
function oneReviewLibrary(): TestLibrary {
  const l = testLibrary();
  writeEngineSettings(l.services.db, { contextSize: 1024, maxTokens: 256 });
  const paperId = addTestPaper(l.services, { title: 'Gateway One' });
  insertReview(l.services.db, {
    paperId,
    annotator: 'ann',
    templateId: 'four-part@1',
    status: 'approved',
    sections: { significance: 'A corrected review.' },
  });
  return l;
}

const linesOf = (dir: string): Line[] =>
  readFileSync(join(dir, 'train.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

describe.skipIf(SKIP_LLAMA_SERVER)('export --for-model server:NAME', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let lib: TestLibrary;

  beforeAll(async () => {
    server = await startLlamaServer(requireLlamaServerBinary(), {
      model: models.mistral,
      alias: ALIAS,
      parallel: SLOTS,
      context: 1024 * SLOTS,
    });
    lib = testLibrary();
    writeEngineSettings(lib.services.db, { contextSize: 2048, maxTokens: 256 });
    const papers = [
      addTestPaper(lib.services, { title: 'Short One' }),
      // Longer than a slot's 1,024 tokens: the fit trims it.
      addTestPaper(lib.services, {
        title: 'Long One',
        sections: [
          section('Introduction', 'body', prose(1500, 5)),
          section('References', 'references', prose(200, 6)),
        ],
      }),
    ];
    for (const paperId of papers)
      insertReview(lib.services.db, {
        paperId,
        annotator: 'ann',
        templateId: 'four-part@1',
        status: 'approved',
        sections: { significance: `A corrected review of paper ${paperId.slice(0, 8)}.` },
      });
  }, 90_000);

  afterAll(async () => {
    await lib?.close();
    await server?.stop();
  });

  const ctx = () => ({ db: lib.services.db, dataDir: lib.services.paths.root, schemaVersion: 1 });

  it("fits the records with the server's template and tokenizer, to one slot's context, as the same GGUF does locally", async () => {
    const { engine } = lib.services;
    const served = await engine.models.addServer({ url: server.url, name: ALIAS });
    const servedDir = join(lib.dir, 'out-served');
    const r = await runExport(ctx(), {
      format: 'messages',
      outDir: servedDir,
      valRatio: 0,
      forModel: `server:${ALIAS}`,
    });
    expect(r.counts, JSON.stringify(r)).toMatchObject({ train: 2 });
    expect(r.counts.trimmed).toBe(2);

    // The same file loaded here, at the context of one of the server's slots.
    writeEngineSettings(lib.services.db, { contextSize: 1024 });
    const local = await engine.models.add(models.mistral);
    const localDir = join(lib.dir, 'out-local');
    await runExport(ctx(), { format: 'messages', outDir: localDir, valRatio: 0, forModel: local.id });

    const byPaper = (ls: Line[]) => new Map(ls.map((l) => [l.metadata.paper_id, l]));
    const viaServer = byPaper(linesOf(servedDir));
    const viaGguf = byPaper(linesOf(localDir));
    expect(viaServer.size).toBe(2);
    for (const [paper, line] of viaServer) {
      const other = viaGguf.get(paper)!;
      expect(line.messages).toEqual(other.messages);
      expect(line.metadata.prompt_sha256).toBe(other.metadata.prompt_sha256);
      expect(line.metadata.prompt_tokens).toBe(other.metadata.prompt_tokens);
      // The review counted by the server's /tokenize, as the GGUF counts it.
      expect(line.metadata.completion_tokens).toBe(other.metadata.completion_tokens);
      expect(line.metadata.completion_tokens as number).toBeGreaterThan(0);
      expect(line.metadata.prompt_tokens as number).toBeLessThanOrEqual(1024 - 256);
      expect(line.metadata.prompt_model_id).toBe(served.id);
    }
    const sm = manifestOf(servedDir);
    expect(sm.target).toMatchObject({ path: `server:${ALIAS}`, context_size: 1024 });
    // llama-server tells the file's path (/props), never its hash: unknown, and why — not ''.
    expect(sm.target.sha256).toBeNull();
    expect(sm.target.sha256Unknown).toBe(
      `The server at ${server.url} does not tell the sha256 of the file it serves (/v1/models and /props give none), and no copy of the GGUF was registered with the model (models add --server … --gguf FILE).`,
    );
    expect(sm.tokenCounting).toMatch(
      new RegExp(`^exact: the server's own tokenizer \\(/tokenize of ${server.url}, model "${ALIAS}"\\);`),
    );
    expect(sm.tokenCounting).not.toContain('vocabulary only');
    const byFile = manifestOf(localDir);
    expect(byFile.target.sha256).toBe(sha256Of(models.mistral));
    expect(byFile.target.sha256Unknown).toBeNull();
    expect(byFile.tokenCounting).toMatch(
      /^exact: the tokenizer of tiny-mistral\.gguf \(sha256 [0-9a-f]{12}…, vocabulary only\);/,
    );
  });

  it("counts with the registered GGUF where the server has no /tokenize, and records that file's sha256", async () => {
    const gateway = await ollamaLike(server.url);
    const other = oneReviewLibrary();
    try {
      await other.services.engine.models.addServer({ url: gateway.url, name: ALIAS, gguf: models.mistral });
      const out = join(other.dir, 'out');
      await runExport(ctxOf(other), {
        format: 'messages',
        outDir: out,
        valRatio: 0,
        forModel: `server:${ALIAS}`,
      });
      const m = manifestOf(out);
      expect(m.target.sha256).toBe(sha256Of(models.mistral));
      expect(m.target.sha256Unknown).toBeNull();
      expect(m.tokenCounting).toMatch(
        new RegExp(
          `^exact: the tokenizer of tiny-mistral\\.gguf \\(sha256 [0-9a-f]{12}…, vocabulary only\\), the GGUF registered with served model ${ALIAS}, as the server at ${gateway.url} has no /tokenize;`,
        ),
      );
    } finally {
      gateway.server.close();
      await other.close();
    }
  });

  it("renders with the registered GGUF's template where the server tokenizes but has no /props (vLLM, SGLang), counting with its /tokenize", async () => {
    const gateway = await vllmLike(server.url, 1024);
    const other = oneReviewLibrary();
    try {
      await other.services.engine.models.addServer({ url: gateway.url, name: ALIAS, gguf: models.mistral });
      const servedDir = join(other.dir, 'out-served');
      const r = await runExport(ctxOf(other), {
        format: 'messages',
        outDir: servedDir,
        valRatio: 0,
        forModel: `server:${ALIAS}`,
      });
      expect(r.counts.train).toBe(1);
      expect(manifestOf(servedDir).target.tokenCounter).toEqual({
        kind: 'server',
        url: gateway.url,
        model: ALIAS,
      });
      // Token for token what the same file gives locally, counted by the server in vLLM's dialect.
      const local = await other.services.engine.models.add(models.mistral);
      const localDir = join(other.dir, 'out-local');
      await runExport(ctxOf(other), {
        format: 'messages',
        outDir: localDir,
        valRatio: 0,
        forModel: local.id,
      });
      const [viaServer] = linesOf(servedDir);
      const [viaGguf] = linesOf(localDir);
      expect(viaServer!.messages).toEqual(viaGguf!.messages);
      expect(viaServer!.metadata.prompt_sha256).toBe(viaGguf!.metadata.prompt_sha256);
      expect(viaServer!.metadata.prompt_tokens).toBe(viaGguf!.metadata.prompt_tokens);
      expect(viaServer!.metadata.completion_tokens).toBe(viaGguf!.metadata.completion_tokens);
    } finally {
      gateway.server.close();
      await other.close();
    }
  });

  it('refuses, in one line, a server that gives neither template nor tokenizer, one that is down, and an unknown name', async () => {
    const gateway = await ollamaLike(server.url);
    const other = testLibrary();
    try {
      await other.services.engine.models.addServer({ url: gateway.url, name: ALIAS });
      const fails = (l: TestLibrary, forModel: string) =>
        runExport(
          { db: l.services.db, dataDir: l.services.paths.root, schemaVersion: 1 },
          { format: 'messages', outDir: join(l.dir, `out-${Math.random()}`), forModel },
        ).then(
          () => 'exported',
          (e: unknown) => (e as Error).message,
        );
      expect(await fails(other, `server:${ALIAS}`)).toMatch(
        new RegExp(
          `^--for-model server:${ALIAS}: The server at ${gateway.url} has no /tokenize \\(Ollama\\?\\) and no GGUF of the model is known here`,
        ),
      );
      expect(await fails(other, 'server:nope')).toBe(
        '--for-model server:nope: no served model is registered under that name; add it with "models add --server URL --name nope".',
      );
      await server.stop();
      expect(await fails(lib, `server:${ALIAS}`)).toBe(
        `--for-model server:${ALIAS}: The server at ${server.url} is not reachable (ECONNREFUSED).`,
      );
    } finally {
      gateway.server.close();
      await other.close();
    }
  });
});
