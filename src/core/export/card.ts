import type { ExportCounts, ExportFilters, ExportFormat } from '../../shared/contract/dataset';
import type { ReviewTemplate } from '../../shared/templates';
import { cardYaml } from './card-yaml';
import type { ExportTarget } from './target';
import type { LengthStats, SplitLengthStats } from './tokens';

export interface TemplateScales {
  id: string;
  sections: string[];
  scores: Array<{ name: string; min: number; max: number }>;
}

function describeFilters(f: ExportFilters, since: string[] | null): string {
  const parts = [`status ${f.status.join(' or ')}`];
  if (f.annotators?.length) parts.push(`annotators ${f.annotators.join(', ')}`);
  if (f.modelIds?.length) parts.push(`drafting models ${f.modelIds.join(', ')}`);
  if (f.modelRounds?.length) parts.push(`model rounds ${f.modelRounds.join(', ')}`);
  if (f.templateIds?.length) parts.push(`templates ${f.templateIds.join(', ')}`);
  if (f.tags?.length) parts.push(`tags ${f.tags.join(', ')}`);
  if (f.from) parts.push(`updated from ${f.from}`);
  if (f.to) parts.push(`updated to ${f.to}`);
  if (f.sinceRound) parts.push(`new since round ${f.sinceRound}${since ? ` (${since.join(', ')})` : ''}`);
  return parts.join('; ');
}

/** What the card says of a review form: its section titles and score scales (none when unknown). */
export function scalesOf(id: string, t: ReviewTemplate | undefined): TemplateScales {
  return {
    id,
    sections: t?.sections.map((x) => x.title) ?? [],
    scores: t?.scores.map((x) => ({ name: x.name, min: x.min, max: x.max })) ?? [],
  };
}

/** README.md: the dataset card a training team reads first. */
export interface CardInput {
  title: string;
  format: ExportFormat;
  round: string | null;
  filters: ExportFilters;
  /** filters.sinceRound resolved: the rounds whose reviews were left out. */
  since: string[] | null;
  createdAt: string;
  appVersion: string;
  counts: ExportCounts;
  valRatio: number;
  seed: number;
  threshold: number | null;
  tokenMethod: string;
  tokens: Record<'train' | 'validation' | 'all', SplitLengthStats>;
  /** The max_length / cutoff_len that keeps ≥ 99 % of records whole. */
  maxLength: number;
  target: ExportTarget | null;
  /** The review templates of the records: their sections and score scales (they differ by venue). */
  templates: TemplateScales[];
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
  alpaca:
    'LLaMA-Factory (alpaca formatting; see dataset_info.json), Axolotl `type: alpaca`. `instruction` is the task (the system text), `input` the paper: LLaMA-Factory joins them into one user turn with its own template, so for byte-exact prompts use `messages` with TRL.',
  sharegpt:
    'LLaMA-Factory (sharegpt formatting; see dataset_info.json), Axolotl `type: chat_template` with `field_messages: conversations`.',
  dpo: 'TRL DPOTrainer (conversational preference: prompt / chosen / rejected lists); LLaMA-Factory ranking dataset (see dataset_info.json; it reads chosen_message / rejected_message).',
};

function statsRow(name: string, s: LengthStats): string {
  return `| ${name} | ${s.records} | ${s.min} | ${s.median} | ${s.p95} | ${s.p99} | ${s.max} | ${s.mean} |`;
}

/** Copy-paste starting points with this export's numbers filled in. */
function snippets(c: CardInput): string[] {
  const n = c.maxLength;
  const drop = c.bare
    ? ''
    : c.format === 'dpo'
      ? '.remove_columns(["metadata", "chosen_message", "rejected_message"])'
      : '.remove_columns("metadata")';
  const load = [
    `from datasets import load_dataset`,
    `ds = load_dataset("path/to/this/folder")  # the YAML above declares files and features`,
  ];
  const trl =
    c.format === 'dpo'
      ? [
          ...load,
          'from trl import DPOConfig, DPOTrainer',
          `trainer = DPOTrainer(model=model, processing_class=tokenizer, train_dataset=ds["train"]${drop}, eval_dataset=ds["validation"]${drop},`,
          `                     args=DPOConfig(output_dir="out", max_length=${n}))`,
        ]
      : c.format === 'messages' || c.format === 'prompt-completion'
        ? [
            ...load,
            'from trl import SFTConfig, SFTTrainer',
            `trainer = SFTTrainer(model=model, processing_class=tokenizer, train_dataset=ds["train"]${drop}, eval_dataset=ds["validation"]${drop},`,
            `                     args=SFTConfig(output_dir="out", max_length=${n}))  # TRL's default 1024 would drop or cut these records`,
          ]
        : [];
  const lf =
    c.format === 'prompt-completion'
      ? []
      : [
          `dataset_dir: path/to/this/folder`,
          `dataset: ${c.datasetName}_train`,
          `eval_dataset: ${c.datasetName}_validation`,
          `cutoff_len: ${n}`,
          ...(c.format === 'dpo' ? ['stage: dpo'] : ['stage: sft']),
        ];
  const out: string[] = [];
  if (trl.length) out.push('TRL:', '', '```python', ...trl, '```', '');
  if (lf.length)
    out.push(
      'LLaMA-Factory (training YAML; pick the `template` of your base model):',
      '',
      '```yaml',
      ...lf,
      '```',
      '',
    );
  return out;
}

export function renderCard(c: CardInput): string {
  const ex = c.counts.excluded;
  const lines = [
    cardYaml(c.format, c.bare),
    '',
    `# ${c.title}`,
    '',
    `Peer-review training data exported by Paper Review Studio ${c.appVersion} on ${c.createdAt}.`,
    '',
    `- Format: \`${c.format}\` — ${USE[c.format]}`,
    `- Round: ${c.round ?? '(unnamed)'}`,
    `- Filters: ${describeFilters(c.filters, c.since)}`,
    `- Records: ${c.counts.train} train (${c.counts.trainPapers} papers), ${c.counts.validation} validation (${c.counts.validationPapers} papers)`,
    `- Split: by paper, sha256("<seed>:<paper id>") < ${c.valRatio} → validation (seed ${c.seed}); no paper is on both sides.`,
    ...(c.threshold !== null
      ? [`- DPO pairs only where the normalized word edit distance from draft to review is ≥ ${c.threshold}.`]
      : []),
    `- Each line carries ${c.bare ? 'no metadata (bare export)' : 'a `metadata` object (paper, review, annotator, draft, prompt, model, template, edit distance, split)'}.`,
    `- Prompts: ${c.promptNote}`,
    ...(c.target
      ? [
          `- Model: \`${c.target.fileName}\` (${c.target.sha256 ? `sha256 \`${c.target.sha256}\`` : 'sha256 unknown: the server does not tell it'}), context ${c.target.contextSize} tokens; chat template ${c.target.systemRole === 'folded' ? 'without a system role (system text folded into the user turn)' : c.target.systemRole === 'native' ? 'with a system role' : 'absent'}.`,
        ]
      : []),
    `- ${c.counts.trimmed} record(s) hold a paper cut to fit (each cut ends in "[…]"; the metadata says \`trimmed\`); ${c.counts.lowInformation} hold an answer with no information ("yes", "N/A": \`metadata.low_information\`; leave them out with \`--exclude low_information\`).`,
    '',
    '## Review forms and score scales',
    '',
    "Each review keeps the form it was written in (metadata.template); scores are on that form's own scale — do not mix them without rescaling.",
    '',
    ...c.templates.map(
      (t) =>
        `- \`${t.id}\`: ${t.sections.join(' / ') || '(unknown form)'}${t.scores.length ? `; ${t.scores.map((x) => `${x.name} ${x.min}–${x.max}`).join(', ')}` : '; no scores'}`,
    ),
    '',
    '## Left out',
    '',
    `Matched ${c.counts.matched} reviews, wrote ${c.counts.train + c.counts.validation}. Left out: ${ex.empty} empty, ${ex.duplicate} duplicate text, ${ex.unchanged} unchanged draft (dpo), ${ex.noDraft} without a draft (dpo), ${ex.doesNotFit} not fitting the context even trimmed, ${ex.lowInformation} low-information (on request). \`manifest.json\` lists each with its reason.`,
    '',
    '## Token lengths',
    '',
    `Counted as ${c.tokenMethod}. Total = prompt (the whole rendered prompt) + completion (the review; in dpo the longer of chosen and rejected).`,
    '',
    `**Recommended \`max_length\` (TRL) / \`cutoff_len\` (LLaMA-Factory): ${c.maxLength}** — holds ≥ 99 % of records whole (p99 of totals + ${8} for end-of-turn tokens, rounded up to 64).`,
    '',
    '| split / part | records | min | median | p95 | p99 | max | mean |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...(['train', 'validation'] as const).flatMap((s) => [
      statsRow(`${s} prompt`, c.tokens[s].prompt),
      statsRow(`${s} completion`, c.tokens[s].completion),
      statsRow(`${s} total`, c.tokens[s].total),
    ]),
    '',
    '## Training with it',
    '',
    ...snippets(c),
    '## Files',
    '',
    '- `train.jsonl`, `validation.jsonl`: one JSON object per line.',
    '- `manifest.json`: versions, filters, counts, models and prompts involved, sha256 of every file. Written last: an export without it is incomplete.',
    `- \`dataset_info.json\`: LLaMA-Factory dataset definitions (${c.format === 'prompt-completion' ? 'empty for this format' : `\`${c.datasetName}_train\`, \`${c.datasetName}_validation\``}).`,
  ];
  if (c.warnings.length) lines.push('', '## Warnings', '', ...c.warnings.map((w) => `- ${w}`));
  return lines.join('\n') + '\n';
}
