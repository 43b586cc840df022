import { serveExportJob } from './serve-job';

/** The export worker thread's entry (bundled as export-worker.js; see core/workers.ts). */
serveExportJob();
