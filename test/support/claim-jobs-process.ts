/**
 * A process that claims jobs of one batch as fast as it can, for claims.test.ts: started
 * twice at once on one library, each prints the ids it claimed (one JSON line). Usage:
 *   node --import tsx claim-jobs-process.ts <data-dir> <batch-id> <start-at-epoch-ms>
 */
import { createServices } from '../../src/core/services';
import { claimNextJob } from '../../src/core/store/repos/draft-jobs';

const [dataDir, batchId, startAt] = process.argv.slice(2);
if (!dataDir || !batchId || !startAt)
  throw new Error('usage: claim-jobs-process.ts <data-dir> <batch-id> <start-at-ms>');
const s = createServices({ dataDir, host: 'cli' });
// Both processes start claiming at the same instant, so their claims really interleave.
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
const claimed: string[] = [];
for (
  let job = claimNextJob(s.db, batchId, s.instanceId);
  job;
  job = claimNextJob(s.db, batchId, s.instanceId)
) {
  claimed.push(job.id);
  // A real claimer drafts for seconds between claims; a tight loop would starve the other
  // process's busy handler (a test artefact), so each claim yields a moment.
  await new Promise((r) => setTimeout(r, 1));
}
await s.close();
process.stdout.write(JSON.stringify({ pid: process.pid, claimed }) + '\n');
