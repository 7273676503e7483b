import { describe, expect, it } from 'vitest';
import { trackerLinkMachine } from '../../../sim/models/app/trackerLinkLifecycle.js';
import { accepts, walk } from '../../helpers/walkMachine.js';

describe("web app's tracker connection lifecycle", () => {
  it('connects, loses the tracker, waits, and connects again', () => {
    expect(walk(trackerLinkMachine, ['CONNECTED', 'LOST', 'RETRY', 'CONNECTED'])).toEqual(['connecting', 'connected', 'reconnect_wait', 'connecting', 'connected']);
  });

  it('a refused connect waits before the next try, and does not retry twice', () => {
    expect(walk(trackerLinkMachine, ['LOST'])).toEqual(['connecting', 'reconnect_wait']);
    expect(accepts(trackerLinkMachine, ['LOST', 'RETRY'], 'RETRY')).toBe(false);
  });
});
