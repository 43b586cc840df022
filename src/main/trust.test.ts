import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { callerIsTrusted, trustedUrlMatcher } from './trust';

describe('trustedUrlMatcher', () => {
  const index = join('/opt', 'Paper Review Studio', 'out', 'renderer', 'index.html');
  const page = pathToFileURL(index).href;

  it('trusts the built renderer page with any query or hash, and nothing else on file://', () => {
    const trusted = trustedUrlMatcher(index);
    expect(trusted(page)).toBe(true);
    expect(trusted(`${page}?paper=abc#review`)).toBe(true);
    expect(trusted(pathToFileURL('/tmp/evil/index.html').href)).toBe(false);
    expect(trusted(`${page}.evil.html`)).toBe(false);
    expect(trusted('https://example.org/')).toBe(false);
  });

  it("trusts the dev server's origin only, not a host that merely starts with it", () => {
    const trusted = trustedUrlMatcher(index, 'http://localhost:5173/');
    expect(trusted('http://localhost:5173/')).toBe(true);
    expect(trusted('http://localhost:5173/#/review/1')).toBe(true);
    expect(trusted('http://localhost:5173.evil.example/')).toBe(false);
    expect(trusted('http://localhost:51730/')).toBe(false);
    expect(trusted(page)).toBe(false);
  });
});

describe('callerIsTrusted', () => {
  const trusted = (url: string) => url === 'file:///app/index.html';
  const good = { senderIsAppWindow: true, frameIsTopFrame: true, frameUrl: 'file:///app/index.html' };

  it('accepts only the top frame of the app window on the trusted page', () => {
    expect(callerIsTrusted(good, trusted)).toBe(true);
    expect(callerIsTrusted({ ...good, senderIsAppWindow: false }, trusted)).toBe(false);
    expect(callerIsTrusted({ ...good, frameIsTopFrame: false }, trusted)).toBe(false);
    expect(callerIsTrusted({ ...good, frameUrl: undefined }, trusted)).toBe(false);
    expect(callerIsTrusted({ ...good, frameUrl: 'https://example.org/' }, trusted)).toBe(false);
  });
});
