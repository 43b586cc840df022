import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { startHostProcess, type HostProcess } from './host-process';
import { tempDir } from './temp';

export interface WebAppOptions {
  /** Prefix of the suite's temporary folder. */
  prefix: string;
  /** The library as a subfolder of that folder, for suites that keep models or an inbox beside it. */
  library?: string;
  /** Fills the library before the host starts: the host reads it only at start. */
  seed?(paths: { dir: string; data: string }): void | Promise<void>;
  /** False for suites whose tests start, kill and restart the host themselves. */
  startHost?: boolean;
  /** Extra environment for the hosts the suite starts (test-only hooks such as PRS_ENGINE_TEST_*). */
  env?: NodeJS.ProcessEnv;
  /** One page shared by the suite's tests, opened on the host once it runs. */
  page?: true | PageOptions;
}

export interface PageOptions {
  context?: BrowserContextOptions;
  /** Where the page opens, e.g. `#/reader/<id>`; a function, as seeded ids are known only in beforeAll. */
  hash?(): string;
  /** Listeners and defaults that must be in place before the first navigation. */
  setup?(page: Page): void;
}

export interface WebApp {
  /** The suite's temporary folder, removed after it. */
  readonly dir: string;
  /** The data dir the host serves. */
  readonly data: string;
  readonly browser: Browser;
  readonly host: HostProcess;
  readonly page: Page;
  /** A host on the same library (stopping the current one if it still runs); stopped after the suite. */
  startHost(env?: NodeJS.ProcessEnv): Promise<HostProcess>;
  /** The current host, or a new one: lets a test that needs a host run alone (vitest -t). */
  ensureHost(): Promise<HostProcess>;
}

/**
 * The web host on a temporary library, driven in Chromium, for one describe block:
 * registers its beforeAll/afterAll and returns accessors valid inside the tests.
 */
export function useWebApp(options: WebAppOptions): WebApp {
  const temp = tempDir(options.prefix);
  const data = options.library ? join(temp.path, options.library) : temp.path;
  let browser: Browser | undefined;
  let host: HostProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  // A clear message beats "cannot read properties of undefined" when a hook failed or a test runs alone.
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value !== undefined) return value;
    throw new Error(`useWebApp: no ${what} (beforeAll failed, or the tests start the host themselves)`);
  };

  const startHost = async (env = options.env): Promise<HostProcess> => {
    await host?.stop();
    host = await startHostProcess(data, env);
    return host;
  };

  beforeAll(async () => {
    await options.seed?.({ dir: temp.path, data });
    browser = await launchBrowser();
    if (options.startHost === false) return;
    const h = await startHost();
    if (!options.page) return;
    const opts: PageOptions = options.page === true ? {} : options.page;
    // Assertions read the English UI, whatever the machine's locale.
    context = await browser.newContext({ locale: 'en-US', ...opts.context });
    page = await context.newPage();
    opts.setup?.(page);
    await page.goto(h.url + (opts.hash?.() ?? ''));
  });
  afterAll(async () => {
    // The page first, so none of its requests is in flight while the host stops.
    await context?.close();
    await host?.stop();
    await browser?.close();
    temp.remove();
  });

  return {
    dir: temp.path,
    data,
    get browser() {
      return ready(browser, 'browser');
    },
    get host() {
      return ready(host, 'host');
    },
    get page() {
      return ready(page, 'page');
    },
    startHost,
    ensureHost: async () => host ?? startHost(),
  };
}
