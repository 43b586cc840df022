// `npm start` and `npm test` must work on a fresh clone: install what is missing first.
// - node_modules: `npm ci` when absent or older than package-lock.json. Where Electron's
//   installer cannot download its binary (no internet), retry without it: the web host
//   (`npm run serve`) and the tests do not need it.
// - for tests only: Debian's Chromium for the end-to-end tests, when we may install it.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const mode = process.argv[2] ?? 'test';
const run = (cmd, env = {}) => execSync(cmd, { stdio: 'inherit', env: { ...process.env, ...env } });

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.error('Installing dependencies (npm ci)…');
  // node-llama-cpp brings prebuilt llama.cpp binaries; never compile it during install.
  const env = { NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' };
  try {
    run('npm ci --no-audit --no-fund', env);
  } catch {
    console.error('npm ci failed; retrying without downloading the Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD=1).');
    run('npm ci --no-audit --no-fund', { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
  }
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (mode === 'test' && !existsSync(chromium)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    console.error('Installing Chromium for the end-to-end tests (apt-get install chromium)…');
    run('apt-get update -qq && apt-get install -y -qq chromium', { DEBIAN_FRONTEND: 'noninteractive' });
  } else {
    console.error(`No Chromium at ${chromium}: the end-to-end tests need it (apt-get install chromium, or set CHROMIUM_PATH).`);
  }
}
