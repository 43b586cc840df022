import type { ExportCounts, ExportFormat } from '../../shared/contract/dataset';
import type { LengthStats } from './tokens';

/** README.md: the dataset card a training team reads first. */
export interface CardInput {
  title: string;
  format: ExportFormat;
  round: string | null;
  createdAt: string;
  appVersion: string;
  counts: ExportCounts;
  valRatio: number;
  seed: number;
  threshold: number | null;
  tokenMethod: string;
  tokens: Record<
    'train' | 'validation',
    { prompt: LengthStats; completion: LengthStats; total: LengthStats }
  >;
  promptNote: string;
  datasetName: string;
  bare: boolean;
  warnings: string[];
}

const USE: Record<ExportFormat, string> = {
  messages:
    'TRL SFTTrainer (conversational), OpenAI fine-tuning, Axolotl `type: chat_template`, LLaMA-Factory (sharegpt formatting with OpenAI tags; see dataset_info.json).',
  'prompt-completion':
    'TRL SFTTrainer (prompt-completion, loss on the completion only). LLaMA-Factory cannot read this shape: export `messages` for it.',
  alpaca: 'LLaMA-Factory (alpaca formatting; see dataset_info.json), Axolotl `type: alpaca`.',
  sharegpt:
    'LLaMA-Factory (sharegpt formatting; see dataset_info.json), Axolotl `type: chat_template` with `field_messages: conversations`.',
  dpo: 'TRL DPOTrainer (conversational preference: prompt / chosen / rejected lists); LLaMA-Factory ranking dataset (see dataset_info.json; it reads chosen_message / rejected_message).',
};

function statsRow(name: string, s: LengthStats): string {
  return `| ${name} | ${s.records} | ${s.min} | ${s.median} | ${s.p95} | ${s.max} | ${s.mean} |`;
}

export function renderCard(c: CardInput): string {
  const ex = c.counts.excluded;
  const lines = [
    `# ${c.title}`,
    '',
    `Peer-review training data exported by Paper Review Studio ${c.appVersion} on ${c.createdAt}.`,
    '',
    `- Format: \`${c.format}\` — ${USE[c.format]}`,
    `- Round: ${c.round ?? '(unnamed)'}`,
    `- Records: ${c.counts.train} train (${c.counts.trainPapers} papers), ${c.counts.validation} validation (${c.counts.validationPapers} papers)`,
    `- Split: by paper, sha256("<seed>:<paper id>") < ${c.valRatio} → validation (seed ${c.seed}); no paper is on both sides.`,
    ...(c.threshold !== null
      ? [`- DPO pairs only where the normalized word edit distance from draft to review is ≥ ${c.threshold}.`]
      : []),
    `- Each line carries ${c.bare ? 'no metadata (bare export)' : 'a `metadata` object (paper, review, annotator, draft, prompt, model, template, edit distance, split)'}.`,
    `- User turn: ${c.promptNote}`,
    '',
    '## Left out by the checks',
    '',
    `Matched ${c.counts.matched} reviews. Excluded: ${ex.empty} empty, ${ex.duplicate} duplicate text, ${ex.unchanged} unchanged draft (dpo), ${ex.trimmed} trimmed paper text, ${ex.noDraft} without a draft (dpo).`,
    '',
    '## Token lengths',
    '',
    `Counted as ${c.tokenMethod}.`,
    '',
    '| split / part | records | min | median | p95 | max | mean |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...(['train', 'validation'] as const).flatMap((s) => [
      statsRow(`${s} prompt`, c.tokens[s].prompt),
      statsRow(`${s} completion`, c.tokens[s].completion),
      statsRow(`${s} total`, c.tokens[s].total),
    ]),
    '',
    '## Files',
    '',
    '- `train.jsonl`, `validation.jsonl`: one JSON object per line.',
    '- `manifest.json`: versions, filters, counts, models and prompts involved, sha256 of every file. Written last: an export without it is incomplete.',
    `- \`dataset_info.json\`: LLaMA-Factory dataset definitions (${c.format === 'prompt-completion' ? 'empty for this format' : `\`${c.datasetName}_train\`, \`${c.datasetName}_validation\``}).`,
  ];
  if (c.warnings.length) lines.push('', '## Warnings', '', ...c.warnings.map((w) => `- ${w}`));
  return lines.join('\n') + '\n';
}
