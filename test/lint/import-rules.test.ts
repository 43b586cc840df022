import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../support/temp';

/**
 * The import rules `npm run lint` enforces fail when broken: each case writes the smallest
 * offending code and checks the exact failure, so a rule that silently stops resolving
 * imports (as import-x/no-cycle did here once) turns this red.
 */

describe('check-cycles (scripts/check-cycles.mjs)', () => {
  let temp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => temp?.remove());

  function tree(files: Record<string, string>): string {
    temp = tempDir('prs-cycles-');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(temp.path, name)), { recursive: true });
      writeFileSync(join(temp.path, name), text);
    }
    return temp.path;
  }

  function check(dir: string): { status: number | null; stderr: string } {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/check-cycles.mjs'), dir], {
      encoding: 'utf8',
    });
    return { status: r.status, stderr: r.stderr };
  }

  it('fails on a cycle of type-only imports, naming the files in order', () => {
    const dir = tree({
      'a.ts': "import type { B } from './b';\nexport interface A { b: B }\n",
      'b.ts': "import type { A } from './a';\nexport interface B { a?: A }\n",
    });
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Import cycle: a.ts → b.ts → a.ts');
  });

  it('resolves extensionless specifiers, index files and .tsx as tsc does', () => {
    const dir = tree({
      'view.tsx': "import { model } from './model';\nexport const view = () => model;\n",
      'model/index.ts': "import { shape } from './shape';\nexport const model = shape;\n",
      'model/shape.ts': "import { view } from '../view';\nexport const shape = typeof view;\n",
    });
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Import cycle: model/index.ts → model/shape.ts → view.tsx → model/index.ts');
  });

  it('passes once the shared type has a file of its own', () => {
    const dir = tree({
      'types.ts': 'export interface A { b: B }\nexport interface B { a?: A }\n',
      'a.ts': "import type { A } from './types';\nexport const a = (x: A) => x;\n",
      'b.ts':
        "import type { B } from './types';\nimport { a } from './a';\nexport const b = (x: B) => [x, a];\n",
    });
    expect(check(dir)).toEqual({ status: 0, stderr: '' });
  });
});

describe('test-support rules (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });

  async function errors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, filePath) });
    return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
  }

  it('the app imports no *.fixtures.ts module and nothing under test/', async () => {
    const found = await errors(
      'src/core/library/pdf/new-module.ts',
      "import { fixture } from './pdf.fixtures';\nimport { tempDir } from '../../../../test/support/temp';\n" +
        'export const used = [fixture, tempDir];\n',
    );
    expect(found).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*\*\.fixtures\.ts module/),
      expect.stringMatching(/^import-x\/no-restricted-paths: .*never imports test support/),
    ]);
  });

  it('tests and fixtures may import them', async () => {
    const code = "import { fixture } from './pdf.fixtures';\nexport const used = fixture;\n";
    expect(await errors('src/core/library/pdf/new.test.ts', code)).toEqual([]);
    expect(await errors('src/core/library/pdf/more.fixtures.ts', code)).toEqual([]);
  });

  it('rejects the old names of test support and code under test/ outside test/support/', async () => {
    const code = 'export const x = 1;\n';
    for (const file of [
      'src/core/engine/testing.ts',
      'src/core/review/test-seed.ts',
      'test/helpers/temp.ts',
    ]) {
      expect(await errors(file, code), file).toEqual([
        expect.stringMatching(/^no-restricted-syntax: Test support/),
      ]);
    }
    expect(await errors('test/support/temp-2.ts', code)).toEqual([]);
  });
});
