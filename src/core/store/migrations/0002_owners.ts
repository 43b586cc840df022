import type { Migration } from '../migration';

/**
 * Two processes on one library (issue 18). `processes` lists every process that has the
 * library open (pid, host, a random instance id); at most one of them is the writer (the
 * partial unique index makes taking that role atomic). Running drafts and claimed jobs name
 * their owner, so recovery touches only the work of a process that is gone. `reviews.revision`
 * counts content saves, for optimistic versioning (a save names the revision it started from).
 */
export const owners: Migration = {
  version: 2,
  name: 'owners',
  up: `
    CREATE TABLE processes (
      instance_id TEXT PRIMARY KEY,        -- random per open of the library
      pid INTEGER NOT NULL,
      hostname TEXT NOT NULL,
      kind TEXT NOT NULL,                  -- electron | web | cli
      started_at TEXT NOT NULL,            -- when the process itself started (pid reuse check)
      writer INTEGER NOT NULL DEFAULT 0 CHECK (writer IN (0, 1))
    );
    CREATE UNIQUE INDEX processes_one_writer ON processes(writer) WHERE writer = 1;

    ALTER TABLE drafts ADD COLUMN owner_id TEXT;      -- the process drafting it while 'running'
    ALTER TABLE draft_jobs ADD COLUMN owner_id TEXT;  -- the process that claimed it while 'running'
    CREATE INDEX drafts_running ON drafts(end_reason) WHERE end_reason = 'running';

    ALTER TABLE reviews ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
  `,
};
