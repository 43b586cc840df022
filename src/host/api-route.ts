import type { IncomingMessage, ServerResponse } from 'node:http';
import { dispatch, type createHandlers } from '../core/api';
import { BodyError, checkJsonDepth, type Gate, readBody } from './body';
import { isRawBody, rawInput } from './raw-input';
import { json, refuse } from './reply';

export const UPLOAD_METHOD = 'importPaperBytes';
/** A body above this (or of unknown length) is buffered only inside the upload gate. */
const HEAVY_BODY_BYTES = 1024 * 1024;

export interface ApiRouteOptions {
  handlers: ReturnType<typeof createHandlers>;
  /** Largest upload body (importPaperBytes). */
  maxUploadBytes: number;
  /** Largest body of any other API call. */
  maxJsonBytes: number;
  uploads: Gate;
}

/**
 * One API call. Large bodies (uploads, or any body over a megabyte or of unknown length)
 * pass through the upload gate so that at most its limit are buffered at once; the rest wait
 * unread (TCP holds the client back) or, past the gate's queue, get 503.
 */
export function apiRoute(o: ApiRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse, name: string): Promise<void> => {
    const declared = Number(req.headers['content-length']);
    const heavy = name === UPLOAD_METHOD || !Number.isFinite(declared) || declared > HEAVY_BODY_BYTES;
    const release = heavy ? await o.uploads.acquire() : () => undefined;
    if (!release) {
      refuse(req, res, 503, 'Too many uploads are waiting; try again shortly.', { 'retry-after': '5' });
      return;
    }
    try {
      const input = await readInput(req, res, name === UPLOAD_METHOD ? o.maxUploadBytes : o.maxJsonBytes);
      if (input === REFUSED) return;
      json(res, 200, await dispatch(o.handlers, name, input));
    } finally {
      release();
    }
  };
}

const REFUSED = Symbol('refused');

/**
 * The call's input: JSON, or a raw upload's bytes with the rest in a header (raw-input.ts); or
 * REFUSED once the client has been told why (too large, too deep, not JSON).
 */
async function readInput(req: IncomingMessage, res: ServerResponse, limit: number): Promise<unknown> {
  try {
    const bytes = await readBody(req, limit);
    if (isRawBody(req)) return rawInput(req, bytes);
    checkJsonDepth(bytes);
    return JSON.parse(bytes.toString('utf8') || '{}') as unknown;
  } catch (e) {
    if (e instanceof BodyError) refuse(req, res, e.status, e.message);
    else refuse(req, res, 400, 'The request body is not valid JSON.');
    return REFUSED;
  }
}
