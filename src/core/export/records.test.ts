import { describe, expect, it } from 'vitest';
import { buildRecord, encodeRecord, encodeTurns, type RecordMetadata } from './records';
import { ExportFormat } from '../../shared/contract/dataset';

const meta: RecordMetadata = {
  paper_id: 'p',
  review_id: 'r',
  annotator: 'a "quoted"',
  draft_id: null,
  prompt_id: 'default@1',
  model_id: null,
  template: 'four-part@1',
  edit_distance: 0.25,
  split: 'train',
};

describe('encodeRecord', () => {
  it.each(ExportFormat.options)('%s: byte for byte the same as JSON.stringify(buildRecord())', (format) => {
    const system = 'System with "quotes", \\ backslash,\nnewline and unicode é \u2028.';
    const user = '[TITLE]\nA paper\t\u0001 with control characters\n\n[CONTENT]\n## 1 Intro\n…';
    const review = '## Summary\n\nGood </script> paper.\n';
    for (const metadata of [meta, undefined]) {
      const expected = JSON.stringify(
        buildRecord(format, { system, user, review, draft: 'A draft.', ...(metadata ? { metadata } : {}) }),
      );
      expect(encodeRecord(format, encodeTurns(system, user), review, 'A draft.', metadata)).toBe(expected);
      // A rendered paper's turns arrive as UTF-8 bytes (encoded once, shared by its reviews).
      const t = encodeTurns(system, user);
      const bytes = { system: Buffer.from(t.system as string), user: Buffer.from(t.user as string) };
      expect(encodeRecord(format, bytes, review, 'A draft.', metadata)).toBe(expected);
    }
  });
});
