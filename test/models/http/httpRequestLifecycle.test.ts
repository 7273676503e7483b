import { describe, expect, it } from 'vitest';
import { httpRequestMachine } from '../../../sim/models/http/httpRequestLifecycle.js';
import { accepts, endsAfter, walk } from '../../helpers/walkMachine.js';

describe('HTTP/1.0 client request lifecycle', () => {
  it('connecting, request_sent, done once the response comes', () => {
    expect(walk(httpRequestMachine, ['SEND', 'RESPONSE'])).toEqual(['connecting', 'request_sent', 'done']);
    expect(endsAfter(httpRequestMachine, ['SEND', 'RESPONSE'])).toBe(true);
  });

  it('fails when the connect fails or the connection ends before a response', () => {
    expect(walk(httpRequestMachine, ['CONNECT_FAILED'])).toEqual(['connecting', 'failed']);
    expect(walk(httpRequestMachine, ['SEND', 'NO_RESPONSE'])).toEqual(['connecting', 'request_sent', 'failed']);
  });

  it('a request answered cannot fail afterwards', () => {
    expect(accepts(httpRequestMachine, ['SEND', 'RESPONSE'], 'NO_RESPONSE')).toBe(false);
  });
});
