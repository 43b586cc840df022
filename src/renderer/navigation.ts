import { useEffect, useState } from 'react';

/** Pages in the side navigation, in order. */
export const PAGES = ['library', 'models', 'export', 'insights', 'settings'] as const;
export type Page = (typeof PAGES)[number];

/** Where the app is: a navigation page, or one paper opened from the library. */
export type Route = { page: Page } | { page: 'paper'; paperId: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const [name, arg] = parts;
  if (name === 'paper' && arg) return { page: 'paper', paperId: arg };
  return { page: (PAGES as readonly string[]).includes(name ?? '') ? (name as Page) : 'library' };
}

export function routeHref(route: Route): string {
  return route.page === 'paper' ? `#/paper/${encodeURIComponent(route.paperId)}` : `#/${route.page}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route).slice(1);
}

/** Hash-based navigation: survives reloads, works from file:// in Electron, needs no router. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
