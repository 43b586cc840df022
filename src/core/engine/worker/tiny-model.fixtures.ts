/** Test support for the worker's parts below the protocol (vitest only: it registers hooks). */
import { afterAll, beforeAll } from 'vitest';
import { getLlama, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp';
import { makeTestModels } from '../engine.fixtures';

/**
 * The tiny Mistral-style test model loaded straight into node-llama-cpp on the CPU, for
 * tests of the worker's parts below the protocol. Call in a describe block: it loads before
 * the tests and frees everything after them.
 */
export function useTinyModel(): { readonly model: LlamaModel } {
  const held: { llama?: Llama; model?: LlamaModel } = {};
  beforeAll(async () => {
    held.llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
    held.model = await held.llama.loadModel({ modelPath: makeTestModels().mistral });
  });
  afterAll(async () => {
    await held.model?.dispose();
    await held.llama?.dispose();
  });
  return {
    get model() {
      if (!held.model) throw new Error('useTinyModel: the model is loaded in beforeAll');
      return held.model;
    },
  };
}
