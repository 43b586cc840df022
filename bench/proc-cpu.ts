/**
 * CPU seconds spent by this process's descendants, by kind (Chromium, web host, extraction
 * workers, CLI), read from /proc while they run: a process's time is lost from view once it
 * is reaped by a parent we do not wait on, so the tree is sampled every `everyMs` and each
 * pid's last-seen utime+stime kept. Linux only; elsewhere it reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = 100; // CLK_TCK on Linux

interface Seen {
  kind: string;
  ticks: number;
}

function stat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

function kindOf(pid: number): string {
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return 'other';
  }
  if (/chrom/i.test(cmd)) return `chromium-${/--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser'}`;
  if (cmd.includes('extract-worker')) return 'extract';
  if (cmd.includes('src/host/main')) return 'host';
  if (cmd.includes('src/cli/main')) return 'cli';
  return 'other';
}

export function sampleCpu(everyMs = 200): { stop(): Record<string, number> } {
  const seen = new Map<number, Seen>();
  const tick = () => {
    let pids: number[];
    try {
      pids = readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .map(Number);
    } catch {
      return;
    }
    const parent = new Map<number, number>();
    const ticks = new Map<number, number>();
    for (const pid of pids) {
      const s = stat(pid);
      if (!s) continue;
      parent.set(pid, s.ppid);
      ticks.set(pid, s.ticks);
    }
    for (const pid of pids) {
      let p = parent.get(pid);
      let depth = 0;
      while (p !== undefined && p !== process.pid && p > 1 && depth++ < 20) p = parent.get(p);
      if (p !== process.pid) continue;
      const prev = seen.get(pid);
      // Just forked, a process still shows its parent's command line: look again until it is known.
      const kind = prev && prev.kind !== 'other' ? prev.kind : kindOf(pid);
      seen.set(pid, { kind, ticks: ticks.get(pid) ?? 0 });
    }
  };
  const base = new Map<number, number>();
  tick();
  for (const [pid, s] of seen) base.set(pid, s.ticks);
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      tick();
      clearInterval(timer);
      const out: Record<string, number> = {};
      for (const [pid, s] of seen)
        out[s.kind] = (out[s.kind] ?? 0) + (s.ticks - (base.get(pid) ?? 0)) / TICKS;
      for (const k of Object.keys(out)) out[k] = +out[k]!.toFixed(1);
      // How many extraction processes ran (a pool that restarts them pays pdf.js's start-up each time).
      out.extractProcesses = [...seen.values()].filter((s) => s.kind === 'extract').length;
      return out;
    },
  };
}
