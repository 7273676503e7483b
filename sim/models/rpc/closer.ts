/** Which end of a one-request connection closes first, and so keeps TIME_WAIT (DOMAIN.md §6). */
export type Closer = 'client' | 'server';
