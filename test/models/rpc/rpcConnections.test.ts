import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { rpcClientConnectionMachine } from '../../../sim/models/rpc/rpcClientConnection.js';
import { rpcServerConnectionMachine } from '../../../sim/models/rpc/rpcServerConnection.js';

describe("the rpc client's connection", () => {
  it('sends at once, and closes first after the response when it is the closer', () => {
    let [state] = initialTransition(rpcClientConnectionMachine);
    expect(state.value).toBe('requesting');
    [state] = transition(rpcClientConnectionMachine, state, { type: 'response' });
    expect(state.value).toBe('answered');
    [state] = transition(rpcClientConnectionMachine, state, { type: 'close' });
    expect(state.value).toBe('closed');
    expect(state.status).toBe('done');
  });

  it("ends on the server's FIN whether or not the response came", () => {
    const [start] = initialTransition(rpcClientConnectionMachine);
    expect(transition(rpcClientConnectionMachine, start, { type: 'peerClosed' })[0].value).toBe('closed');
    const [answered] = transition(rpcClientConnectionMachine, start, { type: 'response' });
    expect(transition(rpcClientConnectionMachine, answered, { type: 'peerClosed' })[0].value).toBe('closed');
  });

  it('cannot close before the response: the request is still owed', () => {
    const [start] = initialTransition(rpcClientConnectionMachine);
    expect(start.can({ type: 'close' })).toBe(false);
    expect(transition(rpcClientConnectionMachine, start, { type: 'aborted' })[0].value).toBe('aborted');
  });
});

describe("the rpc server's connection", () => {
  it('reads, responds, then closes first or waits for the FIN', () => {
    let [state] = initialTransition(rpcServerConnectionMachine);
    expect(state.value).toBe('reading');
    [state] = transition(rpcServerConnectionMachine, state, { type: 'request' });
    expect(state.value).toBe('responded');
    expect(transition(rpcServerConnectionMachine, state, { type: 'close' })[0].value).toBe('closed');
    expect(transition(rpcServerConnectionMachine, state, { type: 'peerClosed' })[0].value).toBe('closed');
  });

  it('does not answer a second request on the same connection', () => {
    const [reading] = initialTransition(rpcServerConnectionMachine);
    const [responded] = transition(rpcServerConnectionMachine, reading, { type: 'request' });
    expect(responded.can({ type: 'request' })).toBe(false);
  });
});
