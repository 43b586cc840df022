#!/usr/bin/env bash
# Issue 8: the app's drafting path vs llama.cpp itself on a CUDA GPU, at real model size.
#
# From scratch on a CUDA machine with no internet (nvcc, cmake, ninja, python3+torch):
#   1. builds node-llama-cpp 3.21.1's bundled llama.cpp (with its patch) for this GPU's
#      arch: the Node addon (installed as node-llama-cpp's local CUDA build), llama-bench
#      and llama-quantize, from one build tree, so both sides run the same code;
#   2. writes random-weight GGUFs of the Mistral-7B shape (F16, Q4_K_M) and the Gemma-7B
#      shape (Q4_K_M) with bench/gpu/make-big-gguf.ts + llama-quantize;
#   3. measures device-to-device bandwidth (torch), llama-bench (pp12288, tg128 at depth 0
#      and 12288; flash attention on/off; f16/q8_0 KV; ubatch 512/1024/2048), and the
#      app's engine worker through EngineClient (bench/gpu/app-bench.ts);
#   4. (round 2) llama.cpp's own ceiling for N papers at once (llama-batched-bench), the app's
#      batch waves, and where TTFT and each token go (bench/gpu/ttft-probe.ts);
#      (round 3) llama.cpp's own sampling generator (llama-completion) on the app's prompt;
#      (round 4) a wave's early finishes with and without padding (bench/engine-holes.ts);
#      (round 5) where a lone draft's per-token time goes (bench/gpu/token-loop.ts);
#   5. prints a markdown table last and writes JSON + the table under $OUT
#      (results of the first run: bench/results/gpu-H200-2026-11-28.md).
#
#   bash bench/gpu/run.sh                 # everything, resuming what a warm machine kept
#   DRY_RUN=1 bash bench/gpu/run.sh       # the script's logic on a laptop: small shapes, CPU
#
# It needs, from bench/gpu/.carry (git-ignored; made by bench/gpu/pack.sh on a dev machine):
# node.xz (a Node 20 binary), nm.tar.xz (the runtime node_modules subset), llama-src.tar.xz
# (node-llama-cpp's bundled llama.cpp source, patched). Where node/node_modules are already
# installed they are used as they are.
#
# Each stage records itself under $WORK/state and is skipped when done, and no stage starts
# unless its estimated time fits before RUN_BUDGET_S (default 560 s) from the start, so a
# call that runs out of time can simply be repeated on the same (warm) machine.
set -uo pipefail

T0=$(date +%s)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DRY=${DRY_RUN:-0}
WORK=${GPU_BENCH_WORK:-/tmp/prs-gpu-bench}
[ "$DRY" = 1 ] && WORK=${GPU_BENCH_WORK:-/tmp/prs-gpu-bench-dry}
OUT=${OUT:-$WORK/out}
CARRY=$REPO/bench/gpu/.carry
WITH_GEMMA=${WITH_GEMMA:-1}   # 0: the Mistral-7B shape only (round 2: batching and TTFT)
LB_SET=${LB_SET:-full}        # min: llama-bench's flash-attention-on f16 rows only
BUDGET=${RUN_BUDGET_S:-560}
RES=$WORK/results
STATE=$WORK/state
mkdir -p "$WORK" "$OUT" "$RES" "$STATE" "$WORK/models"
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1
export NODE_LLAMA_CPP_SKIP_DOWNLOAD=true

log() { echo "[run.sh +$(( $(date +%s) - T0 ))s] $*" >&2; }
left() { echo $(( BUDGET - ($(date +%s) - T0) )); }
done_() { [ -f "$STATE/$1" ]; }
mark() { touch "$STATE/$1"; }
# fits <seconds>: true when a step of that estimated length still fits in this call.
fits() { [ "$(left)" -gt "$1" ]; }

if [ "$DRY" = 1 ]; then
  SHAPES=(small-llama small-gemma); GPU=cpu; PROMPT=900; MAXTOK=24; BATCHES=2; CASES=${APP_CASES:-quick}
else
  SHAPES=(mistral-7b gemma-7b); GPU=cuda; PROMPT=12000; MAXTOK=1024; BATCHES=${BATCHES:-4,8,16}; CASES=${APP_CASES:-full}
fi

# ---------------------------------------------------------------- probe
probe() {
  {
    echo "date: $(date -u +%FT%TZ)"
    nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm,clocks.max.mem,power.limit --format=csv 2>&1
    nvcc --version 2>&1 | tail -2
    cmake --version 2>&1 | head -1
    echo "cpus: $(nproc)"; free -g | head -2; df -h "$WORK" | tail -1
    python3 -c 'import torch; print("torch", torch.__version__, torch.cuda.is_available())' 2>&1
  } > "$RES/probe.txt"
  cat "$RES/probe.txt" >&2
}

# ---------------------------------------------------------------- node + node_modules
setup_node() {
  if [ -f "$CARRY/node.xz" ]; then
    if [ ! -x "$WORK/bin/node" ]; then
      mkdir -p "$WORK/bin"
      xz -dc "$CARRY/node.xz" > "$WORK/bin/node" && chmod +x "$WORK/bin/node"
    fi
    export PATH="$WORK/bin:$PATH"
  fi
  command -v node > /dev/null || { log "no node"; exit 1; }
  if [ ! -d "$REPO/node_modules/node-llama-cpp" ]; then
    [ -f "$CARRY/nm.tar.xz" ] || { log "no node_modules and no $CARRY/nm.tar.xz"; exit 1; }
    tar -C "$REPO" -xJf "$CARRY/nm.tar.xz"
  fi
  log "node $(node --version)"
}

# ---------------------------------------------------------------- build
BLD=$WORK/bld
# CUDA libraries may live in the toolkit or only in PyTorch's pip wheels (nvidia-cublas).
cuda_search_dirs() {
  echo /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib /usr/lib/x86_64-linux-gnu /usr/local/nvidia/lib64 /usr/lib64
  python3 -c 'import site; print(" ".join(p + "/nvidia" for p in site.getsitepackages()))' 2>/dev/null
}
find_lib() { # find_lib <glob> : first match, real toolkit dirs first
  local d
  for d in $(cuda_search_dirs); do
    [ -d "$d" ] || continue
    local f; f=$(find -L "$d" -maxdepth 4 -name "$1" 2>/dev/null | sort | head -1)
    [ -n "$f" ] && { echo "$f"; return 0; }
  done
  return 1
}
cuda_env() {
  local extra=() libdirs=() f
  if ! ls /usr/local/cuda/lib64/libcublas.so* > /dev/null 2>&1 && ! ls /usr/local/cuda/targets/x86_64-linux/lib/libcublas.so* > /dev/null 2>&1; then
    f=$(find_lib 'libcublas.so*') && { extra+=("-DCUDA_cublas_LIBRARY=$f"); libdirs+=("$(dirname "$f")"); }
    f=$(find_lib 'libcublasLt.so*') && { extra+=("-DCUDA_cublasLt_LIBRARY=$f"); libdirs+=("$(dirname "$f")"); }
    f=$(find_lib 'cublas_v2.h') && extra+=("-DCMAKE_CUDA_FLAGS=-I$(dirname "$f")" "-DCMAKE_CXX_FLAGS=-I$(dirname "$f")")
  fi
  if ! ls /usr/local/cuda/lib64/stubs/libcuda.so > /dev/null 2>&1; then
    f=$(find_lib 'libcuda.so*') && extra+=("-DCUDA_cuda_driver_LIBRARY=$f")
  fi
  CUDA_CMAKE_EXTRA=("${extra[@]}")
  if [ ${#libdirs[@]} -gt 0 ]; then
    export LD_LIBRARY_PATH="$(IFS=:; echo "${libdirs[*]}")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
}
build() {
  if [ "$DRY" = 1 ]; then log "dry run: no CUDA build (the CPU prebuilt binary is used)"; return 0; fi
  # Incremental when a previous call on this (warm) machine got part of the way.
  [ -d "$WORK/src/llama" ] || { mkdir -p "$WORK/src"; tar -C "$WORK/src" -xJf "$CARRY/llama-src.tar.xz"; }
  # The addon's CMakeLists asks node for node-addon-api's include dir from its own folder.
  ln -sfn "$REPO/node_modules" "$WORK/src/llama/node_modules"
  local arch
  arch=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d . )
  arch=${arch:-90}
  log "configuring for sm_$arch"
  # The options node-llama-cpp's own `source build --gpu cuda` passes (compileLLamaCpp.js),
  # plus the tools; outputs of every target land in one folder ($ORIGIN rpath).
  cmake -S "$WORK/src/llama" -B "$BLD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_JS_INC="$REPO/node_modules/node-api-headers/include" \
    -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES="${arch}-real" -DGGML_NATIVE=ON -DGGML_CCACHE=OFF \
    -DGGML_METAL=OFF -DLLAMA_CURL=OFF -DLLAMA_HTTPLIB=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_BORINGSSL=OFF \
    -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_BUILD_APP=OFF \
    -DNLC_CURRENT_PLATFORM=linux-x64 -DNLC_TARGET_PLATFORM=linux-x64 -DNLC_VARIANT=cuda.v0.4.0 -DGGML_BUILD_NUMBER=1 \
    -DCMAKE_LIBRARY_OUTPUT_DIRECTORY="$BLD/out" -DCMAKE_RUNTIME_OUTPUT_DIRECTORY="$BLD/out" \
    "${CUDA_CMAKE_EXTRA[@]}" > "$RES/build.log" 2>&1 || { tail -30 "$RES/build.log" >&2; return 1; }
  grep -iE "cuda|cublas" "$RES/build.log" | head -8 >&2
  log "compiling"
  # MIN_BUILD=1: only what server_bench and ceiling run (no app addon, no quantizer, so
  # make_models skips the Q4_K_M copy): less device time where little is left.
  local targets=(llama-addon llama-bench llama-quantize llama-batched-bench llama-completion llama-server)
  [ "${MIN_BUILD:-0}" = 1 ] && targets=(llama-batched-bench llama-server)
  ninja -C "$BLD" -j "$(nproc)" "${targets[@]}" >> "$RES/build.log" 2>&1 \
    || { grep -m5 -B2 -A8 'error' "$RES/build.log" >&2; tail -20 "$RES/build.log" >&2; return 1; }
  collect_build
}
# llama.cpp puts its libraries and tools in <build>/bin, the addon goes to out/: gather them
# in one folder (every binary has an $ORIGIN rpath).
collect_build() {
  rm -rf "$BLD/all"; mkdir -p "$BLD/all"
  cp -a "$BLD"/bin/. "$BLD/all/" 2> /dev/null
  find "$BLD" -name 'llama-addon.node' -not -path "$BLD/all/*" -exec cp {} "$BLD/all/" \;
  ls -la "$BLD/all" >&2
  [ "${MIN_BUILD:-0}" = 1 ] && { [ -x "$BLD/all/llama-server" ] && [ -x "$BLD/all/llama-batched-bench" ]; return; }
  [ -f "$BLD/all/llama-addon.node" ] && [ -x "$BLD/all/llama-bench" ] && [ -x "$BLD/all/llama-quantize" ]
}

install_build() {
  [ "$DRY" = 1 ] && return 0
  [ "${MIN_BUILD:-0}" = 1 ] && return 0 # no addon built: the app's local engine is not run
  [ -f "$BLD/all/llama-addon.node" ] || collect_build || return 1
  node "$REPO/bench/gpu/install-local-build.mjs" "$BLD/all" >&2
}

quantize_bin() { if [ "$DRY" = 1 ]; then echo "${LLAMA_QUANTIZE:-}"; else echo "$BLD/all/llama-quantize"; fi; }

# ---------------------------------------------------------------- models
M=$WORK/models
make_models() {
  local mistral=${SHAPES[0]} gemma=${SHAPES[1]} m
  local q; q=$(quantize_bin)
  # An earlier call without a quantizer left F16 copies under the Q4_K_M names.
  if [ "$DRY" != 1 ]; then
    for m in mistral gemma; do
      local f=$M/$m-q4_k_m.gguf
      if [ -f "$f" ] && [ "$(stat -c %s "$f")" -gt 9000000000 ]; then
        if [ -f "$M/$m-f16.gguf" ]; then rm -f "$f"; else mv "$f" "$M/$m-f16.gguf"; fi
      fi
    done
  fi
  local p1="" p2=""
  if [ ! -f "$M/mistral-f16.gguf" ]; then
    node --import tsx "$REPO/bench/gpu/make-big-gguf.ts" "$mistral" "$M/mistral-f16.gguf" > "$RES/gen-mistral.json" & p1=$!
  fi
  if [ "$WITH_GEMMA" = 1 ] && [ ! -f "$M/gemma-f16.gguf" ] && [ ! -f "$M/gemma-q4_k_m.gguf" ]; then
    node --import tsx "$REPO/bench/gpu/make-big-gguf.ts" "$gemma" "$M/gemma-f16.gguf" > "$RES/gen-gemma.json" & p2=$!
  fi
  [ -n "$p1" ] && { wait "$p1" || return 1; }
  [ -n "$p2" ] && { wait "$p2" || return 1; }
  cat "$RES"/gen-*.json >&2
  if [ -n "$q" ] && [ -x "$q" ]; then
    local half=$(( $(nproc) / 2 )); [ "$half" -lt 1 ] && half=1
    [ "$WITH_GEMMA" = 1 ] || half=$(nproc)
    p1=""; p2=""
    [ -f "$M/mistral-q4_k_m.gguf" ] || { "$q" "$M/mistral-f16.gguf" "$M/mistral-q4_k_m.gguf" Q4_K_M "$half" > "$RES/quantize-mistral.log" 2>&1 & p1=$!; }
 [ "$WITH_GEMMA" != 1 ] || [ -f "$M/gemma-q4_k_m.gguf" ] || { "$q" "$M/gemma-f16.gguf" "$M/gemma-q4_k_m.gguf" Q4_K_M "$half" > "$RES/quantize-gemma.log" 2>&1 & p2=$!; }
    [ -n "$p1" ] && { wait "$p1" || { tail "$RES/quantize-mistral.log" >&2; rm -f "$M/mistral-q4_k_m.gguf"; return 1; }; }
    [ -n "$p2" ] && { wait "$p2" || { tail "$RES/quantize-gemma.log" >&2; rm -f "$M/gemma-q4_k_m.gguf"; return 1; }; }
    rm -f "$M/gemma-f16.gguf"
  elif [ "$DRY" = 1 ]; then
    log "no llama-quantize: using the F16 files in place of Q4_K_M (dry run)"
    cp "$M/mistral-f16.gguf" "$M/mistral-q4_k_m.gguf"; [ "$WITH_GEMMA" = 1 ] && mv "$M/gemma-f16.gguf" "$M/gemma-q4_k_m.gguf"
  elif [ "${MIN_BUILD:-0}" = 1 ]; then
    log "MIN_BUILD: no Q4_K_M copy (server_bench and ceiling@f16 use the F16 file)"
  else
    log "no llama-quantize at $q"; return 1
  fi
  ls -la "$M" >&2
}
MODELS=(mistral-q4="$M/mistral-q4_k_m.gguf" mistral-f16="$M/mistral-f16.gguf")
[ "$WITH_GEMMA" = 1 ] && MODELS+=(gemma-q4="$M/gemma-q4_k_m.gguf")

# ---------------------------------------------------------------- bandwidth
bandwidth() {
  [ "$DRY" = 1 ] && { echo '{"device":"dry-run","tb_per_s":null}' > "$RES/bandwidth.json"; return 0; }
  PYTHONUNBUFFERED=1 python3 "$REPO/bench/gpu/bandwidth.py" > "$RES/bandwidth.json" && cat "$RES/bandwidth.json" >&2
}

# ---------------------------------------------------------------- llama-bench
LB=$BLD/all/llama-bench
# One invocation: <id> <estimated seconds> <args...>; appends jsonl rows tagged with the id.
LB_WANT=()
lb() {
  local id=$1 est=$2; shift 2
  LB_WANT+=("$id")
  done_ "lb-$id" && return 0
  fits "$est" || { log "skip llama-bench $id (time)"; return 0; }
  log "llama-bench $id"
  if "$LB" -ngl 99 -o jsonl "$@" > "$RES/lb-$id.jsonl" 2> "$RES/lb-$id.err"; then
    mark "lb-$id"
  else
    log "llama-bench $id failed: $(tail -3 "$RES/lb-$id.err")"
  fi
}
llama_bench() {
  [ "$DRY" = 1 ] && { log "dry run: no llama-bench"; return 0; }
  local kv
  for kv in "${MODELS[@]}"; do
    local key=${kv%%=*} file=${kv#*=}
    # pp12288 + tg128 from an empty context, then tg128 after a 12288-token prompt.
    lb "$key-fa1-f16" 30 -m "$file" -fa on -ctk f16 -ctv f16 -p 12288 -n 128 -r 3
    lb "$key-fa1-f16-d" 25 -m "$file" -fa on -ctk f16 -ctv f16 -p 0 -n 128 -d 12288 -r 2
    [ "$LB_SET" = min ] && continue
    lb "$key-fa0-f16" 30 -m "$file" -fa off -ctk f16 -ctv f16 -p 12288 -n 128 -r 3
    lb "$key-fa0-f16-d" 25 -m "$file" -fa off -ctk f16 -ctv f16 -p 0 -n 128 -d 12288 -r 2
    lb "$key-fa1-q8_0" 30 -m "$file" -fa on -ctk q8_0 -ctv q8_0 -p 12288 -n 128 -r 3
    lb "$key-fa1-q8_0-d" 25 -m "$file" -fa on -ctk q8_0 -ctv q8_0 -p 0 -n 128 -d 12288 -r 2
    # llama.cpp's own defaults (flash attention auto, ubatch 512) and bigger ubatches.
    # (llama-bench's own default, -fa auto, resolves to flash attention on with CUDA: see the app-default row)
    lb "$key-fa1-ub" 30 -m "$file" -fa on -p 12288 -n 0 -b 2048 -ub 1024,2048 -r 2
  done
  # done only when every invocation ran (one skipped for time runs in the next call)
  local id
  for id in "${LB_WANT[@]}"; do done_ "lb-$id" || return 1; done
  return 0
}

# ---------------------------------------------------------------- the app's engine worker
# A snapshot of src/ (bench/gpu/pack.sh SNAPSHOT=1) if one was carried, else this checkout.
APP_TREE=""
app_tree() {
  if [ -z "$APP_TREE" ]; then
    APP_TREE=$REPO
    if [ -f "$CARRY/app-src.tar" ]; then
      APP_TREE=$WORK/app; rm -rf "$APP_TREE"; mkdir -p "$APP_TREE"
      tar -C "$APP_TREE" -xf "$CARRY/app-src.tar" && ln -s "$REPO/node_modules" "$APP_TREE/node_modules"
      log "app: snapshot of $(cat "$CARRY/app-src.date" 2>/dev/null)"
    fi
  fi
  echo "$APP_TREE"
}
# app_run <extra app-bench args...>: app-bench over every model, resuming from app.jsonl.
app_run() {
  local args=() kv tree; tree=$(app_tree)
  for kv in "${MODELS[@]}"; do args+=(--model "$kv"); done
  (cd "$tree" && node --import tsx "$tree/bench/gpu/app-bench.ts" "${args[@]}" --gpu "$GPU" --prompt-tokens "$PROMPT" \
    --max-tokens "$MAXTOK" --batches "$BATCHES" --cases "$CASES" --results "$RES/app.jsonl" --deadline-s "$(( $(left) - 15 ))" \
    "$@" 2>> "$RES/app.err") | cut -c1-400 >&2
  local rc=${PIPESTATUS[0]}
  tail -3 "$RES/app.err" >&2
  return "$rc"
}
app() { app_run; }

# ---------------------------------------------------------------- round 2 (batch pre-drafting, TTFT)
# llama.cpp's own ceiling for N papers at once: llama-batched-bench, same build and file, each
# sequence its own 12 000-token prompt then 1 024 tokens in lockstep, no sampling. One run per
# set in CEILING_SETS (<kv>-ub<ubatch>: f16-ub512 is llama.cpp's default and the app's),
# written to batched-bench-<set>.txt.
ceiling() {
  [ "$DRY" = 1 ] && return 0
  local q=$M/mistral-q4_k_m.gguf npl=${CEILING_NPL:-1,8,16,32} set
  local maxn=${npl##*,}
  # A set: <kv>-ub<ubatch>, on the Q4_K_M file; "@f16" after it: on the F16 file.
  for set in ${CEILING_SETS:-f16-ub512}; do
    local file=$q; [ "${set##*@}" = f16 ] && [ "$set" != "${set%@*}" ] && file=$M/mistral-f16.gguf
    local base=${set%@*}
    local kv=${base%%-ub*} ub=${base##*-ub}
    [ -s "$RES/batched-bench-$set.txt" ] && continue
    fits "${CEILING_EST:-150}" || { log "skip llama-batched-bench $set (time): run again"; return 1; }
    log "llama-batched-bench $set, N = $npl"
    "$BLD/all/llama-batched-bench" -m "$file" -ngl 99 -fa on -ctk "$kv" -ctv "$kv" -c $(( maxn * 13056 )) \
      -b $(( ub > 2048 ? ub : 2048 )) -ub "$ub" -npp 12000 -ntg 1024 -npl "$npl" \
      > "$RES/batched-bench-$set.part" 2> "$RES/batched-bench-$set.err" \
      || { tail -5 "$RES/batched-bench-$set.err" >&2; return 1; }
    mv "$RES/batched-bench-$set.part" "$RES/batched-bench-$set.txt"
    cat "$RES/batched-bench-$set.txt" >&2
  done
}
# llama.cpp's own generator (llama-completion) on the app's rendered prompt
# (bench/gpu/prompt-file.ts) with the app's sampling chain: the fair reference for the app's
# time to first token, decode speed and whole draft, since llama-bench never samples. Rows:
# the app's settings (batch = ubatch = 512, as node-llama-cpp sets them), llama.cpp's default
# batch (2 048 per call, ubatch 512), greedy, and llama.cpp's GPU-side sampling (-bs).
llama_gen() {
  [ "$DRY" = 1 ] && return 0
  local tree kv; tree=$(app_tree)
  local app_sampling=(--temp 0.7 --top-k 40 --top-p 0.95 --min-p 0.05 --repeat-penalty 1.1 --repeat-last-n 64
    --samplers "penalties;top_k;top_p;min_p;temperature" --seed 42)
  for kv in "${MODELS[@]}"; do
    local key=${kv%%=*} file=${kv#*=}
    case " ${GEN_MODELS:-mistral-q4 mistral-f16} " in *" $key "*) ;; *) continue ;; esac
    (cd "$tree" && node --import tsx bench/gpu/prompt-file.ts "$file" "$WORK/prompt-$key.txt" "$PROMPT") > "$RES/prompt-$key.json" \
      || return 1
    local runs=("app-settings:-b 512 -ub 512")
    [ "$key" = mistral-q4 ] && runs+=("lcpp-batch:-b 2048 -ub 512" "greedy:-b 512 -ub 512 --temp 0" "backend-sampling:-b 512 -ub 512 -bs")
    local r
    for r in "${runs[@]}"; do
      local id=${r%%:*} extra=${r#*:} s=("${app_sampling[@]}")
      [ "$id" = greedy ] && s=(--seed 42)
      [ -s "$RES/gen-$key-$id.err" ] && grep -q "total time" "$RES/gen-$key-$id.err" && continue
      log "llama-completion $key $id"
      # shellcheck disable=SC2086  # $extra is a list of flags
      timeout 120 "$BLD/all/llama-completion" -m "$file" -ngl 99 -fa on -ctk f16 -ctv f16 -c $(( (PROMPT + MAXTOK + 64 + 255) / 256 * 256 )) \
        -t "$(nproc)" -f "$WORK/prompt-$key.txt" -n "$MAXTOK" --ignore-eos -no-cnv --no-display-prompt "${s[@]}" $extra \
        < /dev/null > "$RES/gen-$key-$id.err" 2>&1 \
        || log "llama-completion $key $id failed: $(grep -iE 'error|fail' "$RES/gen-$key-$id.err" | tail -2)"
      grep -E "prompt eval time|eval time|sampling time|total time" "$RES/gen-$key-$id.err" >&2
    done
  done
}
# The app's batch waves: N drafts at once through the engine worker, with the engine's
# lockstep batching (worker/batching.ts) and, for comparison, node-llama-cpp's own
# (PRS_ENGINE_BATCHING=default, labels ending -nlc).
app_batch() {
  local n lab
  local m=${APP_BATCH_MODEL:-mistral-q4}
  for lab in ${APP_BATCH_LABELS:-fa1-f16}; do
    for n in ${APP_BATCH_N:-8 16 32}; do
      app_run --wave-model "$m" --only "$m/$lab-seq$n\$" --batches "$n" || return 1
    done
  done
  for n in ${APP_BATCH_NLC-16}; do
    PRS_ENGINE_BATCHING=default app_run --only "mistral-q4/fa1-f16-seq$n-nlc\$" --batches "$n" --label-suffix -nlc || return 1
  done
}
# Where TTFT and per-token time go (bench/gpu/ttft-probe.ts), on each Mistral file; on the
# Q4_K_M file also a wave of TTFT_PARALLEL papers split step by step, with llama.cpp's CPU
# threads at every core and at 4 (all layers are on the GPU; its threads only compete with
# the samplers).
ttft() {
  local kv tree; tree=$(app_tree)
  for kv in "${MODELS[@]}"; do
    local key=${kv%%=*} file=${kv#*=} par=1
    [ -n "${TTFT_ONLY:-}" ] && [ "$key" != "$TTFT_ONLY" ] && continue
    [ "$key" = mistral-q4 ] && par=${TTFT_PARALLEL:-16}
    (cd "$tree" && PARALLEL=$par node --import tsx bench/gpu/ttft-probe.ts "$file" "$GPU" "$PROMPT" 64 >> "$RES/ttft-$key.jsonl" 2>> "$RES/ttft-$key.err") \
      || { tail -5 "$RES/ttft-$key.err" >&2; return 1; }
    if [ "$par" -gt 1 ]; then
      # the wave again: with llama.cpp's CPU threads at 4, and with each TTFT_BATCHES batch size
      local b
      for b in ${TTFT_BATCHES-512T4}; do
        local threads=""; [ "$b" = 512T4 ] && { b=512; threads=4; }
        (cd "$tree" && PARALLEL=$par PARALLEL_ONLY=1 PROBE_BATCH=$b PROBE_THREADS=$threads node --import tsx bench/gpu/ttft-probe.ts "$file" "$GPU" "$PROMPT" 64 \
          2>> "$RES/ttft-$key.err" | grep parallel >> "$RES/ttft-$key.jsonl")
      done
    fi
    cut -c1-400 "$RES/ttft-$key.jsonl" >&2
  done
}
# The single-draft rows of the main table: each Mistral file, flash attention on, f16 cache,
# at the engine's batch size (unset: 2 048 where it fits) and at node-llama-cpp's 512,
# SINGLE_REPS drafts each after the warm-up (the first on a fresh context, then steady state).
app_single() {
  app_run --only "^(${SINGLE_MODELS:-mistral-q4|mistral-f16})/fa1-f16(-b512)?\$" --reps "${SINGLE_REPS:-2}"
}

# (round 4) What the holes early finishes leave in a wave's sequence ids cost, with and
# without the worker's padding (bench/engine-holes.ts): HOLES_N drafts, HOLES_K holes.
holes() {
  local tree file; tree=$(app_tree); file=${MODELS[0]#*=}
  (cd "$tree" && node --import tsx bench/engine-holes.ts --model "$file" --gpu "$GPU" --n "${HOLES_N:-32}" \
    --holes "${HOLES_K:-4}" --words "${HOLES_WORDS:-1500}" --tokens "${HOLES_TOKENS:-256}" --runs "${HOLES_RUNS:-3}" \
    >> "$RES/holes.jsonl" 2>> "$RES/holes.err") || { tail -5 "$RES/holes.err" >&2; return 1; }
  cat "$RES/holes.jsonl" >&2
}

# (round 5) Where a lone draft's per-token time goes (bench/gpu/token-loop.ts): the addon in a
# bare loop with and without sampling, node-llama-cpp's evaluate(), the worker's generate();
# on each model named in TOKEN_LOOP_MODELS.
token_loop() {
  local kv k tree; tree=$(app_tree)
  for kv in "${MODELS[@]}"; do
    local key=${kv%%=*} file=${kv#*=}
    for k in ${TOKEN_LOOP_MODELS:-mistral-q4}; do
      [ "$k" = "$key" ] || continue
      (cd "$tree" && REPS=${TOKEN_LOOP_REPS:-3} node --import tsx bench/gpu/token-loop.ts "$file" "$GPU" "$PROMPT" "${TOKEN_LOOP_TOKENS:-512}" \
        >> "$RES/token-loop.jsonl" 2>> "$RES/token-loop.err") || { tail -5 "$RES/token-loop.err" >&2; return 1; }
    done
  done
  cat "$RES/token-loop.jsonl" >&2
}

# (issue 20) Drafting through llama-server, the OpenAI-compatible serving engine, the way the app
# pre-drafts with a served model (bench/server.ts: batch pre-drafting over the server backend,
# src/core/engine/openai/): for each N in SERVER_N, a server with N slots (-np N, continuous
# batching) and N distinct papers, each ~PROMPT tokens + MAXTOK generated. KV type: SERVER_KV (f16), or q8_0 where
# N slots of f16 cache would not fit the card (SERVER_KV_BIG for N > SERVER_F16_MAX_N).
# SERVER_EXTRA: more llama-server flags (e.g. -bs, its GPU-side sampling).
# A dry run takes the CPU binary `npm run build:llama-server` printed: LLAMA_SERVER_BIN=<path>.
server_bench() {
  local tree; tree=$(app_tree)
  local key=${SERVER_MODEL:-mistral-f16} file="" kv n
  for kv in "${MODELS[@]}"; do [ "${kv%%=*}" = "$key" ] && file=${kv#*=}; done
  [ -n "$file" ] || { log "no model $key"; return 1; }
  # bench/server.ts asks for a context of PROMPT + MAXTOK + 512 per paper
  local slot=$(( (PROMPT + MAXTOK + 512 + 255) / 256 * 256 )) port=18$((RANDOM % 900 + 100))
  for n in ${SERVER_N:-1 32 64}; do
    kv=${SERVER_KV:-f16}; [ "$n" -gt "${SERVER_F16_MAX_N:-32}" ] && kv=${SERVER_KV_BIG:-q8_0}
    local label=$key-$kv-np$n${SERVER_LABEL_SUFFIX:-}
    grep -q "\"label\":\"$label\"" "$RES/server.jsonl" 2> /dev/null && continue
    fits $(( 60 + n * 4 )) || { log "skip server N=$n (time): run again"; return 1; }
    log "llama-server $key N=$n kv=$kv"
    local bias=()
    mapfile -t bias < <(cd "$tree" && node --import tsx bench/gpu/logit-bias-args.ts "$file")
    "${LLAMA_SERVER_BIN:-$BLD/all/llama-server}" -m "$file" -ngl 99 -fa on -ctk "$kv" -ctv "$kv" -c $(( n * slot )) -np "$n" \
      -b 2048 -ub "${SERVER_UB:-512}" --cache-ram 0 --no-webui --alias bench --host 127.0.0.1 --port "$port" -t "$(nproc)" "${bias[@]}" ${SERVER_EXTRA:-} \
      > "$RES/server-$n.log" 2>&1 &
    local pid=$!
    local up=0 i
    for i in $(seq 1 240); do
      python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "http://127.0.0.1:$port/health" \
        > /dev/null 2>&1 && { up=1; break; }
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.5
    done
    if [ $up = 1 ]; then
      local rep
      for rep in $(seq 1 "$([ "$n" = 1 ] && echo 3 || echo 1)"); do
        (cd "$tree" && node --import tsx bench/server.ts --url "http://127.0.0.1:$port" --model bench --papers "$n" \
          --prompt-tokens "$PROMPT" --max-tokens "$MAXTOK" --seed "$rep" 2>> "$RES/server.err" \
          | sed "s/^{/{\"label\":\"$label\",\"kv\":\"$kv\",\"rep\":$rep,/" >> "$RES/server.jsonl") || tail -5 "$RES/server.err" >&2
      done
    else
      log "llama-server did not come up: $(tail -5 "$RES/server-$n.log")"
    fi
    kill "$pid" 2> /dev/null; wait "$pid" 2> /dev/null
  done
  cat "$RES/server.jsonl" >&2
}

# ---------------------------------------------------------------- stages
stage() {
  local name=$1 est=$2
  if done_ "$name"; then log "$name: done earlier"; return 0; fi
  if ! fits "$est"; then log "$name: skipped, needs ~${est}s, $(left)s left: run again on the warm machine"; return 1; fi
  log "$name"
  if "$name"; then mark "$name"; return 0; fi
  log "$name FAILED"; return 1
}

probe
setup_node
CUDA_CMAKE_EXTRA=()
[ "$DRY" = 1 ] || cuda_env
log "cuda cmake extras: ${CUDA_CMAKE_EXTRA[*]:-none}; LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
ok=1
stage build 420 || ok=0
[ $ok = 1 ] && { install_build || ok=0; }
[ $ok = 1 ] && { stage make_models 150 || ok=0; }
# STAGES picks what runs after the build and the models (default: everything, rounds 1 and 2).
for st in ${STAGES:-bandwidth llama_bench app ceiling app_batch ttft}; do
  [ $ok = 1 ] || break
  case $st in
    bandwidth) stage bandwidth 30 || true ;;
    llama_bench) stage llama_bench 30 || true ;;
    app) stage app 40 || true ;;  # resumes case by case (app.jsonl); done when every case ran
    ceiling) stage ceiling "${CEILING_EST:-150}" || true ;;
    app_batch) stage app_batch 120 || true ;;
    app_single) stage app_single 60 || true ;;
    llama_gen) stage llama_gen 70 || true ;;
    ttft) stage ttft 60 || true ;;
    holes) stage holes 90 || true ;;
    token_loop) stage token_loop 90 || true ;;
    server_bench) stage server_bench 120 || true ;;
    *) log "unknown stage $st" ;;
  esac
done

# $OUT gets three files (the device tool returns at most eight): table.md, results.json, logs.tar.gz
MAXTOK=$MAXTOK python3 "$REPO/bench/gpu/summarize.py" "$RES" "$OUT" || log "summary failed"
log "finished; $(left)s of the call's budget left"
