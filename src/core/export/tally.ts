import type { ExportCounts } from '../../shared/contract/dataset';
import type { ExportItem } from '../store/repos/exports';
import type { Checks } from './checks';
import type { Involved } from './finish';
import type { ExportRow } from './query';
import type { PromptRecord } from './prompt-source';
import type { Split } from './split';
import { SplitLengths, approxTokens } from './tokens';

/** Items go to the caller in batches of this many (it records them once the export is done). */
const ITEM_BATCH = 500;

/** One admitted record, as the tally needs it. */
export interface Written {
  split: Split;
  prompt: PromptRecord;
  completionText: string;
  /** -1 when no tokenizer counted it. */
  completionTokens: number;
  lowInformation: boolean;
}

/**
 * What an export has written so far: counts per split, papers, lengths, the models and
 * prompts involved, and the (review, split) items the library records afterwards.
 */
export class Tally {
  readonly papers = { train: new Set<string>(), validation: new Set<string>() };
  readonly lengths = { train: new SplitLengths(), validation: new SplitLengths(), all: new SplitLengths() };
  readonly counts = {
    train: 0,
    validation: 0,
    promptFromDraft: 0,
    promptRendered: 0,
    trimmed: 0,
    lowInformation: 0,
  };
  readonly involved: Involved = {
    models: new Set(),
    prompts: new Set(),
    templates: new Set(),
    promptModels: new Set(),
    exactTokens: 0,
  };
  private items: ExportItem[] = [];

  constructor(
    /** The export's default prompt: what a record without a draft's prompt was rendered from. */
    private readonly defaultPromptId: string,
    private readonly onItems: (batch: ExportItem[]) => void,
  ) {}

  get written(): number {
    return this.counts.train + this.counts.validation;
  }

  add(row: ExportRow, w: Written): void {
    const { counts, involved } = this;
    const p = w.prompt;
    counts[w.split]++;
    this.papers[w.split].add(row.paper_id);
    if (p.source === 'draft') counts.promptFromDraft++;
    else counts.promptRendered++;
    if (p.trimmed.length > 0) counts.trimmed++;
    if (w.lowInformation) counts.lowInformation++;
    const exact = p.tokens >= 0 && w.completionTokens >= 0;
    if (exact) involved.exactTokens++;
    const promptLength = exact ? p.tokens : p.turns.reduce((a, t) => a + approxTokens(t.content), 0);
    const completionLength = exact ? w.completionTokens : approxTokens(w.completionText);
    this.lengths[w.split].add(promptLength, completionLength);
    this.lengths.all.add(promptLength, completionLength);
    if (row.model_id) involved.models.add(row.model_id);
    if (p.modelId) involved.promptModels.add(p.modelId);
    involved.prompts.add(p.source === 'draft' && row.prompt_id ? row.prompt_id : this.defaultPromptId);
    involved.templates.add(row.template_id);
    this.items.push({
      reviewId: row.review_id,
      paperId: row.paper_id,
      draftId: row.draft_id,
      split: w.split,
    });
    if (this.items.length >= ITEM_BATCH) this.flush();
  }

  /** Hands over the items not yet sent. */
  flush(): void {
    if (this.items.length) this.onItems(this.items);
    this.items = [];
  }

  exportCounts(matched: number, checks: Checks): ExportCounts {
    const c = this.counts;
    return {
      matched,
      train: c.train,
      validation: c.validation,
      trainPapers: this.papers.train.size,
      validationPapers: this.papers.validation.size,
      excluded: checks.excluded,
      keptFlagged: checks.kept,
      promptFromDraft: c.promptFromDraft,
      promptRendered: c.promptRendered,
      trimmed: c.trimmed,
      lowInformation: c.lowInformation,
    };
  }
}
