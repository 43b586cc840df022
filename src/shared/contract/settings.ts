import { z } from 'zod';
import { method } from './define';

export const Theme = z.enum(['system', 'light', 'dark']);
export const Language = z.enum(['en', 'zh-CN']);

/** User settings; every key has a default so a fresh library works without asking. */
export const Settings = z.object({
  language: Language.nullable().default(null), // null: follow the OS locale
  theme: Theme.default('system'),
  annotator: z.string().max(200).default(''),
  defaultTemplate: z.string().default('four-part@1'),
  defaultModelId: z.string().nullable().default(null),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z
  .object({
    language: Language.nullable(),
    theme: Theme,
    annotator: z.string().trim().max(200),
    defaultTemplate: z.string().min(1),
    defaultModelId: z.string().nullable(),
  })
  .partial()
  .strict();

export const settingsMethods = {
  getSettings: method('Read all settings with defaults filled in.', z.object({}).strict(), Settings),
  updateSettings: method('Change some settings; returns them all.', SettingsPatch, Settings),
};
