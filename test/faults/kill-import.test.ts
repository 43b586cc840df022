import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePdf } from '../../src/core/library/import/pdfs.fixtures';
import {
  REPEAT,
  timeLimit,
  checkAfterRestart,
  paperFileProblems,
  randomSource,
  seedApproved,
  sleep,
  startClient,
  killWorkspace,
} from '../support/kill-harness';

const temp = killWorkspace('prs-kill-import-');
const data = join(temp.path, 'library');
/** Pages per uploaded PDF: extraction then takes long enough to be hit at random offsets. */
const PAGES = 6;

const upload = async (title: string) => ({
  fileName: `${title}.pdf`,
  dataBase64: Buffer.from(await makePdf({ title, body: 'kill import', pages: PAGES })).toString('base64'),
});

describe('kill -9 of the web host mid-import', () => {
  it(
    `leaves no orphan PDF and no row without its file (${REPEAT} kills)`,
    async () => {
      const rnd = randomSource('kill-import');
      let c = await startClient(data);
      const approved = await seedApproved(c, 1);

      const calibration = await upload('Calibration paper');
      const t0 = Date.now();
      const r0 = await c.call<{ status: string }>('importPaperBytes', calibration);
      expect(r0.status).toBe('imported');
      const duration = Date.now() - t0;

      const outcomes: string[] = [];
      let last = calibration;
      for (let i = 0; i < REPEAT; i++) {
        const body = await upload(`Killed import ${i}`);
        const offset = Math.round(rnd.next() * duration);
        const pending = c.raw('importPaperBytes', body).catch(() => null);
        await sleep(offset);
        await c.host.stop('SIGKILL');
        const answered = await pending;
        c = await startClient(data);
        // papers/ is checked against the rows here: an orphan copy or a missing file fails.
        await checkAfterRestart(c, data, approved);
        // An import the host confirmed before it died is in the library, with its PDF.
        if (answered?.ok)
          expect((await c.raw('getPaper', { id: (answered.value as { id: string }).id })).ok).toBe(true);
        outcomes.push(`${offset}ms:${answered?.ok ? 'done' : 'killed'}`);
        last = body;
      }
      // The file of the last killed import imports cleanly after the crash (or is found there).
      const again = await c.call<{ status: string }>('importPaperBytes', last);
      expect(['imported', 'duplicate']).toContain(again.status);
      expect(paperFileProblems(data)).toEqual([]);
      process.stdout.write(`[kill-import] import ${duration} ms; kills: ${outcomes.join(', ')}\n`);
      await c.host.stop();
    },
    timeLimit(70_000),
  );
});
