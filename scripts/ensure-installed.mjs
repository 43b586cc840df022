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
    console.error(
      'npm ci failed; retrying without downloading the Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD=1).',
    );
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
    console.error(
      `No Chromium at ${chromium}: the end-to-end tests need it (apt-get install chromium, or set CHROMIUM_PATH).`,
    );
  }
}

// - for tests only: llama.cpp's llama-server, built once from the source node-llama-cpp ships
//   (the server backend's tests run against it; the build is cached, so later runs skip it).
if (mode === 'test' && process.env.PRS_SKIP_LLAMA_SERVER !== '1') {
  const has = (tool) => {
    try {
      execSync(`command -v ${tool}`, { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  const missing = ['cmake', 'ninja', 'g++', 'git'].filter((t) => !has(t));
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (missing.length && root && existsSync('/usr/bin/apt-get')) {
    console.error(`Installing the tools that build llama-server (${missing.join(', ')})…`);
    run('apt-get update -qq && apt-get install -y -qq cmake ninja-build g++ git', {
      DEBIAN_FRONTEND: 'noninteractive',
    });
  }
  try {
    execSync('node scripts/build-llama-server.mjs --lookup', { stdio: 'ignore' });
  } catch {
    console.error('Building llama-server for the server backend tests (once; about 15 minutes on 2 cores)…');
    run('node scripts/build-llama-server.mjs');
  }
}
