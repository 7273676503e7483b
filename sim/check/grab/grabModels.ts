import { UsageError } from '../../scenario/usageError.js';
import type { GrabModel } from './grabModel.js';
import { hubGrabModel } from './hubGrabModel.js';
import type { GrabMode, GrabModelName } from './replayToken.js';

/** Every model `sim check grab` and `sim replay` know, by name. */
const grabModels: Readonly<Record<GrabModelName, GrabModel<unknown> | undefined>> = {
  hub: hubGrabModel as GrabModel<unknown>,
  schwartz: undefined,
  naive: undefined,
};

/** The model called `name` in `mode`, or a UsageError saying what exists. */
export function findGrabModel(name: string, mode: GrabMode): GrabModel<unknown> {
  const model = grabModels[name as GrabModelName];
  if (!model) {
    const known = Object.entries(grabModels).filter(([, m]) => m).map(([n]) => n);
    throw new UsageError(`unknown grab model "${name}" (models: ${known.join(', ')})`);
  }
  if (!model.modes.includes(mode)) {
    throw new UsageError(`model ${name} has no worker-loss mode "${mode}" (modes: ${model.modes.join(', ')})`);
  }
  return model;
}
