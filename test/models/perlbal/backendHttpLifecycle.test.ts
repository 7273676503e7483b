import { describe, expect, it } from 'vitest';
import { backendHttpLifecycle, backendHttpMachine } from '../../../sim/models/perlbal/backendHttpLifecycle.js';
import { accepts, endsAfter, walk } from '../../helpers/walkMachine.js';

describe('Perlbal backend connection lifecycle (BackendHTTP.pm states)', () => {
  it('without persist_backend: connecting, wait_res, closed', () => {
    expect(walk(backendHttpMachine, ['REQUEST_SENT', 'CLOSE'])).toEqual(['connecting', 'wait_res', 'closed']);
    expect(endsAfter(backendHttpMachine, ['REQUEST_SENT', 'CLOSE'])).toBe(true);
  });

  it('verify_backend: OPTIONS * first, then the request or the pool', () => {
    expect(walk(backendHttpMachine, ['VERIFY', 'REQUEST_SENT'])).toEqual(['connecting', 'verifying', 'wait_res']);
    expect(walk(backendHttpMachine, ['VERIFY', 'BORED'])).toEqual(['connecting', 'verifying', 'bored']);
  });

  it('a kept connection goes bored after its response and serves the next request from the pool', () => {
    expect(walk(backendHttpMachine, ['REQUEST_SENT', 'BORED', 'REQUEST_SENT', 'BORED'])).toEqual(['connecting', 'wait_res', 'bored', 'wait_res', 'bored']);
  });

  it('a connection waiting for a response takes no second request', () => {
    expect(accepts(backendHttpMachine, ['REQUEST_SENT'], 'REQUEST_SENT')).toBe(false);
    expect(accepts(backendHttpMachine, ['REQUEST_SENT'], 'VERIFY')).toBe(false);
  });

  it('every state but closed can close; closed is final', () => {
    for (const state of backendHttpLifecycle.states) expect(backendHttpLifecycle.can(state, 'CLOSE')).toBe(state !== 'closed');
    expect(backendHttpLifecycle.isFinal('closed')).toBe(true);
  });
});
