/**
 * Issue #17: the exports, made by the real app from real papers, read and trained on by the
 * real consumers — datasets, transformers (chat templates from the GGUF), TRL's SFT and DPO
 * trainers — plus LLaMA-Factory's dataset_info.json semantics. The Python half is
 * test/training/test_*.py; this file builds the library and exports, then runs pytest on them.
 *
 *   PRS_TRAINING_BULK_PAPERS=0 npm test   # every paper of the bulk set instead of the first 16
 *   PRS_TRAINING_KEEP=1                    # keep the exports (the path is printed)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, REPO_ROOT } from '../support/temp';
import { CORPUS_DIR } from '../support/corpus';
import { BULK_FILE, buildExports, DEFAULT_BULK_PAPERS, type TrainingIndex } from '../support/build-exports';

const PIP_HINT = 'pip install -r test/training/requirements.txt';
const HAS_PYTHON = !spawnSync('python3', ['--version']).error;
const SKIP_REASON =
  'skipped: python3 is not on PATH, so the training stack (datasets, transformers, TRL) cannot run';
const corpusDir = existsSync(join(CORPUS_DIR, BULK_FILE)) ? CORPUS_DIR : null;
const bulkPapers = Number(process.env.PRS_TRAINING_BULK_PAPERS ?? DEFAULT_BULK_PAPERS);

/** Runs a command without blocking the event loop (vitest's timeouts keep working). */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe.skipIf(!HAS_PYTHON)('training stack round trip (datasets, transformers, TRL, LLaMA-Factory)', () => {
  const work = tempDir('prs-training-');
  let missing: string | null = null;
  let index: TrainingIndex | null = null;
  let indexFile = '';

  beforeAll(async () => {
    const deps = spawnSync('python3', [join(REPO_ROOT, 'test/training/check_requirements.py')], {
      encoding: 'utf8',
    });
    if (deps.status !== 0) {
      // Building the library is pointless when pytest cannot run; the tests below say why.
      missing = (deps.stdout + deps.stderr).trim() || `exit ${deps.status}`;
      return;
    }
    index = await buildExports({ workDir: work.path, corpusDir, bulkPapers });
    indexFile = join(work.path, 'index.json');
    writeFileSync(indexFile, JSON.stringify(index, null, 2));
  }, 600_000);

  afterAll(() => {
    if (process.env.PRS_TRAINING_KEEP) console.info(`training-stack: exports kept in ${work.path}`);
    else work.remove();
  });

  it('has the pinned Python packages', () => {
    expect(missing, `${missing} — run: ${PIP_HINT}`).toBeNull();
  });

  it('builds the library with the real importers, engine and review workflow', () => {
    if (!index) return expect.fail(`no library was built (${missing ?? 'see beforeAll'}); run: ${PIP_HINT}`);
    expect(index.problems).toEqual([]);
    expect(index.drafts).toHaveLength(4);
    if (corpusDir) expect(index.papers.bulk).toBeGreaterThan(1);
  });

  it('exports every format for the default and for each target model', () => {
    if (!index) return expect.fail(`no exports were built (${missing ?? 'see beforeAll'}); run: ${PIP_HINT}`);
    const failed = index.exports.filter((e) => e.error).map((e) => `${e.name}: ${e.error}`);
    expect(failed).toEqual([]);
    expect(index.exports).toHaveLength(15);
    if (!corpusDir)
      console.info(`training-stack: ${CORPUS_DIR}/${BULK_FILE} is absent; only the fixture PDFs are used`);
  });

  it('the training stack reads, renders and trains on every export (pytest test/training)', async () => {
    if (!index) return expect.fail(`no exports were built (${missing ?? 'see beforeAll'}); run: ${PIP_HINT}`);
    const t0 = performance.now();
    const r = await run(
      'python3',
      ['-m', 'pytest', 'test/training', '-q', '-p', 'no:cacheprovider', '--durations=12'],
      {
        PRS_TRAINING_INDEX: indexFile,
        // Everything offline and inside the temp folder: no hub look-ups, no cache left behind.
        HF_HUB_OFFLINE: '1',
        HF_DATASETS_OFFLINE: '1',
        HF_HOME: join(work.path, 'hf'),
        TOKENIZERS_PARALLELISM: 'false',
        PYTHONDONTWRITEBYTECODE: '1',
      },
    );
    const stages = { ...index.timings, pytest: Math.round(performance.now() - t0) / 1000 };
    console.info(
      `training-stack timings (s): ${JSON.stringify(stages)}; papers: ${JSON.stringify(index.papers)}`,
    );
    if (r.code !== 0)
      expect.fail(`pytest test/training failed (exit ${r.code}):\n${r.output.slice(-20_000)}`);
  }, 1_200_000);
});

if (!HAS_PYTHON) {
  console.warn(`training-stack: ${SKIP_REASON}`);
  it.skip(SKIP_REASON, () => {});
}
