/** Reports the load's progress (0 at the start of a held load). */
type LoadProgress = (stage: 'load', progress: number) => void;

/**
 * Where a test injects a fault into the engine worker. The app passes none: the worker's
 * entry asks faultsFromEnv, which returns undefined unless a test set a PRS_ENGINE_TEST_*
 * variable in the environment the worker is forked with (the only channel into a worker
 * that the web host starts), so the shipped load path holds only an optional call.
 */
export interface EngineFaults {
  /** Before llama.cpp starts loading a model; a cancel (the signal) may cut it short. */
  beforeLoad?(onProgress: LoadProgress, signal: AbortSignal): Promise<void>;
}

/**
 * PRS_ENGINE_TEST_LOAD_DELAY_MS holds every load that long (cut short by a cancel), because
 * the tiny test models load in milliseconds and a test could never cancel one in time.
 */
export function faultsFromEnv(env: NodeJS.ProcessEnv): EngineFaults | undefined {
  const ms = Number(env.PRS_ENGINE_TEST_LOAD_DELAY_MS ?? 0);
  if (!(ms > 0)) return undefined;
  return { beforeLoad: (onProgress, signal) => holdLoad(ms, onProgress, signal) };
}

async function holdLoad(ms: number, onProgress: LoadProgress, signal: AbortSignal): Promise<void> {
  onProgress('load', 0);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
