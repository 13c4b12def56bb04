/**
 * The training settings an exported notebook or script starts from: the model's own run (its
 * checkpoint's `training` record is the TrainPreset it was trained with), or d2l's run for a
 * model that came without one (a safetensors file from elsewhere).
 */
import { PRESETS, validatePreset, type TrainPreset } from '../../train/trainPreset';

/** The preset recorded in `training`, or d2l's preset where the record is not a whole, valid one. */
export function exportPreset(training: Readonly<Record<string, unknown>>): TrainPreset {
  const recorded = { ...PRESETS.d2l, ...training } as TrainPreset;
  try {
    validatePreset(recorded);
    return recorded;
  } catch {
    return PRESETS.d2l;
  }
}
