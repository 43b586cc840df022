/**
 * The VRAM budget table of issue 8: a 12K-token paper + a 1K-token review (context 13 312)
 * for the reference shapes on 8, 12, 16 and 24 GB GPUs, from src/core/engine/vram-budget.ts.
 * An "8 GB" card is taken as 8 GiB with 0.5 GiB of it in use (display, driver, other apps).
 *   npx tsx bench/gpu/vram-table.ts
 */
import { GIB, planContext, verdict, vramBudget } from '../../src/core/engine/vram-budget';
import { REFERENCE_SHAPES as SHAPES } from '../../test/support/reference-shapes';

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
