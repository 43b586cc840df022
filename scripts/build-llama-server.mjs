// Builds llama.cpp's `llama-server` for the CPU from the source node-llama-cpp ships
// (llama/gitRelease.bundle + llama/patches), so the server backend's tests run against the
// same llama.cpp commit as the app's in-process engine. The binary is cached per commit and
// patch set; a second run prints the cached path at once. The last line printed is always the
// binary's absolute path.
//
//   node scripts/build-llama-server.mjs            build when absent, print the path
//   node scripts/build-llama-server.mjs --lookup   print the path when built, else exit 2
//
// Env: PRS_LLAMA_SERVER_CACHE (cache root; default ~/.cache/paper-review-studio/llama-server),
//      PRS_BUILD_JOBS (parallel compile jobs; default os.cpus().length).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const llamaDir = path.join(repo, 'node_modules', 'node-llama-cpp', 'llama');
const bundle = path.join(llamaDir, 'gitRelease.bundle');
const patchesDir = path.join(llamaDir, 'patches');

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
}

function patchFiles() {
  if (!fs.existsSync(patchesDir)) return [];
  return fs
    .readdirSync(patchesDir)
    .filter((f) => f.endsWith('.diff'))
    .sort()
    .map((f) => path.join(patchesDir, f));
}

/** The bundle's commit plus a short hash of the patches: the cache key. */
function cacheKey() {
  const heads = run('git', ['bundle', 'list-heads', bundle]).trim().split('\n');
  const commit = heads[0]?.split(' ')[0];
  if (!commit || !/^[0-9a-f]{40}$/.test(commit)) throw new Error(`cannot read the commit of ${bundle}`);
  const h = createHash('sha256');
  for (const p of patchFiles()) h.update(fs.readFileSync(p));
  return { commit, key: `${commit}-${h.digest('hex').slice(0, 8)}-cpu` };
}

function cacheRoot() {
  return (
    process.env.PRS_LLAMA_SERVER_CACHE ||
    path.join(
      process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
      'paper-review-studio',
      'llama-server',
    )
  );
}

function checkTools() {
  const missing = ['git', 'cmake', 'ninja', 'c++'].filter((t) => {
    try {
      execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(
      `missing build tools: ${missing.join(', ')} (apt-get install -y cmake ninja-build g++ git)`,
    );
  }
}

// Only what llama-server needs: no tests/examples/unified app, no web UI download, no TLS,
// static libraries so the binary stands alone, portable CPU code (no -march=native).
const CMAKE_FLAGS = [
  '-G',
  'Ninja',
  '-DCMAKE_BUILD_TYPE=Release',
  '-DBUILD_SHARED_LIBS=OFF',
  '-DGGML_NATIVE=OFF',
  '-DGGML_CCACHE=OFF',
  '-DLLAMA_CURL=OFF',
  '-DLLAMA_OPENSSL=OFF',
  '-DLLAMA_BUILD_TESTS=OFF',
  '-DLLAMA_BUILD_EXAMPLES=OFF',
  '-DLLAMA_BUILD_APP=OFF',
  '-DLLAMA_BUILD_TOOLS=ON',
  '-DLLAMA_BUILD_SERVER=ON',
  '-DLLAMA_BUILD_UI=OFF',
  '-DLLAMA_USE_PREBUILT_UI=OFF',
];

function build(dir, commit) {
  checkTools();
  const src = path.join(dir, 'src');
  const bld = path.join(dir, 'build');
  if (!fs.existsSync(path.join(src, '.prs-patched'))) {
    fs.rmSync(src, { recursive: true, force: true });
    console.error(`cloning llama.cpp ${commit.slice(0, 12)} from ${bundle}`);
    run('git', ['-c', 'advice.detachedHead=false', 'clone', '-q', bundle, src]);
    run('git', ['-C', src, 'checkout', '-q', commit]);
    for (const p of patchFiles()) run('git', ['-C', src, 'apply', p]);
    fs.writeFileSync(path.join(src, '.prs-patched'), '');
  }
  const jobs = process.env.PRS_BUILD_JOBS || String(os.cpus().length);
  console.error(`configuring (cmake) in ${bld}`);
  run('cmake', ['-S', src, '-B', bld, ...CMAKE_FLAGS], { stdio: ['ignore', 'ignore', 'inherit'] });
  console.error(`compiling llama-server with ${jobs} jobs (CPU; this takes a while)`);
  run('cmake', ['--build', bld, '--target', 'llama-server', '-j', jobs], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const built = path.join(bld, 'bin', 'llama-server');
  if (!fs.existsSync(built)) throw new Error(`the build finished without ${built}`);
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  // Copy then rename so a reader never sees a half-written binary.
  const tmp = path.join(binDir, `llama-server.${process.pid}.tmp`);
  fs.copyFileSync(built, tmp);
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, path.join(binDir, 'llama-server'));
}

function main() {
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run npm ci first`);
  const { commit, key } = cacheKey();
  const dir = path.join(cacheRoot(), key);
  const bin = path.join(dir, 'bin', 'llama-server');
  if (process.argv.includes('--lookup')) {
    if (!fs.existsSync(bin)) {
      console.error(`llama-server is not built for ${key}: run \`npm run build:llama-server\``);
      process.exit(2);
    }
  } else if (!fs.existsSync(bin)) {
    build(dir, commit);
  }
  console.log(bin);
}

try {
  main();
} catch (e) {
  console.error(`build-llama-server: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
