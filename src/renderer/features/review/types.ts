import type { ReviewTemplate } from '../../../shared/templates';

export type TemplateSection = ReviewTemplate['sections'][number];
export type TemplateScore = ReviewTemplate['scores'][number];
