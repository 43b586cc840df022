import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { ModelInfo } from '../../shared/contract/engine';
import { getDraft, listDrafts } from '../store/repos/drafts';
import {
  addTestPaper,
  makeTestModels,
  prose,
  section,
  testLibrary,
  type TestLibrary,
} from './engine.fixtures';
import { prepareDraft } from './prepare';
import { writeEngineSettings } from './settings';
import type { EngineService } from './service';

/** The real engine (worker process, llama.cpp) on the tiny generated models. */
const models = makeTestModels();
let lib: TestLibrary;
let engine: EngineService;
let mistral: ModelInfo;
let paperId: string;
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

beforeAll(async () => {
  lib = testLibrary();
  engine = lib.services.engine;
  mistral = await engine.models.add(models.mistral);
  paperId = addTestPaper(lib.services);
});
afterAll(async () => {
  await lib?.close();
});

describe('engine', () => {
  it('registers a model and hashes it in the background', async () => {
    const hashes: string[] = [];
    const off = lib.services.events.subscribe((name, p) => {
      if (name === 'modelHashProgress' && (p as { sha256: string | null }).sha256)
        hashes.push((p as { sha256: string }).sha256);
    });
    const gemma = await engine.models.add(models.gemma, 'round-1');
    expect(gemma).toMatchObject({ architecture: 'gemma', round: 'round-1', contextLength: 4096 });
    expect(await engine.models.modelSha(gemma)).toBe(sha(models.gemma));
    off();
    expect(hashes).toContain(sha(models.gemma));
    expect(engine.models.get(gemma.id).sha256).toBe(sha(models.gemma));
    expect((await failure(engine.models.add(models.gemma))).code).toBe('conflict');
  });

  it('reports hardware and a fits estimate', async () => {
    const hw = await engine.hardware();
    expect(hw.backend).toBe('cpu');
    expect(hw.threads).toBe(1);
    expect(hw.cpuThreads).toBeGreaterThan(0);
    expect(hw.ramTotal).toBeGreaterThan(0);
    const est = await engine.estimate(mistral.id, 2048);
    expect(est.verdict).toBe('fits');
    expect(est.ramNeeded).toBeGreaterThan(0);
  });

  it("renders the prompt through each model's own chat template", async () => {
    const markers: Array<[string, RegExp]> = [
      [models.mistral, /^<s>\[INST\] .*You are an expert peer reviewer[\s\S]*\[TITLE\][\s\S]*\[\/INST\]$/s],
      [
        models.gemma,
        /^<bos><start_of_turn>user\n[\s\S]*\[CONTENT\][\s\S]*<end_of_turn>\n<start_of_turn>model\n$/,
      ],
      [
        models.llama2,
        /^<s>\[INST\] <<SYS>>\nYou are an expert peer reviewer[\s\S]*<<\/SYS>>\n\n\[TITLE\][\s\S]*\[\/INST\]/,
      ],
      [
        models.chatml,
        /^(<s>)?<\|im_start\|>system\nYou are an expert peer reviewer[\s\S]*<\|im_end\|>\n<\|im_start\|>user\n\[TITLE\][\s\S]*<\|im_start\|>assistant\n$/,
      ],
    ];
    for (const [file, re] of markers) {
      const m = engine.models.find(file) ?? (await engine.models.add(file));
      const p = await prepareDraft(lib.services.db, engine.models, engine.client, { paperId, modelId: m.id });
      expect(p.plan.prompt.text).toMatch(re);
      expect(p.plan.prompt.sha256).toBe(createHash('sha256').update(p.plan.prompt.text).digest('hex'));
      expect(p.plan.userText.startsWith('[TITLE]\nA Study of Tiny Models\n\n[ABSTRACT]\n')).toBe(true);
    }
  });

  it('streams batched deltas that add up to the stored draft, with full provenance', async () => {
    const deltas: string[] = [];
    const off = lib.services.events.subscribe((name, p) => {
      if (name === 'draftDelta') deltas.push((p as { text: string }).text);
    });
    const out = await engine.drafter.draft({ paperId, modelId: mistral.id, maxTokens: 96, seed: 7 });
    off();
    const d = getDraft(lib.services.db, out.draftId)!;
    expect(d.endReason).toBe('length');
    expect(d.tokensOut).toBe(96);
    expect(deltas.join('')).toBe(d.text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.length).toBeLessThan(96); // batched, not one event per token
    expect(d).toMatchObject({
      modelSha256: sha(models.mistral),
      promptId: 'default@1',
      templateId: 'four-part@1',
      seed: 7,
      backend: 'cpu',
      threads: 1,
      gpuLayers: 0,
      contextSize: 2048,
    });
    expect(d.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(d.tokensIn).toBeGreaterThan(100);
    expect(d.ttftMs).toBeGreaterThan(0);
    expect(d.tokensPerSecond).toBeGreaterThan(0);
    expect(d.durationMs).toBeGreaterThan(0);
    expect(d.sampling).toMatchObject({ temperature: 0.7, maxTokens: 96 });
    const prov = d.provenance as {
      messages: Array<{ role: string; content: string }>;
      renderedPrompt: string;
    };
    // Mistral v0.2's template has no system role: the system text is folded into the user
    // turn, and the prompt is that template's own rendering of the stored turns.
    expect(prov.messages.map((m) => m.role)).toEqual(['user']);
    expect(prov.messages[0]!.content).toMatch(/^You are an expert peer reviewer[\s\S]*\n\n\[TITLE\]\n/);
    expect(prov.renderedPrompt).toBe(`<s>[INST] ${prov.messages[0]!.content} [/INST]`);
    expect(createHash('sha256').update(prov.renderedPrompt).digest('hex')).toBe(d.promptHash);
    // The defaults as the context used them (flash attention was recorded false under "auto").
    expect(d.provenance).toMatchObject({
      engine: { flashAttention: true, batchSize: 512, kvCacheType: 'f16' },
    });
    expect(d.provenance).not.toHaveProperty('tokenPredictions'); // no predictor by default
  });

  it("keeps the token predictor's record of a draft drafted with input lookup", async () => {
    writeEngineSettings(lib.services.db, { tokenPredictor: 'input-lookup' });
    try {
      const pid = addTestPaper(lib.services, { title: 'Predicted' });
      const out = await engine.drafter.draft({
        paperId: pid,
        modelId: mistral.id,
        maxTokens: 8,
        contextSize: 2048,
        seed: 3,
      });
      const d = getDraft(lib.services.db, out.draftId)!;
      expect(d.provenance).toMatchObject({
        engine: { tokenPredictor: 'input-lookup' },
        // Random weights never repeat the paper, so nothing is predicted; real models are measured with it.
        tokenPredictions: {
          validated: expect.any(Number),
          refuted: expect.any(Number),
          used: expect.any(Number),
        },
      });
    } finally {
      writeEngineSettings(lib.services.db, { tokenPredictor: 'none' });
    }
  });

  it('stop keeps the partial draft marked stopped; regenerate keeps every draft', async () => {
    const pid = addTestPaper(lib.services, { title: 'Stop me' });
    const out = await engine.drafter
      .draft(
        { paperId: pid, modelId: mistral.id, maxTokens: 2000, contextSize: 4096, seed: 1 },
        { onDelta: (_t, n) => n >= 8 && engine.drafter.stop(out_id()) },
      )
      .catch((e: unknown) => {
        throw e;
      });
    function out_id() {
      return [...(engine.drafter as unknown as { active: Map<string, unknown> }).active.keys()][0]!;
    }
    const stopped = getDraft(lib.services.db, out.draftId)!;
    expect(stopped.endReason).toBe('stopped');
    expect(stopped.tokensOut).toBeGreaterThanOrEqual(8);
    expect(stopped.tokensOut).toBeLessThan(2000);
    expect(stopped.text.length).toBeGreaterThan(0);
    const again = await engine.drafter.draft({
      paperId: pid,
      modelId: mistral.id,
      maxTokens: 16,
      seed: 2,
      sampling: { temperature: 1.2 },
    });
    const list = listDrafts(lib.services.db, pid);
    expect(list.map((d) => d.id).sort()).toEqual([out.draftId, again.draftId].sort());
    expect(getDraft(lib.services.db, again.draftId)!.sampling).toMatchObject({ temperature: 1.2 });
  });

  it('applies a LoRA adapter: same seed, different text, adapter hash recorded', async () => {
    const lib2 = testLibrary();
    try {
      const e2 = lib2.services.engine;
      const m = await e2.models.add(models.mistral);
      const pid = addTestPaper(lib2.services);
      const loadProgress: number[] = [];
      const states: string[] = [];
      lib2.services.events.subscribe((name, p) => {
        if (name === 'modelLoadProgress') loadProgress.push((p as { progress: number }).progress);
        if (name === 'engineStatus') states.push((p as { state: string }).state);
      });
      const base = await e2.track(m.id, () =>
        e2.drafter.draft({ paperId: pid, modelId: m.id, maxTokens: 24, seed: 3 }),
      );
      expect(Math.max(...loadProgress)).toBeGreaterThanOrEqual(0.9); // the first draft loaded the model
      expect(loadProgress.at(-1)).toBe(1); // and said when it was loaded
      // The status bar's states: loading the model, then drafting with it, then ready.
      expect(states.filter((x, i) => x !== states[i - 1]).slice(-3)).toEqual(['loading', 'busy', 'idle']);
      const again = await e2.drafter.draft({ paperId: pid, modelId: m.id, maxTokens: 24, seed: 3 });
      expect(again.result.text).toBe(base.result.text); // same seed, same text
      await e2.models.addAdapter(m.id, models.lora, 2);
      const tuned = await e2.drafter.draft({ paperId: pid, modelId: m.id, maxTokens: 24, seed: 3 });
      expect(tuned.result.text).not.toBe(base.result.text);
      const d = getDraft(lib2.services.db, tuned.draftId)!;
      expect(d.adapters).toEqual([{ path: models.lora, sha256: sha(models.lora), scale: 2 }]);
      expect((await failure(e2.models.addAdapter(m.id, models.gemma))).code).toBe('unsupported');
    } finally {
      await lib2.close();
    }
  });

  it('the Gemma model drafts too', async () => {
    const gemma = engine.models.find(models.gemma)!;
    const out = await engine.drafter.draft({ paperId, modelId: gemma.id, maxTokens: 16, seed: 5 });
    expect(out.result.tokensOut).toBeGreaterThan(0);
    expect(getDraft(lib.services.db, out.draftId)!.provenance).toMatchObject({
      model: { architecture: 'gemma' },
    });
  });

  it('refuses a paper with no text layer, and one that cannot fit, with the numbers', async () => {
    const scanned = addTestPaper(lib.services, {
      title: 'Scanned',
      sections: [],
      warnings: [{ code: 'no_text_layer', message: 'No text layer.' }],
    });
    const e1 = await failure(engine.drafter.draft({ paperId: scanned, modelId: mistral.id }));
    expect(e1.code).toBe('no_text_layer');
    expect(e1.message).toBe(
      '"Scanned" has no text layer (a scanned PDF?), so there is nothing for the model to read.',
    );
    const big = addTestPaper(lib.services, {
      title: 'Huge',
      sections: [section('Abstract', 'abstract', prose(3000))],
    });
    const e2 = await failure(
      engine.drafter.plan({ paperId: big, modelId: mistral.id, contextSize: 1024, maxTokens: 256 }),
    );
    expect(e2.code).toBe('does_not_fit');
    expect(e2.message).toMatch(
      /^The paper does not fit even after trimming: \d+ prompt tokens with every body section emptied and the captions dropped \(\d+ untrimmed\), but only 768 are free \(context 1024 − 256 reserved for the review\)\.$/,
    );
  });

  it('shows what will be trimmed before drafting, and drafts with exactly that', async () => {
    const long = addTestPaper(lib.services, {
      title: 'Long',
      sections: [
        section('Introduction', 'body', prose(900, 2)),
        section('Experiments', 'body', prose(300, 3)),
        section('References', 'references', prose(500, 4)),
        section('Appendix A', 'appendix', prose(500, 5)),
      ],
    });
    const plan = await engine.drafter.plan({
      paperId: long,
      modelId: mistral.id,
      contextSize: 1024,
      maxTokens: 64,
    });
    const steps = plan.trimmed.map((t) => `${t.action} ${t.heading}`);
    expect(steps.slice(0, 3)).toEqual(['dropped References', 'dropped Appendix A', 'trimmed Introduction']);
    expect(plan.trimmed.slice(2).every((t) => t.kind === 'body' && t.action === 'trimmed')).toBe(true);
    expect(plan.promptTokens).toBeLessThanOrEqual(plan.budget);
    const out = await engine.drafter.draft({
      paperId: long,
      modelId: mistral.id,
      contextSize: 1024,
      maxTokens: 64,
      seed: 1,
    });
    expect(getDraft(lib.services.db, out.draftId)!.trimmed).toEqual(plan.trimmed);
    expect(out.result.tokensIn).toBe(plan.promptTokens);
  });

  it('survives the worker being killed mid-draft: engine_crashed, then the next draft works', async () => {
    let killed = false;
    const crashed = await failure(
      engine.drafter.draft(
        { paperId, modelId: mistral.id, maxTokens: 3000, contextSize: 4096, seed: 9 },
        {
          onDelta: () => {
            if (!killed) {
              killed = true;
              process.kill(engine.client.pid!, 'SIGKILL');
            }
          },
        },
      ),
    );
    expect(crashed.code).toBe('engine_crashed');
    expect(crashed.message).toBe(
      'The model engine was killed (SIGKILL, possibly out of memory); it restarts on the next request.',
    );
    const drafts = listDrafts(lib.services.db, paperId);
    expect(drafts[0]!.endReason).toBe('error');
    expect(engine.getStatus().state).toBe('crashed');
    const next = await engine.drafter.draft({ paperId, modelId: mistral.id, maxTokens: 8, seed: 9 });
    expect(next.result.tokensOut).toBe(8);
    expect(engine.client.restarts).toBeGreaterThanOrEqual(1);
  });
});
