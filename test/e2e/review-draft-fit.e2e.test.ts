import { describe, expect, it } from 'vitest';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';
import { makeTestModels } from '../support/make-test-models';
import { createServices } from '../../src/core/services';
import { writeEngineSettings } from '../../src/core/engine/settings';
import { writeSettings } from '../../src/core/store/repos/settings';
import { addTestPaper, prose, section } from '../../src/core/engine/engine.fixtures';

/**
 * Issue 19: a paper too long for the model. Its Draft button is disabled with the reason,
 * on that paper only; the engine's footer shows no error for it on any page.
 */
describe('a paper too long for the model', () => {
  const ids: Record<string, string> = {};
  const app = useWebApp({
    prefix: 'prs-rv2-fit-',
    library: 'lib',
    seed: ({ data }) => {
      const models = makeTestModels();
      const s = createServices({ dataDir: data, host: 'cli' });
      writeSettings(s.db, { annotator: 'Ada' });
      // 768 tokens free for the paper: a 3,000-word abstract cannot fit, a short paper can.
      writeEngineSettings(s.db, { threads: 1, contextSize: 1024, maxTokens: 256 });
      ids.huge = addTestPaper(s, {
        title: 'Huge Paper',
        sections: [section('Abstract', 'abstract', prose(3000))],
      });
      ids.small = addTestPaper(s, { title: 'Small Paper' });
      void s.close();
      const r = runCliProcess(['models', 'add', models.mistral, '--data-dir', data]);
      expect(r.code, r.stderr).toBe(0);
    },
    page: true,
  });

  it('disables Draft with the reason on that paper only, and keeps the footer clear', async () => {
    const page = app.page;
    const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 60_000 });
    const panel = page.getByRole('region', { name: 'Draft', exact: true });
    const draft = panel.getByRole('button', { name: 'Draft review', exact: true });
    const footer = page.getByRole('status', { name: 'Engine' });

    await page.goto(`${app.host.url}#/paper/${ids.huge}`);
    await poll(() => draft.isDisabled()).toBe(true);
    expect(await panel.getByRole('note').textContent()).toMatch(
      /^This paper cannot be drafted with this model: The paper does not fit even after trimming/,
    );
    expect(await draft.getAttribute('title')).toMatch(/does not fit/);
    expect(await footer.textContent()).not.toMatch(/does not fit/);

    await page.goto(`${app.host.url}#/paper/${ids.small}`);
    await poll(() =>
      panel
        .getByRole('note')
        .filter({ hasText: /Prompt \d+ of 1024 tokens/ })
        .count(),
    ).toBe(1);
    expect(await draft.isEnabled()).toBe(true);
    expect(await footer.textContent()).not.toMatch(/does not fit/);
  });
});
