/**
 * A CPU-only llama for reading a GGUF's vocabulary without its weights (fast, little
 * memory, quiet). node-llama-cpp is imported only here and only when called, so a caller
 * that never opens a model never loads the native addon.
 */
export async function vocabLlama() {
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  return getLlama({
    build: 'never',
    skipDownload: true,
    gpu: false,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
  });
}
