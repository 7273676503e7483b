import type { PacketType } from './packet.js';

/** Job priorities in grab order: every HIGH job of a function before any NORMAL, NORMAL before LOW (the Gearman PROTOCOL file). */
export const jobPriorities = ['high', 'normal', 'low'] as const;
export type JobPriority = (typeof jobPriorities)[number];

/** What a SUBMIT_* packet asks for: its priority, and whether a client waits (foreground) or not (background). */
export interface SubmitKind {
  readonly priority: JobPriority;
  readonly background: boolean;
}

/** The six SUBMIT_* types of the Gearman PROTOCOL file (SUBMIT_JOB_EPOCH and the reduce submits are gearmand extensions, not modeled). */
export const submitKinds: Partial<Record<PacketType, SubmitKind>> = {
  SUBMIT_JOB: { priority: 'normal', background: false },
  SUBMIT_JOB_BG: { priority: 'normal', background: true },
  SUBMIT_JOB_HIGH: { priority: 'high', background: false },
  SUBMIT_JOB_HIGH_BG: { priority: 'high', background: true },
  SUBMIT_JOB_LOW: { priority: 'low', background: false },
  SUBMIT_JOB_LOW_BG: { priority: 'low', background: true },
};
