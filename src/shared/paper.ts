import { z } from 'zod';

/** Where a section sits in the paper; the fitting step drops references, then appendices. */
export const SectionKind = z.enum(['abstract', 'body', 'references', 'appendix']);
export type SectionKind = z.infer<typeof SectionKind>;

export const PaperSection = z.object({
  heading: z.string(),
  kind: SectionKind,
  text: z.string(),
  /** First and last page (1-based) the section spans; [0, 0] for text-only papers. */
  pages: z.tuple([z.number().int(), z.number().int()]),
});
export type PaperSection = z.infer<typeof PaperSection>;

export const TextWarningCode = z.enum([
  'no_text_layer',
  'encrypted',
  'hidden_text',
  'partial_text',
  'very_large',
  'no_pdf',
]);
export type TextWarningCode = z.infer<typeof TextWarningCode>;

/** A passage a human reader cannot see but a model would read (a likely prompt injection). */
export const HiddenPassage = z.object({
  page: z.number().int(),
  text: z.string(),
  reason: z.enum(['invisible_render_mode', 'near_background_colour', 'tiny_font', 'off_page']),
});
export type HiddenPassage = z.infer<typeof HiddenPassage>;

export const TextWarning = z.object({
  code: TextWarningCode,
  message: z.string(),
  passages: z.array(HiddenPassage).optional(),
});
export type TextWarning = z.infer<typeof TextWarning>;

/** The text the model will read, as stored in paper_texts. */
export const PaperText = z.object({
  extractorVersion: z.string(),
  sections: z.array(PaperSection),
  captions: z.array(z.string()),
  /** Footnotes, kept out of section text like captions (absent in texts extracted before). */
  footnotes: z.array(z.string()).optional(),
  warnings: z.array(TextWarning),
});
export type PaperText = z.infer<typeof PaperText>;

export const PaperStatus = z.enum(['new', 'drafted', 'in_progress', 'approved', 'skipped', 'rejected']);
export type PaperStatus = z.infer<typeof PaperStatus>;
