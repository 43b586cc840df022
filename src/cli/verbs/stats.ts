import type { Verb } from '../verb';
import { libraryStats } from '../../core/store/repos/stats';

export const statsVerb: Verb = {
  name: 'stats',
  summary: 'Counts of papers, drafts, reviews and exports in the library.',
  options: { json: { type: 'boolean', description: 'print one JSON object' } },
  run(ctx) {
    const stats = libraryStats(ctx.services().db);
    if (ctx.values.json) {
      ctx.out(JSON.stringify(stats));
      return 0;
    }
    const by = (m: Record<string, number>) =>
      Object.entries(m)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none';
    ctx.out(`papers   ${stats.papers} (${by(stats.papersByStatus)})`);
    ctx.out(`drafts   ${stats.drafts}`);
    ctx.out(`reviews  ${stats.reviews} (${by(stats.reviewsByStatus)})`);
    ctx.out(`models   ${stats.models}`);
    ctx.out(`exports  ${stats.exports}`);
    return 0;
  },
};
