import { describe, expect, it } from 'vitest';
import { useWebApp } from '../support/e2e-app';

describe('app frame through the web host', () => {
  const app = useWebApp({ prefix: 'prs-e2e-', startHost: false });

  it('shows the empty library, switches language, and keeps a setting across restarts', async () => {
    let host = await app.startHost();
    const context = await app.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(host.url);

    await expect.poll(() => page.getByRole('heading', { name: 'No papers yet' }).isVisible()).toBe(true);
    await expect
      .poll(() => page.getByRole('link', { name: 'Library' }).getAttribute('aria-current'))
      .toBe('page');
    // The status bar keeps a slot for the engine.
    expect(await page.getByRole('status', { name: 'Engine' }).textContent()).toContain('no model loaded');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Annotator name').fill('Ada Lovelace');
    await page.getByLabel('Annotator name').press('Enter');
    await expect.poll(() => page.getByText('Saved').isVisible()).toBe(true);

    await page.getByLabel('Language').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('link', { name: '文库' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: '文库' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '还没有论文' }).isVisible()).toBe(true);
    await context.close();

    // Restart the host on the same data dir: the settings are still there.
    host = await app.startHost();
    const again = await app.browser.newContext({ locale: 'en-US' });
    const page2 = await again.newPage();
    await page2.goto(host.url);
    await expect.poll(() => page2.getByRole('heading', { name: '还没有论文' }).isVisible()).toBe(true);
    await page2.getByRole('link', { name: '设置' }).click();
    await expect.poll(() => page2.getByLabel('标注者姓名').inputValue()).toBe('Ada Lovelace');
    await page2.getByLabel('语言').selectOption('');
    await expect.poll(() => page2.getByRole('link', { name: 'Settings' }).isVisible()).toBe(true);
    await again.close();
  });

  it('follows the OS locale until the user chooses', async () => {
    const host = await app.ensureHost();
    const context = await app.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(host.url);
    await expect.poll(() => page.getByRole('heading', { name: '还没有论文' }).isVisible()).toBe(true);
    await context.close();
  });

  it('refuses the app without the token', async () => {
    const host = await app.ensureHost();
    const context = await app.browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(host.origin + '/');
    expect(response?.status()).toBe(401);
    await context.close();
  });
});
