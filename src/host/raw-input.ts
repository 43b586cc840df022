import type { IncomingMessage } from 'node:http';
import { RAW_INPUT_HEADER } from '../shared/contract/library';
import { BodyError, checkJsonDepth } from './body';

/** An upload sent as raw bytes (application/octet-stream), not as JSON with base64 inside. */
export function isRawBody(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim() === 'application/octet-stream';
}

/**
 * A raw upload's input (see RAW_INPUT_HEADER): the body is the input's `data`, the header holds
 * the rest as URI-encoded JSON; dispatch validates the whole as usual.
 */
export function rawInput(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const header = req.headers[RAW_INPUT_HEADER];
  if (typeof header !== 'string')
    throw new BodyError(400, `A raw upload needs its ${RAW_INPUT_HEADER} header.`);
  let meta: unknown;
  try {
    const json = Buffer.from(decodeURIComponent(header));
    checkJsonDepth(json);
    meta = JSON.parse(json.toString('utf8'));
  } catch (e) {
    if (e instanceof BodyError) throw e;
    throw new BodyError(400, `The ${RAW_INPUT_HEADER} header is not URI-encoded JSON.`);
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta))
    throw new BodyError(400, `The ${RAW_INPUT_HEADER} header must hold a JSON object.`);
  return { ...meta, data: body };
}
