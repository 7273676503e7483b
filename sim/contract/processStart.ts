/**
 * The first event a host delivers to a process, right after it starts: a process written as
 * plain actor logic has no entry actions, so whatever it does at start (listen, start its
 * first timer) it queues when it is created and emits on this event.
 */
export interface ProcessStartEvent {
  readonly type: 'process.start';
}

/** The one {@link ProcessStartEvent} every host sends. */
export const processStartEvent: ProcessStartEvent = { type: 'process.start' };
