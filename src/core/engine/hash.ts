import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

export type HashProgress = (bytesDone: number, bytesTotal: number) => void;

/**
 * sha256 of a file, streamed (models are many GB), reporting progress at most every
 * `everyMs`. Streaming keeps the event loop free, so the UI stays responsive meanwhile.
 */
export function sha256File(
  path: string,
  onProgress?: HashProgress,
  everyMs = 250,
  signal?: AbortSignal,
): Promise<string> {
  const total = statSync(path).size;
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let done = 0;
    let last = 0;
    const stream = createReadStream(path, { highWaterMark: 4 * 1024 * 1024 });
    stream.on('data', (chunk) => {
      hash.update(chunk);
      done += chunk.length;
      const now = Date.now();
      if (onProgress && now - last >= everyMs) {
        last = now;
        onProgress(done, total);
      }
    });
    stream.on('error', reject);
    signal?.addEventListener('abort', () => stream.destroy(new Error('hashing was cancelled')), {
      once: true,
    });
    stream.on('end', () => {
      onProgress?.(done, total);
      resolve(hash.digest('hex'));
    });
  });
}
