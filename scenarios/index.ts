import type { Scenario } from '../sim/scenario/scenario.js';
import { ephemeralPorts } from './ephemeral-ports.js';
import { liveJournal } from './livejournal.js';
import { ndbNodeFailure } from './ndb-node-failure.js';
import { pollingVsHub } from './polling-vs-hub.js';
import { portExhaustion } from './port-exhaustion.js';
import { storageHostFailure } from './storage-host-failure.js';
import { workerCrash } from './worker-crash.js';

/** Every scenario `sim list` shows and `sim run` accepts, in the order listed. */
export const scenarios: readonly Scenario[] = [ephemeralPorts, portExhaustion, storageHostFailure, pollingVsHub, workerCrash, ndbNodeFailure, liveJournal];
