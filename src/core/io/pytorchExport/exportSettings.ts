/**
 * The training settings an exported notebook or script starts from: the model's own run (its
 * checkpoint's `training` record is the TrainPreset it was trained with), or d2l's run for a
 * model that came without one (a safetensors file from elsewhere).
 */
import { PRESETS, validatePreset, type TrainPreset } from '../../train/trainPreset';

/**
 * The preset recorded in `training` (which also holds the run's source and engine), d2l's
 * settings filling what it lacks; d2l's preset where the result is not a valid one.
 */
export function exportPreset(training: Readonly<Record<string, unknown>>): TrainPreset {
  const recorded = Object.fromEntries(Object.entries(PRESETS.d2l).map(([key, d2l]) => [key, training[key] ?? d2l])) as unknown as TrainPreset;
  try {
    validatePreset(recorded);
    return recorded;
  } catch {
    return PRESETS.d2l;
  }
}
