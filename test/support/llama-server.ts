import { readGgufFileInfo } from 'node-llama-cpp';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './temp';

/**
 * A real llama.cpp `llama-server` for the served-model backend's tests, built from the
 * llama.cpp source node-llama-cpp ships (`npm run build:llama-server`), on loopback.
 */

/** The binary the build script produced, asking the script's own cache lookup; null when not built. */
export function llamaServerBinary(): string | null {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build-llama-server.mjs'), '--lookup'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return null;
  return r.stdout.trim().split('\n').at(-1) ?? null;
}

/** PRS_SKIP_LLAMA_SERVER=1 skips these tests; otherwise a missing binary fails them, saying how to build it. */
export const SKIP_LLAMA_SERVER = process.env.PRS_SKIP_LLAMA_SERVER === '1';

export function requireLlamaServerBinary(): string {
  const bin = llamaServerBinary();
  if (!bin)
    throw new Error(
      'llama-server is not built: run `npm run build:llama-server` first (or set PRS_SKIP_LLAMA_SERVER=1 to skip these tests).',
    );
  return bin;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  model: string;
  alias: string;
  port?: number;
  /** Slots (-np): requests decoded side by side. */
  parallel?: number;
  /** Total context (-c), shared by the slots. */
  context?: number;
  apiKey?: string;
  threads?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  proc: ChildProcess;
  /** The server's log so far (for a failing test's message). */
  log(): string;
  /** SIGKILL, as a crash or an OOM kill would; resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 3 s. */
  stop(): Promise<void>;
}

/** Starts llama-server and resolves once /health says the model is loaded (at most `timeoutMs`). */
export async function startLlamaServer(
  bin: string,
  o: ServerOptions,
  timeoutMs = 60_000,
): Promise<RunningServer> {
  const port = o.port ?? (await freePort());
  const args = ['-m', o.model, '--alias', o.alias, '--host', '127.0.0.1', '--port', String(port)];
  args.push('-t', String(o.threads ?? 2), '-c', String(o.context ?? 4096), '-np', String(o.parallel ?? 1));
  if (o.apiKey) args.push('--api-key', o.apiKey);
  for (const id of await highByteTokens(o.model)) args.push('--logit-bias', `${id}-inf`);
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-20_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(`llama-server exited at start:\n${log}`);
    const ok = await fetch(`${url}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`llama-server did not become healthy within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;
  return {
    url,
    port,
    proc,
    log: () => log,
    async kill() {
      if (!gone()) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone()) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

/**
 * The ids of a vocabulary's raw-byte tokens 0x80–0xFF. Why they are banned: a random-weight
 * test model picks them in any order, so its stream holds bytes that are not UTF-8 at all (a
 * lone continuation byte), which no trained model emits; this llama-server's streaming
 * chat-message parser rejects such text ("does not match the expected Content-only
 * format") where node-llama-cpp passes it on. Banned by the server's default logit bias, the
 * requests stay exactly what the app sends.
 */
export async function highByteTokens(model: string): Promise<number[]> {
  const info = await readGgufFileInfo(model, { readTensorInfo: false });
  const tokens =
    (info.metadata as { tokenizer?: { ggml?: { tokens?: readonly string[] } } }).tokenizer?.ggml?.tokens ??
    [];
  const ids: number[] = [];
  tokens.forEach((t, i) => {
    if (/^<0x[89A-F][0-9A-F]>$/.test(t)) ids.push(i);
  });
  return ids;
}
