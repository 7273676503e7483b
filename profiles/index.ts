import type { Profile } from '../sim/scenario/profile.js';
import { linux2005 } from './linux-2005.js';
import { linuxModern } from './linux-modern.js';

/** Every profile a scenario can run in, by name. */
export const profiles: readonly Profile[] = [linuxModern, linux2005];
