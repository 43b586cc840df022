// Installs a llama.cpp build made from node-llama-cpp's own bundled source (see run.sh) as
// node-llama-cpp's "local build" for CUDA, exactly where `npx node-llama-cpp source build
// --gpu cuda` would put it: node_modules/node-llama-cpp/llama/localBuilds/linux-x64-cuda/
// Release/ with _nlcBuildMetadata.json and buildDone.status. getLlama({gpu: "cuda",
// build: "never"}) then loads it in preference to the prebuilt binaries.
//   node bench/gpu/install-local-build.mjs <build-out-dir> [--remove]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// node-llama-cpp's "exports" hide package.json, so find it from the repository root.
const pkgDir = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'node_modules',
  'node-llama-cpp',
);
const folder = path.join(pkgDir, 'llama', 'localBuilds', 'linux-x64-cuda');
const [src, flag] = process.argv.slice(2);
if (flag === '--remove' || src === '--remove') {
  fs.rmSync(folder, { recursive: true, force: true });
  console.log(`removed ${folder}`);
  process.exit(0);
}
if (!src || !fs.existsSync(path.join(src, 'llama-addon.node'))) {
  console.error('usage: install-local-build.mjs <dir with llama-addon.node and its .so files>');
  process.exit(2);
}
const release = path.join(folder, 'Release');
fs.rmSync(folder, { recursive: true, force: true });
fs.mkdirSync(release, { recursive: true });
for (const f of fs.readdirSync(src))
  if (f.endsWith('.so') || f.endsWith('.node')) fs.copyFileSync(path.join(src, f), path.join(release, f));
const { getPlatformInfo } = await import(
  pathToFileURL(path.join(pkgDir, 'dist/bindings/utils/getPlatformInfo.js')).href
);
const { builtinLlamaCppRelease } = await import(
  pathToFileURL(path.join(pkgDir, 'dist/bindings/utils/binariesGithubRelease.js')).href
);
const meta = {
  buildOptions: {
    customCmakeOptions: {},
    progressLogs: false,
    platform: 'linux',
    platformInfo: await getPlatformInfo(),
    arch: 'x64',
    gpu: 'cuda',
    llamaCpp: { repo: 'ggml-org/llama.cpp', release: builtinLlamaCppRelease },
  },
};
fs.writeFileSync(path.join(release, '_nlcBuildMetadata.json'), JSON.stringify(meta));
fs.writeFileSync(path.join(folder, 'buildDone.status'), '');
console.log(`installed ${release}: ${fs.readdirSync(release).join(' ')}`);
