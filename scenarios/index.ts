import type { Scenario } from '../sim/scenario/scenario.js';
import { scenarioLoaders } from './scenarioLoaders.js';

/**
 * Every scenario `sim list` shows and `sim run` accepts, in the order listed: each of
 * scenarioLoaders.ts's modules, loaded now (a sweep loads only the one it runs from there).
 */
export const scenarios: readonly Scenario[] = await Promise.all(Object.values(scenarioLoaders).map((load) => load()));
