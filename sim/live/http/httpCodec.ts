import type { HttpRequest, HttpResponse } from '../../models/http/httpMessage.js';
import type { ConnectionSide, WireCodec, WireDecodeError } from '../host/wireCodec.js';
import { HttpDecoder } from './httpDecoder.js';
import { encodeHttp } from './httpEncoder.js';
import { httpLimitDefaults, type HttpLimits } from './httpLimits.js';

/**
 * The codec of an HTTP process on real sockets: on connections it accepted it reads
 * requests and writes responses; on connections it made (Perlbal's backends and storage
 * nodes) it writes requests and reads responses. Bytes that are not HTTP get a short
 * response and a close, as Perlbal gives them: 400 (ClientHTTPBase.pm `_simple_response`),
 * 501 for a method the models do not know, 413 for a body over the limit; a peer we
 * connected to that talks nonsense is just closed.
 */
export function httpCodec(limits: HttpLimits = httpLimitDefaults): WireCodec {
  return {
    createDecoder: (side: ConnectionSide) => new HttpDecoder(side === 'accepted' ? 'request' : 'response', limits),
    encode: (message) => encodeHttp(message as HttpRequest | HttpResponse),
    farewell: (error: WireDecodeError, side: ConnectionSide) => {
      if (side === 'connected') return null;
      return encodeHttp(errorResponse(statusFor(error), error));
    },
  };
}

function statusFor(error: WireDecodeError): number {
  if (error.reason === 'unknownMethod') return 501;
  if (error.reason === 'bodyTooLarge') return 413;
  if (error.reason === 'headTooLarge') return 431;
  return 400;
}

/** A small text response naming what was wrong; the connection closes after it. */
function errorResponse(status: number, error: WireDecodeError): HttpResponse {
  const body = Buffer.from(`${status}: ${error.reason}\n`);
  return { kind: 'httpResponse', status, version: '1.0', headers: { 'content-type': 'text/plain', connection: 'close' }, bodyBytes: body.length, body };
}
