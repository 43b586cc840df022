import { describe, expect, it } from 'vitest';
import { paperIdFromRequest } from './paper-request';

const sha = 'ab'.repeat(32);

describe('paperIdFromRequest', () => {
  it('answers GET paper://papers/<sha256>.pdf with the sha256', () => {
    expect(paperIdFromRequest(`paper://papers/${sha}.pdf`, 'GET')).toBe(sha);
  });

  it('sees the path as the browser does: dot segments are resolved before the match', () => {
    expect(paperIdFromRequest(`paper://papers/x/../${sha}.pdf`, 'GET')).toBe(sha);
  });

  it.each([
    ['another method', `paper://papers/${sha}.pdf`, 'POST'],
    ['another host', `paper://files/${sha}.pdf`, 'GET'],
    ['a short id', 'paper://papers/abcd.pdf', 'GET'],
    ['upper-case hex', `paper://papers/${sha.toUpperCase()}.pdf`, 'GET'],
    ['an encoded climb', 'paper://papers/..%2F..%2Fetc%2Fpasswd', 'GET'],
    ['an encoded slash', `paper://papers/%2F${sha}.pdf`, 'GET'],
    ['more segments', `paper://papers/x/${sha}.pdf`, 'GET'],
    ['another extension', `paper://papers/${sha}.txt`, 'GET'],
    ['no URL at all', 'not a url', 'GET'],
  ])('refuses %s', (_why, url, method) => {
    expect(paperIdFromRequest(url, method)).toBeNull();
  });
});
