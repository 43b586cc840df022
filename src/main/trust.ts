import { pathToFileURL } from 'node:url';

/**
 * Which page may call the API: in a built app, exactly the renderer's index.html (any
 * query or hash); under `electron-vite dev`, the dev server's origin. Pure, so it is tested
 * without Electron (src/main/trust.test.ts).
 */
export function trustedUrlMatcher(indexFile: string, devUrl?: string): (url: string) => boolean {
  if (devUrl) {
    const origin = new URL(devUrl).origin;
    // The origin followed by a path, never by more host ("http://localhost:5173.evil").
    return (url) => url === origin || url.startsWith(origin + '/');
  }
  const page = pathToFileURL(indexFile).href;
  return (url) => url.split(/[?#]/)[0] === page;
}

/** The parts of an IPC event that decide whether a call comes from our window's top frame. */
export interface CallerFacts {
  senderIsAppWindow: boolean;
  frameIsTopFrame: boolean;
  frameUrl: string | undefined;
}

export function callerIsTrusted(facts: CallerFacts, isTrustedUrl: (url: string) => boolean): boolean {
  return (
    facts.senderIsAppWindow &&
    facts.frameIsTopFrame &&
    facts.frameUrl !== undefined &&
    isTrustedUrl(facts.frameUrl)
  );
}
