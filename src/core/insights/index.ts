import type { Db } from '../store/open';
import { AppError } from '../../shared/errors';
import { findTemplate } from '../../shared/templates';
import {
  POINT_RULE,
  type GroupInsight,
  type InsightsGroupBy,
  type InsightsResult,
  type SpeedRow,
} from '../../shared/contract/insights';
import { aggregate, type Context } from './aggregate';
import { compareGroups } from './compare';
import { groupByAnnotator, groupByDraft, naturalCompare } from './groups';
import { measurePairs } from './pair';
import { draftlessClosed, knownRounds, readRows, readTemplates, templateFor, type DraftRow } from './rows';
import { median, roundDeep } from './stats';

export interface InsightsOptions {
  from?: string | undefined;
  to?: string | undefined;
  template?: string | undefined;
  by?: InsightsGroupBy | undefined;
  compareRounds?: readonly [string, string] | undefined;
}

/**
 * Every Insights number for one filter, from the stored drafts and reviews. Synchronous:
 * one read of the rows, each approved pair measured once, then summed per group.
 */
export function getInsights(db: Db, options: InsightsOptions = {}): InsightsResult {
  const by = options.by ?? 'round';
  const templates = readTemplates(db);
  // A name ("four-part") means its built-in id; anything else is taken as an id as given.
  const templateId = options.template
    ? (templates.get(options.template)?.id ?? findTemplate(options.template)?.id ?? options.template)
    : undefined;
  const { drafts, reviews } = readRows(db, { from: options.from, to: options.to, templateId });
  // Pickers list what the date range holds, whatever template is chosen.
  const inRange = templateId ? readRows(db, { from: options.from, to: options.to }).drafts : drafts;

  const draftById = new Map(drafts.map((d) => [d.id, d]));
  const approved = reviews.flatMap((review) => {
    const draft = draftById.get(review.draftId);
    if (!draft || review.status !== 'approved') return [];
    return [{ draft, review, template: templateFor(templates, draft.templateId ?? review.templateId) }];
  });
  const pairs = measurePairs(db, approved);
  const ctx: Context = { drafts: draftById, pairs, templates };

  const groups =
    by === 'section'
      ? []
      : (by === 'annotator' ? groupByAnnotator(drafts, reviews) : groupByDraft(drafts, reviews, by)).map(
          (b) => aggregate(b.key, b.label, b.drafts, b.reviews, ctx),
        );

  let comparison: InsightsResult['comparison'] = null;
  if (options.compareRounds) {
    const known = knownRounds(db);
    for (const r of options.compareRounds) {
      if (!known.has(r)) throw new AppError('not_found', `No model is labelled with round "${r}".`);
    }
    const rounds = groupByDraft(drafts, reviews, 'round');
    const pick = (name: string): GroupInsight => {
      const b = rounds.find((x) => x.key === name);
      return aggregate(name, name, b?.drafts ?? [], b?.reviews ?? [], ctx);
    };
    const [a, b] = [pick(options.compareRounds[0]), pick(options.compareRounds[1])];
    comparison = { a, b, changes: compareGroups(a, b) };
  }

  return roundDeep({
    by,
    rounds: distinct(inRange.map((d) => d.round)),
    templates: distinct(inRange.map((d) => d.templateId)),
    pointRule: { ...POINT_RULE },
    overall: withDraftless(
      aggregate(null, '', drafts, reviews, ctx),
      draftlessClosed(db, { from: options.from, to: options.to, templateId }),
    ),
    groups,
    speed: speedRows(drafts),
    comparison,
  });
}

/** The overall counts include papers closed without a draft (groups cannot: no model made them). */
function withDraftless(g: GroupInsight, extra: { skipped: number; rejected: number }): GroupInsight {
  return {
    ...g,
    reviewed: g.reviewed + extra.skipped + extra.rejected,
    skipped: g.skipped + extra.skipped,
    rejected: g.rejected + extra.rejected,
  };
}

function distinct(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort(naturalCompare);
}

/** Median tokens/s and time to first token per (model, backend): speed depends on both. */
function speedRows(drafts: readonly DraftRow[]): SpeedRow[] {
  const rows = new Map<
    string,
    { modelKey: string | null; model: string; backend: string | null; list: DraftRow[] }
  >();
  for (const d of drafts) {
    const modelKey = d.modelId ?? (d.modelSha256 ? `sha256:${d.modelSha256}` : null);
    const k = JSON.stringify([modelKey, d.backend]);
    let row = rows.get(k);
    if (!row)
      rows.set(k, (row = { modelKey, model: d.modelFile ?? modelKey ?? '', backend: d.backend, list: [] }));
    row.list.push(d);
  }
  return [...rows.values()]
    .sort((a, b) => naturalCompare(a.model, b.model) || naturalCompare(a.backend ?? '', b.backend ?? ''))
    .map(({ list, ...row }) => ({
      ...row,
      n: list.length,
      medianTokensPerSecond: median(
        list.flatMap((d) => (d.tokensPerSecond === null ? [] : [d.tokensPerSecond])),
      ),
      medianTtftMs: median(list.flatMap((d) => (d.ttftMs === null ? [] : [d.ttftMs]))),
    }));
}
