import { z } from 'zod';
import { method } from './define';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  schemaVersion: z.number().int(),
  dataDir: z.string(),
  host: z.enum(['electron', 'web']),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const LibraryStats = z.object({
  papers: z.number().int(),
  papersByStatus: z.record(z.string(), z.number().int()),
  drafts: z.number().int(),
  reviews: z.number().int(),
  reviewsByStatus: z.record(z.string(), z.number().int()),
  models: z.number().int(),
  exports: z.number().int(),
});
export type LibraryStats = z.infer<typeof LibraryStats>;

export const FileChoice = z
  .object({
    purpose: z.enum(['pdfs', 'gguf']),
    multiple: z.boolean().default(false),
    directories: z.boolean().default(false),
  })
  .strict();

export const systemMethods = {
  chooseFiles: method(
    'Native file dialog (desktop app only; a browser has no paths, so the web host answers unsupported).',
    FileChoice,
    z.object({ paths: z.array(z.string()) }),
  ),
  getAppInfo: method('Name, version, schema and data directory.', z.object({}).strict(), AppInfo),
  getStats: method('Counts of papers, drafts, reviews by status.', z.object({}).strict(), LibraryStats),
};
