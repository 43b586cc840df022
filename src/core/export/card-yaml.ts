import type { ExportFormat } from '../../shared/contract/dataset';

/**
 * The dataset card's YAML header: `configs` names the split files and `dataset_info`
 * declares every column's type, so `datasets.load_dataset(<export folder>)` reads the
 * folder as it is, with the types below, whatever the first records hold. The types match
 * what records.ts writes (RecordMetadata: one type per field, no nulls).
 */
type Feature = { name: string } & ({ dtype: string } | { list: Feature[] } | { struct: Feature[] });

const str = (name: string): Feature => ({ name, dtype: 'string' });
const MESSAGE: Feature[] = [str('role'), str('content')];

const METADATA: Feature = {
  name: 'metadata',
  struct: [
    str('paper_id'),
    str('review_id'),
    str('annotator'),
    str('draft_id'),
    { name: 'has_draft', dtype: 'bool' },
    str('prompt_id'),
    str('model_id'),
    str('prompt_model_id'),
    str('prompt_sha256'),
    str('prompt_source'),
    str('template'),
    { name: 'edit_distance', dtype: 'float64' },
    { name: 'prompt_tokens', dtype: 'int64' },
    { name: 'completion_tokens', dtype: 'int64' },
    { name: 'trimmed', dtype: 'bool' },
    { name: 'low_information', dtype: 'bool' },
    str('split'),
  ],
};

function columns(format: ExportFormat): Feature[] {
  switch (format) {
    case 'messages':
      return [{ name: 'messages', list: MESSAGE }];
    case 'prompt-completion':
      return [
        { name: 'prompt', list: MESSAGE },
        { name: 'completion', list: MESSAGE },
      ];
    case 'alpaca':
      return [str('instruction'), str('input'), str('output')];
    case 'sharegpt':
      return [{ name: 'conversations', list: [str('from'), str('value')] }, str('system')];
    case 'dpo':
      return [
        { name: 'prompt', list: MESSAGE },
        { name: 'chosen', list: MESSAGE },
        { name: 'rejected', list: MESSAGE },
        { name: 'chosen_message', struct: MESSAGE },
        { name: 'rejected_message', struct: MESSAGE },
      ];
  }
}

function yamlFeatures(features: Feature[], indent: string): string[] {
  return features.flatMap((f) => {
    const head = `${indent}- name: ${f.name}`;
    if ('dtype' in f) return [head, `${indent}  dtype: ${f.dtype}`];
    const [key, inner] = 'list' in f ? ['list', f.list] : ['struct', f.struct];
    return [head, `${indent}  ${key}:`, ...yamlFeatures(inner, `${indent}  `)];
  });
}

export function cardYaml(format: ExportFormat, bare: boolean): string {
  const features = [...columns(format), ...(bare ? [] : [METADATA])];
  return [
    '---',
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    '    path: train.jsonl',
    '  - split: validation',
    '    path: validation.jsonl',
    'dataset_info:',
    '  features:',
    ...yamlFeatures(features, '  '),
    '---',
  ].join('\n');
}
