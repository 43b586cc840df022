import type { Services } from '../core/services';
import { paperPdfRoute, type HostRoute } from './pdf-route';

/** GET routes beyond the static renderer, tried in order after the token check. */
export function extraRoutes(services: Services): HostRoute[] {
  return [paperPdfRoute(services)];
}
