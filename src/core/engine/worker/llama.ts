import { stat } from 'node:fs/promises';
import os from 'node:os';
import {
  GgufInsights,
  LlamaLogLevel,
  getLlama,
  readGgufFileInfo,
  type GgufFileInfo,
  type Llama,
} from 'node-llama-cpp';
import type { GpuChoice, HardwareInfo, MemoryEstimate } from '../../../shared/contract/engine';
import type { LoadSpec, Parallelism } from '../protocol';
import { budgetContext, classifyEstimate, gpuVramNeeded, resolveBatchSize } from '../estimate';
import { GIB, maxSequences, shapeFromGguf } from '../vram-budget';
import type { Held } from './loaded-types';

type Log = (level: string, message: string) => void;

interface Runtime {
  key: string;
  llama: Llama;
  requested: GpuChoice;
  threads: number;
  fallbackReason: string | null;
}

const GPU: Record<GpuChoice, 'auto' | 'cuda' | 'vulkan' | 'metal' | false> = {
  auto: 'auto',
  cuda: 'cuda',
  vulkan: 'vulkan',
  metal: 'metal',
  cpu: false,
};

let current: Runtime | undefined;
let pending: Promise<Runtime> | undefined;

async function create(gpu: GpuChoice, threads: number, log: Log): Promise<Runtime> {
  const base = {
    // Never compile llama.cpp at run time: a failed binary self-test would otherwise start a
    // silent ~17-minute build. maxThreads is explicit because the default (4) is far too
    // many on a 2-core laptop.
    build: 'never' as const,
    skipDownload: true,
    progressLogs: false,
    maxThreads: threads,
    logLevel: LlamaLogLevel.warn,
    logger: (level: LlamaLogLevel, message: string) => log(level, message.trim()),
  };
  try {
    const llama = await getLlama({ ...base, gpu: GPU[gpu] });
    return { key: `${gpu}:${threads}`, llama, requested: gpu, threads, fallbackReason: null };
  } catch (e) {
    if (gpu === 'cpu') throw e;
    const reason = `The ${gpu} backend failed to start (${(e as Error).message.split('\n')[0]}); using the CPU.`;
    log('warn', reason);
    const llama = await getLlama({ ...base, gpu: false });
    return { key: `${gpu}:${threads}`, llama, requested: gpu, threads, fallbackReason: reason };
  }
}

/**
 * The one Llama instance of this process, for a GPU choice and thread count. Asking for
 * another choice disposes the old instance; callers unload models first.
 */
export async function runtime(gpu: GpuChoice, threads: number, log: Log): Promise<Runtime> {
  const key = `${gpu}:${threads}`;
  if (pending) await pending.catch(() => undefined);
  if (current?.key === key) return current;
  const old = current;
  current = undefined;
  if (old) await old.llama.dispose();
  pending = create(gpu, threads, log);
  try {
    current = await pending;
    return current;
  } finally {
    pending = undefined;
  }
}

export function backendName(llama: Llama): string {
  return llama.gpu === false ? 'cpu' : llama.gpu;
}

export async function hardwareInfo(rt: Runtime): Promise<HardwareInfo> {
  const { llama } = rt;
  const vram = await llama.getVramState();
  const ram = await llama.getRamState();
  const devices = await llama.getGpuDeviceNames();
  return {
    backend: backendName(llama),
    requested: rt.requested,
    fallbackReason: rt.fallbackReason,
    devices,
    vramTotal: vram.total,
    vramFree: vram.free,
    ramTotal: ram.total,
    ramFree: ram.free,
    cpuThreads: os.availableParallelism(),
    threads: rt.threads,
    llamaCppRelease: `${llama.llamaCppRelease.repo}@${llama.llamaCppRelease.release}`,
    systemInfo: llama.systemInfo,
  };
}

const KV = { f16: 'F16', q8_0: 'Q8_0', q4_0: 'Q4_0' } as const;
export const kvType = (t: LoadSpec['kvCacheType']) => KV[t];

/** Resolves "auto"/"max"/n GPU layers the way the load will, without loading anything. */
export async function resolveGpuLayers(
  llama: Llama,
  insights: GgufInsights,
  spec: LoadSpec,
): Promise<number> {
  if (!llama.supportsGpuOffloading || llama.gpu === false) return 0;
  const total = insights.totalLayers;
  if (spec.gpuLayers === 'max') return total;
  if (typeof spec.gpuLayers === 'number') return Math.min(spec.gpuLayers, total);
  const resolved = await insights.configurationResolver.resolveAndScoreConfig({
    targetContextSize: spec.contextSize,
    flashAttention: spec.flashAttention,
  });
  return resolved.resolvedValues.gpuLayers;
}

/** A model file as the estimates read it: its GGUF header, what llama.cpp makes of it, its size. */
interface ModelFile {
  path: string;
  info: GgufFileInfo;
  insights: GgufInsights;
  size: number;
}

async function readModelFile(llama: Llama, path: string): Promise<ModelFile> {
  const info = await readGgufFileInfo(path, { logWarnings: false });
  return { path, info, insights: await GgufInsights.from(info, llama), size: (await stat(path)).size };
}

/**
 * GPU layers a load of `spec` gets. The held model's own count when `spec` loads the same
 * file the same way: "auto" resolved now would see its VRAM as taken and pick fewer.
 */
async function gpuLayersOf(
  llama: Llama,
  file: ModelFile,
  spec: LoadSpec,
  held: Held | undefined,
): Promise<number> {
  if (held && held.spec.modelPath === spec.modelPath && held.spec.gpuLayers === spec.gpuLayers)
    return held.gpuLayers;
  return resolveGpuLayers(llama, file.insights, spec);
}

/**
 * VRAM the held context takes, by the same budget as a new load (0 when nothing is on the
 * GPU). It counts as free for whatever comes next: a spec the held context serves reuses
 * it, and any other load disposes it first (loaded.ts).
 */
async function heldVram(llama: Llama, held: Held | undefined, file: ModelFile): Promise<number> {
  if (!held || held.gpuLayers === 0 || backendName(llama) === 'cpu') return 0;
  const h = held.spec.modelPath === file.path ? file : await readModelFile(llama, held.spec.modelPath);
  return gpuVramNeeded(h.info, h.size, held.spec, held.gpuLayers, h.insights.flashAttentionSupported);
}

/**
 * The batch size a context of `spec` gets (estimate.ts resolveBatchSize), judged against
 * the VRAM free now, the held context's counted as free (heldVram).
 */
async function batchSizeOf(
  llama: Llama,
  file: ModelFile,
  spec: LoadSpec,
  gpuLayers: number,
  held: Held | undefined,
): Promise<number | null> {
  if (spec.batchSize !== null || backendName(llama) === 'cpu' || gpuLayers === 0) return spec.batchSize;
  const vram = await llama.getVramState();
  return resolveBatchSize(spec, {
    shape: shapeFromGguf(file.info, file.size),
    gpuLayers,
    vramFree: vram.free + (await heldVram(llama, held, file)),
    vramTotal: vram.total,
    flashAttentionSupported: file.insights.flashAttentionSupported,
  });
}

/** The batch size a load of `spec` gets, with nothing held (loaded.ts, after disposing). */
export async function loadBatchSize(rt: Runtime, spec: LoadSpec): Promise<number | null> {
  // The CPU backend keeps the default: no need to read the GGUF header for it.
  if (spec.batchSize !== null || backendName(rt.llama) === 'cpu') return spec.batchSize;
  const file = await readModelFile(rt.llama, spec.modelPath);
  return batchSizeOf(rt.llama, file, spec, await resolveGpuLayers(rt.llama, file.insights, spec), undefined);
}

/**
 * Memory the model plus a context of this spec would need, against what is free now (the
 * held context's VRAM counted as free, see heldVram), at the batch size the load would
 * pick. On a GPU backend the VRAM side is vram-budget.ts's formula, judged against the
 * card's size (verdict()); RAM (and everything on the CPU backend) stays node-llama-cpp's
 * estimate.
 */
export async function estimate(
  rt: Runtime,
  asked: LoadSpec,
  held: Held | undefined,
): Promise<MemoryEstimate> {
  const { llama } = rt;
  const file = await readModelFile(llama, asked.modelPath);
  const { info, insights } = file;
  const gpuLayers = await gpuLayersOf(llama, file, asked, held);
  const spec = { ...asked, batchSize: await batchSizeOf(llama, file, asked, gpuLayers, held) };
  const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
  const context = await insights.estimateContextResourceRequirementsV2({
    contextSize: spec.contextSize,
    modelGpuLayers: gpuLayers,
    sequences: spec.sequences,
    flashAttention: spec.flashAttention,
    ...(spec.batchSize ? { batchSize: spec.batchSize } : {}),
  });
  const vram = await llama.getVramState();
  const ram = await llama.getRamState();
  const backend = backendName(llama);
  const onGpu = backend !== 'cpu' && gpuLayers > 0;
  const vramNeeded = onGpu
    ? gpuVramNeeded(info, file.size, spec, gpuLayers, insights.flashAttentionSupported)
    : model.gpuVram + context.gpuVram;
  return classifyEstimate({
    contextSize: spec.contextSize,
    gpuLayers,
    backend,
    ramNeeded: model.cpuRam + context.cpuRam,
    ramFree: ram.free,
    vramNeeded,
    vramFree: vram.free + (await heldVram(llama, held, file)),
    ...(onGpu ? { vramTotal: vram.total } : {}),
  });
}

/**
 * How many drafts of `spec` (its `sequences` ignored) run side by side, at most `max`: on a
 * GPU the most parallel sequences whose whole budget (vram-budget.ts maxSequences) still
 * fits the free VRAM, the held context's counted as free (heldVram). An unset batch size is
 * budgeted at 512: more sequences gain more than bigger batches (32 against 16: +6.7 %;
 * 2 048 against 512: +3.3 %, round 3), and the load takes 2 048 only if it still fits. The
 * held context is not simply kept: a batch of more papers than it has sequences may fit
 * more. One on the CPU backend or with no layer on the GPU: there the weights are not the
 * bottleneck that parallel sequences share.
 */
export async function parallelism(
  rt: Runtime,
  spec: LoadSpec,
  max: number,
  held: Held | undefined,
): Promise<Parallelism> {
  const { llama } = rt;
  if (backendName(llama) === 'cpu')
    return { sequences: 1, reason: 'The CPU backend drafts one paper at a time.' };
  const one = { ...spec, sequences: 1 };
  const file = await readModelFile(llama, spec.modelPath);
  if ((await gpuLayersOf(llama, file, one, held)) === 0) {
    return { sequences: 1, reason: 'No layer of the model is on the GPU: one paper at a time.' };
  }
  const vram = await llama.getVramState();
  const free = vram.free + (await heldVram(llama, held, file));
  const { sequences: _, ...choice } = budgetContext(one, file.insights.flashAttentionSupported);
  const n = maxSequences(shapeFromGguf(file.info, file.size), choice, free, vram.total, max);
  const gib = (b: number) => `${(b / GIB).toFixed(1)} GiB`;
  return {
    sequences: n,
    reason: `${n} parallel ${spec.contextSize}-token sequences (at most ${max}) by the VRAM budget, with ${gib(free)} free of ${gib(vram.total)}.`,
  };
}
