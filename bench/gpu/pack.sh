#!/usr/bin/env bash
# Prepares bench/gpu/.carry (git-ignored) for a GPU machine with no internet and no Node:
#   node.xz          this machine's Node binary (x86-64 Linux), xz-compressed (~24 MB)
#   nm.tar.xz        the node_modules the engine worker and the bench scripts need at run
#                    time (node-llama-cpp's JS without its 650 MB of prebuilt binaries, zod,
#                    tsx + esbuild, node-api-headers for building the addon) (~5 MB)
#   llama-src.tar.xz node-llama-cpp's llama/ folder (CMakeLists, addon sources) with the
#                    llama.cpp source from its gitRelease.bundle, its patches applied (~6 MB)
#   app-src.tar      (SNAPSHOT=1) src/ + bench/gpu/*.ts (+ engine-holes.ts) as committed at HEAD (git archive), so
#                    the device runs a tree that passed a local smoke run, whatever is being
#                    edited in the working tree meanwhile
# Then: run bench/gpu/run.sh on the GPU machine with `carry: ["bench/gpu/.carry"]`.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
C=$REPO/bench/gpu/.carry
NLC=$REPO/node_modules/node-llama-cpp
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$C"

[ -f "$C/node.xz" ] || xz -T2 -9 -c "$(readlink -f "$(command -v node)")" > "$C/node.xz"

if [ ! -f "$C/nm.tar.xz" ] || [ "${FORCE:-0}" = 1 ]; then
  node "$REPO/bench/gpu/closure.mjs" "$REPO" node-llama-cpp zod tsx fastest-levenshtein better-sqlite3 @huggingface/jinja > "$TMP/list"
  printf '%s\n' node_modules/@esbuild/linux-x64 node_modules/node-api-headers >> "$TMP/list"
  (cd "$REPO" && sort -u "$TMP/list" | tar --exclude=node_modules/node-llama-cpp/llama/gitRelease.bundle \
    --exclude=node_modules/node-llama-cpp/llama/localBuilds --exclude='*.map' --exclude='*.d.ts' -cf - -T -) | xz -T2 -6 > "$C/nm.tar.xz"
fi

if [ ! -f "$C/llama-src.tar.xz" ] || [ "${FORCE:-0}" = 1 ]; then
  mkdir -p "$TMP/llama"
  cp -r "$NLC/llama/CMakeLists.txt" "$NLC/llama/addon" "$NLC/llama/cmake" "$TMP/llama/"
  git clone -q "$NLC/llama/gitRelease.bundle" "$TMP/clone"
  for p in "$NLC"/llama/patches/*.diff; do (cd "$TMP/clone" && git apply "$p"); done
  # docs, vocab models, the web UI's sources and tests are not part of the build (llama-server is
  # built with LLAMA_BUILD_UI=OFF, which needs only tools/ui's CMake files and embed.cpp)
  (cd "$TMP/clone" && tar --exclude=.git --exclude=./models --exclude=./docs --exclude=./tools/ui/src --exclude=./tools/ui/static --exclude=./tools/ui/tests --exclude=./media \
    --exclude=./tests --exclude=./benches --exclude=./app/ui -cf - .) | (mkdir -p "$TMP/llama/llama.cpp" && tar -C "$TMP/llama/llama.cpp" -xf -)
  (cd "$TMP" && git -C clone rev-parse HEAD > llama/llama.cpp/COMMIT && tar -cf - llama) | xz -T2 -6 > "$C/llama-src.tar.xz"
fi

if [ "${SNAPSHOT:-0}" = 1 ]; then
  git -C "$REPO" archive --format=tar -o "$C/app-src.tar" HEAD package.json tsconfig.base.json tsconfig.node.json src bench/gpu bench/engine-holes.ts bench/server.ts test/support/gguf test/support/make-test-models.ts test/support/addon-calls.ts test/support/llama-server.ts test/support/temp.ts
  echo "$(git -C "$REPO" rev-parse --short HEAD) $(date -u +%FT%TZ)" > "$C/app-src.date"
fi
ls -la "$C"
