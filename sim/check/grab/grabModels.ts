import { UsageError } from '../../scenario/usageError.js';
import type { GrabModel } from './grabModel.js';
import { naiveGrabModel, schwartzGrabModel } from './dbQueueGrabModels.js';
import { hubGrabModel } from './hubGrabModel.js';
import type { GrabMode, GrabModelName } from './replayToken.js';

/** Every model `sim check grab` and `sim replay` know, by name. */
const grabModels: Readonly<Record<GrabModelName, GrabModel<unknown>>> = {
  hub: hubGrabModel as GrabModel<unknown>,
  schwartz: schwartzGrabModel as GrabModel<unknown>,
  naive: naiveGrabModel as GrabModel<unknown>,
};

/** The model called `name` in `mode`, or a UsageError saying what exists. */
export function findGrabModel(name: string, mode: GrabMode): GrabModel<unknown> {
  const model = Object.hasOwn(grabModels, name) ? grabModels[name as GrabModelName] : undefined;
  if (!model) throw new UsageError(`unknown grab model "${name}" (models: ${Object.keys(grabModels).join(', ')})`);
  if (!model.modes.includes(mode)) {
    throw new UsageError(`model ${name} has no worker-loss mode "${mode}" (modes: ${model.modes.join(', ')})`);
  }
  return model;
}
