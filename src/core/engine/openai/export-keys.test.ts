import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportRequest } from '../../../shared/contract/dataset';
import { datasetHandlers } from '../../api/dataset';
import { createServices, type Services } from '../../services';
import { insertReview } from '../../store/repos/reviews';
import { writeEngineSettings } from '../settings';
import { addTestPaper, makeTestModels } from '../engine.fixtures';
import { aesCipher } from './key-cipher.fixtures';
import { EncryptedKeyStore } from './encrypted-keys';
import {
  SKIP_LLAMA_SERVER,
  requireLlamaServerBinary,
  startLlamaServer,
  type RunningServer,
} from '../../../../test/support/llama-server';

/**
 * The desktop app's composition (src/main/index.ts passes Electron's safeStorage as
 * `keyCipher`) with a cipher that really encrypts in its place: an export for a served model
 * whose key the OS keychain holds reaches the server with that key — read by the key store
 * the app composed and handed to the export's worker thread in memory — and writes it nowhere.
 */
const models = makeTestModels();
const ALIAS = 'tiny-keyed';
const KEY = 'sk-export-3c1d9a7e55f0';

describe.skipIf(SKIP_LLAMA_SERVER)(
  'export for a served model whose key the keychain holds',
  { timeout: 120_000 },
  () => {
    let server: RunningServer;
    let dir: string;
    let services: Services;

    beforeAll(async () => {
      server = await startLlamaServer(requireLlamaServerBinary(), {
        model: models.mistral,
        alias: ALIAS,
        apiKey: KEY,
        context: 1024,
      });
      dir = mkdtempSync(join(tmpdir(), 'prs-export-keys-'));
      services = createServices({ dataDir: dir, host: 'electron', keyCipher: aesCipher() });
      writeEngineSettings(services.db, { threads: 1, contextSize: 1024, maxTokens: 64 });
      const paperId = addTestPaper(services, { title: 'Keyed One' });
      insertReview(services.db, {
        paperId,
        annotator: 'ann',
        templateId: 'four-part@1',
        status: 'approved',
        sections: { significance: 'A corrected review.' },
      });
    }, 90_000);

    afterAll(async () => {
      await services?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      await server?.stop();
    });

    it('fits the records through the server with the key from the encrypted store, and the export never holds it', async () => {
      await services.engine.models.addServer({ url: server.url, name: ALIAS, key: KEY });
      expect(services.engine.models.keys).toBeInstanceOf(EncryptedKeyStore);
      const outDir = join(dir, 'out');
      const api = datasetHandlers(services);
      // The request as the app's IPC hands it over: parsed, defaults filled in.
      const req = ExportRequest.parse({
        format: 'messages',
        outDir,
        valRatio: 0,
        forModel: `server:${ALIAS}`,
      });
      expect((await api.previewExport(req)).counts.matched).toBe(1);
      const r = await api.exportDataset(req);
      expect(r.counts.train).toBe(1);
      for (const name of readdirSync(outDir))
        expect(readFileSync(join(outDir, name), 'utf8')).not.toContain(KEY);
      for (const name of readdirSync(join(dir, 'secrets')))
        expect(readFileSync(join(dir, 'secrets', name), 'utf8')).not.toContain(KEY);
    });
  },
);
