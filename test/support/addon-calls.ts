import type { LlamaContext } from 'node-llama-cpp';

/** Called before each addon call; may return a function that gets the call's result (awaited). */
export type AddonCallListener = (method: string, args: unknown[]) => ((result: unknown) => void) | void;

/**
 * Reports every call node-llama-cpp makes into a context's native addon object (its
 * `_ctx`, an internal of node-llama-cpp 3.21.1: initBatch, addToBatch, decodeBatch,
 * sampleToken, …), for tests and benches that check what reaches llama.cpp. The addon
 * object's methods are read-only, so a recording proxy takes its place.
 */
export function onAddonCalls(context: LlamaContext, listener: AddonCallListener): void {
  const holder = context as unknown as { _ctx: Record<string | symbol, unknown> };
  holder._ctx = new Proxy(holder._ctx, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const after = listener(String(key), args);
        const result = fn.apply(target, args);
        if (!after) return result;
        if (result instanceof Promise) return result.then((r) => (after(r), r));
        after(result);
        return result;
      };
    },
  });
}
