/**
 * The VRAM budget table of issue 8: a 12K-token paper + a 1K-token review (context 13 312)
 * for the reference shapes on 8, 12, 16 and 24 GB GPUs, from src/core/engine/vram-budget.ts.
 * An "8 GB" card is taken as 8 GiB with 0.5 GiB of it in use (display, driver, other apps).
 *   npx tsx bench/gpu/vram-table.ts
 */
import { GIB, planContext, verdict, vramBudget, type ModelShape } from '../../src/core/engine/vram-budget';

// Tensor bytes as measured from the GGUFs bench/gpu/run.sh writes (llama-quantize Q4_K_M).
export const SHAPES: Record<string, ModelShape> = {
  'Mistral-7B Q4_K_M': {
    layers: 32,
    embd: 4096,
    heads: 32,
    kvHeads: 8,
    headDimK: 128,
    headDimV: 128,
    ff: 14336,
    vocab: 32000,
    weightBytes: 4367704064,
    tokenEmbdBytes: 73728000,
    outputBytes: 107520000,
    tiedOutput: false,
  },
  'Mistral-7B F16': {
    layers: 32,
    embd: 4096,
    heads: 32,
    kvHeads: 8,
    headDimK: 128,
    headDimV: 128,
    ff: 14336,
    vocab: 32000,
    weightBytes: 14483996672,
    tokenEmbdBytes: 262144000,
    outputBytes: 262144000,
    tiedOutput: false,
  },
  'Gemma-7B Q4_K_M': {
    layers: 28,
    embd: 3072,
    heads: 16,
    kvHeads: 16,
    headDimK: 256,
    headDimV: 256,
    ff: 24576,
    vocab: 256000,
    weightBytes: 5323714560,
    tokenEmbdBytes: 645120000,
    outputBytes: 0,
    tiedOutput: true,
  },
};

const CONTEXT = 13_312;
const CARDS = [8, 12, 16, 24];
const g = (b: number) => (b / GIB).toFixed(2);
const short = { fits: 'fits', tight: 'tight', wont_fit: "won't fit" } as const;

const lines: string[] = [];
lines.push(
  `| model | KV cache | weights | KV @ ${CONTEXT} | compute | overhead | total GiB | ${CARDS.map((c) => `${c} GB`).join(' | ')} |`,
);
lines.push(`|---|---|---|---|---|---|---|${CARDS.map(() => '---').join('|')}|`);
for (const [name, s] of Object.entries(SHAPES)) {
  for (const kv of ['f16', 'q8_0'] as const) {
    const b = vramBudget(s, {
      contextSize: CONTEXT,
      sequences: 1,
      kvCacheType: kv,
      flashAttention: true,
      batchSize: 512,
    });
    const cells = CARDS.map((c) => short[verdict(b.total, (c - 0.5) * GIB, c * GIB)]);
    lines.push(
      `| ${name} | ${kv} | ${g(b.weights)} | ${g(b.kvCache)} | ${g(b.compute)} | ${g(b.overhead)} | **${g(b.total)}** | ${cells.join(' | ')} |`,
    );
  }
}
lines.push('');
lines.push(`What planContext chooses (flash attention on, batch 512, context ${CONTEXT}):`);
lines.push('');
lines.push(`| model | ${CARDS.map((c) => `${c} GB`).join(' | ')} |`);
lines.push(`|---|${CARDS.map(() => '---').join('|')}|`);
for (const [name, s] of Object.entries(SHAPES)) {
  const cells = CARDS.map((c) => {
    const p = planContext(s, { contextSize: CONTEXT }, (c - 0.5) * GIB, c * GIB);
    return `${short[p.verdict]}: ${p.kvCacheType}${p.gpuLayers <= s.layers ? `, ${p.gpuLayers}/${s.layers + 1} layers` : ''} (${g(p.budget.total)})`;
  });
  lines.push(`| ${name} | ${cells.join(' | ')} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
