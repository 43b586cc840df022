/**
 * Resident memory of another process, for the extraction pool's memory limit. The V8 heap
 * limit (--max-old-space-size) does not cover ArrayBuffers, which is where a flate bomb's
 * inflated bytes live, so the parent watches the child's resident set and kills it.
 * Linux reads /proc; elsewhere this returns null and the heap and time limits remain.
 */
import { readFileSync } from 'node:fs';

export function residentMb(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null; // the process is gone (or /proc is not mounted)
  }
}
