// Loaded into a host process (NODE_OPTIONS=--import) by test/faults/host-keepalive.test.ts:
// on SIGUSR2 the event loop is kept busy for PRS_STALL_MS, as a long synchronous query on a
// loaded machine keeps it, so a test can stall the host at a chosen moment.
process.on('SIGUSR2', () => {
  const end = Date.now() + Number(process.env.PRS_STALL_MS ?? 5_000);
  while (Date.now() < end) {
    // Busy on purpose: timers fall due while nothing is read.
  }
});
