import type { ServerResponse } from 'node:http';
import type { Services } from '../core/services';

/** GET routes beyond the static renderer (paper PDFs for the reader are added here). */
export function extraRoutes(_services: Services): Array<(path: string, res: ServerResponse) => boolean> {
  return [];
}
