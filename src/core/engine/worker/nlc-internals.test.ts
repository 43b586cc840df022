import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LlamaContext } from 'node-llama-cpp';
import { NODE_LLAMA_CPP_TESTED, nodeLlamaCppVersion } from '../nlc-version';
import { assertInternals, queuedDecodesOf, sequenceIdOf, wrapDecodeTokens } from './nlc-internals';
import { useTinyModel } from './tiny-model.fixtures';

describe('node-llama-cpp internals adapter', () => {
  const tiny = useTinyModel();

  it('finds every internal it needs on a real context of the installed release', async () => {
    const context = await tiny.model.createContext({ contextSize: 256, sequences: 2 });
    try {
      expect(() => assertInternals(context)).not.toThrow();
      expect(queuedDecodesOf(context)).toEqual([]);
      const [first, second] = [context.getSequence(), context.getSequence()];
      expect([sequenceIdOf(first), sequenceIdOf(second)]).toEqual([0, 1]);
      const seen: number[] = [];
      wrapDecodeTokens(context, (original) => (request, ...rest) => {
        seen.push(request.tokens.length);
        return original(request, ...rest);
      });
      await first.evaluateWithoutGeneratingNewTokens(tiny.model.tokenize('Hello there'));
      expect(seen.length).toBeGreaterThan(0);
    } finally {
      await context.dispose();
    }
  }, 60_000);

  it('fails loudly, naming the release and the field, when a release renames them', () => {
    const renamed = {
      _queuedDecodesV2: [],
      _decodeTokens: () => Promise.resolve(),
    } as unknown as LlamaContext;
    expect(() => assertInternals(renamed)).toThrow(
      new RegExp(
        `node-llama-cpp ${nodeLlamaCppVersion().replace(/\./g, '\\.')} no longer has LlamaContext\\._queuedDecodes.*node-llama-cpp@${NODE_LLAMA_CPP_TESTED}`,
      ),
    );
    const noDecode = { _queuedDecodes: [] } as unknown as LlamaContext;
    expect(() => assertInternals(noDecode)).toThrow(/no longer has LlamaContext\._decodeTokens/);
    expect(() => wrapDecodeTokens(noDecode, (o) => o)).toThrow(/_decodeTokens/);
  });

  it('reads the installed version from the package at run time', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../../node_modules/node-llama-cpp/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(nodeLlamaCppVersion()).toBe(pkg.version);
    expect(nodeLlamaCppVersion()).toBe(NODE_LLAMA_CPP_TESTED);
  });
});
