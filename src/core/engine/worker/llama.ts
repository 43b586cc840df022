import { stat } from 'node:fs/promises';
import os from 'node:os';
import { GgufInsights, LlamaLogLevel, getLlama, readGgufFileInfo, type Llama } from 'node-llama-cpp';
import type { GpuChoice, HardwareInfo, MemoryEstimate } from '../../../shared/contract/engine';
import type { LoadSpec } from '../protocol';
import { classifyEstimate, gpuVramNeeded } from '../estimate';

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
export async function resolveGpuLayers(llama: Llama, insights: GgufInsights, spec: LoadSpec): Promise<number> {
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

/**
 * Memory the model plus a context of this spec would need, against what is free now. On a
 * GPU backend the VRAM side is vram-budget.ts's formula, judged against the card's size
 * (verdict()); RAM (and everything on the CPU backend) stays node-llama-cpp's estimate.
 */
export async function estimate(rt: Runtime, spec: LoadSpec): Promise<MemoryEstimate> {
  const { llama } = rt;
  const info = await readGgufFileInfo(spec.modelPath, { logWarnings: false });
  const insights = await GgufInsights.from(info, llama);
  const gpuLayers = await resolveGpuLayers(llama, insights, spec);
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
    ? gpuVramNeeded(info, (await stat(spec.modelPath)).size, spec, gpuLayers, insights.flashAttentionSupported)
    : model.gpuVram + context.gpuVram;
  return classifyEstimate({
    contextSize: spec.contextSize,
    gpuLayers,
    backend,
    ramNeeded: model.cpuRam + context.cpuRam,
    ramFree: ram.free,
    vramNeeded,
    vramFree: vram.free,
    ...(onGpu ? { vramTotal: vram.total } : {}),
  });
}
