import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { REPO_ROOT, tempDir } from '../support/temp';
import { sleep } from '../support/kill-harness';

/**
 * The load bench's ECONNRESETs (bench/results/host-load-2026-12-06.md), reproduced: a client
 * reuses an idle keep-alive connection well inside the 5 s the host advertises, but the host's
 * event loop is busy (here a busy-wait of STALL_MS, see stall-preload.mjs; under load a slow
 * search on a saturated machine) until after its keep-alive timer is due. When the handler
 * returns, the loop runs due timers before it reads sockets again, so a host that closed idle
 * sockets at the advertised time destroyed this one with the request unread in it, and the
 * kernel answered the client with a reset. The host now keeps idle sockets a minute longer
 * than it advertises, so the request is read and answered, late but whole.
 */
describe('keep-alive under a stalled host', () => {
  const dir = tempDir('prs-faults-keepalive-');
  let host: HostProcess;
  /** From 0.5 s after an answer to 6 s: past the advertised 5 s. */
  const STALL_MS = 5_500;

  beforeAll(async () => {
    host = await startHostProcess(dir.path, {
      NODE_OPTIONS: `--import ${join(REPO_ROOT, 'test/support/stall-preload.mjs')}`,
      PRS_STALL_MS: String(STALL_MS),
    });
  });
  afterAll(async () => {
    await host.stop();
    dir.remove();
  });

  const settings = async () => {
    const token = new URL(host.url).searchParams.get('token') ?? '';
    try {
      const res = await fetch(`${host.origin}/api/getSettings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-prs-token': token },
        body: '{}',
      });
      return { keepAlive: res.headers.get('keep-alive'), body: (await res.json()) as { ok: boolean } };
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      return { error: cause?.code ?? String(e) };
    }
  };

  it('answers a request sent on an idle connection while the host was stalled past its keep-alive time', async () => {
    const first = await settings();
    expect(first).toMatchObject({ keepAlive: 'timeout=5', body: { ok: true } });
    await sleep(500);
    host.child.kill('SIGUSR2');
    // 1.5 s after the answer: well inside the hint (undici keeps an idle socket for the hint
    // less 2 s), so fetch sends on the idle socket while the host is busy.
    await sleep(1_000);
    expect(await settings()).toMatchObject({ keepAlive: 'timeout=5', body: { ok: true } });
  });
});
