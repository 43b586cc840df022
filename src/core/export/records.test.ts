import { describe, expect, it } from 'vitest';
import {
  buildRecord,
  encodePrompt,
  encodeRecord,
  metadataJson,
  type PromptParts,
  type RecordMetadata,
} from './records';
import { ExportFormat } from '../../shared/contract/dataset';

const meta: RecordMetadata = {
  paper_id: 'p',
  review_id: 'r',
  annotator: 'a "quoted"',
  draft_id: '',
  has_draft: false,
  prompt_id: 'default@1',
  model_id: '',
  prompt_model_id: 'm',
  prompt_sha256: 'ab'.repeat(32),
  prompt_source: 'rendered',
  template: 'four-part@1',
  edit_distance: 0.25,
  prompt_tokens: 120,
  completion_tokens: 30,
  trimmed: true,
  low_information: false,
  split: 'train',
};

const task = 'System with "quotes", \\ backslash,\nnewline and unicode é \u2028.';
const paper = '[TITLE]\nA paper\t\u0001 with control characters\n\n[CONTENT]\n## 1 Intro\n…';
const PARTS: Record<string, PromptParts> = {
  native: {
    task,
    paper,
    turns: [
      { role: 'system', content: task },
      { role: 'user', content: paper },
    ],
  },
  folded: { task, paper, turns: [{ role: 'user', content: `${task}\n\n${paper}` }] },
};

describe('encodeRecord', () => {
  it.each(ExportFormat.options)('%s: byte for byte the same as JSON.stringify(buildRecord())', (format) => {
    const review = '## Summary\n\nGood </script> paper.\n';
    for (const parts of Object.values(PARTS)) {
      for (const metadata of [meta, undefined]) {
        const expected = JSON.stringify(
          buildRecord(format, { ...parts, review, draft: 'A draft.', ...(metadata ? { metadata } : {}) }),
        );
        expect(encodeRecord(format, encodePrompt(format, parts), review, 'A draft.', metadata)).toBe(
          expected,
        );
        // A rendered paper's head arrives as UTF-8 bytes (encoded once, shared by its reviews).
        const p = encodePrompt(format, parts);
        expect(
          encodeRecord(format, { ...p, head: Buffer.from(p.head as string) }, review, 'A draft.', metadata),
        ).toBe(expected);
      }
    }
  });

  it('writes the turns as the template takes them: no system turn where it was folded', () => {
    const rec = buildRecord('messages', { ...PARTS.folded!, review: 'R' }) as {
      messages: Array<{ role: string }>;
    };
    expect(rec.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const share = buildRecord('sharegpt', { ...PARTS.folded!, review: 'R' });
    expect(share).toMatchObject({
      system: '',
      conversations: [
        { from: 'human', value: `${task}\n\n${paper}` },
        { from: 'gpt', value: 'R' },
      ],
    });
    // alpaca keeps the task and the paper apart.
    expect(buildRecord('alpaca', { ...PARTS.native!, review: 'R' })).toEqual({
      instruction: task,
      input: paper,
      output: 'R',
    });
  });

  it('writes edit_distance as a float even when it is a whole number, so a JSON reader types the column once', () => {
    for (const [v, text] of [
      [-1, '-1.0'],
      [0, '0.0'],
      [1, '1.0'],
      [0.35, '0.35'],
    ] as const) {
      const json = metadataJson({ ...meta, edit_distance: v });
      expect(json).toContain(`"edit_distance":${text},`);
      expect(JSON.parse(json)).toEqual({ ...meta, edit_distance: v });
    }
  });
});
