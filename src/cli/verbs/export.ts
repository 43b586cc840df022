import { ExportCheck, ExportFormat, type ExportRequestInput } from '../../shared/contract/dataset';
import { ReviewStatus } from '../../shared/contract/review';
import { runExport } from '../../core/export/run';
import { numberOption, stringOption, UsageError, type OptionValues, type Verb } from '../verb';

const list = (v: OptionValues, name: string): string[] | undefined => {
  const raw = v[name];
  const items = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).flatMap((s) =>
    s.split(','),
  );
  const out = items.map((s) => s.trim()).filter(Boolean);
  return out.length ? out : undefined;
};

function request(v: OptionValues): ExportRequestInput {
  const format = ExportFormat.safeParse(stringOption(v, 'format'));
  if (!format.success) throw new UsageError(`--format must be one of ${ExportFormat.options.join(', ')}.`);
  const outDir = stringOption(v, 'out');
  if (!outDir) throw new UsageError('--out DIR is required (a new or empty folder).');
  const status = list(v, 'status');
  for (const s of status ?? []) {
    if (!ReviewStatus.safeParse(s).success)
      throw new UsageError(`--status must be among ${ReviewStatus.options.join(', ')}; got "${s}".`);
  }
  const include = [...(list(v, 'include') ?? []), ...(v['include-flagged'] ? ['all'] : [])];
  for (const c of include) {
    if (c !== 'all' && !ExportCheck.safeParse(c).success)
      throw new UsageError(`--include takes ${ExportCheck.options.join(', ')} or all; got "${c}".`);
  }
  const exclude = list(v, 'exclude') ?? [];
  for (const c of exclude) {
    if (c !== 'low_information') throw new UsageError(`--exclude takes low_information; got "${c}".`);
  }
  const opt = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    format: format.data,
    outDir,
    ...opt('round', stringOption(v, 'round')),
    filters: {
      ...opt('status', status),
      ...opt('annotators', list(v, 'annotator')),
      ...opt('modelIds', list(v, 'model')),
      ...opt('modelRounds', list(v, 'model-round')),
      ...opt('templateIds', list(v, 'template')),
      ...opt('tags', list(v, 'tag')),
      ...opt('from', stringOption(v, 'from')),
      ...opt('to', stringOption(v, 'to')),
      ...opt('sinceRound', stringOption(v, 'since-round')),
    } as ExportRequestInput['filters'],
    ...opt('valRatio', numberOption(v, 'val-ratio')),
    ...opt('seed', numberOption(v, 'seed')),
    ...opt('threshold', numberOption(v, 'threshold')),
    bare: v.bare === true,
    include: include as ExportRequestInput['include'],
    exclude: exclude as ExportRequestInput['exclude'],
    ...opt('forModel', stringOption(v, 'for-model')),
  };
}

export const exportVerb: Verb = {
  name: 'export',
  summary: 'Export reviews as training data (train/validation JSONL, manifest, card, dataset_info.json).',
  options: {
    format: {
      type: 'string',
      value: 'FORMAT',
      description: 'messages | prompt-completion | alpaca | sharegpt | dpo',
    },
    out: { type: 'string', value: 'DIR', description: 'the export folder (new or empty)' },
    status: {
      type: 'string',
      multiple: true,
      value: 'STATUS',
      description: 'review status to include (default approved; repeatable)',
    },
    round: { type: 'string', value: 'NAME', description: "name this export's round" },
    'since-round': {
      type: 'string',
      value: 'NAME',
      description: 'only reviews in no export of round NAME or an earlier round',
    },
    annotator: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'only these annotators (repeatable)',
    },
    model: {
      type: 'string',
      multiple: true,
      value: 'ID',
      description: 'only reviews of drafts by these models',
    },
    'model-round': {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'only reviews of drafts by models of this round',
    },
    template: {
      type: 'string',
      multiple: true,
      value: 'ID',
      description: 'only reviews with this template (e.g. conference@1)',
    },
    tag: { type: 'string', multiple: true, value: 'TAG', description: 'only papers with this tag' },
    from: { type: 'string', value: 'DATE', description: 'reviews last updated on or after DATE (ISO)' },
    to: {
      type: 'string',
      value: 'DATE',
      description: 'reviews last updated on or before DATE (ISO; a bare date includes that day)',
    },
    'val-ratio': { type: 'string', value: 'R', description: 'share of papers in validation (default 0.1)' },
    seed: { type: 'string', value: 'N', description: 'split seed (default 0)' },
    threshold: {
      type: 'string',
      value: 'T',
      description: 'dpo: minimum normalized edit distance draft→review (default 0.05)',
    },
    bare: { type: 'boolean', description: 'records without the metadata object' },
    include: {
      type: 'string',
      multiple: true,
      value: 'CHECK',
      description: 'keep records flagged by a check: empty, duplicate, unchanged, all',
    },
    exclude: {
      type: 'string',
      multiple: true,
      value: 'FLAG',
      description:
        'leave out records written by default: low_information (an answer that is only "yes", "N/A")',
    },
    'for-model': {
      type: 'string',
      value: 'MODEL',
      description:
        'render and fit every prompt for this model (registered id or GGUF path): its chat template, context and tokenizer; drafts of other models are re-rendered',
    },
    'include-flagged': { type: 'boolean', description: 'keep every flagged record (same as --include all)' },
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  async run(ctx) {
    const req = request(ctx.values);
    const s = ctx.services();
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    let lastNote = 0;
    try {
      const { maxRssKb: _rss, ...r } = await runExport(
        { db: s.db, dataDir: s.paths.root, schemaVersion: s.schemaVersion, keys: s.keys },
        req,
        {
          signal: abort.signal,
          onProgress: (p) => {
            if (p.phase === 'writing' && Date.now() - lastNote > 1000) {
              lastNote = Date.now();
              ctx.note(`exporting ${p.done}/${p.total}`);
            }
          },
        },
      );
      if (ctx.values.json) {
        ctx.out(JSON.stringify(r));
        return 0;
      }
      const ex = r.counts.excluded;
      ctx.out(
        `exported ${r.counts.train} train + ${r.counts.validation} validation records (${r.format}) to ${r.outDir}`,
      );
      ctx.out(
        `matched ${r.counts.matched}; left out ${Object.values(ex).reduce((a, b) => a + b, 0)}: ${ex.empty} empty, ${ex.duplicate} duplicate, ${ex.unchanged} unchanged, ${ex.noDraft} without draft, ${ex.doesNotFit} not fitting, ${ex.lowInformation} low-information (each listed with its reason in manifest.json)`,
      );
      ctx.out(
        `written with a trimmed paper: ${r.counts.trimmed}; with a low-information answer: ${r.counts.lowInformation}`,
      );
      for (const w of r.warnings) ctx.note(`warning: ${w}`);
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
