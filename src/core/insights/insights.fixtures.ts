import { createHash } from 'node:crypto';
import type { Db } from '../store/open';
import { ensureBuiltInTemplates } from '../store/repos/reviews';

/**
 * Test data (unit, CLI and end-to-end tests): two model rounds whose drafts differ in known
 * ways, written with plain SQL. Every expected number in insights.test.ts is worked out by
 * hand from these texts; change one and the comments there must change with it.
 *
 * r1 (base-r1.gguf, cuda): d1 alice approved with edits, d2 alice approved unchanged,
 *   d3 bob approved (conference template, scores changed), d4 bob skipped.
 * r2 (base-r2.gguf, cuda and cpu, some with a LoRA): d5 alice unchanged, d6 alice small
 *   edit, d7 bob small edit (cpu), d8 bob unchanged, d10 not reviewed.
 * Noise that must not count: d9 ended in error, d11 still running, a review without a draft.
 */

type Sections = Record<string, string>;
interface DraftSeed {
  id: string;
  paper: string;
  model: 'm1' | 'm2';
  template: 'four-part@1' | 'conference@1';
  sections: Sections;
  scores?: Record<string, number>;
  tps: number;
  ttft: number;
  backend: string;
  end?: string;
  day: string;
  lora?: boolean;
}
interface ReviewSeed {
  draft: string | null;
  paper: string;
  annotator: string;
  template: string;
  sections: Sections;
  scores?: Record<string, number>;
  status: string;
  unchanged?: boolean;
  labels?: string[];
  ms: number;
}

const D1: Sections = {
  significance: 'The paper proposes a new method for graph learning.',
  accept: '- Strong experiments on five datasets.\n- Clear writing.',
  reject: '- No comparison with GAT.\n- The proofs are missing.',
  suggestions: '- Add an ablation study.',
};
const D2: Sections = {
  significance: 'A survey of retrieval methods. It covers dense and sparse retrieval.',
  accept: '- Broad coverage.',
  reject: '- Shallow analysis.',
  suggestions: '- Add a taxonomy figure.',
};
const D3: Sections = {
  summary: 'The paper studies sparse attention.',
  strengths: '- Fast inference.',
  weaknesses: '- Limited evaluation.',
  questions: '',
  limitations: '',
};
const D5: Sections = {
  significance: 'An efficient tokenizer for code.',
  accept: '- Good speedups.\n- Open source release.',
  reject: '- Narrow evaluation.',
  suggestions: '- Evaluate on more languages.',
};
const D6: Sections = {
  significance: 'The paper introduces a benchmark for code review.',
  accept: '- Realistic tasks.',
  reject: '- Small size.',
  suggestions: '- Release the data.',
};
const D7: Sections = {
  summary: 'A study of prompt tuning.',
  strengths: '- Thorough ablations.',
  weaknesses: '- Missing baselines.',
  questions: '- Why only English?',
  limitations: '',
};
const D8: Sections = {
  significance: 'A new dataset.',
  accept: '- Useful.',
  reject: '- Noisy labels.',
  suggestions: '- Clean the labels.',
};

const FP = 'four-part@1' as const;
const CONF = 'conference@1' as const;

// prettier-ignore
export const DRAFTS: DraftSeed[] = [
  { id: 'd1', paper: 'p1', model: 'm1', template: FP, sections: D1, tps: 20, ttft: 500, backend: 'cuda', day: '2024-01-10' },
  { id: 'd2', paper: 'p2', model: 'm1', template: FP, sections: D2, tps: 22, ttft: 400, backend: 'cuda', day: '2024-01-11' },
  { id: 'd3', paper: 'p3', model: 'm1', template: CONF, sections: D3, scores: { Rating: 6, Confidence: 3 }, tps: 24, ttft: 600, backend: 'cuda', day: '2024-01-12' },
  { id: 'd4', paper: 'p4', model: 'm1', template: FP, sections: D2, tps: 26, ttft: 300, backend: 'cuda', day: '2024-01-13' },
  { id: 'd5', paper: 'p5', model: 'm2', template: FP, sections: D5, tps: 40, ttft: 200, backend: 'cuda', day: '2024-03-10', lora: true },
  { id: 'd6', paper: 'p6', model: 'm2', template: FP, sections: D6, tps: 44, ttft: 220, backend: 'cuda', day: '2024-03-11' },
  { id: 'd7', paper: 'p7', model: 'm2', template: CONF, sections: D7, scores: { Rating: 5, Confidence: 4 }, tps: 8, ttft: 1500, backend: 'cpu', day: '2024-03-12' },
  { id: 'd8', paper: 'p8', model: 'm2', template: FP, sections: D8, tps: 42, ttft: 240, backend: 'cuda', day: '2024-03-13', lora: true },
  { id: 'd9', paper: 'p9', model: 'm2', template: FP, sections: D8, tps: 1, ttft: 9, backend: 'cuda', day: '2024-03-14', end: 'error' },
  { id: 'd10', paper: 'p10', model: 'm2', template: FP, sections: D8, tps: 46, ttft: 260, backend: 'cuda', day: '2024-03-15' },
  { id: 'd11', paper: 'p11', model: 'm2', template: FP, sections: {}, tps: 2, ttft: 9, backend: 'cuda', day: '2024-03-16', end: 'running' },
];

// prettier-ignore
export const REVIEWS: ReviewSeed[] = [
  {
    draft: 'd1', paper: 'p1', annotator: 'alice', template: FP, status: 'approved', labels: ['missed_weakness'], ms: 600_000,
    sections: {
      ...D1,
      reject: '- No comparison with GAT.\n- The proofs are missing.\n- The method does not scale to large graphs.',
      suggestions: '- Add an ablation on depth.',
    },
  },
  { draft: 'd2', paper: 'p2', annotator: 'alice', template: FP, status: 'approved', unchanged: true, sections: D2, ms: 120_000 },
  {
    draft: 'd3', paper: 'p3', annotator: 'bob', template: CONF, status: 'approved', labels: ['hallucinated_claim', 'wrong_score'], ms: 900_000,
    scores: { Rating: 4, Confidence: 4 },
    sections: {
      summary: 'The paper studies sparse attention for long documents.',
      strengths: '- Fast inference.\n- Simple to implement.',
      weaknesses: '- Only one small dataset.',
      questions: '- How does it compare to Longformer?',
      limitations: '',
    },
  },
  { draft: 'd4', paper: 'p4', annotator: 'bob', template: FP, status: 'skipped', labels: ['format'], sections: D2, ms: 30_000 },
  { draft: 'd5', paper: 'p5', annotator: 'alice', template: FP, status: 'approved', unchanged: true, sections: D5, ms: 60_000 },
  {
    draft: 'd6', paper: 'p6', annotator: 'alice', template: FP, status: 'approved', labels: ['missed_weakness'], ms: 300_000,
    sections: { ...D6, reject: '- Small size.\n- No human baseline.' },
  },
  {
    draft: 'd7', paper: 'p7', annotator: 'bob', template: CONF, status: 'approved', labels: ['generic_comment'], ms: 240_000,
    scores: { Rating: 5, Confidence: 3 },
    sections: { ...D7, weaknesses: '- Missing strong baselines.' },
  },
  { draft: 'd8', paper: 'p8', annotator: 'bob', template: FP, status: 'approved', unchanged: true, sections: D8, ms: 60_000 },
  { draft: null, paper: 'p12', annotator: 'alice', template: FP, status: 'approved', sections: D1, ms: 5_000 },
];

export function paperId(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** Writes the whole fixture into an opened, migrated library. */
export function seedInsights(db: Db): void {
  ensureBuiltInTemplates(db);
  const t = '2024-01-01T00:00:00.000Z';
  const paper = db.prepare(`INSERT INTO papers (id, title, added_at, updated_at) VALUES (?, ?, ?, ?)`);
  const model = db.prepare(`INSERT INTO models (id, path, file_name, size_bytes, sha256, round, added_at)
    VALUES (?, ?, ?, 1000, ?, ?, ?)`);
  const draft =
    db.prepare(`INSERT INTO drafts (id, paper_id, model_id, model_sha256, adapters, template_id, text,
      sections, scores, tokens_out, ttft_ms, tokens_per_second, backend, end_reason, created_at)
    VALUES (@id, @paper, @model, @sha, @adapters, @template, @text, @sections, @scores, 100, @ttft, @tps, @backend, @end, @at)`);
  const review =
    db.prepare(`INSERT INTO reviews (id, paper_id, annotator, template_id, draft_id, sections, scores,
      status, approved_unchanged, labels, time_on_task_ms, created_at, updated_at)
    VALUES (@id, @paper, @annotator, @template, @draft, @sections, @scores, @status, @unchanged, @labels, @ms, @at, @at)`);
  const revision =
    db.prepare(`INSERT INTO review_revisions (review_id, sections, scores, notes, status, created_at)
    VALUES (?, ?, ?, '', ?, ?)`);
  db.transaction(() => {
    for (let i = 1; i <= 12; i++) paper.run(paperId(`p${i}`), `Paper ${i}`, t, t);
    model.run('m1', '/models/base-r1.gguf', 'base-r1.gguf', 'sha-m1', 'r1', t);
    model.run('m2', '/models/base-r2.gguf', 'base-r2.gguf', 'sha-m2', 'r2', t);
    for (const d of DRAFTS) {
      const sha = d.model === 'm1' ? 'sha-m1' : 'sha-m2';
      const adapters = d.lora ? [{ path: '/models/lora-r2.gguf', sha256: 'sha-lora', scale: 1 }] : [];
      const text = Object.values(d.sections).join('\n\n');
      draft.run({
        id: d.id,
        paper: paperId(d.paper),
        model: d.model,
        sha,
        adapters: JSON.stringify(adapters),
        template: d.template,
        text,
        sections: JSON.stringify(d.sections),
        scores: JSON.stringify(d.scores ?? {}),
        ttft: d.ttft,
        tps: d.tps,
        backend: d.backend,
        end: d.end ?? 'done',
        at: `${d.day}T09:00:00.000Z`,
      });
    }
    REVIEWS.forEach((r, i) => {
      const at = `${DRAFTS.find((d) => d.id === r.draft)?.day ?? '2024-03-20'}T17:00:00.000Z`;
      const row = {
        id: `r${i + 1}`,
        paper: paperId(r.paper),
        annotator: r.annotator,
        template: r.template,
        draft: r.draft,
        sections: JSON.stringify(r.sections),
        scores: JSON.stringify(r.scores ?? {}),
        status: r.status,
        unchanged: r.unchanged ? 1 : 0,
        labels: JSON.stringify(r.labels ?? []),
        ms: r.ms,
        at,
      };
      review.run(row);
      revision.run(row.id, row.sections, row.scores, row.status, at);
    });
  })();
}
